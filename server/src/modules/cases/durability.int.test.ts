import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from '../../test/harness.ts';
import {
  freePort,
  type HttpSession,
  loginOverHttp,
  plainCategoryId,
  type ServerProcess,
  spawnServer,
} from '../../test/process.ts';

/**
 * What a client was told was saved, is saved: the real server process on PostgreSQL takes a burst of
 * submissions, is killed with SIGKILL in the middle of it, and starts again. Every submission that was
 * answered 201 must be there, once; a retry of the unanswered ones with their Idempotency-Key must
 * neither lose nor double any of them.
 */
describe.runIf(engine === 'postgres')('a server killed during a burst of submissions', () => {
  // read lazily: on the PGlite tier this suite is skipped and TEST_DATABASE_URL may be unset
  const base = () => process.env.TEST_DATABASE_URL!;
  const dbName = `honglian_kill_${randomBytes(5).toString('hex')}`;
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.kill('SIGKILL');
    if (!process.env.TEST_DATABASE_URL) return;
    const admin = new pg.Client({ connectionString: base() });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  it('keeps every acknowledged submission exactly once', { timeout: 600_000 }, async () => {
    const url = new URL(base());
    url.pathname = `/${dbName}`;
    const admin = new pg.Client({ connectionString: base() });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();

    const env = { DATABASE_URL: url.toString(), HONGLIAN_DEMO: '1' };
    const port = await freePort();
    server = await spawnServer(env, { port });
    const session = await loginOverHttp(server.baseUrl, 'resident');
    const categoryId = await plainCategoryId(server.baseUrl, session);

    const acknowledged = new Map<string, number>(); // Idempotency-Key → case id the server answered
    const attempted: string[] = [];
    let killed = false;
    let dead: Promise<void> = Promise.resolve();
    let next = 0;
    const killAfter = 40;
    const target = server;

    async function submit(key: string, s: HttpSession, baseUrl: string): Promise<Response> {
      return fetch(`${baseUrl}/api/v1/cases`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          'idempotency-key': key,
        },
        body: JSON.stringify({
          categoryId,
          title: `断电测试 ${key}`,
          description: `压测提交 ${key}：楼道灯不亮，请尽快处理。`,
          channel: 'mobile',
        }),
      });
    }

    // each client keeps submitting until the server stops answering it: the kill lands mid-burst, with
    // the other clients' requests in flight, and every client ends on a request that got no answer
    async function worker() {
      while (next < 2000) {
        const key = `burst-${next++}`;
        attempted.push(key);
        try {
          const res = await submit(key, session, target.baseUrl);
          if (res.status === 201) {
            const body = (await res.json()) as { id: number };
            acknowledged.set(key, body.id);
            if (acknowledged.size >= killAfter && !killed) {
              killed = true;
              dead = target.kill('SIGKILL');
            }
          }
        } catch {
          // connection reset or refused: not acknowledged
          if (killed) return;
        }
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker));
    await dead;
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);
    const unanswered = attempted.filter((k) => !acknowledged.has(k));
    expect(unanswered.length, 'some requests were in flight when the server died').toBeGreaterThan(0);

    // restart on the same database (the demo is not loaded twice) and look at what it kept
    server = await spawnServer(env, { port });
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const saved = await db.query<{ id: string; key: string }>(
        `select id::text, substring(submit_key from '[^:]*$') as key from cases where title like '断电测试 burst-%'`,
      );
      const byKey = new Map(saved.rows.map((r) => [r.key, Number(r.id)]));
      expect(byKey.size, 'no submission is stored twice').toBe(saved.rows.length);
      for (const [key, id] of acknowledged) expect(byKey.get(key), `acknowledged ${key}`).toBe(id);
      for (const key of byKey.keys()) expect(attempted).toContain(key);

      // the client retries what it was never told about, with the same keys
      const again = await loginOverHttp(server.baseUrl, 'resident');
      for (const key of unanswered) {
        const res = await submit(key, again, server.baseUrl);
        expect(res.status, key).toBe(201);
        const { id } = (await res.json()) as { id: number };
        if (byKey.has(key)) {
          expect(id).toBe(byKey.get(key));
          expect(res.headers.get('idempotent-replay')).toBe('true');
        }
      }
      const after = await db.query<{ n: string; keys: string }>(
        `select count(*)::text as n, count(distinct submit_key)::text as keys from cases
         where title like '断电测试 burst-%'`,
      );
      expect(Number(after.rows[0]!.n)).toBe(attempted.length);
      expect(Number(after.rows[0]!.keys)).toBe(attempted.length);
    } finally {
      await db.end();
    }
  });
});
