import {
  BID_WINDOW_LABELS,
  bidWindowState,
  checkMilestoneWeights,
  MAX_SUB_PROJECTS,
  PROJECT_KINDS,
  PROJECT_STATUS,
  type ProjectKind,
  projectStatus,
  scheduleLabel,
} from '@honglian/domain';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { toShanghaiIso } from '../../platform/schemas.ts';
import { allianceInScope } from '../alliances/service.ts';
import * as repo from './repository.ts';

/**
 * Projects against schedule (书记领航 / 揭榜挂帅 / 党建联创; issue 15, shared with the alliances' joint
 * projects of issue 12). A project is led by an organization and read by whoever holds `project.read`
 * over it; `project.manage` over it creates projects there and records a milestone as done with its
 * evidence. The figures (API.md "Projects") are computed in SQL for a whole list; their definitions and
 * the parent/sub-project rollup are the pure rules of packages/domain/src/projects/progress.ts.
 */

const NOT_FOUND = '未找到该项目，或您无权查看';

function readPaths(ctx: RequestContext): string[] {
  const paths = scopePaths(ctx.actor, 'project.read');
  if (paths.length === 0) throw new AppError('forbidden');
  return paths;
}

/**
 * What a caller reads: the projects led in their `project.read` subtrees, and the projects of the
 * alliances they see (an alliance's challenges and joint projects: docs/decisions/0028).
 */
export function projectScope(ctx: RequestContext) {
  const paths = scopePaths(ctx.actor, 'project.read');
  const alliances = {
    readPaths: scopePaths(ctx.actor, 'alliance.read'),
    participatePaths: scopePaths(ctx.actor, 'alliance.participate'),
    today: clock.today(),
  };
  if (paths.length === 0 && alliances.readPaths.length === 0 && alliances.participatePaths.length === 0)
    throw new AppError('forbidden');
  return { paths, alliances };
}

/** The lead organization's `project.manage`, or the alliance office's `alliance.manage`. */
export function canManageProject(ctx: RequestContext, r: repo.ProjectRow) {
  return (
    can(ctx.actor, 'project.manage', r.org_path) ||
    (r.alliance_office_path !== null && can(ctx.actor, 'alliance.manage', r.alliance_office_path))
  );
}

function toItem(ctx: RequestContext, r: repo.ProjectRow) {
  const status = projectStatus(r.progress);
  const window =
    r.opens_on !== null && r.closes_on !== null
      ? bidWindowState(r.opens_on, r.closes_on, clock.today())
      : null;
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    regionCode: r.region_code,
    parentProjectId: r.parent_id,
    parentTitle: r.parent_title,
    weight: r.weight,
    title: r.title,
    kind: r.kind,
    kindLabel: PROJECT_KINDS[r.kind as ProjectKind],
    group: r.group_name,
    leadName: r.lead_name,
    status,
    statusLabel: PROJECT_STATUS[status],
    progress: r.progress,
    plannedProgress: r.planned_progress,
    aheadPoints: r.ahead_points,
    scheduleLabel: scheduleLabel(r.ahead_points),
    milestoneCount: r.milestone_count,
    milestonesDone: r.milestones_done,
    subProjectCount: r.sub_project_count,
    nextMilestone:
      r.next_title !== null && r.next_planned_on !== null
        ? { title: r.next_title, plannedOn: r.next_planned_on }
        : null,
    canManage: canManageProject(ctx, r),
    allianceId: r.alliance_id,
    allianceName: r.alliance_name,
    challenge:
      window !== null
        ? {
            opensOn: r.opens_on!,
            closesOn: r.closes_on!,
            state: r.awarded_bid_id !== null ? ('awarded' as const) : window,
            stateLabel: r.awarded_bid_id !== null ? '已确定揭榜单位' : BID_WINDOW_LABELS[window],
          }
        : null,
  };
}

