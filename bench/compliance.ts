// npm run bench:compliance -- --engine=postgres|pglite [--orgs=16116] [--members=256781]
// A Xiamen-sized city (seed 003: 16,116 organizations, 256,781 members) with 12 months of dues ledgers
// and payments and 12 months of meetings, generated set-based; then a full compliance sweep is timed
// (every rule, reminders and escalation) twice: the first run opens the findings, the second is the
// steady state of a nightly run. The plan of the slowest detector goes into docs/PERFORMANCE.md.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { todayInShanghai } from '@honglian/domain';
import { type RawBuilder, sql } from 'kysely';
import { generateCity } from '../server/src/demo/generate.ts';
import { insertDemoMeetings } from '../server/src/demo/orglife.ts';
import { DETECTORS } from '../server/src/modules/compliance/detectors.ts';
import { sweep, sweepSideBySide } from '../server/src/modules/compliance/engine.ts';
import { rulesInForce } from '../server/src/modules/compliance/repository.ts';
import { listFindings } from '../server/src/modules/compliance/service.ts';
import { scopePaths } from '../server/src/platform/access.ts';
import { loadActor } from '../server/src/platform/auth.ts';
import { CalendarService } from '../server/src/platform/calendar.ts';
import { clock, systemNow } from '../server/src/platform/clock.ts';
import type { Cursor } from '../server/src/platform/cursor.ts';
import { openPglite, openPostgres } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { arg, benchDatabase, insertDemoCity, machine, measure, round, time, writeSection } from './lib.ts';

const engine = arg('engine', 'postgres');
const targetOrgs = Number(arg('orgs', '16116'));
const targetMembers = Number(arg('members', '256781'));
// --reuse=<database name> (PostgreSQL) or <data folder> (PGlite): sweep an already loaded bench database
// again, keep it afterwards; --keep: do not drop the database at the end (prints its name), for --reuse.
// PGlite runs in a data folder (honglian_bench_* in the system's temporary folder, removed at the end
// unless kept), as the server runs it: in memory the same sweep took twice as long (bench of 2026-12-06).
const reuse = arg('reuse', '');
const keep = process.argv.includes('--keep') || reuse !== '';
const database = reuse
  ? await reuseDatabase(reuse)
  : engine === 'pglite'
    ? await folderPglite()
    : await benchDatabase(engine);
