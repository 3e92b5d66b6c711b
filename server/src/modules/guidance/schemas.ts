import { ASSIGNMENT_ROLE_LIST } from '@honglian/domain';
import { z } from 'zod';
import { BodyId, DateString, NullableTimestamp, Pagination, QueryId, text } from '../../platform/schemas.ts';

const Id = BodyId;
const longText = (label: string) => z.string().trim().max(2000, `${label}不能超过 2000 个字`);

export const GuidanceVisitListQuery = Pagination.extend({
  unitId: QueryId.optional(),
  from: DateString.optional(),
  to: DateString.optional(),
});

/** 问题清单: one problem a visit found, and the case it was filed as (decision 0027). */
export const GuidanceProblem = z
  .object({
    id: z.number(),
    seq: z.number().int(),
    description: z.string(),
    caseId: z.number().nullable(),
    caseState: z.string().nullable(),
    caseStateLabel: z.string().nullable(),
    filedAt: NullableTimestamp,
  })
  .meta({ id: 'GuidanceProblem' });

const Role = z.enum(ASSIGNMENT_ROLE_LIST);

/** A calendar quarter up to today (`2026Q4`, 2026年第四季度; `end` is its last day). */
const Quarter = z.object({
  quarter: z.string(),
  label: z.string(),
  from: z.string(),
  to: z.string(),
  end: z.string(),
});

export const GuidanceVisitItem = z
  .object({
    id: z.number(),
    unitId: z.number(),
    unitName: z.string(),
    orgName: z.string().nullable(),
    regionCode: z.string(),
    /** The assignment the visit was made under: 党建工作指导员 / 党建联络员 / 挂钩干部. */
    role: Role,
    roleLabel: z.string(),
    instructorUserId: z.number(),
    instructorName: z.string(),
    visitedOn: z.string(),
    topic: z.string(),
    /** The problems as text (the list's lines appended to what was written). */
    problems: z.string(),
    /** 问题清单: the problems one by one, each with its case when filed. */
    problemList: z.array(GuidanceProblem),
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

/** A problem found; with a category it is filed into the case loop in the same request. */
export const ProblemInput = z.object({
  description: text(500, '问题描述'),
  categoryId: Id.optional(),
});

export const CreateGuidanceVisitBody = z.object({
  unitId: Id,
  visitedOn: DateString,
  topic: text(200, '指导主题'),
  problems: longText('发现的问题').default(''),
  problemList: z.array(ProblemInput).max(30, '一次最多登记 30 个问题').default([]),
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
    role: Role,
    roleLabel: z.string(),
    assignedOn: z.string(),
    visitsInPeriod: z.number().int(),
    /** Visits this quarter (挂钩走访 coverage). */
    visitsInQuarter: z.number().int(),
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
  /** This quarter up to today, and how many of the enterprises had a visit in it. */
  quarter: Quarter,
  visitedInQuarter: z.number().int(),
});

export const VisitProblemParams = z.object({ id: QueryId, problemId: QueryId });

export const AddProblemsBody = z.object({
  problems: z.array(ProblemInput).min(1, '请填写至少一个问题').max(30, '一次最多登记 30 个问题'),
});

export const FileProblemBody = z.object({ categoryId: Id });

export const FiledProblem = z.object({ problemId: z.number(), caseId: z.number() });

export const CadreCoverageQuery = z.object({ orgId: QueryId.optional() });

export const CadreCoverageAnswer = z
  .object({
    orgId: z.number().nullable(),
    orgName: z.string(),
    quarter: Quarter,
    /** Enterprises with a 挂钩干部 assigned today. */
    assigned: z.number().int(),
    /** Of them, visited by a 挂钩干部 this quarter. */
    visited: z.number().int(),
    /** Of them, not visited this quarter: GET /guidance/coverage/units lists exactly these. */
    unvisited: z.number().int(),
    rate: z.number().nullable(),
    formula: z.string(),
    definitions: z.record(z.string(), z.string()),
  })
  .meta({ id: 'CadreCoverage' });

export const CadreCoverageUnitsQuery = Pagination.extend({
  orgId: QueryId.optional(),
  state: z
    .enum(['unvisited', 'visited', 'all'], { message: '状态应为 unvisited、visited 或 all' })
    .default('unvisited'),
});

export const CadreCoverageUnit = z.object({
  unitId: z.number(),
  unitName: z.string(),
  orgName: z.string().nullable(),
  regionCode: z.string(),
  employees: z.number().nullable(),
  cadres: z.string(),
  visitsInQuarter: z.number().int(),
  lastVisitOn: z.string().nullable(),
});

export const CadreCoverageUnitPage = z.object({
  items: z.array(CadreCoverageUnit),
  total: z.number().int(),
  quarter: Quarter,
});

export const LiaisonCard = z
  .object({
    unitId: z.number(),
    unitName: z.string(),
    quarter: Quarter,
    visitsInQuarter: z.number().int(),
    /** Who is assigned to the enterprise today, 挂钩干部 first; phones masked. */
    contacts: z.array(
      z.object({
        role: Role,
        roleLabel: z.string(),
        name: z.string(),
        phone: z.string().nullable(),
        assignedOn: z.string(),
      }),
    ),
    /** What they have done: the latest visits, with the problems found and their cases' states. */
    visits: z.array(
      z.object({
        id: z.number(),
        visitedOn: z.string(),
        roleLabel: z.string(),
        visitorName: z.string(),
        topic: z.string(),
        followUp: z.string(),
        followUpDoneOn: z.string().nullable(),
        problems: z.array(GuidanceProblem),
      }),
    ),
  })
  .meta({ id: 'LiaisonCard' });
