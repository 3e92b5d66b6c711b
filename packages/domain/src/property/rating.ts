import { addDays, formatIsoDate } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/workdays.ts';
import { type CaseMeasureRow, computeMeasures, MEASURE_DEFINITIONS } from '../cases/measures.ts';

/**
 * 红色物业 (issue 14 item 9; seed 001, 修水: a quarterly 红黑榜 of property companies with star ratings).
 * A company's quarter is rated from measured data only: the complaints about its compounds and their
 * handling in the one case loop (the loop's own on-time and satisfaction definitions, `measures.ts`),
 * and the street's or community's inspections. The rules are the project's own (no official text fixes
 * them), kept as data per region with that said in their source; docs/decisions/0025.
 */

export interface PropertyRules {
  /** GB/T 2260 prefix the rules apply to ('' = everywhere). The longest matching prefix wins. */
  regionPrefix: string;
  source: string;
  /** Points of each component; they sum to 100. */
  weights: { complaints: number; onTime: number; satisfaction: number; inspection: number };
  /** Complaints per 100 households: at or below `fullAt` earns all points, at or above `zeroAt` none, linear between. */
  complaints: { fullAt: number; zeroAt: number };
  /** A rate needs at least this many cases in its denominator to count (fewer: 数据不足 for that component). */
  minCasesForRate: number;
  /** The inspection component needs at least this many inspections in the quarter. */
  minInspections: number;
  /** A company is rated only when the components with data carry at least this much weight. */
  minWeight: number;
  /** Lowest total for 5, 4, 3 and 2 stars; below the last: 1 star. */
  stars: [number, number, number, number];
  /** 红榜: at least this many stars; 黑榜: at most this many. */
  redMinStars: number;
  blackMaxStars: number;
}

export const PROPERTY_RULES: readonly PropertyRules[] = [
  {
    regionPrefix: '',
    source:
      '红链项目自定的评星办法（非官方文件），参照修水县物业企业季度红黑榜做法：投诉量、按时办结、群众满意、检查考评四项各 25 分',
    weights: { complaints: 25, onTime: 25, satisfaction: 25, inspection: 25 },
    complaints: { fullAt: 1, zeroAt: 6 },
    minCasesForRate: 3,
    minInspections: 1,
    minWeight: 50,
    stars: [90, 80, 70, 60],
    redMinStars: 4,
    blackMaxStars: 2,
  },
];

export function rulesFor(
  regionCode: string,
  rules: readonly PropertyRules[] = PROPERTY_RULES,
): PropertyRules {
  const matching = rules.filter((r) => regionCode.startsWith(r.regionPrefix));
  matching.sort((a, b) => b.regionPrefix.length - a.regionPrefix.length);
  const found = matching[0];
  if (!found) throw new RangeError(`no property rules for ${regionCode}`);
  return found;
}

export type ComponentKey = 'complaints' | 'onTime' | 'satisfaction' | 'inspection';

export interface RatingComponent {
  key: ComponentKey;
  label: string;
  numerator: number;
  denominator: number;
  /** The measured value (per 100 households, a rate 0..1, or a mean score 0..100); null without data. */
  value: number | null;
  weight: number;
  /** Points earned (one decimal); null when the component has too little data. */
  points: number | null;
  definition: string;
  /** Why these points, in Chinese, with the numbers. */
  explanation: string;
}

export interface CompanyQuarterInput {
  households: number;
  /** The cases about the company's compounds registered in the quarter, as the loop measures them. */
  cases: readonly CaseMeasureRow[];
  /** Inspection scores (0..100) of the company's compounds in the quarter. */
  inspectionScores: readonly number[];
}

export interface CompanyRating {
  /** false: too little data to rate; `total` and `stars` are null and `reason` says why. */
  rated: boolean;
  total: number | null;
  stars: number | null;
  reason: string | null;
  components: RatingComponent[];
  /** The available weight the total is scaled over (components with data). */
  availableWeight: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (x: number) => `${round1(x * 100)}%`;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  complaints: '每百户投诉量',
  onTime: MEASURE_DEFINITIONS.onTime.label,
  satisfaction: '居民满意率',
  inspection: '检查考评平均分',
};

