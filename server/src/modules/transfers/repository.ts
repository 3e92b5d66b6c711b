import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { inScope } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';

/** Plain data access for transfers of organizational relationship and mobile-member cards. */

export interface TransferRow {
  id: number;
  region_code: string;
  member_id: number;
  direction: 'internal' | 'out' | 'in';
  from_org_id: number | null;
  to_org_id: number | null;
  outside_org_name: string | null;
  outside_letter_no: string | null;
  state: 'pending' | 'accepted' | 'returned' | 'completed' | 'expired' | 'cancelled';
  reason: string;
  started_on: string;
  letter_valid_until: string;
  accepted_on: string | null;
  returned_on: string | null;
  return_reason: string | null;
  completed_on: string | null;
  receipt_no: string | null;
  created_at: Date;
  updated_at: Date;
  from_name: string | null;
  from_path: string | null;
  to_name: string | null;
  to_path: string | null;
  /** the member as the transfer shows them, taken when it started */
  member_snapshot: MemberSnapshot;
  /** the live member: for the commands only, never shown */
  member_status: string;
  member_org_id: number;
  member_org_path: string;
  member_org_name: string;
  started_by_name: string | null;
}

/** The member when the transfer started, masked: what both sides see for as long as it is kept. */
export interface MemberSnapshot {
  name: string;
  nameSearch: string;
  gender: string;
  idNumber: string;
  phone: string | null;
  stage: string;
  status: string;
  joinedOn: string | null;
  fullMemberOn: string | null;
  workUnit: string | null;
}

/** The snapshot of a member, masked in SQL as 0055 backfilled it (the same as maskIdNumber / maskPhone). */
export function snapshotOf(memberId: number) {
  return sql<string>`(select jsonb_build_object(
      'name', m.name,
      'nameSearch', m.name_search,
      'gender', m.gender,
      'idNumber', left(m.id_number, 4) || repeat('*', greatest(char_length(m.id_number) - 8, 0)) || right(m.id_number, 4),
      'phone', case when coalesce(m.phone, '') = '' then null else left(m.phone, 3) || '****' || right(m.phone, 4) end,
      'stage', m.stage,
      'status', m.status,
      'joinedOn', m.joined_on,
      'fullMemberOn', m.full_member_on,
      'workUnit', m.work_unit)
    from members m where m.id = ${memberId})`;
}

type Tables = DB & {
  t: DB['member_transfers'];
  f: DB['orgs'];
  o: DB['orgs'];
  m: DB['members'];
  u: DB['users'];
};

function selectTransfers(db: Executor) {
  return db
    .selectFrom('member_transfers as t')
    .leftJoin('orgs as f', 'f.id', 't.from_org_id')
    .leftJoin('orgs as o', 'o.id', 't.to_org_id')
    .innerJoin('members as m', 'm.id', 't.member_id')
    .innerJoin('orgs as cur', 'cur.id', 'm.org_id')
    .leftJoin('users as u', 'u.id', 't.started_by')
    .selectAll('t')
    .select([
      'f.name as from_name',
      'f.path as from_path',
      'o.name as to_name',
      'o.path as to_path',
      'm.status as member_status',
      'm.org_id as member_org_id',
      'cur.path as member_org_path',
      'cur.name as member_org_name',
      'u.display_name as started_by_name',
    ]);
}

/** A transfer is visible to the sending side (from org in scope) and the receiving side (to org in scope). */
function visible(
  eb: ExpressionBuilder<Tables, 't' | 'f' | 'o'>,
  box: 'inbox' | 'outbox' | 'any',
  scope: string[],
) {
  const inbox = inScope(eb, 'o.path', scope);
  const outbox = inScope(eb, 'f.path', scope);
  return box === 'inbox' ? inbox : box === 'outbox' ? outbox : eb.or([inbox, outbox]);
}

export async function findTransfer(
  db: Executor,
  id: number,
  scope: string[],
): Promise<TransferRow | undefined> {
  return (await selectTransfers(db)
    .where('t.id', '=', id)
    .where((eb) => visible(eb as never, 'any', scope))
    .executeTakeFirst()) as TransferRow | undefined;
}

export async function lockTransfer(db: Executor, id: number): Promise<void> {
  await db.selectFrom('member_transfers').select('id').where('id', '=', id).forUpdate().execute();
}

