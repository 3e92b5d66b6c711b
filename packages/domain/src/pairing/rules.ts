/**
 * 组团帮扶 (issue 14 item 8; seed 003, 厦门: departments and state enterprises paired 1+1 with villages,
 * "一片区一团队"). Pure rules of a pairing's period, its yearly figures and what is recorded against it.
 * Decision 0026.
 */

/** A pairing runs whole years: from `fromYear` to `toYear` inclusive, open-ended when `toYear` is null. */
export interface PairingPeriod {
  fromYear: number;
  toYear: number | null;
}

export const PAIRING_MIN_YEAR = 2000;
export const PAIRING_MAX_YEAR = 2100;

export type PeriodProblem = { field: 'fromYear' | 'toYear'; code: string; message: string };

/** Whether a period is well formed (years within range, not ending before it starts). */
export function checkPeriod(p: PairingPeriod): PeriodProblem | null {
  if (!Number.isInteger(p.fromYear) || p.fromYear < PAIRING_MIN_YEAR || p.fromYear > PAIRING_MAX_YEAR)
    return { field: 'fromYear', code: 'pairing.year', message: '起始年份无效' };
  if (p.toYear !== null) {
    if (!Number.isInteger(p.toYear) || p.toYear > PAIRING_MAX_YEAR)
      return { field: 'toYear', code: 'pairing.year', message: '结束年份无效' };
    if (p.toYear < p.fromYear)
      return { field: 'toYear', code: 'pairing.period', message: '结束年份不能早于起始年份' };
  }
  return null;
}

/** Two periods share at least one year (an open end runs on for ever). */
export function periodsOverlap(a: PairingPeriod, b: PairingPeriod): boolean {
  const aEnd = a.toYear ?? Number.POSITIVE_INFINITY;
  const bEnd = b.toYear ?? Number.POSITIVE_INFINITY;
  return a.fromYear <= bEnd && b.fromYear <= aEnd;
}

/** The pairing runs in `year`. */
export function runsIn(p: PairingPeriod, year: number): boolean {
  return p.fromYear <= year && (p.toYear === null || year <= p.toYear);
}

/** The year a date (YYYY-MM-DD, Asia/Shanghai) belongs to. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The first and last day of a year, for date filters (both inclusive). */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function pairingPeriodLabel(p: PairingPeriod): string {
  return p.toYear === null ? `${p.fromYear} 年起` : `${p.fromYear}–${p.toYear} 年`;
}

/** The figures a pairing sets a target for and records as actual (fen). */
export const PAIRING_METRICS = {
  collective_income: '村集体经济收入',
  aid_funds: '帮扶资金',
} as const;
export type PairingMetric = keyof typeof PAIRING_METRICS;

/** What was bought from the village: produce (消费帮扶), or a plot adopted (认领亩田, "我在乡间有亩田"). */
export const PURCHASE_KINDS = {
  produce: '采购农产品',
  plot: '认领亩田',
} as const;
export type PurchaseKind = keyof typeof PURCHASE_KINDS;

/** An amount in fen: a whole, non-negative number (an adopted plot may cost nothing). */
export function checkFen(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** A quantity: positive, at most two decimals (斤, 箱, 亩). */
export function checkQuantity(value: number): boolean {
  return (
    Number.isFinite(value) &&
    value > 0 &&
    value <= 1e9 &&
    Math.abs(Math.round(value * 100) - value * 100) < 1e-6
  );
}

export type IncomeStatus = 'no_target' | 'unreported' | 'behind' | 'met';
export const INCOME_STATUS: Record<IncomeStatus, string> = {
  no_target: '未设目标',
  unreported: '未填报',
  behind: '未达目标',
  met: '已达目标',
};

/**
 * A year's figure against its target: met when the actual reaches the target, behind when it is below,
 * unreported when there is a target and no actual yet; the attainment is actual ÷ target in percent
 * with one decimal (null without both, or with a zero target).
 */
export function attainment(targetFen: number | null, actualFen: number | null) {
  if (targetFen === null)
    return { status: 'no_target' as IncomeStatus, percent: null, gapFen: null as number | null };
  if (actualFen === null) return { status: 'unreported' as IncomeStatus, percent: null, gapFen: null };
  const percent = targetFen === 0 ? null : Math.round((actualFen * 1000) / targetFen) / 10;
  return {
    status: (actualFen >= targetFen ? 'met' : 'behind') as IncomeStatus,
    percent,
    gapFen: Math.max(0, targetFen - actualFen),
  };
}
