import { sql } from 'kysely';
import { inScope } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/** SQL of the policies module (issue 13): enterprise facts, the policy library, stored matches. */

export interface EnterpriseUnit {
  id: number;
  name: string;
  region_code: string;
  org_path: string | null;
}

export function findEnterprise(db: Executor, unitId: number) {
  return db
    .selectFrom('units')
    .leftJoin('orgs', 'orgs.id', 'units.org_id')
    .select(['units.id', 'units.name', 'units.region_code', 'orgs.path as org_path'])
    .where('units.id', '=', unitId)
    .where('units.kind', '=', 'enterprise')
    .executeTakeFirst() as Promise<EnterpriseUnit | undefined>;
}

/** The units owned by the organizations the actor's bindings name (an enterprise's own unit). */
export async function unitsOfOrgs(db: Executor, orgIds: number[]): Promise<number[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('orgs')
    .select('unit_id')
    .where('id', 'in', orgIds)
    .where('unit_id', 'is not', null)
    .execute();
  return rows.map((r) => r.unit_id!);
}

export function listFacts(db: Executor, unitId: number) {
  return db
    .selectFrom('enterprise_facts')
    .leftJoin('users', 'users.id', 'enterprise_facts.recorded_by')
    .select([
      'enterprise_facts.key',
      'enterprise_facts.value',
      'enterprise_facts.source',
      'enterprise_facts.as_of',
      'enterprise_facts.recorded_at',
      'users.display_name as recorded_by_name',
    ])
    .where('enterprise_facts.unit_id', '=', unitId)
    .execute();
}

export interface FactWrite {
  unitId: number;
  key: string;
  value: unknown;
  source: 'self' | 'import' | 'staff';
  asOf: string;
  recordedBy: number | null;
}

/** Writes facts (upsert) and removes those set to null, then rebuilds the units' profile objects. */
export async function writeFacts(db: Executor, writes: FactWrite[], at: Date): Promise<void> {
  const sets = writes.filter((w) => w.value !== null);
  const clears = writes.filter((w) => w.value === null);
  for (let i = 0; i < sets.length; i += 2000) {
    await db
      .insertInto('enterprise_facts')
      .values(
        sets.slice(i, i + 2000).map((w) => ({
          unit_id: w.unitId,
          key: w.key,
          value: JSON.stringify(w.value),
          source: w.source,
          as_of: w.asOf,
          recorded_by: w.recordedBy,
          recorded_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['unit_id', 'key']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          source: eb.ref('excluded.source'),
          as_of: eb.ref('excluded.as_of'),
          recorded_by: eb.ref('excluded.recorded_by'),
          recorded_at: eb.ref('excluded.recorded_at'),
        })),
      )
      .execute();
  }
  for (const w of clears)
    await db
      .deleteFrom('enterprise_facts')
      .where('unit_id', '=', w.unitId)
      .where('key', '=', w.key)
      .execute();
  const units = [...new Set(writes.map((w) => w.unitId))];
  for (let i = 0; i < units.length; i += 5000) {
    const part = units.slice(i, i + 5000);
    await sql`insert into enterprise_profiles (unit_id, facts, updated_at)
      select u.id, coalesce((select jsonb_object_agg(f.key, f.value) from enterprise_facts f where f.unit_id = u.id), '{}'), ${at}
      from unnest(${part}::bigint[]) as u(id)
      on conflict (unit_id) do update set facts = excluded.facts, updated_at = excluded.updated_at`.execute(
      db,
    );
  }
}

export async function profileOf(db: Executor, unitId: number): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('enterprise_profiles')
    .select('facts')
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row?.facts ?? {};
}

/** Every enterprise's facts, for a full match (or those of one region prefix). */
export function allProfiles(db: Executor) {
  return db
    .selectFrom('enterprise_profiles')
    .innerJoin('units', 'units.id', 'enterprise_profiles.unit_id')
    .select(['enterprise_profiles.unit_id', 'enterprise_profiles.facts', 'units.region_code'])
    .where('units.kind', '=', 'enterprise')
    .execute();
}

/** The policies in force on `today` (status effective, within their dates). */
export function effectivePolicies(db: Executor, today: string, policyId?: number) {
  let q = db
    .selectFrom('policies')
    .select(['id', 'version', 'criteria', 'region_code'])
    .where('status', '=', 'effective')
    .where('effective_from', '<=', today)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', today)]));
  if (policyId !== undefined) q = q.where('id', '=', policyId);
  return q.orderBy('id').execute();
}

export interface MatchRow {
  unit_id: number;
  policy_id: number;
  version: number;
  result: 'eligible' | 'unknown';
  outcomes: string;
  missing_facts: string[];
}

/**
 * An array literal written directly (`{1,2,3}`, `{"a","b"}`) for the driver to pass as one text value: the
 * stored pairs' values are ids, codes and fact keys (no quote, backslash or brace), and building the
 * literal with one join is many times cheaper than the driver's per-element escaping on the process's
 * one thread, which the full match shares with deciding the next slice.
 */
