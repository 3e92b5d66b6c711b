import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestApp, engine, openTestDatabase, type TestApp } from '../test/harness.ts';
import { loadConfig, repoRoot } from './config.ts';
import { DatabaseNewerThanCodeError, loadMigrations, migrate } from './db/migrate.ts';
import { ERROR_CATALOGUE } from './errors.ts';
import { fileChunkSink, fileContent } from './exports.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health and documents', () => {
  it('reports the engine in use', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: engine });
  });

  it('publishes an OpenAPI 3 document with every route and its schemas', async () => {
    const res = await t.app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/v1/orgs',
      '/api/v1/orgs/{id}',
      '/api/v1/auth/login',
      '/api/v1/calendar/{year}',
      '/api/v1/users',
      '/api/v1/audit',
      '/api/v1/jobs',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/v1/orgs'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/orgs/{id}'].get.responses['200']).toBeDefined();
  });

  it('serves the docs page for people and the error code page', async () => {
    const docs = await t.app.inject({ url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    const errors = await t.app.inject({ url: '/api/docs/errors' });
    expect(errors.body).toContain('org.move_cycle');
  });

  it('answers an unknown API path with a 404 problem', async () => {
    const anonymous = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(anonymous.statusCode).toBe(401);
    const res = await t.as(await t.login('admin'), { url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('security headers', () => {
  function expectGuarded(res: { headers: Record<string, unknown> }, what: string) {
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    expect(res.headers['x-frame-options'], what).toBe('DENY');
    expect(String(res.headers['content-security-policy']), what).toContain("frame-ancestors 'none'");
  }

  it('forbid sniffing and framing on API answers, errors and documents', async () => {
    const s = await t.login('admin');
    expectGuarded(await t.app.inject({ url: '/api/health' }), 'health');
    expectGuarded(await t.app.inject({ url: '/api/v1/orgs' }), '401');
    expectGuarded(await t.as(s, { url: '/api/v1/orgs' }), 'orgs');
    expectGuarded(await t.as(s, { url: '/api/v1/nothing-here' }), '404');
    expectGuarded(await t.app.inject({ url: '/api/docs/errors' }), 'error page');
    expectGuarded(await t.app.inject({ url: '/api/docs/static/index.html' }), 'swagger ui');
    expectGuarded(await t.app.inject({ url: '/open311/v2/services.json' }), 'open311');
  });

  it('forbid framing on the console and mobile pages, which are still served', async () => {
    const webDist = mkdtempSync(path.join(tmpdir(), 'hl-web-'));
    mkdirSync(path.join(webDist, 'm'));
    mkdirSync(path.join(webDist, 'assets'));
    writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><title>红链</title><div id="root"></div>',
    );
    writeFileSync(path.join(webDist, 'm', 'index.html'), '<!doctype html><title>红链 H5</title>');
    writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log(1)');
    const { app } = await buildApp({
      config: { ...loadConfig({}), webDist, jobs: false },
      database: t.database,
      logger: false,
    });
    try {
      for (const [url, text] of [
        ['/', '红链'],
        ['/cases/12', '红链'],
        ['/m/', '红链 H5'],
        ['/m/report', '红链 H5'],
        ['/assets/app.js', 'console.log'],
      ] as const) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toContain(text);
        expectGuarded(res, url);
        // only framing is restricted: no script or style policy that could stop Ant Design's inline styles
        expect(String(res.headers['content-security-policy']), url).not.toMatch(
          /default-src|style-src|script-src/,
        );
      }
    } finally {
      await app.close();
      rmSync(webDist, { recursive: true, force: true });
    }
  });

  it('send the compressed copy the build wrote, keep hashed assets for a year and revalidate the pages', async () => {
    const webDist = mkdtempSync(path.join(tmpdir(), 'hl-web-'));
    mkdirSync(path.join(webDist, 'assets'));
    const page = '<!doctype html><title>红链</title>';
    const script = `console.log(${JSON.stringify('红'.repeat(2000))})`;
    writeFileSync(path.join(webDist, 'index.html'), page);
    writeFileSync(path.join(webDist, 'index.html.gz'), gzipSync(page));
    writeFileSync(path.join(webDist, 'assets', 'app-1a2b3c.js'), script);
    writeFileSync(path.join(webDist, 'assets', 'app-1a2b3c.js.br'), brotliCompressSync(script));
    writeFileSync(path.join(webDist, 'assets', 'app-1a2b3c.js.gz'), gzipSync(script));
    const { app } = await buildApp({
      config: { ...loadConfig({}), webDist, jobs: false },
      database: t.database,
      logger: false,
    });
    try {
      const br = await app.inject({
        url: '/assets/app-1a2b3c.js',
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
      expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 10);

      const gz = await app.inject({ url: '/assets/app-1a2b3c.js', headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

      // a client that accepts no compression gets the file itself
      const plain = await app.inject({
        url: '/assets/app-1a2b3c.js',
        headers: { 'accept-encoding': 'identity' },
      });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(script);

      // the pages name the current assets: a browser asks again each time (and gets the gzip copy)
      for (const url of ['/', '/orgs']) {
        const res = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe('no-cache');
        expect(gunzipSync(res.rawPayload).toString(), url).toBe(page);
      }
    } finally {
      await app.close();
      rmSync(webDist, { recursive: true, force: true });
    }
  });
});

describe('error catalogue', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'errors.md'), 'utf8');
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(doc, code).toContain(`\`${code}\``);
  });
});

describe('chunked files', () => {
  // a row is written when 32 KiB have gathered: pieces of 7,001 bytes (as the sheet writer's deflate hands
  // over odd sizes) make rows of 5 pieces, 35,005 bytes; a download reads floor(1 MiB / widest row) = 29
  const ROW = 35_005;
  const PER_READ = Math.floor(2 ** 20 / ROW);
  const newFile = async () => {
    const db = t.database.db;
    const owner = await db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow();
    const file = await db
      .insertInto('files')
      .values({
        owner_id: owner.id,
        org_path: null,
        region_code: null,
        kind: 'test.chunks',
        name: 'c.bin',
        content_type: 'application/octet-stream',
        content: null,
        expires_at: sql<Date>`now() + interval '1 day'`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return file.id;
  };
  const readBack = async (id: number) => {
    const parts: Buffer[] = [];
    for await (const part of fileContent(t.database.db, { id, content: null }) as AsyncIterable<Buffer>)
      parts.push(part);
    return Buffer.concat(parts);
  };

  it.each([
    ['crossing a read and ending on a short row', 40 * 32 * 1024 + 100, 38],
    ['exactly two reads of rows, then an empty one', 2 * PER_READ * ROW, 2 * PER_READ],
  ])('store a writer’s bytes in 32 KiB rows and read them back whole: %s', async (_, size, rows) => {
    const db = t.database.db;
    const id = await newFile();
    const content = randomBytes(size);
    const sink = fileChunkSink(db, id);
    const finished = new Promise((resolve, reject) => sink.on('finish', resolve).on('error', reject));
    for (let at = 0; at < content.length; at += 7_001) sink.write(content.subarray(at, at + 7_001));
    sink.end();
    await finished;
    const stored = await db
      .selectFrom('file_chunks')
      .select(['seq', sql<number>`length(data)`.as('size')])
      .where('file_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(stored.map((r) => r.seq)).toEqual(stored.map((_, i) => i));
    expect(stored.length).toBe(rows);
    expect(stored.slice(0, -1).every((r) => Number(r.size) === ROW)).toBe(true);
    expect((await readBack(id)).equals(content)).toBe(true);
    expect(sink.bytes).toBe(content.length);
  });

  it('read a file of 1 MiB rows (written before 32 KiB) whole, one row a statement', async () => {
    const db = t.database.db;
    const id = await newFile();
    const content = randomBytes(3 * 2 ** 20 - 5);
    for (let seq = 0; seq * 2 ** 20 < content.length; seq++)
      await db
        .insertInto('file_chunks')
        .values({ file_id: id, seq, data: content.subarray(seq * 2 ** 20, (seq + 1) * 2 ** 20) })
        .execute();
    expect((await readBack(id)).equals(content)).toBe(true);
  });
});

describe('migrations', () => {
  it('are forward-only and refuse a database newer than the code', async () => {
    const db = await openTestDatabase();
    try {
      const all = loadMigrations();
      expect(await migrate(db, all)).toEqual(all.map((m) => m.version));
      expect(await migrate(db, all)).toEqual([]);
      await expect(migrate(db, all.slice(0, -1))).rejects.toBeInstanceOf(DatabaseNewerThanCodeError);
    } finally {
      await db.drop();
    }
  });

  it('roll back a migration that fails, leaving no trace of it', async () => {
    const db = await openTestDatabase();
    try {
      const broken = [
        ...loadMigrations(),
        { version: 9999, name: 'broken', sql: 'create table half_done (id int); select no_such_function();' },
      ];
      await expect(migrate(db, broken)).rejects.toThrow(/9999_broken/);
      const tables = await db.db.introspection.getTables();
      expect(tables.map((x) => x.name)).not.toContain('half_done');
      expect(tables.map((x) => x.name)).toContain('orgs');
    } finally {
      await db.drop();
    }
  });
});

describe.runIf(engine === 'postgres')('connections cut by the server', () => {
  it('keep the process alive and the next query reconnects', async () => {
    const db = await openTestDatabase();
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (message: string) => warnings.push(message);
    try {
      // open a few pooled connections, leave them idle, then have the server terminate them
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(db.db)));
      const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(db.db);
      expect(killed.rows[0]!.n).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(warnings.join('\n')).toContain('空闲的数据库连接已断开');
      const after = await sql<{ one: number }>`select 1 as one`.execute(db.db);
      expect(after.rows[0]!.one).toBe(1);
    } finally {
      console.warn = warn;
      await db.drop();
    }
  });
});

describe('Idempotency-Key', () => {
  it('returns the first answer for a repeated key and creates nothing new', async () => {
    const s = await t.login('admin');
    const huli = await t.database.db
      .selectFrom('orgs')
      .select('id')
      .where('name', '=', '中共厦门市湖里区委员会')
      .executeTakeFirstOrThrow();
    const send = () =>
      t.as(s, {
        method: 'POST',
        url: '/api/v1/orgs',
        headers: { 'idempotency-key': 'k-123' },
        payload: { name: '幂等测试支部', type: 'branch', parentId: huli.id },
      });
    const first = await send();
    const second = await send();
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const rows = await t.database.db
      .selectFrom('orgs')
      .select('id')
      .where('name', '=', '幂等测试支部')
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('errors answered before a route is found', () => {
  interface RawAnswer {
    status: number;
    headers: Record<string, string>;
    body: string;
  }
  let port = 0;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });

  /** Sends bytes as they are (no client library tidying the URL or headers) and reads the answer. */
  function raw(request: string | Buffer): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', () => undefined); // the server may reset after answering
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = text.split('\r\n\r\n');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const status = Number(statusLine.split(' ')[1]);
        if (!status) return reject(new Error(`no answer: ${text.slice(0, 200)}`));
        const headers = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        resolve({ status, headers, body: rest.join('\r\n\r\n') });
      });
      socket.write(request);
      setTimeout(() => socket.end(), 2000);
    });
  }

  function expectProblem(res: RawAnswer, status: number, what: string) {
    expect(res.status, `${what}: ${res.body.slice(0, 300)}`).toBe(status);
    expect(res.headers['content-type'], what).toContain('application/problem+json');
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    const problem = JSON.parse(res.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n$/g, ''));
    expect(problem.status, what).toBe(status);
    expect(problem.code, what).toMatch(/^[a-z_.]+$/);
    expect(problem.title, what).toMatch(/[\u4e00-\u9fa5]/);
    expect(problem.type, what).toBe(`/api/docs/errors#${problem.code}`);
    return problem;
  }

  const get = (url: string, headers = '') =>
    `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`;

  it('answers an over-long URL or header 431 problem+json', async () => {
    const p = expectProblem(await raw(get(`/api/v1/orgs?q=${'a'.repeat(20_000)}`)), 431, 'long url');
    expect(p.code).toBe('headers_too_large');
    expectProblem(await raw(get('/api/health', `X-Long: ${'b'.repeat(20_000)}\r\n`)), 431, 'long header');
  });

  it('answers a bad percent-encoding in the path 400 problem+json', async () => {
    const p = expectProblem(await raw(get('/api/v1/orgs/%E0%A4%A')), 400, 'bad url');
    expect(p.code).toBe('bad_request');
    expect(p.detail).toMatch(/[\u4e00-\u9fa5]/);
    expectProblem(await raw(get('/api/v1/orgs/%zz')), 400, 'bad escape');
    expectProblem(await raw(get(`/api/v1/orgs/${'9'.repeat(300)}`)), 414, 'long parameter');
  });

  it('answers a body too large 413, malformed JSON 400 and unreadable encodings 4xx, all problem+json', async () => {
    const post = (headers: string, body: string | Buffer) =>
      Buffer.concat([
        Buffer.from(
          `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
        ),
        Buffer.isBuffer(body) ? body : Buffer.from(body),
      ]);
    const json = 'Content-Type: application/json\r\n';
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(3 * 1024 * 1024) });
    expect(expectProblem(await raw(post(json, big)), 413, 'too large').code).toBe('payload_too_large');
    expect(expectProblem(await raw(post(json, '{"username":')), 400, 'bad json').code).toBe('bad_request');
    expectProblem(await raw(post(`${json}Content-Encoding: gzip\r\n`, 'not gzip')), 415, 'gzip');
    // a Content-Length that is not a number never reaches the application
    expectProblem(
      await raw(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}`),
      400,
      'content-length',
    );
    expectProblem(await raw('NOT HTTP AT ALL\r\n\r\n'), 400, 'garbage');
  });
});

