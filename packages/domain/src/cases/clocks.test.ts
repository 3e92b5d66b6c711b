import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../calendar/workdays.ts';
import {
  addWorkingMinutes,
  type ClockEvent,
  computeClocks,
  endOfWorkdays,
  shanghaiInstant,
  shanghaiParts,
  workingMinutesBetween,
} from './clocks.ts';

const cal = WorkCalendar.official([2026]);
const at = (s: string) => new Date(s);
const RULES = { signHours: 4, contactHours: 7, completeDays: 3 };
const ev = (
  action: string,
  when: string,
  toState: ClockEvent['toState'],
  payload?: ClockEvent['payload'],
): ClockEvent => ({
  action,
  at: at(when),
  toState,
  payload: payload ?? null,
});

describe('working time across the 2026 National Day holiday', () => {
  it('knows the arrangement: 10-01…10-07 off, Saturday 10-10 a make-up working day', () => {
    expect(cal.isWorkday('2026-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2026-10-0${d}`)).toBe(false);
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.isWorkday('2026-10-11')).toBe(false);
  });

  it('a 3-working-day limit from 30 September ends on the make-up Saturday 10 October at 17:30', () => {
    expect(endOfWorkdays(cal, at('2026-09-30T10:00:00+08:00'), 3)).toEqual(at('2026-10-10T17:30:00+08:00'));
    // 2 days: 10-08, 10-09; 4 days: skips Sunday 10-11 to Monday 10-12
    expect(endOfWorkdays(cal, at('2026-09-30T10:00:00+08:00'), 2)).toEqual(at('2026-10-09T17:30:00+08:00'));
    expect(endOfWorkdays(cal, at('2026-09-30T10:00:00+08:00'), 4)).toEqual(at('2026-10-12T17:30:00+08:00'));
  });

  it('4 working hours from 16:00 on 30 September run into 8 October, skipping the holiday', () => {
    // 16:00–17:30 is 1.5 h; the remaining 2.5 h start at 08:30 on 10-08
    expect(addWorkingMinutes(cal, at('2026-09-30T16:00:00+08:00'), 240)).toEqual(
      at('2026-10-08T11:00:00+08:00'),
    );
  });

  it('working hours skip the lunch break and count the make-up Saturday', () => {
    expect(addWorkingMinutes(cal, at('2026-10-09T11:00:00+08:00'), 120)).toEqual(
      at('2026-10-09T15:00:00+08:00'),
    );
    expect(addWorkingMinutes(cal, at('2026-10-09T17:00:00+08:00'), 60)).toEqual(
      at('2026-10-10T09:00:00+08:00'),
    );
    expect(workingMinutesBetween(cal, at('2026-09-30T17:00:00+08:00'), at('2026-10-08T09:00:00+08:00'))).toBe(
      60,
    );
    expect(workingMinutesBetween(cal, at('2026-10-10T00:00:00+08:00'), at('2026-10-11T23:00:00+08:00'))).toBe(
      420,
    );
  });

  it('a time given before office hours starts at opening', () => {
    expect(addWorkingMinutes(cal, at('2026-10-08T06:00:00+08:00'), 30)).toEqual(
      at('2026-10-08T09:00:00+08:00'),
    );
    expect(shanghaiInstant('2026-10-08', 510)).toEqual(at('2026-10-08T08:30:00+08:00'));
  });
});

describe('case clocks from events', () => {
  const dispatched = [ev('dispatch', '2026-09-30T16:00:00+08:00', 'dispatched')];

  it('start at dispatch with due times over the holiday; sign-in met when signed in time', () => {
    const r = computeClocks(
      [...dispatched, ev('sign', '2026-10-08T10:00:00+08:00', 'signed')],
      RULES,
      cal,
      at('2026-10-08T12:00:00+08:00'),
    );
    const [sign, contact, completion] = r.clocks;
    expect(sign!.dueAt).toEqual(at('2026-10-08T11:00:00+08:00'));
    expect(sign!.status).toBe('met');
    expect(contact!.dueAt).toEqual(at('2026-10-08T16:00:00+08:00'));
    expect(completion!.dueAt).toEqual(at('2026-10-10T17:30:00+08:00'));
    expect(completion!.status).toBe('running');
    expect(r.signedOnTime).toBe(true);
  });

  it('sign-in late is breached; an unsigned dispatch past due is breached while running', () => {
    const late = computeClocks(
      [...dispatched, ev('sign', '2026-10-08T11:01:00+08:00', 'signed')],
      RULES,
      cal,
      at('2026-10-09T00:00:00+08:00'),
    );
    expect(late.clocks[0]!.status).toBe('breached');
    expect(late.signedOnTime).toBe(false);
    const running = computeClocks(dispatched, RULES, cal, at('2026-10-08T11:00:30+08:00'));
    expect(running.clocks[0]!.breached).toBe(true);
    const before = computeClocks(dispatched, RULES, cal, at('2026-10-05T11:00:00+08:00'));
    expect(before.clocks[0]!.status).toBe('running');
  });

  it('suspension pauses the completion clock by the working time spent suspended', () => {
    const events = [
      ...dispatched,
      ev('sign', '2026-10-08T09:00:00+08:00', 'signed'),
      ev('start', '2026-10-08T09:10:00+08:00', 'in_progress'),
      // suspended Friday 09:30 → resumed Monday 09:30: 10-09 (8 h left… 7 h office), 10-10 (7 h): 14 h of office time
      ev('suspend', '2026-10-09T09:30:00+08:00', 'suspended'),
      ev('resume', '2026-10-12T09:30:00+08:00', 'in_progress'),
    ];
    const r = computeClocks(events, RULES, cal, at('2026-10-12T10:00:00+08:00'));
    const completion = r.clocks[2]!;
    // original due 10-10 17:30 pushed by 840 working minutes → 10-13 17:30
    expect(completion.dueAt).toEqual(at('2026-10-13T17:30:00+08:00'));
    expect(completion.status).toBe('running');
    expect(r.paused).toBe(false);
  });

  it('while suspended the clock shows paused and is not breached by the passing time', () => {
    const events = [
      ...dispatched,
      ev('sign', '2026-10-08T09:00:00+08:00', 'signed'),
      ev('start', '2026-10-08T09:10:00+08:00', 'in_progress'),
      ev('suspend', '2026-10-09T09:30:00+08:00', 'suspended'),
    ];
    const r = computeClocks(events, RULES, cal, at('2026-10-20T10:00:00+08:00'));
    expect(r.paused).toBe(true);
    expect(r.clocks[2]!.status).toBe('paused');
    expect(r.clocks[2]!.breached).toBe(false);
    expect(r.clocks[2]!.dueAt! > at('2026-10-20T10:00:00+08:00')).toBe(true);
  });

  it('an approved extension moves the completion due time by working days', () => {
    const r = computeClocks(
      [...dispatched, ev('approve_extension', '2026-10-09T10:00:00+08:00', 'in_progress', { days: 2 })],
      RULES,
      cal,
      at('2026-10-09T10:00:00+08:00'),
    );
    // 10-10 (make-up Saturday) + 2 working days: 10-12, 10-13
    expect(r.clocks[2]!.dueAt).toEqual(at('2026-10-13T17:30:00+08:00'));
  });

  it('a redo starts a new completion cycle and remembers a late earlier one', () => {
    const events = [
      ...dispatched,
      ev('reply', '2026-10-12T09:00:00+08:00', 'replied'), // late: due 10-10 17:30
      ev('rate', '2026-10-12T10:00:00+08:00', 'in_progress'),
    ];
    const r = computeClocks(events, RULES, cal, at('2026-10-12T11:00:00+08:00'));
    expect(r.clocks[2]!.status).toBe('running');
    expect(r.clocks[2]!.dueAt).toEqual(at('2026-10-15T17:30:00+08:00'));
    expect(r.completionBreachedEver).toBe(true);
  });

  it('is the same function of the same events at any time of computing (restart-safe)', () => {
    const a = computeClocks(dispatched, RULES, cal, at('2026-10-08T10:00:00+08:00'));
    const b = computeClocks([...dispatched], RULES, cal, at('2026-10-08T10:00:00+08:00'));
    expect(a).toEqual(b);
  });
});

describe('clocks across a year whose holidays are not published', () => {
  const both = WorkCalendar.official([2026, 2027]);

  it('marks a due time counted into 2027 as provisional, and one inside 2026 as not', () => {
    const late = computeClocks(
      [ev('dispatch', '2026-12-30T09:00:00+08:00', 'dispatched')],
      RULES,
      both,
      at('2026-12-30T10:00:00+08:00'),
    );
    const completion = late.clocks.find((c) => c.key === 'completion')!;
    // 3 working days after Wed 30 Dec: Thu 31, then 1 January 2027 counted as a plain Friday, Mon 4
    expect(completion.dueAt).toEqual(shanghaiInstant('2027-01-04', 17 * 60 + 30));
    expect(completion.provisional).toBe(true);
    expect(late.clocks.find((c) => c.key === 'sign')!.provisional).toBe(false);

    const early = computeClocks(
      [ev('dispatch', '2026-12-01T09:00:00+08:00', 'dispatched')],
      RULES,
      both,
      at('2026-12-01T10:00:00+08:00'),
    );
    expect(early.clocks.every((c) => !c.provisional)).toBe(true);
  });
});

describe('shanghaiParts', () => {
  it('gives the Shanghai day and minute (whole seconds) of an instant, as the ISO string does', () => {
    const reference = (t: number) => {
      const shifted = new Date(t + 8 * 3_600_000);
      return {
        date: shifted.toISOString().slice(0, 10),
        minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60,
      };
    };
    const instants = [
      '2026-12-31T15:59:59.999Z', // 23:59:59.999 in Shanghai, still the 31st
      '2026-12-31T16:00:00.000Z', // midnight: the 1st of January
      '2024-02-28T16:00:00.000Z', // 29 February
      '1969-12-31T15:59:59.000Z', // before the epoch
      '2026-10-01T00:30:00.500Z',
    ].map((s) => Date.parse(s));
    // and a minute and a few seconds apart across three years
    for (
      let t = Date.parse('2025-01-01T00:00:00Z');
      t < Date.parse('2028-01-01T00:00:00Z');
      t += 3_600_000 * 7 + 61_013
    )
      instants.push(t);
    for (const t of instants)
      expect(shanghaiParts(new Date(t)), new Date(t).toISOString()).toEqual(reference(t));
    expect(() => shanghaiParts(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('a calendar remembers the days it was asked about', () => {
  it('answers a day the same the second time, and still refuses a day that does not exist', () => {
    const calendar = WorkCalendar.official([2026], [{ date: '2026-10-10', kind: 'workday' }]);
    for (let i = 0; i < 2; i++) {
      expect(calendar.isWorkday('2026-10-01')).toBe(false); // 国庆节
      expect(calendar.isWorkday('2026-10-10')).toBe(true); // Saturday, the override
      expect(calendar.isWorkday('2026-10-12')).toBe(true);
      expect(() => calendar.isWorkday('2026-02-30')).toThrow();
    }
  });
});
