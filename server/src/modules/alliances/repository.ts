import { type RawBuilder, sql } from 'kysely';
import { escapeLike } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/**
 * SQL for alliances. Visibility is one condition (docs/decisions/0019): the office organization lies
 * in the caller's `alliance.read` subtrees, or a current member organization lies in their
 * `alliance.participate` subtrees. Lists are one statement each; matching reads the open demands and
 * the open resources in two and scores them in packages/domain.
 */

const inPaths = (column: RawBuilder<unknown>, paths: string[]) =>
  paths.length === 0
    ? sql<boolean>`false`
    : sql<boolean>`(${sql.join(
        paths.map((p) => sql`${column} like ${`${escapeLike(p)}%`}`),
        sql` or `,
      )})`;

export interface Visibility {
  readPaths: string[];
  participatePaths: string[];
  today: string;
}

/** Members current on `today` (joined, not yet left). */
const current = (alias: string, today: string) =>
  sql`${sql.ref(`${alias}.joined_on`)} <= ${today} and (${sql.ref(`${alias}.left_on`)} is null or ${sql.ref(`${alias}.left_on`)} > ${today})`;

export function visibleSql(v: Visibility, alias = 'a', officePath: RawBuilder<unknown> = sql`o.path`) {
  return sql<boolean>`(${inPaths(officePath, v.readPaths)} or exists (
    select 1 from alliance_members vm join orgs vo on vo.id = vm.org_id
    where vm.alliance_id = ${sql.ref(`${alias}.id`)} and ${current('vm', v.today)}
      and ${inPaths(sql`vo.path`, v.participatePaths)}))`;
}

export interface AllianceRow {
  id: number;
  name: string;
  kind: 'industry_chain' | 'alliance';
  org_id: number;
  org_name: string;
  org_path: string;
  region_code: string;
  description: string;
  chair_period: 'quarter' | 'half_year' | 'meeting' | null;
  chair_start: string | null;
  activity_day: number | null;
  member_count: number;
  total: number;
}

export async function listAlliances(
  db: Executor,
  v: Visibility,
  filter: { id?: number; kind?: string; q?: string; limit: number; offset: number },
): Promise<AllianceRow[]> {
  const { rows } = await sql<AllianceRow>`
    select a.id, a.name, a.kind, a.org_id, o.name as org_name, o.path as org_path,
      a.region_code::text as region_code, a.description, a.chair_period,
      a.chair_start::text as chair_start, a.activity_day,
      (select count(*)::int from alliance_members m where m.alliance_id = a.id and ${current('m', v.today)}) as member_count,
      count(*) over ()::int as total
    from alliances a join orgs o on o.id = a.org_id
    where ${filter.id !== undefined ? sql`a.id = ${filter.id}` : sql`true`}
      and ${filter.kind ? sql`a.kind = ${filter.kind}` : sql`true`}
      and ${filter.q ? sql`a.name_search like ${`%${escapeLike(filter.q)}%`}` : sql`true`}
      and ${visibleSql(v)}
    order by a.region_code, a.name, a.id
    limit ${filter.limit} offset ${filter.offset}`.execute(db);
  return rows;
}

export interface MemberRow {
  id: number;
  org_id: number;
  name: string;
  path: string;
  region_code: string;
  role: 'chain_leader' | 'chair_unit' | 'core' | 'member';
  segment: 'upstream' | 'midstream' | 'downstream' | null;
  joined_on: string;
  left_on: string | null;
  chair_position: number | null;
}

/** The current members, by role then name. */
export async function membersOf(db: Executor, allianceId: number, today: string): Promise<MemberRow[]> {
  const { rows } = await sql<MemberRow>`
    select m.id, m.org_id, o.name, o.path, o.region_code::text as region_code, m.role, m.segment,
      m.joined_on::text as joined_on, m.left_on::text as left_on, m.chair_position
    from alliance_members m join orgs o on o.id = m.org_id
    where m.alliance_id = ${allianceId} and ${current('m', today)}
    order by array_position(array['chain_leader','chair_unit','core','member'], m.role), m.chair_position nulls last, o.name, m.id`.execute(
    db,
  );
  return rows;
}

/** A current member (the organization an item, a resolution or a case is for), or undefined. */
export async function memberOrg(db: Executor, allianceId: number, orgId: number, today: string) {
  const { rows } = await sql<{ id: number; name: string; path: string; region_code: string }>`
    select o.id, o.name, o.path, o.region_code::text as region_code
    from alliance_members m join orgs o on o.id = m.org_id
    where m.alliance_id = ${allianceId} and m.org_id = ${orgId} and ${current('m', today)} and o.status = 'active'`.execute(
    db,
  );
  return rows[0];
}

export async function chairChanges(db: Executor, allianceId: number) {
  return db
    .selectFrom('alliance_chair_changes')
    .select(['id', 'term', 'kind', 'with_term', 'reason'])
    .where('alliance_id', '=', allianceId)
    .orderBy('id')
    .execute();
}

/** Dates of the joint meetings held (the chair by meeting passes after each). */
export async function heldMeetingDates(db: Executor, allianceId: number): Promise<string[]> {
  const { rows } = await sql<{ held_on: string }>`
    select held_on::text as held_on from alliance_meetings
    where alliance_id = ${allianceId} and kind = 'joint' and held_on is not null order by held_on`.execute(
    db,
  );
  return rows.map((r) => r.held_on);
}

