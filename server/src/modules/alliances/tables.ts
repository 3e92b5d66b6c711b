import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0120 (alliances, members, chair changes, lists, meetings); the migration is the truth. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Optional<T> = ColumnType<T, T | undefined, T>;

export interface AlliancesTable {
  id: Generated<number>;
  region_code: string;
  org_id: number;
  name: string;
  name_search: string;
  kind: 'industry_chain' | 'alliance';
  description: Generated<string>;
  chair_period: Optional<'quarter' | 'half_year' | 'meeting' | null>;
  chair_start: Optional<string | null>;
  activity_day: Optional<number | null>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface AllianceMembersTable {
  id: Generated<number>;
  alliance_id: number;
  org_id: number;
  role: 'chain_leader' | 'chair_unit' | 'core' | 'member';
  segment: Optional<'upstream' | 'midstream' | 'downstream' | null>;
  joined_on: string;
  left_on: Optional<string | null>;
  chair_position: Optional<number | null>;
}

export interface AllianceChairChangesTable {
  id: Generated<number>;
  alliance_id: number;
  term: number;
  kind: 'skip' | 'swap';
  with_term: Optional<number | null>;
  reason: string;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface AllianceListItemsTable {
  id: Generated<number>;
  alliance_id: number;
  region_code: string;
  org_id: number;
  kind: 'demand' | 'resource' | 'policy';
  title: string;
  description: Generated<string>;
  category: Generated<string>;
  tags: Optional<string[]>;
  quantity: Optional<number | null>;
  capacity: Optional<number | null>;
  valid_from: Optional<string | null>;
  valid_to: Optional<string | null>;
  status: Generated<'open' | 'dispatched' | 'done' | 'closed'>;
  resource_id: Optional<number | null>;
  case_id: Optional<number | null>;
  /** a 政策清单 item: the policy of the library it publishes (migration 0236) */
  policy_id: Optional<number | null>;
  search_text: string;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface AllianceMeetingsTable {
  id: Generated<number>;
  alliance_id: number;
  region_code: string;
  kind: 'joint' | 'activity_day';
  title: string;
  planned_on: string;
  held_on: Optional<string | null>;
  convener_org_id: Optional<number | null>;
  agenda: Optional<string[]>;
  minutes: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface AllianceMeetingOrgsTable {
  meeting_id: number;
  org_id: number;
}

export interface AllianceResolutionsTable {
  id: Generated<number>;
  alliance_id: number;
  meeting_id: number;
  title: string;
  owner_org_id: number;
  due_on: string;
  done_on: Optional<string | null>;
  done_note: Optional<string | null>;
  case_id: Optional<number | null>;
  created_at: Generated<Date>;
}
