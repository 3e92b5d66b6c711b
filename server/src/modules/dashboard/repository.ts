import { sql } from 'kysely';
import { escapeLike } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/**
 * SQL for the figures of the home screens that no other module already computes: the sizes of a
 * subtree, the overdue and newly found compliance problems, a branch's week. Each is one grouped
 * statement over an indexed path prefix, whatever the size of the region.
 */

const likePrefix = (path: string) => `${escapeLike(path)}%`;

/** Members as the organization-setup rules count them (as `orgs/repository.ts` memberCounts). */
const COUNTED_MEMBER = sql`m.stage in ('probationary', 'full') and m.status in ('normal', 'mobile', 'lost_contact')`;

export interface OrgRow {
  id: number;
  name: string;
  path: string;
  depth: number;
  region_code: string;
}

export async function findOrg(db: Executor, id: number): Promise<OrgRow | undefined> {
  const { rows } = await sql<OrgRow>`
    select id, name, path, depth, region_code::text as region_code from orgs where id = ${id} and status = 'active'`.execute(
    db,
  );
  return rows[0];
}

/** Active organizations and counted members of a subtree, and of each organization directly below. */
export async function sizes(db: Executor, org: OrgRow) {
  const like = likePrefix(org.path);
  const part = org.depth + 3;
  const [total, byChild] = await Promise.all([
    sql<{ orgs: number; members: number }>`
      select (select count(*)::int from orgs o where o.path like ${like} and o.status = 'active') as orgs,
        (select count(*)::int from members m join orgs o on o.id = m.org_id
          where o.path like ${like} and ${COUNTED_MEMBER}) as members`.execute(db),
    sql<{ org_id: number; name: string; orgs: number; members: number }>`
      with kids as (select c.id, c.name from orgs c where c.parent_id = ${org.id} and c.status = 'active'),
      o as (
        select split_part(d.path, '/', ${part})::bigint as child_id, count(*)::int as orgs
        from orgs d where d.path like ${like} and d.status = 'active' and d.id <> ${org.id} group by 1
      ),
      m as (
        select split_part(d.path, '/', ${part})::bigint as child_id, count(*)::int as members
        from members m join orgs d on d.id = m.org_id
        where d.path like ${like} and d.id <> ${org.id} and ${COUNTED_MEMBER} group by 1
      )
      select k.id as org_id, k.name, coalesce(o.orgs, 1) as orgs, coalesce(m.members, 0) as members
      from kids k left join o on o.child_id = k.id left join m on m.child_id = k.id
      order by k.id`.execute(db),
  ]);
  return { total: total.rows[0] ?? { orgs: 0, members: 0 }, byChild: byChild.rows };
}

/** Findings (not warnings) first seen in each month from `from` to `to` (dates, Asia/Shanghai). */
export async function findingsOpenedByMonth(
  db: Executor,
  path: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ month: string; n: number }>`
    select to_char(f.opened_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as n
    from findings f
    where f.severity = 'finding' and f.org_path like ${likePrefix(path)}
      and (f.opened_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date
    group by 1`.execute(db);
  return new Map(rows.map((r) => [r.month, r.n]));
}

/** Meetings of a subtree planned between two days and not recorded as held or cancelled. */
export async function plannedMeetings(db: Executor, path: string, from: string, to: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from meetings mt join orgs o on o.id = mt.org_id
    where o.path like ${likePrefix(path)} and mt.status = 'planned'
      and mt.planned_on between ${from}::date and ${to}::date`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Members of a subtree whose dues for `month` are unpaid or partly paid. */
export async function unpaidMembers(db: Executor, path: string, month: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct l.member_id)::int as n from dues_ledger l join orgs o on o.id = l.org_id
    where o.path like ${likePrefix(path)} and l.month = ${month} and l.status in ('unpaid', 'partial')`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

/** One's own: the member record of a user, what they owe, the meetings of their branch soon. */
export async function memberOf(db: Executor, userId: number) {
  const { rows } = await sql<{ id: number; org_id: number }>`
    select id, org_id from members where user_id = ${userId} order by id limit 1`.execute(db);
  return rows[0];
}

export async function owedFen(db: Executor, memberId: number): Promise<number> {
  const { rows } = await sql<{ fen: string | number | null }>`
    select sum(due_fen - paid_fen) as fen from dues_ledger
    where member_id = ${memberId} and status in ('unpaid', 'partial')`.execute(db);
  return Number(rows[0]?.fen ?? 0);
}

export async function branchMeetingsSoon(db: Executor, orgId: number, from: string, to: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from meetings
    where org_id = ${orgId} and status = 'planned' and planned_on between ${from}::date and ${to}::date`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

/** Activities a user signed up for (or waits for) that have not begun. */
export async function upcomingSignUps(db: Executor, userId: number, now: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from activity_participations p join activities a on a.id = p.activity_id
    where p.user_id = ${userId} and p.status in ('signed_up', 'waitlisted') and a.status = 'published'
      and a.starts_at > ${now}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** An enterprise's stored matches that are eligible or unknown today. */
export async function matchCounts(db: Executor, unitId: number) {
  const { rows } = await sql<{ eligible: number; unknown: number }>`
    select count(*) filter (where result = 'eligible')::int as eligible,
      count(*) filter (where result = 'unknown')::int as unknown
    from policy_matches where unit_id = ${unitId}`.execute(db);
  return rows[0] ?? { eligible: 0, unknown: 0 };
}
