import { z } from 'zod';
import { BodyId, DateString, Pagination, QueryId, text } from '../../platform/schemas.ts';

const Id = BodyId;
const longText = (label: string) => z.string().trim().max(2000, `${label}不能超过 2000 个字`);

export const GuidanceVisitListQuery = Pagination.extend({
  unitId: QueryId.optional(),
  from: DateString.optional(),
  to: DateString.optional(),
});

export const GuidanceVisitItem = z
  .object({
    id: z.number(),
    unitId: z.number(),
    unitName: z.string(),
    orgName: z.string().nullable(),
    regionCode: z.string(),
    instructorUserId: z.number(),
    instructorName: z.string(),
    visitedOn: z.string(),
    topic: z.string(),
    problems: z.string(),
    followUp: z.string(),
    followUpDoneOn: z.string().nullable(),
    /** The caller recorded it and may correct it. */
    editable: z.boolean(),
  })
  .meta({ id: 'GuidanceVisit' });

export const GuidanceVisitPage = z.object({
  items: z.array(GuidanceVisitItem),
  total: z.number().int(),
  /** This year up to today: the visits in it count toward work coverage. */
  period: z.object({ from: z.string(), to: z.string() }),
  /** Distinct units with a visit in the period, among those the caller reads. */
  unitsGuided: z.number().int(),
});

export const CreateGuidanceVisitBody = z.object({
  unitId: Id,
  visitedOn: DateString,
  topic: text(200, '指导主题'),
  problems: longText('发现的问题').default(''),
  followUp: longText('整改跟进').default(''),
  followUpDoneOn: DateString.optional(),
});

export const UpdateGuidanceVisitBody = z
  .object({
    visitedOn: DateString.optional(),
    topic: text(200, '指导主题').optional(),
    problems: longText('发现的问题').optional(),
    followUp: longText('整改跟进').optional(),
    followUpDoneOn: DateString.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');

const FindingBrief = z.object({
  id: z.number(),
  ruleCode: z.string(),
  ruleName: z.string(),
  citation: z.string(),
  severity: z.enum(['warning', 'finding']),
  severityLabel: z.string(),
  orgName: z.string(),
  message: z.string(),
  since: z.string().nullable(),
});

export const GuidanceEnterpriseItem = z
  .object({
    unitId: z.number(),
    unitName: z.string(),
    unitKindLabel: z.string(),
    employees: z.number().nullable(),
    /** The unit's own Party organizations, or null when it has none. */
    ownOrgName: z.string().nullable(),
    /** The organization that manages the unit (属地管理). */
    orgName: z.string().nullable(),
    role: z.enum(['instructor', 'liaison']),
    roleLabel: z.string(),
    assignedOn: z.string(),
    visitsInPeriod: z.number().int(),
    lastVisitOn: z.string().nullable(),
    openFindings: z.number().int(),
    openWarnings: z.number().int(),
    findings: z.array(FindingBrief),
  })
  .meta({ id: 'GuidanceEnterprise' });

export const GuidanceEnterprisePage = z.object({
  items: z.array(GuidanceEnterpriseItem),
  total: z.number().int(),
  period: z.object({ from: z.string(), to: z.string() }),
  /** Of the enterprises assigned, how many had a visit in the period. */
  guided: z.number().int(),
});
