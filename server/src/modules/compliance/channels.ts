import { deliverAfter } from '@honglian/domain';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import type { OrgDigestLine } from './tables.ts';

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
  const delivered = await sendDigests(channels, due.rows, {
    title: (n) => `红链合规提醒：您有 ${n} 条待办`,
    reminders: true,
  });
  if (delivered.length) {
    await sql`update reminders set delivered_at = ${now} where id = any(${delivered}::bigint[])`.execute(db);
  }
  return { users: due.rows.length, reminders: delivered.length };
}

/** A user's due items (reminders or notices), as one query gathers them. */
export interface DueItems {
  user_id: number;
  username: string;
  display_name: string;
  ids: number[];
  titles: string[];
  bodies: string[];
}

/** The most items a digest spells out; the rest are counted in one last line. */
const DIGEST_LINES = 20;

/**
 * One digest per user through every channel: a single item as itself (when `single` allows), more as
 * numbered lines, at most 20, the rest counted. Used for compliance reminders and for case notices, so
 * both reach a person the same way. Returns the ids delivered.
 */
export async function sendDigests(
  channels: ReminderChannel[],
  rows: DueItems[],
  options: { title: (count: number) => string; reminders: boolean; single?: boolean },
): Promise<number[]> {
  const delivered: number[] = [];
  for (const row of rows) {
    const ids = row.ids.map(Number);
    const lines = row.titles.slice(0, DIGEST_LINES).map((t, i) => `${i + 1}. ${t}：${row.bodies[i]}`);
    if (ids.length > DIGEST_LINES) lines.push(`……另有 ${ids.length - DIGEST_LINES} 条，请登录红链查看`);
    const one = options.single && ids.length === 1;
    const digest: Digest = {
      // the channel interface names compliance reminders; a case notice is none
      reminderIds: options.reminders ? ids : [],
      title: one ? row.titles[0]! : options.title(ids.length),
      body: one ? row.bodies[0]! : lines.join('\n'),
    };
    const user = { id: row.user_id, username: row.username, displayName: row.display_name };
    for (const channel of channels) await channel.deliver(user, digest);
    delivered.push(...ids);
  }
  return delivered;
}

/** The most lines a superior's digest spells out; the rest are summed in one last line. */
const ORG_DIGEST_LINES = 30;

/**
 * The superiors' digest by organization: each org_admin is sent, through the same channels, one line
 * per organization directly below the one they administer that has open findings in its subtree, with
 * its counts (open, new since the last digest, escalated), instead of a reminder for every finding.
 * Sent only when something is new since the user's last digest (a finding opened or escalated), never
 * in quiet hours. One statement counts every user's lines. Returns the users sent a digest.
 */
export async function deliverOrgDigests(
  db: Executor,
  channels: ReminderChannel[],
  now: Date = clock.now(),
): Promise<{ users: number; lines: number }> {
  if (deliverAfter(now).getTime() > now.getTime()) return { users: 0, lines: 0 };
  const rows = await sql<{
    user_id: number;
    username: string;
    display_name: string;
    org_id: number;
    name: string;
    open: number;
    fresh: number;
    escalated: number;
    fresh_escalated: number;
  }>`
    with bound as (
      select distinct rb.user_id, u.username, u.display_name, rb.org_id
      from role_bindings rb join users u on u.id = rb.user_id and u.status = 'active'
      where rb.role = 'org_admin'
    ),
    since as (select user_id, max(sent_at) as at from org_digests group by user_id),
    child as (
      select b.user_id, b.username, b.display_name, c.id, c.name, c.path,
        coalesce(s.at, '-infinity'::timestamptz) as since
      from bound b join orgs c on c.parent_id = b.org_id left join since s on s.user_id = b.user_id
    ),
    counts as (
      select ch.user_id, ch.username, ch.display_name, ch.id as org_id, ch.name, count(*)::int as open,
        (count(*) filter (where f.opened_at > ch.since and f.opened_at <= ${now}))::int as fresh,
        (count(*) filter (where f.escalation_level > 0))::int as escalated,
        (count(*) filter (where f.escalated_at > ch.since and f.escalated_at <= ${now}))::int as fresh_escalated
      from child ch join findings f on f.status = 'open' and f.org_path like ch.path || '%'
      group by ch.user_id, ch.username, ch.display_name, ch.id, ch.name
    )
    select * from counts
    where user_id in (select user_id from counts group by user_id having sum(fresh) + sum(fresh_escalated) > 0)
    order by user_id, open desc, org_id`.execute(db);
  const byUser = new Map<number, typeof rows.rows>();
  for (const r of rows.rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
  let lineCount = 0;
  for (const [userId, lines] of byUser) {
    const shown = lines
      .slice(0, ORG_DIGEST_LINES)
      .map(
        (l, i) =>
          `${i + 1}. ${l.name}：未整改 ${l.open} 条（新增 ${l.fresh} 条${l.escalated ? `，已督办 ${l.escalated} 条` : ''}）`,
      );
    const rest = lines.slice(ORG_DIGEST_LINES);
    if (rest.length)
      shown.push(
        `……另有 ${rest.length} 个组织未整改 ${rest.reduce((n, l) => n + l.open, 0)} 条，请登录红链查看合规看板`,
      );
    const total = lines.reduce((n, l) => n + l.open, 0);
    const digest: Digest = {
      reminderIds: [],
      title: `红链合规汇总：下级 ${lines.length} 个组织未整改 ${total} 条`,
      body: shown.join('\n'),
    };
    const first = lines[0]!;
    const user = { id: userId, username: first.username, displayName: first.display_name };
    for (const channel of channels) await channel.deliver(user, digest);
    const stored: OrgDigestLine[] = lines.map((l) => ({
      orgId: l.org_id,
      name: l.name,
      open: l.open,
      fresh: l.fresh,
      escalated: l.escalated,
    }));
    await db
      .insertInto('org_digests')
      .values({ user_id: userId, lines: JSON.stringify(stored), sent_at: now })
      .execute();
    lineCount += lines.length;
  }
  return { users: byUser.size, lines: lineCount };
}
