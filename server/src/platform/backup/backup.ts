import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { systemNow } from '../clock.ts';
import { repoRoot } from '../config.ts';
import type { Database, Engine } from '../db/database.ts';
import { loadMigrations, type Migration } from '../db/migrate.ts';
import {
  BACKUP_FILE_PATTERN,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  type BackupManifest,
  type DatabaseSummary,
  fillEmptyPgliteDir,
  MANIFEST_NAME,
  openPglitePayload,
  type Query,
  readPayload,
  runTool,
  sha256File,
  summarize,
  TEXT_SETTINGS,
  toolVersion,
  verify,
} from './core.ts';
import { restorePgliteIntoPostgres, restorePostgresIntoPglite } from './logical.ts';
import { listTar, TAR_END, type TarEntry, tarHeader, tarPadding } from './tar.ts';

const gzipAsync = promisify(gzip);

export {
  BACKUP_FILE_PATTERN,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  type BackupErrorCode,
  type BackupManifest,
  type DatabaseSummary,
  MANIFEST_NAME,
  type PayloadKind,
  summarize,
  type TableSummary,
  verify,
} from './core.ts';

/**
 * Backup and restore of the whole database, one file per backup, on either engine.
 *
 * The file is an ordinary tar with two entries:
 * - `manifest.json`: format, engine, schema version (the last migration applied), when, by which
 *   program and server, the payload's size and SHA-256, and every table's row count and checksum;
 * - the payload in the engine's own format: PGlite's data folder as a gzipped tar (`pgdata.tar.gz`,
 *   `dumpDataDir`), or PostgreSQL's `pg_dump --format=custom` (`database.pgdump`, usable with
 *   `pg_restore` directly after `tar -xf`).
 *
 * Restore reads the manifest and checks everything it can before touching the target: the format,
 * the engine, a schema newer than this program (refused), the payload's checksum, an empty target.
 * After loading it counts and checksums every table again and compares with the manifest. Migrations
 * run forward when the server next starts on the restored database.
 */

async function schemaOf(query: Query): Promise<{ version: number; name: string }> {
  const [table] = await query<{ found: boolean }>(
    `select to_regclass('public.schema_migrations') is not null as found`,
  );
  if (!table?.found)
    throw new BackupError(
      'empty_source',
      '数据库中没有红链的数据（没有 schema_migrations 表）：没有可备份的数据',
    );
  const [row] = await query<{ version: number; name: string }>(
    `select version::int as version, name from schema_migrations order by version desc limit 1`,
  );
  if (!row)
    throw new BackupError('empty_source', '数据库中没有迁移记录（schema_migrations 为空）：没有可备份的数据');
  return { version: Number(row.version), name: row.name };
}

async function serverOf(query: Query): Promise<{ version: string; versionNum: number }> {
  const [row] = await query<{ version: string; num: string }>(
    `select version() as version, current_setting('server_version_num') as num`,
  );
  return { version: row!.version, versionNum: Number(row!.num) };
}

