import { deliverAfter } from '@honglian/domain';
import { sql } from 'kysely';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import { type ReminderChannel, sendDigests } from '../compliance/channels.ts';

/**
 * Notices to one person about their case (已答复): a row in `notifications` for the in-app list
 * (我的 › 通知 on the phone), handed once to the same channels the compliance reminders use
 * (`compliance/channels.ts`: in-app, log, and later SMS or WeChat) by the `cases.notify` job.
 */
export async function noticeAnswered(
  trx: Executor,
  row: { id: number; title: string; reporter_id: number | null },
  reply: string,
) {
  if (row.reporter_id === null) return false;
  await trx
    .insertInto('notifications')
    .values({
      user_id: row.reporter_id,
      case_id: row.id,
      kind: 'answered',
      title: `【已答复】${row.title}`,
      body: `您反映的问题（工单 #${row.id}）已答复：${reply.slice(0, 200)}。请在“我的诉求”中查看并评价。`,
      // the in-app list shows it at once; SMS or WeChat wait out quiet hours
      deliver_after: deliverAfter(clock.now()),
    })
    .execute();
  return true;
}

/**
 * Hands every undelivered personal notice whose quiet hours are over to the channels, one digest per
 * user, and marks them sent. Run when a case is answered and every hour (notices held overnight).
 */
export async function deliverCaseNotices(
  db: Executor,
  channels: ReminderChannel[],
  now: Date = clock.now(),
): Promise<{ users: number; notices: number }> {
  const due = await sql<{
    user_id: number;
    username: string;
    display_name: string;
    ids: number[];
    titles: string[];
    bodies: string[];
  }>`
    with due as (
      select id from notifications
      where user_id is not null and delivered_at is null and (deliver_after is null or deliver_after <= ${now})
      order by id limit 1000 for update skip locked
    )
    select n.user_id, u.username, u.display_name,
      array_agg(n.id order by n.id) as ids, array_agg(n.title order by n.id) as titles,
      array_agg(n.body order by n.id) as bodies
    from notifications n join due on due.id = n.id join users u on u.id = n.user_id
    group by n.user_id, u.username, u.display_name
    order by n.user_id`.execute(db);
  const sent = await sendDigests(channels, due.rows, {
    title: (n) => `红链通知：您有 ${n} 条新通知`,
    reminders: false,
    single: true,
  });
  if (sent.length)
    await sql`update notifications set delivered_at = ${now} where id = any(${sent}::bigint[])`.execute(db);
  return { users: due.rows.length, notices: sent.length };
}
