import { z } from 'zod';
import { BodyId, DateString, NullableTimestamp, QueryId, text } from '../../platform/schemas.ts';

const quarter = z
  .string()
  .trim()
  .regex(/^\d{4}Q[1-4]$/, '季度格式应为 2026Q4');

export const OrgQuery = z.object({ orgId: QueryId.optional() });

export const CompoundListQuery = z.object({
  orgId: QueryId.optional(),
  q: z.string().trim().max(50, '关键词不能超过 50 个字').optional(),
});

export const ReportCompoundsQuery = z.object({ orgId: QueryId.optional() });

export const CompoundBody = z.object({
  orgId: BodyId,
  name: text(100, '小区名称'),
  households: z
    .number({ message: '请填写户数' })
    .int('户数应为整数')
    .min(0, '户数不能为负')
    .max(100_000, '户数过大'),
  companyUnitId: BodyId,
  address: z.string().trim().max(200, '地址不能超过 200 个字').optional(),
  lat: z
    .number()
    .min(-90, '纬度应在 -90 到 90 之间')
    .max(90, '纬度应在 -90 到 90 之间')
    .nullable()
    .optional(),
  long: z
    .number()
    .min(-180, '经度应在 -180 到 180 之间')
    .max(180, '经度应在 -180 到 180 之间')
    .nullable()
    .optional(),
});

export const CompoundPatch = CompoundBody.omit({ orgId: true }).partial();

export const Compound = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  households: z.number(),
  companyUnitId: z.number(),
  companyName: z.string(),
  address: z.string(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  canManage: z.boolean(),
});

export const CompoundOption = z.object({ id: z.number(), name: z.string(), companyName: z.string() });

export const InspectionListQuery = z.object({
  orgId: QueryId.optional(),
  compoundId: QueryId.optional(),
  quarter: quarter.optional(),
});

export const InspectionBody = z.object({
  compoundId: BodyId,
  inspectedOn: DateString,
  score: z
    .number({ message: '请填写考评得分' })
    .int('得分应为整数')
    .min(0, '得分应在 0 到 100 之间')
    .max(100, '得分应在 0 到 100 之间'),
  findings: z.string().trim().max(2000, '检查发现的问题不能超过 2000 个字').optional(),
  inspector: text(50, '检查人'),
});

export const Inspection = z.object({
  id: z.number(),
  compoundId: z.number(),
  compoundName: z.string(),
  companyName: z.string(),
  inspectedOn: z.string(),
  score: z.number(),
  findings: z.string(),
  inspector: z.string(),
});

export const RankingQuery = z.object({ orgId: QueryId.optional(), quarter: quarter.optional() });

const Component = z.object({
  key: z.string(),
  label: z.string(),
  numerator: z.number(),
  denominator: z.number(),
  value: z.number().nullable(),
  weight: z.number(),
  points: z.number().nullable(),
  definition: z.string(),
  explanation: z.string(),
});

export const RankingEntry = z.object({
  unitId: z.number(),
  name: z.string(),
  compounds: z.array(z.object({ id: z.number(), name: z.string(), households: z.number() })),
  households: z.number(),
  cases: z.number(),
  inspections: z.number(),
  rated: z.boolean(),
  total: z.number().nullable(),
  stars: z.number().nullable(),
  rank: z.number().nullable(),
  list: z.enum(['red', 'black']).nullable(),
  reason: z.string().nullable(),
  components: z.array(Component),
});

export const Ranking = z.object({
  orgId: z.number(),
  orgName: z.string(),
  quarter: z.string(),
  quarterLabel: z.string(),
  from: z.string(),
  to: z.string(),
  rules: z.object({
    source: z.string(),
    weights: z.record(z.string(), z.number()),
    stars: z.array(z.number()),
    redMinStars: z.number(),
    blackMaxStars: z.number(),
    minWeight: z.number(),
    minCasesForRate: z.number(),
    minInspections: z.number(),
  }),
  items: z.array(RankingEntry),
});

export const PublishBody = z.object({ orgId: BodyId, quarter });

const ListEntry = z.object({ unitId: z.number(), name: z.string(), stars: z.number(), total: z.number() });

export const PublishedSummary = z.object({
  id: z.number(),
  orgId: z.number(),
  quarter: z.string(),
  title: z.string(),
  red: z.array(ListEntry),
  black: z.array(ListEntry),
  publishedBy: z.string(),
  publishedAt: NullableTimestamp,
});

export const PublishedDetail = PublishedSummary.extend({ definition: z.string(), ranking: Ranking });
