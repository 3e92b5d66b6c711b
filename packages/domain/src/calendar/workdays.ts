import cd from 'chinese-days';
import { DomainError } from '../errors.ts';
import { addCalendarMonths, assertIsoDate, formatIsoDate, isIsoDate, isWeekend, nextDay } from './dates.ts';

/**
 * The Chinese working-day calendar (RULES.md: "time limits in working days use the Chinese
 * calendar"; STYLE.md: one calendar module that knows holidays and 调休 make-up working days).
 */

/** One year of the official calendar, the shape of `GET /api/v1/calendar/{year}` (API.md). */
export interface CalendarYear {
  year: number;
  /**
   * True when no official arrangement for the year is known yet. A provisional year has empty
   * `holidays` and `makeupWorkdays`: Monday–Friday are counted as working days and weekends as
   * days off, and every result computed from it must be shown as provisional (RULES.md).
   */
  provisional: boolean;
  /** Official days off as published by the State Council, including those falling on weekends. */
  holidays: string[];
  /** 调休: weekend days that are working days. */
  makeupWorkdays: string[];
}

/** An administrator's correction of one day; it wins over the official calendar. */
export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'workday';
}

/** Years the calendar accepts; beyond them a "year" is more likely a typo than a plan. */
export const MIN_CALENDAR_YEAR = 1949;
export const MAX_CALENDAR_YEAR = 2199;

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw new DomainError(
      'calendar.year',
      `年份无效，应为${MIN_CALENDAR_YEAR}至${MAX_CALENDAR_YEAR}之间的整数`,
      'year',
    );
  }
}

const officialCache = new Map<number, CalendarYear>();

function copyYear(year: CalendarYear): CalendarYear {
  return { ...year, holidays: [...year.holidays], makeupWorkdays: [...year.makeupWorkdays] };
}

/**
 * The official calendar of `year`, read from the chinese-days package (its data covers 2004 to the
 * latest year the State Council has announced). The year is provisional when the package lists
 * no official holiday in it: every announced arrangement contains at least 元旦 and 春节, so an
 * empty list means "not announced yet" (or before the package's data), never "no holidays".
 * Detecting this instead of hard-coding 2026 means upgrading the package makes next year
 * official with no change here.
 */
