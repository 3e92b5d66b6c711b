import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { systemNow } from './clock.ts';
import type { Executor } from './context.ts';
import type { Database } from './db/database.ts';
import type { Job } from './db/schema.ts';

/**
 * A durable job queue in the database itself, so it works the same on PGlite and PostgreSQL
 * (docs/decisions/0002-job-queue.md says why not pg-boss or graphile-worker).
 *
 * - A job is a row; claiming uses `FOR UPDATE SKIP LOCKED`, so several processes can share the queue.
 * - A claimed job holds a lease (`locked_until`); a job whose process died is queued again when the
 *   lease runs out, so nothing is lost on a restart.
 * - Failures retry with exponential backoff up to `max_attempts`, then stay `failed` for a person to see.
 * - Schedules are rows too; the due one is turned into a job with a singleton key, so two processes
 *   never enqueue the same run twice.
 */
export interface JobHandlerContext {
  job: Job;
  db: Database;
  log: Logger;
  /** Record progress for long work (0–100), visible in the console. */
  progress(percent: number, note?: string): Promise<void>;
}

export type JobHandler = (payload: unknown, ctx: JobHandlerContext) => Promise<unknown>;

export interface JobDefinition {
  label: string;
  handler: JobHandler;
  maxAttempts?: number;
}

export interface ScheduleDefinition {
  job: string;
  label: string;
  description: string;
  everySeconds: number;
  /** Seconds after midnight Asia/Shanghai of the first run (daily sweeps at 02:00). */
  atSecondOfDay?: number;
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  singletonKey?: string;
  orgPath?: string | null;
  createdBy?: number | null;
}

const LEASE_SECONDS = 300;

/**
 * Puts a job row in the queue inside the caller's transaction, for code that has no `JobQueue` at hand
 * (the policy matcher, whose pushes and their delivery job commit together). The name must be one of
 * `JOB_DEFINITIONS`; an unknown one fails when a worker claims it.
 */
