import { AsyncLocalStorage } from 'node:async_hooks';
import { isIsoDate, todayInShanghai } from '@honglian/domain';

/**
 * The one clock of the server, its tests, its demo loader and its benchmarks.
 *
 * Business time ("today", the instant a case event happens, the day a sweep checks) comes from
 * `clock`. For a test run, `HONGLIAN_TEST_TODAY=YYYY-MM-DD` moves business time to that day: the
 * time of day and its flow stay real, only the date is shifted, so a whole run (the vitest process
 * and any server it starts) behaves as if it ran on that day. The variable is honoured only when
 * `NODE_ENV=test` (vitest sets it; `server/src/test/process.ts` sets it for the servers it starts):
 * a production process never moves its dates.
 *
 * History (the demo city's year of cases) is written through the real services "as of" a past instant
 * with `clock.at(instant, work)`: inside `work` (and everything it awaits) business time is that
 * instant, so the services keep reading time from the clock alone; outside it nothing changes.
 *
 * Infrastructure time (session expiry, job leases and schedules, login-rate windows, the expiry of
 * idempotency keys and files) is elapsed real time, measured by the database's `now()` or by
 * `systemNow()`; it must never decide a business date.
 */
export interface Clock {
  /** The business instant now. */
  now(): Date;
  /** Today in Asia/Shanghai, `YYYY-MM-DD`. */
  today(): string;
  /** This month in Asia/Shanghai, `YYYY-MM`. */
  month(): string;
  /** The fixed test day, when a test run set one. */
  readonly fixedToday: string | undefined;
  /** Runs `work` with business time fixed at `instant` (for it and everything it awaits). */
  at<T>(instant: Date, work: () => Promise<T>): Promise<T>;
}

/** Real elapsed time, for infrastructure only (leases, expiries, rate windows, durations). */
export function systemNow(): Date {
  return new Date();
}

const DAY_MS = 86_400_000;

/** A clock whose date is `today` and whose time of day runs with the real one. */
export function shiftedClock(today: string | undefined): Clock {
  if (today !== undefined && !isIsoDate(today))
    throw new Error(`HONGLIAN_TEST_TODAY 应为 YYYY-MM-DD 格式的有效日期，收到：${today}`);
  const offsetMs =
    today === undefined
      ? 0
      : Math.round(
          (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${todayInShanghai(systemNow())}T00:00:00Z`)) /
            DAY_MS,
        ) * DAY_MS;
  const scoped = new AsyncLocalStorage<Date>();
  let running = 0;
  let letGo: NodeJS.Timeout | undefined;
  const release = () => {
    letGo = undefined;
    if (running === 0) scoped.disable();
  };
  const now = () => {
    const fixed = scoped.getStore();
    return fixed ? new Date(fixed.getTime()) : new Date(systemNow().getTime() + offsetMs);
  };
  return {
    now,
    today: () => todayInShanghai(now()),
    month: () => todayInShanghai(now()).slice(0, 7),
    fixedToday: today,
    async at(instant, work) {
      running++;
      try {
        return await scoped.run(new Date(instant.getTime()), work);
      } finally {
        // While a store is enabled, Node runs async hooks on every promise of the process (~2% of a case
        // submission's CPU, issue 11): once no `at` has run for a second, the store goes until the next
        // one. Not at once: the demo loader runs thousands of `at` one after another, and switching the
        // hooks on and off for each would cost more than it saves. Work that `at` started and did not
        // await (none does) reads real time once the store has gone.
        if (--running === 0 && letGo === undefined) letGo = setTimeout(release, 1000).unref();
      }
    },
  };
}

/** `HONGLIAN_TEST_TODAY`, when this process is a test run or a server started by one. */
export function testTodayFrom(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.HONGLIAN_TEST_TODAY?.trim();
  if (!value) return undefined;
  return env.NODE_ENV === 'test' ? value : undefined;
}

export const clock: Clock = shiftedClock(testTodayFrom(process.env));
