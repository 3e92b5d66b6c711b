import { addDays, isIsoDate } from '../calendar/dates.ts';

/**
 * 揭榜挂帅 (issue 12 item 6, on the one project engine): a challenge is a project of kind `challenge`
 * posted by an alliance's office or an organization with its conditions, reward and a bidding window;
 * member organizations bid with a plan, a lead person and proposed milestones; after the window closes
 * the poster awards one bid and the winner becomes the project's lead organization with its milestones.
 *
 * - The window is by date in Asia/Shanghai, both ends inclusive: a bid on `closesOn` counts, the day
 *   after it does not (across a year end as on any other day).
 * - Awarding waits for the window to close (every bidder had the whole window) and takes one bid.
 * - When review scores were given, awarding a bid that is not top-scored needs a reason (公开说明).
 */

export type BidWindowState = 'not_open' | 'open' | 'closed';
export const BID_WINDOW_LABELS: Record<BidWindowState, string> = {
  not_open: '未开始揭榜',
  open: '揭榜中',
  closed: '揭榜已截止',
};

/** The longest a bidding window runs (one year: 366 days covers a leap year). */
export const MAX_BID_WINDOW_DAYS = 366;

export type RuleResult = { ok: true } | { ok: false; field: string; code: string; message: string };

export function bidWindowState(opensOn: string, closesOn: string, today: string): BidWindowState {
  if (today < opensOn) return 'not_open';
  if (today > closesOn) return 'closed';
  return 'open';
}

/** A window as posted: it closes on or after the day it opens and on or after today, within a year. */
export function checkBidWindow(opensOn: string, closesOn: string, today: string): RuleResult {
  if (!isIsoDate(opensOn) || !isIsoDate(closesOn))
    return { ok: false, field: 'closesOn', code: 'validation', message: '日期格式不正确' };
  if (closesOn < opensOn)
    return {
      ok: false,
      field: 'closesOn',
      code: 'challenge.window',
      message: '揭榜截止日期不能早于开始日期',
    };
  if (closesOn < today)
    return { ok: false, field: 'closesOn', code: 'challenge.window', message: '揭榜截止日期不能早于今天' };
  if (closesOn > addDays(opensOn, MAX_BID_WINDOW_DAYS))
    return {
      ok: false,
      field: 'closesOn',
      code: 'challenge.window',
      message: `揭榜期限不能超过 ${MAX_BID_WINDOW_DAYS} 天`,
    };
  return { ok: true };
}

export interface AwardBid {
  id: number;
  /** The review score (0–100), or null when not scored. */
  score: number | null;
}

/** The bids with the highest review score (empty when none was scored). */
export function topScoredBids(bids: readonly AwardBid[]): number[] {
  const scored = bids.filter((b) => b.score !== null);
  if (scored.length === 0) return [];
  const best = Math.max(...scored.map((b) => b.score!));
  return scored.filter((b) => b.score === best).map((b) => b.id);
}

/**
 * May `chosenId` be awarded today? The window must have closed, the challenge must not be awarded yet,
 * the bid must be one of its bids, and a bid that is not top-scored (when scores exist) needs a reason.
 */
export function checkAward(input: {
  bids: readonly AwardBid[];
  chosenId: number;
  reason: string;
  closesOn: string;
  today: string;
  awarded: boolean;
}): RuleResult {
  if (input.awarded)
    return { ok: false, field: 'bidId', code: 'challenge.awarded', message: '该榜单已经确定揭榜单位' };
  if (input.today <= input.closesOn)
    return {
      ok: false,
      field: 'bidId',
      code: 'challenge.window_open',
      message: `揭榜截止（${input.closesOn}）后才能确定揭榜单位`,
    };
  if (!input.bids.some((b) => b.id === input.chosenId))
    return { ok: false, field: 'bidId', code: 'challenge.bid_not_found', message: '未找到该揭榜方案' };
  const top = topScoredBids(input.bids);
  if (top.length > 0 && !top.includes(input.chosenId) && input.reason.trim() === '')
    return {
      ok: false,
      field: 'reason',
      code: 'challenge.reason_required',
      message: '所选方案不是评审得分最高的，请说明理由',
    };
  return { ok: true };
}
