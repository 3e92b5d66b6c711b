import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type ExpressionBuilder, sql } from 'kysely';
import { z } from 'zod';
import { type Actor, can, canAtRoot, inScope, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { contextOf } from '../../platform/http.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import {
  IdParam,
  NullableTimestamp,
  Pagination,
  problemResponses,
  Timestamp,
} from '../../platform/schemas.ts';

const JobItem = z
  .object({
    id: z.number(),
    name: z.string(),
    nameLabel: z.string(),
    state: z.enum(['queued', 'running', 'done', 'failed']),
    attempts: z.number(),
    maxAttempts: z.number(),
    runAt: Timestamp,
    startedAt: NullableTimestamp,
    finishedAt: NullableTimestamp,
    lastError: z.string().nullable(),
    payload: z.unknown(),
    result: z.unknown(),
  })
  .meta({ id: 'Job' });

/** Jobs of an org subtree are seen in that scope; system jobs (no org) by top-level administrators. */
function visible(actor: Actor) {
  const scope = scopePaths(actor, 'job.read');
  const root = canAtRoot(actor, 'job.read');
  return (eb: ExpressionBuilder<DB, 'jobs'>) =>
    root
      ? eb.or([eb('org_path', 'is', null), inScope(eb, 'org_path', scope)])
      : inScope(eb, 'org_path', scope);
}

export function jobRoutes(app: FastifyInstance, { db }: Database, queue: JobQueue) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['后台任务'];
  const label = (name: string) => queue.definitions[name]?.label ?? name;

  r.get('/api/v1/jobs', {
    schema: {
      tags,
      summary: '后台任务与失败记录',
      querystring: Pagination.extend({
        state: z.enum(['queued', 'running', 'done', 'failed']).optional(),
        name: z.string().max(100).optional(),
      }),
      response: {
        200: z.object({
          items: z.array(JobItem),
          total: z.number(),
          counts: z.object({ queued: z.number(), running: z.number(), done: z.number(), failed: z.number() }),
        }),
        ...problemResponses,
      },
    },
    handler: async (req) => {
      const actor = contextOf(req).actor;
      const { page, pageSize, state, name } = req.query;
      let q = db.selectFrom('jobs').where(visible(actor));
      if (name) q = q.where('name', '=', name);
      const [rows, count, byState] = await Promise.all([
        (state ? q.where('state', '=', state) : q)
          .selectAll()
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        (state ? q.where('state', '=', state) : q)
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow(),
        q
          .select(['state', sql<number>`count(*)::int`.as('n')])
          .groupBy('state')
          .execute(),
      ]);
      const counts = { queued: 0, running: 0, done: 0, failed: 0 };
      for (const s of byState) counts[s.state] = s.n;
      return {
        items: rows.map((j) => ({
          id: j.id,
          name: j.name,
          nameLabel: label(j.name),
          state: j.state,
          attempts: j.attempts,
          maxAttempts: j.max_attempts,
          runAt: j.run_at,
          startedAt: j.started_at,
          finishedAt: j.finished_at,
          lastError: j.last_error,
          payload: j.payload,
          result: j.result,
        })),
        total: count.n,
        counts,
      };
    },
  });

  r.get('/api/v1/jobs/schedules', {
    schema: {
      tags,
      summary: '定时任务',
      response: {
        200: z.object({
          items: z.array(
            z.object({
              name: z.string(),
              nameLabel: z.string(),
              every: z.string(),
              description: z.string(),
              lastRunAt: NullableTimestamp,
              nextRunAt: NullableTimestamp,
            }),
          ),
        }),
        ...problemResponses,
      },
    },
    handler: async (req) => {
      if (!can(contextOf(req).actor, 'job.read')) throw new AppError('forbidden');
      const rows = await db.selectFrom('job_schedules').selectAll().execute();
      return {
        items: queue.schedules.map((s) => {
          const row = rows.find((x) => x.name === s.job);
          const hhmm =
            s.atSecondOfDay !== undefined
              ? ` ${String(Math.floor(s.atSecondOfDay / 3600)).padStart(2, '0')}:${String(Math.floor((s.atSecondOfDay % 3600) / 60)).padStart(2, '0')}`
              : '';
          return {
            name: s.job,
            nameLabel: s.label,
            every: s.everySeconds === 86_400 ? `每天${hhmm}` : `每 ${s.everySeconds} 秒`,
            description: s.description,
            lastRunAt: row?.last_run_at ?? null,
            nextRunAt: row?.next_run_at ?? null,
          };
        }),
      };
    },
  });

  r.post('/api/v1/jobs/:id/retry', {
    schema: {
      tags,
      summary: '重试失败的任务',
      params: IdParam,
      response: { 200: JobItem.pick({ id: true, state: true }), ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      return db.transaction().execute(async (trx) => {
        const job = await trx
          .selectFrom('jobs')
          .selectAll()
          .where('id', '=', req.params.id)
          .where(visible(ctx.actor))
          .executeTakeFirst();
        if (!job) throw notFound('未找到该任务，或您无权查看');
        if (!(job.org_path ? can(ctx.actor, 'job.manage', job.org_path) : canAtRoot(ctx.actor, 'job.manage')))
          throw new AppError('forbidden');
        if (job.state !== 'failed') throw new AppError('job.not_failed');
        await trx
          .updateTable('jobs')
          .set({ state: 'queued', run_at: sql`now()`, attempts: 0, finished_at: null })
          .where('id', '=', job.id)
          .execute();
        await audit(trx, ctx, {
          action: 'job.retry',
          entityType: 'job',
          entityId: job.id,
          orgPath: job.org_path ?? ctx.actor.bindings[0]?.orgPath ?? null,
          before: { state: job.state, lastError: job.last_error },
        });
        return { id: job.id, state: 'queued' as const };
      });
    },
  });
}
