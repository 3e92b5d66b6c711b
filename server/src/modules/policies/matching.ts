import {
  type CompiledPolicy,
  type Criteria,
  compileCriteria,
  type FactRow,
  type Facts,
  factRow,
  metOf,
  openFacts,
} from '@honglian/domain';
import type { Executor } from '../../platform/context.ts';
import { eligibleBefore, type PushCause, recordPushes } from './pushDetection.ts';
import * as repo from './repository.ts';

/**
 * Matching every enterprise against every policy in force, stored (decision 0018). One batched pass in
 * the process: the facts are read as one JSON object an enterprise, each policy's criteria compiled once
 * into closures (packages/domain/src/policies/compiled.ts), every pair decided without allocating, and
 * the pairs worth keeping (eligible or unknown) written with multi-row inserts of arrays. An ineligible
 * pair is not stored: it is the default answer, explained on the spot when an enterprise reads its
 * matches; "almost eligible" is worked out for one policy when staff ask (`almostFor`).
 */

interface Enterprise {
  unit_id: number;
  region_code: string;
  row: FactRow;
}

const withRows = (rows: Array<{ unit_id: number; facts: Record<string, unknown>; region_code: string }>) =>
  rows.map((r) => ({ unit_id: r.unit_id, region_code: r.region_code, row: factRow(r.facts as Facts) }));

interface Policy {
  id: number;
  version: number;
  /** the region the policy applies to, as a prefix of the enterprise's region code (350200 → 3502) */
  prefix: string;
  compiled: CompiledPolicy;
  criteria: Criteria;
}

/** 350206 → 350206, 350200 → 3502, 350000 → 35: a policy reaches the enterprises of its region. */
export function regionPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
}

const compiledCache = new Map<string, CompiledPolicy>();

function compile(id: number, version: number, criteria: Criteria, today: string): CompiledPolicy {
  const key = `${id}:${version}:${today}`;
  let c = compiledCache.get(key);
  if (!c) {
    if (compiledCache.size > 5000) compiledCache.clear();
    c = compileCriteria(criteria, today);
    compiledCache.set(key, c);
  }
  return c;
}

async function loadPolicies(db: Executor, today: string, policyId?: number): Promise<Policy[]> {
  const rows = await repo.effectivePolicies(db, today, policyId);
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    prefix: regionPrefix(r.region_code),
    criteria: r.criteria as Criteria,
    compiled: compile(r.id, r.version, r.criteria as Criteria, today),
  }));
}

/** The policies reaching each region, found once a region, in policy id order. */
function reachingOf(policies: Policy[]) {
  const byRegion = new Map<string, Policy[]>();
  return (regionCode: string) => {
    let reaching = byRegion.get(regionCode);
    if (!reaching) {
      reaching = policies.filter((p) => regionCode.startsWith(p.prefix)).sort((x, y) => x.id - y.id);
      byRegion.set(regionCode, reaching);
    }
    return reaching;
  };
}

/**
 * Decides every pair of `enterprises` (in the order given) against the policies reaching each, pushing
 * the pairs worth keeping to `out`; returns how many are eligible.
 */
function decidePairs(
  reaching: (regionCode: string) => Policy[],
  enterprises: Enterprise[],
  out: repo.MatchRow[],
): number {
  let eligible = 0;
  for (const e of enterprises) {
    for (const p of reaching(e.region_code)) {
      const result = p.compiled.resultRow(e.row);
      if (result === 'ineligible') continue;
      if (result === 'eligible') eligible++;
      const outcomes = p.compiled.outcomes(e.row);
      out.push({
        unit_id: e.unit_id,
        policy_id: p.id,
        version: p.version,
        result,
        outcomes,
        missing_facts: result === 'unknown' ? openFacts(p.criteria, [...outcomes].map(metOf)) : [],
      });
    }
  }
  return eligible;
}

/** Enterprise by enterprise in id order, so the rows reach the primary key (unit_id, policy_id) in its order. */
const byUnitId = (enterprises: Enterprise[]) => [...enterprises].sort((x, y) => x.unit_id - y.unit_id);

/** Enterprises decided a slice of the full match; the database stores one slice while the next is decided. */
const SLICE = 2_500;

/**
 * Decides and stores every pair, overlapping the two: a slice's rows are sent to the database, and while it
 * stores them the process decides the next slice (on PostgreSQL the server works on the other core; on
 * PGlite, in the same thread, the two simply take turns). Returns every stored row and the eligible count.
 */
