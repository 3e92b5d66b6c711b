import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0022 (the compliance engine); the migration is the truth. */
type Json = ColumnType<unknown, string | undefined | null, string | null>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface ComplianceRulesTable {
  code: string;
  version: number;
  name: string;
  source: string;
  article: string;
  description: string;
  subject_type: string;
  severity: Generated<'warning' | 'finding'>;
  valid_from: string;
  valid_to: string | null;
  params: Json;
  created_at: Generated<Date>;
}

export interface ComplianceRuleOverridesTable {
  id: Generated<number>;
  rule_code: string;
  region_prefix: string;
  params: Json;
  note: Generated<string>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export interface FindingsTable {
  id: Generated<number>;
  region_code: string;
  rule_code: string;
  rule_version: number;
  org_id: number;
  org_path: string;
  subject_type: string;
  subject_id: number;
  aspect: Generated<string>;
  period: Generated<string>;
  period_start: string | null;
  period_end: string | null;
  severity: 'warning' | 'finding';
  status: Generated<'open' | 'resolved'>;
  since: string | null;
  opened_at: ColumnType<Date, Date | string, Date | string>;
  last_seen_at: ColumnType<Date, Date | string, Date | string>;
  resolved_at: NullableTimestamp;
  resolved_by: number | null;
  message: string;
  details: Json;
  escalation_level: Generated<number>;
  escalated_at: NullableTimestamp;
  deadline: string | null;
}

export interface FindingEventsTable {
  id: Generated<number>;
  region_code: string;
  finding_id: number;
  kind: 'opened' | 'comment' | 'deadline' | 'escalated' | 'resolved';
  actor_id: number | null;
  actor_name: string;
  body: Generated<string>;
  data: Json;
  created_at: Generated<Date>;
}

export interface RemindersTable {
  id: Generated<number>;
  region_code: string;
  user_id: number;
  finding_id: number;
  kind: 'remind' | 'escalate' | 'warn';
  level: Generated<number>;
  title: string;
  body: string;
  created_at: Generated<Date>;
  deliver_after: ColumnType<Date, Date | string, Date | string>;
  delivered_at: NullableTimestamp;
  read_at: NullableTimestamp;
}

export interface ChannelDeliveriesTable {
  id: Generated<number>;
  channel: string;
  user_id: number;
  reminder_ids: number[];
  title: string;
  body: string;
  delivered_at: Generated<Date>;
}

export interface OrgDigestsTable {
  id: Generated<number>;
  user_id: number;
  lines: ColumnType<OrgDigestLine[], string, string>;
  sent_at: Date;
}

/** One subordinate organization in a superior's digest: counts over its whole subtree. */
export interface OrgDigestLine {
  orgId: number;
  name: string;
  open: number;
  fresh: number;
  escalated: number;
}

export interface PublishedListsTable {
  id: Generated<number>;
  region_code: string;
  org_id: number;
  org_path: string;
  title: string;
  definition: string;
  red: Json;
  black: Json;
  /** 'compliance' or 'property' (0180): one table of published 红黑榜 snapshots */
  kind: Generated<string>;
  /** the property list's quarter, e.g. 2026Q4 */
  period: string | null;
  /** the property list's whole ranking with each company's explanation */
  detail: Json;
  /** null: published by the quarterly job */
  published_by: number | null;
  published_by_name: string;
  published_at: Generated<Date>;
}