export function officialCalendarYear(year: number): CalendarYear {
  assertYear(year);
  let cached = officialCache.get(year);
  if (!cached) {
    const first = formatIsoDate(year, 1, 1);
    const last = formatIsoDate(year, 12, 31);
    // includeWeekends=false: only the days the arrangement itself lists as holidays.
    const holidays = cd.getHolidaysInRange(first, last, false);
    const provisional = holidays.length === 0;
    cached = {
      year,
      provisional,
      holidays: provisional ? [] : holidays,
      makeupWorkdays: provisional ? [] : cd.getWorkdaysInRange(first, last, true).filter(isWeekend),
    };
    officialCache.set(year, cached);
  }
  return copyYear(cached);
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * Working-day arithmetic over a set of calendar years plus administrator overrides.
 *
 * Precedence for a day: an override, then the year's holidays, then its make-up working days,
 * then Monday–Friday. A day in a year that was not supplied is treated like a provisional year
 * (weekends only) and reported by `isProvisional`.
 */
export class WorkCalendar {
  readonly #years = new Map<number, CalendarYear>();
  readonly #holidays = new Set<string>();
  readonly #makeupWorkdays = new Set<string>();
  readonly #overrides = new Map<string, CalendarOverride['kind']>();
  /**
   * Days already answered by `isWorkday` (a calendar never changes once built; a change builds a new
   * one). Every clock of every case counts working hours day by day, so a list of cases asks about the
   * same few hundred days thousands of times.
   */
  readonly #known = new Map<string, boolean>();

  /**
   * @param years calendar years; a later entry for the same year replaces an earlier one
   * @param overrides corrections; for the same date the later one wins
   */
  constructor(years: readonly CalendarYear[], overrides: readonly CalendarOverride[] = []) {
    for (const year of years) {
      assertYear(year.year);
      for (const date of [...year.holidays, ...year.makeupWorkdays]) {
        if (!isIsoDate(date) || yearOf(date) !== year.year) {
          throw new DomainError('calendar.date', `日历${year.year}年中包含不属于该年的日期：${date}`);
        }
      }
      this.#years.set(year.year, copyYear(year));
    }
    for (const year of this.#years.values()) {
      for (const date of year.holidays) this.#holidays.add(date);
      for (const date of year.makeupWorkdays) this.#makeupWorkdays.add(date);
    }
    for (const override of overrides) {
      assertIsoDate(override.date, 'date');
      if (override.kind !== 'holiday' && override.kind !== 'workday') {
        throw new DomainError('calendar.override_kind', '日历校正类型无效，应为holiday或workday', 'kind');
      }
      this.#overrides.set(override.date, override.kind);
    }
  }

  /** A calendar of the official years from chinese-days, with overrides. */
  static official(years: readonly number[], overrides: readonly CalendarOverride[] = []): WorkCalendar {
    return new WorkCalendar(
      years.map((year) => officialCalendarYear(year)),
      overrides,
    );
  }

  isWorkday(date: string): boolean {
    const known = this.#known.get(date);
    if (known !== undefined) return known;
    assertIsoDate(date, 'date');
    const override = this.#overrides.get(date);
    const workday = override
      ? override === 'workday'
      : this.#holidays.has(date)
        ? false
        : this.#makeupWorkdays.has(date)
          ? true
          : !isWeekend(date);
    // bounded: a process asks about the years around today, but a caller could walk any range
    if (this.#known.size >= 50_000) this.#known.clear();
    this.#known.set(date, workday);
    return workday;
  }

  /**
   * True when the official arrangement of the date's year is unknown: the year is provisional or
   * was not supplied. An override fixes one day but does not make the rest of its year known, so
   * it does not change this answer.
   */
  isProvisional(date: string): boolean {
    assertIsoDate(date, 'date');
    return this.#years.get(yearOf(date))?.provisional ?? true;
  }

  /** True when any year touched by the span between the two dates (either order) is provisional. */
  isProvisionalBetween(from: string, to: string): boolean {
    assertIsoDate(from, 'from');
    assertIsoDate(to, 'to');
    const [low, high] = from <= to ? [yearOf(from), yearOf(to)] : [yearOf(to), yearOf(from)];
    for (let year = low; year <= high; year++) {
      if (this.#years.get(year)?.provisional ?? true) return true;
    }
    return false;
  }

  /**
   * The years between the two dates (either order) whose official arrangement is unknown, ascending.
   */
  provisionalYearsBetween(from: string, to: string): number[] {
    assertIsoDate(from, 'from');
    assertIsoDate(to, 'to');
    const [low, high] = from <= to ? [yearOf(from), yearOf(to)] : [yearOf(to), yearOf(from)];
    const out: number[] = [];
    for (let year = low; year <= high; year++) if (this.#years.get(year)?.provisional ?? true) out.push(year);
    return out;
  }

  /**
   * What a deadline counted across an unknown year must say (RULES.md: "where the calendar for a year
   * is missing, the result says it is provisional"), or undefined when every year is known.
   */
  provisionalNote(from: string, to: string): string | undefined {
    const years = this.provisionalYearsBetween(from, to);
    if (years.length === 0) return undefined;
    return `${years.join('、')}年的法定节假日安排尚未公布，其间按周末计算工作日，结果为暂定`;
  }

  /**
   * The `n`th working day after `date` (the day after `date` is the first candidate), so the
   * deadline of "within 5 working days from the notice" is `addWorkdays(notice, 5)`.
   *
   * `n = 0` answers `date` itself when it is a working day and otherwise the next working day:
   * a time limit never ends on a day off (the same roll-forward as chinese-days' `findWorkday(0)`
   * and the usual rule that a period ending on a holiday ends on the next working day). The result
   * is therefore always a working day, and `workdaysBetween(date, addWorkdays(date, n)) === n` for
   * every n ≥ 1.
   */
  addWorkdays(date: string, n: number): string {
    assertIsoDate(date, 'date');
    if (!Number.isInteger(n) || n < 0) {
      throw new DomainError('calendar.workdays', '工作日天数必须为不小于0的整数', 'n');
    }
    let current = date;
    if (n === 0) {
      while (!this.isWorkday(current)) current = nextDay(current);
      return current;
    }
    let remaining = n;
    while (remaining > 0) {
      current = nextDay(current);
      if (this.isWorkday(current)) remaining--;
    }
    return current;
  }

  /**
   * Working days in (from, to]: `from` excluded, `to` included, so a notice published on a Monday
   * and checked on Friday of the same ordinary week has run 4 working days. When `to` is before
   * `from` the answer is the negative of `workdaysBetween(to, from)`, which keeps
   * `between(a, b) + between(b, c) === between(a, c)` for any order.
   */
  workdaysBetween(from: string, to: string): number {
    assertIsoDate(from, 'from');
    assertIsoDate(to, 'to');
    if (to < from) return -this.workdaysBetween(to, from);
    let count = 0;
    for (let day = nextDay(from); day <= to; day = nextDay(day)) {
      if (this.isWorkday(day)) count++;
    }
    return count;
  }

  /** Calendar months with end-of-month clamping (Jan 31 + 1 → Feb 28/29); see `addCalendarMonths`. */
  addCalendarMonths(date: string, n: number): string {
    return addCalendarMonths(date, n);
  }

  /**
   * The year as this calendar sees it, overrides applied: what `GET /api/v1/calendar/{year}` shows
   * after an administrator's correction. An override `holiday` lists a weekday as a holiday and
   * withdraws a make-up day; an override `workday` withdraws a holiday and lists a weekend day as a
   * make-up day. A calendar rebuilt from the answer (without overrides) agrees with this one on
   * every day of the year.
   */
  calendarYear(year: number): CalendarYear {
    assertYear(year);
    const base = this.#years.get(year);
    const holidays = new Set(base?.holidays ?? []);
    const makeupWorkdays = new Set(base?.makeupWorkdays ?? []);
    for (const [date, kind] of this.#overrides) {
      if (yearOf(date) !== year) continue;
      if (kind === 'holiday') {
        makeupWorkdays.delete(date);
        if (!isWeekend(date) || base?.holidays.includes(date)) holidays.add(date);
      } else {
        holidays.delete(date);
        if (isWeekend(date)) makeupWorkdays.add(date);
      }
    }
    return {
      year,
      provisional: base?.provisional ?? true,
      holidays: [...holidays].sort(),
      makeupWorkdays: [...makeupWorkdays].sort(),
    };
  }
}
