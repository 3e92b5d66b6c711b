// npm run bench:intake -- [--engine=postgres|pglite] [--seconds=10] [--connections=10] [--warmup=3]
// Starts the real server (demo city) on a fresh database, then drives it over HTTP on 127.0.0.1 with
// autocannon, in one run and with the same settings:
//   1. GET  /api/health                  the floor: what the process answers with no work to do
//   2. POST /api/v1/cases                a resident's 随手拍 (session cookie, CSRF, a fresh Idempotency-Key each)
//   3. POST /open311/v2/requests.json    a 12345 hotline system through Open311 (form-encoded, api_key)
// and checks afterwards that every 2xx answer left exactly one stored case. On PostgreSQL it then runs the
// reference (issue 11): pgbench, with as many clients, doing the same transaction straight on the database
// (one wide case row, three event rows, an update, an audit row, commit), and prints the ratio of the
// intake's rate to pgbench's. The load tool and the server share the machine's cores, so the figures are a
// floor, not a ceiling. The last line is one JSON object.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEMO_OPEN311_KEY } from '../server/src/modules/cases/demo.ts';
import { systemNow } from '../server/src/platform/clock.ts';
import { loginOverHttp, plainCategoryId, spawnServer } from '../server/src/test/process.ts';
import { arg, benchPostgresUrl, machine, writeSection } from './lib.ts';

const engine = arg('engine', 'postgres');
const seconds = Number(arg('seconds', '10'));
const connections = Number(arg('connections', '10'));
const warmup = Number(arg('warmup', '3'));

const fresh = engine === 'postgres' ? await benchPostgresUrl() : undefined;
const dataDir = engine === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'honglian-bench-')) : undefined;
const env: Record<string, string> = fresh
  ? { DATABASE_URL: fresh.url, HONGLIAN_DEMO: '1' }
  : { DATABASE_URL: '', HONGLIAN_DATA_DIR: dataDir!, HONGLIAN_DEMO: '1' };

const startedAt = performance.now();
const server = await spawnServer(env);
const startSeconds = (performance.now() - startedAt) / 1000;
const run = Math.random().toString(36).slice(2, 8);

type Row = {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  non2xx: number;
  errors: number;
};

