import { addCalendarMonths } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/workdays.ts';
import { noticeEarliestEnd } from './checks.ts';
import { approvedOn, approvedSteps, type DevelopmentFacts, probationEnd, stageOf } from './record.ts';
import {
  DEVELOPMENT_STEP_LABELS,
  type DevelopmentRuleId,
  type DevelopmentRuleSet,
  type DevelopmentStepCode,
  ruleSetFor,
} from './rules.ts';

/**
 * - deadline: `done` (on time), `late` (done after the date), `pending` (not yet, still in time),
 *   `overdue` (not done and the date has passed);
 * - earliest: `done`, `waiting` (may not happen before the date), `open` (may happen now).
 */
export type DevelopmentDueStatus = 'done' | 'late' | 'pending' | 'overdue' | 'waiting' | 'open';

export interface DevelopmentDueItem {
  step: DevelopmentStepCode;
  label: string;
  rule: DevelopmentRuleId;
  kind: 'deadline' | 'earliest';
  /** Anchor of the time limit: the day it starts counting from. */
  from: string;
  date: string;
  status: DevelopmentDueStatus;
  doneOn: string | null;
  /** True when a working-day count touched a year whose official calendar is not known yet. */
  provisional: boolean;
  /** The rule set that set the time limit (the one in force on the anchor date). */
  ruleSet: DevelopmentRuleSet['version'];
}

function item(
  set: DevelopmentRuleSet,
  step: DevelopmentStepCode,
  rule: DevelopmentRuleId,
  kind: DevelopmentDueItem['kind'],
  from: string,
  date: string,
  doneOn: string | undefined,
  today: string,
  provisional = false,
): DevelopmentDueItem {
  let status: DevelopmentDueStatus;
  if (kind === 'deadline') {
    status = doneOn !== undefined ? (doneOn > date ? 'late' : 'done') : today > date ? 'overdue' : 'pending';
  } else {
    status = doneOn !== undefined ? 'done' : today < date ? 'waiting' : 'open';
  }
  return {
    step,
    label: DEVELOPMENT_STEP_LABELS[step],
    rule,
    kind,
    from,
    date,
    status,
    doneOn: doneOn ?? null,
    provisional,
    ruleSet: set.version,
  };
}

export interface DevelopmentDueOptions {
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  today: string;
  /** The rule set in force on a date; regional overrides plug in here. */
  setFor?: (date: string) => DevelopmentRuleSet;
}

/**
 * Every due date of a record, from the deadlines its rule sets declare (each limit is taken from
 * the set in force on the day the limit starts to run) plus the recurring half-year assessment (P4)
 * and the end of probation (P14). Calendar months use `addCalendarMonths` (Jan 31 + 1 month = Feb
 * 28), working days the calendar (holidays and 调休).
 */
export function dueDates(
  record: DevelopmentFacts,
  calendar: WorkCalendar,
  options: DevelopmentDueOptions,
): DevelopmentDueItem[] {
  const setFor = options.setFor ?? ruleSetFor;
  const today = options.today;
  const out: DevelopmentDueItem[] = [];
  const anchors: Partial<Record<DevelopmentStepCode | 'probation_end', string>> = {};
  const applied = approvedOn(record, 'application') ?? record.appliedOn;
  anchors.application = applied;
  for (const s of record.steps) if (s.decision === 'approved') anchors[s.code] = approvedOn(record, s.code);
  const end = probationEnd(record);
  if (end) anchors.probation_end = end;

  // P3 (regional): an application must be some months old before activist designation
  const appliedSet = setFor(applied);
  if (appliedSet.params.activistMinApplicationMonths > 0) {
    out.push(
      item(
        appliedSet,
        'activist',
        'P3',
        'earliest',
        applied,
        addCalendarMonths(applied, appliedSet.params.activistMinApplicationMonths),
        approvedOn(record, 'activist'),
        today,
      ),
    );
  }

  const collected = new Map<string, DevelopmentDueItem>();
  for (const anchorCode of Object.keys(anchors) as Array<DevelopmentStepCode | 'probation_end'>) {
    const from = anchors[anchorCode]!;
    const set = setFor(from);
    for (const d of set.deadlines) {
      if (d.from !== anchorCode) continue;
      const date = addCalendarMonths(from, d.months);
      collected.set(
        `${d.step}:${d.kind}`,
        item(set, d.step, d.rule, d.kind, from, date, approvedOn(record, d.step), today),
      );
    }
  }

  // P4: while an activist, one assessment every half year from designation or the last assessment
  const activist = approvedOn(record, 'activist');
  if (activist) {
    const set = setFor(activist);
    const assessments = approvedSteps(record, 'assessment')
      .map((s) => s.date)
      .sort();
    let previous = activist;
    for (const done of assessments) {
      const date = addCalendarMonths(previous, set.params.assessmentEveryMonths);
      out.push(item(set, 'assessment', 'P4', 'deadline', previous, date, done, today));
      previous = done;
    }
    if (stageOf(record, set) === 'activist') {
      const date = addCalendarMonths(previous, set.params.assessmentEveryMonths);
      out.push(item(set, 'assessment', 'P4', 'deadline', previous, date, undefined, today));
    }
  }

  // P6: the notice, counted in working days
  const notice = approvedSteps(record, 'notice').at(-1);
  if (notice?.data?.noticeFrom) {
    const set = setFor(notice.data.noticeFrom);
    const date = noticeEarliestEnd(calendar, notice.data.noticeFrom, set.params.noticeMinWorkdays);
    out.push(
      item(
        set,
        'notice',
        'P6',
        'earliest',
        notice.data.noticeFrom,
        date,
        notice.data.noticeTo ?? notice.date,
        today,
        calendar.isProvisionalBetween(notice.data.noticeFrom, date),
      ),
    );
  }

  out.push(...collected.values());
  const order = (d: DevelopmentDueItem) => `${d.date}:${d.step}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** The earliest overdue item, or the next pending one: what the pipeline board shows on a card. */
export function nextDue(items: readonly DevelopmentDueItem[]): DevelopmentDueItem | undefined {
  return items.find((i) => i.status === 'overdue') ?? items.find((i) => i.status === 'pending');
}

export function isOverdue(items: readonly DevelopmentDueItem[]): boolean {
  return items.some((i) => i.status === 'overdue');
}
