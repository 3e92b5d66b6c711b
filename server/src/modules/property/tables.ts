import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0180 (红色物业: compounds, inspections); the migration is the truth. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CompoundsTable {
  id: Generated<number>;
  org_id: number;
  org_path: string;
  region_code: string;
  name: string;
  households: number;
  company_unit_id: number;
  address: Generated<string>;
  lat: number | null;
  long: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PropertyInspectionsTable {
  id: Generated<number>;
  compound_id: number;
  org_path: string;
  region_code: string;
  inspected_on: ColumnType<string, string, string>;
  score: number;
  findings: Generated<string>;
  inspector: string;
  recorded_by: number;
  created_at: Timestamp;
}