export interface ListItemRow {
  id: number;
  alliance_id: number;
  kind: 'demand' | 'resource' | 'policy';
  title: string;
  description: string;
  tags: string[];
  org_id: number;
  org_name: string;
  region_code: string;
  category: string;
  quantity: number | null;
  capacity: number | null;
  valid_from: string | null;
  valid_to: string | null;
  status: 'open' | 'dispatched' | 'done' | 'closed';
  resource_id: number | null;
  case_id: number | null;
  case_state: string | null;
  case_rating: string | null;
  policy_id: number | null;
  policy_title: string | null;
  policy_doc_number: string | null;
  created_by: number | null;
  created_on: string;
  total: number;
}

export async function listItems(
  db: Executor,
  allianceId: number,
  filter: { id?: number; kind?: string; status?: string; limit: number; offset: number },
): Promise<ListItemRow[]> {
  const { rows } = await sql<ListItemRow>`
    select i.id, i.alliance_id, i.kind, i.title, i.description, i.tags, i.org_id, o.name as org_name,
      i.region_code::text as region_code, i.category, i.quantity, i.capacity,
      i.valid_from::text as valid_from, i.valid_to::text as valid_to,
      case when i.status = 'dispatched' and c.state = 'closed' then 'done' else i.status end as status,
      i.resource_id, i.case_id, c.state as case_state, c.rating as case_rating, i.created_by,
      i.policy_id, p.title as policy_title, p.doc_number as policy_doc_number,
      to_char(i.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as created_on,
      count(*) over ()::int as total
    from alliance_list_items i join orgs o on o.id = i.org_id left join cases c on c.id = i.case_id
      left join policies p on p.id = i.policy_id
    where i.alliance_id = ${allianceId}
      and ${filter.id !== undefined ? sql`i.id = ${filter.id}` : sql`true`}
      and ${filter.kind ? sql`i.kind = ${filter.kind}` : sql`true`}
      and ${filter.status ? sql`(case when i.status = 'dispatched' and c.state = 'closed' then 'done' else i.status end) = ${filter.status}` : sql`true`}
    order by i.kind, i.id desc
    limit ${filter.limit} offset ${filter.offset}`.execute(db);
  return rows;
}

/** The open demands and the open resources valid on `today`, for matching. */
export async function matchable(db: Executor, allianceId: number, today: string, demandId?: number) {
  const { rows } = await sql<ListItemRow>`
    select i.id, i.kind, i.title, i.description, i.tags, i.org_id, i.region_code::text as region_code,
      i.category, i.quantity, i.capacity, i.valid_from::text as valid_from, i.valid_to::text as valid_to
    from alliance_list_items i
    where i.alliance_id = ${allianceId} and i.status = 'open'
      and ((i.kind = 'demand' and ${demandId !== undefined ? sql`i.id = ${demandId}` : sql`true`})
        or (i.kind = 'resource' and (i.valid_to is null or i.valid_to >= ${today})
            and (i.valid_from is null or i.valid_from <= ${today})
            and (i.capacity is null or i.capacity > 0)))
    order by i.id`.execute(db);
  return rows;
}

export interface MeetingRow {
  id: number;
  alliance_id: number;
  kind: 'joint' | 'activity_day';
  title: string;
  planned_on: string;
  held_on: string | null;
  convener_org_id: number | null;
  convener_org_name: string | null;
  agenda: string[];
  minutes: string;
  attendees: Array<{ orgId: number; name: string }> | null;
  total: number;
}

export async function listMeetings(
  db: Executor,
  allianceId: number,
  filter: { id?: number; limit: number; offset: number },
): Promise<MeetingRow[]> {
  const { rows } = await sql<MeetingRow>`
    select m.id, m.alliance_id, m.kind, m.title, m.planned_on::text as planned_on, m.held_on::text as held_on,
      m.convener_org_id, co.name as convener_org_name, m.agenda, m.minutes,
      (select json_agg(json_build_object('orgId', ao.org_id, 'name', o.name) order by o.name)
         from alliance_meeting_orgs ao join orgs o on o.id = ao.org_id where ao.meeting_id = m.id) as attendees,
      count(*) over ()::int as total
    from alliance_meetings m left join orgs co on co.id = m.convener_org_id
    where m.alliance_id = ${allianceId} and ${filter.id !== undefined ? sql`m.id = ${filter.id}` : sql`true`}
    order by m.planned_on desc, m.id desc
    limit ${filter.limit} offset ${filter.offset}`.execute(db);
  return rows;
}

export interface ResolutionRow {
  id: number;
  meeting_id: number;
  title: string;
  owner_org_id: number;
  owner_org_name: string;
  owner_path: string;
  due_on: string;
  done_on: string | null;
  done_note: string | null;
  case_id: number | null;
}

export async function resolutionsOf(
  db: Executor,
  allianceId: number,
  filter: { meetingIds?: number[]; id?: number },
): Promise<ResolutionRow[]> {
  if (filter.meetingIds && filter.meetingIds.length === 0) return [];
  const { rows } = await sql<ResolutionRow>`
    select r.id, r.meeting_id, r.title, r.owner_org_id, o.name as owner_org_name, o.path as owner_path,
      r.due_on::text as due_on, r.done_on::text as done_on, r.done_note, r.case_id
    from alliance_resolutions r join orgs o on o.id = r.owner_org_id
    where r.alliance_id = ${allianceId}
      and ${filter.meetingIds ? sql`r.meeting_id in (${sql.join(filter.meetingIds)})` : sql`true`}
      and ${filter.id !== undefined ? sql`r.id = ${filter.id}` : sql`true`}
    order by r.due_on, r.id`.execute(db);
  return rows;
}
