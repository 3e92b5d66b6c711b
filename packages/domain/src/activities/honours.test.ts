import { describe, expect, it } from 'vitest';
import { chooseByRanking, rankNominees, selectionPhase } from './honours.ts';

describe('评选表彰', () => {
  it('passes from nomination to voting to the decision by the day, inclusive of both ends', () => {
    const s = { votingFrom: '2026-12-10', votingTo: '2026-12-20', status: 'open' as const };
    expect(selectionPhase(s, '2026-12-09')).toBe('nominating');
    expect(selectionPhase(s, '2026-12-10')).toBe('voting');
    expect(selectionPhase(s, '2026-12-20')).toBe('voting');
    expect(selectionPhase(s, '2026-12-21')).toBe('counting');
    expect(selectionPhase({ ...s, status: 'decided' }, '2026-12-15')).toBe('decided');
    expect(selectionPhase({ ...s, status: 'cancelled' }, '2026-12-09')).toBe('cancelled');
    // one-day window
    const one = { votingFrom: '2027-01-01', votingTo: '2027-01-01', status: 'open' as const };
    expect(selectionPhase(one, '2026-12-31')).toBe('nominating');
    expect(selectionPhase(one, '2027-01-01')).toBe('voting');
    expect(selectionPhase(one, '2027-01-02')).toBe('counting');
  });

  it('ranks by votes, equal votes sharing a rank', () => {
    const r = rankNominees(
      [
        { id: 1, votes: 5, scores: [] },
        { id: 2, votes: 9, scores: [] },
        { id: 3, votes: 5, scores: [] },
        { id: 4, votes: 0, scores: [] },
      ],
      'vote',
    );
    expect(r).toEqual([
      { id: 2, result: 9, rank: 1 },
      { id: 1, result: 5, rank: 2 },
      { id: 3, result: 5, rank: 2 },
      { id: 4, result: 0, rank: 4 },
    ]);
  });

  it('ranks by the judges’ mean score; the unscored come last without a rank', () => {
    const r = rankNominees(
      [
        { id: 1, votes: 0, scores: [] },
        { id: 2, votes: 0, scores: [90, 85] },
        { id: 3, votes: 0, scores: [88] },
        { id: 4, votes: 0, scores: [100, 75] },
      ],
      'review',
    );
    expect(r).toEqual([
      { id: 3, result: 88, rank: 1 },
      { id: 2, result: 87.5, rank: 2 },
      { id: 4, result: 87.5, rank: 2 },
      { id: 1, result: null, rank: null },
    ]);
  });

  it('chooses the places by the ranking and leaves a tie across the last place to the organization', () => {
    const ranked = rankNominees(
      [
        { id: 1, votes: 9, scores: [] },
        { id: 2, votes: 7, scores: [] },
        { id: 3, votes: 7, scores: [] },
        { id: 4, votes: 3, scores: [] },
      ],
      'vote',
    );
    expect(chooseByRanking(ranked, 1)).toEqual({ chosen: [1], tied: [], open: 0 });
    // 2 and 3 tie for the second place of two
    expect(chooseByRanking(ranked, 2)).toEqual({ chosen: [1], tied: [2, 3], open: 1 });
    expect(chooseByRanking(ranked, 3)).toEqual({ chosen: [1, 2, 3], tied: [], open: 0 });
    expect(chooseByRanking(ranked, 4)).toEqual({ chosen: [1, 2, 3, 4], tied: [], open: 0 });
    expect(chooseByRanking(ranked, 10)).toEqual({ chosen: [1, 2, 3, 4], tied: [], open: 0 });
  });

  it('never honours a nominee with no vote or no score', () => {
    const ranked = rankNominees(
      [
        { id: 1, votes: 2, scores: [] },
        { id: 2, votes: 0, scores: [] },
      ],
      'vote',
    );
    expect(chooseByRanking(ranked, 2)).toEqual({ chosen: [1], tied: [], open: 0 });
    const unscored = rankNominees([{ id: 1, votes: 0, scores: [] }], 'review');
    expect(chooseByRanking(unscored, 1)).toEqual({ chosen: [], tied: [], open: 0 });
  });
});
