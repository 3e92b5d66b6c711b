import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { inScope } from '../../platform/access.ts';
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

export async function listOrgs(
  db: Executor,
  filter: {
    scope: string[];
    parentId?: number;
    roots?: boolean;
    q?: string;
    includeDissolved: boolean;
    limit: number;
  },
): Promise<{ rows: OrgRow[]; total: number }> {
  const where = (eb: ExpressionBuilder<DB, 'orgs'>) => {
    const conditions: Expression<SqlBool>[] = [inScope(eb, 'orgs.path', filter.scope)];
    if (filter.parentId !== undefined) conditions.push(eb('orgs.parent_id', '=', filter.parentId));
    if (filter.roots) conditions.push(eb('orgs.path', 'in', filter.scope.length ? filter.scope : ['']));
    if (filter.q) conditions.push(eb('orgs.name_search', 'like', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`));
    if (!filter.includeDissolved) conditions.push(eb('orgs.status', '=', 'active'));
    return eb.and(conditions);
  };
  const [rows, count] = await Promise.all([
    selectOrgs(db)
      .where(where)
      .orderBy('orgs.depth')
      .orderBy('orgs.status')
      .orderBy('orgs.id')
      .limit(filter.limit)
      .execute(),
    db.selectFrom('orgs').select(sql<number>`count(*)::int`.as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as OrgRow[], total: count.n };
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
