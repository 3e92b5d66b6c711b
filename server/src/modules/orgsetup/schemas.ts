import { ASSIGNMENT_ROLE_LIST, COMMITTEE_POST_CODES, ORG_SETUP_CHECK_CODES } from '@honglian/domain';
import { z } from 'zod';
import { cursorParam } from '../../platform/cursor.ts';
import { BodyId, DateString, Pagination, QueryId, text } from '../../platform/schemas.ts';

const Id = BodyId;
const Phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号码应为以 1 开头的 11 位数字');

export const RuleRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  article: z.string(),
  /** The article number is not confirmed: "[待核]" in `article`. */
  uncertain: z.boolean(),
});

// ── findings ────────────────────────────────────────────────────────────────────────────────────

export const FindingsQuery = Pagination.extend({
  rule: z.enum(['O1', 'O3', 'O4', 'O5'], { message: '规则编号应为 O1、O3、O4 或 O5' }).optional(),
  check: z.enum(ORG_SETUP_CHECK_CODES as [string, ...string[]], { message: '检查项无效' }).optional(),
  severity: z.enum(['violation', 'warning', 'info'], { message: '严重程度无效' }).optional(),
  // the list's order: [severity rank, organization path, check, unit id or 0]
  cursor: cursorParam(
    4,
    ([rank, path, check, unit]) =>
      (rank === 0 || rank === 1 || rank === 2) &&
      typeof path === 'string' &&
      /^(\/\d+)+\/$/.test(path) &&
      typeof check === 'string' &&
      (ORG_SETUP_CHECK_CODES as readonly string[]).includes(check) &&
      typeof unit === 'number' &&
      unit >= 0,
  ),
});

export const FindingItem = z
  .object({
    key: z.string(),
    rule: RuleRefSchema,
    check: z.string(),
    checkLabel: z.string(),
    severity: z.enum(['violation', 'warning', 'info']),
    severityLabel: z.string(),
    message: z.string(),
    since: z.string().nullable(),
    due: z.string().nullable(),
    org: z.object({ id: z.number(), name: z.string(), type: z.string(), typeLabel: z.string() }),
    unit: z.object({ id: z.number(), name: z.string() }).nullable(),
  })
  .meta({ id: 'OrgSetupFinding' });

export const FindingsPage = z.object({
  items: z.array(FindingItem),
  total: z.number().int(),
  asOf: z.string(),
  /** keyset pages: the page after the last item / before the first (null at either end) */
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  summary: z.array(
    z.object({ rule: z.string(), check: z.string(), severity: z.string(), count: z.number() }),
  ),
});

// ── terms and committees ───────────────────────────────────────────────────────────────────────

const Post = z.enum(COMMITTEE_POST_CODES as [string, ...string[]], { message: '职务无效' });

export const CommitteeMemberInput = z
  .object({
    memberId: Id.optional(),
    name: text(50, '姓名').optional(),
    post: Post,
  })
  .refine((v) => v.memberId !== undefined || v.name !== undefined, {
    message: '请选择党员或填写姓名',
    path: ['name'],
  });

export const CreateTermBody = z.object({
  kind: z.enum(['committee', 'secretary'], { message: '班子类型应为委员会或书记' }),
  electedOn: DateString,
  termYears: z.number().int().min(1, '任期至少 1 年').max(10, '任期不能超过 10 年').optional(),
  note: z.string().trim().max(500, '备注不能超过 500 个字').optional(),
  members: z.array(CommitteeMemberInput).max(15, '班子成员不能超过 15 人').default([]),
});

export const UpdateTermBody = z
  .object({
    kind: z.enum(['committee', 'secretary'], { message: '班子类型应为委员会或书记' }).optional(),
    electedOn: DateString.optional(),
    termYears: z.number().int().min(1, '任期至少 1 年').max(10, '任期不能超过 10 年').optional(),
    note: z.string().trim().max(500, '备注不能超过 500 个字').nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');

export const CommitteeMemberItem = z.object({
  id: z.number(),
  memberId: z.number().nullable(),
  name: z.string(),
  post: z.string(),
  postLabel: z.string(),
});

export const TermItem = z
  .object({
    id: z.number(),
    orgId: z.number(),
    kind: z.enum(['committee', 'secretary']),
    kindLabel: z.string(),
    electedOn: z.string(),
    termYears: z.number(),
    endsOn: z.string(),
    remindFrom: z.string(),
    state: z.enum(['current', 'ended']),
    endedOn: z.string().nullable(),
    note: z.string().nullable(),
    /** Days from today to endsOn; negative once overdue. */
    daysLeft: z.number(),
    members: z.array(CommitteeMemberItem),
  })
  .meta({ id: 'OrgTerm' });

export const TermsAnswer = z.object({
  items: z.array(TermItem),
  total: z.number().int(),
  /** The usual term length for this org (O5), used as the form's default. */
  defaultTermYears: z.number(),
  fullMembers: z.number(),
  members: z.number(),
  actions: z.array(z.string()),
});

export const TermMemberParams = z.object({ id: QueryId, memberRowId: QueryId });

// ── coverage ────────────────────────────────────────────────────────────────────────────────────

export const CoverageQuery = z.object({
  orgId: QueryId.optional(),
  groupBy: z.enum(['region', 'industry'], { message: '分组方式应为 region 或 industry' }).default('region'),
});

const CoverageRow = z.object({
  key: z.string(),
  label: z.string(),
  inScope: z.number(),
  enterprises: z.number(),
  socialOrgs: z.number(),
  ownOrg: z.number(),
  jointOrg: z.number(),
  instructorReached: z.number(),
  /** Units with a guidance visit (指导记录) in the period, whatever their bucket. */
  guided: z.number(),
  uncovered: z.number(),
  organizationRate: z.number().nullable(),
  workRate: z.number().nullable(),
  organizationFormula: z.string(),
  workFormula: z.string(),
});

export const CoverageAnswer = z
  .object({
    orgId: z.number().nullable(),
    orgName: z.string(),
    groupBy: z.enum(['region', 'industry']),
    asOf: z.string(),
    /** The period in which a guidance visit counts toward work coverage: this year up to today. */
    guidancePeriod: z.object({ from: z.string(), to: z.string() }),
    definitions: z.record(z.string(), z.string()),
    totals: CoverageRow,
    groups: z.array(CoverageRow),
  })
  .meta({ id: 'Coverage' });

export const CoverageUnitsQuery = Pagination.extend({
  orgId: QueryId.optional(),
  groupBy: z.enum(['region', 'industry'], { message: '分组方式应为 region 或 industry' }).optional(),
  group: z.string().trim().max(100, '分组不能超过 100 个字').optional(),
  bucket: z
    .enum(['inScope', 'ownOrg', 'jointOrg', 'instructorReached', 'uncovered', 'guided'], {
      message: '类别无效',
    })
    .default('inScope'),
});

export const CoverageUnitItem = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  creditCode: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  bucket: z.enum(['ownOrg', 'jointOrg', 'instructorReached', 'uncovered']),
  bucketLabel: z.string(),
  /** Guided by its instructor or liaison this year (指导记录). */
  guided: z.boolean(),
  orgName: z.string().nullable(),
  instructors: z.string().nullable(),
});

