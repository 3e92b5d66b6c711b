import { isoDateOfEpochDay, nextDay } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/workdays.ts';
import type { CaseState } from './machine.ts';

/**
 * SLA clocks of a case (签收、首次联系、办结时限), computed from its event list alone, so they are the
 * same before and after a restart. Time limits count working hours and working days of the Chinese
 * calendar (RULES.md: holidays and 调休), pause while the case is suspended (挂起) and move when an
 * extension is approved (延期). Source: CASES.md; 国办发〔2020〕53号 (time limits by kind, extensions
 * asked before the deadline and approved).
 */

/**
 * Office hours counted by working-hour limits, minutes after midnight in Asia/Shanghai:
 * 08:30–12:00 and 14:00–17:30 (7 hours a working day, the common office hours of district bodies).
 */
export const WORKING_WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60, 17 * 60 + 30],
];
const END_OF_DAY = WORKING_WINDOWS[WORKING_WINDOWS.length - 1]![1];
const SHANGHAI_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Shanghai calendar day and minute of an instant. */
export function shanghaiParts(at: Date): { date: string; minute: number } {
  const time = at.getTime();
  // as toISOString did: an invalid instant is an error, not a day called NaN
  if (!Number.isFinite(time)) throw new RangeError('Invalid time value');
  const shifted = time + SHANGHAI_MS;
  const day = Math.floor(shifted / DAY_MS);
  // whole seconds, as the minute has always been counted (milliseconds dropped)
  const seconds = Math.floor((shifted - day * DAY_MS) / 1000);
  return { date: isoDateOfEpochDay(day), minute: Math.floor(seconds / 60) + (seconds % 60) / 60 };
}

/** The instant of a Shanghai day and minute. */
export function shanghaiInstant(date: string, minute: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_MS + Math.round(minute * 60_000));
}

/** The instant `minutes` working minutes after `start` (office hours of working days only). */
export function addWorkingMinutes(calendar: WorkCalendar, start: Date, minutes: number): Date {
  if (minutes <= 0) return start;
  let { date, minute } = shanghaiParts(start);
  let remaining = minutes;
  for (let guard = 0; guard < 3660; guard++) {
    if (calendar.isWorkday(date)) {
      for (const [open, close] of WORKING_WINDOWS) {
        const from = Math.max(open, minute);
        const available = close - from;
        if (available <= 0) continue;
        if (remaining <= available) return shanghaiInstant(date, from + remaining);
        remaining -= available;
      }
    }
    date = nextDay(date);
    minute = 0;
  }
  throw new Error('working-minute arithmetic ran past ten years');
}

/** Working minutes in [a, b) (0 when b is not after a). */
export function workingMinutesBetween(calendar: WorkCalendar, a: Date, b: Date): number {
  if (b <= a) return 0;
  const start = shanghaiParts(a);
  const end = shanghaiParts(b);
  let total = 0;
  for (let date = start.date; date <= end.date; date = nextDay(date)) {
    if (!calendar.isWorkday(date)) continue;
    const lo = date === start.date ? start.minute : 0;
    const hi = date === end.date ? end.minute : 24 * 60;
    for (const [open, close] of WORKING_WINDOWS) {
      total += Math.max(0, Math.min(close, hi) - Math.max(open, lo));
    }
  }
  return total;
}

/**
 * "Within n working days" from an instant: the end of office hours on the nth working day after the
 * day of `start` (the day of receipt is not counted, as in the usual rule for 工作日 time limits).
 */
export function endOfWorkdays(calendar: WorkCalendar, start: Date, n: number): Date {
  const { date } = shanghaiParts(start);
  return shanghaiInstant(calendar.addWorkdays(date, n), END_OF_DAY);
}

/** A category's time limits (working hours for the first two, working days for completion). */
export interface ClockRules {
  signHours: number;
  contactHours: number;
  completeDays: number;
}

export interface ClockEvent {
  action: string;
  at: Date;
  toState: CaseState;
  payload?: { days?: number | null } | null;
}

export type ClockKey = 'sign' | 'contact' | 'completion';
export const CLOCK_LABELS: Record<ClockKey, string> = {
  sign: '签收时限',
  contact: '首次联系时限',
  completion: '办结时限',
};

export interface Clock {
  key: ClockKey;
  label: string;
  startedAt: Date | null;
  dueAt: Date | null;
  stoppedAt: Date | null;
  status: 'not_started' | 'running' | 'paused' | 'met' | 'breached';
  /** Past due: stopped after the due time, or still running after it. */
  breached: boolean;
  /** The due time was counted across a year whose holidays are not published yet (RULES.md). */
  provisional: boolean;
}

export interface ClockReport {
  clocks: Clock[];
  /** Any completion cycle (a redo starts a new one) finished or is running past its due time. */
  completionBreachedEver: boolean;
  /** The sign-in of the latest dispatch: true on time, false late (or running late), null if never dispatched. */
  signedOnTime: boolean | null;
  paused: boolean;
}