describe('Idempotency-Key never keeps a secret', () => {
  it('keeps a created API token out of the stored answer, and a replay says the token was shown once', async () => {
    const admin = await t.login('admin');
    const district = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'district')
      .executeTakeFirstOrThrow();
    const send = () =>
      t.as(admin, {
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { 'idempotency-key': 'token-once' },
        payload: { name: '幂等令牌测试', userId: district.id },
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    const token = first.json().token as string;
    expect(token).toMatch(/^hl_/);
    const stored = await t.database.db.selectFrom('idempotency_keys').selectAll().execute();
    const dump = JSON.stringify(stored);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(10));
    const replay = await send();
    expect(replay.statusCode).toBe(409);
    expect(replay.headers['content-type']).toContain('application/problem+json');
    expect(replay.json().code).toBe('idempotency.secret_shown');
    expect(replay.json().detail).toContain(String(first.json().id));
    expect(replay.body).not.toContain(token.slice(10));
    const made = await t.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('name', '=', '幂等令牌测试')
      .execute();
    expect(made).toHaveLength(1);
  });

  it('keeps no login answer (its CSRF token) for an anonymous caller', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'idempotency-key': 'login-once' },
      payload: { username: 'secretary', password: 'Honglian@2026' },
    });
    expect(login.statusCode).toBe(200);
    const csrf = login.json().csrfToken as string;
    expect(
      JSON.stringify(await t.database.db.selectFrom('idempotency_keys').selectAll().execute()),
    ).not.toContain(csrf);
  });
});