export interface ListQuery {
  orgId?: number | undefined;
  allianceId?: number | undefined;
  posted?: boolean | undefined;
  kind?: string | undefined;
  status?: 'in_progress' | 'completed' | undefined;
  lagging?: 'true' | 'false' | undefined;
  parentProjectId?: number | undefined;
  topLevel?: 'true' | 'false' | undefined;
  group?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listProjects(db: Executor, ctx: RequestContext, query: ListQuery) {
  const scope = projectScope(ctx);
  let orgPath: string | undefined;
  if (query.allianceId !== undefined) await allianceInScope(db, ctx, query.allianceId, 'allianceId');
  if (query.orgId !== undefined) {
    const org = await repo.findOrgInScope(db, query.orgId, scope.paths);
    if (!org) throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权查看');
    orgPath = org.path;
  }
  if (query.parentProjectId !== undefined)
    await projectInScope(db, ctx, query.parentProjectId, 'parentProjectId');
  const rows = await repo.listProjects(db, {
    ...scope,
    today: clock.today(),
    ...(query.allianceId !== undefined ? { allianceId: query.allianceId } : {}),
    ...(query.posted ? { posted: true } : {}),
    ...(orgPath !== undefined ? { orgPath } : {}),
    ...(query.kind !== undefined ? { kind: query.kind } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.lagging !== undefined ? { lagging: query.lagging === 'true' } : {}),
    ...(query.parentProjectId !== undefined ? { parentId: query.parentProjectId } : {}),
    ...(query.topLevel === 'true' ? { topLevel: true } : {}),
    ...(query.group ? { group: query.group } : {}),
    ...(query.q ? { q: query.q } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map((r) => toItem(ctx, r)), total: rows[0]?.total ?? 0 };
}

/** A project read through the caller's scope; outside it, as missing (404, or 400 naming `field`). */
export async function projectInScope(db: Executor, ctx: RequestContext, id: number, field?: string) {
  const [row] = await repo.listProjects(db, {
    ...projectScope(ctx),
    today: clock.today(),
    id,
    limit: 1,
    offset: 0,
  });
  if (!row) throw field ? fieldError(field, 'project.not_found', NOT_FOUND) : notFound(NOT_FOUND);
  return row;
}

/**
 * Projects by id with their figures, for a module that has already decided who may see them (组团帮扶's
 * linked projects, readable by whoever reads the pairing): one statement, the engine's own definitions.
 */
export async function projectFigures(db: Executor, ctx: RequestContext, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await repo.listProjects(db, {
    paths: ['/'],
    today: clock.today(),
    ids,
    limit: ids.length,
    offset: 0,
  });
  return rows.map((r) => toItem(ctx, r));
}

export async function getProject(db: Executor, ctx: RequestContext, id: number) {
  const row = await projectInScope(db, ctx, id);
  const today = clock.today();
  const [milestones, subs] = await Promise.all([
    repo.milestonesOf(db, id),
    row.sub_project_count > 0
      ? repo.listProjects(db, {
          ...projectScope(ctx),
          today,
          parentId: id,
          limit: MAX_SUB_PROJECTS,
          offset: 0,
        })
      : Promise.resolve([]),
  ]);
  return {
    ...toItem(ctx, row),
    description: row.description,
    createdAt: toShanghaiIso(row.created_at),
    milestones: milestones.map((m) => ({
      id: m.id,
      position: m.position,
      title: m.title,
      plannedOn: m.planned_on,
      weight: m.weight,
      completedOn: m.completed_on,
      evidence: m.evidence,
      completedByName: m.completed_by_name,
      overdue: m.completed_on === null && m.planned_on < today,
    })),
    subProjects: subs.sort((a, b) => a.id - b.id).map((s) => toItem(ctx, s)),
  };
}

export interface CreateInput {
  orgId: number;
  title: string;
  kind: string;
  milestones: Array<{ title: string; plannedOn: string; weight: number }>;
  parentProjectId?: number | undefined;
  allianceId?: number | undefined;
  weight: number;
  group: string;
  leadName: string;
  description: string;
}

/**
 * The lead organization of a new project: in the caller's `project.manage` subtrees, or, for an
 * alliance's project, the alliance's office or one of its current members (the office runs it).
 */
export async function leadOrgFor(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  allianceId: number | undefined,
): Promise<repo.ScopedOrgRow> {
  if (allianceId === undefined) {
    const org = await repo.findOrgInScope(db, orgId, readPaths(ctx));
    if (!org) throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权查看');
    if (!can(ctx.actor, 'project.manage', org.path)) throw new AppError('forbidden');
    return org;
  }
  const alliance = await allianceInScope(db, ctx, allianceId, 'allianceId');
  if (!alliance.canManage) throw new AppError('forbidden');
  const isPart = orgId === alliance.row.org_id || alliance.members.some((m) => m.org_id === orgId);
  const org = isPart ? await repo.findOrgInScope(db, orgId, ['/']) : undefined;
  if (!org)
    throw fieldError('orgId', 'project.org_not_member', '牵头单位应为联盟办公室所在组织或在册成员单位');
  return org;
}

/** createProject: a project (or a sub-project of a parent) with its milestones, audited. */
export async function createProject(db: Executor, ctx: RequestContext, input: CreateInput) {
  if (input.allianceId !== undefined && input.parentProjectId !== undefined)
    throw fieldError('parentProjectId', 'project.parent', '联盟项目不设上级项目');
  const org = await leadOrgFor(db, ctx, input.orgId, input.allianceId);
  if (org.status !== 'active') throw fieldError('orgId', 'org.dissolved', '该党组织已撤销，不能再牵头项目');
  const weights = checkMilestoneWeights(input.milestones.map((m) => m.weight));
  if (!weights.ok) throw fieldError('milestones', weights.code, weights.message);
  let parent: repo.ProjectRow | undefined;
  if (input.parentProjectId !== undefined) {
    parent = await projectInScope(db, ctx, input.parentProjectId, 'parentProjectId');
    // one level: a parent rolls up sub-projects that have milestones, never milestones of its own
    if (parent.parent_id !== null)
      throw fieldError('parentProjectId', 'project.parent', '子项目下不能再设子项目');
    const shape = await repo.shapeOf(db, parent.id);
    if (shape.milestones > 0)
      throw fieldError(
        'parentProjectId',
        'project.parent',
        '该项目已设置节点，进度按节点计算，不能再设子项目（上级项目不设节点，进度由子项目汇总）',
      );
    if (shape.subs >= MAX_SUB_PROJECTS)
      throw fieldError('parentProjectId', 'project.parent', `一个项目最多设 ${MAX_SUB_PROJECTS} 个子项目`);
    if (!org.path.startsWith(parent.org_path))
      throw fieldError(
        'orgId',
        'project.org_outside_parent',
        '子项目的牵头党组织应在上级项目牵头党组织的管辖范围内',
      );
    if (input.milestones.length === 0)
      throw fieldError('milestones', 'project.milestone_weights', '子项目应设置节点，各节点权重之和为 100');
  }
  const id = await repo.insertProject(
    db,
    {
      region_code: org.region_code,
      org_id: org.id,
      parent_id: parent?.id ?? null,
      weight: parent ? input.weight : 1,
      title: input.title,
      kind: input.kind as ProjectKind,
      group_name: input.group,
      lead_name: input.leadName,
      description: input.description,
      created_by: ctx.actor.userId,
      updated_at: clock.now(),
      alliance_id: input.allianceId ?? null,
    },
    input.milestones,
  );
  await audit(db, ctx, {
    action: 'project.create',
    entityType: 'project',
    entityId: id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: {
      orgName: org.name,
      title: input.title,
      kind: input.kind,
      parentProjectId: parent?.id ?? null,
      weight: parent ? input.weight : 1,
      group: input.group,
      leadName: input.leadName,
      allianceId: input.allianceId ?? null,
      milestones: input.milestones,
    },
  });
  return id;
}

/** completeMilestone: a milestone done on `completedOn` (not after today), with its evidence. */
export async function completeMilestone(
  db: Executor,
  ctx: RequestContext,
  projectId: number,
  milestoneId: number,
  input: { completedOn: string; evidence: string },
) {
  const project = await projectInScope(db, ctx, projectId);
  const milestone = await repo.milestoneForUpdate(db, projectId, milestoneId);
  if (!milestone) throw notFound('未找到该项目节点，或您无权查看');
  if (!canManageProject(ctx, project)) throw new AppError('forbidden');
  if (milestone.completed_on !== null) throw new AppError('project.milestone_completed');
  if (input.completedOn > clock.today())
    throw fieldError('completedOn', 'project.completed_on', '完成日期不能晚于今天');
  await repo.completeMilestone(db, milestone.id, {
    completedOn: input.completedOn,
    evidence: input.evidence,
    userId: ctx.actor.userId,
    userName: ctx.actor.displayName,
    now: clock.now(),
  });
  await audit(db, ctx, {
    action: 'project.milestone_complete',
    entityType: 'project_milestone',
    entityId: milestone.id,
    orgPath: project.org_path,
    regionCode: project.region_code,
    before: { completedOn: null },
    after: {
      projectId,
      projectTitle: project.title,
      milestone: milestone.title,
      completedOn: input.completedOn,
      evidence: input.evidence,
    },
  });
}
