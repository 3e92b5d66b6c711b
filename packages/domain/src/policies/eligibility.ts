import { isIsoDate, parseIsoDate } from '../calendar/dates.ts';

/**
 * Policy eligibility as data (API.md "Policies for enterprises"): criteria over an enterprise's facts,
 * each citing the clause it comes from, combined with all/any and nestable. Evaluation is three-valued:
 * a criterion whose fact is missing is neither met nor failed (`null`), so the answer can be
 * `unknown` and name the facts to supply. No I/O: the server stores the facts and the results.
 */

/** The fact keys API.md fixes, with what kind of value each holds and its Chinese label. */
export const FACT_KEYS = {
  regionCode: { label: '所在行政区划', kind: 'code' },
  industryCode: { label: '国民经济行业分类', kind: 'code' },
  employees: { label: '从业人员数', kind: 'integer' },
  annualRevenueFen: { label: '上年营业收入', kind: 'integer' },
  rdExpenseFen: { label: '上年研发费用', kind: 'integer' },
  registeredOn: { label: '注册登记日期', kind: 'date' },
  qualifications: { label: '资质认定', kind: 'list' },
  hasPartyOrg: { label: '是否建立党组织', kind: 'boolean' },
} as const;

export type FactKey = keyof typeof FACT_KEYS;
export const FACT_KEY_LIST = Object.keys(FACT_KEYS) as FactKey[];
export type FactKind = (typeof FACT_KEYS)[FactKey]['kind'];

export function isFactKey(value: unknown): value is FactKey {
  return typeof value === 'string' && Object.hasOwn(FACT_KEYS, value);
}

/** Known qualifications (资质), with their labels; other codes are allowed but shown as they are. */
export const QUALIFICATIONS: Record<string, string> = {
  high_tech: '高新技术企业',
  specialized_new: '专精特新企业',
  sme: '中小企业',
  chain_member: '链上企业',
  tech_sme: '科技型中小企业',
  taiwan_funded: '台资企业',
};

export const OPS = [
  'eq',
  'in',
  'gte',
  'gt',
  'lte',
  'lt',
  'has',
  'prefix',
  'yearsSinceGte',
  'yearsSinceLte',
] as const;
export type Op = (typeof OPS)[number];

export const OP_LABELS: Record<Op, string> = {
  eq: '等于',
  in: '属于',
  gte: '不少于',
  gt: '大于',
  lte: '不超过',
  lt: '小于',
  has: '具有',
  prefix: '属于（代码前缀）',
  yearsSinceGte: '距今满（年）不少于',
  yearsSinceLte: '距今满（年）不超过',
};

export type FactValue = string | number | boolean | string[];
/** A criterion's operand: a scalar, or the list of an `in` */
export type Operand = FactValue | number[];
export type Facts = Partial<Record<FactKey, FactValue | null>>;

export interface Criterion {
  fact: FactKey;
  op: Op;
  value: Operand;
  /** the clause (条/款) it comes from, e.g. 第三条第一款 */
  clause: string;
}
export type CriteriaNode = Criterion | Criteria;
export type Criteria = { all: CriteriaNode[] } | { any: CriteriaNode[] };

export type Met = true | false | null;
export type EligibilityResult = 'eligible' | 'ineligible' | 'unknown';

export interface Reason {
  fact: FactKey;
  op: Op;
  value: Operand;
  /** the fact's value; for yearsSince* the whole years since the date; null when the fact is missing */
  actual: FactValue | null;
  met: Met;
  clause: string;
}

export interface Evaluation {
  result: EligibilityResult;
  reasons: Reason[];
  /** facts whose absence leaves the answer open (empty unless the result is unknown) */
  missingFacts: FactKey[];
  /**
   * How many failed criteria stand between the enterprise and eligibility (0 when eligible; null when
   * a missing fact is also in the way). "Almost eligible" is exactly 1.
   */
  shortBy: number | null;
}

export function isGroup(node: CriteriaNode): node is Criteria {
  return typeof node === 'object' && node !== null && ('all' in node || 'any' in node);
}

/**
 * Whole years from `from` to `today` (both YYYY-MM-DD): the number of anniversaries passed. The
 * anniversary of 29 February in a common year is 1 March (not 28 February): on 2025-02-28 a date of
 * 2024-02-29 is 0 years ago, on 2025-03-01 it is 1. Negative when `from` lies after `today`.
 */
export function wholeYearsSince(from: string, today: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(today);
  if (!a || !b) throw new Error(`invalid date ${from} or ${today}`);
  let years = b.year - a.year;
  // compared as (month, day): a 02-29 anniversary is only reached on 02-29 or 03-01 and later
  if (b.month < a.month || (b.month === a.month && b.day < a.day)) years--;
  return years;
}

function present(value: FactValue | null | undefined): value is FactValue {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value !== '';
  return true;
}

function compare(op: Op, actual: number | string, value: number | string): boolean {
  switch (op) {
    case 'eq':
      return actual === value;
    case 'gte':
      return actual >= value;
    case 'gt':
      return actual > value;
    case 'lte':
      return actual <= value;
    case 'lt':
      return actual < value;
    default:
      return false;
  }
}

