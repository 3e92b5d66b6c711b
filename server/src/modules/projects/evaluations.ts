import { evaluationDate, type RankedEntry, rankEntries } from '@honglian/domain';
import { sql } from 'kysely';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { toShanghaiIso } from '../../platform/schemas.ts';
import * as repo from './repository.ts';

/**
 * 年终评比 (issue 15): the organization leading projects opens the year's evaluation (the top-level
 * projects of its subtree, their figures taken as of the year's end), its administrators — the holders of
 * `project.manage` over it — score each project as judges, and the decision freezes the ranking. Whoever
 * reads the organization's projects (`project.read`) reads its evaluations. The ranking rule is
 * `rankEntries` in packages/domain/src/projects/evaluation.ts.
 */

const NOT_FOUND = '未找到该评比，或您无权查看';
/** More than any organization leads in a year; the list is one statement either way. */
const MAX_ENTRIES = 5000;

interface EvaluationRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  year: number;
  title: string;
  measured_weight: number;
  as_of: string;
  status: 'scoring' | 'decided';
  created_at: Date;
  decided_at: Date | null;
  decided_by_name: string | null;
  entry_count: number;
}

const evaluationColumns = sql`
  e.id, e.org_id, o.name as org_name, o.path as org_path, e.year, e.title, e.measured_weight,
  to_char(e.as_of, 'YYYY-MM-DD') as as_of, e.status, e.created_at, e.decided_at, u.display_name as decided_by_name,
  (select count(*) from project_evaluation_entries x where x.evaluation_id = e.id)::int as entry_count`;

function inPaths(paths: string[]) {
  return paths.length === 0
    ? sql`false`
    : sql`(${sql.join(
        paths.map((p) => sql`o.path like ${`${p.replace(/[\\%_]/g, '\\$&')}%`}`),
        sql` or `,
      )})`;
}

function toSummary(ctx: RequestContext, r: EvaluationRow) {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    year: r.year,
    title: r.title,
    measuredWeight: r.measured_weight,
    asOf: r.as_of,
    status: r.status,
    statusLabel: r.status === 'decided' ? '已评定' : '评分中',
    entryCount: r.entry_count,
    createdAt: toShanghaiIso(r.created_at),
    decidedAt: r.decided_at ? toShanghaiIso(r.decided_at) : null,
    decidedBy: r.decided_by_name,
    canJudge: r.status === 'scoring' && can(ctx.actor, 'project.manage', r.org_path),
  };
}

async function evaluationInScope(db: Executor, ctx: RequestContext, id: number): Promise<EvaluationRow> {
  const paths = scopePaths(ctx.actor, 'project.read');
  if (paths.length === 0) throw new AppError('forbidden');
  const { rows } = await sql<EvaluationRow>`
    select ${evaluationColumns} from project_evaluations e
    join orgs o on o.id = e.org_id left join users u on u.id = e.decided_by
    where e.id = ${id} and ${inPaths(paths)}`.execute(db);
  if (!rows[0]) throw notFound(NOT_FOUND);
  return rows[0];
}

export async function listEvaluations(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined },
) {
  const paths = scopePaths(ctx.actor, 'project.read');
  if (paths.length === 0) throw new AppError('forbidden');
  const { rows } = await sql<EvaluationRow>`
    select ${evaluationColumns} from project_evaluations e
    join orgs o on o.id = e.org_id left join users u on u.id = e.decided_by
    where ${inPaths(paths)} ${query.orgId === undefined ? sql`` : sql`and e.org_id = ${query.orgId}`}
    order by e.year desc, e.id desc limit 200`.execute(db);
  return { items: rows.map((r) => toSummary(ctx, r)), total: rows.length };
}

export interface CreateEvaluation {
  orgId: number;
  year: number;
  title: string;
  measuredWeight: number;
}

