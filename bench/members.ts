// npm run bench:members -- --engine=postgres|pglite [--members=300000] [--import=50000]
// A Xiamen-sized city (seed 003: 16,116 organizations, topped up to 300,000 members), then the member
// ledger's heavy paths through the real service functions: the export job over every member (in a fresh
// child process, as bench:members-export runs it, so its peak RSS is the export's own), a 50,000-row
// import (preview, then commit), and searches of the register. PGlite runs on a data folder, which the
// parent closes while the child exports.

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { makeIdNumber, namePinyin, normalizeForSearch, todayInShanghai } from '@honglian/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { generateCity } from '../server/src/demo/generate.ts';
import { commitImport, listMembers, previewImport } from '../server/src/modules/members/service.ts';
import { loadActor } from '../server/src/platform/auth.ts';
import { clock, systemNow } from '../server/src/platform/clock.ts';
import { type Database, openPglite, openPostgres } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import {
  arg,
  benchPostgresUrl,
  insertDemoCity,
  machine,
  measure,
  memberExportInChild,
  round,
  time,
  writeSection,
} from './lib.ts';

const engine = arg('engine', 'postgres');
const targetMembers = Number(arg('members', '300000'));
const importRows = Number(arg('import', '50000'));
const dir = engine === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'honglian-bench-members-')) : '';
const pgdb = engine === 'postgres' ? await benchPostgresUrl() : null;
const open = (): Promise<Database> => (pgdb ? openPostgres(pgdb.url, 4) : openPglite(dir));
let database = await open();
const count = async (table: 'members' | 'orgs') =>
  (await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow())
    .n;

/** Members born elsewhere (Beijing area codes), so their ID numbers never meet the generator's. */
function extraMember(i: number, org: { id: number; regionCode: string }) {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 998) * 86_400_000).toISOString().slice(0, 10);
  const seq = (i % 998) + 1;
  const name = `${'王李张刘陈杨黄赵吴周'[i % 10]}${'伟芳娜敏静丽强磊军洋'[(i >> 3) % 10]}${'华明涛红'[(i >> 6) % 4]}`;
  return {
    org_id: org.id,
    region_code: org.regionCode,
    name,
    name_search: normalizeForSearch(name),
    name_pinyin: namePinyin(name).pinyin,
    name_initials: namePinyin(name).initials,
    id_number: makeIdNumber(i % 2 ? '110101' : '110102', birth, seq),
    gender: (seq % 2 === 1 ? 'male' : 'female') as 'male' | 'female',
    birth_date: birth,
    phone: `171${String(i).padStart(8, '0')}`,
    joined_on: '2010-07-01',
    stage: 'full',
    updated_at: clock.now(),
  };
}

