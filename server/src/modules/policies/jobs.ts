import { clock } from '../../platform/clock.ts';
import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';
import { InAppChannel, LogChannel } from '../compliance/channels.ts';
import { matchAll } from './matching.ts';
import { deliverPolicyPushes } from './pushes.ts';

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
      return {
        enterprises: figures.enterprises,
        policies: figures.policies,
        stored: figures.stored,
        pushes: figures.pushes,
      };
    }),
};

export const policyRematchSchedule: ScheduleDefinition = {
  job: 'policies.rematch',
  label: '政策全量重新匹配',
  description: '每天 00:20 按当天生效、失效的政策重新匹配全部企业',
  everySeconds: 86_400,
  atSecondOfDay: 20 * 60,
};

/**
 * Policy pushes to the inbox and the reminders' channels (decision 0023): enqueued in the transaction
 * that records new pushes, and hourly for the pushes a full day or week held back.
 */
export const policyPushJob: JobDefinition = {
  label: '发送政策推送',
  maxAttempts: 5,
  handler: async (_payload, { db, log }) =>
    db.db
      .transaction()
      .execute((trx) =>
        deliverPolicyPushes(trx, [new InAppChannel(), new LogChannel(trx, log)], clock.now()),
      ),
};

export const policyPushSchedule: ScheduleDefinition = {
  job: 'policies.push',
  label: '发送政策推送',
  description: '每小时把因频次上限留下的政策推送发出（新符合条件时另行即时发送；超出上限的合并为一条汇总）',
  everySeconds: 3600,
  atSecondOfDay: 5 * 60,
};
