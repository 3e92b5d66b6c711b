import { describe, expect, it } from 'vitest';
import {
  asOfDay,
  FIGURE_DEFINITIONS,
  figure,
  monthBounds,
  monthsEnding,
  percent,
  weekOf,
} from './figures.ts';

describe('dashboard figures', () => {
  it('every figure has a Chinese label and a definition', () => {
    for (const [key, d] of Object.entries(FIGURE_DEFINITIONS)) {
      expect(d.label, key).toMatch(/[\u4e00-\u9fa5]/);
      expect(d.definition.length, key).toBeGreaterThan(8);
    }
  });

  it('a figure carries its definition and its list', () => {
    const f = figure('duesRate', 97.5, '/dues?org=3&month=2026-11');
    expect(f).toEqual({
      key: 'duesRate',
      label: '党费收缴率',
      unit: '%',
      value: 97.5,
      definition: FIGURE_DEFINITIONS.duesRate.definition,
      link: '/dues?org=3&month=2026-11',
    });
    expect(figure('orgs', 3, '/orgs', [{ month: '2026-11', value: 3 }]).trend).toHaveLength(1);
  });

  it('percentages round to one decimal and say nothing without a denominator', () => {
    expect(percent(0, 0)).toBeNull();
    expect(percent(1, 0)).toBeNull();
    expect(percent(0, 7)).toBe(0);
    expect(percent(7, 7)).toBe(100);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(1, 8)).toBe(12.5);
  });

  it('months: bounds across leap years, offsets across years', () => {
    expect(monthBounds('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(monthBounds('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(monthBounds('2026-12').last).toBe('2026-12-31');
    expect(() => monthBounds('2026-00')).toThrow(RangeError);
    expect(() => monthsEnding('2026-13', 2)).toThrow(RangeError);
    expect(monthsEnding('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsEnding('2026-06', 1)).toEqual(['2026-06']);
  });

  it('a month is reported as of its last day, or today while it runs, and never before it begins', () => {
    expect(asOfDay('2026-11', '2026-12-05')).toBe('2026-11-30');
    expect(asOfDay('2026-12', '2026-12-05')).toBe('2026-12-05');
    expect(asOfDay('2026-12', '2026-12-31')).toBe('2026-12-31');
    expect(asOfDay('2026-12', '2026-12-01')).toBe('2026-12-01');
    expect(asOfDay('2027-01', '2026-12-31')).toBeUndefined();
  });

  it('weeks run Monday to Sunday, across months and years', () => {
    // 2026-12-05 is a Saturday
    expect(weekOf('2026-12-05')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06' });
    expect(weekOf('2026-11-30')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06' });
    expect(weekOf('2026-12-06')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06' });
    expect(weekOf('2027-01-01')).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' });
  });
});
