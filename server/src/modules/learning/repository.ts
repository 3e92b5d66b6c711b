import { type SqlBool, sql } from 'kysely';
import { underAny } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/** SQL of 学习 (decision 0022). Who may see what is decided by the service and passed in as paths. */

/** Members an assignment reaches when it targets an organization: current (probationary or full) members. */
export const CURRENT_MEMBER = sql<SqlBool>`m.stage in ('probationary', 'full') and m.status in ('normal', 'mobile')`;

const likeAny = underAny;

/**
 * Published by the platform (national, org null), by an organization above or at one of `below` (the
 * reader's own branch, the organizations where they manage), or inside a subtree they manage.
 */
export function readable(column: string, below: string[], managed: string[]) {
  const ancestors =
    below.length === 0
      ? sql<SqlBool>`false`
      : sql<SqlBool>`(${sql.join(
          below.map((p) => sql`${p} like ${sql.ref(column)} || '%'`),
          sql` or `,
        )})`;
  return sql<SqlBool>`(${sql.ref(column)} is null or ${ancestors} or ${likeAny(column, managed)})`;
}

export const within = likeAny;

export function topics(db: Executor) {
  return db
    .selectFrom('learning_topics as t')
    .leftJoin('orgs as o', 'o.id', 't.org_id')
    .select((eb) => [
      't.id',
      't.org_id',
      't.org_path',
      't.name',
      't.description',
      'o.name as org_name',
      eb
        .selectFrom('learning_materials as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.topic_id', '=', 't.id')
        .where('c.status', '=', 'published')
        .as('material_count'),
    ]);
}

export function materials(db: Executor) {
  return db
    .selectFrom('learning_materials as lm')
    .leftJoin('orgs as o', 'o.id', 'lm.org_id')
    .leftJoin('learning_topics as t', 't.id', 'lm.topic_id')
    .select([
      'lm.id',
      'lm.org_id',
      'lm.org_path',
      'lm.region_code',
      'lm.topic_id',
      't.name as topic_name',
      'o.name as org_name',
      'lm.kind',
      'lm.title',
      'lm.body',
      'lm.url',
      'lm.source',
      'lm.published_on',
      'lm.estimated_minutes',
      'lm.status',
    ]);
}
export type MaterialRow = Awaited<ReturnType<ReturnType<typeof materials>['executeTakeFirstOrThrow']>>;

export function assignments(db: Executor) {
  return db
    .selectFrom('learning_assignments as a')
    .innerJoin('orgs as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'a.org_id',
      'a.org_path',
      'a.region_code',
      'o.name as org_name',
      'a.material_id',
      'a.topic_id',
      'a.title',
      'a.note',
      'a.target',
      'a.assigned_on',
      'a.due_on',
      'a.due_provisional',
      'a.status',
    ]);
}
export type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignments>['executeTakeFirstOrThrow']>>;

/** The published materials an assignment gives: its material, or every published material of its topic. */
const assignmentMaterials = (assignmentId: number) => sql`
  select lm.id from learning_assignments a
  join learning_materials lm on lm.status = 'published'
    and (lm.id = a.material_id or (a.topic_id is not null and lm.topic_id = a.topic_id))
  where a.id = ${assignmentId}`;

/** The members an assignment reaches (`m` rows), for one assignment. */
const assignmentPeople = (assignmentId: number) => sql`
  select m.id, m.name, m.org_id from learning_assignments a
  join members m on (a.target = 'org' and m.org_id in (select id from orgs where path like a.org_path || '%') and ${CURRENT_MEMBER})
    or (a.target = 'members' and m.id in (select member_id from learning_assignment_members x where x.assignment_id = a.id))
  where a.id = ${assignmentId}`;

export interface RosterRow {
  member_id: number;
  name: string;
  org_id: number;
  org_name: string;
  materials: number;
  finished: number;
  progress: number;
  minutes: number;
  finished_at: Date | null;
}

/**
 * Every member an assignment reaches, with how many of its materials they finished, their mean
 * progress, minutes and when they finished the last one (null until all are finished): one statement.
 */
export async function roster(db: Executor, assignmentId: number): Promise<RosterRow[]> {
  const { rows } = await sql<RosterRow>`
    with mats as (${assignmentMaterials(assignmentId)}), people as (${assignmentPeople(assignmentId)})
    select p.id as member_id, p.name, o.id as org_id, o.name as org_name,
      (select count(*)::int from mats) as materials,
      count(r.finished_at)::int as finished,
      coalesce(round(sum(coalesce(r.progress, 0))::numeric / nullif((select count(*) from mats), 0)), 0)::int as progress,
      coalesce(sum(r.minutes), 0)::int as minutes,
      case when count(r.finished_at) = (select count(*) from mats) and (select count(*) from mats) > 0
        then max(r.finished_at) end as finished_at
    from people p
    join orgs o on o.id = p.org_id
    left join learning_reads r on r.member_id = p.id and r.material_id in (select id from mats)
    group by p.id, p.name, o.id, o.name, o.path
    -- the list a secretary chases: who has not finished first, by branch
    order by (count(r.finished_at) = (select count(*) from mats)), o.path, p.name, p.id`.execute(db);
  return rows;
}

