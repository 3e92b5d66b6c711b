import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type * as activities from '../../modules/activities/tables.ts';
import type * as alliances from '../../modules/alliances/tables.ts';
import type * as bulletins from '../../modules/bulletins/tables.ts';
import type * as compliance from '../../modules/compliance/tables.ts';
import type * as learning from '../../modules/learning/tables.ts';
import type * as orglife from '../../modules/orglife/tables.ts';
import type * as pairing from '../../modules/pairing/tables.ts';
import type * as policies from '../../modules/policies/tables.ts';
import type * as projects from '../../modules/projects/tables.ts';
import type * as property from '../../modules/property/tables.ts';

/** Table types for Kysely, kept by hand beside server/migrations (the migrations are the truth). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;
type Id = Generated<number>;

export interface UnitsTable {
  id: Id;
  region_code: string;
  name: string;
  name_search: string;
  kind: string;
  credit_code: string | null;
  industry: string | null;
  employees: number | null;
  org_id: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface OrgsTable {
  id: Id;
  region_code: string;
  parent_id: number | null;
  path: string;
  depth: number;
  name: string;
  name_search: string;
  /** syllables of the name separated by spaces; null until filled (0030) */
  name_pinyin: string | null;
  name_initials: string | null;
  type: string;
  unit_id: number | null;
  status: Generated<'active' | 'dissolved'>;
  established_on: string | null;
  dissolved_on: string | null;
  dissolve_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Id;
  username: string;
  display_name: string;
  password_hash: string;
  phone: string | null;
  org_id: number | null;
  status: Generated<'active' | 'disabled'>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  last_login_at: NullableTimestamp;
}

