import type { ColumnType, Generated } from 'kysely';

/** Kysely types of migration 0170 (bulletin issuers and bulletins); the migration is the truth. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** JSON read back parsed, written as its text */
type Json<T> = ColumnType<T, string, string>;

export interface BulletinIssuersTable {
  org_id: number;
  region_code: string;
  doc_prefix: string;
  issuer_name: string;
  scheduled: Generated<boolean>;
  created_at: Generated<Date>;
}

export type BulletinStatus = 'queued' | 'generating' | 'ready' | 'failed';

export interface BulletinsTable {
  id: Generated<number>;
  org_id: number;
  region_code: string;
  month: string;
  doc_year: number;
  doc_sequence: number;
  doc_number: string;
  title: string;
  issued_on: string;
  as_of: string;
  trigger: 'scheduled' | 'on_demand';
  status: Generated<BulletinStatus>;
  supersedes_id: number | null;
  superseded_by: number | null;
  snapshot: Json<unknown> | null;
  docx: Buffer | null;
  pdf: Buffer | null;
  error: string | null;
  created_by: number | null;
  created_at: Timestamp;
  generated_at: Timestamp | null;
}