export async function listTransfers(
  db: Executor,
  f: {
    scope: string[];
    box: 'inbox' | 'outbox' | 'any';
    state?: string;
    open?: boolean;
    q?: string;
    offset: number;
    limit: number;
  },
): Promise<{ rows: TransferRow[]; total: number }> {
  const where = (eb: ExpressionBuilder<Tables, 't' | 'f' | 'o'>) => {
    const c: Expression<SqlBool>[] = [visible(eb as never, f.box, f.scope)];
    if (f.state) c.push(eb('t.state', '=', f.state as 'pending'));
    if (f.open) c.push(eb('t.state', 'in', ['pending', 'accepted']));
    // by the name the transfer was made under, not the member's later one
    if (f.q)
      c.push(sql<SqlBool>`t.member_snapshot->>'nameSearch' like ${`%${f.q.replace(/[\\%_]/g, '\\$&')}%`}`);
    return eb.and(c);
  };
  const [rows, count] = await Promise.all([
    selectTransfers(db)
      .where(where as never)
      .orderBy(sql`t.state in ('pending', 'accepted')`, 'desc')
      .orderBy('t.id', 'desc')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    db
      .selectFrom('member_transfers as t')
      .leftJoin('orgs as f', 'f.id', 't.from_org_id')
      .leftJoin('orgs as o', 'o.id', 't.to_org_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(where as never)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as TransferRow[], total: count.n };
}

export async function openTransferOf(db: Executor, memberId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('member_transfers')
    .select('id')
    .where('member_id', '=', memberId)
    .where('state', 'in', ['pending', 'accepted'])
    .executeTakeFirst();
  return row?.id;
}

export async function insertTransfer(
  db: Executor,
  v: {
    region_code: string;
    member_id: number;
    direction: 'internal' | 'out' | 'in';
    from_org_id: number | null;
    to_org_id: number | null;
    outside_org_name: string | null;
    outside_letter_no: string | null;
    state: 'pending' | 'accepted';
    reason: string;
    started_on: string;
    letter_valid_until: string;
    started_by: number;
    accepted_on: string | null;
    accepted_by: number | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('member_transfers')
    .values({ ...v, member_snapshot: snapshotOf(v.member_id), updated_at: clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateTransfer(
  db: Executor,
  id: number,
  v: Partial<{
    state: TransferRow['state'];
    accepted_on: string;
    accepted_by: number;
    returned_on: string;
    return_reason: string;
    completed_on: string;
    receipt_no: string | null;
    closed_by: number;
  }>,
): Promise<void> {
  await db
    .updateTable('member_transfers')
    .set({ ...v, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** The relationship moves: the member, and any open development record, now belong to the receiving org. */
export async function moveMember(
  db: Executor,
  memberId: number,
  fromOrgId: number,
  toOrgId: number,
): Promise<void> {
  await db
    .updateTable('members')
    .set({ org_id: toOrgId, updated_at: sql`now()` })
    .where('id', '=', memberId)
    .where('org_id', '=', fromOrgId)
    .execute();
  await db
    .updateTable('development_records')
    .set({ org_id: toOrgId, updated_at: sql`now()` })
    .where('member_id', '=', memberId)
    .where('state', '=', 'active')
    .execute();
}

/**
 * M3: cards past their validity end on their last valid day, and a member whose current card it was
 * is no longer 流动党员 (status back to normal, card fields cleared): one statement, audited.
 */
export async function expireMobileCards(db: Executor, today: string): Promise<number> {
  const result = await sql<{ n: number }>`
    with ended as (
      update member_mobile_cards
         set ended_on = valid_until
       where ended_on is null and valid_until < ${today}::date
      returning id, member_id, region_code, card_no, location, valid_until
    ), reverted as (
      update members m
         set status = 'normal', status_since = ${today}::date, mobile_card_no = null, mobile_location = null, updated_at = now()
        from ended e
       where m.id = e.member_id and m.status = 'mobile' and m.mobile_card_no = e.card_no
      returning m.id
    ), logged as (
      insert into audit_events (actor_id, actor_name, action, entity_type, entity_id, org_path, region_code, before, after)
      select null, '系统：流动党员活动证到期检查', 'member.mobile_card_expire', 'member', e.member_id::text,
             o.path, e.region_code,
             jsonb_build_object('status', 'mobile', 'mobileCardNo', e.card_no, 'mobileLocation', e.location),
             jsonb_build_object('status', case when r.id is null then null else 'normal' end,
                                'cardValidUntil', e.valid_until)
        from ended e
        join members mm on mm.id = e.member_id
        left join orgs o on o.id = mm.org_id
        left join reverted r on r.id = e.member_id
      returning 1
    )
    select count(*)::int as n from logged`.execute(db);
  return result.rows[0]?.n ?? 0;
}

export async function setMemberStatus(
  db: Executor,
  memberId: number,
  v: { status: string; mobile_card_no?: string | null; mobile_location?: string | null },
): Promise<void> {
  await db
    .updateTable('members')
    // status_since (M2 counts from it) is the business date of the change, not the database's
    .set({ ...v, status_since: clock.today(), updated_at: sql`now()` })
    .where('id', '=', memberId)
    .execute();
}

export async function findOrg(db: Executor, id: number) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'path', 'status', 'region_code', 'type'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface MemberForTransfer {
  id: number;
  region_code: string;
  org_id: number;
  org_path: string;
  org_name: string;
  name: string;
  stage: string;
  status: string;
  mobile_card_no: string | null;
  mobile_location: string | null;
}

export async function findMember(
  db: Executor,
  id: number,
  scope: string[],
): Promise<MemberForTransfer | undefined> {
  return db
    .selectFrom('members as m')
    .innerJoin('orgs', 'orgs.id', 'm.org_id')
    .select([
      'm.id',
      'm.region_code',
      'm.org_id',
      'orgs.path as org_path',
      'orgs.name as org_name',
      'm.name',
      'm.stage',
      'm.status',
      'm.mobile_card_no',
      'm.mobile_location',
    ])
    .where('m.id', '=', id)
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .executeTakeFirst();
}

/** Organizations anywhere in the system a relationship can be sent to (names are public; no personal data). */
export async function searchTargets(db: Executor, q: string, limit: number) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'type', 'path', 'region_code'])
    .where('status', '=', 'active')
    .where('name_search', 'like', `%${q.replace(/[\\%_]/g, '\\$&')}%`)
    .orderBy(sql`type in ('branch', 'joint_branch', 'temporary_branch')`, 'desc')
    .orderBy('depth')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function orgNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------- mobile-member cards

export async function endOpenCards(db: Executor, memberId: number, on: string): Promise<void> {
  await db
    .updateTable('member_mobile_cards')
    .set({ ended_on: on })
    .where('member_id', '=', memberId)
    .where('ended_on', 'is', null)
    .execute();
}

export async function insertCard(
  db: Executor,
  v: {
    region_code: string;
    member_id: number;
    card_no: string;
    location: string;
    valid_from: string;
    valid_until: string;
    issued_by: number;
  },
): Promise<number> {
  const row = await db.insertInto('member_mobile_cards').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function currentCard(db: Executor, memberId: number) {
  return db
    .selectFrom('member_mobile_cards')
    .select(['id', 'card_no', 'location', 'valid_from', 'valid_until'])
    .where('member_id', '=', memberId)
    .where('ended_on', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

// ---------------------------------------------------------------- expiry (M4), set-based

/** Expires every pending letter past its last valid day and writes one audit event each, in one statement. */
export async function expireLetters(db: Executor, today: string): Promise<number> {
  const result = await sql<{ n: number }>`
    with expired as (
      update member_transfers
         set state = 'expired', updated_at = now()
       where state = 'pending' and letter_valid_until < ${today}::date
      returning id, region_code, member_id, from_org_id, to_org_id, letter_valid_until
    ), logged as (
      insert into audit_events (actor_id, actor_name, action, entity_type, entity_id, org_path, region_code, before, after)
      select null, '系统：组织关系介绍信过期检查', 'transfer.expire', 'member_transfer', e.id::text,
             coalesce(f.path, o.path), e.region_code,
             jsonb_build_object('state', 'pending'),
             jsonb_build_object('state', 'expired', 'memberId', e.member_id, 'letterValidUntil', e.letter_valid_until)
        from expired e
        left join orgs f on f.id = e.from_org_id
        left join orgs o on o.id = e.to_org_id
      returning 1
    )
    select count(*)::int as n from logged`.execute(db);
  return result.rows[0]?.n ?? 0;
}
