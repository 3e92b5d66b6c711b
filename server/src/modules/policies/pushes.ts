import {
  capFor,
  deliverAfter,
  planPushes,
  ROLES,
  type RoleCode,
  todayInShanghai,
  weekStart,
} from '@honglian/domain';
import { sql } from 'kysely';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { deliverCaseNotices } from '../cases/notices.ts';
import type { ReminderChannel } from '../compliance/channels.ts';
import { enterpriseAccess } from './service.ts';

/**
 * Policy pushes (issue 13 item 4, decision 0023). A re-match (an enterprise's facts, a policy created or
 * changed, the nightly match of a new day) compares the stored eligible pairs before and after and
 * records each pair that became eligible as a push, keyed by (enterprise, item, version): told once.
 * The `policies.push` job, enqueued in the same transaction, turns pending pushes into messages under
 * each enterprise's cap (a digest folds the rest), writes them into the inbox every notice shares
 * (`notifications`) and hands them to the channels the compliance reminders use.
 */

/** The roles that make a user the enterprise itself (their unit's own inbox). */
const SELF_ROLES = (Object.keys(ROLES) as RoleCode[]).filter((r) =>
  (ROLES[r].permissions as readonly string[]).includes('enterprise_profile.self'),
);

interface PendingPush {
  id: number;
  unit_id: number;
  policy_id: number;
  region_code: string;
  title: string;
  mode: 'apply' | 'automatic';
  max_amount_fen: number | null;
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

function singleText(p: PendingPush) {
  return {
    title: `【政策推送】${p.title}`.slice(0, 200),
    body: [
      `贵企业已符合“${p.title}”的条件${p.max_amount_fen ? `，最高可享 ${yuan(p.max_amount_fen)} 元` : ''}。`,
      p.mode === 'apply'
        ? '请在“政策匹配”中查看依据并在线申报。'
        : '该政策免申即享，无需申报，主管部门将核对名单。',
    ].join(''),
  };
}

const DIGEST_LINES = 10;

function digestText(items: PendingPush[]) {
  const lines = items.slice(0, DIGEST_LINES).map((p, i) => `${i + 1}. ${p.title}`);
  if (items.length > DIGEST_LINES) lines.push(`……另有 ${items.length - DIGEST_LINES} 项`);
  return {
    title: `【政策推送】贵企业新符合 ${items.length} 项政策`,
    body: `${lines.join('\n')}\n请在“政策匹配”中查看依据并申报。`,
  };
}

/** Units a delivery run takes at a time (each with all its pending pushes). */
const UNIT_BATCH = 2000;

/**
 * Delivers pending pushes: drops those whose pair is no longer eligible (never told, so a later
 * eligibility tells again) or whose item the enterprise applied for before being told, plans each enterprise's under its region's cap (`planPushes`), writes the
 * messages, marks the pushes sent, puts one inbox notice per user of the enterprise, and hands the
 * notices to the channels (`deliverCaseNotices`: every personal notice goes out the same way). Held
 * pushes wait for the next run after the day or week turns. One run at a time (an advisory lock), so
 * two workers never count the same cap twice.
 */
export async function deliverPolicyPushes(
  db: Executor,
  channels: ReminderChannel[],
  now: Date = clock.now(),
): Promise<{ messages: number; digests: number; pushes: number; held: number; dropped: number }> {
  await sql`select pg_advisory_xact_lock(hashtext('policies.push'))`.execute(db);
  // no longer eligible, or applied for before we told it (it found the item itself): no news
  const dropped = await sql`delete from policy_pushes p
    where p.sent_at is null and (
      not exists (select 1 from policy_matches m
        where m.unit_id = p.unit_id and m.policy_id = p.policy_id and m.result = 'eligible')
      or exists (select 1 from policy_applications a where a.unit_id = p.unit_id and a.policy_id = p.policy_id))`.execute(
    db,
  );
  const today = todayInShanghai(now);
  const week = weekStart(today);
  const caps = (await db.selectFrom('policy_push_caps').selectAll().execute()).map((c) => ({
    regionPrefix: c.region_prefix,
    perDay: c.per_day,
    perWeek: c.per_week,
  }));
  const figures = {
    messages: 0,
    digests: 0,
    pushes: 0,
    held: 0,
    dropped: Number(dropped.numAffectedRows ?? 0),
  };
  let after = 0;
  for (;;) {
    const units = (
      await db
        .selectFrom('policy_pushes')
        .select('unit_id')
        .distinct()
        .where('sent_at', 'is', null)
        .where('unit_id', '>', after)
        .orderBy('unit_id')
        .limit(UNIT_BATCH)
        .execute()
    ).map((r) => r.unit_id);
    if (units.length === 0) break;
    after = units[units.length - 1]!;
    const [pending, sent, recipients] = await Promise.all([
      db
        .selectFrom('policy_pushes as p')
        .innerJoin('policies as pol', 'pol.id', 'p.policy_id')
        .select([
          'p.id',
          'p.unit_id',
          'p.policy_id',
          'p.region_code',
          'pol.title',
          'pol.mode',
          'pol.max_amount_fen',
        ])
        .where('p.sent_at', 'is', null)
        .where('p.unit_id', 'in', units)
        .orderBy('p.unit_id')
        .orderBy('p.id')
        .execute(),
      db
        .selectFrom('policy_push_messages')
        .select([
          'unit_id',
          sql<number>`count(*) filter (where sent_on = ${today}::date)::int`.as('day'),
          sql<number>`count(*)::int`.as('week'),
        ])
        .where('unit_id', 'in', units)
        .where('sent_week', '=', week)
        .groupBy('unit_id')
        .execute(),
      db
        .selectFrom('role_bindings as rb')
        .innerJoin('orgs as o', 'o.id', 'rb.org_id')
        .innerJoin('users as u', 'u.id', 'rb.user_id')
        .select(['o.unit_id', 'u.id as user_id'])
        .distinct()
        .where('rb.role', 'in', SELF_ROLES)
        .where('u.status', '=', 'active')
        .where('o.unit_id', 'in', units)
        .execute(),
    ]);
    const byUnit = new Map<number, PendingPush[]>();
    for (const p of pending) byUnit.set(p.unit_id, [...(byUnit.get(p.unit_id) ?? []), p]);
    const sentBy = new Map(sent.map((s) => [s.unit_id, s]));
    const usersOf = new Map<number, number[]>();
    for (const r of recipients) usersOf.set(r.unit_id!, [...(usersOf.get(r.unit_id!) ?? []), r.user_id]);

    const messages: Array<{ unit: number; region: string; kind: 'single' | 'digest'; items: PendingPush[] }> =
      [];
    for (const [unit, items] of byUnit) {
      const s = sentBy.get(unit);
      const plan = planPushes(items, capFor(caps, items[0]!.region_code), s?.day ?? 0, s?.week ?? 0);
      for (const p of plan.singles)
        messages.push({ unit, region: p.region_code, kind: 'single', items: [p] });
      if (plan.digest.length)
        messages.push({ unit, region: items[0]!.region_code, kind: 'digest', items: plan.digest });
      figures.held += plan.held.length;
    }
    if (messages.length === 0) continue;
    const ids = (
      await sql<{
        id: number;
      }>`select nextval(pg_get_serial_sequence('policy_push_messages', 'id'))::int as id
        from generate_series(1, ${messages.length}::int)`.execute(db)
    ).rows.map((r) => Number(r.id));
    for (let i = 0; i < messages.length; i += 2000) {
      await db
        .insertInto('policy_push_messages')
        .values(
          messages.slice(i, i + 2000).map((m, j) => ({
            id: ids[i + j]!,
            unit_id: m.unit,
            region_code: m.region,
            kind: m.kind,
            pushes: m.items.length,
            sent_on: today,
            sent_week: week,
            sent_at: now,
          })),
        )
        .execute();
    }
    const pushIds: number[] = [];
    const messageIds: number[] = [];
    messages.forEach((m, i) => {
      for (const p of m.items) {
        pushIds.push(p.id);
        messageIds.push(ids[i]!);
      }
    });
    await sql`update policy_pushes p set message_id = x.m, sent_at = ${now}
      from unnest(${pushIds}::bigint[], ${messageIds}::bigint[]) as x(id, m) where p.id = x.id`.execute(db);
    const notices = messages.flatMap((m, i) => {
      const text = m.kind === 'single' ? singleText(m.items[0]!) : digestText(m.items);
      return (usersOf.get(m.unit) ?? []).map((userId) => ({
        user_id: userId,
        kind: m.kind === 'single' ? 'policy_push' : 'policy_digest',
        title: text.title,
        body: text.body,
        policy_push_id: m.kind === 'single' ? m.items[0]!.id : null,
        policy_message_id: ids[i]!,
        dedupe_key: `policy_message:${ids[i]}:${userId}`,
        created_at: now,
        // the inbox shows it at once; SMS or WeChat wait out quiet hours, as every notice does
        deliver_after: deliverAfter(now),
      }));
    });
    for (let i = 0; i < notices.length; i += 2000)
      await db
        .insertInto('notifications')
        .values(notices.slice(i, i + 2000))
        .execute();
    figures.messages += messages.length;
    figures.digests += messages.filter((m) => m.kind === 'digest').length;
    figures.pushes += pushIds.length;
  }
  if (figures.messages > 0) await deliverCaseNotices(db, channels, now);
  return figures;
}

// ------------------------------------------------------------------------------------------------
// The enterprise's pushes

/** The pushes told to an enterprise (sent), newest first, for itself or staff over it. */
export async function listPushes(db: Executor, ctx: RequestContext, unitId: number) {
  const access = await enterpriseAccess(db, ctx, unitId);
  const rows = await db
    .selectFrom('policy_pushes as p')
    .innerJoin('policies as pol', 'pol.id', 'p.policy_id')
    .innerJoin('policy_push_messages as m', 'm.id', 'p.message_id')
    .select([
      'p.id',
      'p.policy_id',
      'p.version',
      'p.cause',
      'p.sent_at',
      'p.read_at',
      'p.applied_at',
      'p.case_id',
      'm.kind',
      'pol.title',
      'pol.mode',
      'pol.max_amount_fen',
    ])
    .where('p.unit_id', '=', access.unit.id)
    .orderBy('p.id', 'desc')
    .limit(200)
    .execute();
  const items = rows.map((r) => ({
    id: r.id,
    policyId: r.policy_id,
    title: r.title,
    version: r.version,
    cause: r.cause,
    mode: r.mode,
    maxAmountFen: r.max_amount_fen,
    digest: r.kind === 'digest',
    sentAt: r.sent_at!,
    readAt: r.read_at,
    appliedAt: r.applied_at,
    caseId: r.case_id,
  }));
  return { items, total: items.length, unread: items.filter((i) => i.readAt === null).length };
}

/**
 * The enterprise opens a push: it counts as read (once), and the user's inbox notice carrying it is read.
 * Staff opening an enterprise's push read it without counting. Answers the policy to show.
 */
export async function openPush(db: Executor, ctx: RequestContext, unitId: number, pushId: number) {
  const access = await enterpriseAccess(db, ctx, unitId);
  const push = await db
    .selectFrom('policy_pushes')
    .select(['id', 'policy_id', 'message_id', 'sent_at', 'read_at'])
    .where('id', '=', pushId)
    .where('unit_id', '=', access.unit.id)
    .executeTakeFirst();
  if (!push) throw notFound('未找到该政策推送');
  let readAt = push.read_at;
  if (access.self && push.sent_at !== null) {
    const now = clock.now();
    if (readAt === null) {
      readAt = now;
      await db.updateTable('policy_pushes').set({ read_at: now }).where('id', '=', push.id).execute();
      await audit(db, ctx, {
        action: 'policy.push_read',
        entityType: 'policy',
        entityId: push.policy_id,
        orgPath: access.unit.org_path,
        regionCode: access.unit.region_code,
        after: { unitId: access.unit.id, pushId: push.id },
      });
    }
    await db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('user_id', '=', ctx.actor.userId)
      .where('policy_message_id', '=', push.message_id)
      .where('read_at', 'is', null)
      .execute();
  }
  return { id: push.id, policyId: push.policy_id, readAt };
}

/** An application was filed: the pushes of that item to that enterprise count it as applied. */
export async function markApplied(db: Executor, unitId: number, policyId: number, caseId: number, at: Date) {
  await db
    .updateTable('policy_pushes')
    .set({ case_id: caseId, applied_at: at })
    .where('unit_id', '=', unitId)
    .where('policy_id', '=', policyId)
    .where('sent_at', 'is not', null)
    .where('applied_at', 'is', null)
    .execute();
}