export interface RoleBindingsTable {
  id: Id;
  user_id: number;
  role: string;
  org_id: number;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_by: number | null;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface LoginFailuresTable {
  id: Id;
  username: string;
  ip: string;
  at: Timestamp;
}

export interface AuditEventsTable {
  id: Id;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  /** The API token that authenticated the request, if one did (migration 0071). */
  token_id: Generated<number | null>;
  action: string;
  entity_type: string;
  entity_id: string | null;
  region_code: string | null;
  org_path: string | null;
  ip: string | null;
  request_id: string | null;
  before: Json;
  after: Json;
}

export interface CalendarOverridesTable {
  day: string;
  kind: 'holiday' | 'workday';
  note: string;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface JobsTable {
  id: Id;
  name: string;
  payload: Json;
  state: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: Timestamp;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  last_error: string | null;
  result: Json;
  org_path: string | null;
  created_by: number | null;
  singleton_key: string | null;
  created_at: Generated<Date>;
}

export interface JobSchedulesTable {
  name: string;
  every_seconds: number;
  last_run_at: NullableTimestamp;
  next_run_at: Timestamp;
}

export interface IdempotencyKeysTable {
  actor_key: string;
  key: string;
  method: string;
  path: string;
  status_code: number;
  body: Json;
  created_at: Generated<Date>;
}

export interface MembersTable {
  id: Id;
  region_code: string;
  org_id: number;
  name: string;
  name_search: string;
  id_number: string;
  gender: 'male' | 'female';
  birth_date: string;
  phone: string | null;
  joined_on: string | null;
  stage: Generated<string>;
  status: Generated<string>;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  ethnicity: string | null;
  education: string | null;
  work_unit: string | null;
  full_member_on: string | null;
  mobile_location: string | null;
  mobile_card_no: string | null;
  user_id: number | null;
  /** since when the member has had this status (M2); set by the service, a trigger fills it otherwise */
  status_since: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface DuesBasesTable {
  id: Id;
  region_code: string;
  member_id: number;
  year: number;
  category: string;
  base_fen: number;
  monthly_fen: number;
  rate: string | null;
  rule_id: string;
  adjustment: Generated<'none' | 'reduced' | 'exempt'>;
  reduced_fen: number | null;
  adjustment_until: string | null;
  adjustment_reason: string | null;
  adjustment_approved_by: string | null;
  adjustment_approved_on: string | null;
  /** D4: whose flat amount it is (migration 0064). */
  flat_group: string | null;
  confirmed_at: NullableTimestamp;
  updated_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface DuesLedgerTable {
  id: Id;
  region_code: string;
  member_id: number;
  org_id: number;
  month: string;
  due_fen: number;
  paid_fen: Generated<number>;
  status: 'unpaid' | 'partial' | 'paid' | 'exempt';
  generated_at: Generated<Date>;
}

export interface DuesPaymentsTable {
  id: Id;
  region_code: string;
  member_id: number;
  org_id: number;
  ledger_id: number | null;
  month: string;
  amount_fen: number;
  kind: 'regular' | 'voluntary';
  paid_on: string;
  method: Generated<'cash' | 'transfer' | 'bank' | 'other'>;
  source: Generated<'manual' | 'bulk' | 'import'>;
  note: string | null;
  recorded_by: number | null;
  created_at: Generated<Date>;
}

export interface ImportBatchesTable {
  id: Id;
  region_code: string;
  kind: 'members' | 'orgs' | 'facts' | 'alliance_list';
  /** the record a batch imports into (an alliance's lists), when its kind has one */
  target_id: Generated<number | null>;
  org_path: string;
  file_name: string;
  created_by: number;
  state: Generated<'previewed' | 'committed'>;
  total_rows: number;
  bad_rows: number;
  committed_rows: number | null;
  created_at: Generated<Date>;
  committed_at: NullableTimestamp;
}

export interface ImportRowsTable {
  batch_id: number;
  row_no: number;
  region_code: string | null;
  org_id: number | null;
  name: string | null;
  name_search: string | null;
  name_pinyin: string | null;
  name_initials: string | null;
  id_number: string | null;
  gender: string | null;
  birth_date: string | null;
  phone: string | null;
  ethnicity: string | null;
  education: string | null;
  work_unit: string | null;
  joined_on: string | null;
  full_member_on: string | null;
  stage: string | null;
  errors: Json;
  ok: boolean;
  /** what a kind keeps besides the member columns (organizations: type, parent row, unit…) */
  data: Json | null;
}

export interface FilesTable {
  id: Id;
  region_code: string | null;
  owner_id: number;
  org_path: string | null;
  kind: string;
  name: string;
  content_type: string;
  size_bytes: Generated<number>;
  content: Buffer | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

/** A ~32 KiB piece of a large file, in `seq` order (migration 0110; the size: platform/exports.ts). */
export interface FileChunksTable {
  file_id: number;
  seq: number;
  data: Buffer;
}

export interface OrgTermsTable {
  id: Id;
  region_code: string;
  org_id: number;
  kind: 'committee' | 'secretary';
  elected_on: string;
  term_years: number;
  ends_on: string;
  state: Generated<'current' | 'ended'>;
  ended_on: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface OrgCommitteeMembersTable {
  id: Id;
  region_code: string;
  term_id: number;
  member_id: number | null;
  name: string;
  post: string;
  created_at: Generated<Date>;
}

export interface InstructorAssignmentsTable {
  id: Id;
  region_code: string;
  unit_id: number;
  user_id: number | null;
  name: string;
  phone: string | null;
  assigned_on: string;
  /** 'instructor' 党建工作指导员 | 'liaison' 党建联络员 (migration 0064) | 'cadre' 挂钩干部 (0200). */
  role: Generated<'instructor' | 'liaison' | 'cadre'>;
  ended_on: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

/** 指导记录: a guidance visit of an instructor to an enterprise assigned to them (migration 0089). */
export interface GuidanceVisitsTable {
  id: Id;
  region_code: string;
  unit_id: number;
  assignment_id: number;
  instructor_user_id: number;
  instructor_name: string;
  visited_on: string;
  topic: string;
  problems: Generated<string>;
  follow_up: Generated<string>;
  follow_up_done_on: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

/** 问题清单: one problem a visit found, filed into the case loop once (migration 0200). */
export interface GuidanceProblemsTable {
  id: Id;
  region_code: string;
  visit_id: number;
  seq: number;
  description: string;
  case_id: number | null;
  filed_by: number | null;
  filed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Generated<Date>;
}

export interface PartyWorkersTable {
  id: Id;
  region_code: string;
  org_id: number;
  member_id: number | null;
  name: string;
  post: string;
  phone: string | null;
  full_time: Generated<boolean>;
  trained_on: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

/** Cases (issue 5): see server/migrations/0010_cases.sql. */
export interface CaseCategoriesTable {
  id: Id;
  code: string;
  name: string;
  group_name: string;
  description: string | null;
  keywords: string | null;
  tier: 'small' | 'major' | 'hard';
  sign_hours: number;
  contact_hours: number;
  complete_days: number;
  attributes: Json;
  escalate_after_redos: Generated<number>;
  escalate_after_returns: Generated<number>;
  points: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  /** null: shared by every region; otherwise the org whose subtree it applies to (0040) */
  owner_org_id: Generated<number | null>;
  owner_path: Generated<string | null>;
  updated_at: Generated<Date>;
  /** minutes a rating stays changeable before it takes effect; 0 = at once (0087) */
  rating_change_minutes: Generated<number>;
}

export interface CaseServiceDaysTable {
  id: Id;
  org_id: number;
  org_path: string;
  region_code: string;
  name: string;
  day_of_month: number;
  category_id: number;
  location: string | null;
  description: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CaseServiceDaySignupsTable {
  id: Id;
  service_day_id: number;
  session_date: string;
  case_id: number;
  user_id: number | null;
  company: string;
  created_at: Generated<Date>;
}

export interface CaseRoutesTable {
  id: Id;
  category_id: number;
  area_org_id: number;
  handler_org_id: number;
  auto_dispatch: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CasesTable {
  id: Id;
  region_code: string;
  org_id: number;
  org_path: string;
  category_id: number;
  channel: string;
  alliance_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** the compound (小区) the case concerns (0180, 红色物业) */
  compound_id: ColumnType<number | null, number | null | undefined, number | null>;
  title: string;
  description: string;
  title_search: string;
  lat: number | null;
  long: number | null;
  address: string | null;
  attributes: Json;
  reporter_id: number | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  anonymous: Generated<boolean>;
  state: Generated<string>;
  previous_state: string | null;
  tier: string;
  supervision_level: Generated<number>;
  escalated: Generated<boolean>;
  redo_count: Generated<number>;
  return_count: Generated<number>;
  pending_extension_days: number | null;
  duplicate_of: number | null;
  closure_reason: string | null;
  lead_org_id: number | null;
  lead_org_path: string | null;
  visibility: Generated<string>;
  rating: string | null;
  public_reply: string | null;
  sign_due_at: NullableTimestamp;
  signed_on_time: boolean | null;
  completion_due_at: NullableTimestamp;
  completion_stopped_at: NullableTimestamp;
  completion_breached: Generated<boolean>;
  clocks_paused: Generated<boolean>;
  submit_key: string | null;
  /** the Open311 key that filed the case */
  open311_key_id: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
  /** the first contact with the reporter, recorded once (0085) */
  first_contacted_at: NullableTimestamp;
  /** a rating given and not yet in effect, changeable by its author until rating_effective_at (0087) */
  pending_rating: string | null;
  pending_rating_comment: string | null;
  pending_rating_by: number | null;
  pending_rating_role: 'reporter' | 'dispatcher' | null;
  pending_rating_at: NullableTimestamp;
  rating_effective_at: NullableTimestamp;
}

export interface CaseUnitsTable {
  case_id: number;
  org_id: number;
  org_path: string;
  role: 'co';
}

export interface CaseEventsTable {
  id: Id;
  case_id: number;
  region_code: string;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string;
  comment: string | null;
  payload: Json;
}

export interface CaseAttachmentsTable {
  id: Id;
  case_id: number;
  event_id: number | null;
  uploaded_by: number | null;
  file_name: string;
  content_type: string;
  size: number;
  data: Buffer;
  created_at: Generated<Date>;
  /** 'photo' or 'file' (0088); event_id is empty for evidence uploaded and not yet part of a reply */
  kind: Generated<'photo' | 'file'>;
}

/** Versions of what processes cache in memory (migration 0106). */
export interface CacheVersionsTable {
  name: string;
  version: Generated<number>;
}

/** Double-entry points (migration 0105): accounts, transactions, entries that sum to zero per transaction. */
export interface PointsAccountsTable {
  id: Id;
  kind: 'person' | 'grants' | 'station';
  user_id: number | null;
  station_id: number | null;
  name: string;
  created_at: Generated<Date>;
}

export interface PointsTransactionsTable {
  id: Id;
  region_code: string;
  kind: 'grant' | 'redemption';
  reason: string;
  source_kind: 'case' | 'service_hours' | 'redemption' | 'honour';
  source_id: number | null;
  created_by: number | null;
  created_at: Date;
}

export interface PointsEntriesTable {
  id: Id;
  transaction_id: number;
  account_id: number;
  delta: number;
}

export interface StationsTable {
  id: Id;
  org_id: number;
  org_path: string;
  region_code: string;
  name: string;
  address: Generated<string>;
  lat: number | null;
  long: number | null;
  hours: Generated<string>;
  services: Generated<string>;
  created_at: Date;
  updated_at: Date;
}

export interface StationRewardsTable {
  id: Id;
  station_id: number;
  name: string;
  cost: number;
  stock: number;
  active: Generated<boolean>;
  updated_at: Date;
}

export interface PointsRedemptionsTable {
  id: Id;
  region_code: string;
  station_id: number;
  reward_id: number;
  user_id: number;
  quantity: number;
  cost: number;
  transaction_id: number;
  created_at: Date;
}

export interface NotificationsTable {
  id: Id;
  org_id: number | null;
  org_path: string | null;
  user_id: number | null;
  case_id: number | null;
  kind: string;
  title: string;
  body: string;
  dedupe_key: string | null;
  created_at: Generated<Date>;
  read_at: NullableTimestamp;
  /** handed to the outside channels (0086); only notices to one user are */
  delivered_at: NullableTimestamp;
  /** not handed to the outside channels before this (quiet hours, 0107) */
  deliver_after: NullableTimestamp;
  /** a policy push (0160): the push of a single message, the message of a single or a digest */
  policy_push_id: Generated<number | null>;
  policy_message_id: Generated<number | null>;
}

export interface Open311KeysTable {
  id: Id;
  name: string;
  key_hash: string;
  org_id: number;
  /** the role the key reads cases with, bound at its org (a RoleCode) */
  role: Generated<string>;
  created_at: Generated<Date>;
  revoked_at: NullableTimestamp;
}

export interface DevelopmentRecordsTable {
  id: Id;
  region_code: string;
  member_id: number;
  org_id: number;
  rule_set: string;
  stage: Generated<string>;
  state: Generated<'active' | 'completed' | 'terminated'>;
  applied_on: string;
  introducers: Json;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface DevelopmentStepsTable {
  id: Id;
  region_code: string;
  record_id: number;
  step: string;
  step_date: string;
  decision: 'approved' | 'rejected';
  rule_set: string;
  data: Json;
  evidence_file_id: number | null;
  decided_by: number | null;
  decided_by_name: string;
  note: string | null;
  created_at: Generated<Date>;
}

export interface MemberTransfersTable {
  id: Id;
  region_code: string;
  member_id: number;
  direction: 'internal' | 'out' | 'in';
  from_org_id: number | null;
  to_org_id: number | null;
  outside_org_name: string | null;
  outside_letter_no: string | null;
  state: Generated<'pending' | 'accepted' | 'returned' | 'completed' | 'expired' | 'cancelled'>;
  reason: string;
  started_on: string;
  letter_valid_until: string;
  started_by: number | null;
  accepted_on: string | null;
  accepted_by: number | null;
  returned_on: string | null;
  return_reason: string | null;
  completed_on: string | null;
  receipt_no: string | null;
  closed_by: number | null;
  /** the member when the transfer started, masked (see MemberSnapshot in modules/transfers) */
  member_snapshot: Json;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface MemberMobileCardsTable {
  id: Id;
  region_code: string;
  member_id: number;
  card_no: string;
  location: string;
  valid_from: string;
  valid_until: string;
  ended_on: string | null;
  issued_by: number | null;
  created_at: Generated<Date>;
}

export interface DB {
  bulletin_issuers: bulletins.BulletinIssuersTable;
  bulletins: bulletins.BulletinsTable;
  enterprise_facts: policies.EnterpriseFactsTable;
  enterprise_profiles: policies.EnterpriseProfilesTable;
  policies: policies.PoliciesTable;
  policy_versions: policies.PolicyVersionsTable;
  policy_matches: policies.PolicyMatchesTable;
  policy_applications: policies.PolicyApplicationsTable;
  policy_push_caps: policies.PolicyPushCapsTable;
  policy_push_messages: policies.PolicyPushMessagesTable;
  policy_pushes: policies.PolicyPushesTable;
  alliances: alliances.AlliancesTable;
  alliance_members: alliances.AllianceMembersTable;
  alliance_chair_changes: alliances.AllianceChairChangesTable;
  alliance_list_items: alliances.AllianceListItemsTable;
  alliance_meetings: alliances.AllianceMeetingsTable;
  alliance_meeting_orgs: alliances.AllianceMeetingOrgsTable;
  alliance_resolutions: alliances.AllianceResolutionsTable;
  projects: projects.ProjectsTable;
  compounds: property.CompoundsTable;
  property_inspections: property.PropertyInspectionsTable;
  pairing_teams: pairing.PairingTeamsTable;
  pairings: pairing.PairingsTable;
  pairing_visits: pairing.PairingVisitsTable;
  pairing_problems: pairing.PairingProblemsTable;
  pairing_projects: pairing.PairingProjectsTable;
  pairing_purchases: pairing.PairingPurchasesTable;
  pairing_figures: pairing.PairingFiguresTable;
  volunteer_teams: activities.VolunteerTeamsTable;
  volunteer_team_members: activities.VolunteerTeamMembersTable;
  activities: activities.ActivitiesTable;
  activity_participations: activities.ActivityParticipationsTable;
  service_points_rules: activities.ServicePointsRulesTable;
  buildings: activities.BuildingsTable;
  community_reports: activities.CommunityReportsTable;
  honours: activities.HonoursTable;
  learning_topics: learning.LearningTopicsTable;
  learning_materials: learning.LearningMaterialsTable;
  learning_assignments: learning.LearningAssignmentsTable;
  learning_assignment_members: learning.LearningAssignmentMembersTable;
  learning_reads: learning.LearningReadsTable;
  learning_credit_rules: learning.LearningCreditRulesTable;
  project_milestones: projects.ProjectMilestonesTable;
  project_challenges: projects.ProjectChallengesTable;
  project_bids: projects.ProjectBidsTable;
  meetings: orglife.MeetingsTable;
  meeting_attendance: orglife.MeetingAttendanceTable;
  meeting_files: orglife.MeetingFilesTable;
  orglife_exemptions: orglife.OrglifeExemptionsTable;
  orglife_region_settings: orglife.OrglifeRegionSettingsTable;
  compliance_rules: compliance.ComplianceRulesTable;
  compliance_rule_overrides: compliance.ComplianceRuleOverridesTable;
  findings: compliance.FindingsTable;
  finding_events: compliance.FindingEventsTable;
  reminders: compliance.RemindersTable;
  channel_deliveries: compliance.ChannelDeliveriesTable;
  org_digests: compliance.OrgDigestsTable;
  published_lists: compliance.PublishedListsTable;
  import_batches: ImportBatchesTable;
  import_rows: ImportRowsTable;
  files: FilesTable;
  file_chunks: FileChunksTable;
  dues_bases: DuesBasesTable;
  dues_ledger: DuesLedgerTable;
  dues_payments: DuesPaymentsTable;
  members: MembersTable;
  development_records: DevelopmentRecordsTable;
  development_steps: DevelopmentStepsTable;
  member_transfers: MemberTransfersTable;
  member_mobile_cards: MemberMobileCardsTable;
  units: UnitsTable;
  orgs: OrgsTable;
  users: UsersTable;
  role_bindings: RoleBindingsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
  calendar_overrides: CalendarOverridesTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  idempotency_keys: IdempotencyKeysTable;
  case_categories: CaseCategoriesTable;
  case_routes: CaseRoutesTable;
  case_service_days: CaseServiceDaysTable;
  case_service_day_signups: CaseServiceDaySignupsTable;
  cases: CasesTable;
  case_units: CaseUnitsTable;
  case_events: CaseEventsTable;
  case_attachments: CaseAttachmentsTable;
  cache_versions: CacheVersionsTable;
  points_accounts: PointsAccountsTable;
  points_transactions: PointsTransactionsTable;
  points_entries: PointsEntriesTable;
  stations: StationsTable;
  station_rewards: StationRewardsTable;
  points_redemptions: PointsRedemptionsTable;
  notifications: NotificationsTable;
  open311_keys: Open311KeysTable;
  org_terms: OrgTermsTable;
  org_committee_members: OrgCommitteeMembersTable;
  instructor_assignments: InstructorAssignmentsTable;
  guidance_visits: GuidanceVisitsTable;
  guidance_problems: GuidanceProblemsTable;
  party_workers: PartyWorkersTable;
}

export type Org = Selectable<OrgsTable>;
export type NewOrg = Insertable<OrgsTable>;
export type OrgUpdate = Updateable<OrgsTable>;
export type Unit = Selectable<UnitsTable>;
export type User = Selectable<UsersTable>;
export type Job = Selectable<JobsTable>;
export type Member = Selectable<MembersTable>;
