import { describe, expect, it } from 'vitest';
import { chairTerms, holderOf, periodStart, termOn } from './chair.ts';

describe('the holder of a chair term', () => {
  it('goes round the order', () => {
    expect([0, 1, 2, 3, 4].map((k) => holderOf(k, 3, []))).toEqual([0, 1, 2, 0, 1]);
  });
  it('a skip hands the term to the next one and moves everyone after up one', () => {
    const skip = [{ term: 1, kind: 'skip' as const }];
    expect([0, 1, 2, 3].map((k) => holderOf(k, 3, skip))).toEqual([0, 2, 0, 1]);
  });
  it('a swap exchanges two terms and leaves the rest', () => {
    const swap = [{ term: 1, kind: 'swap' as const, withTerm: 2 }];
    expect([0, 1, 2, 3].map((k) => holderOf(k, 3, swap))).toEqual([0, 2, 1, 0]);
  });
  it('refuses an empty order', () => {
    expect(() => holderOf(0, 0, [])).toThrow();
  });
});

describe('calendar terms', () => {
  it('start at the quarter or half-year containing the start date', () => {
    expect(periodStart('2026-05-20', 'quarter')).toBe('2026-04-01');
    expect(periodStart('2026-05-20', 'half_year')).toBe('2026-01-01');
    expect(periodStart('2026-07-01', 'half_year')).toBe('2026-07-01');
  });
  it('count from the start: the last day of a quarter is still its term, the next day is the next', () => {
    expect(termOn('2026-01-01', 'quarter', '2026-03-31')).toEqual({
      index: 0,
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(termOn('2026-01-01', 'quarter', '2026-04-01')).toEqual({
      index: 1,
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(termOn('2026-01-01', 'half_year', '2027-01-01')?.index).toBe(2);
    expect(termOn('2026-04-01', 'quarter', '2026-03-31')).toBeNull();
  });
});

describe('the chair now and next', () => {
  it('passes on the date without any change recorded', () => {
    const base = { start: '2026-01-01', period: 'quarter' as const, orderLength: 3, changes: [] };
    const q4 = chairTerms({ ...base, today: '2026-12-31' });
    expect(q4.current).toEqual({ index: 3, position: 0, from: '2026-10-01', to: '2026-12-31' });
    expect(q4.next).toEqual({ index: 4, position: 1, from: '2027-01-01', to: '2027-03-31' });
    expect(chairTerms({ ...base, today: '2027-01-01' }).current?.position).toBe(1);
  });
  it('before the start there is no chair yet, only the first one', () => {
    const r = chairTerms({
      start: '2027-01-01',
      period: 'half_year',
      orderLength: 2,
      changes: [],
      today: '2026-12-31',
    });
    expect(r.current).toBeNull();
    expect(r.next).toEqual({ index: 0, position: 0, from: '2027-01-01', to: '2027-06-30' });
  });
  it('by meeting: the chair passes the day after each joint meeting held', () => {
    const base = { start: '2026-01-01', period: 'meeting' as const, orderLength: 3, changes: [] };
    const r = chairTerms({ ...base, heldMeetings: ['2026-03-10', '2026-06-10'], today: '2026-06-10' });
    expect(r.current).toEqual({ index: 1, position: 1, from: '2026-03-11', to: null });
    const after = chairTerms({ ...base, heldMeetings: ['2026-03-10', '2026-06-10'], today: '2026-06-11' });
    expect(after.current).toEqual({ index: 2, position: 2, from: '2026-06-11', to: null });
    expect(after.next?.position).toBe(0);
  });
  it('no order, no chair', () => {
    expect(
      chairTerms({
        start: '2026-01-01',
        period: 'quarter',
        orderLength: 0,
        changes: [],
        today: '2026-05-01',
      }),
    ).toEqual({ current: null, next: null });
  });
});
