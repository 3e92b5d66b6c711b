import { DomainError } from '../errors.ts';

/**
 * Monthly Party dues (RULES.md D1–D4), the answer of `POST /api/v1/dues/quote` (API.md).
 * Amounts are integer fen; rates are kept as integer per-mille so no float ever touches money.
 */

export const DUES_SOURCE = '《关于中国共产党党费收缴、使用和管理的规定》（2008）';

export type DuesCategory = 'on_job' | 'annual_salary' | 'self_employed' | 'retiree' | 'flat';
export type DuesRate = '0.005' | '0.01' | '0.015' | '0.02';
export type DuesRuleId = 'D1' | 'D2' | 'D3' | 'D4';

export interface DuesRuleRef {
  id: DuesRuleId;
  source: string;
  article: string;
}

export interface DuesQuote {
  monthlyFen: number;
  /** The rate applied, as a decimal string; null for a flat amount (D4). */
  rate: DuesRate | null;
  rule: DuesRuleRef;
}

export interface DuesQuoteInput {
  category: DuesCategory;
  /** The income base (D1–D3) or, for `flat`, the flat monthly amount itself (D4), in fen. */
  baseFen: number;
  /** For `flat`: whose flat amount it is (D4); when absent the amount must fit one of them. */
  flatGroup?: FlatGroup | undefined;
}

/** D4, 第六条: who pays a flat amount. */
export type FlatGroup = 'farmer' | 'student' | 'unemployed' | 'relief' | 'subsistence';
export const FLAT_GROUPS = {
  farmer: '农民党员',
  student: '学生党员',
  unemployed: '下岗失业党员',
  relief: '依靠抚恤或救济生活的党员',
  subsistence: '领取当地最低生活保障金的党员',
} as const satisfies Record<FlatGroup, string>;

/**
 * The published flat amounts in fen (D4, 第六条): farmers 0.2–1 元, the others 0.2 元. A region may set
 * other amounts: they are the parameters of compliance rule D4, overridden per region.
 */
export interface FlatAmounts {
  farmerMinFen: number;
  farmerMaxFen: number;
  studentFen: number;
  unemployedFen: number;
  reliefFen: number;
  subsistenceFen: number;
}
export const NATIONAL_FLAT_AMOUNTS: FlatAmounts = {
  farmerMinFen: 20,
  farmerMaxFen: 100,
  studentFen: 20,
  unemployedFen: 20,
  reliefFen: 20,
  subsistenceFen: 20,
};

