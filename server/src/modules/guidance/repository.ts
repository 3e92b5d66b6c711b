import type { AssignmentRole } from '@honglian/domain';
import { sql } from 'kysely';
import { escapeLike, underAny } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/** SQL for 指导记录: guidance visits and the assignments they are recorded under. */

export interface AssignedUnitRow {
  assignment_id: number;
  role: AssignmentRole;
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
  visits_in_quarter: number;
  last_visit_on: string | null;
}

/**
 * The units assigned to a user on `today` (active assignments), with their visits in the period (the
 * year) and in the quarter (挂钩走访, decision 0027).
 */
export async function assignedUnits(
  db: Executor,
  input: { userId: number; today: string; from: string; quarterFrom: string; unitId?: number },
): Promise<AssignedUnitRow[]> {
  const { rows } = await sql<AssignedUnitRow>`
    select distinct on (u.id) a.id as assignment_id, a.role, a.assigned_on, u.id as unit_id, u.name as unit_name,
      u.kind as unit_kind, u.employees, u.region_code::text as region_code, mo.name as org_name, mo.path as org_path,
      (select string_agg(o.name, '、' order by o.id) from orgs o
        where o.unit_id = u.id and o.status = 'active' and o.type <> 'joint_branch') as own_org_name,
      (select count(*)::int from guidance_visits v
        where v.unit_id = u.id and v.visited_on >= ${input.from}::date and v.visited_on <= ${input.today}::date)
        as visits_in_period,
      (select count(*)::int from guidance_visits v
        where v.unit_id = u.id and v.visited_on >= ${input.quarterFrom}::date and v.visited_on <= ${input.today}::date)
        as visits_in_quarter,
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
  org_id: number;
  org_name: string | null;
  org_path: string;
  role: AssignmentRole;
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
      select v.id, v.region_code::text as region_code, v.unit_id, u.name as unit_name, mo.id as org_id,
        mo.name as org_name, mo.path as org_path, va.role, v.assignment_id, v.instructor_user_id, v.instructor_name, v.visited_on, v.topic,
        v.problems, v.follow_up, v.follow_up_done_on
      from guidance_visits v
      join instructor_assignments va on va.id = v.assignment_id
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

// ── 问题清单 and 挂钩走访 coverage (decision 0027) ──────────────────────────────────────────────────

export interface ProblemRow {
  id: number;
  visit_id: number;
  seq: number;
  description: string;
  case_id: number | null;
  case_state: string | null;
  filed_at: Date | null;
}

/** The problems of these visits, in their order, each with its case's state when filed. */
export async function problemsOfVisits(db: Executor, visitIds: number[]): Promise<ProblemRow[]> {
  if (visitIds.length === 0) return [];
  return db
    .selectFrom('guidance_problems as p')
    .leftJoin('cases as c', 'c.id', 'p.case_id')
    .select([
      'p.id',
      'p.visit_id',
      'p.seq',
      'p.description',
      'p.case_id',
      'c.state as case_state',
      'p.filed_at',
    ])
    .where('p.visit_id', 'in', visitIds)
    .orderBy('p.visit_id')
    .orderBy('p.seq')
    .execute();
}

/** Appends problems to a visit's list, numbered after the ones it has. */
export async function insertProblems(
  db: Executor,
  visit: { id: number; region_code: string },
  descriptions: string[],
): Promise<Array<{ id: number; seq: number; description: string }>> {
  if (descriptions.length === 0) return [];
  const last = await db
    .selectFrom('guidance_problems')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('visit_id', '=', visit.id)
    .executeTakeFirst();
  const start = Number(last?.seq ?? 0);
  return db
    .insertInto('guidance_problems')
    .values(
      descriptions.map((description, i) => ({
        region_code: visit.region_code,
        visit_id: visit.id,
        seq: start + i + 1,
        description,
      })),
    )
    .returning(['id', 'seq', 'description'])
    .execute();
}

/** Appends the new problems, numbered, to the text of `guidance_visits.problems` (kept for its readers). */
export async function appendProblemText(
  db: Executor,
  visitId: number,
  rows: Array<{ seq: number; description: string }>,
) {
  const lines = rows.map((r) => `${r.seq}. ${r.description}`).join('\n');
  await sql`
    update guidance_visits set problems = case when problems = '' then ${lines}::text else problems || E'\n' || ${lines}::text end
    where id = ${visitId}`.execute(db);
}

const ACTIVE_CADRE = (today: string) => sql`a.role = 'cadre' and a.assigned_on <= ${today}::date
  and (a.ended_on is null or a.ended_on > ${today}::date)`;

/**
 * The units managed inside `paths` with a 挂钩干部 assigned today, with their 挂钩 visits from `from`
 * to `today` (visits recorded under a cadre assignment). One statement; the figures and the list
 * read the same rows.
 */
function cadreUnitsCte(input: { paths: string[]; today: string; from: string }) {
  return sql`
    with assigned as (
      select u.id as unit_id, u.name as unit_name, u.region_code::text as region_code, u.employees,
        mo.name as org_name,
        (select string_agg(a.name, '、' order by a.assigned_on, a.id) from instructor_assignments a
          where a.unit_id = u.id and ${ACTIVE_CADRE(input.today)}) as cadres
      from units u
      join orgs mo on mo.id = u.org_id
      where ${underAny('mo.path', input.paths)}
        and exists (select 1 from instructor_assignments a where a.unit_id = u.id and ${ACTIVE_CADRE(input.today)})
    ),
    visited as (
      select v.unit_id, count(*)::int as visits, max(v.visited_on) as last_visit_on
      from guidance_visits v
      join instructor_assignments va on va.id = v.assignment_id and va.role = 'cadre'
      where v.visited_on >= ${input.from}::date and v.visited_on <= ${input.today}::date
        and v.unit_id in (select unit_id from assigned)
      group by v.unit_id
    )`;
}

export async function cadreCoverage(
  db: Executor,
  input: { paths: string[]; today: string; from: string },
): Promise<{ assigned: number; visited: number }> {
  const { rows } = await sql<{ assigned: number; visited: number }>`
    ${cadreUnitsCte(input)}
    select (select count(*) from assigned)::int as assigned, (select count(*) from visited)::int as visited`.execute(
    db,
  );
  return rows[0] ?? { assigned: 0, visited: 0 };
}

export interface CadreUnitRow {
  unit_id: number;
  unit_name: string;
  region_code: string;
  employees: number | null;
  org_name: string | null;
  cadres: string | null;
  visits: number;
  last_visit_on: string | null;
  total: number;
}

export async function cadreUnits(
  db: Executor,
  input: {
    paths: string[];
    today: string;
    from: string;
    state: 'unvisited' | 'visited' | 'all';
    limit: number;
    offset: number;
  },
): Promise<{ rows: CadreUnitRow[]; total: number }> {
  const condition =
    input.state === 'unvisited'
      ? sql`vi.unit_id is null`
      : input.state === 'visited'
        ? sql`vi.unit_id is not null`
        : sql`true`;
  const { rows } = await sql<CadreUnitRow>`
    ${cadreUnitsCte(input)}
    select s.*, coalesce(vi.visits, 0)::int as visits,
      (select max(v.visited_on) from guidance_visits v
        join instructor_assignments va on va.id = v.assignment_id and va.role = 'cadre'
        where v.unit_id = s.unit_id) as last_visit_on,
      (count(*) over ())::int as total
    from assigned s
    left join visited vi on vi.unit_id = s.unit_id
    where ${condition}
    order by s.employees desc nulls last, s.unit_id
    limit ${input.limit} offset ${input.offset}`.execute(db);
  return { rows, total: rows[0]?.total ?? 0 };
}

export interface ContactRow {
  unit_id: number;
  role: AssignmentRole;
  name: string;
  phone: string | null;
  assigned_on: string;
}

/** Who is assigned to these units today (服务联系卡), 挂钩干部 first. */
export async function contactsOfUnits(db: Executor, unitIds: number[], today: string): Promise<ContactRow[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await sql<ContactRow>`
    select a.unit_id, a.role, a.name, a.phone, a.assigned_on
    from instructor_assignments a
    where a.unit_id in (${sql.join(unitIds)}) and a.assigned_on <= ${today}::date
      and (a.ended_on is null or a.ended_on > ${today}::date)
    order by a.unit_id, (a.role = 'cadre') desc, a.assigned_on, a.id`.execute(db);
  return rows;
}

export interface CardVisitRow {
  id: number;
  unit_id: number;
  role: AssignmentRole;
  visited_on: string;
  instructor_name: string;
  topic: string;
  follow_up: string;
  follow_up_done_on: string | null;
}

/** The latest visits to these units (the last `perUnit` of each), newest first. */
export async function recentVisits(
  db: Executor,
  unitIds: number[],
  perUnit: number,
): Promise<CardVisitRow[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await sql<CardVisitRow>`
    select id, unit_id, role, visited_on, instructor_name, topic, follow_up, follow_up_done_on from (
      select v.id, v.unit_id, va.role, v.visited_on, v.instructor_name, v.topic, v.follow_up, v.follow_up_done_on,
        row_number() over (partition by v.unit_id order by v.visited_on desc, v.id desc) as n
      from guidance_visits v
      join instructor_assignments va on va.id = v.assignment_id
      where v.unit_id in (${sql.join(unitIds)})
    ) r where n <= ${perUnit}
    order by unit_id, visited_on desc, id desc`.execute(db);
  return rows;
}
