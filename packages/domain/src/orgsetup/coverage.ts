import { percent } from '../dashboard/figures.ts';
/**
 * 两个覆盖 (RULES.md, Identifiers): organization coverage and work coverage of the non-public
 * enterprises and social organizations in scope, with the formula of every figure in Chinese.
 */

/**
 * The assignments of a person to a unit. A Party-building instructor (党建工作指导员) or a liaison
 * (党建联络员) reaches a unit without an organization for work coverage; a 挂钩干部 (a cadre assigned
 * to serve an enterprise: 挂钩联系、红色勤务员包干到企、干部进企, decision 0027) does not count toward
 * 两个覆盖 but toward the quarter's 挂钩走访 coverage (`liaison.ts`).
 */
export const ASSIGNMENT_ROLES = {
  instructor: '党建工作指导员',
  liaison: '党建联络员',
  cadre: '挂钩干部',
} as const;
export type AssignmentRole = keyof typeof ASSIGNMENT_ROLES;
export const ASSIGNMENT_ROLE_LIST = [
  'instructor',
  'liaison',
  'cadre',
] as const satisfies readonly AssignmentRole[];
/** The roles that reach a unit for work coverage (两个覆盖). */
export const COVERAGE_ROLES = ['instructor', 'liaison'] as const satisfies readonly AssignmentRole[];

/** Which units count: enterprises with ≥ 10 employees, social organizations with ≥ 30 staff. */
export const COVERAGE_SCOPE = { enterpriseMinEmployees: 10, socialOrgMinStaff: 30 } as const;

export type CoverageBucket = 'ownOrg' | 'jointOrg' | 'instructorReached' | 'uncovered';

export interface CoverageCounts {
  inScope: number;
  ownOrg: number;
  jointOrg: number;
  instructorReached: number;
}

/** What each figure counts, shown beside it. */
export const COVERAGE_DEFINITIONS = {
  inScope: `在册的非公有制企业（从业人员${COVERAGE_SCOPE.enterpriseMinEmployees}人以上）和社会组织（从业人员${COVERAGE_SCOPE.socialOrgMinStaff}人以上）数`,
  ownOrg: '单独建立党组织（党委、党总支、党支部等，不含联合党支部）的单位数',
  jointOrg: '未单独建立党组织、纳入联合党支部的单位数',
  instructorReached:
    '未建立党组织、已选派党建工作指导员或党建联络员（或本年度有其指导记录）的单位数（工作覆盖）',
  guided: `本年度（1月1日至今）党建工作指导员或联络员登记过指导记录的单位数（指导覆盖，计入工作覆盖）`,
  uncovered: '既未建立党组织、也未选派党建工作指导员或党建联络员的单位数',
  organizationRate: '组织覆盖率 =（单独建立党组织的单位数 + 纳入联合党支部的单位数）÷ 在册单位数',
  workRate:
    '工作覆盖率 =（单独建立党组织的单位数 + 纳入联合党支部的单位数 + 选派党建工作指导员或党建联络员的未建组织单位数）÷ 在册单位数',
} as const satisfies Record<CoverageBucket | 'inScope' | 'guided' | 'organizationRate' | 'workRate', string>;

/**
 * The period in which a guidance visit (指导记录) counts toward work coverage: the calendar year up to
 * `today`. A unit visited in it by the instructor or liaison assigned to it is reached by guidance, and
 * stays counted for the year even when the assignment ends after the visit.
 */
export function guidancePeriod(today: string): { from: string; to: string } {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** A percentage with one decimal (75.0), from integers, or null when nothing is in scope. */
export function coveragePercent(numerator: number, denominator: number): number | null {
  return percent(numerator, denominator);
}

function showPercent(value: number | null): string {
  return value === null ? '—（无在册单位）' : `${value.toFixed(1)}%`;
}

export interface CoverageRates {
  uncovered: number;
  organizationRate: number | null;
  workRate: number | null;
  /** The formula with this row's numbers: 组织覆盖率 =（12 + 3）÷ 20 = 75.0%. */
  organizationFormula: string;
  workFormula: string;
}

export function coverageRates(c: CoverageCounts): CoverageRates {
  const organized = c.ownOrg + c.jointOrg;
  const worked = organized + c.instructorReached;
  const organizationRate = coveragePercent(organized, c.inScope);
  const workRate = coveragePercent(worked, c.inScope);
  return {
    uncovered: c.inScope - worked,
    organizationRate,
    workRate,
    organizationFormula: `组织覆盖率 =（${c.ownOrg} + ${c.jointOrg}）÷ ${c.inScope} = ${showPercent(organizationRate)}`,
    workFormula: `工作覆盖率 =（${c.ownOrg} + ${c.jointOrg} + ${c.instructorReached}）÷ ${c.inScope} = ${showPercent(workRate)}`,
  };
}
