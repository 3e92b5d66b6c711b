import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, buildApp } from '../app.ts';
import { DEMO_PASSWORD } from '../demo/load.ts';
import { loadConfig } from '../platform/config.ts';
import { type Database, openPglite, openPostgres } from '../platform/db/database.ts';

/**
 * Integration tests run on the engine named by HONGLIAN_TEST_ENGINE: the embedded PGlite (default)
 * or PostgreSQL (a fresh database per test file on the server of TEST_DATABASE_URL), each file on a copy
 * of the run's template (server/src/test/templates.ts).
 */
export const engine = (process.env.HONGLIAN_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

/**
 * A database of its own for the calling test file: a copy of the run's template (`demo`: the migrated
 * demo city; `empty`: the migrated empty schema), or, with `template: 'none'`, a database with nothing
 * in it (the migration and restore tests).
 */
export async function openTestDatabase(
  template: 'none' | 'empty' | 'demo' = 'none',
): Promise<Database & { drop(): Promise<void> }> {
  const templates = template === 'none' ? null : inject('dbTemplates');
  if (templates && templates.engine !== engine) throw new Error('模板数据库与测试引擎不一致');
  if (engine === 'pglite') {
    const tarball = templates?.[template as 'empty' | 'demo'];
    const database = await openPglite(
      undefined,
      tarball ? { loadDataDir: new Blob([readFileSync(tarball)]) } : {},
    );
    return { ...database, drop: () => database.close() };
  }
  const fresh = await createEmptyPostgresDatabase(templates?.[template as 'empty' | 'demo']);
  const database = await openPostgres(fresh.url, 5);
  return {
    ...database,
    async drop() {
      await database.close();
      await fresh.drop();
    },
  };
}

/** A new empty database on the PostgreSQL server of TEST_DATABASE_URL, and how to drop it. */
export async function createEmptyPostgresDatabase(
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('HONGLIAN_TEST_ENGINE=postgres needs TEST_DATABASE_URL');
  const name = `honglian_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  userId: number;
}

export interface TestApp extends App {
  database: Database & { drop(): Promise<void> };
  /** Logs a demo account in through the real login route. */
  login(username: string, password?: string): Promise<Session>;
  /** inject() as a logged-in user, with the CSRF header on unsafe methods. */
  as(session: Session | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(options: { demo?: boolean } = {}): Promise<TestApp> {
  const database = await openTestDatabase(options.demo === false ? 'empty' : 'demo');
  const config = { ...loadConfig({}), demo: options.demo !== false, jobs: false };
  const built = await buildApp({ config, database, logger: false });
  await built.app.ready();
  const app: FastifyInstance = built.app;
  const sessions = new Map<string, Session>();
  return {
    ...built,
    database,
    async login(username, password = DEMO_PASSWORD) {
      const key = `${username}:${password}`;
      const cached = sessions.get(key);
      if (cached) return cached;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'hl_session')!;
      const session = {
        cookie: `hl_session=${cookie.value}`,
        csrf: res.json().csrfToken as string,
        userId: res.json().user.id as number,
      };
      sessions.set(key, session);
      return session;
    },
    as(session, opts) {
      const method = (opts.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
      if (session) {
        headers.cookie = session.cookie;
        if (method !== 'GET' && method !== 'HEAD' && headers['x-csrf-token'] === undefined)
          headers['x-csrf-token'] = session.csrf;
      }
      return app.inject({ ...opts, headers });
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Looks an org up by exact name (tests speak in the demo city's names). */
export async function orgId(t: TestApp, name: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('orgs')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}