const db = database.db;
const log = (msg: string) => process.stderr.write(`[bench:compliance ${engine}] ${msg}\n`);
try {
  await migrate(database);
  const city = reuse ? null : generateCity(1, { targetOrgs });
  if (reuse) await sql`truncate findings, finding_events, reminders, channel_deliveries`.execute(db);
  const load = await time(async () => {
    if (!city) return;
    await insertDemoCity(db, city);
    log(`city: ${city.orgs.length} orgs, ${city.members.length} members`);
    // top up to the target, spread over the branches that already hold members
    await sql`
      with branches as (
        select o.id, o.region_code, row_number() over (order by o.id) - 1 as i, count(*) over () as n
        from orgs o where o.type in ('branch', 'joint_branch') and exists (select 1 from members m where m.org_id = o.id)
      ),
      need as (select greatest(0, ${targetMembers} - (select count(*) from members))::int as k)
      insert into members (region_code, org_id, name, name_search, id_number, gender, birth_date, joined_on, stage, status, updated_at)
      select b.region_code, b.id, '党员' || g, '党员' || g, '9' || lpad(g::text, 17, '0'),
        case when g % 2 = 0 then 'male' else 'female' end, date '1960-01-01' + (g % 15000), date '2000-01-01' + (g % 8000),
        case when g % 25 = 0 then 'probationary' else 'full' end, case when g % 997 = 0 then 'lost_contact' else 'normal' end,
        now() - make_interval(days => (g % 400)::int)
      from need, generate_series(1, need.k) g join branches b on b.i = g % b.n`.execute(db);
    // a few members lost contact long ago (M2)
    await sql`update members set status_since = ${clock.today()}::date - 200 where status = 'lost_contact'`.execute(
      db,
    );
    log('members topped up');
    // 12 months of dues: the ledger of every owing member, paid except the demo's patterns of arrears
    await sql`
      insert into dues_ledger (region_code, member_id, org_id, month, due_fen, paid_fen, status)
      select m.region_code, m.id, m.org_id, to_char(g, 'YYYY-MM'), 500 + (m.id % 40) * 50,
        case when owes then 0 else 500 + (m.id % 40) * 50 end, case when owes then 'unpaid' else 'paid' end
      from members m
      cross join generate_series(date_trunc('month', ${clock.today()}::date) - interval '11 months', date_trunc('month', ${clock.today()}::date), interval '1 month') g
      cross join lateral (select (m.id % 37 = 0 and g > date_trunc('month', ${clock.today()}::date) - interval '6 months')
          or (m.id % 41 = 0 and g > date_trunc('month', ${clock.today()}::date) - interval '5 months')
          or (m.id % 13 = 0 and g > date_trunc('month', ${clock.today()}::date) - interval '2 months')
          or (m.id % 3 = 0 and g = date_trunc('month', ${clock.today()}::date)) as owes) o
      where m.stage in ('probationary', 'full')`.execute(db);
    // a few branches never generated last month's ledger (D10)
    await sql`delete from dues_ledger where month = to_char(${clock.today()}::date - interval '1 month', 'YYYY-MM') and org_id % 101 = 0`.execute(
      db,
    );
    await sql`
      insert into dues_payments (region_code, member_id, org_id, ledger_id, month, amount_fen, kind, paid_on, method, source)
      select region_code, member_id, org_id, id, month, paid_fen, 'regular', least((month || '-10')::date + (member_id % 10)::int, ${clock.today()}::date), 'transfer', 'bulk'
      from dues_ledger where status = 'paid'`.execute(db);
    log('dues done');
    await insertDemoMeetings(db);
    log('meetings done');
    await sql`analyze`.execute(db);
  });
  const counts = (
    await sql<{ orgs: number; members: number; ledger: number; payments: number; meetings: number }>`
      select (select count(*)::int from orgs) as orgs, (select count(*)::int from members) as members,
        (select count(*)::int from dues_ledger) as ledger, (select count(*)::int from dues_payments) as payments,
        (select count(*)::int from meetings) as meetings`.execute(db)
  ).rows[0]!;
  log(`loaded in ${round(load.ms / 1000)} s: ${JSON.stringify(counts)}`);

  const calendar = await new CalendarService(db).calendar();
  const asOf = clock.today();
  // the machine is shared: the load beside the timed part, for reading its figures
  const loadBefore = os.loadavg()[0]!;
  const first = await time(() => db.transaction().execute((trx) => sweep(trx, '', asOf, { calendar })));
  log(`first sweep ${round(first.ms)} ms`);
  const second = await time(() => db.transaction().execute((trx) => sweep(trx, '', asOf, { calendar })));
  log(`second sweep ${round(second.ms)} ms`);
  // the nightly job's form: on PostgreSQL two rules at a time, each in its own transaction
  const sideBySide = await time(() => sweepSideBySide(database, '', asOf, { calendar }));
  log(`side-by-side sweep ${round(sideBySide.ms)} ms`);
  const findings = (
    await sql<{ rule_code: string; severity: string; n: number }>`
      select rule_code, severity, count(*)::int as n from findings where status = 'open' group by 1, 2 order by 1, 2`.execute(
      db,
    )
  ).rows;
  const reminders = (await sql<{ n: number }>`select count(*)::int as n from reminders`.execute(db)).rows[0]!
    .n;

  // ---- the incremental re-check (compliance.recheck): one branch after a change, as the job runs it
  // (its subtree, every rule, reminders, no 督办), on branches spread over the city, each its own transaction
  const branches = (
    await sql<{ path: string }>`
      select path from orgs o where type = 'branch' and status = 'active'
        and exists (select 1 from members m where m.org_id = o.id)
      order by id offset 100 limit 20`.execute(db)
  ).rows;
  const recheckTimes: number[] = [];
  for (const b of branches) {
    const r = await time(() =>
      db.transaction().execute((trx) => sweep(trx, b.path, asOf, { calendar, escalate: false })),
    );
    recheckTimes.push(r.ms);
  }
  const sortedRecheck = [...recheckTimes].sort((a, b) => a - b);
  const recheck = {
    medianMs: round(sortedRecheck[Math.floor(sortedRecheck.length / 2)] ?? 0),
    maxMs: round(sortedRecheck.at(-1) ?? 0),
    n: sortedRecheck.length,
  };
  log(`incremental re-check of one branch: ${JSON.stringify(recheck)}`);
  const loadAfter = os.loadavg()[0]!;

  // ---- the city's findings list, as the console reads it (status open, 20 a page) for the city administrator
  const admin = (await loadActor(db, 1))!;
  const ctx = { actor: admin, ip: '127.0.0.1', requestId: 'bench' };
  const PAGE = 20;
  // the list reads the administrator's own subtree (the city), not every tree the sweep covered
  const scopePath = admin.bindings.find((b) =>
    scopePaths(admin, 'compliance.read').includes(b.orgPath),
  )!.orgPath;
  const list = (q: { status?: string; page?: number; cursor?: Cursor }) =>
    listFindings(db, ctx, { pageSize: PAGE, page: 1, ...q });
  const pages = async (status: string | undefined) => {
    const q = status ? { status } : {};
    const total = (await list(q)).total;
    const lastPage = Math.max(1, Math.ceil(total / PAGE));
    // the cursor a reader holds on the page before the last: the key of its final row
    const before = (
      await sql<{ k: string; id: number }>`
        select opened_at::text as k, id from findings
        where org_path like ${`${scopePath}%`} ${status ? sql`and status = ${status}` : sql``}
        order by opened_at desc, id desc offset ${Math.max(0, (lastPage - 1) * PAGE - 1)} limit 1`.execute(db)
    ).rows[0];
    const cursor: Cursor | undefined = before
      ? { direction: 'next', key: [before.k, Number(before.id)] }
      : undefined;
    const last = await list({ ...q, ...(cursor ? { cursor } : {}) });
    if (last.nextCursor !== null || (cursor && last.items.length !== total - (lastPage - 1) * PAGE))
      throw new Error(`the cursor did not reach the last page (${last.items.length} rows)`);
    return {
      total,
      lastPage,
      first: await measure(10, () => list(q)),
      lastByOffset: await measure(5, () => list({ ...q, page: lastPage })),
      lastByCursor: await measure(10, () => list({ ...q, ...(cursor ? { cursor } : {}) })),
    };
  };
  const openPages = await pages('open');
  const allPages = await pages(undefined);
  log(`findings list: open ${JSON.stringify(openPages)}, all ${JSON.stringify(allPages)}`);
  const pageRows = (label: string, p: typeof openPages) =>
    [
      `| ${label}, first page | ${p.first.medianMs} | ${p.first.maxMs} |`,
      `| ${label}, last page (${p.lastPage}) by page number (OFFSET ${(p.lastPage - 1) * PAGE}) | ${p.lastByOffset.medianMs} | ${p.lastByOffset.maxMs} |`,
      `| ${label}, last page by cursor (keyset) | ${p.lastByCursor.medianMs} | ${p.lastByCursor.maxMs} |`,
    ].join('\n');

  // the plan of the slowest rule's detector (read-only, so EXPLAIN ANALYZE changes nothing)
  const slowest = [...first.value.rules].sort((a, b) => b.ms - a.ms)[0]!;
  const rule = (await rulesInForce(db, asOf)).find((r) => r.code === slowest.code)!;
  const query = DETECTORS[rule.code]!.query({
    rule,
    hasOverrides: rule.code === 'O6',
    orgPath: '',
    asOf,
  }) as RawBuilder<unknown>;
  const compiled = query.compile(db);
  const plan = await sql
    .raw(
      `explain (analyze, costs off, timing on) ${compiled.sql.replace(/\$(\d+)/g, (_, i) => literal(compiled.parameters[Number(i) - 1]))}`,
    )
    .execute(db);
  const planText = (plan.rows as Array<Record<string, string>>).map((r) => Object.values(r)[0]).join('\n');

  const ruleRows = (r: typeof first.value) =>
    r.rules
      .map((x) => `| ${x.code} | ${x.opened} | ${x.seen} | ${x.resolved} | ${x.escalated} | ${x.ms} |`)
      .join('\n');
  writeSection(
    `compliance:${engine}`,
    `### 合规检查全量扫描 — ${engine === 'pglite' ? '内嵌 PGlite' : 'PostgreSQL 15'} (${todayInShanghai(systemNow())})

Machine: ${machine()}. Command: \`npm run bench:compliance -- --engine=${engine}${reuse ? ' --reuse=…' : ''}\`${engine === 'pglite' ? ', PGlite in a data folder as the server runs it' : ''}.
Load average (1 min) when the sweeps began ${loadBefore.toFixed(2)}, after the re-checks ${loadAfter.toFixed(2)} (2 cores, shared).
Data: ${counts.orgs} organizations, ${counts.members} members, ${counts.ledger} dues ledger rows (12 months), ${counts.payments} payments, ${counts.meetings} meetings (12 months); ${reuse ? 'loaded earlier by this bench (`--keep`) and swept again with `--reuse`; findings and reminders emptied first' : `generated and loaded set-based in ${round(load.ms / 1000)} s`}.

Full sweep of every tree (all rules in force, then reminders, then escalation), as of ${asOf}:
**first run ${round(first.ms / 1000)} s** (opens the findings), **second run ${round(second.ms / 1000)} s** (nothing new: steady state), both in one transaction; the nightly job's form
(\`sweepSideBySide\`: ${engine === 'pglite' ? 'on PGlite the same one-transaction sweep' : 'two rules at a time on two connections, each its own transaction, then reminders and 督办'}), nothing new:
**${round(sideBySide.ms / 1000)} s** (goal ≤ ${engine === 'pglite' ? 8 : 3} s).
One branch re-checked after a change (\`compliance.recheck\`: its subtree, every rule, reminders, no 督办; ${recheck.n} branches
across the city, each in its own transaction): **median ${recheck.medianMs} ms, max ${recheck.maxMs} ms** (goal ≤ 50 ms).
Open findings after the run: ${findings.map((f) => `${f.rule_code}/${f.severity} ${f.n}`).join(', ')}; reminders ${reminders}.

First run, per rule (ms include the upsert and the resolve statement):

| rule | opened | seen | resolved | escalated | ms |
|---|---|---|---|---|---|
${ruleRows(first.value)}

Second run:

| rule | opened | seen | resolved | escalated | ms |
|---|---|---|---|---|---|
${ruleRows(second.value)}

The city's findings list after the sweep (\`listFindings\`, the service function of
\`GET /api/v1/compliance/findings\`, as the city administrator, ${PAGE} a page, each answer with its total):
${openPages.total} open findings, ${allPages.total} in all.

| page | median ms | max ms |
|---|---|---|
${pageRows("open (the console's default)", openPages)}
${pageRows('every status', allPages)}

Plan of the slowest detector (${slowest.code}), \`EXPLAIN (ANALYZE)\`:

\`\`\`
${planText}
\`\`\`
`,
  );
  console.log(
    JSON.stringify({
      bench: 'compliance',
      orgs: counts.orgs,
      members: counts.members,
      engine,
      loadSeconds: round(load.ms / 1000),
      sweepSeconds: round(first.ms / 1000),
      secondSweepSeconds: round(second.ms / 1000),
      nightlySweepSeconds: round(sideBySide.ms / 1000),
      recheckMedianMs: recheck.medianMs,
      recheckMaxMs: recheck.maxMs,
      loadBefore: round(loadBefore),
      loadAfter: round(loadAfter),
      findings: findings.reduce((n, f) => n + f.n, 0),
      reminders,
      findingsFirstPageMs: openPages.first.medianMs,
      findingsLastPageOffsetMs: openPages.lastByOffset.medianMs,
      findingsLastPageCursorMs: openPages.lastByCursor.medianMs,
    }),
  );
} finally {
  if (keep && engine === 'pglite') {
    const dataDir = database.native.engine === 'pglite' ? database.native.dataDir : undefined;
    log(`kept data folder ${dataDir} (sweep it again with --reuse=${dataDir}; rm -r it when done)`);
    await database.close();
  } else if (keep && engine === 'postgres') {
    const { rows } = await sql<{ n: string }>`select current_database() as n`.execute(db);
    log(`kept database ${rows[0]?.n} (sweep it again with --reuse=${rows[0]?.n})`);
    await database.close();
  } else await database.drop();
}

async function folderPglite() {
  const dataDir = path.join(os.tmpdir(), `honglian_bench_${randomBytes(4).toString('hex')}`);
  const opened = await openPglite(dataDir);
  return {
    ...opened,
    async drop() {
      await opened.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function reuseDatabase(name: string) {
  if (engine === 'pglite') {
    const opened = await openPglite(name);
    return { ...opened, drop: () => opened.close() };
  }
  const base =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(base);
  url.pathname = `/${name}`;
  const opened = await openPostgres(url.toString(), 4);
  return { ...opened, drop: () => opened.close() };
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `array[${v.map(literal).join(',')}]`;
  if (v instanceof Date) return `'${v.toISOString()}'`;
  return `'${String(v).replaceAll("'", "''")}'`;
}
