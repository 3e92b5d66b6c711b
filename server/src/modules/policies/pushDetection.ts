import { newlyEligible } from '@honglian/domain';
import { sql } from 'kysely';
import type { Executor } from '../../platform/context.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import type { MatchRow } from './repository.ts';

/**
 * Detecting pushes (decision 0023): the eligible pairs before a re-match against the pairs after it.
 * Kept apart from the delivery (`pushes.ts`) so the matcher needs nothing of the services.
 */

export type PushCause = 'facts' | 'policy' | 'nightly' | 'import';

/** The eligible pairs stored now, of one enterprise, one policy or all: the "before" of a re-match. */
export async function eligibleBefore(
  db: Executor,
  by: { unitId?: number; policyId?: number },
): Promise<Array<{ unitId: number; policyId: number }>> {
  const { rows } = await sql<{ u: number[]; p: number[] }>`
    select coalesce(array_agg(unit_id::int), '{}') as u, coalesce(array_agg(policy_id::int), '{}') as p
    from policy_matches
    where result = 'eligible'
      and (${by.unitId ?? null}::bigint is null or unit_id = ${by.unitId ?? null})
      and (${by.policyId ?? null}::bigint is null or policy_id = ${by.policyId ?? null})`.execute(db);
  const { u, p } = rows[0]!;
  // Number(): an engine that hands back array elements as strings would make every pair look new
  return u.map((unitId, i) => ({ unitId: Number(unitId), policyId: Number(p[i]) }));
}

/**
 * Records the pairs of `after` that were not eligible `before` as pushes (a key already told is skipped)
 * and enqueues their delivery in the same transaction, so neither is lost on a restart. Returns how
 * many pushes are new.
 */
export async function recordPushes(
  db: Executor,
  before: Array<{ unitId: number; policyId: number }>,
  after: MatchRow[],
  cause: PushCause,
  at: Date,
): Promise<number> {
  const fresh = newlyEligible(
    before,
    after.map((r) => ({ unitId: r.unit_id, policyId: r.policy_id, version: r.version, result: r.result })),
  );
  if (fresh.length === 0) return 0;
  let recorded = 0;
  for (let i = 0; i < fresh.length; i += 20_000) {
    const part = fresh.slice(i, i + 20_000);
    const r =
      await sql`insert into policy_pushes (unit_id, policy_id, version, region_code, cause, detected_at)
      select x.u, x.p, x.v, units.region_code, ${cause}, ${at}
      from unnest(${part.map((f) => f.unitId)}::bigint[], ${part.map((f) => f.policyId)}::bigint[],
        ${part.map((f) => f.version)}::int[]) as x(u, p, v)
      join units on units.id = x.u
      order by x.u, x.p
      on conflict (unit_id, policy_id, version) do nothing`.execute(db);
    recorded += Number(r.numAffectedRows ?? 0);
  }
  if (recorded > 0) {
    // one queued delivery delivers every pending push: a full match or an import queues one, not thousands
    const queued = await db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', 'policies.push')
      .where('state', '=', 'queued')
      .limit(1)
      .executeTakeFirst();
    if (!queued) await enqueueJob(db, 'policies.push', {}, { maxAttempts: 5 });
  }
  return recorded;
}
