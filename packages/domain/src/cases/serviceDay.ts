import type { WorkCalendar } from '../calendar/workdays.ts';

/** The day of a month (1–28, so every month has it) as `YYYY-MM-DD`. */
function dateIn(year: number, month: number, day: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first working day on or after `date` (逢节假日顺延), at most 31 days on. */
function onWorkday(date: string, calendar: WorkCalendar): string {
  let d = date;
  for (let i = 0; i < 31 && !calendar.isWorkday(d); i++) {
    const next = new Date(`${d}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    d = next.toISOString().slice(0, 10);
  }
  return d;
}

/**
 * 企业服务日 (seed 004 蓬莱: a reception day on the 8th of each month): the session a sign-up made on
 * `today` belongs to — this month's day if it is today or still ahead, otherwise next month's. A day
 * that falls on a weekend or holiday moves to the next working day, 调休 included.
 */
export function nextServiceDate(today: string, dayOfMonth: number, calendar: WorkCalendar): string {
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 28)
    throw new RangeError('dayOfMonth must be 1..28');
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const thisMonth = onWorkday(dateIn(year, month, dayOfMonth), calendar);
  if (thisMonth >= today) return thisMonth;
  return onWorkday(dateIn(year, month + 1, dayOfMonth), calendar);
}
