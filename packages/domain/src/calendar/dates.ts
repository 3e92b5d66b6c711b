import { DomainError } from '../errors.ts';

/**
 * Calendar-day arithmetic on 'YYYY-MM-DD' strings (API.md: dates are Asia/Shanghai calendar days).
 *
 * A date string names a day, not an instant, so every computation goes through a Date at UTC
 * midnight: the host's time zone (a server in UTC, a browser anywhere) can then never shift a
 * day by one.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** China has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export const DATE_FORMAT_MESSAGE = '日期格式不正确，应为YYYY-MM-DD格式的有效日期';

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month, `month` 1–12. */
export function daysInMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

/** UTC midnight of a day; `setUTCFullYear` because `Date.UTC` maps years 0–99 to 1900–1999. */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** Year, month (1–12) and day of a valid 'YYYY-MM-DD', or undefined for anything else. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True for a real calendar day written 'YYYY-MM-DD' (rejects 2026-02-29, 2026-13-01, 2026-1-1). */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

/** Throws `DomainError('date.format')` unless `value` is a real 'YYYY-MM-DD' day. */
export function assertIsoDate(value: string, field?: string): void {
  if (!isIsoDate(value)) throw new DomainError('date.format', DATE_FORMAT_MESSAGE, field);
}

function toUtc(value: string): Date {
  const parts = parseIsoDate(value);
  if (!parts) throw new DomainError('date.format', DATE_FORMAT_MESSAGE);
  return utcDate(parts.year, parts.month, parts.day);
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Builds 'YYYY-MM-DD' from numbers; throws if they do not name a real day. */
export function formatIsoDate(year: number, month: number, day: number): string {
  const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  assertIsoDate(value);
  return value;
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new DomainError('date.days', '天数必须为整数');
  const utc = toUtc(date);
  return fromUtc(new Date(utc.getTime() + days * DAY_MS));
}

/**
 * 'YYYY-MM-DD' of the `days`th day after 1970-01-01 (negative before), by arithmetic alone (H. Hinnant's
 * civil-from-days, proleptic Gregorian): what `new Date(days * 86_400_000).toISOString().slice(0, 10)`
 * answers for years 0–9999, several times faster, for the clocks that convert instants to days.
 */
export function isoDateOfEpochDay(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * The day after a valid 'YYYY-MM-DD': `addDays(date, 1)` without parsing when the day is before the
 * 28th (the working-day loops of every clock step through days one at a time).
 */
export function nextDay(date: string): string {
  if (ISO_DATE.test(date)) {
    const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
    const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
    // days 1–27 exist in every month, and so does the day after them
    if (month >= 1 && month <= 12 && day >= 1 && day < 28)
      return `${date.slice(0, 8)}${day + 1 < 10 ? '0' : ''}${day + 1}`;
  }
  return addDays(date, 1);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (as `Date#getDay`). */
export function dayOfWeek(date: string): number {
  return toUtc(date).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

/**
 * `date` moved by `months` calendar months, clamped to the end of the month: Jan 31 + 1 month is
 * Feb 28 (Feb 29 in a leap year), and Mar 31 − 1 month likewise. Time limits such as "within 1
 * month" (RULES.md P2, P11, P13) and "6 months before the term ends" (O5) use this.
 */
export function addCalendarMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new DomainError('date.months', '月数必须为整数');
  const parts = parseIsoDate(date);
  if (!parts) throw new DomainError('date.format', DATE_FORMAT_MESSAGE);
  const index = parts.year * 12 + (parts.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatIsoDate(year, month, Math.min(parts.day, daysInMonth(year, month)));
}

/**
 * The date in Asia/Shanghai of an instant. The instant is required: "today" on the server comes from
 * its one clock (`server/src/platform/clock.ts`), never from the host's real clock here. The fixed
 * +8 offset avoids depending on the host's time-zone database.
 */
export function todayInShanghai(now: Date): string {
  return fromUtc(new Date(now.getTime() + SHANGHAI_OFFSET_MS));
}
