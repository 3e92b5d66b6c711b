import { syllablePattern } from '@honglian/domain';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { escapeLike, inScope } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';
import type { DB, NewOrg, Org, OrgUpdate } from '../../platform/db/schema.ts';

/** Plain data access for the organization tree. Every read takes the caller's scope paths. */
export interface OrgRow extends Org {
  unit_name: string | null;
  child_count: number;
}

function selectOrgs(db: Executor) {
  return db
    .selectFrom('orgs')
    .leftJoin('units', 'units.id', 'orgs.unit_id')
    .selectAll('orgs')
    .select('units.name as unit_name')
    .select((eb) =>
      eb
        .selectFrom('orgs as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.parent_id', '=', 'orgs.id')
        .where('c.status', '=', 'active')
        .as('child_count'),
    );
}

export async function findOrg(db: Executor, id: number, scope: string[]): Promise<OrgRow | undefined> {
  return (await selectOrgs(db)
    .where('orgs.id', '=', id)
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .executeTakeFirst()) as OrgRow | undefined;
}

export async function findOrgUnscoped(db: Executor, id: number): Promise<Org | undefined> {
  return db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Which organizations a list, count or export covers. */
export interface OrgFilter {
  /** Subtree roots the caller may read; empty → nothing. */
  scope: string[];
  /** direct children of this org */
  parentId?: number;
  /** the scope roots themselves */
  roots?: boolean;
  /** this org and everything under it (already checked to lie in scope) */
  subtreePath?: string;
  /** normalizeForSearch(q) */
  q?: string;
  type?: string;
  includeDissolved: boolean;
}

function orgWhere(filter: OrgFilter) {
  return (eb: ExpressionBuilder<DB, 'orgs'>) => {
    const conditions: Expression<SqlBool>[] = [inScope(eb, 'orgs.path', filter.scope)];
    if (filter.parentId !== undefined) conditions.push(eb('orgs.parent_id', '=', filter.parentId));
    if (filter.roots) conditions.push(eb('orgs.path', 'in', filter.scope.length ? filter.scope : ['']));
    if (filter.subtreePath) conditions.push(eb('orgs.path', 'like', `${escapeLike(filter.subtreePath)}%`));
    if (filter.q) conditions.push(searchCondition(eb, filter.q));
    if (filter.type) conditions.push(eb('orgs.type', '=', filter.type));
    if (!filter.includeDissolved) conditions.push(eb('orgs.status', '=', 'active'));
    return eb.and(conditions);
  };
}

export async function listOrgs(
  db: Executor,
  filter: OrgFilter & { limit: number },
): Promise<{ rows: OrgRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    selectOrgs(db)
      .where(orgWhere(filter))
      .orderBy('orgs.depth')
      .orderBy('orgs.status')
      .orderBy('orgs.id')
      .limit(filter.limit)
      .execute(),
    countOrgs(db, filter),
  ]);
  return { rows: rows as OrgRow[], total };
}

export async function countOrgs(db: Executor, filter: OrgFilter): Promise<number> {
  const row = await db
    .selectFrom('orgs')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(orgWhere(filter))
    .executeTakeFirstOrThrow();
  return row.n;
}

// ---------------------------------------------------------------- export

export interface OrgExportRow {
  id: number;
  name: string;
  type: string;
  path: string;
  region_code: string;
  established_on: string | null;
  status: 'active' | 'dissolved';
  unit_name: string | null;
  credit_code: string | null;
}

/**
 * One page of an export in tree order: organizations whose path sorts (bytewise, so a subtree is
 * contiguous and follows its root whatever the database's collation) after `afterPath`.
 */
export async function orgExportPage(
  db: Executor,
  filter: OrgFilter,
  afterPath: string,
  limit: number,
): Promise<OrgExportRow[]> {
  return db
    .selectFrom('orgs')
    .leftJoin('units', 'units.id', 'orgs.unit_id')
    .select([
      'orgs.id',
      'orgs.name',
      'orgs.type',
      'orgs.path',
      'orgs.region_code',
      'orgs.established_on',
      'orgs.status',
      'units.name as unit_name',
      'units.credit_code',
    ])
    .where(orgWhere(filter))
    .where(sql<SqlBool>`orgs.path collate "C" > ${afterPath}`)
    .orderBy(sql`orgs.path collate "C"`)
    .limit(limit)
    .execute();
}

/**
 * Members held by each of these organizations, counted as the organization-setup rules count them
 * (probationary and full members who are not suspended, gone or deceased). One grouped query.
 */
