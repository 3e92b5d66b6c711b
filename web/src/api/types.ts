/** Shapes of the `/api/v1` answers the web client reads (the server's OpenAPI document is the source). */

/** Record ids: numbers from this server; strings are accepted too, so compare them with `sameId`. */
export type Id = number | string;

export function sameId(a: Id | null | undefined, b: Id | null | undefined): boolean {
  return a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A list read by keyset pages: pass `nextCursor`/`prevCursor` back as `cursor` (null at either end). */
export interface KeysetPage<T> extends Page<T> {
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface RoleBinding {
  id: Id;
  role: string;
  roleLabel: string;
  orgId: Id;
  orgName: string;
}

export interface CurrentUser {
  id: Id;
  username: string;
  displayName: string;
  orgId: Id | null;
  orgName: string | null;
  roles: RoleBinding[];
  permissions: string[];
  /** The organizations each role applies to. */
  scopes?: Array<{ orgId: Id; orgName: string; role: string }>;
  /** The account's own party member record, if it has one. */
  memberId?: Id | null;
}

export interface LoginResult {
  user: CurrentUser;
  csrfToken: string;
}

export interface MeResult extends LoginResult {
  demo?: boolean;
}

/** `GET /auth/session`: the signed-in user, or `user: null` (not a 401) when nobody is signed in. */
export interface SessionResult {
  user: CurrentUser | null;
  csrfToken: string | null;
  demo?: boolean;
}

export interface Health {
  status: string;
  database: 'pglite' | 'postgres';
  version: string;
  demo?: boolean;
}

export type OrgStatus = 'active' | 'dissolved';

export interface OrgItem {
  id: Id;
  name: string;
  type: string;
  typeLabel: string;
  parentId: Id | null;
  regionCode: string | null;
  regionName: string | null;
  unitId: Id | null;
  unitName: string | null;
  status: OrgStatus;
  childCount: number;
  pathNames?: string[];
}

export interface UnitSummary {
  id: Id;
  name: string;
  kind: string;
  kindLabel: string;
  creditCode: string | null;
  regionCode: string | null;
  industry: string | null;
  employees: number | null;
}

export interface OrgDetail extends OrgItem {
  establishedOn: string | null;
  dissolvedOn: string | null;
  dissolveReason: string | null;
  ancestors: { id: Id; name: string }[];
  unit: UnitSummary | null;
  counts: { children: number; descendants: number };
  actions: string[];
}

export interface HistoryItem {
  id: Id;
  at: string;
  action: string;
  actionLabel: string;
  actorName: string | null;
  before: unknown;
  after: unknown;
}

export interface UnitItem extends UnitSummary {
  regionName: string | null;
  /** The organization responsible for Party work in the unit (属地管理). */
  orgId: Id | null;
  orgName: string | null;
  orgCount: number;
}

export interface CataloguePermission {
  name: string;
  label: string;
  group: string;
}

export interface CatalogueRole {
  code: string;
  label: string;
  permissions: string[];
}

export interface UserItem {
  id: Id;
  username: string;
  displayName: string;
  phone: string | null;
  orgId: Id | null;
  orgName: string | null;
  status: 'active' | 'disabled';
  roles: RoleBinding[];
  lastLoginAt: string | null;
}

export interface TokenItem {
  id: Id;
  name: string;
  userId: Id;
  username: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken extends TokenItem {
  token: string;
}

export interface AuditItem {
  id: Id;
  at: string;
  actorId: Id | null;
  actorName: string | null;
  action: string;
  actionLabel: string;
  entityType: string;
  entityTypeLabel: string;
  entityId: Id | null;
  ip: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobItem {
  id: Id;
  name: string;
  nameLabel: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
  payload: unknown;
}

export interface JobPage extends Page<JobItem> {
  counts: Record<JobState, number>;
}

export interface JobSchedule {
  name: string;
  nameLabel: string;
  every: string | number;
  description: string | null;
  lastRunAt: string | null;
  nextRunAt: string | null;
}

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarOverride {
  date: string;
  kind: CalendarDayKind;
  note: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface CalendarYear {
  year: number;
  provisional: boolean;
  holidays: string[];
  makeupWorkdays: string[];
  overrides: CalendarOverride[];
}

// ---------------------------------------------------------------- member development and transfers

export type DueStatus = 'done' | 'late' | 'pending' | 'overdue' | 'waiting' | 'open';

export interface DevelopmentDue {
  step: string;
  label: string;
  rule: string;
  kind: 'deadline' | 'earliest';
  from: string;
  date: string;
  status: DueStatus;
  doneOn: string | null;
  provisional: boolean;
  ruleSet: string;
}

export interface DevelopmentItem {
  id: Id;
  memberId: Id;
  memberName: string;
  gender: string;
  orgId: Id;
  orgName: string;
  stage: string;
  stageLabel: string;
  state: 'active' | 'completed' | 'terminated';
  ruleSet: string;
  appliedOn: string;
  lastStep: { code: string; label: string; date: string } | null;
  nextDue: DevelopmentDue | null;
  overdue: boolean;
  overdueCount: number;
}

export interface DevelopmentBoard extends Page<DevelopmentItem> {
  counts: Record<string, number>;
}

export interface DevelopmentRuleSetView {
  version: string;
  title: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  note: string;
}

export interface DevelopmentStepView {
  id: Id;
  code: string;
  label: string;
  date: string;
  decision: 'approved' | 'rejected';
  ruleSet: string;
  data: Record<string, unknown> | null;
  evidence: { id: Id; name: string } | null;
  decidedBy: string;
  note: string | null;
  recordedAt: string | null;
}

export interface DevelopmentDetail extends DevelopmentItem {
  member: {
    name: string;
    gender: string;
    birthDate: string;
    idNumber: string;
    phone: string | null;
    stage: string;
    status: string;
    joinedOn: string | null;
    fullMemberOn: string | null;
  };
  introducers: Array<{ memberId: Id; name: string }>;
  note: string | null;
  ruleSetInForce: DevelopmentRuleSetView;
  ruleSets: DevelopmentRuleSetView[];
  steps: DevelopmentStepView[];
  dueDates: DevelopmentDue[];
  probationEnd: string | null;
  nextSteps: Array<{ code: string; label: string; rule: string; by: 'branch' | 'committee' }>;
  actions: string[];
  /** The lowest 党委 above the branch, which decides pre-review, approval and conversion (P10, P12, P15). */
  approvingCommittee: { id: Id; name: string } | null;
}

export type TransferState = 'pending' | 'accepted' | 'returned' | 'completed' | 'expired' | 'cancelled';
export type TransferAction = 'accept' | 'return' | 'receipt' | 'cancel';

export interface TransferItem {
  id: Id;
  direction: 'internal' | 'out' | 'in';
  directionLabel: string;
  state: TransferState;
  stateLabel: string;
  memberId: Id;
  memberName: string;
  memberIdNumber: string;
  memberStage: string;
  fromOrgId: Id | null;
  fromOrgName: string | null;
  toOrgId: Id | null;
  toOrgName: string | null;
  outsideOrgName: string | null;
  outsideLetterNo: string | null;
  reason: string;
  startedOn: string;
  letterValidUntil: string;
  acceptedOn: string | null;
  returnedOn: string | null;
  returnReason: string | null;
  completedOn: string | null;
  receiptNo: string | null;
  side: Array<'sending' | 'receiving'>;
  actions: TransferAction[];
}

export interface MyProgress {
  member: {
    name: string;
    orgName: string;
    stage: string;
    stageLabel: string;
    status: string;
    joinedOn: string | null;
    fullMemberOn: string | null;
    mobile: { cardNo: string; location: string; until: string } | null;
  } | null;
  development: {
    id: Id;
    state: string;
    ruleSet: string;
    steps: Array<{ code: string; label: string; date: string; decision: string }>;
    nextDue: DevelopmentDue | null;
    probationEnd: string | null;
  } | null;
  transfer: {
    id: Id;
    direction: string;
    directionLabel: string;
    state: TransferState;
    stateLabel: string;
    fromOrgName: string | null;
    toOrgName: string | null;
    startedOn: string;
    letterValidUntil: string;
    returnReason: string | null;
  } | null;
}
