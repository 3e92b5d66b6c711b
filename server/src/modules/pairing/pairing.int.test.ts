import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { readXlsx } from '../../test/xlsx.ts';

/**
 * 组团帮扶 (decision 0026) on the demo city: 湖里's 市场监管局 branch (a department) paired with 同安 莲花镇's
 * 上陵村, seen by each side's staff and the organization departments above either side, never by others.
 */
let t: TestApp;
let admin: Session;
let district: Session;
let secretary: Session;
let handler: Session;
let helperStaff: Session;
let villageStaff: Session;
let tonganAdmin: Session;
let lianhua: number;
let shangling: number;
let junying: number;
let helper: number;
let helper2: number;
let xiushuiVillage: number;
let xiushui: number;
let pairing: number;
let team: number;
const year = Number(clock.today().slice(0, 4));
const today = clock.today();
const PASSWORD = 'Pairing@2026';

async function account(username: string, role: string, org: number) {
  const created = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/users',
    payload: { username, displayName: username, password: PASSWORD, orgId: org },
  });
  expect(created.statusCode, created.body).toBe(201);
  const granted = await t.as(admin, {
    method: 'POST',
    url: `/api/v1/users/${created.json().id}/roles`,
    payload: { role, orgId: org },
  });
  expect(granted.statusCode, granted.body).toBe(200);
  return t.login(username, PASSWORD);
}

const post = (who: Session, url: string, payload: unknown) =>
  t.as(who, { method: 'POST', url, payload: payload as never });

function fieldOf(res: { statusCode: number; json(): { errors?: Array<{ field: string }> } }, field: string) {
  expect(res.statusCode).toBe(400);
  expect(res.json().errors?.[0]?.field).toBe(field);
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, district, secretary, handler] = (await Promise.all(
    ['admin', 'district', 'secretary', 'handler'].map((u) => t.login(u)),
  )) as [Session, Session, Session, Session];
  lianhua = await orgId(t, '中共厦门市同安区莲花镇委员会');
  // villages and departments of the test's own (the demo pairs 湖里's departments with 莲花镇's villages)
  const village = async (name: string) => {
    const unit = await post(admin, '/api/v1/units', {
      name: `${name}村民委员会`,
      kind: 'village',
      regionCode: '350212',
      orgId: lianhua,
    });
    expect(unit.statusCode, unit.body).toBe(201);
    const org = await post(admin, '/api/v1/orgs', {
      name: `中共厦门市同安区莲花镇${name}村支部委员会`,
      type: 'branch',
      parentId: lianhua,
      unitId: unit.json().id,
    });
    expect(org.statusCode, org.body).toBe(201);
    return org.json().id as number;
  };
  shangling = await village('测甲');
  junying = await village('测乙');
  const organs = await orgId(t, '中共厦门市湖里区直属机关工作委员会');
  const dept = async (name: string) => {
    const org = await post(admin, '/api/v1/orgs', { name, type: 'branch', parentId: organs });
    expect(org.statusCode, org.body).toBe(201);
    return org.json().id as number;
  };
  helper = await dept('厦门市湖里区测试甲局机关党支部');
  helper2 = await dept('厦门市湖里区测试乙局机关党支部');
  xiushui = await orgId(t, '中共修水县委员会');
  xiushuiVillage = await orgId(t, '中共修水县义宁镇义宁第1村支部委员会');
  helperStaff = await account('pairhelper', 'branch_admin', helper);
  villageStaff = await account('pairvillage', 'branch_admin', shangling);
  tonganAdmin = await account('pairtongan', 'org_admin', await orgId(t, '中共厦门市同安区委员会'));
});
afterAll(() => t.close());

