import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { repoRoot } from '../config.ts';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = path.join(repoRoot, 'server', 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/** The bookkeeping table of migrations (also created by a restore across engines). */
export const SCHEMA_MIGRATIONS_DDL = `create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`;

export class DatabaseNewerThanCodeError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `数据库结构版本 ${databaseVersion} 高于程序支持的版本 ${codeVersion}：请升级程序，不要用旧程序打开新数据库`,
    );
  }
}

/**
 * Forward-only migrations, each in its own transaction with its bookkeeping row.
 * A database migrated by newer code is refused rather than half-understood.
 */
export async function migrate(database: Database, migrations = loadMigrations()): Promise<number[]> {
  await database.exec(SCHEMA_MIGRATIONS_DDL);
  const { rows } = await sql<{ version: number }>`select version from schema_migrations`.execute(database.db);
  const applied = new Set(rows.map((r) => r.version));
  const latestKnown = migrations.at(-1)?.version ?? 0;
  const latestApplied = Math.max(0, ...applied);
  if (latestApplied > latestKnown) throw new DatabaseNewerThanCodeError(latestApplied, latestKnown);
  const ran: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    try {
      await database.exec(
        `begin;\n${m.sql}\n;insert into schema_migrations (version, name) values (${m.version}, '${m.name}');\ncommit;`,
      );
    } catch (error) {
      await database.exec('rollback').catch(() => undefined);
      throw new Error(`迁移 ${m.version}_${m.name} 失败：${(error as Error).message}`, { cause: error });
    }
    ran.push(m.version);
  }
  return ran;
}
