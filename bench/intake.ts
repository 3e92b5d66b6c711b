// npm run bench:intake -- [--engine=postgres|pglite] [--seconds=10] [--connections=10]
// Starts the real server (demo city) on a fresh database, then drives it over HTTP on 127.0.0.1 with
// autocannon, in one run and with the same settings:
//   1. GET  /api/health                  the floor: what the process answers with no work to do
//   2. POST /api/v1/cases                a resident's 随手拍 (session cookie, CSRF, a fresh Idempotency-Key each)
//   3. POST /open311/v2/requests.json    a 12345 hotline system through Open311 (form-encoded, api_key)
// and checks afterwards that every 2xx answer left exactly one stored case. The load tool and the server
// share the machine's cores, so the figures are a floor, not a ceiling. The last line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
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

  let n = 0;
  const cases = await autocannon({
    url: server.baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/cases',
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              cookie: session.cookie,
              'x-csrf-token': session.csrf,
              'idempotency-key': `bench-${run}-${i}`,
            },
            body: JSON.stringify({
              categoryId,
              title: `压测随手拍 ${run}-${i}`,
              description: `压测提交 ${i}：小区门口路灯不亮，晚上出行不便。`,
              channel: 'mobile',
              lat: 24.5081,
              long: 118.1412,
            }),
          };
        },
      },
    ],
  });

  let m = 0;
  const open311 = await autocannon({
    url: server.baseUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/open311/v2/requests.json',
        setupRequest: (req) => ({
          ...req,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            api_key: DEMO_OPEN311_KEY,
            service_code: 'ZDJY',
            lat: '24.5081',
            long: '118.1412',
            description: `压测 Open311 ${run}-${m++}：公交站旁流动摊贩占道`,
            'attribute[KIND]': 'vendor',
          }).toString(),
        }),
      },
    ],
  });

  const rows = [summarise('GET /api/health', health), summarise('POST /api/v1/cases', cases)];
  rows.push(summarise('POST /open311/v2/requests.json', open311));

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
autocannon on 127.0.0.1, ${connections} connections, ${seconds} s per row, one after another in one run; the load tool
and the server share the cores. Server start with the demo city: ${startSeconds.toFixed(1)} s.

| 请求 | 吞吐 (req/s) | p50 (ms) | p99 (ms) | max (ms) | 2xx | 非 2xx | 错误/超时 |
|---|---:|---:|---:|---:|---:|---:|---:|
${table}

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
    }),
  );
} finally {
  await server.kill('SIGTERM');
  await fresh?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