export function starsFor(total: number, rules: PropertyRules): number {
  const [five, four, three, two] = rules.stars;
  if (total >= five) return 5;
  if (total >= four) return 4;
  if (total >= three) return 3;
  if (total >= two) return 2;
  return 1;
}

/** One company's quarter: each component with its numbers, points by the stated rule, a total and stars. */
export function rateCompany(input: CompanyQuarterInput, rules: PropertyRules): CompanyRating {
  const w = rules.weights;
  const counted = input.cases.filter(
    (c) => c.closureReason !== 'duplicate' && c.closureReason !== 'rejected',
  );
  const measures = computeMeasures(input.cases);
  const onTime = measures.find((m) => m.key === 'onTime')!;
  const satisfaction = measures.find((m) => m.key === 'satisfaction')!;
  const components: RatingComponent[] = [];

  // complaints per 100 households
  if (input.households > 0) {
    const per100 = (counted.length * 100) / input.households;
    const { fullAt, zeroAt } = rules.complaints;
    const share = clamp01((zeroAt - per100) / (zeroAt - fullAt));
    const points = round1(w.complaints * share);
    components.push({
      key: 'complaints',
      label: COMPONENT_LABELS.complaints,
      numerator: counted.length,
      denominator: input.households,
      value: round1(per100),
      weight: w.complaints,
      points,
      definition: `本季度登记的、涉及该企业所管小区的诉求件数 × 100 ÷ 所管小区总户数（重复件、不予受理件不计）；不超过 ${fullAt} 件得满分 ${w.complaints} 分，达到 ${zeroAt} 件得 0 分，其间按比例`,
      explanation: `${counted.length} 件 × 100 ÷ ${input.households} 户 = 每百户 ${round1(per100)} 件，得 ${points} 分（满分 ${w.complaints}）`,
    });
  } else {
    components.push({
      key: 'complaints',
      label: COMPONENT_LABELS.complaints,
      numerator: counted.length,
      denominator: 0,
      value: null,
      weight: w.complaints,
      points: null,
      definition: '本季度涉及该企业所管小区的诉求件数 × 100 ÷ 所管小区总户数',
      explanation: '所管小区未登记户数，无法计算，本项不计分',
    });
  }

  const rate = (
    key: 'onTime' | 'satisfaction',
    m: typeof onTime,
    unit: string,
    weight: number,
    label: string,
  ): RatingComponent => {
    const enough = m.denominator >= rules.minCasesForRate && m.value !== null;
    const points = enough ? round1(weight * m.value!) : null;
    return {
      key,
      label,
      numerator: m.numerator,
      denominator: m.denominator,
      value: m.value,
      weight,
      points,
      definition: `${m.definition}；得分 = ${weight} × 比率；少于 ${rules.minCasesForRate} 件不计分`,
      explanation: enough
        ? `${m.numerator} ÷ ${m.denominator} ${unit} = ${pct(m.value!)}，得 ${points} 分（满分 ${weight}）`
        : `仅 ${m.denominator} ${unit}，少于 ${rules.minCasesForRate} 件，数据不足，本项不计分`,
    };
  };
  components.push(rate('onTime', onTime, '件', w.onTime, COMPONENT_LABELS.onTime));
  components.push(
    rate('satisfaction', satisfaction, '件已评价', w.satisfaction, COMPONENT_LABELS.satisfaction),
  );

  // inspections
  const n = input.inspectionScores.length;
  const sum = input.inspectionScores.reduce((a, b) => a + b, 0);
  const enoughInspections = n >= rules.minInspections && n > 0;
  const mean = n > 0 ? sum / n : null;
  const inspectionPoints = enoughInspections ? round1((w.inspection * mean!) / 100) : null;
  components.push({
    key: 'inspection',
    label: COMPONENT_LABELS.inspection,
    numerator: sum,
    denominator: n,
    value: mean === null ? null : round1(mean),
    weight: w.inspection,
    points: inspectionPoints,
    definition: `本季度街道、社区对所管小区检查考评得分（0–100）之和 ÷ 检查次数；得分 = ${w.inspection} × 平均分 ÷ 100；少于 ${rules.minInspections} 次不计分`,
    explanation: enoughInspections
      ? `${sum} 分 ÷ ${n} 次 = 平均 ${round1(mean!)} 分，得 ${inspectionPoints} 分（满分 ${w.inspection}）`
      : `本季度检查 ${n} 次，少于 ${rules.minInspections} 次，数据不足，本项不计分`,
  });

  const withData = components.filter((c) => c.points !== null);
  const availableWeight = withData.reduce((a, c) => a + c.weight, 0);
  if (availableWeight < rules.minWeight) {
    const missing = components.filter((c) => c.points === null).map((c) => c.label);
    return {
      rated: false,
      total: null,
      stars: null,
      reason: `数据不足，不参加评星：有数据的项目合计 ${availableWeight} 分，少于 ${rules.minWeight} 分（缺：${missing.join('、')}）`,
      components,
      availableWeight,
    };
  }
  const earned = withData.reduce((a, c) => a + c.points!, 0);
  const total = round1((earned * 100) / availableWeight);
  return {
    rated: true,
    total,
    stars: starsFor(total, rules),
    reason:
      availableWeight < 100
        ? `部分项目数据不足，按有数据的 ${availableWeight} 分折算为百分制：${round1(earned)} × 100 ÷ ${availableWeight} = ${total}`
        : null,
    components,
    availableWeight,
  };
}

