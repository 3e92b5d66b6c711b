import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0111 (enterprise facts, the policy library, stored matches); the migration is the truth. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** JSON read back parsed, written as its text */
type Json<T> = ColumnType<T, string, string>;

export interface EnterpriseFactsTable {
  unit_id: number;
  key: string;
  value: Json<unknown>;
  source: 'self' | 'import' | 'staff';
  as_of: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface EnterpriseProfilesTable {
  unit_id: number;
  facts: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface PoliciesTable {
  id: Generated<number>;
  region_code: string;
  org_id: number;
  org_path: string;
  title: string;
  doc_number: string;
  issuer: string;
  effective_from: string;
  effective_to: string | null;
  status: Generated<'draft' | 'effective' | 'withdrawn' | 'superseded'>;
  superseded_by: number | null;
  mode: Generated<'apply' | 'automatic'>;
  benefit: Generated<string>;
  max_amount_fen: number | null;
  materials: Json<string[]>;
  decide_org_id: number | null;
  case_category_id: Generated<number | null>;
  version: Generated<number>;
  clauses: Json<Array<{ article: string; text: string }>>;
  criteria: Json<unknown>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PolicyVersionsTable {
  policy_id: number;
  version: number;
  title: string;
  clauses: Json<Array<{ article: string; text: string }>>;
  criteria: Json<unknown>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface PolicyMatchesTable {
  unit_id: number;
  policy_id: number;
  version: number;
  result: 'eligible' | 'unknown';
  outcomes: string;
  missing_facts: string[];
  matched_at: Timestamp;
}

export interface PolicyApplicationsTable {
  id: Generated<number>;
  policy_id: number;
  version: number;
  unit_id: number;
  case_id: number;
  user_id: number;
  created_at: Timestamp;
}

/** Kysely types of migration 0160 (policy pushes, decision 0023). */
export interface PolicyPushCapsTable {
  region_prefix: string;
  per_day: number;
  per_week: number;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export interface PolicyPushMessagesTable {
  id: Generated<number>;
  unit_id: number;
  region_code: string;
  kind: 'single' | 'digest';
  pushes: number;
  sent_on: string;
  sent_week: string;
  sent_at: Timestamp;
}

export interface PolicyPushesTable {
  id: Generated<number>;
  unit_id: number;
  policy_id: number;
  version: number;
  region_code: string;
  cause: 'facts' | 'policy' | 'nightly' | 'import';
  detected_at: Timestamp;
  message_id: number | null;
  sent_at: NullableTimestamp;
  read_at: NullableTimestamp;
  case_id: number | null;
  applied_at: NullableTimestamp;
}
