import { describe, expect, it } from 'vitest';
import {
  bidWindowState,
  checkAward,
  checkBidWindow,
  MAX_BID_WINDOW_DAYS,
  topScoredBids,
} from './challenge.ts';

describe('bidWindowState', () => {
  it('is open on both ends and closed the day after', () => {
    expect(bidWindowState('2026-12-20', '2026-12-31', '2026-12-19')).toBe('not_open');
    expect(bidWindowState('2026-12-20', '2026-12-31', '2026-12-20')).toBe('open');
    expect(bidWindowState('2026-12-20', '2026-12-31', '2026-12-31')).toBe('open');
    expect(bidWindowState('2026-12-20', '2026-12-31', '2027-01-01')).toBe('closed');
  });
  it('runs across a year end', () => {
    expect(bidWindowState('2026-12-28', '2027-01-03', '2027-01-01')).toBe('open');
    expect(bidWindowState('2026-12-28', '2027-01-03', '2027-01-04')).toBe('closed');
  });
  it('a one-day window is open that day only', () => {
    expect(bidWindowState('2027-02-28', '2027-02-28', '2027-02-27')).toBe('not_open');
    expect(bidWindowState('2027-02-28', '2027-02-28', '2027-02-28')).toBe('open');
    expect(bidWindowState('2027-02-28', '2027-02-28', '2027-03-01')).toBe('closed');
  });
});

describe('checkBidWindow', () => {
  it('takes a window closing today, not one closed yesterday', () => {
    expect(checkBidWindow('2026-12-01', '2026-12-31', '2026-12-31').ok).toBe(true);
    const r = checkBidWindow('2026-12-01', '2026-12-30', '2026-12-31');
    expect(r).toMatchObject({ ok: false, field: 'closesOn', code: 'challenge.window' });
  });
  it('refuses a window closing before it opens', () => {
    expect(checkBidWindow('2027-01-02', '2027-01-01', '2026-12-31')).toMatchObject({ ok: false });
    expect(checkBidWindow('2027-01-01', '2027-01-01', '2026-12-31').ok).toBe(true);
  });
  it('runs at most a year', () => {
    expect(checkBidWindow('2027-01-01', '2028-01-02', '2027-01-01').ok).toBe(true);
    expect(MAX_BID_WINDOW_DAYS).toBe(366);
    expect(checkBidWindow('2027-01-01', '2028-01-03', '2027-01-01')).toMatchObject({ ok: false });
  });
});

describe('checkAward', () => {
  const base = {
    bids: [
      { id: 1, score: 80 },
      { id: 2, score: 90 },
    ],
    closesOn: '2026-12-31',
    awarded: false,
  };
  it('waits for the window to close (the day after the deadline)', () => {
    expect(checkAward({ ...base, chosenId: 2, reason: '', today: '2026-12-31' })).toMatchObject({
      ok: false,
      code: 'challenge.window_open',
    });
    expect(checkAward({ ...base, chosenId: 2, reason: '', today: '2027-01-01' }).ok).toBe(true);
  });
  it('needs a reason for a bid that is not top-scored', () => {
    const today = '2027-01-01';
    expect(checkAward({ ...base, chosenId: 1, reason: ' ', today })).toMatchObject({
      ok: false,
      field: 'reason',
      code: 'challenge.reason_required',
    });
    expect(checkAward({ ...base, chosenId: 1, reason: '方案成本更低，工期有保障', today }).ok).toBe(true);
  });
  it('needs no reason without scores, or among equal top scores', () => {
    const today = '2027-01-01';
    const unscored = [
      { id: 1, score: null },
      { id: 2, score: null },
    ];
    expect(checkAward({ ...base, bids: unscored, chosenId: 1, reason: '', today }).ok).toBe(true);
    const tied = [
      { id: 1, score: 90 },
      { id: 2, score: 90 },
      { id: 3, score: null },
    ];
    expect(checkAward({ ...base, bids: tied, chosenId: 1, reason: '', today }).ok).toBe(true);
    expect(checkAward({ ...base, bids: tied, chosenId: 3, reason: '', today }).ok).toBe(false);
    expect(topScoredBids(tied)).toEqual([1, 2]);
  });
  it('awards once, and only one of its bids', () => {
    const today = '2027-01-01';
    expect(checkAward({ ...base, awarded: true, chosenId: 2, reason: '', today })).toMatchObject({
      code: 'challenge.awarded',
    });
    expect(checkAward({ ...base, chosenId: 9, reason: '', today })).toMatchObject({
      code: 'challenge.bid_not_found',
    });
  });
});