/** Per assignment: how many members it reaches and how many finished everything in it. */
export async function figures(db: Executor, ids: number[]) {
  if (ids.length === 0) return new Map<number, { reached: number; finished: number }>();
  const { rows } = await sql<{ id: number; reached: number; finished: number }>`
    select a.id,
      (select count(*)::int from members m where (a.target = 'org' and m.org_id in (select id from orgs where path like a.org_path || '%') and ${CURRENT_MEMBER})
        or (a.target = 'members' and m.id in (select member_id from learning_assignment_members x where x.assignment_id = a.id))) as reached,
      (select count(*)::int from members m where ((a.target = 'org' and m.org_id in (select id from orgs where path like a.org_path || '%') and ${CURRENT_MEMBER})
        or (a.target = 'members' and m.id in (select member_id from learning_assignment_members x where x.assignment_id = a.id)))
        and exists (select 1 from learning_materials lm where lm.status = 'published' and (lm.id = a.material_id or lm.topic_id = a.topic_id))
        and not exists (select 1 from learning_materials lm where lm.status = 'published' and (lm.id = a.material_id or lm.topic_id = a.topic_id)
          and not exists (select 1 from learning_reads r where r.material_id = lm.id and r.member_id = m.id and r.finished_at is not null))) as finished
    from learning_assignments a where a.id in (${sql.join(ids)})`.execute(db);
  return new Map(rows.map((r) => [r.id, { reached: r.reached, finished: r.finished }]));
}

export interface MyAssignmentRow {
  assignment_id: number;
  title: string;
  note: string;
  org_name: string;
  assigned_on: string;
  due_on: string;
  due_provisional: boolean;
  material_id: number;
  material_title: string;
  kind: 'article' | 'document' | 'video';
  estimated_minutes: number;
  progress: number | null;
  finished_at: Date | null;
}

/** The active assignments that reach a member, one row per material they give, with the member's reading. */
export async function assignedTo(db: Executor, member: { id: number; orgPath: string }) {
  const { rows } = await sql<MyAssignmentRow>`
    select a.id as assignment_id, a.title, a.note, o.name as org_name, a.assigned_on, a.due_on, a.due_provisional,
      lm.id as material_id, lm.title as material_title, lm.kind, lm.estimated_minutes, r.progress, r.finished_at
    from learning_assignments a
    join orgs o on o.id = a.org_id
    join learning_materials lm on lm.status = 'published' and (lm.id = a.material_id or (a.topic_id is not null and lm.topic_id = a.topic_id))
    left join learning_reads r on r.material_id = lm.id and r.member_id = ${member.id}
    where a.status = 'active'
      and ((a.target = 'org' and ${member.orgPath} like a.org_path || '%')
        or (a.target = 'members' and exists (select 1 from learning_assignment_members x where x.assignment_id = a.id and x.member_id = ${member.id})))
    order by a.due_on, a.id, lm.published_on desc, lm.id`.execute(db);
  return rows;
}

export interface ReadRow {
  material_id: number;
  title: string;
  kind: 'article' | 'document' | 'video';
  topic_name: string | null;
  estimated_minutes: number;
  opened_at: Date;
  last_read_at: Date;
  progress: number;
  minutes: number;
  finished_at: Date | null;
  finished_on: string | null;
  due_on: string | null;
}

/** A member's readings with, for each, the earliest due date of an active assignment giving it to them. */
export async function readsOf(db: Executor, member: { id: number; orgPath: string }) {
  const { rows } = await sql<ReadRow>`
    select r.material_id, lm.title, lm.kind, t.name as topic_name, lm.estimated_minutes, r.opened_at, r.last_read_at,
      r.progress, r.minutes, r.finished_at,
      to_char(r.finished_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as finished_on,
      (select to_char(min(a.due_on), 'YYYY-MM-DD') from learning_assignments a
        where a.status = 'active' and (a.material_id = lm.id or (a.topic_id is not null and a.topic_id = lm.topic_id))
          and ((a.target = 'org' and ${member.orgPath} like a.org_path || '%')
            or (a.target = 'members' and exists (select 1 from learning_assignment_members x where x.assignment_id = a.id and x.member_id = ${member.id})))) as due_on
    from learning_reads r
    join learning_materials lm on lm.id = r.material_id
    left join learning_topics t on t.id = lm.topic_id
    where r.member_id = ${member.id}
    order by r.last_read_at desc, r.id desc`.execute(db);
  return rows;
}

/** The region's credit rule: the row with the longest prefix of the region code. */
export async function creditRule(db: Executor, regionCode: string) {
  return db
    .selectFrom('learning_credit_rules')
    .selectAll()
    .where(sql<SqlBool>`${regionCode} like region_prefix || '%'`)
    .orderBy(sql`length(region_prefix)`, 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** The member record of a user, with its organization's path and region. */
export async function memberOfUser(db: Executor, userId: number) {
  return db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.name', 'm.org_id', 'o.path as org_path', 'o.name as org_name', 'o.region_code'])
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
}