describe('bad input never answers 500', () => {
  const garbage: unknown[] = [
    null,
    'text',
    42,
    [],
    { name: 123 },
    { parentId: 'abc', name: '' },
    { id: -1, date: '2026-02-30', q: 'x'.repeat(5000) },
  ];

  it('answers 4xx problem+json with a Chinese title for every route and every kind of garbage', async () => {
    const s = await t.login('admin');
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    let checked = 0;
    for (const [route, methods] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (route === '/api/v1/auth/logout') continue;
        const urls = [
          route.replace(/\{[^}]+\}/g, 'abc'),
          route.replace(/\{[^}]+\}/g, '-5'),
          route.replace(/\{[^}]+\}/g, '99999999'),
          `${route.replace(/\{[^}]+\}/g, '1')}?page=0&pageSize=abc&from=2026-13-45&limit=-1`,
        ];
        for (const url of urls) {
          for (const body of method === 'get' || method === 'delete' ? [undefined] : garbage) {
            const res = await t.as(s, {
              method: method.toUpperCase() as 'GET',
              url,
              ...(body === undefined
                ? {}
                : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
            });
            checked++;
            expect(
              res.statusCode,
              `${method} ${url} ${JSON.stringify(body)} → ${res.body.slice(0, 300)}`,
            ).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.headers['content-type']).toContain('application/problem+json');
              expect(res.json().title).toMatch(/[\u4e00-\u9fa5]/);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 600_000);

  it('answers malformed JSON and a wrong content type with 4xx', async () => {
    const s = await t.login('admin');
    const bad = await t.as(s, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toBe('请求体不是有效的 JSON');
    const xml = await t.as(s, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: '<a/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.statusCode).toBe(415);
  });

  it('names the wrong field in Chinese', async () => {
    const s = await t.login('admin');
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '', type: 'club', parentId: 1 },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'type']));
    expect(res.json().errors.find((e: { field: string }) => e.field === 'type').message).toBe(
      '党组织类型无效',
    );
  });
});
