import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0100 (projects and their milestones); the migration is the truth. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ProjectsTable {
  id: Generated<number>;
  region_code: string;
  org_id: number;
  parent_id: number | null;
  weight: Generated<number>;
  title: string;
  kind: 'secretary_led' | 'challenge' | 'joint';
  group_name: Generated<string>;
  lead_name: Generated<string>;
  description: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ProjectMilestonesTable {
  id: Generated<number>;
  region_code: string;
  project_id: number;
  position: number;
  title: string;
  planned_on: string;
  weight: number;
  completed_on: string | null;
  evidence: string | null;
  completed_by: number | null;
  completed_by_name: string | null;
  completed_at: NullableTimestamp;
}
