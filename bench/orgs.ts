// npm run bench:orgs -- --engine=postgres|pglite [--orgs=16116]
// Loads a Xiamen-sized city (seed 003: 16,116 organizations) with the demo generator, then times the
// organization-tree reads and writes the console makes, through the real service functions, and the
// export job over the whole city's roster (党组织名册).

import { todayInShanghai } from '@honglian/domain';
import { sql } from 'kysely';
import pino from 'pino';
import { generateCity } from '../server/src/demo/generate.ts';
import { orgExportJob } from '../server/src/modules/orgs/export.ts';
import { getOrg, listOrgs, moveOrg } from '../server/src/modules/orgs/service.ts';
import { loadActor } from '../server/src/platform/auth.ts';
import { systemNow } from '../server/src/platform/clock.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import type { Job } from '../server/src/platform/db/schema.ts';
import { arg, benchDatabase, insertDemoCity, machine, measure, round, time, writeSection } from './lib.ts';

const engine = arg('engine', 'postgres');
const targetOrgs = Number(arg('orgs', '16116'));
const database = await benchDatabase(engine);
try {
  await migrate(database);
  const generated = await time(async () => generateCity(1, { targetOrgs }));
  const city = generated.value;
  const load = await time(() => insertDemoCity(database.db, city));
  await sql`analyze`.execute(database.db);
  const counts = await database.db
    .selectFrom('orgs')
    .select([
      sql<number>`count(*)::int`.as('orgs'),
      sql<number>`(select count(*)::int from members)`.as('members'),
    ])
    .executeTakeFirstOrThrow();
  const admin = (await loadActor(database.db, 1))!;
  const district = (await loadActor(database.db, 2))!;
  const ctx = { actor: admin, ip: '127.0.0.1', requestId: 'bench' };
  const dctx = { actor: district, ip: '127.0.0.1', requestId: 'bench' };
  const xiamen = 1;
  const bigCommittee = city.orgs.find((o) => o.name.startsWith('中共厦门市第1片区'))?.id ?? 2;
  const torch = city.orgs.find((o) => o.key === 'torch')!.id;

  const results = {
    roots: await measure(20, () => listOrgs(database.db, ctx, { includeDissolved: false, limit: 200 })),
    childrenOfCity: await measure(20, () =>
      listOrgs(database.db, ctx, { parentId: xiamen, includeDissolved: false, limit: 500 }),
    ),
    searchCity: await measure(20, () =>
      listOrgs(database.db, ctx, { q: '科技', includeDissolved: false, limit: 50 }),
    ),
    searchDistrictScope: await measure(20, () =>
      listOrgs(database.db, dctx, { q: '支部', includeDissolved: false, limit: 50 }),
    ),
    detailWithSubtreeCount: await measure(20, () => getOrg(database.db, ctx, xiamen)),
    moveSubtree: await measure(5, () =>
      database.db
        .transaction()
        .execute(async (trx) => {
          await moveOrg(trx, ctx, bigCommittee, torch);
          throw new Error('rollback');
        })
        .catch((e: Error) => {
          if (e.message !== 'rollback') throw e;
        }),
    ),
    // the job a city administrator's 导出 starts (over 10,000 rows): every organization in tree order
    // with full path, unit, members held and secretary, into an .xlsx stored in `files`
    exportCity: await measure(3, () =>
      orgExportJob.handler(
        { userId: admin.userId, query: { includeDissolved: false } },
        { job: { id: 0 } as Job, db: database, log: pino({ level: 'silent' }), progress: async () => {} },
      ),
    ),
  };
  const row = (name: string, what: string, r: { medianMs: number; maxMs: number }) =>
    `| ${name} | ${what} | ${r.medianMs} | ${r.maxMs} |`;
  writeSection(
    `orgs:${engine}`,
    `### 组织树 — ${engine === 'pglite' ? '内嵌 PGlite' : 'PostgreSQL 15'} (${todayInShanghai(systemNow())})

Machine: ${machine()}. Command: \`npm run bench:orgs -- --engine=${engine}\`.
Data: ${counts.orgs} organizations, ${counts.members} members (generator ${round(generated.ms)} ms, load ${round(load.ms)} ms).

| operation | what it does | median ms | max ms |
|---|---|---|---|
${row('roots', 'admin scope roots with child counts', results.roots)}
${row('childrenOfCity', `children of 中共厦门市委员会 (${city.orgs.filter((o) => o.parentId === xiamen).length})`, results.childrenOfCity)}
${row('searchCity', "search '科技' over the whole city, with path names", results.searchCity)}
${row('searchDistrictScope', "search '支部' inside 湖里 only", results.searchDistrictScope)}
${row('detailWithSubtreeCount', 'org detail with descendant count of the city root', results.detailWithSubtreeCount)}
${row('moveSubtree', 'move a committee with its subtree (rolled back)', results.moveSubtree)}
${row('exportCity', `export job: all ${counts.orgs} organizations → 党组织名册 .xlsx (keyset pages of 2,000, members held and secretaries set-based)`, results.exportCity)}
`,
  );
  console.log(
    JSON.stringify({
      bench: 'orgs',
      engine,
      orgs: counts.orgs,
      members: counts.members,
      loadMs: round(load.ms),
      ...Object.fromEntries(Object.entries(results).map(([k, v]) => [`${k}Ms`, v.medianMs])),
    }),
  );
} finally {
  await database.drop();
}
