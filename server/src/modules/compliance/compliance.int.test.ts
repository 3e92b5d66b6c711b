import { addMonths } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type TestApp } from '../../test/harness.ts';
import { snapshotOf } from '../transfers/repository.ts';
import { deliverDigests, InAppChannel, LogChannel } from './channels.ts';
import { sweep, sweepSideBySide } from './engine.ts';
import { complianceRecheckJob } from './jobs.ts';

let t: TestApp;
let branch: { id: number; path: string };
let secretaryId: number;
let districtId: number;
const today = clock.today();
const thisMonth = today.slice(0, 7);
const lastMonth = addMonths(thisMonth, -1);

beforeAll(async () => {
  t = await createTestApp();
  const id = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
  const row = await t.database.db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  branch = row;
  const users = await t.database.db.selectFrom('users').select(['id', 'username']).execute();
  secretaryId = users.find((u) => u.username === 'secretary')!.id;
  districtId = users.find((u) => u.username === 'district')!.id;
});
afterAll(() => t.close());

async function run(asOf = today, rules?: string[], path = branch.path) {
  return sweep(t.database.db, path, asOf, {
    calendar: await t.calendar.calendar(),
    ...(rules ? { rules } : {}),
  });
}

async function finding(rule: string, subjectId: number, aspect = '', period = '') {
  return t.database.db
    .selectFrom('findings')
    .selectAll()
    .where('rule_code', '=', rule)
    .where('subject_id', '=', subjectId)
    .where('aspect', '=', aspect)
    .where('period', '=', period)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

async function reminders(findingId: number) {
  return t.database.db
    .selectFrom('reminders')
    .selectAll()
    .where('finding_id', '=', findingId)
    .orderBy('id')
    .execute();
}

async function memberOfBranch(offset = 0) {
  const m = await t.database.db
    .selectFrom('members')
    .select(['id', 'name'])
    .where('org_id', '=', branch.id)
    .where('stage', '=', 'full')
    .where('user_id', 'is', null)
    .orderBy('id')
    .offset(offset)
    .limit(1)
    .executeTakeFirstOrThrow();
  return m;
}

/** Working days later than today, enough for every rule's default of 5. */
async function escalationDay() {
  return (await t.calendar.calendar()).addWorkdays(today, 6);
}

interface Case {
  rule: string;
  article: RegExp;
  /** Breaks the rule; answers the finding's key. */
  breakIt(): Promise<{ subjectId: number; aspect?: string; period?: string }>;
  fixIt(): Promise<void>;
  /** Who is reminded first. */
  first: () => number;
  kind?: 'remind' | 'warn';
  /** The org the escalation goes to is 湖里 (the district account), whose path holds the branch. */
  escalates?: boolean;
  path?: () => string;
}

const cases: Case[] = [
  {
    rule: 'O6',
    article: /支部工作条例（试行）》（2018）第十一条（支部党员大会）/,
    async breakIt() {
      await sql`delete from meetings where org_id = ${branch.id} and kind = 'theme_day'
        and coalesce(held_on, planned_on) >= ${`${lastMonth}-01`}::date and coalesce(held_on, planned_on) < ${`${thisMonth}-01`}::date`.execute(
        t.database.db,
      );
      return { subjectId: branch.id, aspect: 'theme_day', period: lastMonth };
    },
    async fixIt() {
      const secretary = await t.login('secretary');
      const m = await memberOfBranch();
      const res = await t.as(secretary, {
        method: 'POST',
        url: '/api/v1/orglife/meetings/held',
        payload: {
          orgId: branch.id,
          kind: 'theme_day',
          title: '补登主题党日',
          heldOn: `${lastMonth}-20`,
          attendance: [{ memberId: m.id, status: 'present' }],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    },
    first: () => secretaryId,
  },
  {
    rule: 'O7',
    article: /第五章（组织生活）\[条款号待核\]/,
    async breakIt() {
      const year = String(Number(today.slice(0, 4)) - 1);
      await sql`delete from meetings where org_id = ${branch.id} and kind = 'review'`.execute(t.database.db);
      return { subjectId: branch.id, aspect: 'review', period: year };
    },
    async fixIt() {
      const secretary = await t.login('secretary');
      const year = Number(today.slice(0, 4)) - 1;
      const res = await t.as(secretary, {
        method: 'POST',
        url: '/api/v1/orglife/meetings/held',
        payload: { orgId: branch.id, kind: 'review', title: '民主评议党员', heldOn: `${year}-12-28` },
      });
      expect(res.statusCode, res.body).toBe(201);
    },
    first: () => secretaryId,
  },
  {
    rule: 'D10',
    article: /党费收缴、使用和管理的规定》（2008）第十二条/,
    async breakIt() {
      await sql`delete from dues_payments where org_id = ${branch.id} and month = ${lastMonth}`.execute(
        t.database.db,
      );
      await sql`delete from dues_ledger where org_id = ${branch.id} and month = ${lastMonth}`.execute(
        t.database.db,
      );
      return { subjectId: branch.id, period: lastMonth };
    },
    async fixIt() {
      const secretary = await t.login('secretary');
      const res = await t.as(secretary, {
        method: 'POST',
        url: '/api/v1/dues/ledger/generate',
        payload: { orgId: branch.id, month: lastMonth },
      });
      expect(res.statusCode, res.body).toBe(200);
    },
    first: () => secretaryId,
  },
  {
    rule: 'D11',
    article: /第十三条；《中国共产党章程》第九条/,
    async breakIt() {
      const m = await memberOfBranch(1);
      // six months that have ended unpaid (D11 never counts the month still running)
      await sql`update dues_ledger set status = 'unpaid', paid_fen = 0 where member_id = ${m.id}
        and month > ${addMonths(thisMonth, -7)} and month <= ${thisMonth}`.execute(t.database.db);
      await sql`delete from dues_ledger where member_id = ${m.id} and month > ${thisMonth}`.execute(
        t.database.db,
      );
      return { subjectId: m.id };
    },
    async fixIt() {
      const m = await memberOfBranch(1);
      await sql`update dues_ledger set status = 'paid', paid_fen = due_fen where member_id = ${m.id}`.execute(
        t.database.db,
      );
    },
    first: () => secretaryId,
  },
  {
    rule: 'M2',
    article: /党员教育管理工作条例》（2019）/,
    async breakIt() {
      const m = await memberOfBranch(2);
      await sql`update members set status = 'lost_contact' where id = ${m.id}`.execute(t.database.db);
      await sql`update members set status_since = ${`${addMonths(thisMonth, -7)}-01`}::date where id = ${m.id}`.execute(
        t.database.db,
      );
      return { subjectId: m.id };
    },
    async fixIt() {
      const secretary = await t.login('secretary');
      const m = await memberOfBranch(2);
      const res = await t.as(secretary, {
        method: 'PATCH',
        url: `/api/v1/members/${m.id}`,
        payload: { status: 'normal', statusReason: '已恢复联系' },
      });
      expect(res.statusCode, res.body).toBe(200);
    },
    first: () => secretaryId,
  },
  {
    rule: 'O8',
    article: /条例无对应条款）\[待核\]/,
    async breakIt() {
      // a new branch under 湖里 with one member whose record has not changed for two months, and nothing else
      const huli = await orgId(t, '中共厦门市湖里区委员会');
      const admin = await t.login('admin');
      const res = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/orgs',
        payload: { name: '静默测试党支部', type: 'branch', parentId: huli, establishedOn: '2020-01-01' },
      });
      expect(res.statusCode, res.body).toBe(201);
      silent = { id: res.json().id, path: '' };
      silent.path = (
        await t.database.db
          .selectFrom('orgs')
          .select('path')
          .where('id', '=', silent.id)
          .executeTakeFirstOrThrow()
      ).path;
      await sql`insert into members (region_code, org_id, name, name_search, id_number, gender, birth_date, stage, status, created_at, updated_at)
        values ('350206', ${silent.id}, '静默甲', '静默甲', '350206199001011236', 'male', '1990-01-01', 'full', 'normal', ${clock.now()}::timestamptz - interval '60 days', ${clock.now()}::timestamptz - interval '60 days')`.execute(
        t.database.db,
      );
      return { subjectId: silent.id };
    },
    async fixIt() {
      const admin = await t.login('admin');
      const res = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/orglife/meetings/held',
        payload: { orgId: silent.id, kind: 'branch_committee', title: '恢复组织生活', heldOn: today },
      });
      expect(res.statusCode, res.body).toBe(201);
    },
    // no secretary bound to the new branch: the nearest org_admin above (湖里) is reminded
    first: () => districtId,
    path: () => silent.path,
  },
  {
    rule: 'O5',
    article: /党章第三十一条/,
    async breakIt() {
      await sql`update org_terms set state = 'ended', ended_on = ${clock.today()} where org_id = ${branch.id} and state = 'current'`.execute(
        t.database.db,
      );
      const term = await sql<{
        id: number;
      }>`insert into org_terms (region_code, org_id, kind, elected_on, term_years, ends_on)
        values ('350206', ${branch.id}, 'committee', '2021-06-01', 3, '2024-06-01') returning id`.execute(
        t.database.db,
      );
      termId = term.rows[0]!.id;
      return { subjectId: termId, aspect: 'overdue' };
    },
    async fixIt() {
      await sql`update org_terms set state = 'ended', ended_on = ${clock.today()} where id = ${termId}`.execute(
        t.database.db,
      );
    },
    first: () => secretaryId,
  },
  {
    rule: 'O1',
    article: /支部工作条例（试行）》（2018）第四条/,
    async breakIt() {
      const unit = await sql<{
        id: number;
      }>`insert into units (region_code, name, name_search, kind, org_id, updated_at)
        values ('350206', '厦门应建支部测试有限公司', '厦门应建支部测试有限公司', 'enterprise', ${branch.id}, now()) returning id`.execute(
        t.database.db,
      );
      unitId = unit.rows[0]!.id;
      await sql`update members set work_unit = '厦门应建支部测试有限公司' where id in (
        select id from members where stage = 'full' and status = 'normal' and org_id <> ${branch.id} order by id limit 3)`.execute(
        t.database.db,
      );
      return { subjectId: unitId };
    },
    async fixIt() {
      const admin = await t.login('admin');
      const huli = await orgId(t, '中共厦门市湖里区委员会');
      const res = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/orgs',
        payload: { name: '厦门应建支部测试有限公司党支部', type: 'branch', parentId: huli, unitId },
      });
      expect(res.statusCode, res.body).toBe(201);
    },
    first: () => secretaryId,
  },
  {
    rule: 'M4',
    article: /党员教育管理工作条例》（2019）第二十九条/,
    async breakIt() {
      const m = await memberOfBranch(4);
      const to = await orgId(t, '中共厦门市湖里区委员会');
      const tr = await sql<{
        id: number;
      }>`insert into member_transfers (region_code, member_id, direction, from_org_id, to_org_id, reason, started_on, letter_valid_until, member_snapshot)
        values ('350206', ${m.id}, 'internal', ${branch.id}, ${to}, '工作调动', '2026-01-05', '2026-04-05', ${snapshotOf(m.id)}) returning id`.execute(
        t.database.db,
      );
      transferId = tr.rows[0]!.id;
      return { subjectId: transferId, aspect: 'letter' };
    },
    async fixIt() {
      await sql`update member_transfers set state = 'cancelled' where id = ${transferId}`.execute(
        t.database.db,
      );
    },
    first: () => secretaryId,
  },
  {
    rule: 'P2',
    article: /发展党员工作细则》（2014）第七条/,
    async breakIt() {
      const m = await memberOfBranch(5);
      await sql`update members set stage = 'applicant' where id = ${m.id}`.execute(t.database.db);
      const r = await sql<{
        id: number;
      }>`insert into development_records (region_code, member_id, org_id, rule_set, stage, applied_on)
        values ('350206', ${m.id}, ${branch.id}, '2014', 'applicant', ${`${addMonths(thisMonth, -3)}-01`}) returning id`.execute(
        t.database.db,
      );
      recordId = r.rows[0]!.id;
      return { subjectId: recordId, aspect: 'talk' };
    },
    async fixIt() {
      await sql`insert into development_steps (region_code, record_id, step, step_date, decision, rule_set, decided_by_name)
        values ('350206', ${recordId}, 'talk', ${`${addMonths(thisMonth, -2)}-20`}, 'approved', '2014', '林晓东')`.execute(
        t.database.db,
      );
    },
    first: () => secretaryId,
  },
  {
    rule: 'P13',
    article: /发展党员工作细则（2026年修订）》（条款号待核）/,
    async breakIt() {
      // an approval under the 2026 rule set, whose month for the oath the 2014 set does not have
      await sql`insert into development_steps (region_code, record_id, step, step_date, decision, rule_set, decided_by_name)
        values ('350206', ${recordId}, 'approval', ${`${addMonths(thisMonth, -3)}-01`}, 'approved', '2026', '湖里区两新工委')`.execute(
        t.database.db,
      );
      return { subjectId: recordId, aspect: 'oath' };
    },
    async fixIt() {
      await sql`update development_records set state = 'completed' where id = ${recordId}`.execute(
        t.database.db,
      );
    },
    first: () => secretaryId,
  },
];
let recordId = 0;
let silent = { id: 0, path: '' };
let termId = 0;
let unitId = 0;
let transferId = 0;

