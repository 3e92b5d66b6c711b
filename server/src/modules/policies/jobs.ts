import { clock } from '../../platform/clock.ts';
import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';
import { matchAll } from './matching.ts';

/**
 * A policy comes into force (or lapses) on a date, with nobody touching it: the stored matches are
 * redone every night for the new day, in one transaction, so readers see yesterday's matches or today's,
 * never none (issue 13: stored matches redone when a policy changes — a date passing is such a change).
 */
export const policyRematchJob: JobDefinition = {
  label: '政策全量重新匹配',
  maxAttempts: 3,
  handler: async (_payload, { db }) =>
    db.db.transaction().execute(async (trx) => {
      const figures = await matchAll(trx, clock.today(), clock.now());
      return { enterprises: figures.enterprises, policies: figures.policies, stored: figures.stored };
    }),
};

export const policyRematchSchedule: ScheduleDefinition = {
  job: 'policies.rematch',
  label: '政策全量重新匹配',
  description: '每天 00:20 按当天生效、失效的政策重新匹配全部企业',
  everySeconds: 86_400,
  atSecondOfDay: 20 * 60,
};
