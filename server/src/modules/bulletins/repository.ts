import { sql } from 'kysely';
import { inScope } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';
import type { BulletinStatus } from './tables.ts';

/** SQL of the bulletins: the issuers, the 文号 sequence, the archive read through the caller's scope. */

export interface OrgRow {
  id: number;
  name: string;
  path: string;
  region_code: string;
}

/** An active organization, only when its path lies under one of `paths`. */
export async function findOrgInScope(db: Executor, id: number, paths: string[]): Promise<OrgRow | undefined> {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'path', sql<string>`region_code::text`.as('region_code')])
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where((eb) => inScope(eb, 'path', paths))
    .executeTakeFirst();
}

export interface IssuerRow {
  org_id: number;
  doc_prefix: string;
  issuer_name: string;
  scheduled: boolean;
}

/** The issuer row of an organization, locked (the 文号 of a year is numbered under this lock). */
export async function lockIssuer(db: Executor, orgId: number): Promise<IssuerRow | undefined> {
  return db
    .selectFrom('bulletin_issuers')
    .select(['org_id', 'doc_prefix', 'issuer_name', 'scheduled'])
    .where('org_id', '=', orgId)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertIssuer(
  db: Executor,
  row: { org_id: number; region_code: string; doc_prefix: string; issuer_name: string; scheduled: boolean },
): Promise<void> {
  await db
    .insertInto('bulletin_issuers')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute();
}

/** The organizations whose bulletin the monthly job issues, with their region and path. */
export async function scheduledIssuers(db: Executor) {
  return db
    .selectFrom('bulletin_issuers as i')
    .innerJoin('orgs as o', 'o.id', 'i.org_id')
    .select(['o.id', 'o.name', 'o.path', sql<string>`o.region_code::text`.as('region_code')])
    .where('i.scheduled', '=', true)
    .where('o.status', '=', 'active')
    .orderBy('o.id')
    .execute();
}

export async function maxSequence(db: Executor, orgId: number, year: number): Promise<number> {
  const row = await db
    .selectFrom('bulletins')
    .select(sql<number>`coalesce(max(doc_sequence), 0)::int`.as('n'))
    .where('org_id', '=', orgId)
    .where('doc_year', '=', year)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The bulletin of a month that is in force (not superseded), if any. */
export async function currentOfMonth(db: Executor, orgId: number, month: string) {
  return db
    .selectFrom('bulletins')
    .select(['id', 'doc_number', 'status'])
    .where('org_id', '=', orgId)
    .where('month', '=', month)
    .where('superseded_by', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function insertBulletin(
  db: Executor,
  row: {
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
    supersedes_id: number | null;
    created_by: number | null;
    created_at: Date;
  },
): Promise<number> {
  const { id } = await db.insertInto('bulletins').values(row).returning('id').executeTakeFirstOrThrow();
  if (row.supersedes_id !== null)
    await db
      .updateTable('bulletins')
      .set({ superseded_by: id })
      .where('id', '=', row.supersedes_id)
      .execute();
  return id;
}

const LIST_COLUMNS = [
  'b.id',
  'b.org_id',
  'o.name as org_name',
  'o.path as org_path',
  'b.month',
  'b.doc_number',
  'b.title',
  'b.issued_on',
  'b.as_of',
  'b.trigger',
  'b.status',
  'b.supersedes_id',
  'b.superseded_by',
  'b.error',
  'b.created_at',
  'b.generated_at',
  sql<number | null>`octet_length(b.docx)`.as('docx_bytes'),
  sql<number | null>`octet_length(b.pdf)`.as('pdf_bytes'),
] as const;

export type BulletinRow = NonNullable<Awaited<ReturnType<typeof findBulletin>>>;

/** A bulletin whose organization lies under one of `paths` (the current path: a moved org moves its bulletins). */
export async function findBulletin(db: Executor, id: number, paths: string[]) {
  return db
    .selectFrom('bulletins as b')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .select([...LIST_COLUMNS, 'b.snapshot'])
    .where('b.id', '=', id)
    .where((eb) => inScope(eb, 'o.path', paths))
    .executeTakeFirst();
}

export async function listBulletins(
  db: Executor,
  f: { paths: string[]; orgPath?: string; month?: string; limit: number; offset: number },
) {
  let q = db
    .selectFrom('bulletins as b')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .where((eb) => inScope(eb, 'o.path', f.paths));
  if (f.orgPath !== undefined) q = q.where((eb) => inScope(eb, 'o.path', [f.orgPath!]));
  if (f.month !== undefined) q = q.where('b.month', '=', f.month);
  const [items, count] = await Promise.all([
    q
      .select([...LIST_COLUMNS])
      .orderBy('b.month', 'desc')
      .orderBy('o.path')
      .orderBy('b.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

export async function fileOf(db: Executor, id: number, kind: 'docx' | 'pdf') {
  return db
    .selectFrom('bulletins')
    .select([kind === 'docx' ? 'docx' : 'pdf', 'doc_number', 'title'])
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => (r ? { content: (kind === 'docx' ? r.docx : r.pdf) as Buffer | null, ...r } : undefined));
}

/** The job's part: the row it generates (its org and path), marked generating. */
export async function startGenerating(db: Executor, id: number) {
  const row = await db
    .updateTable('bulletins')
    .set({ status: 'generating' as BulletinStatus, error: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'generating', 'failed'])
    .returning(['id', 'org_id', 'month', 'doc_number', 'issued_on', 'as_of', 'created_by'])
    .executeTakeFirst();
  if (!row) return undefined;
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'path', sql<string>`region_code::text`.as('region_code')])
    .where('id', '=', row.org_id)
    .executeTakeFirstOrThrow();
  return { ...row, org };
}

export async function storeFiles(
  db: Executor,
  id: number,
  files: { snapshot: unknown; docx: Buffer; pdf: Buffer; generatedAt: Date },
) {
  await db
    .updateTable('bulletins')
    .set({
      status: 'ready',
      snapshot: JSON.stringify(files.snapshot),
      docx: files.docx,
      pdf: files.pdf,
      generated_at: files.generatedAt,
      error: null,
    })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Executor, id: number, error: string) {
  await db.updateTable('bulletins').set({ status: 'failed', error }).where('id', '=', id).execute();
}
