import { firstWorkdayOfQuarter, previousQuarter, quarterOf } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarService } from '../../platform/calendar.ts';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { publishDue } from './service.ts';

let t: TestApp;
let district: Session;
let admin: Session;
let resident: Session;
let grid: Session;
let secretary: Session;
let xinglong: number;
let hjws: number;
let companyA: number;
let companyB: number;
let compoundA: number;
let compoundB: number;
let farCompound: number;
const DAY = 86_400_000;

async function unit(who: Session, name: string, org: number) {
  const res = await t.as(who, {
    method: 'POST',
    url: '/api/v1/units',
    payload: { name, kind: 'enterprise', regionCode: '350206', industry: '物业管理', orgId: org },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function compound(who: Session, body: Record<string, unknown>) {
  return t.as(who, { method: 'POST', url: '/api/v1/property/compounds', payload: body });
}

const act = (who: Session, id: number, payload: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: `/api/v1/cases/${id}/transitions`, payload });

/** A 环境卫生 complaint about a compound, handled by the grid and rated by the resident; `late` replies 60 days on. */
async function complaint(compoundId: number, opts: { late?: boolean; rating?: string } = {}) {
  const filed = await t.as(resident, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: { categoryId: hjws, title: '小区楼道垃圾无人清运', description: '物业不作为', compoundId },
  });
  expect(filed.statusCode, filed.body).toBe(201);
  const id = filed.json().id as number;
  // the intake answers with the compound's name from the value it checked, as a read gives it (issue 11)
  const read = await t.as(resident, { method: 'GET', url: `/api/v1/cases/${id}` });
  expect(read.json().compoundName).toEqual(expect.any(String));
  expect(filed.json()).toEqual(read.json());
  const handle = async () => {
    expect((await act(grid, id, { action: 'sign' })).statusCode).toBe(200);
    await act(grid, id, { action: 'start' });
    const replied = await act(grid, id, { action: 'reply', reply: '已督促物业清运', evidence: '现场照片' });
    expect(replied.statusCode, replied.body).toBe(200);
    const rated = await act(resident, id, { action: 'rate', rating: opts.rating ?? 'satisfied' });
    expect(rated.json().state).toBe('closed');
  };
  if (opts.late) await clock.at(new Date(clock.now().getTime() + 60 * DAY), handle);
  else await handle();
  return id;
}

type Entry = {
  name: string;
  stars: number | null;
  rated: boolean;
  total: number | null;
  list: string | null;
  reason: string | null;
  components: Array<{
    key: string;
    numerator: number;
    denominator: number;
    points: number | null;
    explanation: string;
  }>;
};

async function rankingOf(who: Session, query = '') {
  const res = await t.as(who, { url: `/api/v1/property/ranking?orgId=${xinglong}${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { quarter: string; items: Entry[]; rules: { source: string } };
}

const entry = (items: Entry[], name: string) => items.find((e) => e.name === name)!;
const component = (e: Entry, key: string) => e.components.find((c) => c.key === key)!;

beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.updateTable('case_categories').set({ rating_change_minutes: 0 }).execute();
  const sessions = await Promise.all(
    ['district', 'admin', 'resident', 'grid', 'secretary'].map((u) => t.login(u)),
  );
  [district, admin, resident, grid, secretary] = sessions as [Session, Session, Session, Session, Session];
  xinglong = await orgId(t, '中共兴隆社区委员会');
  const cats = await t.as(admin, { url: '/api/v1/case-categories' });
  hjws = cats.json().items.find((c: { code: string }) => c.code === 'HJWS').id;
  companyA = await unit(district, '测试甲物业服务有限公司', xinglong);
  companyB = await unit(district, '测试乙物业服务有限公司', xinglong);
  const a = await compound(district, {
    orgId: xinglong,
    name: '测试甲小区',
    households: 300,
    companyUnitId: companyA,
  });
  expect(a.statusCode, a.body).toBe(201);
  compoundA = a.json().id;
  const b = await compound(district, {
    orgId: xinglong,
    name: '测试乙小区',
    households: 200,
    companyUnitId: companyB,
  });
  compoundB = b.json().id;
  // a compound in 云浮, outside 湖里's district
  const yunfu = await orgId(t, '中共云浮市云城区新就业群体委员会');
  const farUnit = await unit(admin, '测试云浮物业公司', yunfu);
  const far = await compound(admin, {
    orgId: yunfu,
    name: '测试云浮小区',
    households: 100,
    companyUnitId: farUnit,
  });
  expect(far.statusCode, far.body).toBe(201);
  farCompound = far.json().id;
});
afterAll(() => t.close());

describe('compounds and inspections', () => {
  it('validates, naming the field', async () => {
    const dup = await compound(district, {
      orgId: xinglong,
      name: '测试甲小区',
      households: 1,
      companyUnitId: companyA,
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].field).toBe('name');
    const neg = await compound(district, {
      orgId: xinglong,
      name: 'x',
      households: -1,
      companyUnitId: companyA,
    });
    expect(neg.json().errors[0].field).toBe('households');
    const noUnit = await compound(district, {
      orgId: xinglong,
      name: 'y',
      households: 1,
      companyUnitId: 999999,
    });
    expect(noUnit.json().errors[0].field).toBe('companyUnitId');
    const badScore = await t.as(district, {
      method: 'POST',
      url: '/api/v1/property/inspections',
      payload: { compoundId: compoundA, inspectedOn: clock.today(), score: 101, inspector: '街道' },
    });
    expect(badScore.statusCode).toBe(400);
    expect(badScore.json().errors[0].field).toBe('score');
    const future = await t.as(district, {
      method: 'POST',
      url: '/api/v1/property/inspections',
      payload: {
        compoundId: compoundA,
        inspectedOn: new Date(clock.now().getTime() + 3 * DAY).toISOString().slice(0, 10),
        score: 80,
        inspector: '街道',
      },
    });
    expect(future.json().errors[0].field).toBe('inspectedOn');
    const badQuarter = await t.as(district, { url: '/api/v1/property/ranking?quarter=2026Q5' });
    expect(badQuarter.statusCode).toBe(400);
    expect(badQuarter.json().errors[0].field).toBe('quarter');
    const nextYear = `${Number(clock.today().slice(0, 4)) + 1}Q1`;
    const notYet = await t.as(district, { url: `/api/v1/property/ranking?quarter=${nextYear}` });
    expect(notYet.json().errors[0].field).toBe('quarter');
  });

  it('records inspections and lists them in scope', async () => {
    for (const [compoundId, score] of [
      [compoundA, 90],
      [compoundB, 60],
    ] as const) {
      const res = await t.as(district, {
        method: 'POST',
        url: '/api/v1/property/inspections',
        payload: {
          compoundId,
          inspectedOn: clock.today(),
          score,
          findings: '消防通道堆物',
          inspector: '兴隆社区',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const list = await t.as(district, {
      url: `/api/v1/property/inspections?quarter=${quarterOf(clock.today())}`,
    });
    expect(list.json().items.map((i: { compoundName: string }) => i.compoundName)).toEqual(
      expect.arrayContaining(['测试甲小区', '测试乙小区']),
    );
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'property.inspect')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps compounds to the scope: 404 outside, a field error for an org outside', async () => {
    expect((await t.as(district, { url: `/api/v1/property/compounds/${farCompound}` })).statusCode).toBe(404);
    expect((await t.as(admin, { url: `/api/v1/property/compounds/${farCompound}` })).statusCode).toBe(200);
    const patch = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/property/compounds/${farCompound}`,
      payload: { households: 5 },
    });
    expect(patch.statusCode).toBe(404);
    const list = await t.as(district, { url: '/api/v1/property/compounds' });
    expect(list.json().items.map((c: { name: string }) => c.name)).not.toContain('测试云浮小区');
    const yunfu = await orgId(t, '中共云浮市云城区新就业群体委员会');
    const outside = await t.as(district, { url: `/api/v1/property/ranking?orgId=${yunfu}` });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('orgId');
    // a branch secretary holds no property permission
    expect((await t.as(secretary, { url: '/api/v1/property/ranking' })).statusCode).toBe(403);
    expect((await t.as(resident, { url: '/api/v1/property/compounds' })).statusCode).toBe(403);
  });
});