interface Running {
  startedAt: Date | null;
  dueAt: Date | null;
  stoppedAt: Date | null;
}

const idle = (): Running => ({ startedAt: null, dueAt: null, stoppedAt: null });

/** Folds the events (in time order) into the three clocks as they stand at `now`. */
export function computeClocks(
  events: readonly ClockEvent[],
  rules: ClockRules,
  calendar: WorkCalendar,
  now: Date,
): ClockReport {
  const c: Record<ClockKey, Running> = { sign: idle(), contact: idle(), completion: idle() };
  let breachedEarlierCycle = false;
  let pausedAt: Date | null = null;

  const start = (key: ClockKey, at: Date, due: Date) => {
    c[key] = { startedAt: at, dueAt: due, stoppedAt: null };
  };
  const stop = (key: ClockKey, at: Date) => {
    if (c[key].startedAt && !c[key].stoppedAt) c[key].stoppedAt = at;
  };
  const running = (key: ClockKey) => c[key].startedAt !== null && c[key].stoppedAt === null;

  for (const e of events) {
    switch (e.action) {
      case 'dispatch':
        // a (re)dispatch starts every clock for the unit that now holds the case
        start('sign', e.at, addWorkingMinutes(calendar, e.at, rules.signHours * 60));
        start('contact', e.at, addWorkingMinutes(calendar, e.at, rules.contactHours * 60));
        start('completion', e.at, endOfWorkdays(calendar, e.at, rules.completeDays));
        break;
      case 'keep_local':
        start('contact', e.at, addWorkingMinutes(calendar, e.at, rules.contactHours * 60));
        start('completion', e.at, endOfWorkdays(calendar, e.at, rules.completeDays));
        break;
      case 'sign':
        stop('sign', e.at);
        break;
      case 'return':
        stop('sign', e.at);
        break;
      case 'approve_return':
        c.sign = idle();
        c.contact = idle();
        c.completion = idle();
        break;
      case 'contact':
        stop('contact', e.at);
        break;
      case 'reply':
      case 'answer':
        stop('contact', e.at);
        stop('completion', e.at);
        break;
      case 'suspend':
        pausedAt ??= e.at;
        break;
      case 'resume':
        if (pausedAt) {
          const paused = workingMinutesBetween(calendar, pausedAt, e.at);
          for (const key of ['contact', 'completion'] as const) {
            const k = c[key];
            // a clock already past due when suspended stays breached: no pushing back
            if (running(key) && k.dueAt && k.dueAt > pausedAt)
              k.dueAt = addWorkingMinutes(calendar, k.dueAt, paused);
          }
          pausedAt = null;
        }
        break;
      case 'approve_extension': {
        const days = e.payload?.days ?? 0;
        if (running('completion') && days > 0 && c.completion.dueAt) {
          c.completion.dueAt = endOfWorkdays(calendar, c.completion.dueAt, days);
        }
        break;
      }
      case 'rate':
      case 'rating_effective':
        if (e.toState === 'in_progress') {
          // 发回重办: the finished cycle is judged, and a new completion cycle starts now
          const prev = c.completion;
          if (prev.dueAt && prev.stoppedAt && prev.stoppedAt > prev.dueAt) breachedEarlierCycle = true;
          start('completion', e.at, endOfWorkdays(calendar, e.at, rules.completeDays));
        }
        break;
    }
  }

  const clocks: Clock[] = (['sign', 'contact', 'completion'] as const).map((key) => {
    const k = c[key];
    let dueAt = k.dueAt;
    let status: Clock['status'];
    let breached = false;
    if (!k.startedAt || !dueAt) {
      status = 'not_started';
    } else if (k.stoppedAt) {
      breached = k.stoppedAt > dueAt;
      status = breached ? 'breached' : 'met';
    } else if (pausedAt && key !== 'sign') {
      // while suspended the due time moves with the pause, unless it had passed before the pause
      if (dueAt > pausedAt)
        dueAt = addWorkingMinutes(calendar, dueAt, workingMinutesBetween(calendar, pausedAt, now));
      breached = dueAt <= pausedAt;
      status = breached ? 'breached' : 'paused';
    } else {
      breached = now > dueAt;
      status = breached ? 'breached' : 'running';
    }
    return {
      key,
      label: CLOCK_LABELS[key],
      startedAt: k.startedAt,
      dueAt,
      stoppedAt: k.stoppedAt,
      status,
      breached,
      provisional:
        k.startedAt !== null &&
        dueAt !== null &&
        calendar.isProvisionalBetween(shanghaiParts(k.startedAt).date, shanghaiParts(dueAt).date),
    };
  });
  const completion = clocks[2]!;
  const sign = clocks[0]!;
  return {
    clocks,
    completionBreachedEver: breachedEarlierCycle || completion.breached,
    signedOnTime: sign.status === 'not_started' ? null : !sign.breached,
    paused: pausedAt !== null,
  };
}
