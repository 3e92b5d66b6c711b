import { z } from 'zod';
import { BodyId, NullableTimestamp, Pagination, QueryId, Timestamp } from '../../platform/schemas.ts';
import { FigureSchema } from '../dashboard/schemas.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const IssueBulletinBody = z.object({
  /** The organization the bulletin is about and issued by (its department). */
  orgId: BodyId,
  /** The month reported on; it must have ended. */
  month: Month,
});

export const BulletinListQuery = Pagination.extend({
  orgId: QueryId.optional(),
  month: Month.optional(),
});

export const BulletinFileParams = z.object({ id: QueryId });

export const BulletinItem = z
  .object({
    id: z.number(),
    orgId: z.number(),
    orgName: z.string(),
    month: z.string(),
    docNumber: z.string(),
    title: z.string(),
    issuedOn: z.string(),
    asOf: z.string(),
    trigger: z.enum(['scheduled', 'on_demand']),
    triggerLabel: z.string(),
    status: z.enum(['queued', 'generating', 'ready', 'failed']),
    statusLabel: z.string(),
    supersedesId: z.number().nullable(),
    supersededBy: z.number().nullable(),
    error: z.string().nullable(),
    createdAt: Timestamp,
    generatedAt: NullableTimestamp,
    docxUrl: z.string().nullable(),
    pdfUrl: z.string().nullable(),
    docxBytes: z.number().nullable(),
    pdfBytes: z.number().nullable(),
    canIssue: z.boolean(),
  })
  .meta({ id: 'Bulletin' });

export const BulletinPage = z.object({ items: z.array(BulletinItem), total: z.number() });

const Named = z.object({ orgId: z.number(), name: z.string(), rate: z.number(), findings: z.number() });

export const BulletinSnapshotSchema = z
  .object({
    org: z.object({ id: z.number(), name: z.string() }),
    month: z.string(),
    asOf: z.string(),
    issuer: z.string(),
    docNumber: z.string(),
    issuedOn: z.string(),
    figures: z.array(FigureSchema),
    ranking: z.array(
      z.object({
        rank: z.number(),
        orgId: z.number(),
        name: z.string(),
        orgs: z.number(),
        members: z.number().nullable(),
        findings: z.number(),
        rate: z.number(),
        duesRate: z.number().nullable(),
      }),
    ),
    red: z.array(Named),
    black: z.array(Named),
    lagging: z.object({
      total: z.number(),
      items: z.array(
        z.object({
          id: z.number(),
          title: z.string(),
          orgName: z.string(),
          progress: z.number(),
          plannedProgress: z.number(),
          aheadPoints: z.number(),
        }),
      ),
    }),
    ahead: z.object({
      total: z.number(),
      items: z.array(
        z.object({ id: z.number(), title: z.string(), orgName: z.string(), aheadPoints: z.number() }),
      ),
    }),
    problems: z.object({
      total: z.number(),
      items: z.array(
        z.object({
          id: z.number(),
          orgName: z.string(),
          rule: z.string(),
          message: z.string(),
          deadline: z.string().nullable(),
          escalated: z.boolean(),
        }),
      ),
    }),
  })
  .meta({ id: 'BulletinSnapshot' });

export const BulletinDetail = BulletinItem.extend({ snapshot: BulletinSnapshotSchema.nullable() }).meta({
  id: 'BulletinDetail',
});
