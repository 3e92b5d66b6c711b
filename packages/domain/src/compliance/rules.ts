import { addDays, todayInShanghai } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/workdays.ts';

/**
 * Organizational life and the compliance engine's pure parts (RULES.md O6–O8, D10–D11, M2): meeting
 * kinds, periods, the wording of a finding's citation, quiet hours, and when an open finding escalates.
 * The rules themselves (parameters, source, article, version) are rows of `compliance_rules`.
 */
export const MEETING_KINDS = {
  branch_general: '支部党员大会',
  branch_committee: '支部委员会',
  group: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  review: '民主评议党员',
} as const;
export type MeetingKind = keyof typeof MEETING_KINDS;
export const MEETING_KIND_CODES = Object.keys(MEETING_KINDS) as MeetingKind[];

export const MEETING_STATUS = { planned: '计划', held: '已召开', cancelled: '已取消' } as const;
export const ATTENDANCE_STATUS = { present: '出席', excused: '请假', absent: '缺席' } as const;

export type PeriodUnit = 'month' | 'quarter' | 'year';
export const PERIOD_UNIT_LABELS: Record<PeriodUnit, string> = {
  month: '每月',
  quarter: '每季度',
  year: '每年',
};

/** The label of the period starting on `start` ('2026-07-01', 'quarter' → '2026年第3季度'). */
export function periodLabel(start: string, unit: PeriodUnit): string {
  const year = start.slice(0, 4);
  const month = Number(start.slice(5, 7));
  if (unit === 'year') return `${year}年`;
  if (unit === 'quarter') return `${year}年第${Math.floor((month - 1) / 3) + 1}季度`;
  return `${year}年${month}月`;
}

/** The period key stored with a finding ('2026-Q3', '2026-07', '2026'). */
export function periodKey(start: string, unit: PeriodUnit): string {
  const month = Number(start.slice(5, 7));
  if (unit === 'year') return start.slice(0, 4);
  if (unit === 'quarter') return `${start.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
  return start.slice(0, 7);
}

export interface RuleCitation {
  code: string;
  source: string;
  article: string;
}

/**
 * The mark of an article number not confirmed against the official text (RULES.md's [?]): "[待核]" or
 * "（条款号待核）", written into the article itself so every message citing it shows it to the user.
 */
export const UNCERTAIN_MARK = '待核';

/** True when a rule's article is marked as not confirmed: the API sends it as `uncertain`. */
export function isUncertainArticle(article: string): boolean {
  return article.includes(UNCERTAIN_MARK);
}

/** "依据《…》第X条" — every finding and reminder says which rule it comes from. */
export function citation(rule: RuleCitation): string {
  return `依据${rule.source}${rule.article}`;
}

export const QUIET_HOURS = { from: 22, until: 8 } as const;

/**
 * When a push (SMS, WeChat) may be delivered: now, unless it is between 22:00 and 08:00 in Asia/Shanghai,
 * then at the next 08:00. In-app messages are not held back.
 */
export function deliverAfter(now: Date): Date {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const hour = shanghai.getUTCHours();
  if (hour >= QUIET_HOURS.until && hour < QUIET_HOURS.from) return now;
  const day = todayInShanghai(now);
  const morningDay = hour >= QUIET_HOURS.from ? addDays(day, 1) : day;
  return new Date(`${morningDay}T0${QUIET_HOURS.until}:00:00+08:00`);
}

/**
 * The latest date from which `workdays` working days have run by `asOf` (workdaysBetween(cutoff, asOf)
 * ≥ workdays): a finding opened (or last escalated) on or before it escalates.
 */
export function escalationCutoff(calendar: WorkCalendar, asOf: string, workdays: number): string {
  let day = asOf;
  while (calendar.workdaysBetween(day, asOf) < workdays) day = addDays(day, -1);
  return day;
}

/** The first day of the month `months` before the one containing `date` ('2026-11-20', 12 → '2025-11-01'). */
export function monthsBackStart(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export const FINDING_STATUS = { open: '未整改', resolved: '已整改' } as const;
export const FINDING_SEVERITY = { warning: '预警', finding: '问题' } as const;
export const REMINDER_KINDS = { remind: '提醒', escalate: '督办', warn: '预警' } as const;
export const FINDING_EVENT_KINDS = {
  opened: '发现问题',
  comment: '督办意见',
  deadline: '限期整改',
  escalated: '提级督办',
  resolved: '已整改',
} as const;
