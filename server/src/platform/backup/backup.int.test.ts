import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { DEMO_PASSWORD } from '../../demo/load.ts';
import { jobsFor } from '../../modules/jobs/definitions.ts';
import {
  createEmptyPostgresDatabase,
  createTestApp,
  engine,
  openTestDatabase,
  type TestApp,
} from '../../test/harness.ts';
import { loginOverHttp, spawnServer } from '../../test/process.ts';
import { loadConfig } from '../config.ts';
import { type Database, openPglite, openPostgres } from '../db/database.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { JobQueue } from '../jobs.ts';
import {
  BACKUP_FILE_PATTERN,
  BackupError,
  type BackupManifest,
  createBackup,
  type RestoreTarget,
  readBackup,
  restoreBackup,
} from './backup.ts';
import { listTar, TAR_END, tarHeader, tarPadding } from './tar.ts';

/**
 * The backup round trip on the engine of this run: the demo city is backed up into one file, restored
 * into an empty database elsewhere, and every table's row count and a checksum of its rows (computed
 * here independently of the backup's own) must be the same; then the server works on the copy.
 */

const work = mkdtempSync(path.join(tmpdir(), 'honglian-backup-'));
const cleanups: Array<() => Promise<void>> = [];
let t: TestApp;
let backup: { file: string; manifest: BackupManifest };

