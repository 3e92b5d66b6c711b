import { sql } from 'kysely';
import { systemNow } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';

export const RECHECK_JOB = 'compliance.recheck';

/**
 * Asks for the organizations' compliance to be re-checked (`compliance.recheck`, one job an
 * organization), in the caller's transaction: a meeting recorded, a payment, a member changed is
 * re-checked within seconds of its commit, and not at all if it rolls back. An organization already
 * waiting in the queue is not queued twice. One statement whatever the number of organizations.
 */
export async function requestRecheck(db: Executor, orgIds: Array<number | null | undefined>): Promise<void> {
  const ids = [...new Set(orgIds.filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0) return;
  await sql`
    insert into jobs (name, payload, run_at, max_attempts)
    select ${RECHECK_JOB}, jsonb_build_object('orgId', x.id), ${systemNow()}, 3
    from unnest(${ids}::bigint[]) as x(id)
    where not exists (
      select 1 from jobs j
      where j.name = ${RECHECK_JOB} and j.state = 'queued' and j.payload ->> 'orgId' = x.id::text
    )`.execute(db);
}
