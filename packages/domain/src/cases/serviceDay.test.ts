import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../calendar/workdays.ts';
import { nextServiceDate } from './serviceDay.ts';

const cal = WorkCalendar.official([2026, 2027]);

describe('企业服务日: the next reception day on the 8th', () => {
  it('is this month when the day is today or ahead, next month once it has passed', () => {
    expect(nextServiceDate('2026-06-01', 8, cal)).toBe('2026-06-08');
    expect(nextServiceDate('2026-06-08', 8, cal)).toBe('2026-06-08');
    expect(nextServiceDate('2026-06-09', 8, cal)).toBe('2026-07-08');
    expect(nextServiceDate('2026-12-20', 8, cal)).toBe('2027-01-08');
  });

  it('moves a weekend or holiday to the next working day, and keeps it until that day', () => {
    // 2026-03-08 is a Sunday
    expect(nextServiceDate('2026-03-01', 8, cal)).toBe('2026-03-09');
    expect(nextServiceDate('2026-03-09', 8, cal)).toBe('2026-03-09');
    // National Day: 10-01…10-07 off; 10-08 is a Thursday working day, a 10-03 day waits until then
    expect(nextServiceDate('2026-09-20', 3, cal)).toBe('2026-10-08');
    expect(nextServiceDate('2026-10-05', 3, cal)).toBe('2026-10-08');
  });
});
