import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migrations 0130–0131 (activities, teams, service hours, 双报到); the migrations are the truth. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface VolunteerTeamsTable {
  id: Generated<number>;
  org_id: number;
  org_path: string;
  region_code: string;
  name: string;
  kind: 'party_members' | 'riders' | 'grid';
  description: Generated<string>;
  /** Migration 0230: the alliance whose office runs the team (红链服务队), or null. */
  alliance_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface VolunteerTeamMembersTable {
  team_id: number;
  user_id: number;
  role: Generated<'leader' | 'member'>;
  joined_on: string;
}

export interface ActivitiesTable {
  id: Generated<number>;
  org_id: number;
  org_path: string;
  region_code: string;
  team_id: number | null;
  title: string;
  kind: 'volunteer' | 'theme_day' | 'study' | 'visit' | 'council';
  description: Generated<string>;
  place: string;
  lat: number | null;
  long: number | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  audience: 'members' | 'residents' | 'riders';
  status: Generated<'published' | 'cancelled'>;
  checkin_secret: string;
  meeting_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActivityParticipationsTable {
  id: Generated<number>;
  activity_id: number;
  user_id: number;
  region_code: string;
  status: 'signed_up' | 'waitlisted' | 'cancelled';
  queued_at: Timestamp;
  checked_in_at: NullableTimestamp;
  checkin_method: 'qr' | 'organizer' | null;
  checkin_lat: number | null;
  checkin_long: number | null;
  checked_out_at: NullableTimestamp;
  approved_minutes: number | null;
  adjust_reason: string | null;
  approved_by: number | null;
  approved_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServicePointsRulesTable {
  region_prefix: string;
  points_per_hour: number;
  unit_minutes: number;
  note: Generated<string>;
  updated_at: Generated<Date>;
}

export interface BuildingsTable {
  id: Generated<number>;
  org_id: number;
  org_path: string;
  region_code: string;
  name: string;
  head_user_id: number | null;
  head_name: Generated<string>;
  head_phone: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommunityReportsTable {
  id: Generated<number>;
  user_id: number;
  member_id: number;
  branch_org_id: number;
  branch_path: string;
  community_org_id: number;
  community_path: string;
  grid_org_id: number | null;
  building_id: number | null;
  region_code: string;
  reported_on: string;
  ended_on: string | null;
  created_at: Timestamp;
}

/** Migration 0143: a person's honours (the selections themselves are read with SQL in `honours.ts`). */
export interface HonoursTable {
  id: Generated<number>;
  region_code: string;
  user_id: number;
  title: string;
  org_id: number;
  org_path: string;
  selection_id: number | null;
  awarded_on: ColumnType<string, string, string>;
  created_at: Timestamp;
}
