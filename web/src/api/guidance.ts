/** Shapes of the 指导记录 answers (server/src/modules/guidance/schemas.ts is the source). */
import type { Id } from './types';

export interface GuidanceVisit {
  id: Id;
  unitId: Id;
  unitName: string;
  orgName: string | null;
  regionCode: string;
  instructorUserId: Id;
  instructorName: string;
  visitedOn: string;
  topic: string;
  problems: string;
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
  role: 'instructor' | 'liaison';
  roleLabel: string;
  assignedOn: string;
  visitsInPeriod: number;
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
}
