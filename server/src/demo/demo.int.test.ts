import { addCalendarMonths, addDays } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOrgDigests, LogChannel } from '../modules/compliance/channels.ts';
import { sweep } from '../modules/compliance/engine.ts';
import { clock } from '../platform/clock.ts';
import { createTestApp, orgId, type TestApp } from '../test/harness.ts';
import { DEMO_CASE_COUNT } from './cases.ts';
import { DEMO_LIAISON_CASES } from './liaison.ts';

/** The demo city tells the truth (issue 10): what a newcomer reads in it must be possible. */
let t: TestApp;
const today = clock.today();

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo city’s members', () => {
  it('has no 预备党员 who joined more than a year ago (the probationary period is one year)', async () => {
    const r = await sql<{ n: number; oldest: string | null; total: number }>`
      select count(*) filter (where joined_on < ${addCalendarMonths(today, -13)}::date)::int as n,
        min(joined_on)::text as oldest, count(*)::int as total
      from members where stage = 'probationary'`.execute(t.database.db);
    expect(r.rows[0]!.total).toBeGreaterThan(50);
    expect(r.rows[0]).toMatchObject({ n: 0 });
    expect(r.rows[0]!.oldest! >= addCalendarMonths(today, -13)).toBe(true);
  });

  it('gives every 正式党员 a 转正日期 a year after joining, never in the future', async () => {
    const r = await sql<{ total: number; missing: number; wrong: number }>`
      select count(*)::int as total,
        count(*) filter (where full_member_on is null)::int as missing,
        count(*) filter (where full_member_on is not null and (full_member_on < joined_on + interval '1 year'
          or full_member_on > ${today}::date))::int as wrong
      from members where stage = 'full'`.execute(t.database.db);
    expect(r.rows[0]!.total).toBeGreaterThan(2000);
    expect(r.rows[0]).toMatchObject({ missing: 0, wrong: 0 });
  });

  it('shows the secretary account’s member as the 书记 of his branch’s 班子', async () => {
    const r = await sql<{ post: string; name: string; stage: string; org: string }>`
      select cm.post, cm.name, m.stage, o.name as org
      from users u
      join members m on m.user_id = u.id
      join org_terms tm on tm.org_id = m.org_id and tm.state = 'current'
      join org_committee_members cm on cm.term_id = tm.id and cm.post = 'secretary'
      join orgs o on o.id = m.org_id
      where u.username = 'secretary'`.execute(t.database.db);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ name: '林晓东', stage: 'full', org: '厦门鹭岛智造科技有限公司党支部' });
    // and the branch's secretary in the 党务工作者 register is the same person
    const workers = await sql<{ name: string }>`
      select pw.name from party_workers pw join orgs o on o.id = pw.org_id
      where o.name = '厦门鹭岛智造科技有限公司党支部' and pw.post = '党支部书记'`.execute(t.database.db);
    expect(workers.rows.map((w) => w.name)).toEqual(['林晓东']);
  });
});

/** The nightly sweep of every tree, as `compliance.sweep` runs it, on the day `asOf`. */
async function sweepAll(asOf = today, now = clock.now()) {
  const calendar = await t.calendar.calendar();
  const roots = await t.database.db
    .selectFrom('orgs')
    .select('path')
    .where('parent_id', 'is', null)
    .execute();
  for (const r of roots)
    await t.database.db.transaction().execute((trx) => sweep(trx, r.path, asOf, { calendar, now }));
}