/** Flat amounts from a rule's parameters (regional overrides included), the national ones where absent. */
export function flatAmountsFrom(params: Record<string, unknown>): FlatAmounts {
  const out = { ...NATIONAL_FLAT_AMOUNTS };
  for (const key of Object.keys(out) as Array<keyof FlatAmounts>) {
    const v = params[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[key] = v;
  }
  return out;
}

/** The range (inclusive, in fen) a group's flat amount must lie in. */
export function flatRange(group: FlatGroup, amounts: FlatAmounts): { minFen: number; maxFen: number } {
  if (group === 'farmer') return { minFen: amounts.farmerMinFen, maxFen: amounts.farmerMaxFen };
  const fixed = amounts[`${group}Fen`];
  return { minFen: fixed, maxFen: fixed };
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;
const rangeText = (r: { minFen: number; maxFen: number }) =>
  r.minFen === r.maxFen ? yuan(r.minFen) : `${yuan(r.minFen)}至${yuan(r.maxFen)}`;

/**
 * D4: a flat monthly amount must be one of the published amounts: its group's, or, when the group is
 * not given, any group's. Throws `DomainError('dues.flat_amount', …, 'baseFen')` citing 第六条.
 */
export function checkFlatAmount(
  baseFen: number,
  group: FlatGroup | undefined,
  amounts: FlatAmounts = NATIONAL_FLAT_AMOUNTS,
): void {
  const groups = group ? [group] : (Object.keys(FLAT_GROUPS) as FlatGroup[]);
  if (
    groups.some((g) => {
      const r = flatRange(g, amounts);
      return baseFen >= r.minFen && baseFen <= r.maxFen;
    })
  )
    return;
  const standard = groups.map((g) => `${FLAT_GROUPS[g]}每月${rangeText(flatRange(g, amounts))}`).join('；');
  throw new DomainError(
    'dues.flat_amount',
    `定额党费${yuan(baseFen)}不符合标准（依据${DUES_SOURCE}第六条：${standard}）`,
    'baseFen',
  );
}

export const DUES_CATEGORIES = {
  on_job: '在职党员',
  annual_salary: '实行年薪制人员',
  self_employed: '个体经营等从业人员',
  retiree: '离退休党员',
  flat: '定额交纳',
} as const satisfies Record<DuesCategory, string>;

/** The rule each category is quoted under. Article numbers as in RULES.md. */
export const DUES_RULES = {
  on_job: { id: 'D1', source: DUES_SOURCE, article: '第一条、第二条' },
  annual_salary: { id: 'D2', source: DUES_SOURCE, article: '第三条、第四条' },
  self_employed: { id: 'D2', source: DUES_SOURCE, article: '第三条、第四条' },
  retiree: { id: 'D3', source: DUES_SOURCE, article: '第五条' },
  flat: { id: 'D4', source: DUES_SOURCE, article: '第六条' },
} as const satisfies Record<DuesCategory, DuesRuleRef>;

export interface DuesTier {
  /** Inclusive upper bound of the base in fen; null for the open top tier. */
  upToFen: number | null;
  permille: number;
  rate: DuesRate;
}

/** D1 (also used for D2): ≤3000 元 0.5%, ≤5000 元 1%, ≤10000 元 1.5%, above 2%; bounds inclusive. */
export const ON_JOB_TIERS: readonly DuesTier[] = [
  { upToFen: 300_000, permille: 5, rate: '0.005' },
  { upToFen: 500_000, permille: 10, rate: '0.01' },
  { upToFen: 1_000_000, permille: 15, rate: '0.015' },
  { upToFen: null, permille: 20, rate: '0.02' },
];

/** D3: pension ≤5000 元 0.5%, above 1%; bound inclusive. */
export const RETIREE_TIERS: readonly DuesTier[] = [
  { upToFen: 500_000, permille: 5, rate: '0.005' },
  { upToFen: null, permille: 10, rate: '0.01' },
];

/**
 * Largest accepted base: 100 亿元 a month, far above any income, and small enough that
 * base × 20‰ × 2 stays an exact integer in a JavaScript number.
 */
export const MAX_DUES_BASE_FEN = 1_000_000_000_000;

function tierFor(tiers: readonly DuesTier[], baseFen: number): DuesTier {
  const tier = tiers.find((t) => t.upToFen === null || baseFen <= t.upToFen);
  if (!tier) throw new Error('dues tiers must end with an open tier');
  return tier;
}

/**
 * `baseFen × permille / 1000`, rounded half up to the fen, in integers only:
 * floor((2·base·permille + 1000) / 2000) = floor(base·permille/1000 + ½).
 */
export function applyPermille(baseFen: number, permille: number): number {
  return Math.floor((baseFen * permille * 2 + 1000) / 2000);
}

/**
 * Quotes the monthly dues for a category and base. Throws `DomainError('dues.base', …, 'baseFen')`
 * for a negative, fractional or absurdly large base and `DomainError('dues.category', …,
 * 'category')` for an unknown category, and `DomainError('dues.flat_amount', …)` for a flat amount
 * outside the published ones (D4; `flatAmounts` are the region's). Reductions and exemptions (D5) are
 * decided by people and applied elsewhere.
 */
export function quoteDues(
  input: DuesQuoteInput,
  flatAmounts: FlatAmounts = NATIONAL_FLAT_AMOUNTS,
): DuesQuote {
  const { category, baseFen } = input;
  if (!Object.hasOwn(DUES_RULES, category)) {
    throw new DomainError('dues.category', '党费类别无效', 'category');
  }
  if (!Number.isInteger(baseFen) || baseFen < 0) {
    throw new DomainError('dues.base', '党费计算基数应为不小于0的整数（单位：分）', 'baseFen');
  }
  if (baseFen > MAX_DUES_BASE_FEN) {
    throw new DomainError('dues.base', '党费计算基数超出允许范围', 'baseFen');
  }
  const rule: DuesRuleRef = { ...DUES_RULES[category] };
  if (category === 'flat') {
    checkFlatAmount(baseFen, input.flatGroup, flatAmounts);
    return { monthlyFen: baseFen, rate: null, rule };
  }
  const tier = tierFor(category === 'retiree' ? RETIREE_TIERS : ON_JOB_TIERS, baseFen);
  return { monthlyFen: applyPermille(baseFen, tier.permille), rate: tier.rate, rule };
}
