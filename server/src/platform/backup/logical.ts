import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { loadPGlite } from '../db/database.ts';
import { type Migration, SCHEMA_MIGRATIONS_DDL } from '../db/migrate.ts';
import {
  BackupError,
  type BackupManifest,
  type DatabaseSummary,
  fillEmptyPgliteDir,
  ident,
  listTables,
  openPglitePayload,
  type Query,
  readPayload,
  summarize,
  TEXT_SETTINGS,
  verify,
} from './core.ts';
import type { TarEntry } from './tar.ts';

/**
 * Restoring a backup into the other engine: PGlite's data folder into PostgreSQL (an embedded
 * deployment moving to a server), or a pg_dump into PGlite (a copy of the server's data on a laptop).
 *
 * Both engines build their schema from the same migrations, so the target is migrated up to exactly
 * the backup's schema version and then only the data is loaded, in one transaction: every column as
 * the source had it (foreign keys lifted meanwhile and checked when they are put back), identity
 * sequences where the source left them, and finally every table's count and checksum checked against
 * the manifest before the commit. A failure leaves the target as empty as it was.
 */

/** The target, as far as loading needs it. */
interface Sink {
  exec(script: string): Promise<void>;
  query: Query;
}

const BATCH_ROWS = 2000;

/**
 * Migrates the target to the backup's schema version, empties the tables the migrations seeded and
 * lifts the foreign keys (organizations and units point at each other, so no table order satisfies
 * them all); `restoreForeignKeys` puts them back, checking every loaded row, as pg_restore does.
 */
async function prepareTarget(
  sink: Sink,
  manifest: BackupManifest,
  migrations: Migration[],
): Promise<{ tables: string[]; restoreForeignKeys(): Promise<void> }> {
  const wanted = migrations.filter((m) => m.version <= manifest.schemaVersion);
  if (wanted.at(-1)?.version !== manifest.schemaVersion)
    throw new BackupError(
      'schema_newer',
      `本程序没有备份所用的数据库结构版本 ${manifest.schemaVersion}：请用生成该备份的程序版本恢复`,
    );
  await sink.exec(SCHEMA_MIGRATIONS_DDL);
  for (const m of wanted) {
    try {
      await sink.exec(m.sql);
    } catch (error) {
      throw new Error(`迁移 ${m.version}_${m.name} 失败：${(error as Error).message}`, { cause: error });
    }
  }
  const tables = await listTables(sink.query);
  const expected = Object.keys(manifest.tables).sort();
  if (tables.join(',') !== expected.join(','))
    throw new BackupError(
      'verify_failed',
      `按迁移建立的表与备份中的表不一致：备份有 ${expected.length} 张表，目标有 ${tables.length} 张`,
    );
  await sink.exec(`truncate ${tables.map((t) => `public.${ident(t)}`).join(', ')} restart identity cascade`);
  // every table is loaded as it was: the triggers that note changes for derived tables (orgsetup_dirty,
  // migration 0260) or bump a cache version (migration 0235) stay quiet for the rest of this transaction
  await sink.exec(`set local honglian.restoring = 'on'`);
  const foreignKeys = await sink.query<{ table: string; name: string; definition: string }>(
    `select ch.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
     from pg_constraint c
     join pg_class ch on ch.oid = c.conrelid join pg_namespace n on n.oid = ch.relnamespace
     where c.contype = 'f' and n.nspname = 'public'
     order by ch.relname, c.conname`,
  );
  for (const fk of foreignKeys)
    await sink.exec(`alter table public.${ident(fk.table)} drop constraint ${ident(fk.name)}`);
  return {
    tables,
    async restoreForeignKeys() {
      // deferred checks (the points ledger's balance per transaction) run now, on the loaded rows:
      // a table with pending trigger events cannot be altered
      await sink.exec('set constraints all immediate');
      for (const fk of foreignKeys)
        await sink.exec(
          `alter table public.${ident(fk.table)} add constraint ${ident(fk.name)} ${fk.definition}`,
        );
    },
  };
}

/** The columns a row is written with (generated columns are computed by the target). */
async function columnsOf(query: Query, table: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    `select a.attname as name from pg_attribute a
     join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = '${table.replaceAll("'", "''")}'
       and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     order by a.attnum`,
  );
  return rows.map((r) => r.name);
}

/** PGlite's data folder → an empty PostgreSQL database. */
export async function restorePgliteIntoPostgres(
  file: string,
  payload: TarEntry,
  manifest: BackupManifest,
  url: string,
  migrations: Migration[],
  note: (text: string) => void,
): Promise<DatabaseSummary> {
  note('在内存中打开备份的内嵌数据库');
  const source = await openPglitePayload(await readPayload(file, payload), manifest, undefined);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sink: Sink = {
    exec: async (script) => void (await client.query(script)),
    query: async (text) => (await client.query(text)).rows,
  };
  try {
    await client.query('begin');
    for (const s of TEXT_SETTINGS) await client.query(s.replace(/^set /, 'set local '));
    note(`按迁移建立数据库结构（版本 ${manifest.schemaVersion}）`);
    const target = await prepareTarget(sink, manifest, migrations);
    await source.exec('begin');
    for (const table of target.tables) {
      note(`载入表 ${table}`);
      const list = (await columnsOf(sink.query, table)).map(ident).join(', ');
      const name = `public.${ident(table)}`;
      await source.exec(
        `declare backup_rows no scroll cursor for select row_to_json(t)::text as r from (select ${list} from ${name}) t`,
      );
      for (;;) {
        const { rows } = await source.query<{ r: string }>(`fetch ${BATCH_ROWS} from backup_rows`);
        if (!rows.length) break;
        await client.query(
          `insert into ${name} (${list}) overriding system value
           select ${list} from json_populate_recordset(null::${name}, $1::json)`,
          [`[${rows.map((r) => r.r).join(',')}]`],
        );
      }
      await source.exec('close backup_rows');
    }
    note('设置序列');
    const sequences = await source.query<{ name: string }>(
      `select sequencename as name from pg_sequences where schemaname = 'public' order by 1`,
    );
    for (const { name } of sequences.rows) {
      const [state] = (
        await source.query<{ value: string; called: boolean }>(
          `select last_value::text as value, is_called as called from public.${ident(name)}`,
        )
      ).rows;
      await client.query('select setval($1::regclass, $2::int8, $3)', [
        `public.${ident(name)}`,
        state!.value,
        state!.called,
      ]);
    }
    await source.exec('commit');
    note('恢复外键约束');
    await target.restoreForeignKeys();
    note('核对各表行数与校验和');
    const summary = await summarize(sink.query);
    verify(manifest.tables, summary);
    await client.query('commit');
    return summary;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
    await source.close();
  }
}

