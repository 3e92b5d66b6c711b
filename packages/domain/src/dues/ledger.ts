import { DomainError } from '../errors.ts';
import { DUES_SOURCE } from './quote.ts';

/**
 * The dues ledger's rules over months ('YYYY-MM', Asia/Shanghai): which months may still be paid,
 * when arrears warn and when they become a finding for the branch. People decide; nothing here
 * removes anyone (RULES.md: the engine never takes a disciplinary decision).
 */
export const DUES_LEDGER_RULES = {
  backPayment: { id: 'D10', source: DUES_SOURCE, article: '第十二条', months: 6 },
  arrears: {
    id: 'D11',
    source: DUES_SOURCE,
    article: '第十三条；《中国共产党章程》第九条',
    warnAt: 5,
    findingAt: 6,
  },
  largeVoluntary: { id: 'D9', source: DUES_SOURCE, article: '第十一条', fen: 100_000 },
  duesFrom: { id: 'D6', source: DUES_SOURCE, article: '第八条' },
  collection: { id: 'D12', source: DUES_SOURCE, article: '第十四条' },
} as const;

/**
 * How a payment was made. `payroll` (deducted from pay by the unit) and `advance` (paid in advance by
 * the Party organization for the member) are named only so the server can refuse them citing D12;
 * they are never stored.
 */
export type PaymentMethod = 'cash' | 'transfer' | 'bank' | 'other' | 'payroll' | 'advance';
/** `special`: a "特殊党费" demanded beyond the rules, likewise refused (D12). */
export type PaymentKind = 'regular' | 'voluntary' | 'special';

/**
 * D12, 第十四条: "党组织应当按照规定收缴党员党费，不得垫交或扣缴党员党费，不得要求党员交纳规定以外的
 * 各种名目的'特殊党费'". Paying through a relative or another member with the branch's consent (D10) is
 * allowed; the organization paying for the member, deducting it from pay, or a special levy are not.
 */
export function checkPaymentManner(input: {
  method?: PaymentMethod | undefined;
  kind?: PaymentKind | undefined;
}): PaymentCheck & { field?: 'method' | 'kind' } {
  const r = DUES_LEDGER_RULES.collection;
  const rule = { id: r.id, source: r.source, article: r.article };
  const refuse = (field: 'method' | 'kind', what: string) => ({
    ok: false,
    rule,
    field,
    message: `依据${r.source}${r.article}：${what}`,
  });
  if (input.method === 'payroll') return refuse('method', '党组织不得从工资中扣缴党员党费，应由党员本人交纳');
  if (input.method === 'advance') return refuse('method', '党组织不得为党员垫交党费');
  if (input.kind === 'special')
    return refuse('kind', '不得要求党员交纳规定以外的各种名目的"特殊党费"；党员自愿多交的，按"自愿多交"登记');
  return { ok: true };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

export function assertMonth(value: string, field = 'month'): void {
  if (!isMonth(value)) throw new DomainError('dues.month', '月份格式应为 YYYY-MM', field);
}

/** Months from `a` to `b` (b − a); negative when b is earlier. */
export function monthsBetween(a: string, b: string): number {
  assertMonth(a);
  assertMonth(b);
  return (
    (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)))
  );
}

