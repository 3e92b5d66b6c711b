import { describe, expect, it } from 'vitest';
import { type CaseMeasureRow, computeMeasures } from './measures.ts';
import { distanceMeters, textSimilarity } from './similar.ts';

const row = (r: Partial<CaseMeasureRow>): CaseMeasureRow => ({
  state: 'closed',
  closureReason: 'resolved',
  completionBreached: false,
  signedOnTime: true,
  rating: 'satisfied',
  redoCount: 0,
  returnCount: 0,
  dispatched: true,
  ...r,
});
const byKey = (rows: CaseMeasureRow[]) => Object.fromEntries(computeMeasures(rows).map((m) => [m.key, m]));

describe('measures', () => {
  it('counts open overdue cases against the on-time rate', () => {
    const m = byKey([
      row({}),
      row({ completionBreached: true }),
      row({ state: 'in_progress', closureReason: null, rating: null, completionBreached: true }),
      row({ state: 'in_progress', closureReason: null, rating: null, completionBreached: false }),
    ]);
    // 1 closed on time ÷ (2 closed + 1 open overdue); the open one still within time is not counted
    expect(m.onTime!.numerator).toBe(1);
    expect(m.onTime!.denominator).toBe(3);
    expect(m.onTime!.value).toBeCloseTo(1 / 3);
    expect(m.onTime!.definition).toContain('未办结但已超期');
  });

  it('leaves duplicates and rejected cases out of every measure', () => {
    const m = byKey([
      row({ closureReason: 'duplicate', rating: null }),
      row({ state: 'rejected', closureReason: 'rejected', rating: null, dispatched: false }),
    ]);
    expect(m.onTime!.denominator).toBe(0);
    expect(m.onTime!.value).toBeNull();
  });

  it('satisfaction is over rated cases only; rating rate over replied ones', () => {
    const m = byKey([
      row({ rating: 'satisfied' }),
      row({ rating: 'basic' }),
      row({ rating: 'unsatisfied', state: 'in_progress', closureReason: null, redoCount: 1 }),
      row({ rating: null }),
    ]);
    expect([m.satisfaction!.numerator, m.satisfaction!.denominator]).toEqual([2, 3]);
    expect([m.ratingRate!.numerator, m.ratingRate!.denominator]).toEqual([3, 4]);
    expect([m.redoRate!.numerator, m.redoRate!.denominator]).toEqual([1, 3]);
  });

  it('sign-in on time, return rate and first-time resolution', () => {
    const m = byKey([
      row({}),
      row({ signedOnTime: false, returnCount: 1 }),
      row({ redoCount: 1 }),
      row({ state: 'dispatched', closureReason: null, rating: null, signedOnTime: false }),
    ]);
    expect([m.signOnTime!.numerator, m.signOnTime!.denominator]).toEqual([2, 4]);
    expect([m.returnRate!.numerator, m.returnRate!.denominator]).toEqual([1, 4]);
    expect([m.firstTime!.numerator, m.firstTime!.denominator]).toEqual([1, 3]);
  });
});

describe('similarity', () => {
  it('measures distance in metres', () => {
    // 0.001° of latitude ≈ 111 m
    expect(distanceMeters(24.5, 118.1, 24.501, 118.1)).toBeCloseTo(111.2, 0);
    expect(distanceMeters(24.5, 118.1, 24.5, 118.1)).toBe(0);
  });
  it('finds similar text in Simplified and Traditional characters alike', () => {
    expect(textSimilarity('兴隆路口占道经营严重', '興隆路口佔道經營嚴重')).toBeGreaterThan(0.8);
    expect(textSimilarity('路灯不亮', '企业用工诉求')).toBe(0);
  });
});