export async function enqueueJob(
  db: Executor,
  name: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<number | null> {
  const row = await db
    .insertInto('jobs')
    .values({
      name,
      payload: JSON.stringify(payload ?? {}),
      run_at: options.runAt ?? systemNow(),
      max_attempts: options.maxAttempts ?? 3,
      singleton_key: options.singletonKey ?? null,
      org_path: options.orgPath ?? null,
      created_by: options.createdBy ?? null,
    })
    .onConflict((oc) => oc.column('singleton_key').where('singleton_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export class JobQueue {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly database: Database,
    readonly definitions: Record<string, JobDefinition>,
    readonly schedules: ScheduleDefinition[],
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  async enqueue(
    db: Executor,
    name: string,
    payload: unknown,
    options: EnqueueOptions = {},
  ): Promise<number | null> {
    if (!this.definitions[name]) throw new Error(`unknown job ${name}`);
    return enqueueJob(db, name, payload, {
      ...options,
      maxAttempts: options.maxAttempts ?? this.definitions[name].maxAttempts ?? 3,
    });
  }

  /** Puts the schedule rows in place (new ones only; an existing schedule keeps its next run). */
  async installSchedules(): Promise<void> {
    for (const s of this.schedules) {
      await this.database.db
        .insertInto('job_schedules')
        .values({ name: s.job, every_seconds: s.everySeconds, next_run_at: firstRun(s, systemNow()) })
        .onConflict((oc) => oc.column('name').doUpdateSet({ every_seconds: s.everySeconds }))
        .execute();
    }
  }

  start(): void {
    this.stopping = false;
    const tick = async () => {
      if (this.stopping) return;
      this.running = this.tick().then(
        () => undefined,
        (err) => this.log.error({ err }, 'job tick failed'),
      );
      await this.running;
      if (!this.stopping) this.timer = setTimeout(tick, this.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round: enqueue due schedules, requeue expired leases, run jobs until none is ready. */
  async tick(): Promise<number> {
    await this.enqueueDueSchedules();
    await this.requeueExpired();
    let ran = 0;
    while (!this.stopping && (await this.runOne())) ran++;
    return ran;
  }

  async enqueueDueSchedules(): Promise<void> {
    const due = await this.database.db
      .selectFrom('job_schedules')
      .select('name')
      .where('next_run_at', '<=', sql<Date>`now()`)
      .execute();
    for (const s of due) {
      await this.database.db.transaction().execute(async (trx) => {
        // the row lock makes a second worker re-check `next_run_at <= now()` after the first moved it on
        const claimed = await trx
          .updateTable('job_schedules')
          .set({
            last_run_at: sql`now()`,
            // the next slot after now, keeping the schedule's time of day
            next_run_at: sql`next_run_at + make_interval(secs => every_seconds * (floor(extract(epoch from (now() - next_run_at)) / every_seconds) + 1))`,
          })
          .where('name', '=', s.name)
          .where('next_run_at', '<=', sql<Date>`now()`)
          .returning(['name', 'next_run_at'])
          .executeTakeFirst();
        if (claimed && this.definitions[s.name]) {
          await this.enqueue(
            trx,
            s.name,
            {},
            { singletonKey: `${s.name}@before:${claimed.next_run_at.toISOString()}` },
          );
        }
      });
    }
  }

  async requeueExpired(): Promise<void> {
    await this.database.db
      .updateTable('jobs')
      .set({
        state: 'queued',
        locked_by: null,
        locked_until: null,
        last_error: '执行进程中断，任务已重新排队',
      })
      .where('state', '=', 'running')
      .where('locked_until', '<', sql<Date>`now()`)
      .execute();
  }

  /** Claims and runs one ready job; false when there is none. */
  async runOne(): Promise<boolean> {
    const job = await this.database.db
      .updateTable('jobs')
      .set({
        state: 'running',
        attempts: sql`attempts + 1`,
        locked_by: this.workerId,
        locked_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
        started_at: sql`now()`,
      })
      .where(
        'id',
        '=',
        (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where('state', '=', 'queued')
            .where('run_at', '<=', sql<Date>`now()`)
            .orderBy('run_at')
            .orderBy('id')
            .limit(1)
            .forUpdate()
            .skipLocked() as never,
      )
      .returningAll()
      .executeTakeFirst();
    if (!job) return false;
    const definition = this.definitions[job.name];
    const log = this.log.child({ job: job.id, name: job.name });
    try {
      if (!definition) throw new Error(`没有名为 ${job.name} 的任务处理程序`);
      const result = await definition.handler(job.payload, {
        job,
        db: this.database,
        log,
        progress: async (percent, note) => {
          await this.database.db
            .updateTable('jobs')
            .set({
              result: JSON.stringify({
                progress: Math.max(0, Math.min(100, Math.round(percent))),
                note: note ?? null,
              }),
              locked_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
            })
            .where('id', '=', job.id)
            .execute();
        },
      });
      await this.database.db
        .updateTable('jobs')
        .set({
          state: 'done',
          finished_at: sql`now()`,
          locked_by: null,
          locked_until: null,
          result: JSON.stringify(result ?? null),
        })
        .where('id', '=', job.id)
        .execute();
      log.info('job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry = job.attempts < job.max_attempts;
      await this.database.db
        .updateTable('jobs')
        .set({
          state: retry ? 'queued' : 'failed',
          // 30 s, 2 min, 8 min, ...
          run_at: retry ? sql`now() + make_interval(secs => ${30 * 4 ** (job.attempts - 1)})` : job.run_at,
          finished_at: retry ? null : sql`now()`,
          locked_by: null,
          locked_until: null,
          last_error: message.slice(0, 2000),
        })
        .where('id', '=', job.id)
        .execute();
      log.warn({ err: error, retry }, 'job failed');
    }
    return true;
  }
}

/** The first run at or after `now` at the schedule's time of day in Asia/Shanghai (UTC+8, no DST). */
export function firstRun(s: ScheduleDefinition, now: Date): Date {
  if (s.atSecondOfDay === undefined) return now;
  const shanghaiMidnightUtc =
    Math.floor((now.getTime() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
  let at = shanghaiMidnightUtc + s.atSecondOfDay * 1000;
  while (at < now.getTime()) at += s.everySeconds * 1000;
  return new Date(at);
}
