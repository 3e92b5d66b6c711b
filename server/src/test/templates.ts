import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadDemoIfEmpty } from '../demo/load.ts';
import { repoRoot } from '../platform/config.ts';
import { type Database, openPglite, openPostgres } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';

/**
 * Test database templates: the migrated schema and the demo city are built once per test run and
 * copied for each test file, instead of every file migrating and generating the city again.
 *
 * - PGlite (integration): tarballs of an in-memory data folder (`dumpDataDir`), loaded per file.
 * - PostgreSQL (integration): two template databases; each file gets `create database … template …`.
 * - Browser tests: a PGlite data folder on disk, copied into each server's `HONGLIAN_DATA_DIR`.
 *
 * A copy is the same database a fresh build would give (same migrations, same demo generator, same
 * clock), so tests see no difference except the time they no longer wait.
 */
export interface TestTemplates {
  /** Tarballs (PGlite) or database names (PostgreSQL) of the migrated empty schema and the demo city. */
  empty: string;
  demo: string;
  /** Removes what the run built. */
  drop(): Promise<void>;
}

export const templatesDir = path.join(repoRoot, '.tmp', 'test-templates');

function runId(): string {
  return `${process.pid}_${randomBytes(3).toString('hex')}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What an interrupted earlier run left behind (its process is gone): its files in `templatesDir`. */
function removeStaleFiles(): void {
  if (!existsSync(templatesDir)) return;
  for (const name of readdirSync(templatesDir)) {
    const pid = Number.parseInt(name, 10);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid))
      rmSync(path.join(templatesDir, name), { recursive: true, force: true });
  }
}

/** …and its template databases on the PostgreSQL server. */
async function removeStaleDatabases(base: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'honglian\\_tpl\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number.parseInt(datname.split('_')[2] ?? '', 10);
      if (Number.isInteger(pid) && pid !== process.pid && !alive(pid))
        await admin.query(`drop database if exists ${datname} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

async function dump(database: Database, file: string): Promise<void> {
  if (database.native.engine !== 'pglite') throw new Error('dump needs PGlite');
  const blob = await database.native.exclusive((pglite) => pglite.dumpDataDir('none'));
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
}

/** The two PGlite tarballs, built in memory. */
export async function buildPgliteTemplates(): Promise<TestTemplates> {
  removeStaleFiles();
  mkdirSync(templatesDir, { recursive: true });
  const id = runId();
  const empty = path.join(templatesDir, `${id}-empty.tar`);
  const demo = path.join(templatesDir, `${id}-demo.tar`);
  const database = await openPglite(undefined);
  try {
    await migrate(database);
    await dump(database, empty);
    await loadDemoIfEmpty(database);
    await dump(database, demo);
  } finally {
    await database.close();
  }
  return {
    empty,
    demo,
    async drop() {
      rmSync(empty, { force: true });
      rmSync(demo, { force: true });
    },
  };
}

async function adminQuery(base: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The two PostgreSQL template databases on the server of `base` (TEST_DATABASE_URL). */
export async function buildPostgresTemplates(base: string): Promise<TestTemplates> {
  await removeStaleDatabases(base);
  const id = runId();
  const empty = `honglian_tpl_${id}_empty`;
  const demo = `honglian_tpl_${id}_demo`;
  await adminQuery(base, `create database ${empty}`);
  const built: string[] = [empty];
  try {
    const database = await openPostgres(databaseUrl(base, empty), 2);
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    await adminQuery(base, `create database ${demo} template ${empty}`);
    built.push(demo);
    const city = await openPostgres(databaseUrl(base, demo), 2);
    try {
      await loadDemoIfEmpty(city);
      // statistics travel with a copy: each file's planner starts as informed as after a fresh load
      await city.exec('analyze');
    } finally {
      await city.close();
    }
  } catch (error) {
    for (const name of built) await adminQuery(base, `drop database if exists ${name} with (force)`);
    throw error;
  }
  return {
    empty,
    demo,
    async drop() {
      for (const name of built) await adminQuery(base, `drop database if exists ${name} with (force)`);
    },
  };
}

/** A PGlite data folder on disk holding the demo city, for the browser tests' servers to copy. */
export async function buildPgliteDemoFolder(): Promise<{ dir: string; drop(): Promise<void> }> {
  removeStaleFiles();
  const dir = path.join(templatesDir, `${runId()}-e2e-demo`);
  const database = await openPglite(dir);
  try {
    await migrate(database);
    await loadDemoIfEmpty(database);
  } finally {
    await database.close();
  }
  return {
    dir,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