export async function createEvaluation(
  trx: Executor,
  ctx: RequestContext,
  body: CreateEvaluation,
): Promise<number> {
  const managed = scopePaths(ctx.actor, 'project.manage');
  if (managed.length === 0) throw new AppError('forbidden');
  const org = await repo.findOrgInScope(trx, body.orgId, managed);
  if (!org) throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权对其项目评比');
  const today = clock.today();
  if (body.year > Number(today.slice(0, 4)))
    throw fieldError('year', 'project.evaluation_year', '不能评比尚未开始的年度');
  const taken = await sql`
    select 1 from project_evaluations where org_id = ${org.id} and year = ${body.year}`.execute(trx);
  if (taken.rows.length > 0) throw new AppError('project.evaluation_exists');
  const asOf = evaluationDate(body.year, today);
  const projects = await repo.listProjects(trx, {
    paths: [org.path],
    orgPath: org.path,
    topLevel: true,
    today: asOf,
    limit: MAX_ENTRIES,
    offset: 0,
  });
  if (projects.length === 0)
    throw fieldError('orgId', 'project.evaluation_empty', '该党组织及其下级没有可参评的项目');
  const inserted = await sql<{ id: number }>`
    insert into project_evaluations (org_id, region_code, year, title, measured_weight, as_of, created_by, created_at)
    values (${org.id}, ${org.region_code}, ${body.year}, ${body.title}, ${body.measuredWeight}, ${asOf},
            ${ctx.actor.userId}, ${clock.now()})
    returning id`.execute(trx);
  const id = Number(inserted.rows[0]!.id);
  await sql`
    insert into project_evaluation_entries (evaluation_id, project_id, progress, planned_progress, ahead_points)
    select ${id}, x.id, x.progress, x.planned, x.ahead
    from jsonb_to_recordset(${JSON.stringify(
      projects.map((p) => ({
        id: Number(p.id),
        progress: p.progress,
        planned: p.planned_progress,
        ahead: p.ahead_points,
      })),
    )}::jsonb) as x (id bigint, progress float8, planned float8, ahead float8)`.execute(trx);
  await audit(trx, ctx, {
    action: 'project.evaluation.create',
    entityType: 'project_evaluation',
    entityId: id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...body, asOf, projects: projects.length },
  });
  return id;
}

interface EntryRow {
  project_id: number;
  title: string;
  kind: string;
  org_name: string;
  lead_name: string;
  progress: number;
  planned_progress: number;
  ahead_points: number;
  final_rank: number | null;
  final_total: number | null;
  scores: Array<{ judgeUserId: number; judgeName: string; score: number; comment: string }> | null;
}

export async function getEvaluation(db: Executor, ctx: RequestContext, id: number) {
  const e = await evaluationInScope(db, ctx, id);
  const { rows } = await sql<EntryRow>`
    select x.project_id, p.title, p.kind, o.name as org_name, p.lead_name, x.progress, x.planned_progress,
      x.ahead_points, x.final_rank, x.final_total,
      (select jsonb_agg(jsonb_build_object('judgeUserId', s.judge_user_id, 'judgeName', s.judge_name,
                'score', s.score, 'comment', s.comment) order by s.scored_at)
       from project_evaluation_scores s
       where s.evaluation_id = x.evaluation_id and s.project_id = x.project_id) as scores
    from project_evaluation_entries x
    join projects p on p.id = x.project_id join orgs o on o.id = p.org_id
    where x.evaluation_id = ${id}`.execute(db);
  const byId = new Map(rows.map((r) => [Number(r.project_id), r]));
  const ranked: RankedEntry[] = rankEntries(
    rows.map((r) => ({
      projectId: Number(r.project_id),
      progress: Number(r.progress),
      aheadPoints: Number(r.ahead_points),
      scores: (r.scores ?? []).map((s) => s.score),
    })),
    e.measured_weight,
  );
  const decided = e.status === 'decided';
  const entries = ranked.map((x) => {
    const r = byId.get(x.projectId)!;
    const scores = (r.scores ?? []).map((s) => ({ ...s, judgeUserId: Number(s.judgeUserId) }));
    return {
      projectId: x.projectId,
      title: r.title,
      kind: r.kind,
      orgName: r.org_name,
      leadName: r.lead_name,
      progress: x.progress,
      plannedProgress: Number(r.planned_progress),
      aheadPoints: x.aheadPoints,
      judgesMean: x.judgesMean,
      scoreCount: scores.length,
      // after the decision: the ranks as decided, whatever was changed since (nothing can be)
      total: decided ? r.final_total : x.total,
      rank: decided ? r.final_rank : x.rank,
      scores,
      myScore: scores.find((s) => s.judgeUserId === ctx.actor.userId)?.score ?? null,
    };
  });
  if (decided) entries.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.projectId - b.projectId);
  return { ...toSummary(ctx, e), entries };
}

