import { MAX_MILESTONES, PROJECT_KIND_CODES } from '@honglian/domain';
import { z } from 'zod';
import { BodyId, DateString, Pagination, QueryId, text } from '../../platform/schemas.ts';

const Id = BodyId;
const Kind = z.enum(PROJECT_KIND_CODES as [string, ...string[]]);
const Status = z.enum(['in_progress', 'completed']);

export const MilestoneParams = z.object({
  id: QueryId,
  milestoneId: QueryId,
});

export const ProjectListQuery = Pagination.extend({
  /** The organization and its subtree. */
  orgId: QueryId.optional(),
  kind: Kind.optional(),
  status: Status.optional(),
  /** Only projects behind schedule (aheadPoints < 0): 滞后. */
  lagging: z.enum(['true', 'false']).optional(),
  /** Only the sub-projects of this project. */
  parentProjectId: QueryId.optional(),
  /** Only top-level projects (no parent). */
  topLevel: z.enum(['true', 'false']).optional(),
  group: z.string().trim().max(50).optional(),
  q: z.string().trim().max(50).optional(),
});

const MilestoneInput = z.object({
  title: text(200, '节点名称'),
  plannedOn: DateString,
  weight: z.number().int('节点权重应为整数').min(1, '节点权重至少为 1').max(100, '节点权重不能超过 100'),
});

export const CreateProjectBody = z.object({
  orgId: Id,
  title: text(200, '项目名称'),
  kind: Kind,
  /**
   * Integer weights summing to 100. Empty: a parent project whose figures roll up from its sub-projects.
   */
  milestones: z.array(MilestoneInput).max(MAX_MILESTONES, `一个项目最多设置 ${MAX_MILESTONES} 个节点`),
  /** Makes this a sub-project of that (parent) project; its organization lies inside the parent's. */
  parentProjectId: Id.optional(),
  /** The sub-project's weight in its parent, relative to its siblings (1: equal weights). */
  weight: z.number().int().min(1).max(100).default(1),
  group: z.string().trim().max(50, '分组不能超过 50 个字').default(''),
  leadName: z.string().trim().max(50, '负责人不能超过 50 个字').default(''),
  description: z.string().trim().max(2000, '项目简介不能超过 2000 个字').default(''),
});

export const CompleteMilestoneBody = z.object({
  completedOn: DateString,
  evidence: text(2000, '完成佐证'),
});

const Figures = {
  /** Weight of the completed milestones (a parent: its sub-projects' by weight), 0–100. */
  progress: z.number(),
  /** Weight of the milestones planned on or before today. */
  plannedProgress: z.number(),
  /** progress − plannedProgress: 超时序 when positive, 滞后 when negative. */
  aheadPoints: z.number(),
  scheduleLabel: z.enum(['超时序', '滞后', '按时序']),
};

export const ProjectItem = z
  .object({
    id: z.number(),
    orgId: z.number(),
    orgName: z.string(),
    regionCode: z.string(),
    parentProjectId: z.number().nullable(),
    parentTitle: z.string().nullable(),
    weight: z.number().int(),
    title: z.string(),
    kind: Kind,
    kindLabel: z.string(),
    group: z.string(),
    leadName: z.string(),
    status: Status,
    statusLabel: z.string(),
    ...Figures,
    milestoneCount: z.number().int(),
    milestonesDone: z.number().int(),
    subProjectCount: z.number().int(),
    /** The next milestone not done (by planned date), or null. */
    nextMilestone: z.object({ title: z.string(), plannedOn: z.string() }).nullable(),
    /** The caller may complete its milestones and add sub-projects. */
    canManage: z.boolean(),
  })
  .meta({ id: 'Project' });

export const ProjectPage = z.object({ items: z.array(ProjectItem), total: z.number().int() });

export const MilestoneItem = z
  .object({
    id: z.number(),
    position: z.number().int(),
    title: z.string(),
    plannedOn: z.string(),
    weight: z.number().int(),
    completedOn: z.string().nullable(),
    evidence: z.string().nullable(),
    completedByName: z.string().nullable(),
    /** Planned before today and not done. */
    overdue: z.boolean(),
  })
  .meta({ id: 'ProjectMilestone' });

export const ProjectDetail = ProjectItem.extend({
  description: z.string(),
  createdAt: z.string(),
  milestones: z.array(MilestoneItem),
  subProjects: z.array(ProjectItem),
}).meta({ id: 'ProjectDetail' });
