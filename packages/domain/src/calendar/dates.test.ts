import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  addCalendarMonths,
  addDays,
  assertIsoDate,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  isIsoDate,
  isLeapYear,
  isoDateOfEpochDay,
  isWeekend,
  nextDay,
  parseIsoDate,
  todayInShanghai,
} from './dates.ts';

describe('isIsoDate', () => {
  it('accepts real days written YYYY-MM-DD', () => {
    expect(isIsoDate('2026-10-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
  });

  it('rejects days that do not exist', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-01-00')).toBe(false);
  });

  it('rejects other spellings', () => {
    for (const value of ['2026-1-1', '20260101', '2026/01/01', ' 2026-01-01', '2026-01-01T00:00', '']) {
      expect(isIsoDate(value)).toBe(false);
    }
  });

  it('parses into numbers', () => {
    expect(parseIsoDate('2026-03-09')).toEqual({ year: 2026, month: 3, day: 9 });
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
  });

  it('assertIsoDate throws a DomainError naming the field', () => {
    expect(() => assertIsoDate('2026-02-30', 'since')).toThrowError(
      expect.objectContaining({ code: 'date.format', field: 'since' }),
    );
    expect(() => assertIsoDate('2026-02-28')).not.toThrow();
  });
});

describe('leap years and month lengths', () => {
  it('follows the Gregorian century rule', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2026)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });

  it('knows the length of each month', () => {
    expect(daysInMonth(2026, 1)).toBe(31);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('is not fooled by years below 100', () => {
    expect(daysInMonth(4, 2)).toBe(29);
    expect(isIsoDate('0004-02-29')).toBe(true);
  });
});

describe('formatIsoDate', () => {
  it('pads the parts', () => {
    expect(formatIsoDate(2026, 3, 1)).toBe('2026-03-01');
  });

  it('refuses numbers that are not a day', () => {
    expect(() => formatIsoDate(2026, 2, 29)).toThrow(DomainError);
  });
});

describe('addDays and daysBetween', () => {
  it('crosses month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-10-01', 0)).toBe('2026-10-01');
  });

  it('counts calendar days in either direction', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
  });

  it('rejects a fractional number of days', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(DomainError);
  });
});

describe('weekdays', () => {
  it('reads the day of the week without the host time zone', () => {
    expect(dayOfWeek('2026-10-01')).toBe(4); // Thursday
    expect(dayOfWeek('2026-09-20')).toBe(0); // Sunday
    expect(isWeekend('2026-10-10')).toBe(true); // Saturday
    expect(isWeekend('2026-10-09')).toBe(false); // Friday
  });
});

describe('addCalendarMonths', () => {
  it('keeps the day of the month when it exists', () => {
    expect(addCalendarMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addCalendarMonths('2026-05-31', 2)).toBe('2026-07-31');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('crosses years both ways', () => {
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addCalendarMonths('2026-06-30', -18)).toBe('2024-12-30');
    expect(addCalendarMonths('2026-06-30', 0)).toBe('2026-06-30');
  });

  it('rejects a fractional number of months', () => {
    expect(() => addCalendarMonths('2026-01-01', 0.5)).toThrow(DomainError);
  });
});

describe('todayInShanghai', () => {
  it('is already tomorrow in Shanghai at 16:00 UTC', () => {
    expect(todayInShanghai(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(todayInShanghai(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });
});

describe("isoDateOfEpochDay and nextDay (the clocks' fast paths)", () => {
  const DAY = 86_400_000;
  it('name the same day as Date for every day from 1899 to 2101 and at the ends of the years 0–9999', () => {
    const first = Math.floor(Date.UTC(1899, 0, 1) / DAY);
    const last = Math.floor(Date.UTC(2101, 11, 31) / DAY);
    for (let d = first; d <= last; d++)
      expect(isoDateOfEpochDay(d), String(d)).toBe(new Date(d * DAY).toISOString().slice(0, 10));
    for (const d of [-719_528, -719_162, -1, 0, 1, 11_016, 2_932_896]) {
      const date = new Date(0);
      date.setTime(d * DAY);
      expect(isoDateOfEpochDay(d)).toBe(date.toISOString().slice(0, 10));
    }
  });

  it('steps one day as addDays does, across month ends, 29 February and year ends', () => {
    for (let day = '1999-12-01'; day < '2101-01-01'; day = addDays(day, 1))
      expect(nextDay(day), day).toBe(addDays(day, 1));
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2026-01-09')).toBe('2026-01-10');
  });

  it('refuses what addDays refuses', () => {
    for (const bad of ['2026-13-01', '2026-02-30', '2026-1-01', '2026-00-10', '', 'x2026-01-01'])
      expect(() => nextDay(bad), bad).toThrow(DomainError);
  });
});
