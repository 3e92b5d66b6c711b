import { DomainError } from '../errors.ts';
import type { Rating } from './machine.ts';

/**
 * A rating (评价) takes effect when its change window ends, not when it is given: until then the person
 * who rated may change it, and nothing irreversible has happened (no 发回重办, no 督办 raised, no
 * points, no close). The window is data: each category's `rating_change_minutes`, 30 by default;
 * 0 makes a rating take effect at once.
 */
export const RATING_CHANGE_MINUTES = 30;
export const MAX_RATING_CHANGE_MINUTES = 24 * 60;

export interface PendingRating {
  rating: Rating;
  /** the user who rated (the reporter, or the staff member recording a return visit) */
  ratedBy: number;
  ratedAt: Date;
  effectiveAt: Date;
}

/** When a rating given at `ratedAt` takes effect. */
export function ratingEffectiveAt(ratedAt: Date, minutes: number): Date {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_RATING_CHANGE_MINUTES)
    throw new RangeError(`rating window must be 0–${MAX_RATING_CHANGE_MINUTES} minutes`);
  return new Date(ratedAt.getTime() + minutes * 60_000);
}

/** The window is open up to, not including, the moment the rating takes effect. */
export function ratingChangeable(pending: Pick<PendingRating, 'effectiveAt'>, now: Date): boolean {
  return now.getTime() < pending.effectiveAt.getTime();
}

/** The rating is due to take effect (the window has ended). */
export function ratingDue(pending: Pick<PendingRating, 'effectiveAt'>, now: Date): boolean {
  return !ratingChangeable(pending, now);
}

/**
 * May `userId` change the pending rating now? Only its author, only inside the window. Throws
 * `case.rating_window` otherwise, with the Chinese reason.
 */
export function checkRatingChange(pending: PendingRating, userId: number, now: Date): void {
  if (pending.ratedBy !== userId)
    throw new DomainError(
      'case.rating_window',
      '该工单已有待生效的评价，只有评价人可以在修改期内修改',
      'rating',
    );
  if (!ratingChangeable(pending, now))
    throw new DomainError('case.rating_window', '评价修改期已过，评价已生效，不能再修改', 'rating');
}

/** 不满意 sends the case back (发回重办) and raises 督办: it needs the reason. */
export function ratingNeedsReason(rating: Rating | null | undefined): boolean {
  return rating === 'unsatisfied';
}