export async function memberCounts(db: Executor, orgIds: number[]): Promise<Map<number, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['org_id', sql<number>`count(*)::int`.as('n')])
    .where(sql<SqlBool>`org_id = any(${orgIds}::bigint[])`)
    .where('stage', 'in', ['probationary', 'full'])
    .where('status', 'in', ['normal', 'mobile', 'lost_contact'])
    .groupBy('org_id')
    .execute();
  return new Map(rows.map((r) => [r.org_id, r.n]));
}

/** The secretary (书记) of each organization's current term, where one is recorded. One query. */
export async function currentSecretaries(db: Executor, orgIds: number[]): Promise<Map<number, string>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('org_terms as t')
    .innerJoin('org_committee_members as cm', 'cm.term_id', 't.id')
    .select(['t.org_id', sql<string>`string_agg(cm.name, '、' order by cm.id)`.as('names')])
    .where(sql<SqlBool>`t.org_id = any(${orgIds}::bigint[])`)
    .where('t.state', '=', 'current')
    .where('cm.post', '=', 'secretary')
    .groupBy('t.org_id')
    .execute();
  return new Map(rows.map((r) => [r.org_id, r.names]));
}

/**
 * Search (issue 4 item 7): the name in Simplified or Traditional (both normalized), and for a
 * query of Latin letters also the pinyin from any syllable on ('huli', 'hulqu') and the initials
 * anywhere ('hlq'), as `textPinyin` stores them.
 */
export function searchCondition(eb: ExpressionBuilder<DB, 'orgs'>, q: string): Expression<SqlBool> {
  const any: Expression<SqlBool>[] = [eb('orgs.name_search', 'like', `%${escapeLike(q)}%`)];
  const pattern = syllablePattern(q);
  if (pattern) {
    any.push(sql<SqlBool>`orgs.name_pinyin ~ ${pattern}`);
    any.push(eb('orgs.name_initials', 'like', `%${q.replace(/\s+/g, '')}%`));
  }
  return eb.or(any);
}

export async function orgNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function countDescendants(db: Executor, path: string, activeOnly = true): Promise<number> {
  let q = db
    .selectFrom('orgs')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('path', 'like', `${path}%`)
    .where('path', '<>', path);
  if (activeOnly) q = q.where('status', '=', 'active');
  return (await q.executeTakeFirstOrThrow()).n;
}

