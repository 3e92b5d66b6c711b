import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { systemNow } from './clock.ts';
import { firstRun, JobQueue } from './jobs.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: false });
});
afterAll(() => t.close());

const log = pino({ level: 'silent' });

describe('durable job queue', () => {
  it('runs a job, retries a failing one with backoff, and leaves it failed after its attempts', async () => {
    const seen: unknown[] = [];
    let failures = 0;
    const queue = new JobQueue(
      t.database,
      {
        ok: { label: '成功', handler: async (p) => void seen.push(p) },
        flaky: {
          label: '失败',
          maxAttempts: 2,
          handler: async () => {
            failures++;
            throw new Error('对方系统无响应');
          },
        },
      },
      [],
      log,
    );
    const okId = await queue.enqueue(t.database.db, 'ok', { n: 1 });
    const flakyId = await queue.enqueue(t.database.db, 'flaky', {});
    await queue.tick();
    expect(seen).toEqual([{ n: 1 }]);
    const afterFirst = await t.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', flakyId!)
      .executeTakeFirstOrThrow();
    expect(afterFirst).toMatchObject({ state: 'queued', attempts: 1, last_error: '对方系统无响应' });
    expect(afterFirst.run_at.getTime()).toBeGreaterThan(systemNow().getTime() + 20_000);
    // make the retry due now and run it again: the second failure is final
    await t.database.db.updateTable('jobs').set({ run_at: sql`now()` }).where('id', '=', flakyId!).execute();
    await queue.tick();
    const final = await t.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', flakyId!)
      .executeTakeFirstOrThrow();
    expect(final).toMatchObject({ state: 'failed', attempts: 2 });
    expect(failures).toBe(2);
    const ok = await t.database.db
      .selectFrom('jobs')
      .select('state')
      .where('id', '=', okId!)
      .executeTakeFirstOrThrow();
    expect(ok.state).toBe('done');
  });

  it('requeues a job whose process died (lease expired), so a restart loses nothing', async () => {
    const ran: number[] = [];
    const queue = new JobQueue(
      t.database,
      { work: { label: '工作', handler: async (p) => void ran.push((p as { n: number }).n) } },
      [],
      log,
    );
    const id = await queue.enqueue(t.database.db, 'work', { n: 7 });
    // a crashed worker: running, lease in the past
    await t.database.db
      .updateTable('jobs')
      .set({
        state: 'running',
        attempts: 1,
        locked_by: 'dead:1',
        locked_until: sql`now() - interval '1 minute'`,
      })
      .where('id', '=', id!)
      .execute();
    await queue.tick();
    expect(ran).toEqual([7]);
  });

  it('enqueues a due schedule exactly once even when two workers tick together', async () => {
    const runs: string[] = [];
    const defs = { daily: { label: '每日', handler: async () => void runs.push('run') } };
    const schedule = [
      { job: 'daily', label: '每日', description: '测试', everySeconds: 86_400, atSecondOfDay: 7200 },
    ];
    const a = new JobQueue(t.database, defs, schedule, log);
    const b = new JobQueue(t.database, defs, schedule, log);
    await a.installSchedules();
    await t.database.db
      .updateTable('job_schedules')
      .set({ next_run_at: sql`now() - interval '1 second'` })
      .where('name', '=', 'daily')
      .execute();
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toEqual(['run']);
    const row = await t.database.db
      .selectFrom('job_schedules')
      .selectAll()
      .where('name', '=', 'daily')
      .executeTakeFirstOrThrow();
    expect(row.next_run_at.getTime()).toBeGreaterThan(systemNow().getTime());
  });

  it('lists jobs and lets an administrator retry a failed one', async () => {
    const admin = await createTestApp();
    try {
      const s = await admin.login('admin');
      await admin.database.db
        .insertInto('jobs')
        .values({
          name: 'maintenance.cleanup',
          payload: '{}',
          state: 'failed',
          attempts: 3,
          last_error: '磁盘已满',
        })
        .execute();
      const list = await admin.as(s, { url: '/api/v1/jobs?state=failed' });
      expect(list.json().items[0]).toMatchObject({ nameLabel: '清理过期会话与记录', lastError: '磁盘已满' });
      expect(list.json().counts.failed).toBe(1);
      const retry = await admin.as(s, {
        method: 'POST',
        url: `/api/v1/jobs/${list.json().items[0].id}/retry`,
      });
      expect(retry.json().state).toBe('queued');
      await admin.queue.tick();
      const after = await admin.as(s, { url: '/api/v1/jobs?state=done' });
      expect(after.json().total).toBe(1);
      const district = await admin.login('district');
      expect((await admin.as(district, { url: '/api/v1/jobs' })).json().items).toEqual([]);
      const schedules = await admin.as(s, { url: '/api/v1/jobs/schedules' });
      expect(
        schedules.json().items.find((s: { name: string }) => s.name === 'maintenance.cleanup'),
      ).toMatchObject({ every: '每天 02:00' });
    } finally {
      await admin.close();
    }
    // builds a whole demo app inside the test (not in a hook): give it the hooks' time on a loaded machine
  }, 120_000);
});

describe('firstRun', () => {
  it('puts a daily 02:00 schedule at the next 02:00 in Asia/Shanghai', () => {
    const s = { job: 'x', label: 'x', description: '', everySeconds: 86_400, atSecondOfDay: 7200 };
    // 2026-11-23 01:00 Shanghai = 2026-11-22T17:00Z → today 02:00 = 2026-11-22T18:00Z
    expect(firstRun(s, new Date('2026-11-22T17:00:00Z')).toISOString()).toBe('2026-11-22T18:00:00.000Z');
    // 03:00 Shanghai → tomorrow 02:00
    expect(firstRun(s, new Date('2026-11-22T19:00:00Z')).toISOString()).toBe('2026-11-23T18:00:00.000Z');
  });
});
