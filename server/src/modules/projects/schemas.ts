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
  /** Only the projects of this alliance (its joint projects and challenges). */
  allianceId: QueryId.optional(),
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
  /** An alliance's joint project: run by its office, led by the office or a current member. */
  allianceId: Id.optional(),
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
    /** The alliance the project belongs to (its joint projects and challenges), or null. */
    allianceId: z.number().nullable(),
    allianceName: z.string().nullable(),
    /** 揭榜挂帅 posted with a bidding window (both ends inclusive), or null. */
    challenge: z
      .object({
        opensOn: z.string(),
        closesOn: z.string(),
        state: z.enum(['not_open', 'open', 'closed', 'awarded']),
        stateLabel: z.string(),
      })
      .nullable(),
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

/** 年终评比 (issue 15). */
export const CreateEvaluationBody = z
  .object({
    orgId: BodyId,
    year: z.number('应为年份').int('应为整数').min(2000, '年份不能早于 2000').max(2100, '年份不能晚于 2100'),
    title: text(200, '评比名称'),
    measuredWeight: z
      .number('应为 0 到 100 的整数')
      .int('应为 0 到 100 的整数')
      .min(0, '实绩占比不能小于 0')
      .max(100, '实绩占比不能大于 100'),
  })
  .meta({ id: 'CreateProjectEvaluation' });

export const EvaluationListQuery = z.object({ orgId: QueryId.optional() });

export const ScoreBody = z
  .object({
    score: z
      .number('应为 0 到 100 的整数')
      .int('应为 0 到 100 的整数')
      .min(0, '评分不能小于 0')
      .max(100, '评分不能大于 100'),
    comment: z.string().trim().max(500, '评语不能超过 500 个字').default(''),
  })
  .meta({ id: 'ProjectEvaluationScore' });

export const EvaluationScoreParams = z.object({ id: QueryId, projectId: QueryId });

const EvaluationSummary = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  year: z.number(),
  title: z.string(),
  /** The share (percent) of the measured result in the total; the rest is the judges' mean. */
  measuredWeight: z.number(),
  /** The date the figures were taken at: the year's last day, or the day the evaluation opened. */
  asOf: z.string(),
  status: z.enum(['scoring', 'decided']),
  statusLabel: z.string(),
  entryCount: z.number(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  /** The caller may score and decide (project.manage over the organization, while scoring). */
  canJudge: z.boolean(),
});

export const EvaluationList = z
  .object({ items: z.array(EvaluationSummary), total: z.number() })
  .meta({ id: 'ProjectEvaluationList' });

export const EvaluationDetail = EvaluationSummary.extend({
  entries: z.array(
    z.object({
      projectId: z.number(),
      title: z.string(),
      kind: z.string(),
      orgName: z.string(),
      leadName: z.string(),
      progress: z.number(),
      plannedProgress: z.number(),
      aheadPoints: z.number(),
      judgesMean: z.number().nullable(),
      scoreCount: z.number(),
      /** measuredWeight% × progress + the rest × judgesMean; null until a judge scored. */
      total: z.number().nullable(),
      /** 1, 2, 2, 4…; null while unscored. */
      rank: z.number().nullable(),
      scores: z.array(
        z.object({ judgeUserId: z.number(), judgeName: z.string(), score: z.number(), comment: z.string() }),
      ),
      myScore: z.number().nullable(),
    }),
  ),
}).meta({ id: 'ProjectEvaluation' });

/** 揭榜挂帅 (issue 12 item 6): posting, bids, scores, the award. */
export const ChallengeListQuery = Pagination.extend({
  allianceId: QueryId.optional(),
  q: z.string().trim().max(50).optional(),
});

export const PostChallengeBody = z.object({
  /** An alliance's challenge, posted by its office. */
  allianceId: Id.optional(),
  /** Else the posting organization (发榜单位). */
  orgId: Id.optional(),
  title: text(200, '榜单名称'),
  description: z.string().trim().max(2000, '榜单说明不能超过 2000 个字').default(''),
  /** 揭榜条件 */
  conditions: z.string().trim().max(2000, '揭榜条件不能超过 2000 个字').default(''),
  /** 奖励和说明 */
  reward: z.string().trim().max(1000, '奖励说明不能超过 1000 个字').default(''),
  /** First day of bidding (default today). */
  opensOn: DateString.optional(),
  /** Last day of bidding (inclusive). */
  closesOn: DateString,
});

export const BidBody = z.object({
  orgId: Id,
  /** One of the organization's (or its subtree's) volunteer teams (党员服务队、突击队) bidding under it. */
  teamId: Id.optional(),
  plan: text(4000, '揭榜方案'),
  leadName: text(50, '项目负责人'),
  milestones: z.array(MilestoneInput).max(MAX_MILESTONES, `一个项目最多设置 ${MAX_MILESTONES} 个节点`),
});

/** Editing a bid: the same content, for the same organization (a team left out is cleared). */
export const BidEditBody = BidBody.omit({ orgId: true });

export const BidWithdrawBody = z.object({
  reason: text(500, '撤回理由'),
});

export const BidScoreBody = z.object({
  score: z
    .number('应为 0 到 100 的整数')
    .int('应为 0 到 100 的整数')
    .min(0, '评分不能小于 0')
    .max(100, '评分不能大于 100'),
});

export const AwardBody = z.object({
  bidId: Id,
  /** Required when the bid is not the top-scored one. */
  reason: z.string().trim().max(1000, '理由不能超过 1000 个字').default(''),
});

export const BidParams = z.object({ id: QueryId, bidId: QueryId });

export const ChallengeDetail = ProjectDetail.extend({
  posterOrgId: z.number(),
  posterOrgName: z.string(),
  conditions: z.string(),
  reward: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  awardedBidId: z.number().nullable(),
  awardReason: z.string(),
  awardedAt: z.string().nullable(),
  bids: z.array(
    z.object({
      id: z.number(),
      orgId: z.number(),
      orgName: z.string(),
      teamId: z.number().nullable(),
      teamName: z.string().nullable(),
      plan: z.string(),
      leadName: z.string(),
      milestones: z.array(z.object({ title: z.string(), plannedOn: z.string(), weight: z.number() })),
      score: z.number().nullable(),
      status: z.enum(['submitted', 'awarded', 'not_awarded', 'withdrawn']),
      statusLabel: z.string(),
      withdrawReason: z.string(),
      withdrawnAt: z.string().nullable(),
      updatedAt: z.string().nullable(),
      createdAt: z.string(),
      /** The caller's own organization's bid, while it may still be edited or withdrawn. */
      canChange: z.boolean(),
    }),
  ),
  /** All bids not withdrawn, including those the caller does not see. */
  bidCount: z.number(),
  canBidFor: z.array(z.object({ orgId: z.number(), name: z.string() })),
  canAward: z.boolean(),
}).meta({ id: 'Challenge' });