interface DumpData {
  /** Per table: the column list of its COPY and its rows in COPY's text format. */
  tables: Map<string, { columns: string; text: string }>;
  sequences: Array<{ name: string; value: string; called: boolean }>;
}

const unquote = (name: string) =>
  name
    .replace(/^public\./, '')
    .replace(/^"(.*)"$/, '$1')
    .replaceAll('""', '"');

/** The data of a pg_dump archive, read through `pg_restore --data-only` (no server needed). */
async function readDumpData(file: string, payload: TarEntry): Promise<DumpData> {
  const child = spawn('pg_restore', ['--data-only', '--file=-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const failed = new Promise<never>((_, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              'tool_missing',
              '找不到 pg_restore：读取 PostgreSQL 备份需要 PostgreSQL 客户端工具（Debian/Ubuntu：apt-get install postgresql-client）',
            )
          : error,
      ),
    );
  });
  failed.catch(() => undefined);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.on('error', () => undefined);
  createReadStream(file, { start: payload.offset, end: payload.offset + payload.size - 1 }).pipe(child.stdin);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

  const data: DumpData = { tables: new Map(), sequences: [] };
  const read = (async () => {
    let current: { table: string; columns: string; lines: string[] } | undefined;
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (current) {
        if (line === '\\.') {
          data.tables.set(current.table, {
            columns: current.columns,
            text: current.lines.length ? `${current.lines.join('\n')}\n` : '',
          });
          current = undefined;
        } else current.lines.push(line);
        continue;
      }
      const copy = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(line);
      if (copy) {
        current = { table: unquote(copy[1]!), columns: copy[2]!, lines: [] };
        continue;
      }
      const setval = /^SELECT pg_catalog\.setval\('([^']+)', (\d+), (true|false)\);$/.exec(line);
      if (setval)
        data.sequences.push({ name: unquote(setval[1]!), value: setval[2]!, called: setval[3] === 'true' });
    }
  })();
  const code = await Promise.race([exited, failed]);
  await read;
  if (code !== 0)
    throw new BackupError(
      'tool_failed',
      `pg_restore 失败（退出码 ${code}）：${stderr.trim().slice(0, 2000)}`,
    );
  return data;
}

/** A pg_dump archive → an empty embedded database folder. */
export async function restorePostgresIntoPglite(
  file: string,
  payload: TarEntry,
  manifest: BackupManifest,
  dataDir: string,
  migrations: Migration[],
  note: (text: string) => void,
): Promise<DatabaseSummary> {
  note('读取 PostgreSQL 备份中的数据（pg_restore）');
  const data = await readDumpData(file, payload);
  return fillEmptyPgliteDir(dataDir, async () => {
    const pglite = await (await loadPGlite()).create({ dataDir });
    const sink: Sink = {
      exec: async (script) => void (await pglite.exec(script)),
      query: async (text) => (await pglite.query(text)).rows as never,
    };
    try {
      await pglite.exec('begin');
      await pglite.exec(TEXT_SETTINGS.map((s) => s.replace(/^set /, 'set local ')).join(';\n'));
      note(`按迁移建立数据库结构（版本 ${manifest.schemaVersion}）`);
      const target = await prepareTarget(sink, manifest, migrations);
      const unknown = [...data.tables.keys()].filter((t) => !target.tables.includes(t));
      if (unknown.length)
        throw new BackupError('verify_failed', `备份中有目标数据库没有的表：${unknown.join('、')}`);
      for (const table of target.tables) {
        const block = data.tables.get(table);
        if (!block?.text) continue;
        note(`载入表 ${table}`);
        await pglite.query(`copy public.${ident(table)} (${block.columns}) from '/dev/blob'`, [], {
          blob: new Blob([block.text]),
        });
      }
      note('设置序列');
      for (const s of data.sequences)
        await pglite.query('select setval($1::regclass, $2::int8, $3)', [
          `public.${ident(s.name)}`,
          s.value,
          s.called,
        ]);
      note('恢复外键约束');
      await target.restoreForeignKeys();
      note('核对各表行数与校验和');
      const summary = await summarize(sink.query);
      verify(manifest.tables, summary);
      await pglite.exec('commit');
      return summary;
    } catch (error) {
      await pglite.exec('rollback').catch(() => undefined);
      throw error;
    } finally {
      await pglite.close();
    }
  });
}