function summarise(name: string, r: autocannon.Result): Row {
  return {
    name,
    rps: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

try {
  const session = await loginOverHttp(server.baseUrl, 'resident');
  const categoryId = await plainCategoryId(server.baseUrl, session);

  const health = await autocannon({
    url: `${server.baseUrl}/api/health`,
    connections,
    duration: seconds,
  });

  // a resident's 随手拍 and a hotline's Open311 request, each with the run's tag in its text
  const post = (
    path: string,
    duration: number,
    request: () => { headers: Record<string, string>; body: string },
  ) =>
    autocannon({
      url: server.baseUrl,
      connections,
      duration,
      requests: [{ method: 'POST', path, setupRequest: (req) => ({ ...req, ...request() }) }],
    });
  let n = 0;
  const submitCases = (tag: string, duration: number) =>
    post('/api/v1/cases', duration, () => {
      const i = n++;
      return {
        headers: {
          'content-type': 'application/json',
          cookie: session.cookie,
          'x-csrf-token': session.csrf,
          'idempotency-key': `bench-${tag}-${i}`,
        },
        body: JSON.stringify({
          categoryId,
          title: `压测随手拍 ${tag}-${i}`,
          description: `压测提交 ${i}：小区门口路灯不亮，晚上出行不便。`,
          channel: 'mobile',
          lat: 24.5081,
          long: 118.1412,
        }),
      };
    });
  let m = 0;
  const submitOpen311 = (tag: string, duration: number) =>
    post('/open311/v2/requests.json', duration, () => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: DEMO_OPEN311_KEY,
        service_code: 'ZDJY',
        lat: '24.5081',
        long: '118.1412',
        description: `压测 Open311 ${tag}-${m++}：公交站旁流动摊贩占道`,
        'attribute[KIND]': 'vendor',
      }).toString(),
    }));

  // Each measured row follows a warm-up of the same requests, tagged apart (`w` before the run's tag, so
  // neither PostgreSQL's prefix count nor PGlite's text search counts them): the server
  // measured in its steady state, its code compiled by V8, as pgbench's is from its first transaction.
  if (warmup > 0) await submitCases(`w${run}`, warmup);
  // the CPU the server process and its database connections spend while the submissions run (/proc)
  const cpu = await cpuMeter(server.child.pid!, fresh?.url);
  const cases = await submitCases(run, seconds);
  const cpuMs = await cpu.stop();
  const cpuPerRequest = {
    node: Math.round((cpuMs.node / Math.max(1, cases.requests.total)) * 100) / 100,
    postgres: fresh ? Math.round((cpuMs.postgres / Math.max(1, cases.requests.total)) * 100) / 100 : null,
  };
  if (warmup > 0) await submitOpen311(`w${run}`, warmup);
  const open311 = await submitOpen311(run, seconds);

  const rows = [summarise('GET /api/health', health), summarise('POST /api/v1/cases', cases)];
  rows.push(summarise('POST /open311/v2/requests.json', open311));
  const reference = fresh ? await pgbenchReference(fresh.url, run) : null;
  const ratio = reference ? Math.round((rows[1]!.rps / reference.tps) * 100) / 100 : null;

  // every acknowledged submission left exactly one case
  const counted = await countStored(run);
  const stored = { cases: counted.cases, open311: counted.open311 };

  const table = rows
    .map(
      (r) =>
        `| ${r.name} | ${r.rps} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.ok} | ${r.non2xx} | ${r.errors} |`,
    )
    .join('\n');
  const date = systemNow().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  writeSection(
    `intake:${engine}`,
    `### 诉求受理吞吐 (intake, ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'})

Machine: ${machine()}. Date: ${date} (Asia/Shanghai). Command: \`npm run bench:intake -- --engine=${engine}\`.
autocannon on 127.0.0.1, ${connections} connections, ${seconds} s per row, one after another in one run, each
POST row after ${warmup} s of the same requests (a warm-up, not counted); the load tool and the server share the cores. Server start with the demo city: ${startSeconds.toFixed(1)} s.

| 请求 | 吞吐 (req/s) | p50 (ms) | p99 (ms) | max (ms) | 2xx | 非 2xx | 错误/超时 |
|---|---:|---:|---:|---:|---:|---:|---:|
${table}

${
  reference
    ? `Reference: pgbench ${reference.version}, ${connections} clients, ${seconds} s, \`-M prepared\`, the same transaction
straight on the database (one wide case row, three event rows, an update, an audit row, commit; \`bench/intake.ts\`):
**${reference.tps} tps, p99 ${reference.p99Ms} ms**. The intake's rate is **${ratio}** of it (goal ≥ 0.4, p99 < 50 ms).

`
    : ''
}CPU per \`POST /api/v1/cases\` while it ran (from \`/proc\`): the Node server ${cpuPerRequest.node} ms${
      cpuPerRequest.postgres === null
        ? ' (the embedded database is inside it)'
        : `, its PostgreSQL connections ${cpuPerRequest.postgres} ms`
    }; the two cores are shared with the load tool.

Stored afterwards: ${stored.cases} cases from \`POST /api/v1/cases\` (2xx answers: ${rows[1]!.ok}), ${stored.open311} from Open311 (2xx answers: ${rows[2]!.ok}).
Each submission is one transaction (case row, its first event, its clocks) committed before the answer is sent; the
stored count can exceed the 2xx count by the requests still in flight when the load tool stopped listening (at most one per connection).`,
  );
  // autocannon stops listening when the time is up: up to one request per connection was still being
  // committed then, so stored may exceed the 2xx count by at most `connections`, never fall below it
  const lost = stored.cases < rows[1]!.ok || stored.open311 < rows[2]!.ok;
  const extra = stored.cases - rows[1]!.ok > connections || stored.open311 - rows[2]!.ok > connections;
  if (lost || extra) {
    console.error('错误：已确认的提交数与数据库中的诉求数对不上', stored, rows[1]!.ok, rows[2]!.ok);
    process.exitCode = 1;
  }
  console.log(
    JSON.stringify({
      engine,
      connections,
      seconds,
      healthRps: rows[0]!.rps,
      healthP99Ms: rows[0]!.p99Ms,
      intakeRps: rows[1]!.rps,
      intakeP99Ms: rows[1]!.p99Ms,
      intakeAcknowledged: rows[1]!.ok,
      intakeStored: stored.cases,
      open311Rps: rows[2]!.rps,
      open311P99Ms: rows[2]!.p99Ms,
      open311Acknowledged: rows[2]!.ok,
      open311Stored: stored.open311,
      pgbenchTps: reference?.tps ?? null,
      pgbenchP99Ms: reference?.p99Ms ?? null,
      intakeToPgbench: ratio,
      cpuMsPerIntake: cpuPerRequest,
    }),
  );
} finally {
  await server.kill('SIGTERM');
  await fresh?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/**
 * pgbench doing what a 随手拍 costs the database, with the values of a case the intake just stored (its
 * area, category and reporter), as many clients as the load tool had connections. Returns its rate and
 * the 99th percentile of its transactions' latency, from pgbench's per-transaction log.
 */
async function pgbenchReference(
  url: string,
  tag: string,
): Promise<{ tps: number; p99Ms: number; version: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const sample = await c
    .query<{
      region_code: string;
      org_id: number;
      org_path: string;
      category_id: number;
      reporter_id: number;
      tier: string;
    }>(
      `select region_code, org_id, org_path, category_id, reporter_id, tier from cases where title like $1 limit 1`,
      [`压测随手拍 ${tag}-%`],
    )
    .finally(() => c.end());
  const v = sample.rows[0]!;
  const q = (t: string) => `'${t.replaceAll("'", "''")}'`;
  const dir = mkdtempSync(path.join(tmpdir(), 'honglian-pgbench-'));
  const script = `\\set n random(1, 1000000000000)
BEGIN;
INSERT INTO cases (region_code, org_id, org_path, category_id, channel, title, description, title_search, lat, long,
  reporter_id, anonymous, tier, submit_key, state, created_at, updated_at)
VALUES (${q(v.region_code)}, ${v.org_id}, ${q(v.org_path)}, ${v.category_id}, 'mobile', '压测参照 ' || :client_id || '-' || :n,
  '压测提交：小区门口路灯不亮，晚上出行不便。', '压测参照 压测提交：小区门口路灯不亮，晚上出行不便。', 24.5081, 118.1412,
  ${v.reporter_id}, false, ${q(v.tier)}, 'pgbench:' || :client_id || '-' || :n, 'submitted', now(), now())
RETURNING id AS case_id \\gset
INSERT INTO case_events (case_id, region_code, at, actor_id, actor_name, action, from_state, to_state, comment, payload)
VALUES (:case_id, ${q(v.region_code)}, now(), ${v.reporter_id}, '压测居民（resident）', 'submit', NULL, 'submitted', '手机提交', NULL),
  (:case_id, ${q(v.region_code)}, now(), NULL, '系统（自动派单）', 'accept', 'submitted', 'accepted', '按分类自动受理', NULL),
  (:case_id, ${q(v.region_code)}, now(), NULL, '系统（自动派单）', 'dispatch', 'accepted', 'dispatched', '按规则派单', '{"leadOrgId": ${v.org_id}}');
UPDATE cases SET state = 'dispatched', lead_org_id = ${v.org_id}, lead_org_path = ${q(v.org_path)},
  sign_due_at = now() + interval '1 day', signed_on_time = NULL, completion_due_at = now() + interval '7 days',
  completion_breached = false, clocks_paused = false WHERE id = :case_id;
INSERT INTO audit_events (actor_id, actor_name, action, entity_type, entity_id, org_path, region_code, after)
VALUES (${v.reporter_id}, '压测居民（resident）', 'case.create', 'case', :case_id, ${q(v.org_path)}, ${q(v.region_code)},
  '{"title": "压测参照", "channel": "mobile", "state": "dispatched"}');
END;
`;
  writeFileSync(path.join(dir, 'intake.sql'), script);
  const pgbench = [
    'pgbench',
    ...readdirSafe('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`),
  ];
  const bin = pgbench.find((b) => spawnSync(b, ['--version']).status === 0);
  if (!bin) throw new Error('未找到 pgbench（PostgreSQL 自带；apt-get install postgresql）');
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const r = spawnSync(
    bin,
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(connections),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-l',
      '--log-prefix',
      path.join(dir, 'log'),
      '-f',
      path.join(dir, 'intake.sql'),
      url,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`pgbench 失败：${r.stderr}`);
  const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1]);
  // each log line: client, transaction, latency in µs, script, epoch seconds, µs
  const latencies = readdirSync(dir)
    .filter((f) => f.startsWith('log'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]))
    .sort((a, b) => a - b);
  rmSync(dir, { recursive: true, force: true });
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return { tps: Math.round(tps), p99Ms: Math.round(p99 / 100) / 10, version };
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

