// npm run bench:alliances -- --engine=postgres|pglite
// Longyan's scale (seed 000): 12 industry chains joining 1,082 member organizations, with a year of
// lists (需求/资源/政策) and meetings (a joint meeting and an activity day each month, resolutions,
// attendance), written in a few set-based statements; then times what the alliance pages call, through
// the real service functions, as the chain office (bound above all 12) and as a member's staff.
import os from 'node:os';
import { todayInShanghai } from '@honglian/domain';
import { sql } from 'kysely';
import { generateCity } from '../server/src/demo/generate.ts';
import { insertCity } from '../server/src/demo/load.ts';
import { allianceFigures, regionFigures } from '../server/src/modules/alliances/figures.ts';
import {
  getAlliance,
  listAlliances,
  listItems,
  listMeetings,
  matches,
} from '../server/src/modules/alliances/service.ts';
import type { Actor } from '../server/src/platform/access.ts';
import { CalendarService } from '../server/src/platform/calendar.ts';
import { clock, systemNow } from '../server/src/platform/clock.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { arg, benchDatabase, machine, measure, round, time, writeSection } from './lib.ts';

const engine = arg('engine', 'postgres');
const CHAINS = 12;
const MEMBERS = 1082;
const database = await benchDatabase(engine);
const TAGS = [
  '电工',
  '融资',
  '贷款',
  '物流',
  '仓储',
  '用地',
  '人才',
  '技能培训',
  '铜箔',
  '锂电',
  '显示',
  '装备',
  '出口',
  '检测',
  '能耗',
  '招工',
];
const CATEGORIES = ['人才', '金融', '物流', '用地', '技术', '市场'];
try {
  await migrate(database);
  const city = generateCity(1, { targetOrgs: 3000 });
  const today = clock.today();
  const db = database.db;
  const load = await time(async () => {
    await db.transaction().execute((trx) => insertCity(trx, city));
    const longyan = city.orgs.find((o) => o.key === 'longyan')!;
    // 12 chain offices under 龙岩市委 (the demo has 4; the bench adds the rest as chain committees)
    await sql`insert into orgs (parent_id, path, depth, name, name_search, name_pinyin, name_initials, type, region_code, updated_at)
      select ${longyan.id}, 'bench-' || g, 1, '龙岩市第' || g || '产业链党委', '龙岩市第' || g || '产业链党委', '', '', 'functional', '350800', now()
      from generate_series(1, ${CHAINS}) g`.execute(db);
    await sql`update orgs set path = ${longyan.path} || id || '/' where path like 'bench-%'`.execute(db);
    await sql`insert into alliances (region_code, org_id, name, name_search, kind, chair_period, chair_start, activity_day, updated_at)
      select '350800', o.id, o.name, o.name, 'industry_chain', 'quarter', ${`${Number(today.slice(0, 4)) - 1}-01-01`}::date, 15, now()
      from orgs o where o.name like '龙岩市第%产业链党委'`.execute(db);
    // 1,082 member organizations from the whole city, dealt round the chains (more to the first ones)
    await sql`insert into alliance_members (alliance_id, org_id, role, segment, joined_on, chair_position)
      select a.id, m.id,
        case when m.k = 1 then 'chain_leader' when m.k <= 4 then 'core' else 'member' end,
        (array['upstream','midstream','downstream'])[1 + m.rn % 3], ${today}::date - 400,
        case when m.k <= 4 then m.k end
      from (select id, rn, row_number() over (partition by rn % ${CHAINS} order by id) as k
            from (select id, row_number() over (order by id) as rn from orgs
                  where status = 'active' and type in ('branch', 'committee', 'general_branch')
                  order by id limit ${MEMBERS}) o) m
      join (select id, row_number() over (order by id) - 1 as i from alliances) a on a.i = m.rn % ${CHAINS}`.execute(
      db,
    );
    // a year of lists: per chain 150 demands, 150 resources, 100 policies from its members
    await sql`insert into alliance_list_items (alliance_id, region_code, org_id, kind, title, description, category, tags,
        quantity, capacity, valid_from, valid_to, status, search_text, created_at, updated_at)
      select a.id, '350800', m.org_id, k.kind,
        k.label || '：' || ${sql.raw(`(array[${TAGS.map((t) => `'${t}'`).join(',')}])`)}[1 + (g * 7 + a.id) % ${TAGS.length}] || '第' || g || '项',
        '链上企业' || ${sql.raw(`(array[${TAGS.map((t) => `'${t}'`).join(',')}])`)}[1 + (g * 3) % ${TAGS.length}] || '相关的' || k.label || '，说明第' || g || '条',
        ${sql.raw(`(array[${CATEGORIES.map((t) => `'${t}'`).join(',')}])`)}[1 + g % ${CATEGORIES.length}],
        array[${sql.raw(`(array[${TAGS.map((t) => `'${t}'`).join(',')}])`)}[1 + (g * 7 + a.id) % ${TAGS.length}],
              ${sql.raw(`(array[${TAGS.map((t) => `'${t}'`).join(',')}])`)}[1 + (g * 5) % ${TAGS.length}]],
        case when k.kind = 'demand' then 1 + g % 50 end,
        case when k.kind = 'resource' then 10 + g % 100 end,
        case when k.kind = 'resource' then ${today}::date + (g % 200) - 425 end,
        case when k.kind = 'resource' then ${today}::date + (g % 200) - 60 end,
        case when g % 5 = 0 then 'closed' else 'open' end, '', now(), now()
      from alliances a
      cross join (values ('demand', '需求', 150), ('resource', '资源', 150), ('policy', '政策', 100)) k (kind, label, n)
      cross join lateral generate_series(1, k.n) g
      cross join lateral (select org_id from alliance_members mm where mm.alliance_id = a.id
                          order by mm.id offset (g % greatest(1, (select count(*) from alliance_members x where x.alliance_id = a.id))::int) limit 1) m`.execute(
      db,
    );
    // a year of meetings: a joint meeting and an activity day each month, 5 resolutions, 20 attending
    await sql`insert into alliance_meetings (alliance_id, region_code, kind, title, planned_on, held_on, convener_org_id, agenda, minutes, updated_at)
      select a.id, '350800', k.kind, k.kind || '第' || g || '次', ${today}::date - g * 30 + k.shift,
        case when g > 0 then ${today}::date - g * 30 + k.shift end, a.org_id, array['议题一','议题二'], '纪要', now()
      from alliances a cross join generate_series(0, 12) g
      cross join (values ('joint', 0), ('activity_day', 3)) k (kind, shift)`.execute(db);
    await sql`insert into alliance_resolutions (alliance_id, meeting_id, title, owner_org_id, due_on, done_on, done_note)
      select m.alliance_id, m.id, '议定事项' || r, mm.org_id, m.planned_on + 30,
        case when r % 2 = 0 then m.planned_on + 20 end, case when r % 2 = 0 then '已办结' end
      from alliance_meetings m cross join generate_series(1, 5) r
      join lateral (select org_id from alliance_members x where x.alliance_id = m.alliance_id order by x.id offset r limit 1) mm on true
      where m.kind = 'joint' and m.held_on is not null`.execute(db);
    await sql`insert into alliance_meeting_orgs (meeting_id, org_id)
      select m.id, x.org_id from alliance_meetings m
      join lateral (select org_id from alliance_members x where x.alliance_id = m.alliance_id order by x.id limit 20) x on true
      where m.held_on is not null`.execute(db);
  });
  await sql`analyze`.execute(db);
  const counts = await db
    .selectFrom('alliances')
    .select([
      sql<number>`count(*)::int`.as('alliances'),
      sql<number>`(select count(*)::int from alliance_members)`.as('members'),
      sql<number>`(select count(*)::int from alliance_list_items)`.as('items'),
      sql<number>`(select count(*)::int from alliance_meetings)`.as('meetings'),
      sql<number>`(select count(*)::int from alliance_resolutions)`.as('resolutions'),
      sql<number>`(select count(*)::int from orgs)`.as('orgs'),
    ])
    .executeTakeFirstOrThrow();
  const longyan = city.orgs.find((o) => o.key === 'longyan')!;
  const office: Actor = {
    userId: 1,
    username: 'bench-chain',
    displayName: '龙岩产业链办公室',
    orgId: longyan.id,
    orgPath: longyan.path,
    bindings: [
      {
        id: 1,
        role: 'chain_admin',
        orgId: longyan.id,
        orgPath: longyan.path,
        orgName: longyan.name,
        orgDepth: 0,
      },
    ],
  };
  const someMember = await sql<{ org_id: number; path: string; alliance_id: number }>`
    select m.org_id, o.path, m.alliance_id from alliance_members m join orgs o on o.id = m.org_id
    where o.type = 'branch' order by m.id limit 1`.execute(db);
  const mem = someMember.rows[0]!;
  const staff: Actor = {
    userId: 2,
    username: 'bench-member',
    displayName: '成员企业',
    orgId: mem.org_id,
    orgPath: mem.path,
    bindings: [
      { id: 2, role: 'enterprise', orgId: mem.org_id, orgPath: mem.path, orgName: '成员企业', orgDepth: 3 },
    ],
  };
  const ctx = { actor: office, ip: '127.0.0.1', requestId: 'bench' };
  const sctx = { actor: staff, ip: '127.0.0.1', requestId: 'bench' };
  const biggest = (
    await sql<{
      id: number;
    }>`select alliance_id as id from alliance_members group by alliance_id order by count(*) desc limit 1`.execute(
      db,
    )
  ).rows[0]!.id;
  const matchCount = (await matches(db, ctx, biggest, {})).total;
  const page = { page: 1, pageSize: 20 };
  const calendar = await new CalendarService(db).calendar();
  const results = {
    list: await measure(10, () => listAlliances(db, ctx, { page: 1, pageSize: 20 })),
    listAsMember: await measure(10, () => listAlliances(db, sctx, { page: 1, pageSize: 20 })),
    detail: await measure(10, () => getAlliance(db, ctx, biggest)),
    detailAsMember: await measure(10, () => getAlliance(db, sctx, mem.alliance_id)),
    items: await measure(10, () => listItems(db, ctx, biggest, page)),
    demandsOpen: await measure(10, () =>
      listItems(db, ctx, biggest, { ...page, kind: 'demand', status: 'open' }),
    ),
    matches: await measure(10, () => matches(db, ctx, biggest, {})),
    meetings: await measure(10, () => listMeetings(db, ctx, biggest, page)),
    figures: await measure(10, () => allianceFigures(db, calendar, ctx, biggest)),
    regionFigures: await measure(10, () => regionFigures(db, calendar, ctx)),
  };
  const row = (name: string, what: string, r: { medianMs: number; maxMs: number }) =>
    `| ${name} | ${what} | ${r.medianMs} | ${r.maxMs} |`;
  writeSection(
    `alliances:${engine}`,
    `### 产业链党委与党建联盟 — ${engine === 'pglite' ? '内嵌 PGlite' : 'PostgreSQL 15'} (${todayInShanghai(systemNow())})

Machine: ${machine()}. Command: \`npm run bench:alliances -- --engine=${engine}\`.
Data (Longyan's scale, seed 000): ${counts.alliances} industry chains, ${counts.members} member organizations
out of ${counts.orgs}, a year of lists (${counts.items} items: per chain 150 demands, 150 resources, 100
policies, a fifth closed) and meetings (${counts.meetings}: a joint meeting and an activity day a month,
${counts.resolutions} resolutions, 20 attending organizations each); loaded in ${round(load.ms)} ms.
Load average at the end of the run: ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.cpus().length} cores${(os.loadavg()[0] ?? 0) > os.cpus().length ? ' (other work shared the machine: the figures are stretched)' : ' (a quiet machine)'}.
Each call is the service function the route calls; the largest chain has ${matchCount} demand–resource pairs above the threshold.

| operation | what it does | median ms | max ms |
|---|---|---|---|
${row('list', 'GET /alliances as the chain office bound above all 12', results.list)}
${row('listAsMember', "GET /alliances as a member organization's staff", results.listAsMember)}
${row('detail', 'GET /alliances/{id}: the largest chain, its members, chair now and next', results.detail)}
${row('detailAsMember', 'the same, as the member', results.detailAsMember)}
${row('items', 'first page of the three lists', results.items)}
${row('demandsOpen', 'first page of the open demands', results.demandsOpen)}
${row('matches', 'GET /alliances/{id}/matches: every open demand × every valid resource, scored with reasons', results.matches)}
${row('meetings', 'first page of meetings with attendance and resolutions', results.meetings)}
${row('figures', 'GET /alliances/{id}/figures: the largest chain, every figure from its rows', results.figures)}
${row('regionFigures', 'GET /alliance-figures: each of the 12 chains and the totals, as the chain office', results.regionFigures)}
`,
  );
  console.log(
    JSON.stringify({
      bench: 'alliances',
      engine,
      ...counts,
      matchPairs: matchCount,
      loadMs: round(load.ms),
      ...Object.fromEntries(Object.entries(results).map(([k, v]) => [`${k}Ms`, v.medianMs])),
    }),
  );
} finally {
  await database.drop();
}