/** Inserts an org under `parent` (or as a root) and fills in its path from its new id. */
export async function insertOrg(
  db: Executor,
  values: Omit<NewOrg, 'path' | 'depth'>,
  parent: Pick<Org, 'path' | 'depth'> | null,
): Promise<Org> {
  const inserted = await db
    .insertInto('orgs')
    .values({ ...values, path: `tmp:${crypto.randomUUID()}`, depth: parent ? parent.depth + 1 : 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db
    .updateTable('orgs')
    .set({ path: `${parent?.path ?? '/'}${inserted.id}/` })
    .where('id', '=', inserted.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateOrg(db: Executor, id: number, values: OrgUpdate): Promise<Org> {
  return db
    .updateTable('orgs')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves a whole subtree in one statement: every path under `org` gets the new prefix. */
export async function moveSubtree(
  db: Executor,
  org: Pick<Org, 'id' | 'path' | 'depth'>,
  parent: Pick<Org, 'id' | 'path' | 'depth'>,
) {
  const newPath = `${parent.path}${org.id}/`;
  const delta = parent.depth + 1 - org.depth;
  await db
    .updateTable('orgs')
    .set({
      path: sql`${newPath} || substr(path, ${org.path.length + 1})`,
      depth: sql`depth + ${delta}`,
      updated_at: sql`now()`,
    })
    .where('path', 'like', `${org.path}%`)
    .execute();
  await db.updateTable('orgs').set({ parent_id: parent.id }).where('id', '=', org.id).execute();
}

// ---------------------------------------------------------------- search forms

/** Organizations whose pinyin was never computed (registered before migration 0030). */
export async function orgsWithoutPinyin(db: Executor, limit: number) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('name_pinyin', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function setOrgPinyin(
  db: Executor,
  rows: Array<{ id: number; name_pinyin: string; name_initials: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`update orgs set name_pinyin = v.p, name_initials = v.i
      from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.name_pinyin)}::text[],
                  ${rows.map((r) => r.name_initials)}::text[]) as v(id, p, i)
     where orgs.id = v.id`.execute(db);
}

// ---------------------------------------------------------------- import

export interface ImportCandidate {
  id: number;
  name: string;
  name_search: string;
  type: string;
  parent_id: number | null;
  path: string;
  status: 'active' | 'dissolved';
  region_code: string;
}

/** Organizations inside `scope` whose normalized name is one of `keys` (one query). */
export async function orgsNamed(db: Executor, scope: string[], keys: string[]): Promise<ImportCandidate[]> {
  if (keys.length === 0 || scope.length === 0) return [];
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'name_search', 'type', 'parent_id', 'path', 'status', 'region_code'])
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .where(sql<boolean>`name_search = any(${keys}::text[])`)
    .execute();
}

/** Normalized names of organizations by id (ancestors of the candidates). */
export async function orgKeys(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('orgs')
    .select(['id', 'name_search'])
    .where(sql<boolean>`id = any(${ids}::bigint[])`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name_search]));
}

export interface UnitRef {
  id: number;
  name_search: string;
  credit_code: string | null;
  org_path: string | null;
}

/** Units a file names, by credit code or by normalized name, with the path of their managing org. */
export async function unitsNamed(db: Executor, codes: string[], keys: string[]): Promise<UnitRef[]> {
  if (codes.length === 0 && keys.length === 0) return [];
  return db
    .selectFrom('units')
    .leftJoin('orgs', 'orgs.id', 'units.org_id')
    .select(['units.id', 'units.name_search', 'units.credit_code', 'orgs.path as org_path'])
    .where((eb) =>
      eb.or([
        sql<boolean>`units.credit_code = any(${codes}::bpchar[])`,
        sql<boolean>`units.name_search = any(${keys}::text[])`,
      ]),
    )
    .execute();
}

export interface OrgImportRowValues {
  row_no: number;
  region_code: string | null;
  /** the registered parent */
  org_id: number | null;
  name: string | null;
  name_search: string | null;
  name_pinyin: string | null;
  name_initials: string | null;
  errors: string;
  ok: boolean;
  data: string;
}

export async function goodImportRows(db: Executor, batchId: number) {
  return db
    .selectFrom('import_rows')
    .select([
      'row_no',
      'region_code',
      'org_id',
      'name',
      'name_search',
      'name_pinyin',
      'name_initials',
      'data',
    ])
    .where('batch_id', '=', batchId)
    .where('ok', '=', true)
    .orderBy('row_no')
    .execute();
}

/** Locks the registered parents of an import (two imports under the same parent run one after the other). */
export async function lockOrgs(db: Executor, ids: number[]): Promise<Org[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('orgs')
    .selectAll()
    .where(sql<boolean>`id = any(${ids}::bigint[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Active organizations with one of these names directly under one of these parents. */
export async function childrenNamed(
  db: Executor,
  parentIds: number[],
  keys: string[],
): Promise<Array<{ id: number; parent_id: number | null; name_search: string }>> {
  if (parentIds.length === 0 || keys.length === 0) return [];
  return db
    .selectFrom('orgs')
    .select(['id', 'parent_id', 'name_search'])
    .where(sql<boolean>`parent_id = any(${parentIds}::bigint[])`)
    .where(sql<boolean>`name_search = any(${keys}::text[])`)
    .where('status', '=', 'active')
    .execute();
}

/**
 * Inserts organizations whose parents exist, in one statement a chunk, then sets their paths from
 * their new ids in one more. Every value carries its parent's path and depth; the answer is in the
 * order of `values`.
 */
export async function insertOrgs(
  db: Executor,
  values: Array<Omit<NewOrg, 'path' | 'depth'> & { parent: Pick<Org, 'path' | 'depth'> }>,
): Promise<Org[]> {
  const out: Org[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    const part = values.slice(i, i + 1000);
    const tag = crypto.randomUUID();
    const inserted = await db
      .insertInto('orgs')
      .values(part.map(({ parent, ...v }, j) => ({ ...v, path: `tmp:${tag}:${j}`, depth: parent.depth + 1 })))
      .returning(['id', 'path'])
      .execute();
    // the tag's index says which value each new id belongs to (RETURNING promises no order)
    const idOf = new Map(inserted.map((r) => [Number(r.path.split(':')[2]), r.id]));
    const ids = part.map((_, j) => idOf.get(j)!);
    const paths = part.map((v, j) => `${v.parent.path}${ids[j]}/`);
    const rows =
      await sql<Org>`update orgs set path = v.path from unnest(${ids}::bigint[], ${paths}::text[]) as v(id, path)
        where orgs.id = v.id returning orgs.*`.execute(db);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    out.push(...ids.map((id) => byId.get(id)!));
  }
  return out;
}
