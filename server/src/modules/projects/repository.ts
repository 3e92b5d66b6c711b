import { type RawBuilder, sql } from 'kysely';
import { escapeLike } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/**
 * SQL for projects. The figures of a list (API.md "Projects") come from ONE statement: each project's
 * own milestones summed with filters, each parent's sub-projects rolled up by weight, the filters
 * (lagging, status) applied to the computed figures, and the page cut, however many projects there are.
 * The same definitions as `milestoneFigures` and `rollUp` in packages/domain (the tests compare them).
 */

export interface ScopedOrgRow {
  id: number;
  path: string;
  name: string;
  region_code: string;
  status: string;
}

const inPaths = (column: RawBuilder<unknown>, paths: string[]) =>
  paths.length === 0
    ? sql`false`
    : sql`(${sql.join(
        paths.map((p) => sql`${column} like ${`${escapeLike(p)}%`}`),
        sql` or `,
      )})`;

/** An organization inside the subtrees `paths`, or undefined (outside is as missing). */
export async function findOrgInScope(
  db: Executor,
  id: number,
  paths: string[],
): Promise<ScopedOrgRow | undefined> {
  const { rows } = await sql<ScopedOrgRow>`
    select id, path, name, region_code::text as region_code, status from orgs o
    where o.id = ${id} and ${inPaths(sql`o.path`, paths)}`.execute(db);
  return rows[0];
}

export interface ProjectRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  region_code: string;
  parent_id: number | null;
  parent_title: string | null;
  weight: number;
  title: string;
  kind: 'secretary_led' | 'challenge' | 'joint';
  group_name: string;
  lead_name: string;
  description: string;
  created_at: Date;
  progress: number;
  planned_progress: number;
  ahead_points: number;
  milestone_count: number;
  milestones_done: number;
  sub_project_count: number;
  next_title: string | null;
  next_planned_on: string | null;
  total: number;
}