async function judgedEvaluation(trx: Executor, ctx: RequestContext, id: number): Promise<EvaluationRow> {
  const e = await evaluationInScope(trx, ctx, id);
  if (!can(ctx.actor, 'project.manage', e.org_path)) throw new AppError('forbidden');
  await sql`select id from project_evaluations where id = ${id} for update`.execute(trx);
  const { rows } = await sql<{
    status: string;
  }>`select status from project_evaluations where id = ${id}`.execute(trx);
  if (rows[0]?.status !== 'scoring') throw new AppError('project.evaluation_decided');
  return e;
}

export async function scoreProject(
  trx: Executor,
  ctx: RequestContext,
  id: number,
  projectId: number,
  body: { score: number; comment: string },
): Promise<void> {
  const e = await judgedEvaluation(trx, ctx, id);
  const entry = await sql`
    select 1 from project_evaluation_entries where evaluation_id = ${id} and project_id = ${projectId}`.execute(
    trx,
  );
  if (entry.rows.length === 0) throw notFound('该项目不在本次评比中');
  await sql`
    insert into project_evaluation_scores (evaluation_id, project_id, judge_user_id, judge_name, score, comment, scored_at)
    values (${id}, ${projectId}, ${ctx.actor.userId}, ${ctx.actor.displayName}, ${body.score}, ${body.comment}, ${clock.now()})
    on conflict (evaluation_id, project_id, judge_user_id)
    do update set score = excluded.score, comment = excluded.comment, scored_at = excluded.scored_at`.execute(
    trx,
  );
  await audit(trx, ctx, {
    action: 'project.evaluation.score',
    entityType: 'project_evaluation',
    entityId: id,
    orgPath: e.org_path,
    after: { projectId, score: body.score, comment: body.comment },
  });
}

export async function decideEvaluation(trx: Executor, ctx: RequestContext, id: number): Promise<void> {
  const e = await judgedEvaluation(trx, ctx, id);
  const current = await getEvaluation(trx, ctx, id);
  if (!current.entries.some((x) => x.rank !== null)) throw new AppError('project.evaluation_unscored');
  await sql`
    update project_evaluation_entries x set final_rank = r.rank, final_total = r.total
    from jsonb_to_recordset(${JSON.stringify(
      current.entries.map((x) => ({ id: x.projectId, rank: x.rank, total: x.total })),
    )}::jsonb) as r (id bigint, rank int, total float8)
    where x.evaluation_id = ${id} and x.project_id = r.id`.execute(trx);
  await sql`
    update project_evaluations set status = 'decided', decided_by = ${ctx.actor.userId}, decided_at = ${clock.now()}
    where id = ${id}`.execute(trx);
  await audit(trx, ctx, {
    action: 'project.evaluation.decide',
    entityType: 'project_evaluation',
    entityId: id,
    orgPath: e.org_path,
    after: { ranks: current.entries.map((x) => ({ projectId: x.projectId, rank: x.rank, total: x.total })) },
  });
}
