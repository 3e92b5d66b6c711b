import { sql } from 'kysely';
import { CalendarService } from '../../platform/calendar.ts';
import { clock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { InAppChannel, LogChannel } from '../compliance/channels.ts';
import { deliverCaseNotices } from './notices.ts';
import { applyDueRating, applyDueRatings } from './service.ts';

/**
 * The deadline sweep (CASES.md, after 12345 practice and FixMyStreet Zurich): a reminder to the
 * handling unit before a completion limit runs out (within 1 day), a chase notice once it is past,
 * and a 督办 alert to the unit's superior organization. Set-based: one INSERT … SELECT each, made
 * idempotent by `dedupe_key` (one notice per case, kind and due time). Closed cases are archived
 * after 7 days (SeeClickFix). The channel is the in-app `notifications` table; the job log records
 * how many went out (an SMS or WeChat channel would read the same rows).
 */
const OPEN = sql.raw(
  `('submitted','accepted','dispatched','signed','in_progress','return_requested','suspended','replied','visiting')`,
);

export const caseDeadlineJob: JobDefinition = {
  label: '工单时限巡检（临期提醒、超期催办、督办）',
  maxAttempts: 3,
  handler: async (_payload, { db, log }) => {
    const now = clock.now();
    const reminders = await sql`
      insert into notifications (org_id, org_path, case_id, kind, title, body, dedupe_key)
      select c.lead_org_id, c.lead_org_path, c.id, 'reminder', '【临期提醒】' || c.title,
             '工单 #' || c.id || ' 将于 ' || to_char(c.completion_due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' 到期，请抓紧办理。',
             'remind:' || c.id || ':' || extract(epoch from c.completion_due_at)::bigint
      from cases c
      where c.state in ${OPEN} and c.lead_org_id is not null and not c.clocks_paused
        and c.completion_stopped_at is null
        and c.completion_due_at > ${now} and c.completion_due_at <= ${now}::timestamptz + interval '1 day'
      on conflict (dedupe_key) do nothing`.execute(db.db);
    const from = sql`
      from cases c
      left join orgs lead on lead.id = c.lead_org_id
      join orgs area on area.id = c.org_id`;
    const overdue = sql`
      where c.state in ${OPEN}
        and ((c.completion_due_at < ${now} and c.completion_stopped_at is null and not c.clocks_paused)
             or (c.state = 'dispatched' and c.sign_due_at < ${now}))`;
    const chases = await sql`
      insert into notifications (org_id, org_path, case_id, kind, title, body, dedupe_key)
      select coalesce(lead.id, area.id), coalesce(lead.path, area.path), c.id, 'chase', '【超期催办】' || c.title,
             '工单 #' || c.id || ' 已超过办理时限，请立即办理并说明原因。',
             'chase:' || c.id || ':' || coalesce(extract(epoch from c.completion_due_at)::bigint, 0) || ':' || c.state
      ${from}
      ${overdue}
      on conflict (dedupe_key) do nothing`.execute(db.db);
    const alerts = await sql`
      insert into notifications (org_id, org_path, case_id, kind, title, body, dedupe_key)
      select sup.id, sup.path, c.id, 'supervision', '【督办】' || c.title,
             '下级单位办理的工单 #' || c.id || ' 已超期，请督促办理。',
             'supervise:' || c.id || ':' || coalesce(extract(epoch from c.completion_due_at)::bigint, 0) || ':' || c.state
      ${from}
      join orgs sup on sup.id = coalesce(lead.parent_id, area.parent_id, area.id)
      ${overdue}
      on conflict (dedupe_key) do nothing`.execute(db.db);
    const archived = await db.db.transaction().execute(async (trx) => {
      const rows = await sql<{ id: number }>`
        with old as (
          select id, region_code, state from cases
          where state in ('closed', 'rejected') and closed_at < ${now}::timestamptz - interval '7 days'
          for update skip locked
        ), ev as (
          insert into case_events (case_id, region_code, actor_name, action, from_state, to_state, comment, at)
          select id, region_code, '系统（自动归档）', 'archive', state, 'archived', '办结满 7 天自动归档', ${now} from old
        )
        update cases set state = 'archived', updated_at = now() from old where cases.id = old.id
        returning cases.id`.execute(trx);
      return rows.rows.length;
    });
    // a rating whose window ended and whose own job was lost or ran early (the backstop)
    const ratings = await applyDueRatings(db.db, await new CalendarService(db.db).calendar(), now);
    const result = {
      ratings,
      reminders: Number(reminders.numAffectedRows ?? 0),
      chases: Number(chases.numAffectedRows ?? 0),
      supervisionAlerts: Number(alerts.numAffectedRows ?? 0),
      archived,
    };
    log.info(result, 'case deadline sweep: notifications sent to the in-app channel');
    return result;
  },
};

/** Personal case notices (已答复) to the reminders' channels, enqueued when a case is answered. */
export const caseNoticeJob: JobDefinition = {
  label: '发送工单通知（已答复）',
  maxAttempts: 5,
  handler: async (_payload, { db, log }) =>
    db.db
      .transaction()
      .execute((trx) => deliverCaseNotices(trx, [new InAppChannel(), new LogChannel(trx, log)])),
};

/** The end of one rating's change window: the rating takes effect (closes the case or sends it back). */
export const caseRatingJob: JobDefinition = {
  label: '评价生效（修改期结束）',
  maxAttempts: 5,
  handler: async (payload, { db }) => {
    const { caseId } = payload as { caseId: number };
    const calendar = await new CalendarService(db.db).calendar();
    return db.db.transaction().execute((trx) => applyDueRating(trx, calendar, caseId));
  },
};