// the demo city is built here and then copied whole several times: the slowest file of the tier
beforeAll(async () => {
  t = await createTestApp();
}, 300_000);
afterAll(async () => {
  await t?.close();
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

interface Target {
  target: RestoreTarget;
  /** Opens the restored database (closed with the test file). */
  open(): Promise<Database>;
  /** The environment that points a server at it. */
  env: Record<string, string>;
}

let targets = 0;
/** An empty database of this run's engine, elsewhere: a new folder, or a new database on the server. */
async function emptyTarget(kind: 'pglite' | 'postgres' = engine): Promise<Target> {
  let opened: Promise<Database> | undefined;
  const once = (open: () => Promise<Database>) => () => {
    opened ??= open().then((database) => {
      cleanups.push(() => database.close());
      return database;
    });
    return opened;
  };
  if (kind === 'pglite') {
    const dataDir = path.join(work, `restored-${++targets}`);
    return {
      target: { engine: 'pglite', dataDir },
      env: { HONGLIAN_DATA_DIR: dataDir, DATABASE_URL: '' },
      open: once(() => openPglite(dataDir)),
    };
  }
  const empty = await createEmptyPostgresDatabase();
  cleanups.push(() => empty.drop());
  return {
    target: { engine: 'postgres', url: empty.url },
    env: { DATABASE_URL: empty.url },
    open: once(() => openPostgres(empty.url, 2)),
  };
}

/** Every table's row count and the md5 of all its rows in one order, and every sequence's position. */
async function fingerprint(database: Database) {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`.execute(database.db);
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const { name } of tables.rows) {
    const { rows } = await sql<{ rows: number; md5: string }>`
      select count(*)::int as rows,
             md5(coalesce(string_agg(t::text, E'\n' order by t::text collate "C"), '')) as md5
      from ${sql.table(name)} t`.execute(database.db);
    result[name] = rows[0]!;
  }
  const sequences = await sql<{ name: string; last: number | null }>`
    select sequencename as name, last_value as last from pg_sequences
    where schemaname = 'public' order by sequencename`.execute(database.db);
  return { tables: result, sequences: sequences.rows };
}

async function isEmpty(target: Target): Promise<boolean> {
  if (target.target.engine === 'pglite')
    return !existsSync(target.target.dataDir) || readdirSync(target.target.dataDir).length === 0;
  const database = await target.open();
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'`.execute(database.db);
  return rows[0]!.n === 0;
}

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

// a generous limit per test: each loads or checks the whole demo city, PGlite in WebAssembly on two shared cores
describe(`backup and restore (${engine})`, { timeout: 300_000 }, () => {
  it('backs the demo city up into one tar file: a manifest with engine, schema version and every table, then the payload', async () => {
    const dir = path.join(work, 'manual');
    backup = await createBackup(t.database, { dir });
    expect(readdirSync(dir)).toEqual([path.basename(backup.file)]);
    expect(path.basename(backup.file)).toMatch(BACKUP_FILE_PATTERN);
    const { manifest } = backup;
    const latest = loadMigrations().at(-1)!;
    expect(manifest).toMatchObject({
      format: 'honglian-backup',
      formatVersion: 1,
      engine,
      schemaVersion: latest.version,
      schemaName: latest.name,
      payload: engine === 'pglite' ? { kind: 'pglite-datadir' } : { kind: 'pg_dump-custom' },
    });
    expect(Date.parse(manifest.createdAt)).not.toBeNaN();
    const tables = await sql<{ name: string }>`
      select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(t.database.db);
    expect(Object.keys(manifest.tables)).toEqual(tables.rows.map((r) => r.name));
    const orgs = await sql<{ n: number }>`select count(*)::int as n from orgs`.execute(t.database.db);
    expect(manifest.tables.orgs!.rows).toBe(orgs.rows[0]!.n);
    expect(manifest.tables.members!.rows).toBeGreaterThan(1000);
    // an ordinary tar: the system's tar lists the manifest first, then the payload
    const listed = execFileSync('tar', ['-tf', backup.file], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['manifest.json', manifest.payload.name]);
    expect((await listTar(backup.file)).map((e) => [e.name, e.size])).toEqual([
      ['manifest.json', expect.any(Number)],
      [manifest.payload.name, manifest.payload.bytes],
    ]);
    expect(
      JSON.parse(execFileSync('tar', ['-xOf', backup.file, 'manifest.json'], { encoding: 'utf8' })),
    ).toEqual(manifest);
  });

  let restoredTarget: Target;
  it('restores it into an empty database elsewhere with every table and sequence the same, and the app works on it', async () => {
    restoredTarget = await emptyTarget();
    const result = await restoreBackup(backup.file, restoredTarget.target);
    expect(result.tables).toBe(Object.keys(backup.manifest.tables).length);
    const restored = await restoredTarget.open();
    const [before, after] = [await fingerprint(t.database), await fingerprint(restored)];
    expect(Object.keys(after.tables)).toEqual(Object.keys(before.tables));
    for (const [table, want] of Object.entries(before.tables))
      expect([table, after.tables[table]]).toEqual([table, want]);
    expect(after.sequences).toEqual(before.sequences);
    expect(after.sequences.length).toBeGreaterThan(10);

    // the same schema: nothing to migrate; the demo accounts sign in and read the tree
    expect(await migrate(restored)).toEqual([]);
    const { app } = await buildApp({
      config: { ...loadConfig({}), jobs: false },
      database: restored,
      logger: false,
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: DEMO_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.find((c) => c.name === 'hl_session')!;
      const orgs = await app.inject({
        url: '/api/v1/orgs',
        headers: { cookie: `hl_session=${cookie.value}` },
      });
      expect(orgs.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  const otherEngine = engine === 'pglite' ? 'postgres' : 'pglite';
  it.runIf(otherEngine === 'pglite' || Boolean(process.env.TEST_DATABASE_URL))(
    `restores it into the other engine (${otherEngine}) too, with every table and sequence the same`,
    async () => {
      const target = await emptyTarget(otherEngine);
      await restoreBackup(backup.file, target.target);
      const restored = await target.open();
      const [before, after] = [await fingerprint(t.database), await fingerprint(restored)];
      expect(Object.keys(after.tables)).toEqual(Object.keys(before.tables));
      for (const [table, want] of Object.entries(before.tables))
        expect([table, after.tables[table]]).toEqual([table, want]);
      expect(after.sequences).toEqual(before.sequences);
      expect(await migrate(restored)).toEqual([]);
    },
  );

  it('leaves the target empty when the check after loading fails (the data differs from the manifest)', async () => {
    // the same payload under a manifest that claims one organization more
    const { manifest, payload } = await readBackup(backup.file);
    const lying = {
      ...manifest,
      tables: {
        ...manifest.tables,
        orgs: { ...manifest.tables.orgs!, rows: manifest.tables.orgs!.rows + 1 },
      },
    };
    const manifestBytes = Buffer.from(JSON.stringify(lying));
    const bytes = readFileSync(backup.file).subarray(payload.offset, payload.offset + payload.size);
    const at = new Date(manifest.createdAt);
    const file = path.join(work, 'lying.tar');
    writeFileSync(
      file,
      Buffer.concat([
        tarHeader('manifest.json', manifestBytes.length, at),
        manifestBytes,
        tarPadding(manifestBytes.length),
        tarHeader(payload.name, payload.size, at),
        bytes,
        tarPadding(payload.size),
        TAR_END,
      ]),
    );
    // a same-engine PostgreSQL restore is pg_restore's own transaction, checked after its commit
    const kinds = [
      engine === 'pglite' ? 'pglite' : undefined,
      otherEngine === 'pglite' || process.env.TEST_DATABASE_URL ? otherEngine : undefined,
    ].filter((k): k is 'pglite' | 'postgres' => k !== undefined);
    expect(kinds.length).toBeGreaterThan(0);
    for (const kind of kinds) {
      const target = await emptyTarget(kind);
      const error = await refusal(restoreBackup(file, target.target));
      expect(error.code).toBe('verify_failed');
      expect(error.message).toMatch(/表 orgs 应有 \d+ 行，实有 \d+ 行/);
      expect([kind, await isEmpty(target)]).toEqual([kind, true]);
    }
  });

  it('refuses a target that is not empty, and leaves it as it was', async () => {
    const restored = await restoredTarget.open();
    const before = await sql<{ n: number }>`select count(*)::int as n from members`.execute(restored.db);
    const error = await refusal(restoreBackup(backup.file, restoredTarget.target));
    expect(error.code).toBe('target_not_empty');
    expect(error.message).toMatch(/不是空的/);
    const after = await sql<{ n: number }>`select count(*)::int as n from members`.execute(restored.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses a damaged file and a file that is no backup, before touching the target', async () => {
    const target = await emptyTarget();
    const damaged = path.join(work, 'damaged.tar');
    copyFileSync(backup.file, damaged);
    const { payload } = await readBackup(damaged);
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.from('损坏'), 0, 6, payload.offset + Math.floor(payload.size / 2));
    expect((await refusal(restoreBackup(damaged, target.target))).code).toBe('corrupt');

    const notBackup = path.join(work, 'notes.tar');
    writeFileSync(notBackup, 'just some text, not a tar at all'.repeat(40));
    expect((await refusal(restoreBackup(notBackup, target.target))).code).toBe('not_a_backup');

    expect(await isEmpty(target)).toBe(true);
  });

  it('refuses a backup of a newer schema than this program, in Chinese, leaving the target empty', async () => {
    const future = await openTestDatabase();
    cleanups.push(() => future.drop());
    const migrations = loadMigrations();
    const latest = migrations.at(-1)!.version;
    await migrate(future, [...migrations, { version: latest + 1, name: 'from_the_future', sql: 'select 1' }]);
    const made = await createBackup(future, { dir: path.join(work, 'future') });
    expect(made.manifest.schemaVersion).toBe(latest + 1);

    const target = await emptyTarget();
    const error = await refusal(restoreBackup(made.file, target.target));
    expect(error.code).toBe('schema_newer');
    expect(error.message).toBe(
      `备份的数据库结构版本 ${latest + 1} 高于本程序支持的版本 ${latest}：请升级程序后再恢复，旧程序不能打开新数据库`,
    );
    expect(await isEmpty(target)).toBe(true);
    // the newer program restores it
    await restoreBackup(made.file, target.target, {
      migrations: [...migrations, { version: latest + 1, name: 'from_the_future', sql: 'select 1' }],
    });
    expect(await isEmpty(target)).toBe(false);
  });

  it('restores a backup of an older schema, and the server started on it migrates it forward', {
    timeout: 300_000,
  }, async () => {
    const old = await openTestDatabase();
    cleanups.push(() => old.drop());
    const migrations = loadMigrations();
    await migrate(old, migrations.slice(0, -2));
    const made = await createBackup(old, { dir: path.join(work, 'old') });
    expect(made.manifest.schemaVersion).toBe(migrations.at(-3)!.version);

    const target = await emptyTarget();
    await restoreBackup(made.file, target.target);
    const server = await spawnServer({ ...target.env, HONGLIAN_DEMO: '0', HONGLIAN_JOBS: '0' });
    try {
      const health = await fetch(`${server.baseUrl}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await server.kill('SIGTERM');
    }
    const restored = await target.open();
    const versions = await sql<{ version: number }>`
        select version from schema_migrations order by version`.execute(restored.db);
    expect(versions.rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it('the restored demo city serves a real server process: an account signs in over HTTP', {
    timeout: 300_000,
  }, async () => {
    const target = await emptyTarget();
    await restoreBackup(backup.file, target.target);
    const server = await spawnServer({ ...target.env, HONGLIAN_DEMO: '0', HONGLIAN_JOBS: '0' });
    try {
      const session = await loginOverHttp(server.baseUrl, 'admin');
      const res = await fetch(`${server.baseUrl}/api/v1/orgs`, { headers: { cookie: session.cookie } });
      expect(res.status).toBe(200);
    } finally {
      await server.kill('SIGTERM');
    }
  });
});

describe(`the nightly backup job (${engine})`, () => {
  const log = pino({ level: 'silent' });

  it('is scheduled at 03:00 only when HONGLIAN_BACKUP_DIR is set', () => {
    const off = jobsFor({ backupDir: undefined, backupKeep: 7 });
    expect(off.schedules.map((s) => s.job)).not.toContain('maintenance.backup');
    expect(off.definitions['maintenance.backup']).toBeDefined();
    const on = jobsFor({ backupDir: path.join(work, 'nightly'), backupKeep: 7 });
    expect(on.schedules.find((s) => s.job === 'maintenance.backup')).toMatchObject({
      everySeconds: 86_400,
      atSecondOfDay: 3 * 3600,
    });
  });

  it('writes a backup into the folder and keeps only the newest HONGLIAN_BACKUP_KEEP of them', async () => {
    const dir = path.join(work, 'nightly');
    mkdirSync(dir, { recursive: true });
    // older backups of earlier nights, and a file that is not a backup
    const older = [
      'honglian-20240101-030000-pglite-v40.backup.tar',
      'honglian-20240102-030000-postgres-v40.backup.tar',
      'honglian-20240103-030000-pglite-v41.backup.tar',
    ];
    for (const f of older) writeFileSync(path.join(dir, f), '');
    writeFileSync(path.join(dir, 'README.txt'), '运维说明');

    const jobs = jobsFor({ backupDir: dir, backupKeep: 2 });
    const queue = new JobQueue(t.database, jobs.definitions, jobs.schedules, log);
    const id = await queue.enqueue(t.database.db, 'maintenance.backup', {});
    await queue.tick();
    const job = await t.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(job.state).toBe('done');
    const result = job.result as { file: string; removed: string[]; rows: number };
    expect(result.removed).toEqual(older.slice(0, 2));
    expect(readdirSync(dir).sort()).toEqual(['README.txt', older[2]!, path.basename(result.file)].sort());
    const { manifest } = await readBackup(result.file);
    expect(manifest.engine).toBe(engine);
    expect(result.rows).toBeGreaterThan(1000);
  });

  it('without a folder it skips instead of failing (a schedule left from an earlier configuration)', async () => {
    const jobs = jobsFor({ backupDir: undefined, backupKeep: 7 });
    const queue = new JobQueue(t.database, jobs.definitions, jobs.schedules, log);
    const id = await queue.enqueue(t.database.db, 'maintenance.backup', {});
    await queue.tick();
    const job = await t.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'done', result: { skipped: '未设置 HONGLIAN_BACKUP_DIR，未备份' } });
  });
});