function appVersion(): string {
  try {
    return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

/** `20260115-030000` in Asia/Shanghai. */
function stamp(at: Date): string {
  const s = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${s.slice(0, 10).replaceAll('-', '')}-${s.slice(11, 19).replaceAll(':', '')}`;
}

function backupFileName(at: Date, engine: Engine, schemaVersion: number, n: number): string {
  return `honglian-${stamp(at)}${n > 1 ? `-${n}` : ''}-${engine}-v${schemaVersion}.backup.tar`;
}

/** Writes `manifest.json` and then the payload (a buffer or a file) as a tar, into `file`. */
async function writeBackupTar(
  file: string,
  manifest: BackupManifest,
  payload: { buffer: Buffer } | { file: string },
): Promise<void> {
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const mtime = new Date(manifest.createdAt);
  async function* chunks() {
    yield tarHeader(MANIFEST_NAME, manifestBytes.length, mtime);
    yield manifestBytes;
    yield tarPadding(manifestBytes.length);
    yield tarHeader(manifest.payload.name, manifest.payload.bytes, mtime);
    if ('buffer' in payload) yield payload.buffer;
    else yield* createReadStream(payload.file);
    yield tarPadding(manifest.payload.bytes);
    yield TAR_END;
  }
  await pipeline(Readable.from(chunks()), createWriteStream(file, { flags: 'wx' }));
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface BackupOptions {
  /** The folder the file is written into (created when missing). */
  dir: string;
  /** Called at each step and every minute of a long dump (the nightly job keeps its lease with it). */
  onProgress?: (percent: number, note: string) => Promise<void> | void;
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
}

/**
 * Backs the whole database up into one new file in `options.dir`. The counts and checksums in the
 * manifest describe exactly the data in the payload: on PGlite both are taken while no one else holds
 * the connection; on PostgreSQL `pg_dump` reads the snapshot the counting transaction exported.
 */
export async function createBackup(database: Database, options: BackupOptions): Promise<BackupResult> {
  const progress = async (percent: number, note: string) => options.onProgress?.(percent, note);
  await mkdir(options.dir, { recursive: true });
  const createdAt = systemNow();
  const partial = path.join(options.dir, `.honglian-backup-${process.pid}-${createdAt.getTime()}.partial`);
  const payloadFile = `${partial}.payload`;
  try {
    let manifest: BackupManifest;
    let payload: { buffer: Buffer } | { file: string };
    const base = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: appVersion(),
    } as const;
    if (database.native.engine === 'pglite') {
      await progress(5, '统计各表行数与校验和');
      const taken = await database.native.exclusive(async (pglite) => {
        const query: Query = async (text) => (await pglite.query(text)).rows as never;
        // `set local`: the settings end with the transaction, the server's session keeps its own
        await pglite.exec(
          `begin;\n${TEXT_SETTINGS.map((t) => t.replace(/^set /, 'set local ')).join(';\n')}`,
        );
        let counted: {
          tables: DatabaseSummary;
          schema: { version: number; name: string };
          server: { version: string; versionNum: number };
        };
        try {
          counted = {
            tables: await summarize(query),
            schema: await schemaOf(query),
            server: await serverOf(query),
          };
        } finally {
          await pglite.exec('commit');
        }
        const { tables, schema, server } = counted;
        await pglite.exec('checkpoint');
        // uncompressed: PGlite's own gzip runs on the main thread while every request waits
        const blob = await pglite.dumpDataDir('none');
        return { tables, schema, server, tar: Buffer.from(await blob.arrayBuffer()) };
      });
      await progress(50, '压缩数据目录');
      const buffer = await gzipAsync(taken.tar);
      await progress(60, '写入备份文件');
      manifest = {
        ...base,
        engine: 'pglite',
        schemaVersion: taken.schema.version,
        schemaName: taken.schema.name,
        createdAt: createdAt.toISOString(),
        server: taken.server,
        payload: {
          name: 'pgdata.tar.gz',
          kind: 'pglite-datadir',
          bytes: buffer.length,
          sha256: createHash('sha256').update(buffer).digest('hex'),
        },
        tables: taken.tables,
      };
      payload = { buffer };
    } else {
      const url = database.native.url;
      const pgDump = await toolVersion('pg_dump');
      await progress(5, '统计各表行数与校验和');
      const taken = await database.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const query: Query = async (text) => (await sql.raw(text).execute(trx)).rows as never;
          const [exported] = await query<{ snapshot: string }>('select pg_export_snapshot() as snapshot');
          const snapshot = exported!.snapshot;
          for (const s of TEXT_SETTINGS) await query(s.replace(/^set /, 'set local '));
          const tables = await summarize(query);
          const schema = await schemaOf(query);
          const server = await serverOf(query);
          await progress(20, '导出数据库（pg_dump）');
          await runTool(
            'pg_dump',
            ['--format=custom', `--snapshot=${snapshot}`, `--file=${payloadFile}`],
            url,
            {
              onTick: () => void progress(50, '导出数据库（pg_dump）').catch(() => undefined),
            },
          );
          return { tables, schema, server };
        });
      await progress(70, '写入备份文件');
      manifest = {
        ...base,
        engine: 'postgres',
        schemaVersion: taken.schema.version,
        schemaName: taken.schema.name,
        createdAt: createdAt.toISOString(),
        server: { ...taken.server, pgDump },
        payload: {
          name: 'database.pgdump',
          kind: 'pg_dump-custom',
          bytes: (await stat(payloadFile)).size,
          sha256: await sha256File(payloadFile),
        },
        tables: taken.tables,
      };
      payload = { file: payloadFile };
    }
    await writeBackupTar(partial, manifest, payload);
    let n = 1;
    let file = path.join(options.dir, backupFileName(createdAt, manifest.engine, manifest.schemaVersion, n));
    while (existsSync(file))
      file = path.join(options.dir, backupFileName(createdAt, manifest.engine, manifest.schemaVersion, ++n));
    await rename(partial, file);
    await progress(100, '备份完成');
    return { file, manifest };
  } finally {
    await rm(partial, { force: true });
    await rm(payloadFile, { force: true });
  }
}

/** Keeps the newest `keep` backups of the folder (by the time in their names); returns the removed ones. */
export async function rotateBackups(dir: string, keep: number): Promise<string[]> {
  if (!existsSync(dir)) return [];
  // by the time in the name, then the number a second backup of the same second got
  const order = (f: string) => {
    const m = /^honglian-(\d{8}-\d{6})(?:-(\d+))?-/.exec(f)!;
    return `${m[1]}-${(m[2] ?? '1').padStart(6, '0')}`;
  };
  const files = (await readdir(dir))
    .filter((f) => BACKUP_FILE_PATTERN.test(f))
    .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const old = files.slice(0, Math.max(0, files.length - Math.max(1, keep)));
  for (const f of old) await rm(path.join(dir, f), { force: true });
  return old.map((f) => path.join(dir, f));
}

export interface OpenedBackup {
  file: string;
  manifest: BackupManifest;
  payload: TarEntry;
}

/** Reads and checks a backup's manifest without reading the payload. */
export async function readBackup(file: string): Promise<OpenedBackup> {
  if (!existsSync(file)) throw new BackupError('not_a_backup', `备份文件不存在：${file}`);
  let entries: TarEntry[];
  try {
    entries = await listTar(file);
  } catch (error) {
    throw new BackupError(
      'not_a_backup',
      `无法读取备份文件 ${file}：${(error as Error).message}（文件不是红链备份，或已损坏）`,
    );
  }
  const manifestEntry = entries[0];
  if (manifestEntry?.name !== MANIFEST_NAME || manifestEntry.size > 16 * 1024 * 1024)
    throw new BackupError('not_a_backup', `${file} 不是红链备份文件（缺少 ${MANIFEST_NAME}）`);
  const handle = await open(file, 'r');
  let manifest: BackupManifest;
  try {
    const bytes = Buffer.alloc(manifestEntry.size);
    await handle.read(bytes, 0, bytes.length, manifestEntry.offset);
    manifest = JSON.parse(bytes.toString('utf8')) as BackupManifest;
  } catch {
    throw new BackupError('not_a_backup', `${file} 的 ${MANIFEST_NAME} 无法解析：文件已损坏`);
  } finally {
    await handle.close();
  }
  if (manifest.format !== BACKUP_FORMAT)
    throw new BackupError('not_a_backup', `${file} 不是红链备份文件（格式为 ${String(manifest.format)}）`);
  if (!(manifest.formatVersion <= BACKUP_FORMAT_VERSION))
    throw new BackupError(
      'format_newer',
      `备份文件格式版本 ${manifest.formatVersion} 高于本程序支持的 ${BACKUP_FORMAT_VERSION}：请用新版程序恢复`,
    );
  const payload = entries.find((e) => e.name === manifest.payload?.name);
  if (!payload || payload.size !== manifest.payload.bytes)
    throw new BackupError('corrupt', `备份文件 ${file} 不完整：数据部分缺失或长度不符`);
  return { file, manifest, payload };
}

export type RestoreTarget = { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; url: string };

export interface RestoreOptions {
  /** The migrations this program knows (the newest decides which backups it can restore). */
  migrations?: Migration[];
  onProgress?: (note: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** The schema version this program will migrate the restored database to when the server starts. */
  codeVersion: number;
  tables: number;
  rows: number;
}

/** Checks a backup against this program and the target, without changing anything. */
export async function checkRestore(
  file: string,
  target: RestoreTarget,
  options: RestoreOptions = {},
): Promise<OpenedBackup & { codeVersion: number }> {
  const opened = await readBackup(file);
  const { manifest } = opened;
  const codeVersion = (options.migrations ?? loadMigrations()).at(-1)?.version ?? 0;
  if (manifest.schemaVersion > codeVersion)
    throw new BackupError(
      'schema_newer',
      `备份的数据库结构版本 ${manifest.schemaVersion} 高于本程序支持的版本 ${codeVersion}：请升级程序后再恢复，旧程序不能打开新数据库`,
    );
  await assertEmptyTarget(target);
  options.onProgress?.('校验备份文件的 SHA-256');
  const sha = await sha256File(file, opened.payload.offset, opened.payload.offset + opened.payload.size - 1);
  if (sha !== manifest.payload.sha256)
    throw new BackupError('corrupt', `备份文件 ${file} 已损坏：数据部分的 SHA-256 与清单不符`);
  return { ...opened, codeVersion };
}

async function assertEmptyTarget(target: RestoreTarget): Promise<void> {
  if (target.engine === 'pglite') {
    if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0)
      throw new BackupError(
        'target_not_empty',
        `目标数据目录 ${target.dataDir} 不是空的：恢复只写入空目录，以免覆盖现有数据。请先移走该目录，或用 HONGLIAN_DATA_DIR 指定新目录`,
      );
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
         and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
         and n.nspname not like 'pg\\_temp%'`,
    );
    const n = Number(rows[0]!.n);
    if (n > 0)
      throw new BackupError(
        'target_not_empty',
        `目标数据库不是空的（已有 ${n} 个表、视图或序列）：恢复只写入空数据库，以免覆盖现有数据。请新建一个空数据库（createdb）并用 DATABASE_URL 指向它`,
      );
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into an empty target of the same engine, then checks every table's row count and
 * checksum against the manifest. Refuses (before touching anything) a backup of a newer schema, of the
 * other engine, a damaged file and a non-empty target.
 */
export async function restoreBackup(
  file: string,
  target: RestoreTarget,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const note = (text: string) => options.onProgress?.(text);
  const { manifest, payload, codeVersion } = await checkRestore(file, target, options);
  const migrations = options.migrations ?? loadMigrations();
  let restored: DatabaseSummary;
  if (manifest.engine === 'pglite' && target.engine === 'pglite') {
    const bytes = await readPayload(file, payload);
    restored = await fillEmptyPgliteDir(target.dataDir, async () => {
      note('载入内嵌数据库的数据目录');
      const pglite = await openPglitePayload(bytes, manifest, target.dataDir);
      try {
        note('核对各表行数与校验和');
        await pglite.exec(TEXT_SETTINGS.join(';\n'));
        const summary = await summarize(async (text) => (await pglite.query(text)).rows as never);
        verify(manifest.tables, summary);
        return summary;
      } finally {
        await pglite.close();
      }
    });
  } else if (manifest.engine === 'postgres' && target.engine === 'postgres') {
    note('恢复数据库（pg_restore）');
    await runTool(
      'pg_restore',
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'],
      target.url,
      { stdin: createReadStream(file, { start: payload.offset, end: payload.offset + payload.size - 1 }) },
    );
    note('核对各表行数与校验和');
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      for (const s of TEXT_SETTINGS) await client.query(s);
      restored = await summarize(async (text) => (await client.query(text)).rows);
    } finally {
      await client.end();
    }
    try {
      verify(manifest.tables, restored);
    } catch (error) {
      // pg_restore has committed: say so, the target is no longer empty
      throw new BackupError(
        'verify_failed',
        `${(error as Error).message}。数据已写入目标数据库：请删除并重建该数据库后再恢复`,
      );
    }
  } else if (target.engine === 'postgres')
    restored = await restorePgliteIntoPostgres(file, payload, manifest, target.url, migrations, note);
  else restored = await restorePostgresIntoPglite(file, payload, manifest, target.dataDir, migrations, note);
  verify(manifest.tables, restored);
  return {
    manifest,
    codeVersion,
    tables: Object.keys(restored).length,
    rows: Object.values(restored).reduce((n, t) => n + t.rows, 0),
  };
}
