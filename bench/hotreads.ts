// npm run bench:hotreads -- --engine=postgres|pglite [--orgs=16116] [--cases=60000]
// Hot reads (issue 11): the pages opened every minute, at Xiamen scale, through the real service functions.
//   1. workQueue: a busy handling unit's 待办 (the cases list `mine=todo` as its handler), with tens of
//      thousands of cases in the district and thousands waiting for that unit;
//   2. complianceDashboard: a district's compliance overview (湖里区委 as the district administrator) after
//      the nightly sweep of the whole city.
// The city is the demo generator's (seed 003: 16,116 organizations); the cases are written set-based, one
// statement, spread over 湖里's organizations as areas with 40% led by the 市场监督管理局 branch (the demo's
// `handler`), in a mix of states; the compliance findings are what the engine's sweep opens over that
// city, where no meetings or dues are generated (so many are open city-wide; the section says how many
// fall in 湖里, the district read).
import os from 'node:os';
import { todayInShanghai } from '@honglian/domain';
import { sql } from 'kysely';
import { generateCity } from '../server/src/demo/generate.ts';
import { listCases } from '../server/src/modules/cases/service.ts';
import { sweep } from '../server/src/modules/compliance/engine.ts';
import { overview } from '../server/src/modules/compliance/service.ts';
import { loadActor } from '../server/src/platform/auth.ts';
import { CalendarService } from '../server/src/platform/calendar.ts';
import { clock, systemNow } from '../server/src/platform/clock.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { arg, benchDatabase, insertDemoCity, machine, measure, round, time, writeSection } from './lib.ts';

