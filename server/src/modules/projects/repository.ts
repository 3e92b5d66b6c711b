import { type RawBuilder, sql } from 'kysely';
import { escapeLike } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';
import { type Visibility, visibleSql } from '../alliances/repository.ts';

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

/** A posted challenge is seen by the organizations below its poster (who may bid for it). */
const belowPoster = (paths: string[]) =>
  paths.length === 0
    ? sql`false`
    : sql`exists (select 1 from project_challenges pc join orgs po on po.id = pc.poster_org_id
        where pc.project_id = p.id and (${sql.join(
          paths.map((p) => sql`${p} like po.path || '%'`),
          sql` or `,
        )}))`;

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
  alliance_id: number | null;
  alliance_name: string | null;
  /** The alliance office's path (its `alliance.manage` runs the alliance's projects). */
  alliance_office_path: string | null;
  /** 揭榜挂帅 posted on this project: its window (null: not a posted challenge). */
  closes_on: string | null;
  opens_on: string | null;
  awarded_bid_id: number | null;
  total: number;
}

export interface ProjectFilter {
  /** Subtree roots the caller reads; empty: nothing. */
  paths: string[];
  /** Also the projects of the alliances the caller sees (docs/decisions/0028). */
  alliances?: Visibility;
  today: string;
  allianceId?: number;
  allianceIds?: number[];
  /** Only posted challenges (揭榜挂帅 with a bidding window). */
  posted?: boolean;
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
  const where = [
    f.alliances
      ? sql`(${inPaths(sql`o.path`, f.paths)} or (p.alliance_id is not null and exists (
          select 1 from alliances a join orgs o on o.id = a.org_id
          where a.id = p.alliance_id and ${visibleSql(f.alliances)}))
        or ${belowPoster(f.paths)})`
      : inPaths(sql`o.path`, f.paths),
  ];
  if (f.allianceId !== undefined) where.push(sql`p.alliance_id = ${f.allianceId}`);
  if (f.allianceIds !== undefined) where.push(sql`p.alliance_id = any(${f.allianceIds}::bigint[])`);
  if (f.posted) where.push(sql`exists (select 1 from project_challenges pc where pc.project_id = p.id)`);
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
        p.parent_id, p.weight, p.title, p.kind, p.group_name, p.lead_name, p.description, p.created_at,
        p.alliance_id
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
      al.name as alliance_name, alo.path as alliance_office_path,
      pc.opens_on::text as opens_on, pc.closes_on::text as closes_on, pc.awarded_bid_id,
      (count(*) over ())::int as total
    from f
    left join projects pp on pp.id = f.parent_id
    left join alliances al on al.id = f.alliance_id
    left join orgs alo on alo.id = al.org_id
    left join project_challenges pc on pc.project_id = f.id
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
  alliance_id?: number | null;
}

export async function insertProject(
  db: Executor,
  project: NewProject,
  milestones: Array<{ title: string; plannedOn: string; weight: number }>,
): Promise<number> {
  const row = await db.insertInto('projects').values(project).returning('id').executeTakeFirstOrThrow();
  await insertMilestones(db, row.id, project.region_code, milestones);
  return row.id;
}

/** The milestones of a project, numbered from 1 in the order given (one statement). */
export async function insertMilestones(
  db: Executor,
  projectId: number,
  regionCode: string,
  milestones: Array<{ title: string; plannedOn: string; weight: number }>,
) {
  if (milestones.length > 0)
    await db
      .insertInto('project_milestones')
      .values(
        milestones.map((m, i) => ({
          region_code: regionCode,
          project_id: projectId,
          position: i + 1,
          title: m.title,
          planned_on: m.plannedOn,
          weight: m.weight,
        })),
      )
      .execute();
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
