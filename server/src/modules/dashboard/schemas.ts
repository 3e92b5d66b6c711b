import { FIGURE_DEFINITIONS } from '@honglian/domain';
import { z } from 'zod';
import { QueryId } from '../../platform/schemas.ts';

export const RegionQuery = z.object({
  orgId: QueryId.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
    .optional(),
});

const FigureKey = z.enum(Object.keys(FIGURE_DEFINITIONS) as [string, ...string[]]);

export const FigureSchema = z
  .object({
    key: FigureKey,
    label: z.string(),
    unit: z.string(),
    value: z.number().nullable(),
    definition: z.string(),
    link: z.string(),
    trend: z.array(z.object({ month: z.string(), value: z.number().nullable() })).optional(),
  })
  .meta({ id: 'DashboardFigure' });

export const RegionDashboard = z
  .object({
    org: z.object({ id: z.number(), name: z.string() }),
    month: z.string(),
    asOf: z.string(),
    figures: z.array(FigureSchema),
    children: z.array(
      z.object({
        orgId: z.number(),
        name: z.string(),
        orgs: z.number(),
        members: z.number().nullable(),
        findingsOpen: z.number().nullable(),
        duesRate: z.number().nullable(),
        link: z.string(),
      }),
    ),
  })
  .meta({ id: 'RegionDashboard' });

export const HomeAnswer = z
  .object({
    today: z.string(),
    cards: z.array(
      z.object({
        key: z.enum(['region', 'branch', 'queue', 'guidance', 'alliance', 'member', 'enterprise', 'citizen']),
        title: z.string(),
        org: z.object({ id: z.number(), name: z.string() }).nullable(),
        figures: z.array(FigureSchema),
      }),
    ),
  })
  .meta({ id: 'HomeAnswer' });
