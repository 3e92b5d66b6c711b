import type { WorkCalendar } from '../calendar/workdays.ts';

/**
 * Pure rules of 学习 (issue 15 item 4, decision 0022): what a reading record becomes when a member's
 * page reports progress, when an assignment is due, and how much finished assigned study counts toward
 * organizational life under a region's rule (`learning_credit_rules`).
 */

export const MATERIAL_KINDS = { article: '文章', document: '文件', video: '视频链接' } as const;
export type MaterialKind = keyof typeof MATERIAL_KINDS;

/** Most minutes one report may add to a reading (a page left open all night is not study). */
export const MAX_MINUTES_PER_MATERIAL = 600;
/** Longest due period in working days an assignment may have. */
export const MAX_DUE_WORKDAYS = 120;

export interface ReadState {
  progress: number;
  minutes: number;
  finishedAt: Date | null;
}

export interface ReadReport {
  /** 0–100, what the page has shown so far (articles and documents) */
  progress?: number | undefined;
  /** minutes read so far, in total (not an increment: a repeated report changes nothing) */
  minutes?: number | undefined;
  /** the member says they finished (an article read to the end, a video watched) */
  finished?: boolean | undefined;
}

export type ReadDecision =
  | { ok: true; state: ReadState; justFinished: boolean }
  | { ok: false; field: string; code: string; message: string };

/**
 * The reading after a report. Opening creates it (`prev` null) at the reported progress; progress and
 * minutes never go back (a report repeated or arriving late changes nothing); a finished reading stays
 * finished, at 100. An article or document is finished at progress 100 or when the member says so; a
 * video by link is finished only when the member marks it watched after having opened it before, since
 * the platform cannot see the video being played.
 */
export function nextRead(
  prev: ReadState | null,
  report: ReadReport,
  kind: MaterialKind,
  now: Date,
  estimatedMinutes: number,
): ReadDecision {
  const minutesCap = Math.min(MAX_MINUTES_PER_MATERIAL, Math.max(estimatedMinutes * 3, 30));
  if (report.minutes !== undefined && report.minutes > minutesCap)
    return {
      ok: false,
      field: 'minutes',
      code: 'learning.minutes',
      message: `学习时长不能超过 ${minutesCap} 分钟（该资料预计 ${estimatedMinutes} 分钟）`,
    };
  if (kind === 'video' && report.finished && prev === null)
    return {
      ok: false,
      field: 'finished',
      code: 'learning.video_not_opened',
      message: '请先打开视频链接观看，再标记为已观看',
    };
  if (kind === 'video' && report.progress !== undefined && report.progress >= 100 && !report.finished)
    return {
      ok: false,
      field: 'progress',
      code: 'learning.video_progress',
      message: '视频链接的学习进度由“已观看”标记，不能直接填写 100',
    };
  const before = prev ?? { progress: 0, minutes: 0, finishedAt: null };
  const finished =
    before.finishedAt !== null ||
    report.finished === true ||
    (kind !== 'video' && (report.progress ?? 0) >= 100);
  const progress = finished ? 100 : Math.max(before.progress, Math.min(99, report.progress ?? 0));
  const minutes = Math.max(before.minutes, report.minutes ?? 0);
  const finishedAt = before.finishedAt ?? (finished ? now : null);
  return {
    ok: true,
    state: { progress, minutes, finishedAt },
    justFinished: before.finishedAt === null && finishedAt !== null,
  };
}

export interface DueInput {
  /** a date chosen by the publisher */
  dueOn?: string | undefined;
  /** or a number of working days from the day it is assigned */
  workdays?: number | undefined;
}

/**
 * An assignment's due date: the date given, or `workdays` working days after `assignedOn` by the
 * calendar (holidays and 调休), flagged provisional when it runs into a year whose holidays are not
 * published. A date before `assignedOn` is refused.
 */