async function decideAndStore(
  db: Executor,
  policies: Policy[],
  enterprises: Enterprise[],
  at: Date,
  slice: number,
): Promise<{ rows: repo.MatchRow[]; eligible: number; decideMs: number }> {
  const reaching = reachingOf(policies);
  const sorted = byUnitId(enterprises);
  const rows: repo.MatchRow[] = [];
  let eligible = 0;
  let decideMs = 0;
  let storing: Promise<void> = Promise.resolve();
  for (let i = 0; i < sorted.length; i += slice) {
    const t = performance.now();
    const decided: repo.MatchRow[] = [];
    eligible += decidePairs(reaching, sorted.slice(i, i + slice), decided);
    decideMs += performance.now() - t;
    await storing;
    storing = repo.insertMatches(db, decided, at);
    // let the insert reach the socket before the next slice is decided
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const r of decided) rows.push(r);
  }
  await storing;
  return { rows, eligible, decideMs };
}

export interface MatchFigures {
  enterprises: number;
  policies: number;
  stored: number;
  eligiblePairs: number;
  /** pairs newly eligible, recorded as pushes (decision 0023) */
  pushes: number;
  /**
   * where the time went: reading (facts, policies, the eligible pairs before), deciding every pair, the time
   * the writing added beyond the deciding it overlaps, recording the pushes
   */
  ms?: { read: number; decide: number; write: number; detect: number };
}

/**
 * The full match: every enterprise × every policy in force on `today`, replacing what was stored. The
 * pairs that became eligible are recorded as pushes with `cause` (the nightly match of a new day: a
 * policy coming into force), the eligible pairs before it read first. `slice`: enterprises decided at a time
 * (a test makes it small to cross many slices).
 */
export async function matchAll(
  db: Executor,
  today: string,
  at: Date,
  cause: PushCause = 'nightly',
  slice = SLICE,
): Promise<MatchFigures> {
  const t0 = performance.now();
  const [policies, enterprises, before] = await Promise.all([
    loadPolicies(db, today),
    repo.allProfiles(db),
    eligibleBefore(db, {}),
  ]);
  const t1 = performance.now();
  await repo.clearMatches(db, {});
  const { rows, eligible, decideMs } = await decideAndStore(db, policies, withRows(enterprises), at, slice);
  await repo.restoreMatchIndex(db);
  const t2 = performance.now();
  const pushes = await recordPushes(db, before, rows, cause, at);
  const t3 = performance.now();
  return {
    enterprises: enterprises.length,
    policies: policies.length,
    stored: rows.length,
    eligiblePairs: eligible,
    pushes,
    ms: {
      read: Math.round(t1 - t0),
      decide: Math.round(decideMs),
      write: Math.round(t2 - t1 - decideMs),
      detect: Math.round(t3 - t2),
    },
  };
}

/** Re-match one enterprise (after its facts changed) against every policy in force. */
export async function rematchEnterprise(
  db: Executor,
  unitId: number,
  regionCode: string,
  today: string,
  at: Date,
  cause: PushCause = 'facts',
): Promise<MatchFigures> {
  const [policies, facts, before] = await Promise.all([
    loadPolicies(db, today),
    repo.profileOf(db, unitId),
    eligibleBefore(db, { unitId }),
  ]);
  const rows: repo.MatchRow[] = [];
  const eligiblePairs = decidePairs(
    reachingOf(policies),
    withRows([{ unit_id: unitId, facts, region_code: regionCode }]),
    rows,
  );
  await repo.clearMatches(db, { unitId });
  await repo.insertMatches(db, rows, at);
  const pushes = await recordPushes(db, before, rows, cause, at);
  return { enterprises: 1, policies: policies.length, stored: rows.length, eligiblePairs, pushes };
}

/** Re-match one policy (created, changed, withdrawn) against every enterprise. */
export async function rematchPolicy(
  db: Executor,
  policyId: number,
  today: string,
  at: Date,
): Promise<MatchFigures> {
  const [policies, before] = await Promise.all([
    loadPolicies(db, today, policyId),
    eligibleBefore(db, { policyId }),
  ]);
  const enterprises = policies.length ? await repo.allProfiles(db) : [];
  const rows: repo.MatchRow[] = [];
  const eligiblePairs = decidePairs(reachingOf(policies), byUnitId(withRows(enterprises)), rows);
  await repo.clearMatches(db, { policyId });
  await repo.insertMatches(db, rows, at);
  // only the enterprises whose answer became eligible: a change that leaves an answer alone tells nobody
  const pushes = await recordPushes(db, before, rows, 'policy', at);
  return {
    enterprises: enterprises.length,
    policies: policies.length,
    stored: rows.length,
    eligiblePairs,
    pushes,
  };
}

/** The enterprises among `enterprises` one criterion short of a policy (ineligible, shortBy 1). */
export function almostFor(
  criteria: Criteria,
  policyId: number,
  version: number,
  enterprises: Array<{ unit_id: number; facts: Record<string, unknown> }>,
  today: string,
) {
  const compiled = compile(policyId, version, criteria, today);
  return enterprises.filter((e) => {
    const d = compiled.decide(e.facts as Facts);
    return d.result === 'ineligible' && d.shortBy === 1;
  });
}