const engine = arg('engine', 'postgres');
const targetOrgs = Number(arg('orgs', '16116'));
const caseCount = Number(arg('cases', '60000'));
const database = await benchDatabase(engine);
try {
  await migrate(database);
  const city = generateCity(1, { targetOrgs });
  const load = await time(() => insertDemoCity(database.db, city));
  const huli = city.orgs.find((o) => o.key === 'huli')!;
  const handlerOrg = city.orgs.find((o) => o.key === 'handler')!;
  const huliPath = (
    await database.db.selectFrom('orgs').select('path').where('id', '=', huli.id).executeTakeFirstOrThrow()
  ).path;
  const cases = await time(async () => {
    const areas = await database.db
      .selectFrom('orgs')
      .select(['id', 'path', 'region_code'])
      .where('path', 'like', `${huliPath}%`)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
    const leads = await database.db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('name', 'like', '厦门市湖里区%机关党支部')
      .where('id', '<>', handlerOrg.id)
      .orderBy('id')
      .execute();
    const categories = await database.db.selectFrom('case_categories').select('id').orderBy('id').execute();
    const handlerPath = (
      await database.db
        .selectFrom('orgs')
        .select('path')
        .where('id', '=', handlerOrg.id)
        .executeTakeFirstOrThrow()
    ).path;
    // g % 10: 0–5 closed, 6 dispatched, 7 signed, 8 in progress, 9 submitted (no handling unit yet);
    // (g / 10) % 5 < 2 led by the busy unit, the rest by the other departments
    await sql`
      insert into cases (region_code, org_id, org_path, category_id, channel, title, description, title_search,
        tier, state, closure_reason, lead_org_id, lead_org_path, sign_due_at, completion_due_at, created_at,
        updated_at, closed_at)
      select a.region_code, a.id, a.path, c.id, 'mobile', '压测工单' || g, '批量写入的压测工单第' || g || '号',
        '压测工单' || g, 'small',
        case when g % 10 < 6 then 'closed' when g % 10 = 6 then 'dispatched' when g % 10 = 7 then 'signed'
             when g % 10 = 8 then 'in_progress' else 'submitted' end,
        case when g % 10 < 6 then 'resolved' end,
        case when g % 10 = 9 then null when (g / 10) % 5 < 2 then ${handlerOrg.id}::bigint else l.id end,
        case when g % 10 = 9 then null when (g / 10) % 5 < 2 then ${handlerPath}::text else l.path end,
        now() - (g % 365) * interval '1 day' + interval '1 day',
        now() + ((g % 30) - 10) * interval '1 day',
        now() - (g % 365) * interval '1 day', now(),
        case when g % 10 < 6 then now() - (g % 365) * interval '1 day' + interval '3 days' end
      from generate_series(1, ${caseCount}) g
      cross join lateral (select (${areas.map((a) => a.id)}::bigint[])[1 + g % ${areas.length}] as id) ai
      join orgs a on a.id = ai.id
      cross join lateral (select (${categories.map((c) => c.id)}::bigint[])[1 + g % ${categories.length}] as id) c
      cross join lateral (select (${leads.map((l) => l.id)}::bigint[])[1 + g % ${leads.length}] as id) li
      join orgs l on l.id = li.id`.execute(database.db);
  });
  await sql`analyze`.execute(database.db);
  const today = clock.today();
  const calendar = await new CalendarService(database.db).calendar();
  const swept = await time(() =>
    database.db.transaction().execute((trx) => sweep(trx, '/', today, { calendar })),
  );
  await sql`analyze`.execute(database.db);
  const counts = await database.db
    .selectFrom('orgs')
    .select([
      sql<number>`count(*)::int`.as('orgs'),
      sql<number>`(select count(*)::int from members)`.as('members'),
      sql<number>`(select count(*)::int from cases)`.as('cases'),
      sql<number>`(select count(*)::int from findings where status = 'open')`.as('findings'),
      sql<number>`(select count(*)::int from findings where status = 'open' and org_path like ${`${huliPath}%`})`.as(
        'districtFindings',
      ),
    ])
    .executeTakeFirstOrThrow();
  const user = async (username: string) => {
    const row = await database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return { actor: (await loadActor(database.db, row.id))!, ip: '127.0.0.1', requestId: 'bench' };
  };
  const handler = await user('handler');
  const district = await user('district');
  const queue = await listCases(database.db, handler, { mine: 'todo', page: 1, pageSize: 20 });

  const results = {
    workQueue: await measure(10, () =>
      listCases(database.db, handler, { mine: 'todo', page: 1, pageSize: 20 }),
    ),
    complianceDashboard: await measure(10, () => overview(database.db, district, huli.id)),
  };
  const target = 200;
  const row = (name: string, what: string, r: { medianMs: number; maxMs: number }) =>
    `| ${name} | ${what} | ${r.medianMs} | ${r.maxMs} | < ${target} ms ${r.medianMs < target ? '✓' : '✗'} |`;
  writeSection(
    `hotreads:${engine}`,
    `### 高频读取（待办与区合规看板） — ${engine === 'pglite' ? '内嵌 PGlite' : 'PostgreSQL 15'} (${todayInShanghai(systemNow())})

Machine: ${machine()}. Command: \`npm run bench:hotreads -- --engine=${engine}\`.
Data: ${counts.orgs} organizations, ${counts.members} members (city load ${round(load.ms)} ms); ${counts.cases} cases in
湖里's organizations written in ${round(cases.ms)} ms, ${queue.total} of them waiting for the busy unit
(市场监督管理局机关党支部, the demo's \`handler\`); the compliance sweep of the whole city (${round(swept.ms)} ms)
left ${counts.findings} open findings, ${counts.districtFindings} of them in 湖里.
Load average at the end of the run: ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.cpus().length} cores${(os.loadavg()[0] ?? 0) > os.cpus().length ? ' (other work shared the machine: the figures are stretched)' : ' (a quiet machine)'}.
Each call is the service function the route calls.

| operation | what it does | median ms | max ms | target |
|---|---|---|---|---|
${row('workQueue', "the handler's 待办 (`GET /api/v1/cases?mine=todo`): first page of 20 with the total", results.workQueue)}
${row('complianceDashboard', '湖里区委 compliance overview as the district administrator (`GET /api/v1/compliance/overview`)', results.complianceDashboard)}
`,
  );
  console.log(
    JSON.stringify({
      bench: 'hotreads',
      engine,
      orgs: counts.orgs,
      cases: counts.cases,
      queue: queue.total,
      findings: counts.findings,
      ...Object.fromEntries(Object.entries(results).map(([k, v]) => [`${k}Ms`, v.medianMs])),
    }),
  );
} finally {
  await database.drop();
}