try {
  await migrate(database);
  const city = generateCity(1, { targetOrgs: 16116 });
  const branches = city.orgs.filter((o) => o.type === 'branch' && o.regionCode.startsWith('3502'));
  const load = await time(async () => {
    await insertDemoCity(database.db, city);
    // top up to the target with members spread over Xiamen's branches
    const deficit = targetMembers - (await count('members'));
    for (let start = 0; start < deficit; start += 2000) {
      const rows = [];
      for (let i = start; i < Math.min(deficit, start + 2000); i++)
        rows.push(extraMember(i, branches[i % branches.length]!));
      await database.db.insertInto('members').values(rows).execute();
    }
  });
  await sql`analyze`.execute(database.db);
  const members = await count('members');
  const orgs = await count('orgs');
  const admin = (await loadActor(database.db, 1))!;
  const ctx = { actor: admin, ip: '127.0.0.1', requestId: 'bench' };

  // ---- searches of the whole register (admin scope)
  const page = { page: 1, pageSize: 20 };
  const chen = await database.db
    .selectFrom('members')
    .select(['id_number', 'phone'])
    .where('name', '=', '陈嘉怡')
    .executeTakeFirstOrThrow();
  const searches = {
    listFirstPage: await measure(10, () => listMembers(database.db, ctx, page)),
    searchName: await measure(10, () => listMembers(database.db, ctx, { ...page, q: '陳嘉怡' })),
    searchInitials: await measure(10, () => listMembers(database.db, ctx, { ...page, q: 'cjy' })),
    searchIdTail: await measure(10, () =>
      listMembers(database.db, ctx, { ...page, q: chen.id_number.slice(-6) }),
    ),
    searchPhoneTail: await measure(10, () =>
      listMembers(database.db, ctx, { ...page, q: chen.phone!.slice(-6) }),
    ),
  };

  // ---- the export job over every member the city administrator sees, in a fresh process
  await database.close();
  const exported = await memberExportInChild(engine, pgdb ? pgdb.url : dir);
  database = await open();

  // ---- a 50,000-row import: new members in 100 Xiamen branches, given by name and number
  const targets = branches.slice(0, 100);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(['所在党组织', '党组织编号', '姓名', '公民身份号码', '手机号码', '入党日期', '学历']);
  for (let i = 0; i < importRows; i++) {
    const org = targets[i % targets.length]!;
    const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(i / 998) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    ws.addRow([
      org.name,
      String(org.id),
      `导入${i}`,
      makeIdNumber('120101', birth, (i % 998) + 1),
      `172${String(i).padStart(8, '0')}`,
      '2018-07-01',
      '大学本科',
    ]);
  }
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const preview = await time(() => previewImport(database.db, ctx, { fileName: 'bench.xlsx', buffer: file }));
  const commit = await time(() =>
    database.db.transaction().execute((trx) => commitImport(trx, ctx, preview.value.batchId, 'all')),
  );
  const again = await time(async () => {
    const p = await previewImport(database.db, ctx, { fileName: 'bench.xlsx', buffer: file });
    return database.db.transaction().execute((trx) => commitImport(trx, ctx, p.batchId, 'all'));
  });

  const row = (name: string, what: string, r: { medianMs: number; maxMs: number }) =>
    `| ${name} | ${what} | ${r.medianMs} | ${r.maxMs} |`;
  writeSection(
    `members:${engine}`,
    `### 党员台账 — ${engine === 'pglite' ? '内嵌 PGlite' : 'PostgreSQL 15'} (${todayInShanghai(systemNow())})

Machine: ${machine()}. Command: \`npm run bench:members -- --engine=${engine}\`.
Data: ${orgs} organizations, ${members.toLocaleString('en')} members (demo generator for Xiamen's 16,116 organizations, topped up to ${targetMembers.toLocaleString('en')}; load ${round(load.ms)} ms).
Load average at the end of the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (the machine is shared; a busy machine stretches every figure).

| operation | what it does | ms |
|---|---|---|
| export job | all ${exported.rows.toLocaleString('en')} members the city administrator sees → .xlsx (${(exported.sizeBytes / 2 ** 20).toFixed(1)} MiB, full data), keyset pages of 1,000, streamed by the one-sheet writer into 32 KiB \`file_chunks\`, ${exported.progressCalls} progress updates; in a fresh Node process running bench/members-export-child.ts bundled as the server is (scripts/server-build.mjs): RSS before the export ${exported.rssBeforeMiB} MiB, **peak RSS ${exported.maxRssMiB} MiB** (\`VmHWM\`: the high-water mark of its own address space; JS heap peak ${exported.heapPeakMiB} MiB${engine === 'pglite' ? `, PGlite's WebAssembly memory ${exported.wasmMiB} MiB` : ''}) | ${round(exported.ms)} |
| import preview | ${importRows.toLocaleString('en')}-row .xlsx (${(file.length / 2 ** 20).toFixed(1)} MiB): parse, check every row, 2 set-based lookups, store the batch | ${round(preview.ms)} |
| import commit | write the ${commit.value.inserted.toLocaleString('en')} new members with one audit event each (2 statements) | ${round(commit.ms)} |
| re-import | the same file again: preview + commit, ${again.value.inserted} inserted, ${again.value.updated} updated, ${again.value.unchanged.toLocaleString('en')} unchanged | ${round(again.ms)} |

| search (admin scope, whole register) | what it does | median ms | max ms |
|---|---|---|---|
${row('listFirstPage', 'first page of 20 with the total', searches.listFirstPage)}
${row('searchName', "Traditional '陳嘉怡' (normalized name, contains)", searches.searchName)}
${row('searchInitials', "initials 'cjy' (pinyin prefix index)", searches.searchInitials)}
${row('searchIdTail', 'last 6 characters of an ID number (reverse() index)', searches.searchIdTail)}
${row('searchPhoneTail', 'last 6 digits of a phone (reverse() index)', searches.searchPhoneTail)}
`,
  );
  console.log(
    JSON.stringify({
      bench: 'members',
      engine,
      orgs,
      members,
      loadMs: round(load.ms),
      exportRows: exported.rows,
      exportMs: round(exported.ms),
      exportBytes: exported.sizeBytes,
      exportRssBeforeMiB: exported.rssBeforeMiB,
      exportPeakRssMiB: exported.maxRssMiB,
      importRows,
      importPreviewMs: round(preview.ms),
      importCommitMs: round(commit.ms),
      reimportMs: round(again.ms),
      ...Object.fromEntries(Object.entries(searches).map(([k, v]) => [`${k}Ms`, v.medianMs])),
    }),
  );
} finally {
  await database.close();
  if (pgdb) await pgdb.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