describe('teams and pairings', () => {
  it('finds the demo city’s 莲花片区: three departments paired with three villages', async () => {
    const ov = await t.as(district, { url: `/api/v1/pairings/overview?year=${year}` });
    expect(ov.statusCode, ov.body).toBe(200);
    const o = ov.json();
    expect(o.totals).toMatchObject({
      pairings: 3,
      villages: 3,
      problemsFiled: 1,
      plotMu: 2.5,
      behind: 1,
      unreported: 1,
      met: 1,
    });
    expect(o.behind.map((b: { villageName: string }) => b.villageName)).toEqual([
      '中共厦门市同安区莲花镇军营村支部委员会',
      '中共厦门市同安区莲花镇上陵村支部委员会',
    ]);
    const last = (await t.as(district, { url: `/api/v1/pairings/overview?year=${year - 1}` })).json();
    expect(last.totals).toMatchObject({ pairings: 3, plotMu: 3, projects: 1, aidActualFen: 650_000_00 });
  });

  it('builds a team for an area, naming the field that is wrong', async () => {
    const bad = await post(admin, '/api/v1/pairing-teams', {
      areaOrgId: 999_999_999,
      name: '莲花片区组团',
      leadOrgId: lianhua,
    });
    fieldOf(bad, 'areaOrgId');
    const res = await post(admin, '/api/v1/pairing-teams', {
      areaOrgId: lianhua,
      name: '莲花片区组团',
      leadOrgId: helper,
    });
    expect(res.statusCode, res.body).toBe(201);
    team = res.json().id;
    fieldOf(
      await post(admin, '/api/v1/pairing-teams', {
        areaOrgId: lianhua,
        name: '莲花片区组团',
        leadOrgId: helper,
      }),
      'name',
    );
    // 湖里's department cannot build a team in 同安
    fieldOf(
      await post(district, '/api/v1/pairing-teams', {
        areaOrgId: lianhua,
        name: '越界组团',
        leadOrgId: helper,
      }),
      'areaOrgId',
    );
  });

  it('pairs a department with a village for whole years, 1+1', async () => {
    const base = {
      helperOrgId: helper,
      villageOrgId: shangling,
      pairingTeamId: team,
      fromYear: year - 1,
      toYear: year + 1,
    };
    fieldOf(await post(admin, '/api/v1/pairings', { ...base, toYear: year - 2 }), 'toYear');
    fieldOf(await post(admin, '/api/v1/pairings', { ...base, fromYear: 1999 }), 'fromYear');
    // a branch that is not a village's, as the village
    fieldOf(await post(admin, '/api/v1/pairings', { ...base, villageOrgId: helper2 }), 'villageOrgId');
    // a village as the helper
    fieldOf(await post(admin, '/api/v1/pairings', { ...base, helperOrgId: junying }), 'helperOrgId');
    // a team whose area does not hold the village
    const far = await post(admin, '/api/v1/pairing-teams', {
      areaOrgId: xiushui,
      name: '修水组团',
      leadOrgId: xiushui,
    });
    fieldOf(
      await post(admin, '/api/v1/pairings', { ...base, pairingTeamId: far.json().id }),
      'pairingTeamId',
    );
    // 湖里 may not pair a 同安 village
    fieldOf(await post(district, '/api/v1/pairings', base), 'villageOrgId');
    const res = await post(admin, '/api/v1/pairings', base);
    expect(res.statusCode, res.body).toBe(201);
    pairing = res.json().id;
    expect(res.json()).toMatchObject({
      helperName: '厦门市湖里区测试甲局机关党支部',
      teamName: '莲花片区组团',
      running: true,
    });
  });

  it('refuses a second helper for the village, or a second village for the helper, in an overlapping year', async () => {
    const v = await post(admin, '/api/v1/pairings', {
      helperOrgId: helper2,
      villageOrgId: shangling,
      fromYear: year + 1,
    });
    fieldOf(v, 'villageOrgId');
    expect(v.json().errors[0].message).toContain('厦门市湖里区测试甲局机关党支部');
    fieldOf(
      await post(admin, '/api/v1/pairings', {
        helperOrgId: helper,
        villageOrgId: junying,
        fromYear: year - 3,
        toYear: year - 1,
      }),
      'helperOrgId',
    );
    // over time many-to-many: the next years the village has another helper, the helper another village
    const later = await post(admin, '/api/v1/pairings', {
      helperOrgId: helper2,
      villageOrgId: shangling,
      fromYear: year + 2,
    });
    expect(later.statusCode, later.body).toBe(201);
    const before = await post(admin, '/api/v1/pairings', {
      helperOrgId: helper,
      villageOrgId: junying,
      fromYear: year - 4,
      toYear: year - 2,
    });
    expect(before.statusCode, before.body).toBe(201);
    // ending a pairing early may not run it into the next one
    const extend = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/pairings/${pairing}`,
      payload: { toYear: year + 2 },
    });
    fieldOf(extend, 'villageOrgId');
    // the helper pairs 白交祠 again in a year nobody holds, in 修水 a far pairing nobody in 厦门 sees
    const far = await post(admin, '/api/v1/pairings', {
      helperOrgId: await orgId(t, '中共修水县委员会'),
      villageOrgId: xiushuiVillage,
      fromYear: year,
    });
    expect(far.statusCode, far.body).toBe(201);
  });
  it('lets only one of two simultaneous pairings of a village through', async () => {
    const third = await post(admin, '/api/v1/orgs', {
      name: '厦门市湖里区测试丙局机关党支部',
      type: 'branch',
      parentId: await orgId(t, '中共厦门市湖里区直属机关工作委员会'),
    });
    const fourth = await post(admin, '/api/v1/orgs', {
      name: '厦门市湖里区测试丁局机关党支部',
      type: 'branch',
      parentId: await orgId(t, '中共厦门市湖里区直属机关工作委员会'),
    });
    const res = await Promise.all(
      [third, fourth].map((h) =>
        post(admin, '/api/v1/pairings', {
          helperOrgId: h.json().id,
          villageOrgId: junying,
          fromYear: year + 5,
        }),
      ),
    );
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 400]);
    expect(res.find((r) => r.statusCode === 400)!.json().errors[0].field).toBe('villageOrgId');
  });
});

describe('what a pairing did, and its figures', () => {
  let problems: number[] = [];

  it('logs a visit with problems, inside the period and not in the future', async () => {
    const url = `/api/v1/pairings/${pairing}/visits`;
    const body = {
      visitedOn: today,
      visitors: '局党组书记、驻村第一书记',
      done: '走访困难户 3 户，座谈农产品销路',
      problems: ['村道路灯损坏 5 盏', '茶叶包装不规范'],
    };
    fieldOf(await post(helperStaff, url, { ...body, visitedOn: `${year + 1}-01-01` }), 'visitedOn');
    fieldOf(await post(helperStaff, url, { ...body, visitedOn: `${year - 2}-12-31` }), 'visitedOn');
    fieldOf(await post(helperStaff, url, { ...body, visitors: ' ' }), 'visitors');
    const res = await post(helperStaff, url, body);
    expect(res.statusCode, res.body).toBe(201);
    problems = res.json().problemIds;
    expect(problems).toHaveLength(2);
    // last year's last day counts in last year
    expect(
      (await post(helperStaff, url, { ...body, visitedOn: `${year - 1}-12-31`, problems: [] })).statusCode,
    ).toBe(201);
  });

  it('turns a problem into a case of the one loop in the village, once', async () => {
    const res = await post(helperStaff, `/api/v1/pairings/${pairing}/problems/${problems[0]}/case`, {});
    expect(res.statusCode, res.body).toBe(200);
    const caseId = res.json().caseId as number;
    const row = await t.database.db
      .selectFrom('cases')
      .select(['org_id', 'channel', 'state', 'title'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      org_id: shangling,
      channel: 'pairing',
      state: 'submitted',
      title: '村道路灯损坏 5 盏',
    });
    // the village's case staff see it in their queue (同安's department above dispatches it)
    const queue = await t.as(tonganAdmin, { url: `/api/v1/cases/${caseId}` });
    expect(queue.statusCode, queue.body).toBe(200);
    const again = await post(helperStaff, `/api/v1/pairings/${pairing}/problems/${problems[0]}/case`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('pairing.problem_case');
    // another pairing's problem id, or a reader without the pairing, as missing
    expect(
      (await post(helperStaff, `/api/v1/pairings/${pairing}/problems/999999999/case`, {})).statusCode,
    ).toBe(404);
    expect(
      (await post(secretary, `/api/v1/pairings/${pairing}/problems/${problems[1]}/case`, {})).statusCode,
    ).toBe(404);
    const detail = await t.as(villageStaff, { url: `/api/v1/pairings/${pairing}` });
    const p = detail.json().visits[0].problems;
    expect(p[0]).toMatchObject({ caseId, caseStateLabel: '待受理' });
    expect(p[1]).toMatchObject({ caseId: null });
  });

  it('records purchases and adopted plots in fen, and sums them by year', async () => {
    const url = `/api/v1/pairings/${pairing}/purchases`;
    const body = {
      kind: 'produce',
      item: '莲花高山茶',
      quantity: 120,
      unit: '斤',
      amountFen: 3_600_000,
      buyer: '湖里区市场监管局工会',
      purchasedOn: today,
    };
    fieldOf(await post(helperStaff, url, { ...body, amountFen: -1 }), 'amountFen');
    fieldOf(await post(helperStaff, url, { ...body, amountFen: 1.5 }), 'amountFen');
    fieldOf(await post(helperStaff, url, { ...body, quantity: 1.005 }), 'quantity');
    fieldOf(await post(helperStaff, url, { ...body, kind: 'gift' }), 'kind');
    expect((await post(helperStaff, url, body)).statusCode).toBe(201);
    expect(
      (
        await post(helperStaff, url, {
          ...body,
          kind: 'plot',
          item: '上陵村 3 号田',
          quantity: 2.5,
          unit: '亩',
          amountFen: 500_000,
        })
      ).statusCode,
    ).toBe(201);
    // 31 December of last year: last year's figure, not this year's
    expect(
      (await post(helperStaff, url, { ...body, amountFen: 99, purchasedOn: `${year - 1}-12-31` })).statusCode,
    ).toBe(201);
    const list = await t.as(district, { url: `/api/v1/pairings?year=${year}` });
    const item = list.json().items.find((i: { id: number }) => i.id === pairing);
    expect(item.figures).toMatchObject({
      purchases: 2,
      purchaseFen: 4_100_000,
      plotMu: 2.5,
      visits: 1,
      problems: 2,
      problemsFiled: 1,
    });
    const last = await t.as(district, { url: `/api/v1/pairings?year=${year - 1}` });
    expect(last.json().items.find((i: { id: number }) => i.id === pairing).figures).toMatchObject({
      purchaseFen: 99,
      visits: 1,
      plotMu: 0,
    });
    // the detail's years agree with the list
    const detail = await t.as(helperStaff, { url: `/api/v1/pairings/${pairing}` });
    const years = detail.json().years as Array<{ year: number; purchaseFen: number; visits: number }>;
    expect(years.map((y) => y.year)).toEqual([year, year - 1]);
    expect(years[0]).toMatchObject({ purchaseFen: 4_100_000, visits: 1 });
    expect(years[1]).toMatchObject({ purchaseFen: 99, visits: 1 });
  });

  it('sets targets and records actuals with their source, never for a year to come', async () => {
    const url = `/api/v1/pairings/${pairing}/figures`;
    const put = (who: Session, payload: unknown) =>
      t.as(who, { method: 'PUT', url, payload: payload as never });
    fieldOf(await put(helperStaff, { year: year + 5, metric: 'collective_income', targetFen: 1 }), 'year');
    fieldOf(await put(helperStaff, { year, metric: 'collective_income', actualFen: 100 }), 'actualSource');
    fieldOf(
      await put(helperStaff, {
        year: year + 1,
        metric: 'collective_income',
        actualFen: 100,
        actualSource: '村财务报表',
      }),
      'year',
    );
    fieldOf(await put(helperStaff, { year, metric: 'collective_income', targetFen: -5 }), 'targetFen');
    fieldOf(await put(helperStaff, { year, metric: 'collective_income' }), 'targetFen');
    fieldOf(
      await put(helperStaff, {
        year: year - 1,
        metric: 'collective_income',
        actualFen: 1,
        actualSource: '报表',
        actualOn: `${year - 2}-12-31`,
      }),
      'actualOn',
    );
    expect(
      (await put(helperStaff, { year, metric: 'collective_income', targetFen: 120_000_000 })).statusCode,
    ).toBe(200);
    // the village records its actual
    const actual = await put(villageStaff, {
      year,
      metric: 'collective_income',
      actualFen: 80_000_000,
      actualSource: '村财务月报',
    });
    expect(actual.statusCode, actual.body).toBe(200);
    expect(actual.json()).toMatchObject({ targetFen: 120_000_000, actualFen: 80_000_000 });
    expect(
      (
        await put(villageStaff, {
          year: year - 1,
          metric: 'collective_income',
          targetFen: 100_000_000,
          actualFen: 113_130_000,
          actualSource: '农经统计年报',
          actualOn: `${year - 1}-12-31`,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await put(helperStaff, {
          year,
          metric: 'aid_funds',
          actualFen: 30_000_000,
          actualSource: '局机关转账凭证',
        })
      ).statusCode,
    ).toBe(200);
    const detail = await t.as(helperStaff, { url: `/api/v1/pairings/${pairing}` });
    const [now, last] = detail.json().years;
    expect(now.income).toMatchObject({ status: 'behind', percent: 66.7, gapFen: 40_000_000 });
    expect(now).toMatchObject({ incomeSource: '村财务月报', incomeOn: today, aidActualFen: 30_000_000 });
    expect(last.income).toMatchObject({ status: 'met', percent: 113.1, gapFen: 0 });
  });

  it('links a project of the projects engine the caller reads, in a year of the period', async () => {
    const project = await post(helperStaff, '/api/v1/projects', {
      orgId: helper,
      title: '上陵村茶叶品牌打造',
      kind: 'joint',
      milestones: [
        { title: '注册村集体公司商标', plannedOn: today, weight: 40 },
        { title: '进驻商超', plannedOn: `${year}-12-31`, weight: 60 },
      ],
    });
    expect(project.statusCode, project.body).toBe(201);
    const url = `/api/v1/pairings/${pairing}/projects`;
    fieldOf(await post(helperStaff, url, { projectId: project.json().id, year: year + 5 }), 'year');
    // a project the helper's staff cannot read (another branch's)
    const other = await t.database.db
      .selectFrom('projects')
      .select('id')
      .where('org_id', '<>', helper)
      .executeTakeFirstOrThrow();
    fieldOf(await post(helperStaff, url, { projectId: other.id, year }), 'projectId');
    expect((await post(helperStaff, url, { projectId: project.json().id, year })).statusCode).toBe(201);
    fieldOf(await post(helperStaff, url, { projectId: project.json().id, year }), 'projectId');
    // the village's staff read it through the pairing, with the engine's figures
    const detail = await t.as(villageStaff, { url: `/api/v1/pairings/${pairing}` });
    expect(detail.json().projects).toEqual([
      expect.objectContaining({
        title: '上陵村茶叶品牌打造',
        year,
        plannedProgress: 40,
        progress: 0,
        aheadPoints: -40,
      }),
    ]);
    expect(detail.json().figures.projects).toBe(1);
  });
});

describe('the staff views', () => {
  it('sums the overview from the rows, and lists the villages behind target', async () => {
    const [list, ov] = await Promise.all([
      t.as(tonganAdmin, { url: `/api/v1/pairings?year=${year}&pageSize=200&orgId=${shangling}` }),
      t.as(tonganAdmin, { url: `/api/v1/pairings/overview?year=${year}&orgId=${shangling}` }),
    ]);
    expect(ov.statusCode, ov.body).toBe(200);
    const items = list.json().items as Array<{
      figures: {
        purchaseFen: number;
        visits: number;
        incomeTargetFen: number | null;
        incomeActualFen: number | null;
      };
    }>;
    const o = ov.json();
    expect(o.totals.pairings).toBe(items.length);
    expect(o.totals.purchaseFen).toBe(items.reduce((a, i) => a + i.figures.purchaseFen, 0));
    expect(o.totals.visits).toBe(items.reduce((a, i) => a + i.figures.visits, 0));
    expect(o.totals.incomeTargetFen).toBe(items.reduce((a, i) => a + (i.figures.incomeTargetFen ?? 0), 0));
    expect(o.totals.incomeActualFen).toBe(items.reduce((a, i) => a + (i.figures.incomeActualFen ?? 0), 0));
    // the rows behind it: every purchase of the year in 莲花镇's villages
    const lianhuaPath = (
      await t.database.db
        .selectFrom('orgs')
        .select('path')
        .where('id', '=', shangling)
        .executeTakeFirstOrThrow()
    ).path;
    const purchases = await t.database.db
      .selectFrom('pairing_purchases as u')
      .innerJoin('pairings as p', 'p.id', 'u.pairing_id')
      .select(['u.amount_fen'])
      .where('p.village_path', 'like', `${lianhuaPath}%`)
      .where('u.purchased_on', '>=', `${year}-01-01`)
      .where('u.purchased_on', '<=', `${year}-12-31`)
      .execute();
    expect(o.totals.purchaseFen).toBe(purchases.reduce((a, r) => a + Number(r.amount_fen), 0));
    expect(o.behind).toEqual([
      expect.objectContaining({
        pairingId: pairing,
        villageName: '中共厦门市同安区莲花镇测甲村支部委员会',
        gapFen: 40_000_000,
        status: 'behind',
      }),
    ]);
    expect(o.byVillage).toEqual([
      expect.objectContaining({ pairingId: pairing, targetFen: 120_000_000, actualFen: 80_000_000 }),
    ]);
  });

  it('exports the year ledger with a row per pairing and their sum', async () => {
    const res = await t.as(district, { url: `/api/v1/pairings/export?year=${year}` });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]!.slice(0, 3)).toEqual(['帮扶组团', '帮扶单位', '结对村']);
    const list = await t.as(district, { url: `/api/v1/pairings?year=${year}&pageSize=200` });
    expect(rows).toHaveLength(list.json().total + 2);
    const mine = rows.find((r) => r[2] === '中共厦门市同安区莲花镇测甲村支部委员会')!;
    expect(mine).toEqual(
      expect.arrayContaining([
        '莲花片区组团',
        '厦门市湖里区测试甲局机关党支部',
        '41000',
        '2.5',
        '1200000',
        '800000',
        '66.7',
        '未达目标',
        '村财务月报',
      ]),
    );
    expect(rows.at(-1)![0]).toBe('合计');
    // 湖里 sees nothing of 修水
    expect(rows.some((r) => r[2]?.includes('修水'))).toBe(false);
  });

  /** who × action × inside/outside: 200/201 inside, 404 outside (as missing), 403 without the permission. */
  it('holds the access matrix', async () => {
    const visit = { visitedOn: today, visitors: '测试', done: '测试', problems: [] };
    const farPairing = (
      await t.database.db
        .selectFrom('pairings')
        .select('id')
        .where('village_org_id', '=', xiushuiVillage)
        .executeTakeFirstOrThrow()
    ).id;
    const cases: Array<[string, Session, number, number, number]> = [
      // who, session, pairing, read status, record status
      ['helper staff, own pairing', helperStaff, pairing, 200, 201],
      ['village staff, own pairing', villageStaff, pairing, 200, 201],
      ['湖里 (helper side below)', district, pairing, 200, 201],
      ['同安 (village side below)', tonganAdmin, pairing, 200, 201],
      ['city', admin, pairing, 200, 201],
      ['another branch secretary', secretary, pairing, 404, 404],
      ['helper staff, far pairing', helperStaff, farPairing, 404, 404],
      ['湖里, far pairing', district, farPairing, 404, 404],
      ['handler (no permission)', handler, pairing, 403, 403],
    ];
    for (const [who, s, id, read, record] of cases) {
      const r = await t.as(s, { url: `/api/v1/pairings/${id}` });
      expect(r.statusCode, `${who} read`).toBe(read);
      const w = await post(s, `/api/v1/pairings/${id}/visits`, visit);
      expect(w.statusCode, `${who} record`).toBe(record);
    }
    // a pairing with records this year cannot be ended last year
    const early = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/pairings/${pairing}`,
      payload: { toYear: year - 1 },
    });
    fieldOf(early, 'toYear');
    expect(early.json().errors[0].code).toBe('pairing.records_after');
    // managing: the department above both sides only
    const patch = (s: Session) =>
      t.as(s, { method: 'PATCH', url: `/api/v1/pairings/${pairing}`, payload: { note: '第二轮组团帮扶' } });
    expect((await patch(admin)).statusCode).toBe(200);
    expect((await patch(district)).statusCode).toBe(403);
    expect((await patch(helperStaff)).statusCode).toBe(403);
    expect((await patch(secretary)).statusCode).toBe(404);
    // lists: each sees its own side, nobody in 厦门 sees 修水
    const ids = async (s: Session) =>
      (await t.as(s, { url: '/api/v1/pairings?all=true&pageSize=200' })).json().items as Array<{
        id: number;
        villageOrgId: number;
      }>;
    expect((await ids(helperStaff)).every((p) => p.id !== farPairing)).toBe(true);
    expect((await ids(villageStaff)).map((p) => p.villageOrgId).every((v) => v === shangling)).toBe(true);
    expect(await ids(secretary)).toEqual([]);
    expect((await ids(admin)).some((p) => p.id === farPairing)).toBe(true);
    expect((await ids(district)).some((p) => p.id === farPairing)).toBe(false);
    expect((await t.as(handler, { url: '/api/v1/pairings' })).statusCode).toBe(403);
    // an orgId outside answers like a missing one
    fieldOf(await t.as(district, { url: `/api/v1/pairings?orgId=${xiushui}` }), 'orgId');
  });
});
