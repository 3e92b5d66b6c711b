import { sql } from 'kysely';
import { escapeLike } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/** SQL for 指导记录: guidance visits and the assignments they are recorded under. */

export interface AssignedUnitRow {
  assignment_id: number;
  role: 'instructor' | 'liaison';
  assigned_on: string;
  unit_id: number;
  unit_name: string;
  unit_kind: string;
  employees: number | null;
  region_code: string;
  org_name: string | null;
  org_path: string;
  own_org_name: string | null;
  visits_in_period: number;
  last_visit_on: string | null;
}

/** The units assigned to a user on `today` (active assignments), with their visits in the period. */
export async function assignedUnits(
  db: Executor,
  input: { userId: number; today: string; from: string; unitId?: number },
): Promise<AssignedUnitRow[]> {
  const { rows } = await sql<AssignedUnitRow>`
    select distinct on (u.id) a.id as assignment_id, a.role, a.assigned_on, u.id as unit_id, u.name as unit_name,
      u.kind as unit_kind, u.employees, u.region_code::text as region_code, mo.name as org_name, mo.path as org_path,
      (select string_agg(o.name, '、' order by o.id) from orgs o
        where o.unit_id = u.id and o.status = 'active' and o.type <> 'joint_branch') as own_org_name,
      (select count(*)::int from guidance_visits v
        where v.unit_id = u.id and v.visited_on >= ${input.from}::date and v.visited_on <= ${input.today}::date)
        as visits_in_period,
      (select max(v.visited_on) from guidance_visits v where v.unit_id = u.id) as last_visit_on
    from instructor_assignments a
    join units u on u.id = a.unit_id
    join orgs mo on mo.id = u.org_id
    where a.user_id = ${input.userId} and a.assigned_on <= ${input.today}::date
      and (a.ended_on is null or a.ended_on > ${input.today}::date)
      ${input.unitId !== undefined ? sql`and u.id = ${input.unitId}` : sql``}
    order by u.id, a.assigned_on`.execute(db);
  return rows.sort((a, b) => a.unit_name.localeCompare(b.unit_name, 'zh-CN') || a.unit_id - b.unit_id);
}

export interface VisitRow {
  id: number;
  region_code: string;
  unit_id: number;
  unit_name: string;
  org_name: string | null;
  org_path: string;
  assignment_id: number;
  instructor_user_id: number;
  instructor_name: string;
  visited_on: string;
  topic: string;
  problems: string;
  follow_up: string;
  follow_up_done_on: string | null;
  total: number;
  units_guided: number;
}

/**
 * Who reads which visits: an instructor those they recorded and those to the units assigned to them
 * today; an administrator those to units managed inside the subtrees `paths`. Nothing else.
 */
export interface VisitScope {
  userId: number | null;
  today: string;
  paths: string[];
}

function scopeCondition(scope: VisitScope) {
  const parts = scope.paths.map((p) => sql`mo.path like ${`${escapeLike(p)}%`}`);
  if (scope.userId !== null) {
    parts.push(sql`v.instructor_user_id = ${scope.userId}`);
    parts.push(sql`v.unit_id in (select a.unit_id from instructor_assignments a
      where a.user_id = ${scope.userId} and a.assigned_on <= ${scope.today}::date
        and (a.ended_on is null or a.ended_on > ${scope.today}::date))`);
  }
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function listVisits(
  db: Executor,
  input: {
    scope: VisitScope;
    period: { from: string; to: string };
    id?: number;
    unitId?: number;
    from?: string;
    to?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: VisitRow[]; total: number; unitsGuided: number }> {
  const conditions = [scopeCondition(input.scope)];
  if (input.id !== undefined) conditions.push(sql`v.id = ${input.id}`);
  if (input.unitId !== undefined) conditions.push(sql`v.unit_id = ${input.unitId}`);
  if (input.from) conditions.push(sql`v.visited_on >= ${input.from}::date`);
  if (input.to) conditions.push(sql`v.visited_on <= ${input.to}::date`);
  const { rows } = await sql<VisitRow>`
    with hits as (
      select v.id, v.region_code::text as region_code, v.unit_id, u.name as unit_name, mo.name as org_name,
        mo.path as org_path, v.assignment_id, v.instructor_user_id, v.instructor_name, v.visited_on, v.topic,
        v.problems, v.follow_up, v.follow_up_done_on
      from guidance_visits v
      join units u on u.id = v.unit_id
      join orgs mo on mo.id = u.org_id
      where ${sql.join(conditions, sql` and `)}
    )
    select hits.*, (count(*) over ())::int as total,
      (select count(distinct unit_id) from hits
        where visited_on >= ${input.period.from}::date and visited_on <= ${input.period.to}::date)::int as units_guided
    from hits
    order by visited_on desc, id desc
    limit ${input.limit} offset ${input.offset}`.execute(db);
  return { rows, total: rows[0]?.total ?? 0, unitsGuided: rows[0]?.units_guided ?? 0 };
}