export function assignmentDueOn(
  calendar: WorkCalendar,
  assignedOn: string,
  input: DueInput,
): { ok: true; dueOn: string; provisional: boolean } | { ok: false; field: string; message: string } {
  if ((input.dueOn === undefined) === (input.workdays === undefined))
    return { ok: false, field: 'dueOn', message: '请填写截止日期，或填写完成时限（工作日天数），二者选一' };
  if (input.workdays !== undefined) {
    if (!Number.isInteger(input.workdays) || input.workdays < 1 || input.workdays > MAX_DUE_WORKDAYS)
      return { ok: false, field: 'workdays', message: `完成时限应为 1 至 ${MAX_DUE_WORKDAYS} 个工作日` };
    const dueOn = calendar.addWorkdays(assignedOn, input.workdays);
    return { ok: true, dueOn, provisional: calendar.isProvisionalBetween(assignedOn, dueOn) };
  }
  const dueOn = input.dueOn as string;
  if (dueOn < assignedOn) return { ok: false, field: 'dueOn', message: '截止日期不能早于布置日期' };
  return { ok: true, dueOn, provisional: calendar.isProvisionalBetween(assignedOn, dueOn) };
}

/** A region's rule (a row of `learning_credit_rules`, the longest matching prefix). */
export interface LearningCreditRule {
  regionPrefix: string;
  counts: boolean;
  minutesPerHour: number;
  yearlyCapHours: number;
  yearlyTargetHours: number;
  onTimeOnly: boolean;
  note: string;
}

/** One material in a member's record, with what the credit needs to know. */
export interface StudyItem {
  materialId: number;
  title: string;
  estimatedMinutes: number;
  /** the Shanghai date the member finished it, or null */
  finishedOn: string | null;
  /** the earliest due date of the active assignments that give it to this member, or null if none */
  dueOn: string | null;
}

export interface CreditedItem {
  materialId: number;
  counted: boolean;
  minutes: number;
  reason: string;
}

export interface LearningCredit {
  year: number;
  counts: boolean;
  /** minutes of study that count (before the cap) */
  countedMinutes: number;
  /** whole 学时 that count, at most the cap */
  creditedHours: number;
  capHours: number;
  targetHours: number;
  minutesPerHour: number;
  items: CreditedItem[];
  basis: string;
}

/** The basis every credit cites (RULES.md "学习": the 32-学时 target, article unconfirmed). */
export const LEARNING_CREDIT_BASIS =
  '《中国共产党党员教育管理工作条例》（2019）：党员每年集中学习培训时间一般不少于32学时（条款号待核）；是否计入以及如何计入由地区参数确定';

/**
 * How much of a member's study in `year` counts toward organizational life (集中学习培训学时) under the
 * region's rule. Only a material given to the member by an assignment counts (self-chosen reading stays
 * in the record), only when finished in that year, and with `onTimeOnly` only on or before its due date.
 * Each counted material counts its estimated minutes (set by the publisher, not what the page
 * reported); the sum becomes whole 学时 of `minutesPerHour` (rounded down), at most `yearlyCapHours`.
 */
export function learningCredit(items: StudyItem[], rule: LearningCreditRule, year: number): LearningCredit {
  const prefix = String(year);
  const credited = items.map((i): CreditedItem => {
    const no = (reason: string) => ({ materialId: i.materialId, counted: false, minutes: 0, reason });
    if (!rule.counts) return no('本地区个人学习不计入组织生活学时');
    if (i.finishedOn === null) return no('尚未完成');
    if (i.finishedOn.slice(0, 4) !== prefix) return no(`不是${year}年完成的`);
    if (i.dueOn === null) return no('自主学习，不是指定学习任务');
    if (rule.onTimeOnly && i.finishedOn > i.dueOn) return no(`逾期完成（截止 ${i.dueOn}）`);
    return {
      materialId: i.materialId,
      counted: true,
      minutes: i.estimatedMinutes,
      reason: '按期完成指定学习',
    };
  });
  const countedMinutes = credited.reduce((sum, c) => sum + c.minutes, 0);
  const creditedHours = rule.counts
    ? Math.min(rule.yearlyCapHours, Math.floor(countedMinutes / rule.minutesPerHour))
    : 0;
  return {
    year,
    counts: rule.counts,
    countedMinutes,
    creditedHours,
    capHours: rule.yearlyCapHours,
    targetHours: rule.yearlyTargetHours,
    minutesPerHour: rule.minutesPerHour,
    items: credited,
    basis: `${LEARNING_CREDIT_BASIS}。${rule.note}`,
  };
}
