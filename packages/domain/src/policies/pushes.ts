import { addDays, dayOfWeek } from '../calendar/dates.ts';

/**
 * Policy pushes (issue 13 item 4, decision 0023): who is told, and how many messages an enterprise may
 * be sent. Pure rules; the server detects the transitions set-based and delivers through the inbox and
 * the channels the compliance reminders use.
 */

/** A stored match as the detection sees it: the pair and its answer. */
export interface MatchPair {
  unitId: number;
  policyId: number;
  version: number;
  result: 'eligible' | 'unknown' | 'ineligible';
}

/**
 * The pairs that became eligible: eligible after a re-match and not eligible before it (absent,
 * unknown or ineligible). A pair eligible before and after is no news, whatever changed in the policy
 * (a new version that leaves the answer alone does not push); a pair that was unknown and is unknown
 * with other missing facts does not push either (decision 0023: only "you can apply now" is news).
 */
export function newlyEligible<T extends MatchPair>(
  before: Iterable<{ unitId: number; policyId: number }>,
  after: readonly T[],
): T[] {
  // numbers hash faster than "unit:policy" strings: a set of policies per enterprise
  const was = new Map<number, Set<number>>();
  for (const b of before) {
    let policies = was.get(b.unitId);
    if (!policies) {
      policies = new Set();
      was.set(b.unitId, policies);
    }
    policies.add(b.policyId);
  }
  return after.filter((a) => a.result === 'eligible' && !was.get(a.unitId)?.has(a.policyId));
}

/** The push key of "told once": one push per enterprise, policy item and the version it became eligible under. */
export function pushKey(p: { unitId: number; policyId: number; version: number }): string {
  return `${p.unitId}:${p.policyId}:${p.version}`;
}

/** How many messages an enterprise may be sent: a day and a week (Monday to Sunday, Asia/Shanghai). */
export interface PushCap {
  perDay: number;
  perWeek: number;
}

/** The cap when no region sets one. */
export const DEFAULT_PUSH_CAP: PushCap = { perDay: 2, perWeek: 5 };

/** A region's cap: the row with the longest region prefix of the enterprise's code (350206 → 3502 → ''). */
export function capFor(
  rows: ReadonlyArray<{ regionPrefix: string; perDay: number; perWeek: number }>,
  regionCode: string,
): PushCap {
  let best: { regionPrefix: string; perDay: number; perWeek: number } | undefined;
  for (const r of rows)
    if (regionCode.startsWith(r.regionPrefix) && (!best || r.regionPrefix.length > best.regionPrefix.length))
      best = r;
  return best ? { perDay: best.perDay, perWeek: best.perWeek } : DEFAULT_PUSH_CAP;
}

/** The Monday of the week holding `day` (weeks run Monday to Sunday, as Chinese calendars print them). */
export function weekStart(day: string): string {
  return addDays(day, -((dayOfWeek(day) + 6) % 7));
}

/** What a delivery run does with one enterprise's pending pushes. */
export interface PushPlan<T> {
  /** each told in a message of its own */
  singles: T[];
  /** folded into one digest message (never a digest of one) */
  digest: T[];
  /** waiting for the next day or week: the cap is reached */
  held: T[];
}

/**
 * The cap and digest rule. A message is one push or one digest; `sentToday` and `sentThisWeek` count
 * the messages already sent to the enterprise. With `room` messages left (the smaller of what the day
 * and the week allow): nothing when there is no room (everything waits); all as singles when they fit;
 * otherwise the first room − 1 as singles and the rest folded into one digest, which takes the last
 * place. Pending pushes are told oldest first, so `pending` comes in that order.
 */
export function planPushes<T>(
  pending: readonly T[],
  cap: PushCap,
  sentToday: number,
  sentThisWeek: number,
): PushPlan<T> {
  const room = Math.max(0, Math.min(cap.perDay - sentToday, cap.perWeek - sentThisWeek));
  if (pending.length === 0) return { singles: [], digest: [], held: [] };
  if (room === 0) return { singles: [], digest: [], held: [...pending] };
  if (pending.length <= room) return { singles: [...pending], digest: [], held: [] };
  return { singles: pending.slice(0, room - 1), digest: pending.slice(room - 1), held: [] };
}