/** One criterion against the facts: met, failed, or null when its fact is missing. */
export function evaluateCriterion(c: Criterion, facts: Facts, today: string): Reason {
  const raw = facts[c.fact];
  if (!present(raw)) return { ...c, actual: null, met: null };
  let met: boolean;
  let actual: FactValue = raw;
  switch (c.op) {
    case 'in':
      met = Array.isArray(c.value) && (c.value as unknown[]).includes(raw);
      break;
    case 'has':
      met = Array.isArray(raw) && raw.includes(String(c.value));
      break;
    case 'prefix':
      met = typeof raw === 'string' && raw.startsWith(String(c.value));
      break;
    case 'yearsSinceGte':
    case 'yearsSinceLte': {
      if (typeof raw !== 'string' || !isIsoDate(raw)) return { ...c, actual: raw, met: false };
      const years = wholeYearsSince(raw, today);
      actual = years;
      met = c.op === 'yearsSinceGte' ? years >= Number(c.value) : years <= Number(c.value);
      break;
    }
    default:
      met =
        (typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean') &&
        typeof raw === typeof c.value &&
        (c.op === 'eq' ? raw === c.value : compare(c.op, raw as number | string, c.value as number | string));
  }
  return { ...c, actual, met };
}

interface Node3 {
  met: Met;
  /** failed criteria to flip for the node to be met; Infinity when a missing fact stands in the way */
  cost: number;
  missing: FactKey[];
}

function walk(node: CriteriaNode, facts: Facts, today: string, reasons: Reason[]): Node3 {
  if (!isGroup(node)) {
    const r = evaluateCriterion(node, facts, today);
    reasons.push(r);
    return {
      met: r.met,
      cost: r.met === true ? 0 : r.met === false ? 1 : Number.POSITIVE_INFINITY,
      missing: r.met === null ? [r.fact] : [],
    };
  }
  const children = ('all' in node ? node.all : node.any).map((c) => walk(c, facts, today, reasons));
  const open = children.filter((c) => c.met === null).flatMap((c) => c.missing);
  if ('all' in node) {
    const met: Met = children.some((c) => c.met === false)
      ? false
      : children.some((c) => c.met === null)
        ? null
        : true;
    return { met, cost: children.reduce((s, c) => s + c.cost, 0), missing: met === null ? open : [] };
  }
  const met: Met = children.some((c) => c.met === true)
    ? true
    : children.some((c) => c.met === null)
      ? null
      : false;
  return {
    met,
    cost: children.reduce((m, c) => Math.min(m, c.cost), Number.POSITIVE_INFINITY),
    missing: met === null ? open : [],
  };
}

/**
 * Three-valued evaluation: under `all` one failed criterion makes the whole ineligible whatever is
 * missing; under `any` one met criterion makes it eligible; otherwise a missing fact leaves it unknown.
 */
export function evaluateEligibility(criteria: Criteria, facts: Facts, today: string): Evaluation {
  const reasons: Reason[] = [];
  const root = walk(criteria, facts, today, reasons);
  const result: EligibilityResult =
    root.met === true ? 'eligible' : root.met === false ? 'ineligible' : 'unknown';
  return {
    result,
    reasons,
    missingFacts: [...new Set(root.missing)],
    shortBy: Number.isFinite(root.cost) ? root.cost : null,
  };
}

/** Ineligible, and one failed criterion away from eligible (shown to staff, who can help). */
export function isAlmostEligible(e: Pick<Evaluation, 'result' | 'shortBy'>): boolean {
  return e.result === 'ineligible' && e.shortBy === 1;
}

/** Every fact key a criteria tree reads. */
export function factsOf(criteria: CriteriaNode): FactKey[] {
  if (!isGroup(criteria)) return [criteria.fact];
  return [...new Set(('all' in criteria ? criteria.all : criteria.any).flatMap(factsOf))];
}

/** Every criterion (leaf) of a tree, in order. */
export function criteriaLeaves(criteria: CriteriaNode): Criterion[] {
  if (!isGroup(criteria)) return [criteria];
  return ('all' in criteria ? criteria.all : criteria.any).flatMap(criteriaLeaves);
}

/**
 * The failed criteria that stand in the way, given each leaf's `met` in leaf order: those under a
 * group that is not met. A failure under an `any` already met by another criterion does not count.
 */
export function blockingFailures(criteria: Criteria, met: readonly Met[]): number[] {
  let next = 0;
  const visit = (node: CriteriaNode): { met: Met; failed: number[] } => {
    if (!isGroup(node)) {
      const i = next++;
      const m = met[i] ?? null;
      return { met: m, failed: m === false ? [i] : [] };
    }
    const children = ('all' in node ? node.all : node.any).map(visit);
    const value: Met =
      'all' in node
        ? children.some((c) => c.met === false)
          ? false
          : children.some((c) => c.met === null)
            ? null
            : true
        : children.some((c) => c.met === true)
          ? true
          : children.some((c) => c.met === null)
            ? null
            : false;
    return { met: value, failed: value === true ? [] : children.flatMap((c) => c.failed) };
  };
  return visit(criteria).failed;
}

/**
 * The facts still needed, given each leaf's `met` in leaf order: those of the missing criteria under
 * groups whose answer is still open (what `evaluateEligibility` reports as missingFacts).
 */
export function openFacts(criteria: Criteria, met: readonly Met[]): FactKey[] {
  let next = 0;
  const visit = (node: CriteriaNode): { met: Met; open: FactKey[] } => {
    if (!isGroup(node)) {
      const m = met[next++] ?? null;
      return { met: m, open: m === null ? [node.fact] : [] };
    }
    const children = ('all' in node ? node.all : node.any).map(visit);
    const value: Met =
      'all' in node
        ? children.some((c) => c.met === false)
          ? false
          : children.some((c) => c.met === null)
            ? null
            : true
        : children.some((c) => c.met === true)
          ? true
          : children.some((c) => c.met === null)
            ? null
            : false;
    return {
      met: value,
      open: value === null ? children.filter((c) => c.met === null).flatMap((c) => c.open) : [],
    };
  };
  return [...new Set(visit(criteria).open)];
}
