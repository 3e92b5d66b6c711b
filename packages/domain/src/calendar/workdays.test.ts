import cd from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { addDays } from './dates.ts';
import { type CalendarYear, officialCalendarYear, WorkCalendar } from './workdays.ts';

const cal2026 = WorkCalendar.official([2026]);

describe('officialCalendarYear', () => {
  const year = officialCalendarYear(2026);

  it('is not provisional for a year chinese-days has published', () => {
    expect(year.year).toBe(2026);
    expect(year.provisional).toBe(false);
  });

  it('lists the National Day holiday 1–7 October 2026, weekend days included', () => {
    for (const day of ['01', '02', '03', '04', '05', '06', '07']) {
      expect(year.holidays).toContain(`2026-10-${day}`);
    }
    expect(year.holidays).not.toContain('2026-10-08');
  });

  it('lists the Spring Festival holiday 15–23 February 2026', () => {
    expect(year.holidays.filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
  });

  it('lists the 调休 weekend working days of 2026', () => {
    expect(year.makeupWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('does not list ordinary weekends as holidays', () => {
    expect(year.holidays).not.toContain('2026-10-11');
    expect(year.holidays).toHaveLength(33);
  });

  it('is provisional, with weekends only, for a year without published data', () => {
    expect(officialCalendarYear(2099)).toEqual({
      year: 2099,
      provisional: true,
      holidays: [],
      makeupWorkdays: [],
    });
    expect(officialCalendarYear(2003)).toMatchObject({ provisional: true, holidays: [] });
  });

  it('hands out copies, so a caller cannot corrupt the cached year', () => {
    officialCalendarYear(2026).holidays.push('2026-12-25');
    expect(officialCalendarYear(2026).holidays).not.toContain('2026-12-25');
  });

  it('rejects a year that is not a plausible integer', () => {
    for (const bad of [2026.5, 1900, 2500, Number.NaN]) {
      expect(() => officialCalendarYear(bad), String(bad)).toThrowError(
        expect.objectContaining({ code: 'calendar.year' }),
      );
    }
  });
});

describe('WorkCalendar.isWorkday', () => {
  it('agrees with chinese-days on every day of 2026', () => {
    let count = 0;
    for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
      expect(cal2026.isWorkday(day), day).toBe(cd.isWorkday(day));
      if (cal2026.isWorkday(day)) count++;
    }
    // 261 weekdays − 19 holidays falling on weekdays + 6 make-up weekend days
    expect(count).toBe(248);
  });

  it('treats ordinary weekdays as working days and weekends as days off', () => {
    expect(cal2026.isWorkday('2026-03-10')).toBe(true); // Tuesday
    expect(cal2026.isWorkday('2026-03-14')).toBe(false); // Saturday
  });

  it('treats a holiday on a weekday as a day off', () => {
    expect(cal2026.isWorkday('2026-10-01')).toBe(false); // Thursday
    expect(cal2026.isWorkday('2026-02-23')).toBe(false); // Monday
  });

  it('treats a 调休 Saturday or Sunday as a working day', () => {
    expect(cal2026.isWorkday('2026-10-10')).toBe(true); // Saturday
    expect(cal2026.isWorkday('2026-09-20')).toBe(true); // Sunday
  });

  it('counts weekends only in a year it was not given', () => {
    expect(cal2026.isWorkday('2027-10-01')).toBe(true); // Friday, no 2027 data supplied
    expect(cal2026.isWorkday('2027-10-02')).toBe(false); // Saturday
  });

  it('rejects a malformed date', () => {
    expect(() => cal2026.isWorkday('2026-10-32')).toThrowError(
      expect.objectContaining({ code: 'date.format' }),
    );
  });
});

describe('WorkCalendar.addWorkdays', () => {
  it('skips the National Day holiday of 2026', () => {
    expect(cal2026.addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal2026.addWorkdays('2026-09-30', 2)).toBe('2026-10-09');
  });

  it('counts the 调休 Saturday after National Day and skips the Sunday', () => {
    expect(cal2026.addWorkdays('2026-09-30', 3)).toBe('2026-10-10');
    expect(cal2026.addWorkdays('2026-09-30', 4)).toBe('2026-10-12');
  });

  it('counts the 调休 Sunday before National Day', () => {
    expect(cal2026.addWorkdays('2026-09-18', 1)).toBe('2026-09-20');
  });

  it('ends a 5-working-day public notice across the Spring Festival (P6)', () => {
    // 13 Feb (Fri) → 14 Feb (调休 Sat), then 24–27 Feb after the holiday.
    expect(cal2026.addWorkdays('2026-02-13', 5)).toBe('2026-02-27');
    expect(cal2026.addWorkdays('2026-02-13', 6)).toBe('2026-02-28');
    expect(cal2026.addWorkdays('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('starts counting on the day after the given date', () => {
    expect(cal2026.addWorkdays('2026-03-09', 1)).toBe('2026-03-10'); // Monday → Tuesday
    expect(cal2026.addWorkdays('2026-03-13', 1)).toBe('2026-03-16'); // Friday → Monday
  });

  it('answers the date itself for 0 when it is a working day', () => {
    expect(cal2026.addWorkdays('2026-09-30', 0)).toBe('2026-09-30');
    expect(cal2026.addWorkdays('2026-10-10', 0)).toBe('2026-10-10');
  });

  it('rolls 0 forward to the next working day from a day off', () => {
    expect(cal2026.addWorkdays('2026-10-01', 0)).toBe('2026-10-08');
    expect(cal2026.addWorkdays('2026-10-11', 0)).toBe('2026-10-12');
  });

  it('always lands on a working day and is undone by workdaysBetween for n ≥ 1', () => {
    for (let day = '2026-09-15'; day <= '2026-10-15'; day = addDays(day, 1)) {
      for (const n of [1, 2, 5, 10, 20]) {
        const end = cal2026.addWorkdays(day, n);
        expect(cal2026.isWorkday(end), `${day}+${n}`).toBe(true);
        expect(cal2026.workdaysBetween(day, end), `${day}+${n}`).toBe(n);
      }
    }
  });

  it('crosses into a year it was not given by counting weekends only', () => {
    // 31 Dec 2026 is Thursday; 1 Jan 2027 is Friday (no 2027 data: not treated as 元旦).
    expect(cal2026.addWorkdays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('rejects a negative or fractional number of days', () => {
    for (const n of [-1, 1.5, Number.NaN]) {
      expect(() => cal2026.addWorkdays('2026-10-01', n), String(n)).toThrowError(
        expect.objectContaining({ code: 'calendar.workdays', field: 'n' }),
      );
    }
  });
});

describe('WorkCalendar.workdaysBetween', () => {
  it('excludes the start and includes the end', () => {
    expect(cal2026.workdaysBetween('2026-03-09', '2026-03-13')).toBe(4); // Mon → Fri
    expect(cal2026.workdaysBetween('2026-03-09', '2026-03-09')).toBe(0);
    expect(cal2026.workdaysBetween('2026-03-09', '2026-03-10')).toBe(1);
  });

  it('counts the working days around National Day 2026', () => {
    expect(cal2026.workdaysBetween('2026-09-30', '2026-10-07')).toBe(0);
    expect(cal2026.workdaysBetween('2026-09-30', '2026-10-12')).toBe(4);
    // 20 Sep (调休 Sunday) counts; 25 Sep (中秋, Friday) does not.
    expect(cal2026.workdaysBetween('2026-09-18', '2026-09-30')).toBe(8);
  });

  it('counts the working days around the Spring Festival 2026', () => {
    expect(cal2026.workdaysBetween('2026-02-13', '2026-02-28')).toBe(6);
    expect(cal2026.workdaysBetween('2026-02-14', '2026-02-23')).toBe(0);
  });

  it('counts a whole year', () => {
    expect(cal2026.workdaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('is negative, and additive, when the dates are reversed', () => {
    expect(cal2026.workdaysBetween('2026-10-12', '2026-09-30')).toBe(-4);
    const a = '2026-09-10';
    const b = '2026-10-20';
    const c = '2026-10-05';
    expect(cal2026.workdaysBetween(a, b) + cal2026.workdaysBetween(b, c)).toBe(cal2026.workdaysBetween(a, c));
  });

  it('rejects malformed dates', () => {
    expect(() => cal2026.workdaysBetween('2026-02-30', '2026-03-01')).toThrow(DomainError);
  });
});

describe('WorkCalendar overrides', () => {
  it('turns a working day into a holiday', () => {
    const calendar = WorkCalendar.official([2026], [{ date: '2026-10-08', kind: 'holiday' }]);
    expect(calendar.isWorkday('2026-10-08')).toBe(false);
    expect(calendar.addWorkdays('2026-09-30', 1)).toBe('2026-10-09');
    expect(calendar.workdaysBetween('2026-09-30', '2026-10-12')).toBe(3);
  });

  it('turns a 调休 day back into a day off', () => {
    const calendar = WorkCalendar.official([2026], [{ date: '2026-10-10', kind: 'holiday' }]);
    expect(calendar.isWorkday('2026-10-10')).toBe(false);
  });

  it('turns a weekend day or an official holiday into a working day', () => {
    const calendar = WorkCalendar.official(
      [2026],
      [
        { date: '2026-10-11', kind: 'workday' },
        { date: '2026-10-07', kind: 'workday' },
      ],
    );
    expect(calendar.isWorkday('2026-10-11')).toBe(true);
    expect(calendar.isWorkday('2026-10-07')).toBe(true);
    expect(calendar.addWorkdays('2026-09-30', 1)).toBe('2026-10-07');
  });

  it('applies to a year that was not supplied', () => {
    const calendar = new WorkCalendar([], [{ date: '2027-01-01', kind: 'holiday' }]);
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
  });

  it('lets the later of two overrides for one date win', () => {
    const calendar = WorkCalendar.official(
      [2026],
      [
        { date: '2026-03-10', kind: 'holiday' },
        { date: '2026-03-10', kind: 'workday' },
      ],
    );
    expect(calendar.isWorkday('2026-03-10')).toBe(true);
  });

  it('rejects an override with a bad date or kind', () => {
    expect(() => new WorkCalendar([], [{ date: '2026-02-29', kind: 'holiday' }])).toThrowError(
      expect.objectContaining({ code: 'date.format', field: 'date' }),
    );
    const bad = { date: '2026-03-10', kind: 'rest' } as unknown as { date: string; kind: 'holiday' };
    expect(() => new WorkCalendar([], [bad])).toThrowError(
      expect.objectContaining({ code: 'calendar.override_kind' }),
    );
  });
});

describe('WorkCalendar.isProvisional', () => {
  const mixed = WorkCalendar.official([2026, 2099]);

  it('is false for a published year', () => {
    expect(mixed.isProvisional('2026-10-01')).toBe(false);
  });

  it('is true for a provisional year and for a year not supplied', () => {
    expect(mixed.isProvisional('2099-10-01')).toBe(true);
    expect(mixed.isProvisional('2098-10-01')).toBe(true);
  });

  it('is not changed by an override', () => {
    const calendar = WorkCalendar.official([2099], [{ date: '2099-01-01', kind: 'holiday' }]);
    expect(calendar.isProvisional('2099-01-01')).toBe(true);
  });

  it('tells whether a span touches a provisional year, in either order', () => {
    expect(cal2026.isProvisionalBetween('2026-02-01', '2026-11-30')).toBe(false);
    expect(cal2026.isProvisionalBetween('2026-12-20', '2027-01-10')).toBe(true);
    expect(cal2026.isProvisionalBetween('2027-01-10', '2026-12-20')).toBe(true);
  });

  it('counts weekends only in a provisional year', () => {
    // 1 Jan 2099 is a Thursday: without a published arrangement it is an ordinary working day.
    expect(mixed.isWorkday('2099-01-01')).toBe(true);
    expect(mixed.isWorkday('2099-01-03')).toBe(false);
  });
});

describe('WorkCalendar construction', () => {
  it('lets a later entry for the same year replace an earlier one', () => {
    const first: CalendarYear = {
      year: 2030,
      provisional: false,
      holidays: ['2030-01-01'],
      makeupWorkdays: [],
    };
    const second: CalendarYear = {
      year: 2030,
      provisional: false,
      holidays: ['2030-01-02'],
      makeupWorkdays: [],
    };
    const calendar = new WorkCalendar([first, second]);
    expect(calendar.isWorkday('2030-01-01')).toBe(true); // Tuesday, no longer a holiday
    expect(calendar.isWorkday('2030-01-02')).toBe(false);
  });

  it('rejects a date that does not belong to its year', () => {
    const year: CalendarYear = {
      year: 2030,
      provisional: false,
      holidays: ['2031-01-01'],
      makeupWorkdays: [],
    };
    expect(() => new WorkCalendar([year])).toThrowError(expect.objectContaining({ code: 'calendar.date' }));
  });

  it('rejects a malformed date in a year', () => {
    const year: CalendarYear = {
      year: 2030,
      provisional: false,
      holidays: [],
      makeupWorkdays: ['2030-02-30'],
    };
    expect(() => new WorkCalendar([year])).toThrow(DomainError);
  });

  it('is not affected by later changes to the arrays it was given', () => {
    const year: CalendarYear = {
      year: 2030,
      provisional: false,
      holidays: ['2030-01-01'],
      makeupWorkdays: [],
    };
    const calendar = new WorkCalendar([year]);
    year.holidays.push('2030-01-02');
    expect(calendar.isWorkday('2030-01-02')).toBe(true);
  });
});

describe('WorkCalendar.addCalendarMonths', () => {
  it('clamps to the end of the month', () => {
    expect(cal2026.addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(cal2026.addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('moves by calendar months regardless of holidays', () => {
    expect(cal2026.addCalendarMonths('2026-09-01', 1)).toBe('2026-10-01');
  });
});

describe('WorkCalendar.calendarYear', () => {
  it('answers the official year unchanged when there are no overrides', () => {
    expect(cal2026.calendarYear(2026)).toEqual(officialCalendarYear(2026));
  });

  it('applies overrides to the lists', () => {
    const calendar = WorkCalendar.official(
      [2026],
      [
        { date: '2026-10-08', kind: 'holiday' }, // weekday → holiday
        { date: '2026-10-10', kind: 'holiday' }, // 调休 Saturday withdrawn
        { date: '2026-10-07', kind: 'workday' }, // holiday withdrawn
        { date: '2026-10-03', kind: 'workday' }, // holiday on a Saturday → make-up day
        { date: '2026-12-26', kind: 'workday' }, // ordinary Saturday → make-up day
        { date: '2027-01-04', kind: 'holiday' }, // another year: ignored here
      ],
    );
    const year = calendar.calendarYear(2026);
    expect(year.holidays).toContain('2026-10-08');
    expect(year.holidays).not.toContain('2026-10-07');
    expect(year.holidays).not.toContain('2026-10-03');
    expect(year.makeupWorkdays).not.toContain('2026-10-10');
    expect(year.makeupWorkdays).toContain('2026-10-03');
    expect(year.makeupWorkdays).toContain('2026-12-26');
    expect(year.holidays.some((d) => d.startsWith('2027'))).toBe(false);
  });

  it('describes the same days as the calendar it comes from', () => {
    const overrides = [
      { date: '2026-10-08', kind: 'holiday' as const },
      { date: '2026-10-10', kind: 'holiday' as const },
      { date: '2026-10-11', kind: 'holiday' as const },
      { date: '2026-10-07', kind: 'workday' as const },
      { date: '2026-10-03', kind: 'workday' as const },
      { date: '2026-12-26', kind: 'workday' as const },
      { date: '2026-03-10', kind: 'workday' as const },
    ];
    const calendar = WorkCalendar.official([2026], overrides);
    const rebuilt = new WorkCalendar([calendar.calendarYear(2026)]);
    for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
      expect(rebuilt.isWorkday(day), day).toBe(calendar.isWorkday(day));
    }
  });

  it('marks a year without data as provisional', () => {
    expect(cal2026.calendarYear(2099)).toEqual({
      year: 2099,
      provisional: true,
      holidays: [],
      makeupWorkdays: [],
    });
  });
});

describe('provisionalNote', () => {
  const cal = WorkCalendar.official([2026, 2027]);

  it('names the unpublished years of a span in either order, and nothing for a known span', () => {
    expect(cal.provisionalYearsBetween('2026-12-28', '2028-01-03')).toEqual([2027, 2028]);
    expect(cal.provisionalNote('2027-01-04', '2026-12-28')).toBe(
      '2027年的法定节假日安排尚未公布，其间按周末计算工作日，结果为暂定',
    );
    expect(cal.provisionalNote('2026-01-01', '2026-12-31')).toBeUndefined();
  });
});
