import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { type Engine, loadPGlite } from '../db/database.ts';
import { lockDataDir } from '../db/lock.ts';
import type { TarEntry } from './tar.ts';

/** What backup.ts (the file, backing up, restoring) and logical.ts (restoring across engines) share. */

export const BACKUP_FORMAT = 'honglian-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
export const BACKUP_FILE_PATTERN = /^honglian-\d{8}-\d{6}(?:-\d+)?-(?:pglite|postgres)-v\d+\.backup\.tar$/;

export type PayloadKind = 'pglite-datadir' | 'pg_dump-custom';

export interface TableSummary {
  rows: number;
  /** Sum of the first 64 bits of each row's md5 (its text form), in decimal: independent of row order. */
  checksum: string;
}

export type DatabaseSummary = Record<string, TableSummary>;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  engine: Engine;
  /** The last migration applied to the database backed up. */
  schemaVersion: number;
  schemaName: string;
  createdAt: string;
  appVersion: string;
  server: { version: string; versionNum: number; pgDump?: string };
  payload: { name: string; kind: PayloadKind; bytes: number; sha256: string };
  tables: DatabaseSummary;
}

export type BackupErrorCode =
  | 'not_a_backup'
  | 'empty_source'
  | 'format_newer'
  | 'schema_newer'
  | 'engine_mismatch'
  | 'corrupt'
  | 'target_not_empty'
  | 'server_incompatible'
  | 'tool_missing'
  | 'tool_failed'
  | 'verify_failed';

/** A refusal or failure of backup/restore, with a message for the person running it. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// The text form of a row (what the checksum hashes) depends on these settings; both ends use them.
export const TEXT_SETTINGS = [
  `set time zone 'Asia/Shanghai'`,
  `set datestyle = 'ISO, MDY'`,
  `set intervalstyle = 'postgres'`,
  `set extra_float_digits = 1`,
  `set bytea_output = 'hex'`,
];

export type Query = <R>(text: string) => Promise<R[]>;

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every ordinary table of the `public` schema, by name. */
export async function listTables(query: Query): Promise<string[]> {
  const rows = await query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
  );
  return rows.map((r) => r.name);
}

/** Row count and checksum of every table. The caller sets TEXT_SETTINGS on the session first. */
export async function summarize(query: Query): Promise<DatabaseSummary> {
  const summary: DatabaseSummary = {};
  for (const table of await listTables(query)) {
    const [row] = await query<{ rows: string; checksum: string }>(
      `select count(*)::text as rows,
              coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::int8::numeric), 0)::text as checksum
       from public.${ident(table)} t`,
    );
    summary[table] = { rows: Number(row!.rows), checksum: row!.checksum };
  }
  return summary;
}

/** Every table of the backup has the same rows (count and checksum) after the restore. */
export function verify(expected: DatabaseSummary, actual: DatabaseSummary): void {
  const problems: string[] = [];
  for (const [table, want] of Object.entries(expected)) {
    const got = actual[table];
    if (!got) problems.push(`缺少表 ${table}`);
    else if (got.rows !== want.rows) problems.push(`表 ${table} 应有 ${want.rows} 行，实有 ${got.rows} 行`);
    else if (got.checksum !== want.checksum) problems.push(`表 ${table} 的数据校验和不符`);
  }
  for (const table of Object.keys(actual)) if (!(table in expected)) problems.push(`多出表 ${table}`);
  if (problems.length)
    throw new BackupError('verify_failed', `恢复后核对未通过：${problems.slice(0, 10).join('；')}`);
}

export async function sha256File(file: string, start = 0, end?: number): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { start, ...(end !== undefined ? { end } : {}) }), hash);
  return hash.digest('hex');
}

/** Runs a PostgreSQL client tool, the password passed in the environment rather than the command line. */
export function runTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  url: string,
  options: { stdin?: NodeJS.ReadableStream; onTick?: () => void } = {},
): Promise<string> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${target.toString()}`], {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const ticker = options.onTick ? setInterval(options.onTick, 60_000) : undefined;
    if (options.stdin) {
      options.stdin.pipe(child.stdin!);
      child.stdin!.on('error', () => undefined);
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearInterval(ticker);
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              'tool_missing',
              `找不到 ${tool}：请安装 PostgreSQL 客户端工具（Debian/Ubuntu：apt-get install postgresql-client），其主版本不低于数据库服务器`,
            )
          : error,
      );
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve(stdout);
      else
        reject(
          new BackupError('tool_failed', `${tool} 失败（退出码 ${code}）：${stderr.trim().slice(0, 2000)}`),
        );
    });
  });
}

export async function toolVersion(tool: 'pg_dump' | 'pg_restore'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              'tool_missing',
              `找不到 ${tool}：请安装 PostgreSQL 客户端工具（Debian/Ubuntu：apt-get install postgresql-client），其主版本不低于数据库服务器`,
            )
          : error,
      ),
    );
    child.on('close', () => resolve(out.trim()));
  });
}

/** The payload's bytes (a PGlite payload is loaded whole anyway). */
export async function readPayload(file: string, payload: TarEntry): Promise<Buffer<ArrayBuffer>> {
  const handle = await open(file, 'r');
  const bytes = Buffer.alloc(payload.size);
  try {
    await handle.read(bytes, 0, payload.size, payload.offset);
  } finally {
    await handle.close();
  }
  return bytes;
}

/**
 * A PGlite loaded with a backup's data folder: into `dataDir`, or in memory when it is undefined.
 * Only a PGlite of the backup's PostgreSQL major version reads its files.
 */
export async function openPglitePayload(
  bytes: Buffer<ArrayBuffer>,
  manifest: BackupManifest,
  dataDir: string | undefined,
): Promise<PGlite> {
  let pglite: PGlite;
  try {
    pglite = await (await loadPGlite()).create({
      ...(dataDir ? { dataDir } : {}),
      loadDataDir: new Blob([bytes]),
    });
  } catch (error) {
    throw new BackupError(
      'server_incompatible',
      `无法载入备份的数据目录（备份来自 ${manifest.server.version}）：${(error as Error).message}。` +
        '内嵌数据库的备份只能由相同主版本的 PGlite 读取',
    );
  }
  const [row] = (await pglite.query<{ num: string }>(`select current_setting('server_version_num') as num`))
    .rows;
  if (Math.floor(Number(row!.num) / 10000) !== Math.floor(manifest.server.versionNum / 10000)) {
    await pglite.close();
    throw new BackupError(
      'server_incompatible',
      `备份来自 ${manifest.server.version}，本程序的内嵌数据库主版本不同（${row!.num}）：不能恢复`,
    );
  }
  return pglite;
}

/**
 * Fills an empty (or absent) embedded database folder, holding its lock meanwhile. When `fill` fails
 * the folder is left as it was found: nothing half-written stays behind.
 */
export async function fillEmptyPgliteDir<T>(dataDir: string, fill: () => Promise<T>): Promise<T> {
  const createdDir = !existsSync(dataDir);
  await mkdir(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  let done = false;
  try {
    const result = await fill();
    done = true;
    return result;
  } finally {
    unlock();
    if (!done) {
      if (createdDir) await rm(dataDir, { recursive: true, force: true });
      else
        for (const f of readdirSync(dataDir))
          await rm(path.join(dataDir, f), { recursive: true, force: true });
    }
  }
}