async function countStored(tag: string): Promise<{ cases: number; open311: number }> {
  if (fresh) {
    const c = new pg.Client({ connectionString: fresh.url });
    await c.connect();
    try {
      const r = await c.query<{ cases: number; open311: number }>(
        `select count(*) filter (where title like $1)::int as cases,
                count(*) filter (where description like $2)::int as open311 from cases`,
        [`压测随手拍 ${tag}-%`, `压测 Open311 ${tag}-%`],
      );
      return r.rows[0]!;
    } finally {
      await c.end();
    }
  }
  // PGlite lives inside the server process: ask it over HTTP as the administrator
  const admin = await loginOverHttp(server.baseUrl, 'admin');
  const total = async (q: string) => {
    const res = await fetch(`${server.baseUrl}/api/v1/cases?q=${encodeURIComponent(q)}&limit=1`, {
      headers: { cookie: admin.cookie },
    });
    return ((await res.json()) as { total: number }).total;
  };
  return { cases: await total(`压测随手拍 ${tag}`), open311: await total(`压测 Open311 ${tag}`) };
}

/**
 * CPU time (ms) of a process, and of the PostgreSQL backends serving one database, between start and
 * stop. The pool opens connections as the load needs them: a backend that appears meanwhile counts whole.
 */
async function cpuMeter(pid: number, databaseUrl: string | undefined) {
  const ticks = (p: number) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
    } catch {
      return 0; // a backend that ended
    }
  };
  const backends = async (): Promise<number[]> => {
    if (!databaseUrl) return [];
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const r = await c.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return r.rows.map((x) => x.pid);
    } finally {
      await c.end();
    }
  };
  const node0 = ticks(pid);
  const pg0 = new Map((await backends()).map((b) => [b, ticks(b)]));
  return {
    async stop() {
      const node = ticks(pid) - node0;
      const seen = new Set([...pg0.keys(), ...(await backends())]);
      let postgres = 0;
      // a backend that ended meanwhile reads 0: it is left out rather than counted negative
      for (const b of seen) postgres += Math.max(0, ticks(b) - (pg0.get(b) ?? 0));
      return { node, postgres };
    },
  };
}
