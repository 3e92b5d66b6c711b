// npm run bench:members-export -- --engine=postgres|pglite [--members=0,300000] (0: the generated city as is)
// The member export job alone, timed with its peak memory measured in a fresh child process (the
// parent that generated and loaded the city holds hundreds of MiB of its own, which the old figure in
// docs/PERFORMANCE.md counted). For each size the city is topped up set-based to that many members;
// the child opens the same database (PostgreSQL: the bench database; PGlite: its data folder), runs
// the job handler the queue runs (bench/members-export-child.ts, which imports only what the export
// needs), and prints its wall time and VmHWM, the high-water mark of its own address space.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { todayInShanghai } from '@honglian/domain';
import { sql } from 'kysely';
import { generateCity } from '../server/src/demo/generate.ts';
import { systemNow } from '../server/src/platform/clock.ts';
import { type Database, openPglite, openPostgres } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import {
  arg,
  benchPostgresUrl,
  type ExportChildRun,
  insertDemoCity,
  machine,
  memberExportInChild,
  round,
  time,
  writeSection,
} from './lib.ts';

const engine = arg('engine', 'postgres');

const sizes = arg('members', '0,300000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const log = (msg: string) => process.stderr.write(`[bench:members-export ${engine}] ${msg}\n`);
const dir = engine === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'honglian-bench-export-')) : '';
const pgdb = engine === 'postgres' ? await benchPostgresUrl() : null;
const open = (): Promise<Database> => (pgdb ? openPostgres(pgdb.url, 4) : openPglite(dir));
const runs: Array<ExportChildRun & { members: number }> = [];
let loadMs = 0;
try {
  let database = await open();
  await migrate(database);
  const city = generateCity(1, { targetOrgs: 16116 });
  loadMs += (await time(() => insertDemoCity(database.db, city))).ms;
  await database.close();
  for (const size of sizes) {
    database = await open();
    // top up set-based to `size`, spread over the branches that already hold members
    loadMs += (
      await time(async () => {
        await sql`
          with branches as (
            select o.id, o.region_code, row_number() over (order by o.id) - 1 as i, count(*) over () as n
            from orgs o where o.type in ('branch', 'joint_branch') and exists (select 1 from members m where m.org_id = o.id)
          ),
          need as (select greatest(0, ${size} - (select count(*) from members))::int as k)
          insert into members (region_code, org_id, name, name_search, id_number, gender, birth_date, joined_on, stage,
            status, phone, updated_at)
          select b.region_code, b.id, '党员' || g, '党员' || g, '9' || lpad((g + ${size}::int)::text, 17, '0'),
            case when g % 2 = 0 then 'male' else 'female' end, date '1960-01-01' + (g % 15000), date '2000-01-01' + (g % 8000),
            case when g % 25 = 0 then 'probationary' else 'full' end, 'normal', '171' || lpad((g + ${size}::int)::text, 8, '0'), now()
          from need, generate_series(1, need.k) g join branches b on b.i = g % b.n`.execute(database.db);
        await sql`analyze`.execute(database.db);
      })
    ).ms;
    const members = (await sql<{ n: number }>`select count(*)::int as n from members`.execute(database.db))
      .rows[0]!.n;
    await database.close();
    log(`${members} members loaded; exporting in a child process`);
    const run = await memberExportInChild(engine, pgdb ? pgdb.url : dir);
    log(JSON.stringify(run));
    runs.push({ members, ...run });
  }
  const label = engine === 'pglite' ? '内嵌 PGlite（数据目录）' : 'PostgreSQL 15';
  writeSection(
    `members-export:${engine}`,
    `### 党员台账导出（后台任务，独立子进程测峰值内存） — ${label} (${todayInShanghai(systemNow())})

Machine: ${machine()}. Command: \`npm run bench:members-export -- --engine=${engine} --members=${sizes.join(',')}\`.
Data: Xiamen's 16,116 organizations (demo generator), members topped up set-based to each size (0: the generated city as it is; load ${round(loadMs / 1000)} s in all).
Each row: the export job's handler (the one the queue runs) as the city administrator, in a fresh
Node process that only opens the database and exports: wall time, and that process's peak RSS
(\`VmHWM\`, the high-water mark of its own address space), which includes Node, the modules${engine === 'pglite' ? ' and the embedded database itself' : ''}.

| members | rows written | file | time | RSS before the export | peak RSS |
|---|---|---|---|---|---|
${runs.map((r) => `| ${r.members.toLocaleString()} | ${r.rows.toLocaleString()} | ${(r.sizeBytes / 2 ** 20).toFixed(1)} MiB | ${round(r.ms / 1000)} s | ${r.rssBeforeMiB} MiB | ${r.maxRssMiB} MiB |`).join('\n')}
`,
  );
  console.log(JSON.stringify({ bench: 'members-export', engine, runs }));
} finally {
  if (pgdb) await pgdb.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
