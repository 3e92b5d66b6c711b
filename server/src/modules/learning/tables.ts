import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0150 (learning); the migration is the truth. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface LearningTopicsTable {
  id: Generated<number>;
  org_id: number | null;
  org_path: string | null;
  region_code: string | null;
  name: string;
  description: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LearningMaterialsTable {
  id: Generated<number>;
  org_id: number | null;
  org_path: string | null;
  region_code: string | null;
  topic_id: number | null;
  kind: 'article' | 'document' | 'video';
  title: string;
  body: Generated<string>;
  url: string | null;
  source: Generated<string>;
  published_on: string;
  estimated_minutes: number;
  status: Generated<'published' | 'withdrawn'>;
  search_text: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LearningAssignmentsTable {
  id: Generated<number>;
  org_id: number;
  org_path: string;
  region_code: string;
  material_id: number | null;
  topic_id: number | null;
  title: string;
  note: Generated<string>;
  target: 'org' | 'members';
  assigned_on: string;
  due_on: string;
  due_provisional: Generated<boolean>;
  status: Generated<'active' | 'withdrawn'>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LearningAssignmentMembersTable {
  assignment_id: number;
  member_id: number;
}

export interface LearningReadsTable {
  id: Generated<number>;
  material_id: number;
  member_id: number;
  region_code: string;
  opened_at: Timestamp;
  last_read_at: Timestamp;
  progress: Generated<number>;
  minutes: Generated<number>;
  finished_at: NullableTimestamp;
}

export interface LearningCreditRulesTable {
  region_prefix: string;
  counts: boolean;
  minutes_per_hour: number;
  yearly_cap_hours: number;
  yearly_target_hours: number;
  on_time_only: Generated<boolean>;
  note: Generated<string>;
  updated_at: Generated<Date>;
}
