import { describe, expect, it } from 'vitest';
import { evaluationDate, rankEntries } from './evaluation.ts';

const e = (projectId: number, progress: number, aheadPoints: number, scores: number[]) => ({
  projectId,
  progress,
  aheadPoints,
  scores,
});

describe('rankEntries', () => {
  it('weights the measured result against the judges’ mean', () => {
    const [first, second] = rankEntries([e(1, 100, 0, [60, 70]), e(2, 50, 0, [95, 95])], 40);
    // 1: 0.4×100 + 0.6×65 = 79; 2: 0.4×50 + 0.6×95 = 77
    expect(first).toMatchObject({ projectId: 1, judgesMean: 65, total: 79, rank: 1 });
    expect(second).toMatchObject({ projectId: 2, judgesMean: 95, total: 77, rank: 2 });
  });

  it('at the boundaries: 100 ranks by the measured result alone, 0 by the judges alone', () => {
    expect(
      rankEntries([e(1, 30, 0, []), e(2, 80, 0, [])], 100).map((r) => [r.projectId, r.total, r.rank]),
    ).toEqual([
      [2, 80, 1],
      [1, 30, 2],
    ]);
    expect(rankEntries([e(1, 100, 0, [70]), e(2, 0, 0, [90])], 0).map((r) => r.projectId)).toEqual([2, 1]);
    expect(() => rankEntries([], 101)).toThrow(RangeError);
    expect(() => rankEntries([], -1)).toThrow(RangeError);
    expect(() => rankEntries([], 50.5)).toThrow(RangeError);
  });

  it('breaks ties by 超时序, then shares the rank when both are equal (1, 2, 2, 4)', () => {
    const ranked = rankEntries(
      [e(1, 60, 0, [80]), e(2, 60, 5, [80]), e(3, 60, 0, [80]), e(4, 20, 0, [80])],
      50,
    );
    expect(ranked.map((r) => [r.projectId, r.rank])).toEqual([
      [2, 1],
      [1, 2],
      [3, 2],
      [4, 4],
    ]);
  });

  it('leaves a project nobody scored unranked, after the ranked ones', () => {
    const ranked = rankEntries([e(1, 100, 10, []), e(2, 10, -20, [50])], 50);
    expect(ranked.map((r) => [r.projectId, r.total, r.rank])).toEqual([
      [2, 30, 1],
      [1, null, null],
    ]);
  });
});

describe('evaluationDate', () => {
  it('is the year’s last day, or today while the year runs', () => {
    expect(evaluationDate(2026, '2026-12-05')).toBe('2026-12-05');
    expect(evaluationDate(2026, '2026-12-31')).toBe('2026-12-31');
    expect(evaluationDate(2026, '2027-01-01')).toBe('2026-12-31');
  });
});
