import { describe, expect, it } from 'vitest';
import { officialCalendarYear, WorkCalendar } from '../calendar/workdays.ts';
import {
  assignmentDueOn,
  type LearningCreditRule,
  learningCredit,
  nextRead,
  type StudyItem,
} from './rules.ts';

const NOW = new Date('2026-06-01T02:00:00Z');
const LATER = new Date('2026-06-02T02:00:00Z');

describe('nextRead', () => {
  it('opening an article records its progress; 100 finishes it', () => {
    const opened = nextRead(null, { progress: 10, minutes: 1 }, 'article', NOW, 8);
    expect(opened).toMatchObject({ ok: true, state: { progress: 10, minutes: 1, finishedAt: null } });
    const done = nextRead(
      { progress: 10, minutes: 1, finishedAt: null },
      { progress: 100, minutes: 6 },
      'article',
      LATER,
      8,
    );
    expect(done).toMatchObject({
      ok: true,
      justFinished: true,
      state: { progress: 100, minutes: 6, finishedAt: LATER },
    });
  });

  it('progress 99 is not finished; progress and minutes never go back; a repeated report changes nothing', () => {
    const r = nextRead(
      { progress: 60, minutes: 5, finishedAt: null },
      { progress: 99, minutes: 3 },
      'document',
      NOW,
      10,
    );
    expect(r).toMatchObject({
      ok: true,
      justFinished: false,
      state: { progress: 99, minutes: 5, finishedAt: null },
    });
    const again = nextRead(
      { progress: 60, minutes: 5, finishedAt: null },
      { progress: 40 },
      'document',
      NOW,
      10,
    );
    expect(again).toMatchObject({ ok: true, state: { progress: 60, minutes: 5 } });
  });

  it('a finished reading stays finished at its first finishing time', () => {
    const r = nextRead(
      { progress: 100, minutes: 5, finishedAt: NOW },
      { progress: 20, finished: true },
      'article',
      LATER,
      8,
    );
    expect(r).toMatchObject({ ok: true, justFinished: false, state: { progress: 100, finishedAt: NOW } });
  });

  it('a video is finished only when marked watched after it was opened', () => {
    expect(nextRead(null, { finished: true }, 'video', NOW, 20)).toMatchObject({
      ok: false,
      field: 'finished',
      code: 'learning.video_not_opened',
    });
    expect(nextRead(null, { progress: 100 }, 'video', NOW, 20)).toMatchObject({
      ok: false,
      field: 'progress',
    });
    const opened = nextRead(null, {}, 'video', NOW, 20);
    expect(opened).toMatchObject({ ok: true, state: { progress: 0, finishedAt: null } });
    const watched = nextRead(
      { progress: 0, minutes: 0, finishedAt: null },
      { finished: true },
      'video',
      LATER,
      20,
    );
    expect(watched).toMatchObject({
      ok: true,
      justFinished: true,
      state: { progress: 100, finishedAt: LATER },
    });
  });

  it('minutes are capped at three times the estimate (at least 30, at most 600)', () => {
    expect(nextRead(null, { minutes: 30 }, 'article', NOW, 5)).toMatchObject({ ok: true });
    expect(nextRead(null, { minutes: 31 }, 'article', NOW, 5)).toMatchObject({ ok: false, field: 'minutes' });
    expect(nextRead(null, { minutes: 60 }, 'article', NOW, 20)).toMatchObject({ ok: true });
    expect(nextRead(null, { minutes: 61 }, 'article', NOW, 20)).toMatchObject({
      ok: false,
      field: 'minutes',
    });
    expect(nextRead(null, { minutes: 601 }, 'article', NOW, 500)).toMatchObject({
      ok: false,
      field: 'minutes',
    });
  });
});

