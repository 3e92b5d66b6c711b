import { PAIRING_MAX_YEAR, PAIRING_METRICS, PAIRING_MIN_YEAR, PURCHASE_KINDS } from '@honglian/domain';
import { z } from 'zod';
import { BodyId, DateString, Pagination, QueryId, text } from '../../platform/schemas.ts';

const yearMessage = `年份应在 ${PAIRING_MIN_YEAR} 到 ${PAIRING_MAX_YEAR} 之间`;
const Year = z
  .number({ message: '请填写年份' })
  .int('年份应为整数')
  .min(PAIRING_MIN_YEAR, yearMessage)
  .max(PAIRING_MAX_YEAR, yearMessage);
const QueryYear = z.coerce
  .number()
  .int('年份应为整数')
  .min(PAIRING_MIN_YEAR, yearMessage)
  .max(PAIRING_MAX_YEAR, yearMessage);
const Fen = z
  .number({ message: '请填写金额（分）' })
  .int('金额应为整数（分）')
  .min(0, '金额不能为负')
  .max(Number.MAX_SAFE_INTEGER, '金额过大');

export const TeamQuery = z.object({ orgId: QueryId.optional() });

export const TeamBody = z.object({
  areaOrgId: BodyId,
  name: text(100, '组团名称'),
  leadOrgId: BodyId,
});

export const Team = z.object({
  id: z.number(),
  name: z.string(),
  areaOrgId: z.number(),
  areaName: z.string(),
  leadOrgId: z.number(),
  leadName: z.string(),
  pairingCount: z.number(),
  canManage: z.boolean(),
});

export const PairingListQuery = Pagination.extend({
  orgId: QueryId.optional(),
  pairingTeamId: QueryId.optional(),
  year: QueryYear.optional(),
  all: z.enum(['true', 'false'], 'all 应为 true 或 false').optional(),
  q: z.string().trim().max(50, '关键词不能超过 50 个字').optional(),
});

export const OverviewQuery = z.object({
  orgId: QueryId.optional(),
  pairingTeamId: QueryId.optional(),
  year: QueryYear.optional(),
});

export const ExportQuery = OverviewQuery;

export const DetailQuery = z.object({ year: QueryYear.optional() });

const IncomeStatus = z.enum(['no_target', 'unreported', 'behind', 'met']);
const Income = z.object({
  status: IncomeStatus,
  statusLabel: z.string(),
  percent: z.number().nullable(),
  gapFen: z.number().nullable(),
});

/** A year's figures: typed targets and actuals, the rest computed from the rows recorded. */
const YearFigures = z.object({
  visits: z.number(),
  purchaseFen: z
    .number()
    .meta({ description: '消费帮扶金额（分）：当年采购农产品和认领亩田的合计，由登记的记录计算' }),
  plotMu: z.number().meta({ description: '当年认领亩田面积（亩）' }),
  projects: z.number(),
  incomeTargetFen: z.number().nullable(),
  incomeActualFen: z.number().nullable(),
  incomeSource: z.string().nullable(),
  incomeOn: z.string().nullable(),
  income: Income,
  aidTargetFen: z.number().nullable(),
  aidActualFen: z.number().nullable(),
});

export const Pairing = z.object({
  id: z.number(),
  pairingTeamId: z.number().nullable(),
  teamName: z.string().nullable(),
  helperOrgId: z.number(),
  helperName: z.string(),
  villageOrgId: z.number(),
  villageName: z.string(),
  fromYear: z.number(),
  toYear: z.number().nullable(),
  periodLabel: z.string(),
  note: z.string(),
  year: z.number(),
  running: z.boolean(),
  figures: YearFigures.extend({
    lastVisitOn: z.string().nullable(),
    problems: z.number(),
    problemsFiled: z.number(),
    purchases: z.number(),
  }),
  canRecord: z.boolean(),
  canManage: z.boolean(),
});

