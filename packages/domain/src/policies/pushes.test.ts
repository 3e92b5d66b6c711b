import { describe, expect, it } from 'vitest';
import {
  capFor,
  DEFAULT_PUSH_CAP,
  type MatchPair,
  newlyEligible,
  planPushes,
  pushKey,
  weekStart,
} from './pushes.ts';

const cap = { perDay: 2, perWeek: 5 };
const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the cap and digest rule', () => {
  it('sends everything as singles while it fits the day', () => {
    expect(planPushes(items(1), cap, 0, 0)).toEqual({ singles: [1], digest: [], held: [] });
    expect(planPushes(items(2), cap, 0, 0)).toEqual({ singles: [1, 2], digest: [], held: [] });
  });

  it('one over the room folds the last two into one digest (never a digest of one)', () => {
    expect(planPushes(items(3), cap, 0, 0)).toEqual({ singles: [1], digest: [2, 3], held: [] });
    expect(planPushes(items(10), cap, 0, 0)).toEqual({ singles: [1], digest: items(10).slice(1), held: [] });
  });

  it('with one place left, one push goes alone and two or more go as one digest', () => {
    expect(planPushes(items(1), cap, 1, 1)).toEqual({ singles: [1], digest: [], held: [] });
    expect(planPushes(items(2), cap, 1, 1)).toEqual({ singles: [], digest: [1, 2], held: [] });
  });

  it('holds everything when the day is full, and when the week is full whatever the day says', () => {
    expect(planPushes(items(3), cap, 2, 2)).toEqual({ singles: [], digest: [], held: [1, 2, 3] });
    expect(planPushes(items(1), cap, 0, 5)).toEqual({ singles: [], digest: [], held: [1] });
    expect(planPushes(items(1), cap, 0, 4)).toEqual({ singles: [1], digest: [], held: [] });
    // more sent than the cap (a cap lowered since) is no room, not a negative one
    expect(planPushes(items(2), cap, 3, 3)).toEqual({ singles: [], digest: [], held: [1, 2] });
  });

  it('the week can leave less room than the day', () => {
    const wide = { perDay: 5, perWeek: 5 };
    expect(planPushes(items(4), wide, 0, 3)).toEqual({ singles: [1], digest: [2, 3, 4], held: [] });
  });

  it('nothing pending, nothing planned', () => {
    expect(planPushes([], cap, 0, 0)).toEqual({ singles: [], digest: [], held: [] });
  });
});

describe('the cap of a region', () => {
  const rows = [
    { regionPrefix: '', perDay: 3, perWeek: 10 },
    { regionPrefix: '3502', perDay: 2, perWeek: 6 },
    { regionPrefix: '350206', perDay: 1, perWeek: 3 },
  ];
  it('takes the longest prefix of the enterprise region code', () => {
    expect(capFor(rows, '350206')).toEqual({ perDay: 1, perWeek: 3 });
    expect(capFor(rows, '350203')).toEqual({ perDay: 2, perWeek: 6 });
    expect(capFor(rows, '350802')).toEqual({ perDay: 3, perWeek: 10 });
    expect(capFor([], '350206')).toEqual(DEFAULT_PUSH_CAP);
  });
});

describe('weeks run Monday to Sunday', () => {
  it('finds the Monday, across a month and a year', () => {
    expect(weekStart('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(weekStart('2026-12-13')).toBe('2026-12-07'); // its Sunday
    expect(weekStart('2026-12-14')).toBe('2026-12-14');
    expect(weekStart('2027-01-01')).toBe('2026-12-28'); // a Friday
    expect(weekStart('2024-03-01')).toBe('2024-02-26'); // after a leap day
  });
});

describe('newly eligible transitions', () => {
  const m = (unitId: number, policyId: number, result: MatchPair['result'], version = 1): MatchPair => ({
    unitId,
    policyId,
    version,
    result,
  });
  it('an eligible pair that was not eligible before is news; one eligible before is not', () => {
    const before = [{ unitId: 1, policyId: 10 }];
    const after = [m(1, 10, 'eligible', 2), m(1, 11, 'eligible'), m(2, 10, 'eligible')];
    expect(newlyEligible(before, after)).toEqual([m(1, 11, 'eligible'), m(2, 10, 'eligible')]);
  });
  it('unknown and ineligible answers are never news, whatever their missing facts', () => {
    expect(newlyEligible([], [m(1, 10, 'unknown'), m(1, 11, 'ineligible')])).toEqual([]);
  });
  it('a second re-match with the same answers finds nothing', () => {
    const after = [m(1, 10, 'eligible'), m(2, 10, 'unknown')];
    const before = after.filter((a) => a.result === 'eligible');
    expect(newlyEligible(before, after)).toEqual([]);
  });
  it('keys a push by enterprise, item and version', () => {
    expect(pushKey({ unitId: 1, policyId: 10, version: 3 })).toBe('1:10:3');
  });
});
