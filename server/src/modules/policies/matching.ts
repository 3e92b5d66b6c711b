import {
  type CompiledPolicy,
  type Criteria,
  compileCriteria,
  evaluateEligibility,
  type Facts,
} from '@honglian/domain';
import type { Executor } from '../../platform/context.ts';
import * as repo from './repository.ts';

/**
 * Matching every enterprise against every policy in force, stored (decision 0018). One batched pass in
 * the process: the facts are read as one JSON object an enterprise, each policy's criteria compiled once
 * into closures (packages/domain/src/policies/compiled.ts), every pair decided without allocating, and
 * the pairs worth keeping (eligible, unknown, or ineligible one criterion short) written with multi-row
 * inserts of arrays. A plain ineligible pair is not stored: it is the default answer, explained on the
 * spot when an enterprise reads its matches.
 */

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

function decidePairs(
  policies: Policy[],
  enterprises: Array<{ unit_id: number; facts: Record<string, unknown>; region_code: string }>,
  today: string,
  out: repo.MatchRow[],
): number {
  let eligible = 0;
  for (const p of policies) {
    for (const e of enterprises) {
      if (!e.region_code.startsWith(p.prefix)) continue;
      const facts = e.facts as Facts;
      const { result, shortBy } = p.compiled.decide(facts);
      if (result === 'ineligible' && shortBy !== 1) continue;
      if (result === 'eligible') eligible++;
      out.push({
        unit_id: e.unit_id,
        policy_id: p.id,
        version: p.version,
        result,
        outcomes: p.compiled.outcomes(facts),
        missing_facts: result === 'unknown' ? evaluateEligibility(p.criteria, facts, today).missingFacts : [],
        short_by: shortBy,
      });
    }
  }
  return eligible;
}

export interface MatchFigures {
  enterprises: number;
  policies: number;
  stored: number;
  eligiblePairs: number;
}

/** The full match: every enterprise × every policy in force on `today`, replacing what was stored. */
export async function matchAll(db: Executor, today: string, at: Date): Promise<MatchFigures> {
  const [policies, enterprises] = await Promise.all([loadPolicies(db, today), repo.allProfiles(db)]);
  const rows: repo.MatchRow[] = [];
  const eligiblePairs = decidePairs(policies, enterprises, today, rows);
  await repo.clearMatches(db, {});
  await repo.insertMatches(db, rows, at);
  return { enterprises: enterprises.length, policies: policies.length, stored: rows.length, eligiblePairs };
}

/** Re-match one enterprise (after its facts changed) against every policy in force. */
export async function rematchEnterprise(
  db: Executor,
  unitId: number,
  regionCode: string,
  today: string,
  at: Date,
): Promise<MatchFigures> {
  const [policies, facts] = await Promise.all([loadPolicies(db, today), repo.profileOf(db, unitId)]);
  const rows: repo.MatchRow[] = [];
  const eligiblePairs = decidePairs(
    policies,
    [{ unit_id: unitId, facts, region_code: regionCode }],
    today,
    rows,
  );
  await repo.clearMatches(db, { unitId });
  await repo.insertMatches(db, rows, at);
  return { enterprises: 1, policies: policies.length, stored: rows.length, eligiblePairs };
}

/** Re-match one policy (created, changed, withdrawn) against every enterprise. */
export async function rematchPolicy(
  db: Executor,
  policyId: number,
  today: string,
  at: Date,
): Promise<MatchFigures> {
  const policies = await loadPolicies(db, today, policyId);
  const enterprises = policies.length ? await repo.allProfiles(db) : [];
  const rows: repo.MatchRow[] = [];
  const eligiblePairs = decidePairs(policies, enterprises, today, rows);
  await repo.clearMatches(db, { policyId });
  await repo.insertMatches(db, rows, at);
  return { enterprises: enterprises.length, policies: policies.length, stored: rows.length, eligiblePairs };
}