export const PairingDetail = Pairing.extend({
  years: z.array(YearFigures.extend({ year: z.number() })),
  visits: z.array(
    z.object({
      id: z.number(),
      visitedOn: z.string(),
      visitors: z.string(),
      done: z.string(),
      recordedByName: z.string().nullable(),
      problems: z.array(
        z.object({
          id: z.number(),
          description: z.string(),
          caseId: z.number().nullable(),
          caseState: z.string().nullable(),
          caseStateLabel: z.string().nullable(),
        }),
      ),
    }),
  ),
  purchases: z.array(
    z.object({
      id: z.number(),
      kind: z.enum(['produce', 'plot']),
      kindLabel: z.string(),
      item: z.string(),
      quantity: z.number(),
      unit: z.string(),
      amountFen: z.number(),
      buyer: z.string(),
      purchasedOn: z.string(),
    }),
  ),
  projects: z.array(
    z.object({
      year: z.number(),
      projectId: z.number(),
      title: z.string(),
      kindLabel: z.string(),
      orgName: z.string(),
      progress: z.number(),
      plannedProgress: z.number(),
      aheadPoints: z.number(),
      scheduleLabel: z.string(),
    }),
  ),
});

export const Overview = z.object({
  year: z.number(),
  totals: z.object({
    pairings: z.number(),
    villages: z.number(),
    helpers: z.number(),
    visits: z.number(),
    problems: z.number(),
    problemsFiled: z.number(),
    purchaseFen: z.number(),
    plotMu: z.number(),
    projects: z.number(),
    aidActualFen: z.number(),
    incomeTargetFen: z.number(),
    incomeActualFen: z.number(),
    withTarget: z.number(),
    met: z.number(),
    behind: z.number(),
    unreported: z.number(),
  }),
  behind: z.array(
    z.object({
      pairingId: z.number(),
      villageOrgId: z.number(),
      villageName: z.string(),
      helperName: z.string(),
      targetFen: z.number(),
      actualFen: z.number().nullable(),
      gapFen: z.number().nullable(),
      percent: z.number().nullable(),
      status: IncomeStatus,
      statusLabel: z.string(),
    }),
  ),
  byVillage: z.array(
    z.object({
      pairingId: z.number(),
      villageName: z.string(),
      targetFen: z.number(),
      actualFen: z.number().nullable(),
    }),
  ),
});

export const PairingBody = z.object({
  helperOrgId: BodyId,
  villageOrgId: BodyId,
  pairingTeamId: BodyId.nullable().optional(),
  fromYear: Year,
  toYear: Year.nullable().optional(),
  note: z.string().trim().max(500, '备注不能超过 500 个字').optional(),
});

export const PairingPatch = z.object({
  toYear: Year.nullable().optional(),
  pairingTeamId: BodyId.nullable().optional(),
  note: z.string().trim().max(500, '备注不能超过 500 个字').optional(),
});

export const VisitBody = z.object({
  visitedOn: DateString,
  visitors: text(200, '走访人员'),
  done: text(2000, '走访内容'),
  problems: z.array(text(500, '发现的问题')).max(20, '一次走访最多登记 20 个问题').default([]),
});

export const VisitResult = z.object({ id: z.number(), problemIds: z.array(z.number()) });

export const ProblemParams = z.object({ id: QueryId, problemId: QueryId });
export const ProblemCase = z.object({ problemId: z.number(), caseId: z.number() });

export const PurchaseBody = z.object({
  kind: z.enum(
    Object.keys(PURCHASE_KINDS) as ['produce', 'plot'],
    '类别应为 produce（采购农产品）或 plot（认领亩田）',
  ),
  item: text(100, '品名或地块'),
  quantity: z.number({ message: '请填写数量' }).positive('数量应大于 0').max(1e9, '数量过大'),
  unit: text(10, '单位'),
  amountFen: Fen,
  buyer: text(100, '购买或认领单位（人）'),
  purchasedOn: DateString,
});

export const ProjectLinkBody = z.object({ projectId: BodyId, year: Year });
export const ProjectLink = z.object({ projectId: z.number(), year: z.number() });

export const FigureBody = z.object({
  year: Year,
  metric: z.enum(
    Object.keys(PAIRING_METRICS) as ['collective_income', 'aid_funds'],
    '指标应为 collective_income（村集体经济收入）或 aid_funds（帮扶资金）',
  ),
  targetFen: Fen.nullable().optional(),
  actualFen: Fen.nullable().optional(),
  actualSource: z.string().trim().max(200, '来源不能超过 200 个字').optional(),
  actualOn: DateString.optional(),
});

export const Figure = z.object({
  year: z.number(),
  metric: z.string(),
  targetFen: z.number().nullable(),
  actualFen: z.number().nullable(),
});
