// npm run bench:orgsetup -- --engine=postgres|pglite [--orgs=16116]
// Loads a Xiamen-sized city (seed 003: 16,116 organizations) with the demo generator and the demo's
// organization-setup data (terms and committees for ~90% of organizations, joint-branch work units,
// instructors), then times the findings of O1/O3/O4/O5 and the 两个覆盖 dashboard through the real
// service functions. The findings are read from their stored rows (decision 0029): the bench times
// the whole recomputation the nightly sweep does, the definition computed on the fly (what every
// request did before), keyset and OFFSET pages, and a read right after a change (one branch recomputed).
import os from 'node:os';
import { todayInShanghai } from '@honglian/domain';
import { sql } from 'kysely';
import { generateCity } from '../server/src/demo/generate.ts';
import { loadDemoOrgSetup } from '../server/src/demo/orgsetup.ts';
import { computeFindings } from '../server/src/modules/orgsetup/repository.ts';
import {
  coverage,
  coverageUnits,
  listFindings,
  refreshFindings,
} from '../server/src/modules/orgsetup/service.ts';
import { loadActor } from '../server/src/platform/auth.ts';
import { clock, systemNow } from '../server/src/platform/clock.ts';
import { decodeCursor } from '../server/src/platform/cursor.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { arg, benchDatabase, insertDemoCity, machine, measure, round, time, writeSection } from './lib.ts';