describe.each(cases)('rule $rule', (c) => {
  it('appears when broken, names its rule and article, reminds the right person, escalates after its working days, and resolves by itself when fixed', async () => {
    const key = await c.breakIt();
    const path = c.path?.() ?? branch.path;
    await run(today, undefined, path);
    const f = await finding(c.rule, key.subjectId, key.aspect ?? '', key.period ?? '');
    expect(f, `${c.rule} finding`).toBeDefined();
    expect(f!.status).toBe('open');
    expect(f!.message).toMatch(/^依据《/);
    expect(f!.message).toMatch(c.article);
    expect(f!.severity).toBe('finding');
    const first = await reminders(f!.id);
    expect(first.map((r) => [r.user_id, r.kind, r.level])).toContainEqual([c.first(), 'remind', 0]);

    // the superior sees it with its rule and who must act
    const district = await t.login('district');
    const detail = await t.as(district, { url: `/api/v1/compliance/findings/${f!.id}` });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().rule.code).toBe(c.rule);
    expect(detail.json().mustAct.map((m: { userId: number }) => m.userId)).toContain(c.first());

    // not yet after 4 working days; escalated after 6 to the org above (its org_admins, else the nearest above)
    const cal = await t.calendar.calendar();
    await run(cal.addWorkdays(today, 3), [c.rule], path);
    expect((await finding(c.rule, key.subjectId, key.aspect ?? '', key.period ?? ''))!.escalation_level).toBe(
      0,
    );
    await run(await escalationDay(), [c.rule], path);
    const escalated = await finding(c.rule, key.subjectId, key.aspect ?? '', key.period ?? '');
    expect(escalated!.id).toBe(f!.id);
    expect(escalated!.escalation_level).toBe(1);
    const after = await reminders(f!.id);
    expect(after.filter((r) => r.kind === 'escalate').map((r) => r.user_id)).toContain(districtId);

    await c.fixIt();
    await run(today, [c.rule], path);
    const resolved = await t.database.db
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', f!.id)
      .executeTakeFirstOrThrow();
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolved_by).toBeNull();
    const events = await t.database.db
      .selectFrom('finding_events')
      .select('kind')
      .where('finding_id', '=', f!.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['opened', 'escalated', 'resolved']);
  });
});

