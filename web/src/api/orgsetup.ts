import type { AssignmentRole } from './guidance';
/** Shapes of the organization-setup answers (server/src/modules/orgsetup/schemas.ts is the source). */
import type { Id } from './types';

export type FindingSeverity = 'violation' | 'warning' | 'info';

export interface OrgSetupFinding {
  key: string;
  rule: { id: string; title: string; source: string; article: string; uncertain: boolean };
  check: string;
  checkLabel: string;
  severity: FindingSeverity;
  severityLabel: string;
  message: string;
  since: string | null;
  due: string | null;
  org: { id: Id; name: string; type: string; typeLabel: string };
  unit: { id: Id; name: string } | null;
}

export interface FindingsPage {
  items: OrgSetupFinding[];
  total: number;
  asOf: string;
  /** keyset pages (decision 0029): the page after the last item / before the first, null at either end */
  nextCursor: string | null;
  prevCursor: string | null;
  summary: { rule: string; check: string; severity: FindingSeverity; count: number }[];
}

export interface CommitteeMember {
  id: Id;
  memberId: Id | null;
  name: string;
  post: string;
  postLabel: string;
}

export interface OrgTerm {
  id: Id;
  orgId: Id;
  kind: 'committee' | 'secretary';
  kindLabel: string;
  electedOn: string;
  termYears: number;
  endsOn: string;
  remindFrom: string;
  state: 'current' | 'ended';
  endedOn: string | null;
  note: string | null;
  daysLeft: number;
  members: CommitteeMember[];
}

export interface TermsAnswer {
  items: OrgTerm[];
  total: number;
  defaultTermYears: number;
  fullMembers: number;
  members: number;
  actions: string[];
}

export interface CoverageRow {
  key: string;
  label: string;
  inScope: number;
  enterprises: number;
  socialOrgs: number;
  ownOrg: number;
  jointOrg: number;
  instructorReached: number;
  uncovered: number;
  organizationRate: number | null;
  workRate: number | null;
  organizationFormula: string;
  workFormula: string;
}

export type CoverageBucket = 'inScope' | 'ownOrg' | 'jointOrg' | 'instructorReached' | 'uncovered';

export interface CoverageAnswer {
  orgId: Id | null;
  orgName: string;
  groupBy: 'region' | 'industry';
  asOf: string;
  definitions: Record<string, string>;
  totals: CoverageRow;
  groups: CoverageRow[];
}

export interface CoverageUnit {
  id: Id;
  name: string;
  kind: string;
  kindLabel: string;
  creditCode: string | null;
  regionCode: string;
  regionName: string | null;
  industry: string | null;
  employees: number | null;
  bucket: Exclude<CoverageBucket, 'inScope'>;
  bucketLabel: string;
  orgName: string | null;
  instructors: string | null;
}

export interface InstructorAssignment {
  id: Id;
  userId: Id | null;
  /** instructor 党建工作指导员 | liaison 党建联络员: both count for work coverage; cadre 挂钩干部 does not */
  role: AssignmentRole;
  roleLabel: string;
  name: string;
  phone: string | null;
  unitId: Id;
  unitName: string;
  unitKindLabel: string;
  unitHasOrg: boolean;
  orgName: string | null;
  regionCode: string;
  regionName: string | null;
  assignedOn: string;
  endedOn: string | null;
  active: boolean;
  note: string | null;
  actions: string[];
}

export interface InstructorPage {
  items: InstructorAssignment[];
  total: number;
  instructors: number;
  units: number;
}

export interface PartyWorker {
  id: Id;
  orgId: Id;
  orgName: string;
  memberId: Id | null;
  name: string;
  post: string;
  phone: string | null;
  phoneMasked: boolean;
  fullTime: boolean;
  trainedOn: string | null;
  note: string | null;
  actions: string[];
}

export const COMMITTEE_POST_OPTIONS = [
  { value: 'secretary', label: '书记' },
  { value: 'deputy_secretary', label: '副书记' },
  { value: 'organization', label: '组织委员' },
  { value: 'propaganda', label: '宣传委员' },
  { value: 'discipline', label: '纪检委员' },
  { value: 'youth', label: '青年委员' },
  { value: 'women', label: '妇女委员' },
  { value: 'member', label: '委员' },
];

export const SEVERITY_COLORS: Record<FindingSeverity, string> = {
  violation: 'red',
  warning: 'orange',
  info: 'blue',
};
