import { addCalendarMonths, addDays } from '../calendar/dates.ts';

/**
 * The rotating chair of an alliance (轮值主席, seed 001: 福安不锈钢产业链 with 主席单位 and 核心单位
 * taking turns). Terms follow a schedule from a start date: by quarter, by half-year, or one joint
 * meeting each. The holder of a term is computed from the order and the recorded changes, never
 * stored per term, so the duty passes on the date without anyone editing rows.
 *
 * - term k is held by `order[(k + skips at or before k) mod n]`: a skip (跳过) at term t hands t to the
 *   next one in the order, and everyone after moves up one;
 * - a swap (互换) of terms a and b exchanges their holders (after the skips).
 */
export type ChairPeriod = 'quarter' | 'half_year' | 'meeting';

export const CHAIR_PERIODS: Record<ChairPeriod, string> = {
  quarter: '按季度轮值',
  half_year: '按半年轮值',
  meeting: '每次联席会议轮值',
};

export interface ChairChange {
  term: number;
  kind: 'skip' | 'swap';
  /** the other term of a swap */
  withTerm?: number | null;
}

export interface ChairTerm {
  /** 0-based term number since the start */
  index: number;
  /** index into the order */
  position: number;
  from: string | null;
  to: string | null;
}

const PERIOD_MONTHS = { quarter: 3, half_year: 6 } as const;

/** The position in the order holding term `term`, after skips and swaps. */
export function holderOf(term: number, orderLength: number, changes: readonly ChairChange[]): number {
  if (orderLength <= 0) throw new RangeError('轮值顺序为空');
  let t = term;
  for (const c of changes) {
    if (c.kind !== 'swap' || c.withTerm === null || c.withTerm === undefined) continue;
    if (c.term === t) t = c.withTerm;
    else if (c.withTerm === t) t = c.term;
  }
  const skips = changes.filter((c) => c.kind === 'skip' && c.term <= t).length;
  return (t + skips) % orderLength;
}

/** The first day of the quarter or half-year containing `date`. */
export function periodStart(date: string, period: 'quarter' | 'half_year'): string {
  const months = PERIOD_MONTHS[period];
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = Math.floor((month - 1) / months) * months + 1;
  return `${year}-${String(first).padStart(2, '0')}-01`;
}

/** Calendar terms (quarter, half-year): the term containing `date`, counted from `start`'s period. */
export function termOn(
  start: string,
  period: 'quarter' | 'half_year',
  date: string,
): { index: number; from: string; to: string } | null {
  const months = PERIOD_MONTHS[period];
  const begin = periodStart(start, period);
  if (date < begin) return null;
  const elapsed =
    (Number(date.slice(0, 4)) - Number(begin.slice(0, 4))) * 12 +
    (Number(date.slice(5, 7)) - Number(begin.slice(5, 7)));
  const index = Math.floor(elapsed / months);
  const from = addCalendarMonths(begin, index * months);
  return { index, from, to: addDays(addCalendarMonths(begin, (index + 1) * months), -1) };
}

/**
 * The current and next chair terms on `today`. By meeting, term k runs from the day after the k-th
 * joint meeting held (or the start) until the next one; `heldMeetings` are the dates of the meetings
 * held since the start.
 */
export function chairTerms(input: {
  start: string;
  period: ChairPeriod;
  orderLength: number;
  changes: readonly ChairChange[];
  today: string;
  heldMeetings?: readonly string[];
}): { current: ChairTerm | null; next: ChairTerm | null } {
  const { start, period, orderLength, changes, today } = input;
  if (orderLength === 0) return { current: null, next: null };
  if (period === 'meeting') {
    if (today < start) {
      return {
        current: null,
        next: { index: 0, position: holderOf(0, orderLength, changes), from: start, to: null },
      };
    }
    const held = (input.heldMeetings ?? []).filter((d) => d >= start && d < today).sort();
    const k = held.length;
    const last = held.at(-1);
    return {
      current: {
        index: k,
        position: holderOf(k, orderLength, changes),
        from: last ? addDays(last, 1) : start,
        to: null,
      },
      next: { index: k + 1, position: holderOf(k + 1, orderLength, changes), from: null, to: null },
    };
  }
  const months = PERIOD_MONTHS[period];
  const term = termOn(start, period, today);
  if (!term) {
    const from = periodStart(start, period);
    return {
      current: null,
      next: {
        index: 0,
        position: holderOf(0, orderLength, changes),
        from,
        to: addDays(addCalendarMonths(from, months), -1),
      },
    };
  }
  const nextFrom = addDays(term.to, 1);
  return {
    current: { ...term, position: holderOf(term.index, orderLength, changes) },
    next: {
      index: term.index + 1,
      position: holderOf(term.index + 1, orderLength, changes),
      from: nextFrom,
      to: addDays(addCalendarMonths(nextFrom, months), -1),
    },
  };
}
