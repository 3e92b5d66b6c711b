import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import { PGlitePool } from './pglite-pool.ts';
import { preparingPool } from './prepared.ts';
import type { DB } from './schema.ts';
import { TableWrites } from './writes.ts';

export type Engine = 'pglite' | 'postgres';

/**
 * PGlite's module, loaded when an embedded database is first opened: importing it costs a process
 * ~40 MiB of RSS (measured, issue 11), which a server on PostgreSQL has no use for.
 */
export async function loadPGlite(): Promise<typeof PGlite> {
  return (await import('@electric-sql/pglite')).PGlite;
}

/** What a backup needs beyond SQL: the embedded database itself, or the server's address for pg_dump. */
export type NativeAccess =
  | {
      engine: 'pglite';
      /** The data folder, or undefined for a database in memory. */
      dataDir: string | undefined;
      /** Runs `fn` with the PGlite instance while no other caller holds the connection. */
      exclusive<T>(fn: (pglite: PGlite) => Promise<T>): Promise<T>;
    }
  | { engine: 'postgres'; url: string };

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Statements of this process that wrote a table, for the in-memory copies that must notice at once. */
  writes: TableWrites;
  native: NativeAccess;
  /** Run several statements separated by semicolons (migrations). */
  exec(script: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// Both engines answer the same shapes: int8 as a JS number (ids and counts stay far below 2^53),
// `date` as the 'YYYY-MM-DD' string, timestamptz as a Date.
const INT8 = 20;
const DATE = 1082;
const BYTEA = 17;

// PGlite's own bytea conversions go byte by byte (`Array.from(bytes).map(b => hex).join('')`): a 1 MiB
// export chunk became a million small strings, ~80 MiB of short-lived heap that V8 promoted and kept
// until a full collection, the bulk of the member export's peak on PGlite (issue 11). Node's hex codec
// does it in one string, and reading answers a Buffer, as pg does.
const byteaToHex = (v: Uint8Array) =>
  `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
const byteaFromHex = (v: string) => Buffer.from(v.slice(2), 'hex');

/**
 * The embedded database's settings beyond PGlite's own. shared_buffers: initdb's 128MB is touched
 * when PGlite starts, so every server on the embedded database held ~115 MiB more before it did any
 * work. At 32MB (measured on a 300,000-member city, issue 11): RSS after opening the data folder 296
 * MiB instead of 411, the member export's peak 452 instead of 549, a count over every member, a name
 * search and a join of members and orgs no slower (the pages come from the OS's file cache).
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=32MB'];

/**
 * The embedded database in `dataDir`, or in memory when it is undefined. `loadDataDir`, a tarball of a
 * data folder (`dumpDataDir`), starts an in-memory database as a copy of another (the test templates).
 */
export async function openPglite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pglite: PGlite;
  try {
    const PGliteClass = await loadPGlite();
    pglite = await PGliteClass.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v, [BYTEA]: byteaFromHex },
      serializers: { [BYTEA]: byteaToHex },
      startParams: [...PGliteClass.defaultStartParams, ...PGLITE_SETTINGS],
    });
  } catch (error) {
    unlock();
    throw error;
  }
  await pglite.exec(`set time zone 'Asia/Shanghai'`);
  const pool = new PGlitePool(pglite);
  const writes = new TableWrites();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [writes] });
  return {
    db,
    engine: 'pglite',
    writes,
    native: {
      engine: 'pglite',
      dataDir,
      async exclusive(fn) {
        const client = await pool.connect();
        try {
          return await fn(pglite);
        } finally {
          client.release();
        }
      },
    },
    async exec(script) {
      const client = await pool.connect();
      try {
        await pglite.exec(script);
      } finally {
        client.release();
      }
    },
    async ping() {
      return !pglite.closed;
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
}

export async function openPostgres(
  url: string,
  poolSize = 10,
  options: { namedStatements?: boolean } = {},
): Promise<Database> {
  const typeOverrides = new pg.TypeOverrides();
  typeOverrides.setTypeParser(INT8, (v: string) => Number(v));
  typeOverrides.setTypeParser(DATE, (v: string) => v);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeOverrides,
    options: '-c timezone=Asia/Shanghai',
  });
  // An idle connection can be cut by the server (a restart, an administrator, `drop database ... with
  // (force)`). pg reports that as an 'error' event on the pool, and an unheard 'error' event ends the
  // process; the pool has already discarded the connection and opens a new one on the next query.
  let closing = false;
  pool.on('error', (error: Error & { code?: string }) => {
    if (!closing)
      console.warn(`[db] 空闲的数据库连接已断开，将自动重连：${error.code ?? ''} ${error.message}`);
  });
  const writes = new TableWrites();
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: options.namedStatements === false ? pool : preparingPool(pool) }),
    plugins: [writes],
  });
  return {
    db,
    engine: 'postgres',
    writes,
    native: { engine: 'postgres', url },
    async exec(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      closing = true;
      await db.destroy();
    },
  };
}

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
  namedStatements?: boolean;
}): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, 10, { namedStatements: options.namedStatements ?? true })
    : openPglite(options.dataDir);
}
