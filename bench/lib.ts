import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { GeneratedCity } from '../server/src/demo/generate.ts';
import { createDemoAccounts, insertCity } from '../server/src/demo/load.ts';
import { type Database, openPglite, openPostgres } from '../server/src/platform/db/database.ts';
import type { DB } from '../server/src/platform/db/schema.ts';

import { arg, round, time } from './args.ts';

export { arg, round, time };

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A fresh, empty PostgreSQL database for one bench run, dropped afterwards. */
export async function benchPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const base =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `honglian_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
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

/** A fresh database on the chosen engine, dropped afterwards. */
export async function benchDatabase(engine: string): Promise<Database & { drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite(undefined);
    return { ...db, drop: () => db.close() };
  }
  const fresh = await benchPostgresUrl();
  const db = await openPostgres(fresh.url, 4);
  return {
    ...db,
    async drop() {
      await db.close();
      await fresh.drop();
    },
  };
}

/** A generated city with its demo accounts, in one transaction: how every bench's data starts. */
export function insertDemoCity(db: Kysely<DB>, city: GeneratedCity): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await insertCity(trx, city);
    await createDemoAccounts(trx, city);
  });
}

/** Median and worst of `runs` timed calls after one warm-up. */
export async function measure(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ medianMs: number; maxMs: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await time(fn)).ms);
  samples.sort((a, b) => a - b);
  return { medianMs: round(samples[Math.floor(samples.length / 2)]!), maxMs: round(samples.at(-1)!) };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Replaces (or appends) the section between the bench's markers in docs/PERFORMANCE.md. */
export function writeSection(key: string, markdown: string): void {
  const file = path.join(root, 'docs', 'PERFORMANCE.md');
  const start = `<!-- bench:${key} -->`;
  const end = `<!-- /bench:${key} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# 性能 (performance)\n';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text =
    i >= 0 && j > i
      ? text.slice(0, i) + block + text.slice(j + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}

export interface ExportChildRun {
  ms: number;
  rows: number;
  sizeBytes: number;
  progressCalls: number;
  rssBeforeMiB: number;
  /** the highest JS heap (used) sampled every 100 ms during the export */
  heapPeakMiB: number;
  /** PGlite's WebAssembly memory at the end (it never shrinks, so also its peak); 0 on PostgreSQL */
  wasmMiB: number;
  maxRssMiB: number;
}

/**
 * Runs the member export job's handler in a fresh Node process (bench/members-export-child.ts) against
 * `target` (PostgreSQL: the database's URL; PGlite: its data folder, which no other process may hold
 * open) and answers what it printed: time, rows, the RSS before the export and the peak RSS. The child
 * is bundled as the server is (scripts/server-build.mjs) and run by plain Node as `npm start` runs the
 * server, so its memory is the server's way of running, not tsx's.
 */
export async function memberExportInChild(engine: string, target: string): Promise<ExportChildRun> {
  const bundle = path.join(root, '.tmp', 'bench', 'members-export-child.mjs');
  // imported here, not at the top: the child imports this file, and its bundle must not hold the build
  const { bundleServer, serverEnv } = await import('../scripts/server-build.mjs');
  await bundleServer(path.join(root, 'bench', 'members-export-child.ts'), bundle);
  const child = spawnSync(
    process.execPath,
    [
      '--enable-source-maps',
      bundle,
      `--engine=${engine}`,
      engine === 'pglite' ? `--dir=${target}` : `--url=${target}`,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, env: serverEnv() },
  );
  if (child.status !== 0) throw new Error(`export child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!);
}