export interface RankedCompany<T> {
  item: T;
  rating: CompanyRating;
  /** Shared rank among the rated (equal totals share it); null when not rated. */
  rank: number | null;
  list: 'red' | 'black' | null;
}

/** Highest total first, equal totals share a rank; the unrated follow, unranked. */
export function rankCompanies<T extends { name: string }>(
  entries: ReadonlyArray<{ item: T; rating: CompanyRating }>,
  rules: PropertyRules,
): RankedCompany<T>[] {
  const rated = entries
    .filter((e) => e.rating.rated)
    .sort((a, b) => b.rating.total! - a.rating.total! || a.item.name.localeCompare(b.item.name, 'zh'));
  const unrated = entries
    .filter((e) => !e.rating.rated)
    .sort((a, b) => a.item.name.localeCompare(b.item.name, 'zh'));
  let lastTotal: number | null = null;
  let lastRank = 0;
  const out: RankedCompany<T>[] = rated.map((e, i) => {
    const rank = e.rating.total === lastTotal ? lastRank : i + 1;
    lastTotal = e.rating.total;
    lastRank = rank;
    const stars = e.rating.stars!;
    const list = stars >= rules.redMinStars ? 'red' : stars <= rules.blackMaxStars ? 'black' : null;
    return { ...e, rank, list };
  });
  return [...out, ...unrated.map((e) => ({ ...e, rank: null, list: null }))];
}

/** A quarter as `2026Q4`. */
export const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/;

export function quarterRange(quarter: string): { from: string; to: string } {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) throw new RangeError(`bad quarter ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const from = formatIsoDate(year, (q - 1) * 3 + 1, 1);
  const next = q === 4 ? formatIsoDate(year + 1, 1, 1) : formatIsoDate(year, q * 3 + 1, 1);
  return { from, to: addDays(next, -1) };
}

export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export function previousQuarter(quarter: string): string {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) throw new RangeError(`bad quarter ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

export function quarterLabel(quarter: string): string {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) return quarter;
  return `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`;
}

/** The first working day of the quarter `date` falls in, by the calendar (holidays and 调休). */
export function firstWorkdayOfQuarter(date: string, calendar: WorkCalendar): string {
  let day = quarterRange(quarterOf(date)).from;
  while (!calendar.isWorkday(day)) day = addDays(day, 1);
  return day;
}
