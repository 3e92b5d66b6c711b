/** Shapes of the project answers (server/src/modules/projects/schemas.ts is the source). */
import type { Id } from './types';

export type ProjectKind = 'secretary_led' | 'challenge' | 'joint';

export interface Project {
  id: Id;
  orgId: Id;
  orgName: string;
  regionCode: string;
  parentProjectId: Id | null;
  parentTitle: string | null;
  weight: number;
  title: string;
  kind: ProjectKind;
  kindLabel: string;
  group: string;
  leadName: string;
  status: 'in_progress' | 'completed';
  statusLabel: string;
  progress: number;
  plannedProgress: number;
  aheadPoints: number;
  scheduleLabel: '超时序' | '滞后' | '按时序';
  milestoneCount: number;
  milestonesDone: number;
  subProjectCount: number;
  nextMilestone: { title: string; plannedOn: string } | null;
  canManage: boolean;
  /** The alliance the project belongs to (its joint projects and challenges). */
  allianceId: Id | null;
  allianceName: string | null;
  /** 揭榜挂帅 posted with a bidding window (both ends inclusive). */
  challenge: {
    opensOn: string;
    closesOn: string;
    state: 'not_open' | 'open' | 'closed' | 'awarded';
    stateLabel: string;
  } | null;
}

export interface ProjectPage {
  items: Project[];
  total: number;
}

export interface ProjectMilestone {
  id: Id;
  position: number;
  title: string;
  plannedOn: string;
  weight: number;
  completedOn: string | null;
  evidence: string | null;
  completedByName: string | null;
  overdue: boolean;
}

export interface ProjectDetail extends Project {
  description: string;
  createdAt: string;
  milestones: ProjectMilestone[];
  subProjects: Project[];
}

export interface ChallengeBid {
  id: Id;
  orgId: Id;
  orgName: string;
  teamId: Id | null;
  teamName: string | null;
  plan: string;
  leadName: string;
  milestones: Array<{ title: string; plannedOn: string; weight: number }>;
  score: number | null;
  status: 'submitted' | 'awarded' | 'not_awarded' | 'withdrawn';
  statusLabel: string;
  withdrawReason: string;
  withdrawnAt: string | null;
  updatedAt: string | null;
  createdAt: string;
  /** The caller's own organization's bid, while it may still be edited or withdrawn. */
  canChange: boolean;
}

export const BID_STATUS_COLORS: Record<ChallengeBid['status'], string> = {
  submitted: 'blue',
  awarded: 'green',
  not_awarded: 'default',
  withdrawn: 'default',
};

/** 揭榜挂帅: GET /challenges/{id}. */
export interface ChallengeDetail extends ProjectDetail {
  posterOrgId: Id;
  posterOrgName: string;
  conditions: string;
  reward: string;
  opensOn: string;
  closesOn: string;
  awardedBidId: Id | null;
  awardReason: string;
  awardedAt: string | null;
  bids: ChallengeBid[];
  bidCount: number;
  canBidFor: Array<{ orgId: Id; name: string }>;
  canAward: boolean;
}

/** 年终评比 (server/src/modules/projects/schemas.ts is the source). */
export interface ProjectEvaluation {
  id: Id;
  orgId: Id;
  orgName: string;
  year: number;
  title: string;
  measuredWeight: number;
  asOf: string;
  status: 'scoring' | 'decided';
  statusLabel: string;
  entryCount: number;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  canJudge: boolean;
}

export interface ProjectEvaluationEntry {
  projectId: Id;
  title: string;
  kind: ProjectKind;
  orgName: string;
  leadName: string;
  progress: number;
  plannedProgress: number;
  aheadPoints: number;
  judgesMean: number | null;
  scoreCount: number;
  total: number | null;
  rank: number | null;
  scores: Array<{ judgeUserId: Id; judgeName: string; score: number; comment: string }>;
  myScore: number | null;
}

export interface ProjectEvaluationDetail extends ProjectEvaluation {
  entries: ProjectEvaluationEntry[];
}
