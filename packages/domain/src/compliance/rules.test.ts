import { describe, expect, it } from 'vitest';
import { officialCalendarYear, WorkCalendar } from '../calendar/workdays.ts';
import {
  citation,
  deliverAfter,
  escalationCutoff,
  isUncertainArticle,
  monthsBackStart,
  periodKey,
  periodLabel,
} from './rules.ts';

describe('periods', () => {
  it('labels and keys months, quarters and years', () => {
    expect(periodLabel('2026-07-01', 'quarter')).toBe('2026年第3季度');
    expect(periodKey('2026-07-01', 'quarter')).toBe('2026-Q3');
    expect(periodKey('2026-12-01', 'quarter')).toBe('2026-Q4');
    expect(periodLabel('2026-01-01', 'month')).toBe('2026年1月');
    expect(periodKey('2026-01-01', 'month')).toBe('2026-01');
    expect(periodKey('2025-01-01', 'year')).toBe('2025');
    expect(periodLabel('2025-01-01', 'year')).toBe('2025年');
  });
  it('counts months back across a year', () => {
    expect(monthsBackStart('2026-11-20', 12)).toBe('2025-11-01');
    expect(monthsBackStart('2026-01-31', 1)).toBe('2025-12-01');
    expect(monthsBackStart('2026-03-01', 0)).toBe('2026-03-01');
  });
});

describe('citation', () => {
  it('cites the source and article', () => {
    expect(citation({ code: 'O6', source: '《中国共产党支部工作条例（试行）》', article: '第十三条' })).toBe(
      '依据《中国共产党支部工作条例（试行）》第十三条',
    );
  });
  it('keeps the mark of an unconfirmed article in the citation, and flags it', () => {
    const article = '第五章（组织生活）[条款号待核]';
    expect(citation({ code: 'O7', source: '《中国共产党支部工作条例（试行）》', article })).toContain(
      '[条款号待核]',
    );
    expect(isUncertainArticle(article)).toBe(true);
    expect(isUncertainArticle('第十二条[待核]')).toBe(true);
    expect(isUncertainArticle('第十三条；《中国共产党章程》第九条')).toBe(false);
  });
});

describe('quiet hours (22:00–08:00 Asia/Shanghai)', () => {
  const at = (s: string) => new Date(s);
  it('delivers at once during the day, boundaries included', () => {
    expect(deliverAfter(at('2026-11-20T08:00:00+08:00')).toISOString()).toBe(
      at('2026-11-20T08:00:00+08:00').toISOString(),
    );
    expect(deliverAfter(at('2026-11-20T21:59:59+08:00')).toISOString()).toBe(
      at('2026-11-20T21:59:59+08:00').toISOString(),
    );
  });
  it('holds a late-evening push until 08:00 the next morning', () => {
    expect(deliverAfter(at('2026-11-20T22:00:00+08:00')).toISOString()).toBe(
      at('2026-11-21T08:00:00+08:00').toISOString(),
    );
    expect(deliverAfter(at('2026-12-31T23:30:00+08:00')).toISOString()).toBe(
      at('2027-01-01T08:00:00+08:00').toISOString(),
    );
  });
  it('holds an early-morning push until 08:00 the same morning', () => {
    expect(deliverAfter(at('2026-11-21T01:30:00+08:00')).toISOString()).toBe(
      at('2026-11-21T08:00:00+08:00').toISOString(),
    );
    expect(deliverAfter(at('2026-11-21T07:59:59+08:00')).toISOString()).toBe(
      at('2026-11-21T08:00:00+08:00').toISOString(),
    );
  });
});

describe('escalation after working days', () => {
  const calendar = new WorkCalendar([officialCalendarYear(2026)]);
  it('finds the last day from which 5 working days have run', () => {
    // Friday 2026-11-20: opened any day of the weekend before (or earlier), Mon 16 – Fri 20 have run
    const cutoff = escalationCutoff(calendar, '2026-11-20', 5);
    expect(cutoff).toBe('2026-11-15');
    expect(calendar.workdaysBetween(cutoff, '2026-11-20')).toBe(5);
    expect(calendar.workdaysBetween('2026-11-16', '2026-11-20')).toBe(4);
  });
  it('skips the National Day holiday', () => {
    // 2026-10-01..07 are holidays; Friday 2026-10-09 minus 5 working days reaches back into September
    const cutoff = escalationCutoff(calendar, '2026-10-09', 5);
    expect(calendar.workdaysBetween(cutoff, '2026-10-09')).toBe(5);
    expect(cutoff < '2026-10-01').toBe(true);
  });
  it('zero working days escalates at once', () => {
    expect(escalationCutoff(calendar, '2026-11-20', 0)).toBe('2026-11-20');
  });
});