const engine = arg('engine', 'postgres');
const targetOrgs = Number(arg('orgs', '16116'));
const database = await benchDatabase(engine);
try {
  await migrate(database);
  const city = generateCity(1, { targetOrgs });
  const load = await time(() => insertDemoCity(database.db, city));
  await sql`analyze`.execute(database.db);
  const setup = await time(() => database.db.transaction().execute((trx) => loadDemoOrgSetup(trx, city)));
  await sql`analyze`.execute(database.db);
  const counts = await database.db
    .selectFrom('orgs')
    .select([
      sql<number>`count(*)::int`.as('orgs'),
      sql<number>`(select count(*)::int from members)`.as('members'),
      sql<number>`(select count(*)::int from units)`.as('units'),
      sql<number>`(select count(*)::int from org_terms)`.as('terms'),
    ])
    .executeTakeFirstOrThrow();
  const admin = (await loadActor(database.db, 1))!;
  const district = (await loadActor(database.db, 2))!;
  const ctx = { actor: admin, ip: '127.0.0.1', requestId: 'bench' };
  const dctx = { actor: district, ip: '127.0.0.1', requestId: 'bench' };
  const xiamen = 1;
  const huli = city.orgs.find((o) => o.key === 'huli')!.id;
  const page = { page: 1, pageSize: 20 };
  const today = clock.today();
  // what the nightly sweep does (and the first read after a bulk load): the whole table recomputed
  const rebuild = await time(() => refreshFindings(database.db, { whole: true }));
  // as autovacuum leaves it after the nightly recomputation: the counts are an index-only scan
  await sql`vacuum (analyze) orgsetup_findings`.execute(database.db);
  const all = await listFindings(database.db, ctx, xiamen, { pageSize: 1, page: 1 });
  const lastPage = Math.max(1, Math.ceil(all.total / 20));
  // the cursor of the last page: the one the page before it answers
  const before = await listFindings(database.db, ctx, xiamen, {
    page: Math.max(1, lastPage - 1),
    pageSize: 20,
  });
  const lastCursor = before.nextCursor ? decodeCursor(before.nextCursor, 4)! : undefined;
  const cityPath = (
    await database.db.selectFrom('orgs').select('path').where('id', '=', xiamen).executeTakeFirstOrThrow()
  ).path;
  // a branch whose members change between reads: each read recomputes that branch and its ancestors
  const changing = await database.db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.id', 'members.status'])
    .where('orgs.type', '=', 'branch')
    .where('members.status', '=', 'normal')
    .orderBy('members.id')
    .limit(1)
    .executeTakeFirstOrThrow();
  let flip = false;

  const results = {
    findingsCity: await measure(10, () => listFindings(database.db, ctx, xiamen, page)),
    findingsCityO5: await measure(10, () => listFindings(database.db, ctx, xiamen, { ...page, rule: 'O5' })),
    findingsCityLastPage: await measure(10, () =>
      listFindings(database.db, ctx, xiamen, { page: 1, pageSize: 20, cursor: lastCursor }),
    ),
    findingsCityLastPageOffset: await measure(10, () =>
      listFindings(database.db, ctx, xiamen, { page: lastPage, pageSize: 20 }),
    ),
    findingsAfterChange: await measure(10, async () => {
      flip = !flip;
      await database.db
        .updateTable('members')
        .set({ status: flip ? 'mobile' : 'normal', mobile_location: flip ? '福州' : null })
        .where('id', '=', changing.id)
        .execute();
      return listFindings(database.db, ctx, xiamen, page);
    }),
    findingsComputed: await measure(3, () => computeFindings(database.db, { prefix: cityPath, today })),
    findingsDistrict: await measure(10, () => listFindings(database.db, dctx, huli, page)),
    coverageByRegion: await measure(10, () => coverage(database.db, ctx, { groupBy: 'region' })),
    coverageByIndustry: await measure(10, () =>
      coverage(database.db, ctx, { orgId: xiamen, groupBy: 'industry' }),
    ),
    coverageDrillDown: await measure(10, () =>
      coverageUnits(database.db, ctx, { orgId: xiamen, bucket: 'jointOrg', page: 1, pageSize: 20 }),
    ),
  };
  const row = (name: string, what: string, r: { medianMs: number; maxMs: number }, target = '') =>
    `| ${name} | ${what} | ${r.medianMs} | ${r.maxMs} | ${target} |`;
  writeSection(
    `orgsetup:${engine}`,
    `### 组织设置规则检查与两个覆盖 — ${engine === 'pglite' ? '内嵌 PGlite' : 'PostgreSQL 15'} (${todayInShanghai(systemNow())})

Machine: ${machine()}. Command: \`npm run bench:orgsetup -- --engine=${engine}\`.
Data: ${counts.orgs} organizations, ${counts.members} members, ${counts.units} units, ${counts.terms} terms
(city load ${round(load.ms)} ms; terms, committees, instructors and work units ${round(setup.ms)} ms).
Load average at the end of the run: ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.cpus().length} cores${(os.loadavg()[0] ?? 0) > os.cpus().length ? ' (other work shared the machine: the figures are stretched)' : ' (a quiet machine)'}.
${all.total} findings in the whole city on ${today}, ${rebuild.value?.rows ?? 0} stored rows (with the O5 rows of other days);
the whole table recomputed (the nightly sweep's step) in ${round(rebuild.ms)} ms.
Each call is the service function the route calls: the stored rows brought up to date (nothing to do
unless something changed), a page of them and the counts by check of the subtree (decision 0029).

| operation | what it does | median ms | max ms | target |
|---|---|---|---|---|
${row('findingsCity', 'first page of findings for the whole city (中共厦门市委员会), with counts by check', results.findingsCity, '< 50 ms')}
${row('findingsCityO5', 'the same, only O5 (换届提醒)', results.findingsCityO5, '< 50 ms')}
${row('findingsCityLastPage', 'last page of the city findings by keyset (the cursor of the page before)', results.findingsCityLastPage, '< 50 ms')}
${row('findingsCityLastPageOffset', 'the same page by number (OFFSET over the stored rows)', results.findingsCityLastPageOffset)}
${row('findingsDistrict', 'first page for 湖里区委 as the district administrator', results.findingsDistrict, '< 50 ms')}
${row('findingsAfterChange', "a member's status changed, then the first city page (that branch and its ancestors recomputed)", results.findingsAfterChange)}
${row('findingsComputed', 'the definition computed on the fly for the whole city (what each request did before)', results.findingsComputed)}
${row('coverageByRegion', "两个覆盖 by region over the administrator's whole scope", results.coverageByRegion)}
${row('coverageByIndustry', '两个覆盖 by industry for the city', results.coverageByIndustry)}
${row('coverageDrillDown', 'first page of the units in joint branches (drill-down)', results.coverageDrillDown)}
`,
  );
  console.log(
    JSON.stringify({
      bench: 'orgsetup',
      engine,
      orgs: counts.orgs,
      members: counts.members,
      findings: all.total,
      rebuildMs: round(rebuild.ms),
      setupMs: round(setup.ms),
      ...Object.fromEntries(Object.entries(results).map(([k, v]) => [`${k}Ms`, v.medianMs])),
    }),
  );
} finally {
  await database.drop();
}
