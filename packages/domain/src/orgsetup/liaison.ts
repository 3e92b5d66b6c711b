import { percent } from '../dashboard/figures.ts';
import { quarterLabel, quarterOf, quarterRange } from '../property/rating.ts';

/**
 * 挂钩联系 (issue 13 item 8): cadres assigned to enterprises (龙岩 县处级干部挂钩园区企业、晋江 红色勤务员
 * 包干到企、福安 千名干部进千企) visit them each quarter, and the district sees which assigned enterprises
 * had no visit in the current quarter. Dates are 'YYYY-MM-DD' in Asia/Shanghai.
 */

/** The quarter a visit counts in: from its first day up to `today` (the quarter's end is `end`). */
export interface LiaisonQuarter {
  /** `2026Q4` */
  quarter: string;
  /** 2026年第四季度 */
  label: string;
  from: string;
  to: string;
  end: string;
}

export function liaisonQuarter(today: string): LiaisonQuarter {
  const quarter = quarterOf(today);
  const range = quarterRange(quarter);
  return { quarter, label: quarterLabel(quarter), from: range.from, to: today, end: range.to };
}

/** The Asia/Shanghai calendar day of an instant (UTC+8 all year, no daylight saving). */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The coverage rule: an enterprise assigned to a 挂钩干部 is covered in the quarter when a 挂钩 visit
 * to it falls between the quarter's first day and `today`; a visit of an earlier quarter, or one dated
 * after today, does not cover it.
 */
export function visitedInQuarter(visitDates: readonly string[], today: string): boolean {
  const q = liaisonQuarter(today);
  return visitDates.some((d) => d >= q.from && d <= q.to);
}

export const LIAISON_DEFINITIONS = {
  assigned: '当前有挂钩干部（挂钩联系、包干到企）的企业数',
  visited: '其中本季度（季度首日至今）挂钩干部登记过走访的企业数',
  unvisited: '其中本季度还没有挂钩走访记录的企业数（点开看名单）',
  rate: '走访覆盖率 = 本季度已走访的挂钩企业数 ÷ 挂钩企业数',
} as const;

export interface LiaisonCoverage {
  assigned: number;
  visited: number;
  unvisited: number;
  rate: number | null;
  formula: string;
}

/** The quarter's figures from the two counts, with the formula in Chinese. */
export function liaisonCoverage(assigned: number, visited: number): LiaisonCoverage {
  const rate = percent(visited, assigned);
  return {
    assigned,
    visited,
    unvisited: assigned - visited,
    rate,
    formula: `走访覆盖率 = ${visited} ÷ ${assigned} = ${rate === null ? '—（无挂钩企业）' : `${rate.toFixed(1)}%`}`,
  };
}
