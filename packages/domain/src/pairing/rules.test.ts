import { describe, expect, it } from 'vitest';
import {
  attainment,
  checkFen,
  checkPeriod,
  checkQuantity,
  pairingPeriodLabel,
  periodsOverlap,
  runsIn,
  yearOf,
  yearRange,
} from './rules.ts';

describe('a pairing period', () => {
  it('accepts one year, and an open end', () => {
    expect(checkPeriod({ fromYear: 2024, toYear: 2024 })).toBeNull();
    expect(checkPeriod({ fromYear: 2024, toYear: null })).toBeNull();
  });
  it('refuses an end before the start, naming toYear', () => {
    expect(checkPeriod({ fromYear: 2024, toYear: 2023 })).toMatchObject({
      field: 'toYear',
      code: 'pairing.period',
    });
  });
  it('refuses years out of range or not whole', () => {
    expect(checkPeriod({ fromYear: 1999, toYear: null })?.field).toBe('fromYear');
    expect(checkPeriod({ fromYear: 2000, toYear: null })).toBeNull();
    expect(checkPeriod({ fromYear: 2024.5, toYear: null })?.field).toBe('fromYear');
    expect(checkPeriod({ fromYear: 2024, toYear: 2101 })?.field).toBe('toYear');
  });
  it('overlaps when the periods share a year, the last year included', () => {
    expect(periodsOverlap({ fromYear: 2022, toYear: 2023 }, { fromYear: 2023, toYear: 2025 })).toBe(true);
    expect(periodsOverlap({ fromYear: 2022, toYear: 2023 }, { fromYear: 2024, toYear: 2025 })).toBe(false);
    expect(periodsOverlap({ fromYear: 2024, toYear: 2025 }, { fromYear: 2022, toYear: 2023 })).toBe(false);
  });
  it('an open end overlaps everything after its start', () => {
    expect(periodsOverlap({ fromYear: 2022, toYear: null }, { fromYear: 2030, toYear: 2030 })).toBe(true);
    expect(periodsOverlap({ fromYear: 2022, toYear: null }, { fromYear: 2020, toYear: 2021 })).toBe(false);
    expect(periodsOverlap({ fromYear: 2022, toYear: null }, { fromYear: 2025, toYear: null })).toBe(true);
  });
  it('runs in its first and last year, not the years around', () => {
    const p = { fromYear: 2022, toYear: 2024 };
    expect([2021, 2022, 2024, 2025].map((y) => runsIn(p, y))).toEqual([false, true, true, false]);
    expect(runsIn({ fromYear: 2022, toYear: null }, 2099)).toBe(true);
    expect(pairingPeriodLabel(p)).toBe('2022–2024 年');
    expect(pairingPeriodLabel({ fromYear: 2022, toYear: null })).toBe('2022 年起');
  });
});

describe('years of dates', () => {
  it('puts 31 December in its year and 1 January in the next', () => {
    expect(yearOf('2025-12-31')).toBe(2025);
    expect(yearOf('2026-01-01')).toBe(2026);
    expect(yearRange(2026)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('amounts and quantities', () => {
  it('takes whole non-negative fen only', () => {
    expect(checkFen(0)).toBe(true);
    expect(checkFen(113_130_000)).toBe(true);
    expect(checkFen(-1)).toBe(false);
    expect(checkFen(1.5)).toBe(false);
    expect(checkFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
  });
  it('takes positive quantities with at most two decimals', () => {
    expect(checkQuantity(0.01)).toBe(true);
    expect(checkQuantity(2.5)).toBe(true);
    expect(checkQuantity(0)).toBe(false);
    expect(checkQuantity(-1)).toBe(false);
    expect(checkQuantity(1.005)).toBe(false);
  });
});

describe('attainment against the target', () => {
  it('is met exactly at the target, behind one fen below', () => {
    expect(attainment(100_000_00, 100_000_00)).toEqual({ status: 'met', percent: 100, gapFen: 0 });
    expect(attainment(100_000_00, 99_999_99)).toEqual({ status: 'behind', percent: 100, gapFen: 1 });
    expect(attainment(300, 100)).toEqual({ status: 'behind', percent: 33.3, gapFen: 200 });
  });
  it('says unreported without an actual, and no target without one', () => {
    expect(attainment(100, null)).toEqual({ status: 'unreported', percent: null, gapFen: null });
    expect(attainment(null, 100).status).toBe('no_target');
  });
  it('a zero target is met by anything, with no percent', () => {
    expect(attainment(0, 0)).toEqual({ status: 'met', percent: null, gapFen: 0 });
  });
});