// ── instructors ─────────────────────────────────────────────────────────────────────────────────

export const InstructorListQuery = Pagination.extend({
  orgId: QueryId.optional(),
  unitId: QueryId.optional(),
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  state: z.enum(['active', 'ended', 'all'], { message: '状态应为 active、ended 或 all' }).default('active'),
  /** party: 党建工作指导员和党建联络员; cadre: 挂钩干部 (decision 0027); absent: all. */
  kind: z.enum(['party', 'cadre'], { message: '类别应为 party（党建指导）或 cadre（挂钩干部）' }).optional(),
});

export const InstructorItem = z
  .object({
    id: z.number(),
    userId: z.number().nullable(),
    /**
     * instructor 党建工作指导员 | liaison 党建联络员: both reach a unit for work coverage (两个覆盖);
     * cadre 挂钩干部 (挂钩联系、包干到企): its visits count toward the quarter's 挂钩走访 coverage instead
     */
    role: z.enum(ASSIGNMENT_ROLE_LIST),
    roleLabel: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    unitId: z.number(),
    unitName: z.string(),
    unitKindLabel: z.string(),
    unitHasOrg: z.boolean(),
    orgName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    assignedOn: z.string(),
    endedOn: z.string().nullable(),
    active: z.boolean(),
    note: z.string().nullable(),
    actions: z.array(z.string()),
  })
  .meta({ id: 'InstructorAssignment' });

export const InstructorPage = z.object({
  items: z.array(InstructorItem),
  total: z.number().int(),
  /** Distinct instructors and units among the assignments matching the filter. */
  instructors: z.number(),
  units: z.number(),
});

export const AssignInstructorBody = z.object({
  unitIds: z.array(Id).min(1, '请选择至少一个单位').max(50, '一次最多选派到 50 个单位'),
  role: z
    .enum(ASSIGNMENT_ROLE_LIST, {
      message: '身份应为 instructor（党建工作指导员）、liaison（党建联络员）或 cadre（挂钩干部）',
    })
    .default('instructor'),
  userId: Id.optional(),
  name: text(50, '指导员姓名').optional(),
  phone: Phone.optional(),
  assignedOn: DateString.optional(),
  note: z.string().trim().max(500, '备注不能超过 500 个字').optional(),
});

export const EndAssignmentBody = z.object({ endedOn: DateString.optional() });

// ── party-affairs workers ───────────────────────────────────────────────────────────────────────

export const PartyWorkerListQuery = Pagination.extend({
  orgId: QueryId.optional(),
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  fullTime: z.enum(['true', 'false'], { message: '应为 true 或 false' }).optional(),
});

export const PartyWorkerItem = z
  .object({
    id: z.number(),
    orgId: z.number(),
    orgName: z.string(),
    memberId: z.number().nullable(),
    name: z.string(),
    post: z.string(),
    phone: z.string().nullable(),
    phoneMasked: z.boolean(),
    fullTime: z.boolean(),
    trainedOn: z.string().nullable(),
    note: z.string().nullable(),
    actions: z.array(z.string()),
  })
  .meta({ id: 'PartyWorker' });

export const CreatePartyWorkerBody = z.object({
  orgId: Id,
  memberId: Id.optional(),
  name: text(50, '姓名'),
  post: text(50, '职务'),
  phone: Phone.optional(),
  fullTime: z.boolean().default(false),
  trainedOn: DateString.optional(),
  note: z.string().trim().max(500, '备注不能超过 500 个字').optional(),
});

export const UpdatePartyWorkerBody = z
  .object({
    name: text(50, '姓名').optional(),
    post: text(50, '职务').optional(),
    phone: Phone.nullable().optional(),
    fullTime: z.boolean().optional(),
    trainedOn: DateString.nullable().optional(),
    note: z.string().trim().max(500, '备注不能超过 500 个字').nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');