describe('cases naming a compound', () => {
  it('accepts a compound of the area and refuses one elsewhere, naming compoundId', async () => {
    const far = await t.as(resident, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { categoryId: hjws, title: '测试', description: '测试', compoundId: farCompound },
    });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0].field).toBe('compoundId');
    const options = await t.as(resident, { url: '/api/v1/property/report-compounds' });
    expect(options.statusCode).toBe(200);
    const names = options.json().items.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['测试甲小区', '测试乙小区']));
    expect(names).not.toContain('测试云浮小区');
  });
});

describe('the quarter ranking', () => {
  it('is computed from the case data, and a complaint handled late lowers the on-time component', async () => {
    const before = await rankingOf(district);
    expect(before.quarter).toBe(quarterOf(clock.today()));
    expect(before.rules.source).toContain('非官方');
    // 乙: an inspection only → complaints (25) + inspection (25) = 50 → rated, scaled
    for (let i = 0; i < 3; i++) await complaint(compoundA);
    const onTime = entry((await rankingOf(district)).items, '测试甲物业服务有限公司');
    expect(component(onTime, 'onTime')).toMatchObject({ numerator: 3, denominator: 3, points: 25 });
    expect(component(onTime, 'satisfaction')).toMatchObject({ numerator: 3, denominator: 3, points: 25 });
    expect(component(onTime, 'complaints')).toMatchObject({ numerator: 3, denominator: 300, points: 25 });
    expect(onTime.rated).toBe(true);

    await complaint(compoundA, { late: true, rating: 'basic' });
    const after = await rankingOf(district);
    const late = entry(after.items, '测试甲物业服务有限公司');
    const c = component(late, 'onTime');
    expect([c.numerator, c.denominator]).toEqual([3, 4]);
    expect(c.points!).toBeLessThan(25);
    expect(c.explanation).toContain('3 ÷ 4');
    expect(late.total!).toBeLessThan(onTime.total!);
    expect(late.stars).toBeGreaterThanOrEqual(1);
  });

  it('says a company with too little data is not rated', async () => {
    // a third company with a compound and nothing measured: complaints only (25 < 50)
    const companyC = await unit(district, '测试丙物业服务有限公司', xinglong);
    await compound(district, {
      orgId: xinglong,
      name: '测试丙小区',
      households: 50,
      companyUnitId: companyC,
    });
    const r = await rankingOf(district);
    const c = entry(r.items, '测试丙物业服务有限公司');
    expect(c).toMatchObject({ rated: false, stars: null, total: null });
    expect(c.reason).toContain('数据不足');
    // the unrated come after every rated company
    const lastRated = r.items.map((e) => e.rated).lastIndexOf(true);
    expect(r.items.indexOf(c)).toBeGreaterThan(lastRated);
  });

  it('publishes a frozen snapshot, listed apart from compliance lists', async () => {
    const quarter = quarterOf(clock.today());
    const res = await t.as(district, {
      method: 'POST',
      url: '/api/v1/property/lists',
      payload: { orgId: xinglong, quarter },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const first = (await t.as(district, { url: `/api/v1/property/lists/${id}` })).json();
    expect(first.ranking.items.length).toBeGreaterThanOrEqual(3);
    expect(first.definition).toContain('五星');
    // the data moves on; the published list does not
    await complaint(compoundB);
    const again = (await t.as(district, { url: `/api/v1/property/lists/${id}` })).json();
    expect(again.ranking).toEqual(first.ranking);
    const live = await rankingOf(district);
    expect(component(entry(live.items, '测试乙物业服务有限公司'), 'complaints').numerator).toBe(1);
    expect(component(entry(first.ranking.items, '测试乙物业服务有限公司'), 'complaints').numerator).toBe(0);
    const lists = await t.as(district, { url: `/api/v1/property/lists?orgId=${xinglong}` });
    expect(lists.json().items[0]).toMatchObject({ id, quarter });
    const compliance = await t.as(district, { url: `/api/v1/compliance/lists?orgId=${xinglong}` });
    expect(compliance.statusCode).toBe(200);
    expect(compliance.json().items.map((l: { id: number }) => l.id)).not.toContain(id);
    // outside the scope: 404; without the permission: 404 too (read through the scope)
    const yunfu = await orgId(t, '中共云浮市云城区新就业群体委员会');
    const far = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/property/lists',
      payload: { orgId: yunfu, quarter },
    });
    expect(far.statusCode).toBe(201);
    expect((await t.as(district, { url: `/api/v1/property/lists/${far.json().id}` })).statusCode).toBe(404);
    const denied = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/property/lists',
      payload: { orgId: xinglong, quarter },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('the quarterly job publishes the previous quarter once, on the quarter first working day only', async () => {
    const calendar = await new CalendarService(t.database.db).calendar();
    const first = firstWorkdayOfQuarter(clock.today(), calendar);
    const day = await t.database.db.transaction().execute((trx) => publishDue(trx, calendar, first));
    expect(day.quarter).toBe(previousQuarter(quarterOf(first)));
    expect(day.published).toBeGreaterThanOrEqual(1);
    const twice = await t.database.db.transaction().execute((trx) => publishDue(trx, calendar, first));
    expect(twice.published).toBe(0);
    const other = new Date(Date.parse(`${first}T12:00:00+08:00`) + 20 * DAY).toISOString().slice(0, 10);
    expect((await publishDue(t.database.db, calendar, other)).published).toBe(0);
    const rows = await t.database.db
      .selectFrom('published_lists')
      .select(['published_by', 'published_by_name', 'period'])
      .where('kind', '=', 'property')
      .where('published_by', 'is', null)
      .execute();
    expect(rows.every((r) => r.period === previousQuarter(quarterOf(first)))).toBe(true);
    expect(rows[0]!.published_by_name).toBe('物业红黑榜季度发布');
  });
});
