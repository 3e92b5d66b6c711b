import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0021 (organizational life); the migration is the truth. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface MeetingsTable {
  id: Generated<number>;
  region_code: string;
  org_id: number;
  kind: string;
  title: string;
  planned_on: string | null;
  held_on: string | null;
  status: Generated<'planned' | 'held' | 'cancelled'>;
  location: string | null;
  minutes: string | null;
  lecturer: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface MeetingAttendanceTable {
  meeting_id: number;
  member_id: number;
  region_code: string;
  status: 'present' | 'excused' | 'absent';
  note: string | null;
}

export interface MeetingFilesTable {
  id: Generated<number>;
  region_code: string;
  meeting_id: number;
  kind: 'photo' | 'file';
  name: string;
  content_type: string;
  size_bytes: number;
  content: Buffer;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

export interface OrglifeExemptionsTable {
  id: Generated<number>;
  region_code: string;
  org_id: number;
  kind: string;
  valid_from: string;
  valid_until: string | null;
  reason: string;
  approved_by: string;
  created_by: number | null;
  created_at: Generated<Date>;
  /** Who decided it, for which superior organization, when (null for rows from before migration 0070). */
  decided_by: number | null;
  decided_org_id: number | null;
  decided_at: Date | null;
}

export interface OrglifeRegionSettingsTable {
  region_prefix: string;
  theme_day_of_month: number | null;
  note: Generated<string>;
  updated_at: Generated<Date>;
}