describe('the sweep', () => {
  it('run twice creates no duplicate finding or reminder', async () => {
    const admin = await t.login('admin');
    const xiamen = await orgId(t, '中共厦门市委员会');
    const first = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/compliance/sweep',
      payload: { orgId: xiamen },
    });
    expect(first.statusCode, first.body).toBe(200);
    const count = async () =>
      (
        await sql<{ f: number; r: number; open: number }>`select (select count(*)::int from findings) as f,
        (select count(*)::int from reminders) as r, (select count(*)::int from findings where status = 'open') as open`.execute(
          t.database.db,
        )
      ).rows[0]!;
    const before = await count();
    const second = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/compliance/sweep',
      payload: { orgId: xiamen },
    });
    expect(second.statusCode).toBe(200);
    expect(
      second
        .json()
        .rules.every((r: { opened: number; resolved: number }) => r.opened === 0 && r.resolved === 0),
    ).toBe(true);
    expect(second.json().reminders).toBe(0);
    expect(await count()).toEqual(before);
    const dup = await sql<{
      n: number;
    }>`select count(*)::int as n from (select 1 from findings where status = 'open'
      group by rule_code, subject_type, subject_id, aspect, period having count(*) > 1) d`.execute(
      t.database.db,
    );
    expect(dup.rows[0]!.n).toBe(0);
  });

  it('the nightly form (rules side by side, each its own transaction) finds exactly what the one-transaction sweep finds', async () => {
    const db = t.database.db;
    const xiamen = await db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', await orgId(t, '中共厦门市委员会'))
      .executeTakeFirstOrThrow();
    const open = async () =>
      (
        await sql<{
          k: string;
        }>`select rule_code || ':' || subject_type || ':' || subject_id || ':' || aspect || ':'
          || period || ':' || severity as k from findings where status = 'open' order by 1`.execute(db)
      ).rows.map((r) => r.k);
    const calendar = await t.calendar.calendar();
    await sweep(db, xiamen.path, today, { calendar });
    const expected = await open();
    // a member falls six months behind: both forms must see it
    const m = await memberOfBranch(7);
    await sql`update dues_ledger set status = 'unpaid', paid_fen = 0 where member_id = ${m.id}
      and month >= ${addMonths(thisMonth, -6)} and month <= ${thisMonth}`.execute(db);
    const result = await sweepSideBySide(t.database, xiamen.path, today, { calendar, lanes: 2 });
    const after = await open();
    expect(after.filter((k) => !expected.includes(k))).toEqual([`D11:member:${m.id}:::finding`]);
    expect(result.rules.map((r) => r.code)).toEqual(
      (await sweep(db, xiamen.path, today, { calendar })).rules.map((r) => r.code),
    );
    expect(result.rules.find((r) => r.code === 'D11')!.opened).toBe(1);
    expect(await open()).toEqual(after);
  });

  it('warns at 5 unpaid months and makes a finding at 6 (D11); a regional override changes the parameter only', async () => {
    const m = await memberOfBranch(3);
    // five ended months unpaid, and this month (which does not count until it ends)
    await sql`update dues_ledger set status = 'unpaid', paid_fen = 0 where member_id = ${m.id}
      and month > ${addMonths(thisMonth, -6)} and month <= ${thisMonth}`.execute(t.database.db);
    await run(today, ['D11']);
    let f = await finding('D11', m.id);
    expect(f!.severity).toBe('warning');
    expect((await reminders(f!.id)).map((r) => r.kind)).toEqual(['warn']);

    const admin = await t.login('admin');
    const put = await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/compliance/rules/D11/overrides/3502',
      payload: { params: { findingAt: 5 }, note: '测试' },
    });
    expect(put.statusCode, put.body).toBe(200);
    await run(today, ['D11']);
    f = await finding('D11', m.id);
    expect(f!.status).toBe('open');
    expect(f!.severity).toBe('finding');
    expect((await reminders(f!.id)).map((r) => r.kind).sort()).toEqual(['remind', 'warn']);

    // an override cannot invent a parameter nor switch a national requirement off
    const unknown = await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/compliance/rules/D11/overrides/3502',
      payload: { params: { never: 1 } },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('compliance.params');
    const off = await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/compliance/rules/O6/overrides/3502',
      payload: { params: { theme_day: null } },
    });
    expect(off.json().code).toBe('compliance.params');
    const del = await t.as(admin, { method: 'DELETE', url: '/api/v1/compliance/rules/D11/overrides/3502' });
    expect(del.statusCode).toBe(200);
    await run(today, ['D11']);
    expect((await finding('D11', m.id))!.severity).toBe('warning');
    const rules = await t.as(admin, { url: '/api/v1/compliance/rules' });
    expect(rules.json().items.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['O6', 'O7', 'O8', 'D10', 'D11', 'M2']),
    );
    expect(rules.json().items.find((r: { code: string }) => r.code === 'O6').overrides[0]).toMatchObject({
      regionPrefix: '3508',
      params: { lecture: 'quarter' },
    });
  });

  it('asks Longyan for a lecture every quarter through its override, and Xiamen only every year', async () => {
    const quarterStart = (d: string) =>
      `${d.slice(0, 4)}-${String(Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const lastQuarterStart = quarterStart(`${addMonths(quarterStart(today).slice(0, 7), -3)}-01`);
    const q = `${lastQuarterStart.slice(0, 4)}-Q${Math.floor((Number(lastQuarterStart.slice(5, 7)) - 1) / 3) + 1}`;
    const pick = async (prefix: string) =>
      (
        await sql<{
          id: number;
          path: string;
        }>`select o.id, o.path from orgs o where o.type = 'branch' and o.region_code like ${`${prefix}%`}
        and exists (select 1 from members m where m.org_id = o.id) order by o.id limit 1`.execute(
          t.database.db,
        )
      ).rows[0]!;
    const longyan = await pick('3508');
    const xiamen = await pick('3502');
    for (const b of [longyan, xiamen]) {
      await sql`delete from meetings where org_id = ${b.id} and kind = 'lecture' and held_on >= ${lastQuarterStart}::date
        and held_on < ${lastQuarterStart}::date + interval '3 months'`.execute(t.database.db);
      await run(today, ['O6'], b.path);
    }
    expect((await finding('O6', longyan.id, 'lecture', q))?.status).toBe('open');
    expect(await finding('O6', xiamen.id, 'lecture', q)).toBeUndefined();
  });

  it('delivers one digest per user, holding pushes during quiet hours', async () => {
    await sql`update reminders set delivered_at = now()`.execute(t.database.db);
    const f = await finding('O6', branch.id, 'branch_committee', lastMonth);
    const id =
      f?.id ?? (await t.database.db.selectFrom('findings').select('id').executeTakeFirstOrThrow()).id;
    const night = new Date(`${today}T23:00:00+08:00`);
    await sql`insert into reminders (region_code, user_id, finding_id, kind, level, title, body, deliver_after)
      values ('350206', ${secretaryId}, ${id}, 'remind', 7, '甲', '一', ${new Date(`${today}T08:00:00+08:00`).getTime() + 86_400_000 > 0 ? new Date(night.getTime() + 9 * 3600_000) : night}),
             ('350206', ${secretaryId}, ${id}, 'remind', 8, '乙', '二', ${new Date(night.getTime() + 9 * 3600_000)})`.execute(
      t.database.db,
    );
    const logged: string[] = [];
    const channels = [
      new InAppChannel(),
      new LogChannel(t.database.db, { info: (_o: unknown, msg: string) => void logged.push(msg) } as never),
    ];
    expect(await deliverDigests(t.database.db, channels, night)).toEqual({ users: 0, reminders: 0 });
    const morning = new Date(night.getTime() + 9 * 3600_000);
    expect(await deliverDigests(t.database.db, channels, morning)).toEqual({ users: 1, reminders: 2 });
    expect(logged).toEqual(['红链合规提醒：您有 2 条待办']);
    const rows = await t.database.db
      .selectFrom('channel_deliveries')
      .selectAll()
      .where('user_id', '=', secretaryId)
      .execute();
    expect(rows.at(-1)!.reminder_ids.map(Number)).toHaveLength(2);
    expect(await deliverDigests(t.database.db, channels, morning)).toEqual({ users: 0, reminders: 0 });
  });
});

describe('the incremental re-check (compliance.recheck)', () => {
  const queued = async () =>
    (
      await sql<{ org_id: string }>`select payload ->> 'orgId' as org_id from jobs
        where name = 'compliance.recheck' and state = 'queued' order by id`.execute(t.database.db)
    ).rows.map((r) => Number(r.org_id));

  it('a payment queues its branch once, in its transaction; the job re-checks that branch alone, without 督办', async () => {
    const m = await memberOfBranch(5);
    const months = Array.from({ length: 6 }, (_, i) => addMonths(thisMonth, -6 + i));
    await sql`update dues_ledger set status = 'unpaid', paid_fen = 0 where member_id = ${m.id}
      and month >= ${months[0]} and month <= ${thisMonth}`.execute(t.database.db);
    await run(today, ['D11']);
    expect((await finding('D11', m.id))!.severity).toBe('finding');
    await sql`delete from jobs where name = 'compliance.recheck'`.execute(t.database.db);

    const secretary = await t.login('secretary');
    // refused (特殊党费 is not taken here): the transaction rolls back and nothing is queued
    const refused = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/dues/payments',
      payload: { memberId: m.id, month: months[0], amountFen: 100, paidOn: today, kind: 'special' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(await queued()).toEqual([]);

    const due = await t.database.db
      .selectFrom('dues_ledger')
      .select(['month', 'due_fen'])
      .where('member_id', '=', m.id)
      .where('month', 'in', months.slice(0, 2))
      .orderBy('month')
      .execute();
    for (const d of due) {
      const paid = await t.as(secretary, {
        method: 'POST',
        url: '/api/v1/dues/payments',
        payload: { memberId: m.id, month: d.month, amountFen: d.due_fen, paidOn: today },
      });
      expect(paid.statusCode, paid.body).toBe(201);
    }
    // two payments, one branch waiting: queued once
    expect(await queued()).toEqual([branch.id]);
    // the nightly sweep has not run: the finding still says six months
    expect((await finding('D11', m.id))!.severity).toBe('finding');

    const elsewhere = await t.database.db
      .selectFrom('findings')
      .select(['id', 'last_seen_at'])
      .where('status', '=', 'open')
      .where('org_path', 'not like', `${branch.path}%`)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    const result = (await complianceRecheckJob.handler({ orgId: branch.id }, {
      db: t.database,
    } as never)) as { orgId: number; resolved: number };
    expect(result.orgId).toBe(branch.id);
    // four unpaid months now: under both the finding (6) and the warning (5), so it is resolved
    const after = await t.database.db
      .selectFrom('findings')
      .select(['status', 'severity'])
      .where('rule_code', '=', 'D11')
      .where('subject_id', '=', m.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('resolved');
    expect(result.resolved).toBeGreaterThanOrEqual(1);
    // another organization's finding was not looked at
    if (elsewhere) {
      const again = await t.database.db
        .selectFrom('findings')
        .select('last_seen_at')
        .where('id', '=', elsewhere.id)
        .executeTakeFirstOrThrow();
      expect(again.last_seen_at).toEqual(elsewhere.last_seen_at);
    }
    // an organization removed since the request is skipped
    expect(await complianceRecheckJob.handler({ orgId: 987654321 }, { db: t.database } as never)).toEqual({
      orgId: 987654321,
      skipped: true,
    });
  });

  it('recording a meeting and changing a member queue their organizations', async () => {
    await sql`delete from jobs where name = 'compliance.recheck'`.execute(t.database.db);
    const secretary = await t.login('secretary');
    const m = await memberOfBranch(6);
    const changed = await t.as(secretary, {
      method: 'PATCH',
      url: `/api/v1/members/${m.id}`,
      payload: { phone: '13900001234' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const held = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/orglife/meetings/held',
      payload: {
        orgId: branch.id,
        kind: 'branch_committee',
        title: '支委会（复查测试）',
        heldOn: today,
        attendance: [],
      },
    });
    expect(held.statusCode, held.body).toBeLessThan(300);
    expect(await queued()).toEqual([branch.id]);
  });
});

describe('supervision (督办)', () => {
  it('lets the superior comment, set a deadline, escalate and close; the branch reads and marks its reminders', async () => {
    await sql`delete from meetings where org_id = ${branch.id} and kind = 'branch_committee'
      and coalesce(held_on, planned_on) >= ${`${lastMonth}-01`}::date and coalesce(held_on, planned_on) < ${`${thisMonth}-01`}::date`.execute(
      t.database.db,
    );
    await run(today, ['O6']);
    const f = (await finding('O6', branch.id, 'branch_committee', lastMonth))!;
    const district = await t.login('district');
    const secretary = await t.login('secretary');
    const c = await t.as(district, {
      method: 'POST',
      url: `/api/v1/compliance/findings/${f.id}/comments`,
      payload: { body: '请尽快召开支委会' },
    });
    expect(c.statusCode, c.body).toBe(200);
    const deadline = (await t.calendar.calendar()).addWorkdays(today, 10);
    const d = await t.as(district, {
      method: 'POST',
      url: `/api/v1/compliance/findings/${f.id}/deadline`,
      payload: { deadline },
    });
    expect(d.json().deadline).toBe(deadline);
    // a running deadline holds automatic escalation back
    await run(await escalationDay(), ['O6']);
    expect((await finding('O6', branch.id, 'branch_committee', lastMonth))!.escalation_level).toBe(0);
    const bad = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/compliance/findings/${f.id}/deadline`,
      payload: { deadline },
    });
    expect(bad.statusCode).toBe(403);
    const note = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/compliance/findings/${f.id}/comments`,
      payload: { body: '已安排下周召开' },
    });
    expect(note.statusCode).toBe(200);
    const e = await t.as(district, {
      method: 'POST',
      url: `/api/v1/compliance/findings/${f.id}/escalate`,
      payload: { body: '多次提醒未整改' },
    });
    expect(e.json().escalationLevel).toBe(1);
    expect(e.json().events.map((x: { kind: string }) => x.kind)).toEqual([
      'opened',
      'comment',
      'deadline',
      'comment',
      'escalated',
    ]);
    const inbox = await t.as(secretary, { url: '/api/v1/me/reminders' });
    expect(inbox.statusCode).toBe(200);
    const mine = inbox.json().items.find((r: { findingId: number }) => r.findingId === f.id);
    expect(mine.title).toContain('合规提醒');
    const read = await t.as(secretary, { method: 'POST', url: `/api/v1/me/reminders/${mine.id}/read` });
    expect(read.json().updated).toBe(1);
    const other = await t.as(await t.login('member'), {
      method: 'POST',
      url: `/api/v1/me/reminders/${mine.id}/read`,
    });
    expect(other.statusCode).toBe(404);
    const close = await t.as(district, {
      method: 'POST',
      url: `/api/v1/compliance/findings/${f.id}/resolve`,
      payload: { body: '经核实已补开' },
    });
    expect(close.json().status).toBe('resolved');
    const again = await t.as(district, {
      method: 'POST',
      url: `/api/v1/compliance/findings/${f.id}/comments`,
      payload: { body: 'x' },
    });
    expect(again.json().code).toBe('compliance.finding_resolved');
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'finding')
      .where('entity_id', '=', String(f.id))
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'compliance.comment',
      'compliance.comment',
      'compliance.deadline',
      'compliance.escalate',
      'compliance.resolve',
    ]);
  });

  it('shows each level its overview with ranking, definitions, a publishable red/black list and drill-down', async () => {
    const admin = await t.login('admin');
    const xiamen = await orgId(t, '中共厦门市委员会');
    const ov = await t.as(admin, { url: `/api/v1/compliance/overview?orgId=${xiamen}` });
    expect(ov.statusCode, ov.body).toBe(200);
    const body = ov.json();
    expect(body.byChild.length).toBeGreaterThan(2);
    expect(body.byChild.map((c: { rank: number }) => c.rank)).toEqual(
      [...body.byChild.map((c: { rank: number }) => c.rank)].sort((a, b) => a - b),
    );
    expect(body.definitions.map((d: { key: string }) => d.key)).toEqual(
      expect.arrayContaining(['findings', 'rate', 'red', 'black', 'compliantRate']),
    );
    const sum = body.byRule.reduce((n: number, r: { findings: number }) => n + r.findings, 0);
    expect(sum).toBe(body.totals.findings);
    const child = body.byChild.find((c: { findings: number }) => c.findings > 0);
    const list = await t.as(admin, {
      url: `/api/v1/compliance/findings?orgId=${child.orgId}&status=open&severity=finding&pageSize=200`,
    });
    expect(list.json().total).toBe(child.findings);
    const pub = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/compliance/lists',
      payload: { orgId: xiamen, title: '2026年11月红黑榜' },
    });
    expect(pub.statusCode, pub.body).toBe(201);
    const lists = await t.as(admin, { url: `/api/v1/compliance/lists?orgId=${xiamen}` });
    expect(lists.json().items[0]).toMatchObject({
      title: '2026年11月红黑榜',
      publishedBy: expect.stringContaining('admin'),
    });
  });
});

describe('permission matrix', () => {
  it('who × action × inside/outside their scope', async () => {
    const longyan = await orgId(t, '中共龙岩市委员会');
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const other = await t.database.db
      .selectFrom('findings')
      .select('id')
      .where('org_path', 'not like', `${branch.path}%`)
      .where('org_path', 'like', '/1/%')
      .executeTakeFirstOrThrow();
    const mine = await t.database.db
      .selectFrom('findings')
      .select('id')
      .where('org_path', 'like', `${branch.path}%`)
      .executeTakeFirstOrThrow();
    const matrix: Array<[string, string, string, unknown, number]> = [
      ['admin', 'GET', `/api/v1/compliance/overview?orgId=${longyan}`, undefined, 200],
      ['admin', 'POST', '/api/v1/compliance/sweep', { orgId: branch.id }, 200],
      ['district', 'GET', `/api/v1/compliance/overview?orgId=${huli}`, undefined, 200],
      ['district', 'GET', `/api/v1/compliance/overview?orgId=${longyan}`, undefined, 404],
      ['district', 'POST', '/api/v1/compliance/sweep', { orgId: huli }, 200],
      ['district', 'POST', '/api/v1/compliance/sweep', { orgId: longyan }, 404],
      ['district', 'PUT', '/api/v1/compliance/rules/O8/overrides/3502', { params: { days: 45 } }, 403],
      ['district', 'POST', '/api/v1/compliance/lists', { orgId: huli, title: '湖里红黑榜' }, 201],
      ['secretary', 'GET', `/api/v1/compliance/overview?orgId=${branch.id}`, undefined, 200],
      ['secretary', 'GET', `/api/v1/compliance/findings/${mine.id}`, undefined, 200],
      ['secretary', 'GET', `/api/v1/compliance/findings/${other.id}`, undefined, 404],
      ['secretary', 'POST', '/api/v1/compliance/sweep', { orgId: branch.id }, 403],
      ['secretary', 'POST', '/api/v1/compliance/lists', { orgId: branch.id, title: 'x' }, 403],
      ['secretary', 'POST', `/api/v1/compliance/findings/${mine.id}/escalate`, { body: 'x' }, 403],
      ['secretary', 'GET', `/api/v1/orglife/meetings?orgId=${branch.id}`, undefined, 200],
      ['secretary', 'GET', `/api/v1/orglife/meetings?orgId=${huli}`, undefined, 404],
      [
        'secretary',
        'POST',
        '/api/v1/orglife/meetings',
        { orgId: branch.id, kind: 'lecture', title: '党课', plannedOn: today },
        201,
      ],
      [
        'secretary',
        'POST',
        '/api/v1/orglife/meetings',
        { orgId: huli, kind: 'lecture', title: '党课', plannedOn: today },
        404,
      ],
      [
        'district',
        'POST',
        '/api/v1/orglife/meetings',
        { orgId: branch.id, kind: 'lecture', title: '党课', plannedOn: today },
        201,
      ],
      ['member', 'GET', `/api/v1/compliance/overview?orgId=${branch.id}`, undefined, 404],
      ['member', 'GET', `/api/v1/orglife/meetings?orgId=${branch.id}`, undefined, 404],
      ['member', 'GET', '/api/v1/me/reminders', undefined, 200],
      ['member', 'GET', '/api/v1/compliance/rules', undefined, 403],
    ];
    for (const [who, method, url, payload, status] of matrix) {
      const res = await t.as(await t.login(who), {
        method: method as 'GET',
        url,
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, `${who} ${method} ${url}: ${res.body.slice(0, 200)}`).toBe(status);
    }
    const anonymous = await t.as(null, { url: '/api/v1/me/reminders' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('regional parameters belong to the administrators of the region', () => {
  /** An administrator of the Xiamen tree only (the top of its tree, but not of the others). */
  async function xiamenAdmin() {
    const admin = await t.login('admin');
    const xiamen = await orgId(t, '中共厦门市委员会');
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'xmruleadmin',
        displayName: '厦门规则管理员',
        password: 'Secret12345',
        orgId: xiamen,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const role = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/users/${created.json().id}/roles`,
      payload: { role: 'org_admin', orgId: xiamen },
    });
    expect(role.statusCode, role.body).toBe(200);
    return t.login('xmruleadmin', 'Secret12345');
  }

  it('lets an administrator set parameters only for a region whose every organization it holds', async () => {
    const xm = await xiamenAdmin();
    const put = (session: Awaited<ReturnType<typeof xiamenAdmin>>, prefix: string) =>
      t.as(session, {
        method: 'PUT',
        url: `/api/v1/compliance/rules/O8/overrides/${prefix}`,
        payload: { params: { days: 45 }, note: '区域测试' },
      });
    const count = async (prefix: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from compliance_rule_overrides
          where rule_code = 'O8' and region_prefix = ${prefix}`.execute(t.database.db)
      ).rows[0]!.n;
    // another city (龙岩), and the whole province (龙岩, 晋江, 福安 are other trees)
    for (const prefix of ['3508', '35']) {
      const other = await put(xm, prefix);
      expect(other.statusCode, `${prefix} ${other.body}`).toBe(403);
      expect(other.json().errors[0]).toMatchObject({ field: 'regionPrefix' });
      expect(await count(prefix)).toBe(0);
    }
    const del = await t.as(xm, { method: 'DELETE', url: '/api/v1/compliance/rules/O6/overrides/3508' });
    expect(del.statusCode, del.body).toBe(403);
    // the district administrator: not its own region code either, which 火炬 shares with 湖里
    const district = await put(await t.login('district'), '350206');
    expect(district.statusCode, district.body).toBe(403);
    // its own city: every organization there is in its tree
    const own = await put(xm, '3502');
    expect(own.statusCode, own.body).toBe(200);
    expect(
      (await t.as(xm, { method: 'DELETE', url: '/api/v1/compliance/rules/O8/overrides/3502' })).statusCode,
    ).toBe(200);
    // the administrator of every tree may set any region
    const national = await put(await t.login('admin'), '3508');
    expect(national.statusCode, national.body).toBe(200);
    await t.as(await t.login('admin'), {
      method: 'DELETE',
      url: '/api/v1/compliance/rules/O8/overrides/3508',
    });
  });
});