export function addMonths(month: string, n: number): string {
  assertMonth(month);
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export interface PaymentCheck {
  ok: boolean;
  rule?: { id: string; source: string; article: string };
  message?: string;
}

/**
 * May a regular payment for `month` be recorded in `currentMonth`? Back-payment reaches at most
 * 6 months back (D10: the current month and the 6 before it); paying ahead is allowed for the rest of
 * the quarter only (quarterly payment needs branch consent, D10), i.e. at most 2 months ahead.
 */
export function checkPaymentMonth(month: string, currentMonth: string): PaymentCheck {
  const back = monthsBetween(month, currentMonth);
  const rule = DUES_LEDGER_RULES.backPayment;
  if (back > rule.months) {
    return {
      ok: false,
      rule: { id: rule.id, source: rule.source, article: rule.article },
      message: `依据${rule.source}${rule.article}：补交党费最多补交 ${rule.months} 个月，${month} 已超出补交期限`,
    };
  }
  if (back < -2) {
    return { ok: false, message: `不能预交 ${month} 的党费：按月交纳，经支部同意最多按季度预交` };
  }
  return { ok: true };
}

export type ArrearsLevel = 'none' | 'warning' | 'finding';

/**
 * D11 counts only months that have ended: "连续6个月不交纳" is a fact about whole months, and a month
 * can still be paid until its last day. On any day of a month (its first as its last) the latest month
 * that counts is the one before it. Both the compliance detector and the arrears list use this.
 */
export function lastEndedMonth(today: string): string {
  return addMonths(monthOf(today), -1);
}

/** 5 consecutive unpaid months warn; 6 make a finding for the branch to decide on (D11). */
export function arrearsLevel(consecutiveUnpaidMonths: number): ArrearsLevel {
  const r = DUES_LEDGER_RULES.arrears;
  if (consecutiveUnpaidMonths >= r.findingAt) return 'finding';
  if (consecutiveUnpaidMonths >= r.warnAt) return 'warning';
  return 'none';
}

/** The amount due for a month after a reduction or exemption (D5) that is in force that month. */
export function dueAfterAdjustment(
  monthlyFen: number,
  adjustment: { kind: 'none' | 'reduced' | 'exempt'; reducedFen?: number | null; untilMonth?: string | null },
  month: string,
): number {
  const inForce =
    adjustment.kind !== 'none' &&
    (!adjustment.untilMonth || monthsBetween(month, adjustment.untilMonth) >= 0);
  if (!inForce) return monthlyFen;
  if (adjustment.kind === 'exempt') return 0;
  return Math.min(monthlyFen, Math.max(0, adjustment.reducedFen ?? monthlyFen));
}

/**
 * D6, 第八条: "预备党员从支部大会通过其为预备党员之日起交纳党费" — dues are owed from the DAY of the
 * branch meeting that admitted the member (members.joined_on, set from the development record's
 * branch-meeting step when the higher committee approves). Dues are monthly and never pro-rated, so
 * the month containing that day is the first month owed: a member admitted on 12-20 owes December.
 *
 * Encoded reading, and why: the article says "之日起" (from that day), not "from the month after";
 * the day lies inside its month, and a month in which someone was a probationary member for any day
 * is a month they were a member. (Issue 9 proposed "the month after"; nothing in the article supports
 * it, and the common reprinted explanation is "从…当月开始交纳".) A candidate whose branch meeting has
 * passed but whose approval has not owes nothing yet (the committee may refuse); once approved, the
 * months from the meeting on are owed, and months already generated are filled in (dues service).
 *
 * Leaving is the mirror: a member is a member on each day from `joinedOn` up to the day before
 * `leftOn` (the day their status became left, deceased or transferred out); a month is owed when they
 * were a member on any day of it, so the month of leaving is owed unless they left on its first day.
 */
export interface DuesMembership {
  /** The day the branch meeting admitted them (入党日期); null when not recorded (owed as before). */
  joinedOn: string | null;
  /** The first day they were no longer a member (left, deceased, transferred out), if they left. */
  leftOn?: string | null;
}

/** The first month dues are owed for (D6): the month of the branch meeting's day. */
export function firstDuesMonth(joinedOn: string): string {
  return monthOf(joinedOn);
}

/** Whether dues are owed for `month` by the member's membership in that month (D6 and leaving). */
export function owesDuesFor(month: string, membership: DuesMembership): boolean {
  assertMonth(month);
  if (membership.joinedOn && monthsBetween(firstDuesMonth(membership.joinedOn), month) < 0) return false;
  if (membership.leftOn && membership.leftOn <= `${month}-01`) return false;
  return true;
}
