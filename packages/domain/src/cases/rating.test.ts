import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { applyTransition, initialSnapshot } from './machine.ts';
import {
  checkRatingChange,
  RATING_CHANGE_MINUTES,
  ratingChangeable,
  ratingDue,
  ratingEffectiveAt,
} from './rating.ts';

const ratedAt = new Date('2026-05-06T02:00:00.000Z');
const pending = {
  rating: 'unsatisfied' as const,
  ratedBy: 7,
  ratedAt,
  effectiveAt: ratingEffectiveAt(ratedAt, RATING_CHANGE_MINUTES),
};
const at = (ms: number) => new Date(ratedAt.getTime() + ms);
const WINDOW = 30 * 60_000;

function codeOf(fn: () => unknown) {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (isDomainError(e)) return `${e.code}:${e.field}`;
    throw e;
  }
}

describe('the rating change window', () => {
  it('takes effect 30 minutes after the rating by default; 0 means at once', () => {
    expect(pending.effectiveAt.toISOString()).toBe('2026-05-06T02:30:00.000Z');
    expect(ratingEffectiveAt(ratedAt, 0)).toEqual(ratedAt);
    expect(() => ratingEffectiveAt(ratedAt, -1)).toThrow(RangeError);
    expect(() => ratingEffectiveAt(ratedAt, 1441)).toThrow(RangeError);
  });

  it('can be changed up to the last millisecond before it takes effect, not at that moment', () => {
    expect(ratingChangeable(pending, at(0))).toBe(true);
    expect(ratingChangeable(pending, at(WINDOW - 1))).toBe(true);
    expect(ratingChangeable(pending, at(WINDOW))).toBe(false);
    expect(ratingDue(pending, at(WINDOW - 1))).toBe(false);
    expect(ratingDue(pending, at(WINDOW))).toBe(true);
    expect(ratingDue(pending, at(WINDOW + 1))).toBe(true);
  });

  it('lets only its author change it, inside the window', () => {
    expect(codeOf(() => checkRatingChange(pending, 7, at(WINDOW - 1)))).toBeUndefined();
    expect(codeOf(() => checkRatingChange(pending, 7, at(WINDOW)))).toBe('case.rating_window:rating');
    expect(codeOf(() => checkRatingChange(pending, 8, at(1)))).toBe('case.rating_window:rating');
  });
});

describe('a rating of 不满意 needs a reason', () => {
  const replied = { ...initialSnapshot(), state: 'replied' as const };
  const reporter = new Set(['reporter' as const]);
  it('refuses 不满意 without a reason, naming the field', () => {
    expect(codeOf(() => applyTransition(replied, 'rate', { rating: 'unsatisfied' }, reporter))).toBe(
      'case.required:reason',
    );
    expect(
      codeOf(() => applyTransition(replied, 'rate', { rating: 'unsatisfied', reason: '  ' }, reporter)),
    ).toBe('case.required:reason');
  });
  it('takes 不满意 with a reason, and 满意 or 基本满意 without one', () => {
    expect(applyTransition(replied, 'rate', { rating: 'unsatisfied', reason: '仍在售卖' }, reporter).to).toBe(
      'in_progress',
    );
    expect(applyTransition(replied, 'rate', { rating: 'satisfied' }, reporter).to).toBe('closed');
    expect(applyTransition(replied, 'rate', { rating: 'basic' }, reporter).to).toBe('closed');
  });
});
