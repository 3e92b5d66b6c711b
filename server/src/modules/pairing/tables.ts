import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0205 (组团帮扶); the migration is the truth. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateText = ColumnType<string, string, string>;
/** bigint and numeric come back as strings on node-postgres: read them through SQL casts. */
type Big = ColumnType<string | number, number, number>;

export interface PairingTeamsTable {
  id: Generated<number>;
  area_org_id: number;
  area_path: string;
  region_code: string;
  name: string;
  lead_org_id: number;
  lead_path: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PairingsTable {
  id: Generated<number>;
  team_id: number | null;
  helper_org_id: number;
  helper_path: string;
  village_org_id: number;
  village_path: string;
  region_code: string;
  from_year: number;
  to_year: number | null;
  note: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PairingVisitsTable {
  id: Generated<number>;
  pairing_id: number;
  visited_on: DateText;
  visitors: string;
  done: string;
  recorded_by: number | null;
  created_at: Timestamp;
}

export interface PairingProblemsTable {
  id: Generated<number>;
  visit_id: number;
  pairing_id: number;
  description: string;
  case_id: number | null;
  created_at: Timestamp;
}

export interface PairingProjectsTable {
  pairing_id: number;
  project_id: number;
  year: number;
  linked_by: number | null;
  created_at: Timestamp;
}

export interface PairingPurchasesTable {
  id: Generated<number>;
  pairing_id: number;
  kind: 'produce' | 'plot';
  item: string;
  quantity: Big;
  unit: string;
  amount_fen: Big;
  buyer: string;
  purchased_on: DateText;
  recorded_by: number | null;
  created_at: Timestamp;
}

export interface PairingFiguresTable {
  pairing_id: number;
  year: number;
  metric: 'collective_income' | 'aid_funds';
  target_fen: Big | null;
  actual_fen: Big | null;
  actual_source: string | null;
  actual_on: DateText | null;
  updated_by: number | null;
  updated_at: Timestamp;
}