async function unread(username: string) {
  const res = await t.as(await t.login(username), { url: '/api/v1/me/reminders?unread=true&pageSize=100' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { unread: number; items: Array<{ findingId: number; kind: string; title: string }> };
}

const digests: Array<{ user: string; title: string; body: string }> = [];
const recorder = {
  name: 'test',
  async deliver(user: { username: string }, d: { title: string; body: string }) {
    digests.push({ user: user.username, title: d.title, body: d.body });
  },
};
/** A morning instant today (no quiet hours), after every finding the sweep opened. */
const morning = () =>
  new Date(Math.max(clock.now().getTime(), Date.parse(`${today}T09:00:00+08:00`)) + 60_000);

describe('the city administrator is not flooded', () => {
  beforeAll(async () => {
    await sweepAll();
  });

  it('sends one person’s arrears to the branch, not to the city or district department', async () => {
    // findings about one person (arrears, development deadlines, transfers) of the whole city
    const personal = await sql<{ username: string; n: number }>`
      select u.username, count(*)::int as n from reminders r join users u on u.id = r.user_id
      join findings f on f.id = r.finding_id
      where f.subject_type in ('member', 'development', 'transfer') group by u.username`.execute(
      t.database.db,
    );
    expect(personal.rows.map((r) => r.username)).toEqual(['secretary']);
    const open = await sql<{ n: number }>`
      select count(*)::int as n from findings where status = 'open' and subject_type = 'member' and rule_code = 'D11'`.execute(
      t.database.db,
    );
    expect(open.rows[0]!.n).toBeGreaterThan(100);

    // the secretary has his branch's arrears, its development deadline and its term
    const mine = await unread('secretary');
    expect(mine.items.map((i) => i.title)).toEqual(
      expect.arrayContaining([expect.stringContaining('党费'), expect.stringContaining('换届')]),
    );
    const branchPersonal = await sql<{ id: number }>`
      select f.id from findings f join orgs o on o.id = f.org_id
      where o.name = '厦门鹭岛智造科技有限公司党支部' and f.status = 'open' and f.subject_type in ('member', 'development')`.execute(
      t.database.db,
    );
    expect(branchPersonal.rows.length).toBeGreaterThanOrEqual(2);
    for (const f of branchPersonal.rows) expect(mine.items.map((i) => i.findingId)).toContain(f.id);

    // the city administrator: nothing about one person. Its own orgs (the eight roots) have no finding;
    // what reaches it is about an organization directly below a root that has no administrator of its own:
    // in the demo, 修水's lagging 书记领航 sub-project (J1, led by such an organization)
    const admin = await unread('admin');
    expect(admin.unread).toBeLessThanOrEqual(2);
    for (const item of admin.items) {
      const f = await sql<{ rule_code: string; subject_type: string }>`
        select rule_code, subject_type from findings where id = ${item.findingId}`.execute(t.database.db);
      expect(f.rows[0]).toMatchObject({ rule_code: 'J1', subject_type: 'project' });
    }
    // the district: the one org below it without its own administrator whose term is overdue (江头街道)
    const district = await unread('district');
    expect(district.unread).toBe(1);
    expect(district.items[0]!.title).toContain('换届');
  });

  it('gives superiors one digest line per organization below them, with its counts', async () => {
    digests.length = 0;
    const sent = await deliverOrgDigests(t.database.db, [recorder], morning());
    expect(sent.users).toBeGreaterThanOrEqual(2);
    const admin = digests.find((d) => d.user === 'admin')!;
    const lines = admin.body.split('\n');
    // one line per root's child with open findings, each with the count of its whole subtree
    const expected = await sql<{ name: string; open: number }>`
      select c.name, count(*)::int as open from orgs c
      join orgs p on p.id = c.parent_id and p.parent_id is null
      join findings f on f.status = 'open' and f.org_path like c.path || '%'
      group by c.id, c.name order by open desc, c.id`.execute(t.database.db);
    expect(lines).toHaveLength(expected.rows.length);
    expect(expected.rows.length).toBeLessThan(30);
    expected.rows.forEach((r, i) => {
      expect(lines[i]).toBe(`${i + 1}. ${r.name}：未整改 ${r.open} 条（新增 ${r.open} 条）`);
    });
    const total = expected.rows.reduce((n, r) => n + r.open, 0);
    expect(admin.title).toBe(`红链合规汇总：下级 ${expected.rows.length} 个组织未整改 ${total} 条`);
    const district = digests.find((d) => d.user === 'district')!;
    expect(district.body).toContain('中共厦门市湖里区非公有制经济组织和社会组织工作委员会：未整改');

    // nothing new: no second digest; the log channel keeps one row per digest sent
    expect(await deliverOrgDigests(t.database.db, [recorder], morning())).toEqual({ users: 0, lines: 0 });
    expect(
      await deliverOrgDigests(t.database.db, [new LogChannel(t.database.db, { info() {} })], morning()),
    ).toEqual({
      users: 0,
      lines: 0,
    });
  });

  it('still takes an overdue finding up to the superior, as an escalation and in the digest', async () => {
    const calendar = await t.calendar.calendar();
    const later = calendar.addWorkdays(today, 6);
    // an enterprise branch under 湖里's 两新工委 with arrears and nobody of its own: its escalation goes
    // to the 两新工委, which has no administrator either, so 湖里 (the district) is told
    const liangxin = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const f = await sql<{ id: number; org_id: number }>`
      select f.id, f.org_id from findings f join orgs o on o.id = f.org_id
      where f.status = 'open' and f.rule_code = 'D11' and f.severity = 'finding' and o.parent_id = ${liangxin}
        and not exists (select 1 from role_bindings rb where rb.org_id = o.id)
      order by f.id limit 1`.execute(t.database.db);
    expect(f.rows).toHaveLength(1);
    const finding = f.rows[0]!;
    await sweepAll(later, new Date(Date.parse(`${later}T09:00:00+08:00`)));
    const after = await t.database.db
      .selectFrom('findings')
      .select(['escalation_level', 'status'])
      .where('id', '=', finding.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'open', escalation_level: 1 });
    const escalations = await sql<{ username: string }>`
      select u.username from reminders r join users u on u.id = r.user_id
      where r.finding_id = ${finding.id} and r.kind = 'escalate'`.execute(t.database.db);
    expect(escalations.rows.map((r) => r.username)).toEqual(['district']);
    // the city administrator hears of it in the digest line of 湖里, not as a reminder of its own
    expect((await unread('admin')).items.filter((i) => i.findingId === finding.id)).toEqual([]);
    digests.length = 0;
    await deliverOrgDigests(t.database.db, [recorder], new Date(Date.parse(`${later}T09:30:00+08:00`)));
    const admin = digests.find((d) => d.user === 'admin')!;
    expect(admin.body).toMatch(/中共厦门市湖里区委员会：未整改 \d+ 条（新增 \d+ 条，已督办 \d+ 条）/);
  });
});

describe('a year of case history, made through the real services', () => {
  // (the 金铜 chain's dispatched demand is a case of the loop too, outside 湖里: alliances/figures)
  it('spreads 湖里’s cases over the past 12 months, each with its own events and audit', async () => {
    const r = await sql<{ total: number; first: string; last: string; months: number; handlers: number }>`
      select count(*)::int as total,
        min((created_at at time zone 'Asia/Shanghai')::date)::text as first,
        max((created_at at time zone 'Asia/Shanghai')::date)::text as last,
        count(distinct to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM'))::int as months,
        count(distinct lead_org_id)::int as handlers
      from cases where alliance_id is null`.execute(t.database.db);
    const row = r.rows[0]!;
    // the history, the 6 other loaders' cases, 挂钩联系's filed problems and 组团帮扶's problem filed from a visit
    expect(row.total).toBe(DEMO_CASE_COUNT + 7 + DEMO_LIAISON_CASES);
    expect(row.first >= addDays(today, -366) && row.first <= addDays(today, -350)).toBe(true);
    expect(row.last <= today && row.last >= addDays(today, -4)).toBe(true);
    expect(row.months).toBeGreaterThanOrEqual(12);
    expect(row.handlers).toBe(5);
    // the services wrote every step at its own moment: the submission at the case's creation, each
    // later step after the one before, and one audit entry per case created
    const events = await sql<{ bad: number; audited: number }>`
      select (select count(*)::int from cases c where not exists (select 1 from case_events e
          where e.case_id = c.id and e.action = 'submit' and e.at = c.created_at)) +
        (select count(*)::int from case_events e join case_events p on p.case_id = e.case_id and p.id < e.id
          where p.at > e.at) as bad,
        (select count(*)::int from audit_events a where action = 'case.create' and not exists (
          select 1 from cases c where c.id::text = a.entity_id and c.alliance_id is not null)) as audited`.execute(
      t.database.db,
    );
    expect(events.rows[0]).toEqual({ bad: 0, audited: DEMO_CASE_COUNT + 7 + DEMO_LIAISON_CASES });
  });

  it('shows true measures: about 97% satisfied, a few answered late, a few 不满意 with their reasons', async () => {
    const district = await t.login('district');
    const res = await t.as(district, { url: '/api/v1/cases/measures?by=unit' });
    expect(res.statusCode, res.body).toBe(200);
    const m = Object.fromEntries(
      (res.json().total as Array<{ key: string; numerator: number; denominator: number }>).map((x) => [
        x.key,
        x,
      ]),
    );
    expect(m.satisfaction!.denominator).toBeGreaterThanOrEqual(35);
    const satisfaction = m.satisfaction!.numerator / m.satisfaction!.denominator;
    expect(satisfaction).toBeGreaterThanOrEqual(0.94);
    expect(satisfaction).toBeLessThan(1);
    expect(m.onTime!.numerator).toBeLessThan(m.onTime!.denominator);
    expect(res.json().groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('市场监督管理局'),
        expect.stringContaining('城市管理局'),
      ]),
    );
    const unsatisfied = await sql<{ comment: string; redo_count: number }>`
      select e.comment, c.redo_count from case_events e join cases c on c.id = e.case_id
      where e.action = 'rating_effective' and e.payload::jsonb ->> 'rating' = 'unsatisfied'`.execute(
      t.database.db,
    );
    expect(unsatisfied.rows.length).toBeGreaterThanOrEqual(1);
    for (const u of unsatisfied.rows) {
      expect(u.comment.length).toBeGreaterThan(4);
      expect(u.redo_count).toBe(1);
    }
    // the last days' cases wait in the queues
    const open = await sql<{
      state: string;
    }>`select state from cases where state in ('dispatched', 'signed', 'in_progress')`.execute(t.database.db);
    expect(new Set(open.rows.map((o) => o.state))).toEqual(new Set(['dispatched', 'signed', 'in_progress']));
  });
});
