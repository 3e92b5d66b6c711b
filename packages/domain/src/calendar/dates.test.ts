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
  isWeekend,
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