export interface ProjectFilter {
  /** Subtree roots the caller reads; empty: nothing. */
  paths: string[];
  today: string;
  id?: number;
  /** Exactly these projects (another module's links: 组团帮扶). */
  ids?: number[];
  /** The organization's subtree (already checked to lie in scope). */
  orgPath?: string;
  kind?: string;
  status?: 'in_progress' | 'completed';
  lagging?: boolean;
  parentId?: number;
  topLevel?: boolean;
  group?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listProjects(db: Executor, f: ProjectFilter): Promise<ProjectRow[]> {
  const where = [inPaths(sql`o.path`, f.paths)];
  if (f.id !== undefined) where.push(sql`p.id = ${f.id}`);
  if (f.ids !== undefined)
    where.push(f.ids.length ? sql`p.id in (${sql.join(f.ids.map((id) => sql`${id}`))})` : sql`false`);
  if (f.orgPath !== undefined) where.push(sql`o.path like ${`${escapeLike(f.orgPath)}%`}`);
  if (f.kind !== undefined) where.push(sql`p.kind = ${f.kind}`);
  if (f.parentId !== undefined) where.push(sql`p.parent_id = ${f.parentId}`);
  if (f.topLevel) where.push(sql`p.parent_id is null`);
  if (f.group) where.push(sql`p.group_name = ${f.group}`);
  if (f.q) where.push(sql`p.title like ${`%${escapeLike(f.q)}%`}`);
  const after = [sql`true`];
  if (f.lagging === true) after.push(sql`f.ahead_points < 0`);
  if (f.lagging === false) after.push(sql`f.ahead_points >= 0`);
  if (f.status === 'completed') after.push(sql`f.progress >= 100`);
  if (f.status === 'in_progress') after.push(sql`f.progress < 100`);
  const { rows } = await sql<ProjectRow>`
    with p as materialized (
      select p.id, p.org_id, o.name as org_name, o.path as org_path, p.region_code::text as region_code,
        p.parent_id, p.weight, p.title, p.kind, p.group_name, p.lead_name, p.description, p.created_at
      from projects p join orgs o on o.id = p.org_id
      where ${sql.join(where, sql` and `)}
    ),
    -- the projects whose own milestones count: those listed and their sub-projects
    subs as materialized (
      select c.id, c.parent_id, c.weight from projects c where c.parent_id in (select id from p)
    ),
    own as materialized (
      select m.project_id,
        coalesce(sum(m.weight) filter (where m.completed_on is not null), 0)::int as done,
        coalesce(sum(m.weight) filter (where m.planned_on <= ${f.today}::date), 0)::int as due,
        count(*)::int as n, (count(*) filter (where m.completed_on is not null))::int as n_done
      from project_milestones m
      where m.project_id in (select id from p union all select id from subs)
      group by m.project_id
    ),
    rolled as (
      select s.parent_id, count(*)::int as n_subs,
        round(sum(s.weight * coalesce(w.done, 0))::numeric / sum(s.weight), 2) as done,
        round(sum(s.weight * coalesce(w.due, 0))::numeric / sum(s.weight), 2) as due
      from subs s left join own w on w.project_id = s.id
      group by s.parent_id
    ),
    f as (
      select p.*,
        (case when r.parent_id is not null then r.done else coalesce(w.done, 0) end)::float8 as progress,
        (case when r.parent_id is not null then r.due else coalesce(w.due, 0) end)::float8 as planned_progress,
        (case when r.parent_id is not null then r.done - r.due else coalesce(w.done, 0) - coalesce(w.due, 0) end)::float8
          as ahead_points,
        coalesce(w.n, 0) as milestone_count, coalesce(w.n_done, 0) as milestones_done,
        coalesce(r.n_subs, 0) as sub_project_count
      from p left join own w on w.project_id = p.id left join rolled r on r.parent_id = p.id
    )
    select f.*, pp.title as parent_title, nx.title as next_title, nx.planned_on as next_planned_on,
      (count(*) over ())::int as total
    from f
    left join projects pp on pp.id = f.parent_id
    left join lateral (
      select m.title, m.planned_on from project_milestones m
      where m.project_id = f.id and m.completed_on is null order by m.planned_on, m.position limit 1
    ) nx on true
    where ${sql.join(after, sql` and `)}
    order by f.ahead_points, f.id desc
    limit ${f.limit} offset ${f.offset}`.execute(db);
  return rows;
}

export interface MilestoneRow {
  id: number;
  project_id: number;
  position: number;
  title: string;
  planned_on: string;
  weight: number;
  completed_on: string | null;
  evidence: string | null;
  completed_by_name: string | null;
}

export async function milestonesOf(db: Executor, projectId: number): Promise<MilestoneRow[]> {
  return db
    .selectFrom('project_milestones')
    .select([
      'id',
      'project_id',
      'position',
      'title',
      'planned_on',
      'weight',
      'completed_on',
      'evidence',
      'completed_by_name',
    ])
    .where('project_id', '=', projectId)
    .orderBy('position')
    .execute();
}

/** The milestone `milestoneId` of project `projectId`, locked for the change. */
export async function milestoneForUpdate(db: Executor, projectId: number, milestoneId: number) {
  return db
    .selectFrom('project_milestones')
    .selectAll()
    .where('id', '=', milestoneId)
    .where('project_id', '=', projectId)
    .forUpdate()
    .executeTakeFirst();
}

export interface NewProject {
  region_code: string;
  org_id: number;
  parent_id: number | null;
  weight: number;
  title: string;
  kind: 'secretary_led' | 'challenge' | 'joint';
  group_name: string;
  lead_name: string;
  description: string;
  created_by: number | null;
  updated_at: Date;
}

export async function insertProject(
  db: Executor,
  project: NewProject,
  milestones: Array<{ title: string; plannedOn: string; weight: number }>,
): Promise<number> {
  const row = await db.insertInto('projects').values(project).returning('id').executeTakeFirstOrThrow();
  if (milestones.length > 0)
    await db
      .insertInto('project_milestones')
      .values(
        milestones.map((m, i) => ({
          region_code: project.region_code,
          project_id: row.id,
          position: i + 1,
          title: m.title,
          planned_on: m.plannedOn,
          weight: m.weight,
        })),
      )
      .execute();
  return row.id;
}

export async function completeMilestone(
  db: Executor,
  id: number,
  input: { completedOn: string; evidence: string; userId: number; userName: string; now: Date },
) {
  await db
    .updateTable('project_milestones')
    .set({
      completed_on: input.completedOn,
      evidence: input.evidence,
      completed_by: input.userId,
      completed_by_name: input.userName,
      completed_at: input.now,
    })
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('projects')
    .set({ updated_at: input.now })
    .where('id', '=', (eb) => eb.selectFrom('project_milestones').select('project_id').where('id', '=', id))
    .execute();
}

/** How many milestones and sub-projects a (would-be parent) project has. */
export async function shapeOf(db: Executor, projectId: number) {
  const { rows } = await sql<{ milestones: number; subs: number }>`
    select (select count(*) from project_milestones where project_id = ${projectId})::int as milestones,
      (select count(*) from projects where parent_id = ${projectId})::int as subs`.execute(db);
  return rows[0]!;
}