const numbers = (xs: number[]) => `{${xs.join(',')}}`;
const NEEDS_ESCAPE = /["\\]/;
const texts = (xs: string[]) => {
  // a value that would need escaping is a programming error here, not data to store wrongly
  if (xs.some((x) => NEEDS_ESCAPE.test(x))) throw new Error('stored match values must need no escaping');
  return xs.length ? `{"${xs.join('","')}"}` : '{}';
};

/** Multi-row inserts of stored matches through arrays (one statement a chunk of 20,000). */
export async function insertMatches(db: Executor, rows: MatchRow[], at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 20_000) {
    const part = rows.slice(i, i + 20_000);
    await sql`insert into policy_matches (unit_id, policy_id, version, result, outcomes, missing_facts, matched_at)
      select u, p, v, r, o, string_to_array(m, ','), ${at}
      from unnest(${numbers(part.map((r) => r.unit_id))}::bigint[], ${numbers(part.map((r) => r.policy_id))}::bigint[],
        ${numbers(part.map((r) => r.version))}::int[], ${texts(part.map((r) => r.result))}::text[],
        ${texts(part.map((r) => r.outcomes))}::text[], ${texts(part.map((r) => r.missing_facts.join(',')))}::text[])
        as x(u, p, v, r, o, m)`.execute(db);
  }
}

export async function clearMatches(db: Executor, by: { unitId?: number; policyId?: number }): Promise<void> {
  if (by.unitId === undefined && by.policyId === undefined) {
    // a full rewrite: the index by policy is built once after the rows are in (`restoreMatchIndex`),
    // cheaper than keeping it up to date row by row; both happen in the match's transaction
    await sql`truncate policy_matches`.execute(db);
    await sql`drop index if exists policy_matches_policy`.execute(db);
    return;
  }
  let q = db.deleteFrom('policy_matches');
  if (by.unitId !== undefined) q = q.where('unit_id', '=', by.unitId);
  if (by.policyId !== undefined) q = q.where('policy_id', '=', by.policyId);
  await q.execute();
}

/** Builds the index by policy again after a full rewrite (`clearMatches({})`), as migration 0111 defines it. */
export async function restoreMatchIndex(db: Executor): Promise<void> {
  await sql`create index if not exists policy_matches_policy on policy_matches (policy_id, result)`.execute(
    db,
  );
}

export function selectPolicies(db: Executor) {
  return db
    .selectFrom('policies')
    .leftJoin('orgs as d', 'd.id', 'policies.decide_org_id')
    .selectAll('policies')
    .select('d.name as decide_org_name');
}

export type PolicyRow = Awaited<ReturnType<ReturnType<typeof selectPolicies>['executeTakeFirstOrThrow']>>;

export function policyVersion(db: Executor, policyId: number, version: number) {
  return db
    .selectFrom('policy_versions')
    .selectAll()
    .where('policy_id', '=', policyId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The stored matches of one enterprise, with the version each was decided under. */
export function matchesOfUnit(db: Executor, unitId: number) {
  return db
    .selectFrom('policy_matches as m')
    .innerJoin('policies as p', 'p.id', 'm.policy_id')
    .innerJoin('policy_versions as v', (j) =>
      j.onRef('v.policy_id', '=', 'm.policy_id').onRef('v.version', '=', 'm.version'),
    )
    .select([
      'm.policy_id',
      'm.version',
      'm.result',
      'm.outcomes',
      'm.missing_facts',
      'm.matched_at',
      'v.title',
      'v.criteria',
      'p.doc_number',
      'p.benefit',
      'p.mode',
      'p.max_amount_fen',
    ])
    .where('m.unit_id', '=', unitId)
    .orderBy('m.policy_id')
    .execute();
}

/** A policy's stored matches (eligible or unknown) among the enterprises of the caller's scope. */
export function matchesOfPolicy(
  db: Executor,
  policyId: number,
  paths: string[],
  result?: 'eligible' | 'unknown',
) {
  let q = db
    .selectFrom('policy_matches as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['m.unit_id', 'u.name', 'u.region_code', 'm.result', 'm.missing_facts'])
    .where('m.policy_id', '=', policyId)
    .where((eb) => inScope(eb, 'o.path', paths));
  if (result) q = q.where('m.result', '=', result);
  return q.orderBy('m.unit_id').execute();
}

/** The facts of the enterprises in the caller's scope, to work out "almost eligible" for one policy. */
export function profilesInScope(db: Executor, paths: string[]) {
  return db
    .selectFrom('enterprise_profiles as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['p.unit_id', 'p.facts', 'u.name', 'u.region_code'])
    .where('u.kind', '=', 'enterprise')
    .where((eb) => inScope(eb, 'o.path', paths))
    .execute();
}

/** The most missing facts of a policy's unknown answers among the enterprises of the caller's scope. */
export function missingFactCounts(db: Executor, policyId: number, paths: string[]) {
  return db
    .selectFrom(
      db
        .selectFrom('policy_matches as m')
        .innerJoin('units as u', 'u.id', 'm.unit_id')
        .innerJoin('orgs as o', 'o.id', 'u.org_id')
        .where('m.policy_id', '=', policyId)
        .where((eb) => inScope(eb, 'o.path', paths))
        .where('m.result', '=', 'unknown')
        .select(sql<string>`unnest(m.missing_facts)`.as('fact'))
        .as('x'),
    )
    .select(['x.fact', sql<number>`count(*)::int`.as('n')])
    .groupBy('x.fact')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('x.fact')
    .execute();
}
