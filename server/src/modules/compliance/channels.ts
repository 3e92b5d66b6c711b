import { sql } from 'kysely';
import type { Logger } from 'pino';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';

/**
 * Where reminders go. The engine writes reminders; a delivery run gathers each user's due ones into
 * ONE digest and hands it to every channel. SMS or WeChat is another implementation of this interface,
 * registered beside the two below, without touching the engine.
 */
export interface DigestUser {
  id: number;
  username: string;
  displayName: string;
}

export interface Digest {
  reminderIds: number[];
  title: string;
  body: string;
}

export interface ReminderChannel {
  readonly name: string;
  deliver(user: DigestUser, digest: Digest): Promise<void>;
}

/** In-app: the reminders table is the inbox (GET /api/v1/me/reminders); nothing more to send. */
export class InAppChannel implements ReminderChannel {
  readonly name = 'in_app';
  async deliver(): Promise<void> {}
}

/** A real outside channel that only records: one row per digest and a log line. */
export class LogChannel implements ReminderChannel {
  readonly name = 'log';
  constructor(
    private readonly db: Executor,
    private readonly log: Pick<Logger, 'info'>,
  ) {}
  async deliver(user: DigestUser, digest: Digest): Promise<void> {
    await this.db
      .insertInto('channel_deliveries')
      .values({
        channel: this.name,
        user_id: user.id,
        reminder_ids: digest.reminderIds,
        title: digest.title,
        body: digest.body,
      })
      .execute();
    this.log.info(
      { channel: this.name, user: user.username, reminders: digest.reminderIds.length },
      digest.title,
    );
  }
}

/**
 * Hands each user's due reminders (quiet hours respected through `deliver_after`) to the channels as
 * one digest, then marks them delivered in one statement. Returns users and reminders delivered.
 */
export async function deliverDigests(
  db: Executor,
  channels: ReminderChannel[],
  now: Date = clock.now(),
): Promise<{ users: number; reminders: number }> {
  const due = await sql<{
    user_id: number;
    username: string;
    display_name: string;
    ids: number[];
    titles: string[];
    bodies: string[];
  }>`
    select r.user_id, u.username, u.display_name,
      array_agg(r.id order by r.id) as ids, array_agg(r.title order by r.id) as titles, array_agg(r.body order by r.id) as bodies
    from reminders r join users u on u.id = r.user_id
    where r.delivered_at is null and r.deliver_after <= ${now}
    group by r.user_id, u.username, u.display_name
    order by r.user_id`.execute(db);
  const delivered: number[] = [];
  for (const row of due.rows) {
    const ids = row.ids.map(Number);
    const lines = row.titles.slice(0, 20).map((t, i) => `${i + 1}. ${t}：${row.bodies[i]}`);
    if (ids.length > 20) lines.push(`……另有 ${ids.length - 20} 条，请登录红链查看`);
    const digest: Digest = {
      reminderIds: ids,
      title: `红链合规提醒：您有 ${ids.length} 条待办`,
      body: lines.join('\n'),
    };
    const user = { id: row.user_id, username: row.username, displayName: row.display_name };
    for (const channel of channels) await channel.deliver(user, digest);
    delivered.push(...ids);
  }
  if (delivered.length) {
    await sql`update reminders set delivered_at = ${now} where id = any(${delivered}::bigint[])`.execute(db);
  }
  return { users: due.rows.length, reminders: delivered.length };
}
