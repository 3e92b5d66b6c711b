import { nextServiceDate, type WorkCalendar } from '@honglian/domain';
import { sql } from 'kysely';
import { CalendarService } from '../../platform/calendar.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';

/** Days before an activity day when the office is reminded. */
export const ACTIVITY_REMINDER_DAYS = 3;

/**
 * The alliances' fixed monthly activity day (seed 000, Longyan: 每月15日 园区党建活动日): the coming
 * one of every alliance that has a day, moved to the next working day by the calendar (the same rule
 * as 企业服务日, `nextServiceDate`), is put in its meetings once, and its office is reminded in-app
 * within three days of it. Idempotent: one activity per alliance and date (a unique index), one
 * reminder per date (`dedupe_key`).
 */
export async function generateActivityDays(db: Executor, calendar: WorkCalendar, today = clock.today()) {
  const rows = await db
    .selectFrom('alliances')
    .select(['id', 'activity_day'])
    .where('activity_day', 'is not', null)
    .execute();
  if (rows.length === 0) return { activities: 0, reminders: 0 };
  const ids = rows.map((r) => r.id);
  const dates = rows.map((r) => nextServiceDate(today, r.activity_day!, calendar));
  const activities = await sql`
    insert into alliance_meetings (alliance_id, region_code, kind, title, planned_on, convener_org_id, agenda, updated_at)
    select a.id, a.region_code, 'activity_day',
      extract(month from v.planned_on)::int || '月党建活动日', v.planned_on, a.org_id, '{}', ${clock.now()}
    from unnest(${ids}::bigint[], ${dates}::date[]) as v (alliance_id, planned_on)
    join alliances a on a.id = v.alliance_id
    on conflict (alliance_id, planned_on) where kind = 'activity_day' do nothing`.execute(db);
  const reminders = await sql`
    insert into notifications (org_id, org_path, kind, title, body, dedupe_key)
    select o.id, o.path, 'alliance_activity', '【活动日提醒】' || a.name,
      a.name || '本月党建活动日为 ' || to_char(m.planned_on, 'YYYY-MM-DD') || '，请提前安排。',
      'alliance-activity:' || a.id || ':' || to_char(m.planned_on, 'YYYY-MM-DD')
    from alliance_meetings m join alliances a on a.id = m.alliance_id join orgs o on o.id = a.org_id
    where m.kind = 'activity_day' and m.planned_on >= ${today}::date
      and m.planned_on <= ${today}::date + ${ACTIVITY_REMINDER_DAYS}::int
    on conflict (dedupe_key) do nothing`.execute(db);
  return {
    activities: Number(activities.numAffectedRows ?? 0),
    reminders: Number(reminders.numAffectedRows ?? 0),
  };
}

export const allianceActivityJob: JobDefinition = {
  label: '联盟每月党建活动日',
  maxAttempts: 3,
  handler: async (_payload, { db }) => {
    const calendar = await new CalendarService(db.db).calendar();
    return generateActivityDays(db.db, calendar);
  },
};

export const allianceActivitySchedule: ScheduleDefinition = {
  job: 'alliances.activity_days',
  label: '联盟每月党建活动日',
  description:
    '每天 06:00 为设有固定活动日的联盟排好下一个活动日（遇节假日顺延到下一个工作日），活动日前 3 天提醒联盟办公室',
  everySeconds: 86_400,
  atSecondOfDay: 6 * 3600,
};