describe('assignmentDueOn', () => {
  const cal = new WorkCalendar([officialCalendarYear(2026)]);

  it('counts working days across the National Day holiday (2026-09-30 + 3 → 2026-10-09)', () => {
    // 10-01…10-07 are holidays in 2026; 10-10 (Saturday) is a make-up working day
    const r = assignmentDueOn(cal, '2026-09-30', { workdays: 3 });
    expect(r).toEqual({ ok: true, dueOn: cal.addWorkdays('2026-09-30', 3), provisional: false });
    expect(r.ok && r.dueOn > '2026-10-07').toBe(true);
  });

  it('an ordinary week: Monday + 5 working days is the next Monday', () => {
    expect(assignmentDueOn(cal, '2026-06-01', { workdays: 5 })).toEqual({
      ok: true,
      dueOn: '2026-06-08',
      provisional: false,
    });
  });

  it('is provisional when it runs into a year whose holidays are not published', () => {
    const r = assignmentDueOn(cal, '2026-12-28', { workdays: 10 });
    expect(r).toMatchObject({ ok: true, provisional: true });
    expect(assignmentDueOn(cal, '2026-12-28', { dueOn: '2026-12-31' })).toMatchObject({ provisional: false });
  });

  it('a date is taken as given, not before the day it is assigned; exactly one of the two', () => {
    expect(assignmentDueOn(cal, '2026-06-01', { dueOn: '2026-06-01' })).toMatchObject({
      ok: true,
      dueOn: '2026-06-01',
    });
    expect(assignmentDueOn(cal, '2026-06-01', { dueOn: '2026-05-31' })).toMatchObject({
      ok: false,
      field: 'dueOn',
    });
    expect(assignmentDueOn(cal, '2026-06-01', {})).toMatchObject({ ok: false, field: 'dueOn' });
    expect(assignmentDueOn(cal, '2026-06-01', { dueOn: '2026-06-09', workdays: 3 })).toMatchObject({
      ok: false,
    });
    expect(assignmentDueOn(cal, '2026-06-01', { workdays: 0 })).toMatchObject({
      ok: false,
      field: 'workdays',
    });
    expect(assignmentDueOn(cal, '2026-06-01', { workdays: 121 })).toMatchObject({
      ok: false,
      field: 'workdays',
    });
    expect(assignmentDueOn(cal, '2026-06-01', { workdays: 120 })).toMatchObject({ ok: true });
  });
});

describe('learningCredit', () => {
  const xiamen: LearningCreditRule = {
    regionPrefix: '3502',
    counts: true,
    minutesPerHour: 45,
    yearlyCapHours: 16,
    yearlyTargetHours: 32,
    onTimeOnly: true,
    note: '',
  };
  const item = (over: Partial<StudyItem>): StudyItem => ({
    materialId: 1,
    title: '资料',
    estimatedMinutes: 45,
    finishedOn: '2026-06-01',
    dueOn: '2026-06-05',
    ...over,
  });

  it('nothing counts where the region has not decided so', () => {
    const c = learningCredit([item({})], { ...xiamen, counts: false }, 2026);
    expect(c).toMatchObject({ counts: false, creditedHours: 0, countedMinutes: 0 });
    expect(c.items[0]!.counted).toBe(false);
  });

  it('44 minutes are no 学时, 45 are one (rounded down)', () => {
    expect(learningCredit([item({ estimatedMinutes: 44 })], xiamen, 2026).creditedHours).toBe(0);
    expect(learningCredit([item({ estimatedMinutes: 45 })], xiamen, 2026).creditedHours).toBe(1);
    expect(learningCredit([item({ estimatedMinutes: 89 })], xiamen, 2026).creditedHours).toBe(1);
    expect(learningCredit([item({ estimatedMinutes: 90 })], xiamen, 2026).creditedHours).toBe(2);
  });

  it('finished on the due date counts, the day after does not (unless the region counts late study)', () => {
    expect(learningCredit([item({ finishedOn: '2026-06-05' })], xiamen, 2026).items[0]!.counted).toBe(true);
    const late = learningCredit([item({ finishedOn: '2026-06-06' })], xiamen, 2026);
    expect(late.items[0]).toMatchObject({ counted: false, reason: '逾期完成（截止 2026-06-05）' });
    expect(
      learningCredit([item({ finishedOn: '2026-06-06' })], { ...xiamen, onTimeOnly: false }, 2026).items[0]!
        .counted,
    ).toBe(true);
  });

  it('only assigned, finished study of the year counts: 12-31 counts for its year, 01-01 for the next', () => {
    const c = learningCredit(
      [
        item({ materialId: 1, dueOn: null }),
        item({ materialId: 2, finishedOn: null }),
        item({ materialId: 3, finishedOn: '2026-12-31', dueOn: '2026-12-31' }),
        item({ materialId: 4, finishedOn: '2027-01-01', dueOn: '2027-01-05' }),
      ],
      xiamen,
      2026,
    );
    expect(c.items.map((i) => i.counted)).toEqual([false, false, true, false]);
    expect(c.countedMinutes).toBe(45);
  });

  it('the year’s credit stops at the cap (16 学时 of 45 minutes: 720 minutes)', () => {
    const many = Array.from({ length: 20 }, (_, i) => item({ materialId: i, estimatedMinutes: 45 }));
    expect(learningCredit(many.slice(0, 16), xiamen, 2026).creditedHours).toBe(16);
    const c = learningCredit(many, xiamen, 2026);
    expect(c).toMatchObject({ creditedHours: 16, countedMinutes: 900, capHours: 16, targetHours: 32 });
  });
});
