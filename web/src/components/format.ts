import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';
import { knownServerToday } from '../api/today';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Dates and times are shown as in Asia/Shanghai, whatever the browser's own zone. */
export const DISPLAY_ZONE = 'Asia/Shanghai';
export const EMPTY = '—';

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const d = dayjs(value);
  return d.isValid() ? d.tz(DISPLAY_ZONE).format('YYYY-MM-DD HH:mm') : value;
}

export function formatDateTimeSeconds(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const d = dayjs(value);
  return d.isValid() ? d.tz(DISPLAY_ZONE).format('YYYY-MM-DD HH:mm:ss') : value;
}

/** A `YYYY-MM-DD` date stays as it is (it already names a day in Asia/Shanghai). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return EMPTY;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : dayjs(value).tz(DISPLAY_ZONE).format('YYYY-MM-DD');
}

/** Shown for a 正式党员 whose 转正日期 was never entered (records carried over from paper ledgers). */
export const FULL_DATE_UNKNOWN = '历史数据未录入';

/**
 * 转正日期 as shown: the date; for a full member without one, "历史数据未录入" rather than a blank that
 * reads as "not a full member yet"; a dash for everyone else (a 预备党员 has none yet).
 */
export function formatFullMemberOn(member: {
  stage: string;
  fullMemberOn: string | null | undefined;
}): string {
  if (member.fullMemberOn) return formatDate(member.fullMemberOn);
  return member.stage === 'full' ? FULL_DATE_UNKNOWN : EMPTY;
}

/**
 * Today as a date in Asia/Shanghai: the server's business date once an API answer has told it
 * (`api/today.ts`), else the browser's clock read in Asia/Shanghai (the browser may run in another zone).
 */
export function todayInChina(): dayjs.Dayjs {
  return dayjs(knownServerToday() ?? dayjs().tz(DISPLAY_ZONE).format('YYYY-MM-DD'));
}

/** A value of an audit or history record as short text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return value === '' ? '（空）' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export { dayjs };

/**
 * Money is integer fen everywhere; shown as 元 with two decimals and thousands separators, computed
 * in integers only (`formatFen(123456)` → "1,234.56").
 */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isInteger(fen)) return EMPTY;
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const yuan = String((abs - cents) / 100).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}${yuan}.${String(cents).padStart(2, '0')}`;
}

/** `formatFen` with the unit: "15.00 元". */
export function formatYuan(fen: number | null | undefined): string {
  const text = formatFen(fen);
  return text === EMPTY ? text : `${text} 元`;
}

/** 元 typed by a person ("15", "15.5", "1,234.05") → fen, parsed as a string (never through a float); null when not a valid amount. */
export function parseYuan(text: string | null | undefined): number | null {
  const m = /^(\d{1,10})(?:\.(\d{0,2}))?$/.exec((text ?? '').replace(/[,，\s]/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A decimal rate string as a percentage, by moving the decimal point: "0.005" → "0.5%". */
export function formatRate(rate: string | null | undefined): string {
  if (!rate || !/^\d+(\.\d+)?$/.test(rate)) return EMPTY;
  const [int = '0', frac = ''] = rate.split('.');
  const padded = frac.padEnd(2, '0');
  const whole = String(Number(int + padded.slice(0, 2)));
  const rest = padded.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}
