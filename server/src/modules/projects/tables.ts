import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migrations 0100 and 0210 (projects, their milestones, challenges and bids); the migration is the truth. */
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
  /** Migration 0210: the alliance the project belongs to (its joint projects and challenges). */
  alliance_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Migration 0210: 揭榜挂帅, the challenge posted on a project, and its bids. */
export interface ProjectChallengesTable {
  project_id: number;
  poster_org_id: number;
  conditions: Generated<string>;
  reward: Generated<string>;
  opens_on: string;
  closes_on: string;
  awarded_bid_id: number | null;
  award_reason: Generated<string>;
  awarded_by: number | null;
  awarded_at: NullableTimestamp;
}

export interface ProjectBidsTable {
  id: Generated<number>;
  project_id: number;
  region_code: string;
  org_id: number;
  team_id: number | null;
  plan: string;
  lead_name: string;
  milestones: ColumnType<Array<{ title: string; plannedOn: string; weight: number }>, string, string>;
  score: number | null;
  status: Generated<'submitted' | 'awarded' | 'not_awarded' | 'withdrawn'>;
  created_by: number | null;
  created_at: Generated<Date>;
  withdraw_reason: Generated<string>;
  withdrawn_at: Date | null;
  updated_at: Date | null;
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
