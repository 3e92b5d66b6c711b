/** Shapes of the 指导记录 answers (server/src/modules/guidance/schemas.ts is the source). */
import type { Id } from './types';

/** 党建工作指导员 / 党建联络员 / 挂钩干部 (decision 0027). */
export type AssignmentRole = 'instructor' | 'liaison' | 'cadre';

/** 问题清单: one problem a visit found, with its case once filed. */
export interface GuidanceProblem {
  id: Id;
  seq: number;
  description: string;
  caseId: Id | null;
  caseState: string | null;
  caseStateLabel: string | null;
  filedAt: string | null;
}

export interface Quarter {
  quarter: string;
  label: string;
  from: string;
  to: string;
  end: string;
}

export interface GuidanceVisit {
  id: Id;
  unitId: Id;
  unitName: string;
  orgName: string | null;
  regionCode: string;
  role: AssignmentRole;
  roleLabel: string;
  instructorUserId: Id;
  instructorName: string;
  visitedOn: string;
  topic: string;
  problems: string;
  problemList: GuidanceProblem[];
  followUp: string;
  followUpDoneOn: string | null;
  editable: boolean;
}

export interface GuidanceVisitPage {
  items: GuidanceVisit[];
  total: number;
  period: { from: string; to: string };
  unitsGuided: number;
}

export interface GuidanceFinding {
  id: Id;
  ruleCode: string;
  ruleName: string;
  citation: string;
  severity: 'warning' | 'finding';
  severityLabel: string;
  orgName: string;
  message: string;
  since: string | null;
}

export interface GuidanceEnterprise {
  unitId: Id;
  unitName: string;
  unitKindLabel: string;
  employees: number | null;
  ownOrgName: string | null;
  orgName: string | null;
  role: AssignmentRole;
  roleLabel: string;
  assignedOn: string;
  visitsInPeriod: number;
  visitsInQuarter: number;
  lastVisitOn: string | null;
  openFindings: number;
  openWarnings: number;
  findings: GuidanceFinding[];
}

export interface GuidanceEnterprisePage {
  items: GuidanceEnterprise[];
  total: number;
  period: { from: string; to: string };
  guided: number;
  quarter: Quarter;
  visitedInQuarter: number;
}

/** 挂钩走访 coverage of the quarter (GET /guidance/coverage). */
export interface CadreCoverage {
  orgId: Id | null;
  orgName: string;
  quarter: Quarter;
  assigned: number;
  visited: number;
  unvisited: number;
  rate: number | null;
  formula: string;
  definitions: Record<string, string>;
}

export interface CadreCoverageUnit {
  unitId: Id;
  unitName: string;
  orgName: string | null;
  regionCode: string;
  employees: number | null;
  cadres: string;
  visitsInQuarter: number;
  lastVisitOn: string | null;
}

export interface CadreCoverageUnitPage {
  items: CadreCoverageUnit[];
  total: number;
  quarter: Quarter;
}

/** 服务联系卡 (GET /me/liaison-card). */
export interface LiaisonCard {
  unitId: Id;
  unitName: string;
  quarter: Quarter;
  visitsInQuarter: number;
  contacts: Array<{
    role: AssignmentRole;
    roleLabel: string;
    name: string;
    phone: string | null;
    assignedOn: string;
  }>;
  visits: Array<{
    id: Id;
    visitedOn: string;
    roleLabel: string;
    visitorName: string;
    topic: string;
    followUp: string;
    followUpDoneOn: string | null;
    problems: GuidanceProblem[];
  }>;
}
