import { addDays, liaisonQuarter, makeCreditCode } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 挂钩联系 (issue 13 item 8, decision 0027) on a real database (both engines): the organization
 * department assigns 挂钩干部 to enterprises (many to many, with a period); the cadre logs visits on the
 * phone with a 问题清单 and files each problem into the case loop in one step, the problem showing its
 * case's state and the case naming its visit; the district's quarter figure equals its list; the
 * enterprise reads its 服务联系卡 with masked phones. Access: cadre × district × city × instructor ×
 * secretary × enterprise, inside and outside.
 */
let t: TestApp;
let admin: Session;
let district: Session;
let instructor: Session;
let secretary: Session;
let enterprise: Session;
let cadre: Session;
let cadre2: Session;
let huli: number;
let donghuUnit = 0;
let enterpriseUnit = 0;
const today = clock.today();
const quarter = liaisonQuarter(today);
const units: Record<'a' | 'b' | 'c', number> = { a: 0, b: 0, c: 0 };
let category = 0;
let visitId = 0;
const PASSWORD = 'Liaison2026x';

async function userWithRole(username: string, displayName: string, role: string, org: number) {
  const created = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/users',
    payload: { username, displayName, password: PASSWORD, orgId: org, phone: '13805921234' },
  });
  expect(created.statusCode, created.body).toBe(201);
  // the organization department records no visits itself, but it answers for those who do: it hands
  // out the role (decision 0027, DELEGATED_BY); a branch secretary may not
  const secretary = await t.login('secretary');
  const refused = await t.as(secretary, {
    method: 'POST',
    url: `/api/v1/users/${created.json().id}/roles`,
    payload: { role, orgId: org },
  });
  expect(refused.statusCode).toBeGreaterThanOrEqual(400);
  const granted = await t.as(admin, {
    method: 'POST',
    url: `/api/v1/users/${created.json().id}/roles`,
    payload: { role, orgId: org },
  });
  expect(granted.statusCode, granted.body).toBe(200);
  return t.login(username, PASSWORD);
}

async function createUnit(name: string, serial: number): Promise<number> {
  const res = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/units',
    payload: {
      name,
      kind: 'enterprise',
      creditCode: makeCreditCode(`91350206${String(97_000_000 + serial)}0`.slice(0, 17)),
      regionCode: '350206',
      employees: 40 + serial,
      orgId: huli,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function assignCadre(
  who: Session,
  unitIds: number[],
  userId: number,
  assignedOn = addDays(today, -200),
) {
  return t.as(who, {
    method: 'POST',
    url: '/api/v1/instructor-assignments',
    payload: { unitIds, userId, role: 'cadre', assignedOn },
  });
}

const visit = (who: Session, payload: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: '/api/v1/guidance-visits', payload: { topic: '挂钩走访', ...payload } });

async function coverage(who: Session, query = '') {
  const res = await t.as(who, { url: `/api/v1/guidance/coverage${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function coverageUnits(who: Session, query: string) {
  const res = await t.as(who, { url: `/api/v1/guidance/coverage/units?pageSize=200&${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: Array<{ unitId: number; cadres: string; visitsInQuarter: number }>;
    total: number;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  instructor = await t.login('instructor');
  secretary = await t.login('secretary');
  enterprise = await t.login('enterprise');
  huli = await orgId(t, '中共厦门市湖里区委员会');
  cadre = await userWithRole('liaison-cadre-1', '郑建国（挂钩干部）', 'cadre', huli);
  cadre2 = await userWithRole('liaison-cadre-2', '许丽华（红色勤务员）', 'cadre', huli);
  units.a = await createUnit('挂钩测试甲新材料有限公司', 1);
  units.b = await createUnit('挂钩测试乙光电有限公司', 2);
  units.c = await createUnit('挂钩测试丙储能有限公司', 3);
  const own = await t.database.db
    .selectFrom('orgs')
    .select('unit_id')
    .where('name', '=', '厦门鹭岛智造科技有限公司党支部')
    .executeTakeFirstOrThrow();
  enterpriseUnit = own.unit_id!;
  const donghu = await t.database.db
    .selectFrom('units')
    .select('id')
    .where('region_code', '=', '360102')
    .where('kind', '=', 'enterprise')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  donghuUnit = donghu.id;
  const cats = await t.as(admin, { url: '/api/v1/case-categories' });
  category = cats.json().items.find((c: { code: string }) => c.code === 'ZCZX').id;
}, 120_000);
afterAll(() => t.close());

describe('assigning 挂钩干部', () => {
  it('assigns one cadre to many enterprises and many cadres to one, with a period', async () => {
    const res = await assignCadre(district, [units.a, units.b, units.c, enterpriseUnit], cadre.userId);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items[0]).toMatchObject({ role: 'cadre', roleLabel: '挂钩干部', phone: '138****1234' });
    const second = await assignCadre(district, [units.a], cadre2.userId);
    expect(second.statusCode, second.body).toBe(201);
    // the same person twice in the same role: refused, naming the role
    const again = await assignCadre(district, [units.a], cadre.userId);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('挂钩干部');
    const list = await t.as(district, { url: `/api/v1/instructor-assignments?kind=cadre&unitId=${units.a}` });
    expect(
      list
        .json()
        .items.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(['许丽华（红色勤务员）', '郑建国（挂钩干部）'].sort());
    const party = await t.as(district, {
      url: `/api/v1/instructor-assignments?kind=party&unitId=${units.a}`,
    });
    expect(party.json().total).toBe(0);
    const bad = await t.as(district, { url: '/api/v1/instructor-assignments?kind=boss' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('kind');
  });

  it('does not count a 挂钩干部 toward 两个覆盖 (work coverage)', async () => {
    const res = await t.as(admin, {
      url: `/api/v1/coverage/units?orgId=${huli}&bucket=inScope&pageSize=200`,
    });
    const a = res.json().items.find((u: { id: number }) => u.id === units.a);
    expect(a).toMatchObject({ bucket: 'uncovered', instructors: null });
  });

  it('refuses outside the caller’s subtree and to those without instructor.manage', async () => {
    const outside = await assignCadre(district, [donghuUnit], cadre.userId);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: 'unitIds.0', code: 'unit.not_found' });
    for (const s of [secretary, instructor, cadre, enterprise]) {
      const res = await assignCadre(s, [units.a], cadre.userId);
      expect([400, 403], `${s.userId}`).toContain(res.statusCode);
    }
  });
});

describe('visits and the 问题清单', () => {
  it('lists the cadre’s enterprises with their visits this quarter', async () => {
    const res = await t.as(cadre, { url: '/api/v1/guidance/enterprises' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().quarter).toEqual(quarter);
    const ids = res.json().items.map((i: { unitId: number }) => i.unitId);
    expect(ids).toEqual(expect.arrayContaining([units.a, units.b, units.c, enterpriseUnit]));
    expect(res.json().items.every((i: { role: string }) => i.role === 'cadre')).toBe(true);
    // none of this test's enterprises yet (the demo's 湖里 cadre has visited the demo enterprise)
    const items = res.json().items as Array<{ unitId: number; visitsInQuarter: number }>;
    expect(res.json().visitedInQuarter).toBe(items.filter((i) => i.visitsInQuarter > 0).length);
    for (const id of [units.a, units.b, units.c])
      expect(items.find((i) => i.unitId === id)?.visitsInQuarter).toBe(0);
  });

  it('logs a visit with separate problems, one of them filed into the case loop in the same request', async () => {
    const res = await visit(cadre, {
      unitId: units.a,
      visitedOn: today,
      topic: '了解用工和融资需求',
      problemList: [
        { description: '技术工人招聘难，缺口约 30 人' },
        { description: '申报专精特新不清楚条件', categoryId: category },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    visitId = res.json().id;
    expect(res.json()).toMatchObject({ role: 'cadre', roleLabel: '挂钩干部', editable: true });
    const list = res.json().problemList;
    expect(list.map((p: { seq: number }) => p.seq)).toEqual([1, 2]);
    expect(list[0]).toMatchObject({ caseId: null, caseState: null });
    expect(list[1].caseId).toEqual(expect.any(Number));
    expect(list[1].caseStateLabel).toEqual(expect.any(String));
    // the text readers of the old API see the list too
    expect(res.json().problems).toBe('1. 技术工人招聘难，缺口约 30 人\n2. 申报专精特新不清楚条件');
  });

  it('files a listed problem in one step; the case names the visit and the problem shows the case’s state', async () => {
    const before = await t.as(cadre, { url: `/api/v1/guidance-visits/${visitId}` });
    const first = before.json().problemList[0];
    const res = await t.as(cadre, {
      method: 'POST',
      url: `/api/v1/guidance-visits/${visitId}/problems/${first.id}/case`,
      payload: { categoryId: category },
    });
    expect(res.statusCode, res.body).toBe(201);
    const caseId = res.json().caseId;
    const detail = await t.as(admin, { url: `/api/v1/cases/${caseId}` });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      channel: 'visit',
      visitProblem: {
        problemId: first.id,
        visitId,
        seq: 1,
        unitId: units.a,
        unitName: '挂钩测试甲新材料有限公司',
        visitedOn: today,
      },
    });
    expect(detail.json().description).toContain('技术工人招聘难');
    const after = await t.as(cadre, { url: `/api/v1/guidance-visits/${visitId}` });
    const p = after.json().problemList[0];
    expect(p).toMatchObject({ caseId, caseState: detail.json().state });
    // the cadre is the case's reporter and follows it as their own
    const mine = await t.as(cadre, { url: '/api/v1/cases?mine=reported&pageSize=50' });
    expect(mine.json().items.map((c: { id: number }) => c.id)).toContain(caseId);
    // once only
    const twice = await t.as(cadre, {
      method: 'POST',
      url: `/api/v1/guidance-visits/${visitId}/problems/${first.id}/case`,
      payload: { categoryId: category },
    });
    expect(twice.statusCode).toBe(409);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'guidance_visit')
      .where('entity_id', '=', String(visitId))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'guidance.visit_create',
      'guidance.problem_add',
      'guidance.problem_case',
      'guidance.problem_case',
    ]);
  });

  it('adds problems to a visit afterwards, and says which field is wrong', async () => {
    const add = await t.as(cadre, {
      method: 'POST',
      url: `/api/v1/guidance-visits/${visitId}/problems`,
      payload: { problems: [{ description: '厂区道路破损' }] },
    });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json().problemList.map((p: { seq: number }) => p.seq)).toEqual([1, 2, 3]);
    const empty = await t.as(cadre, {
      method: 'POST',
      url: `/api/v1/guidance-visits/${visitId}/problems`,
      payload: { problems: [{ description: '  ' }] },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({
      field: 'problems.0.description',
      message: '问题描述不能为空',
    });
    const none = await t.as(cadre, {
      method: 'POST',
      url: `/api/v1/guidance-visits/${visitId}/problems`,
      payload: { problems: [] },
    });
    expect(none.json().errors[0]).toMatchObject({ field: 'problems', message: '请填写至少一个问题' });
    const badCategory = await visit(cadre, {
      unitId: units.b,
      visitedOn: today,
      problemList: [{ description: '问题' }, { description: '问题', categoryId: 999_999_999 }],
    });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.json().errors[0]).toMatchObject({
      field: 'problemList.1.categoryId',
      code: 'case.category',
    });
    // nothing of the refused visit was kept
    const b = await t.as(cadre, { url: `/api/v1/guidance-visits?unitId=${units.b}` });
    expect(b.json().total).toBe(0);
    const third = add.json().problemList[2];
    const badFile = await t.as(cadre, {
      method: 'POST',
      url: `/api/v1/guidance-visits/${visitId}/problems/${third.id}/case`,
      payload: { categoryId: 999_999_999 },
    });
    expect(badFile.json().errors[0]).toMatchObject({ field: 'categoryId', code: 'case.category' });
    const missing = await t.as(cadre, {
      method: 'POST',
      url: `/api/v1/guidance-visits/${visitId}/problems/999999999/case`,
      payload: { categoryId: category },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('lets only the visit’s author add or file problems', async () => {
    // cadre2 shares unit a: reads the visit, changes nothing
    const read = await t.as(cadre2, { url: `/api/v1/guidance-visits/${visitId}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().editable).toBe(false);
    const third = read.json().problemList[2];
    for (const s of [cadre2, district, admin]) {
      const add = await t.as(s, {
        method: 'POST',
        url: `/api/v1/guidance-visits/${visitId}/problems`,
        payload: { problems: [{ description: '代加问题' }] },
      });
      expect(add.statusCode).toBe(403);
      const file = await t.as(s, {
        method: 'POST',
        url: `/api/v1/guidance-visits/${visitId}/problems/${third.id}/case`,
        payload: { categoryId: category },
      });
      expect(file.statusCode).toBe(403);
    }
    // the instructor is assigned nothing here: the visit does not exist for them
    for (const s of [instructor]) {
      const file = await t.as(s, {
        method: 'POST',
        url: `/api/v1/guidance-visits/${visitId}/problems/${third.id}/case`,
        payload: { categoryId: category },
      });
      expect(file.statusCode).toBe(404);
    }
    for (const s of [secretary, enterprise]) {
      const file = await t.as(s, {
        method: 'POST',
        url: `/api/v1/guidance-visits/${visitId}/problems/${third.id}/case`,
        payload: { categoryId: category },
      });
      expect(file.statusCode).toBe(403);
    }
  });
});

describe('the quarter’s 挂钩走访 coverage', () => {
  it('counts a visit from the quarter’s first day, not one the day before; the figure equals its list', async () => {
    // unit b visited the day before the quarter began: not covered this quarter
    const early = await visit(cadre, { unitId: units.b, visitedOn: addDays(quarter.from, -1) });
    expect(early.statusCode, early.body).toBe(201);
    // the enterprise's own unit visited on the quarter's first day: covered
    const first = await visit(cadre, {
      unitId: enterpriseUnit,
      visitedOn: quarter.from,
      topic: '送政策上门',
      problemList: [{ description: '希望了解人才公寓申请', categoryId: category }],
    });
    expect(first.statusCode, first.body).toBe(201);
    for (const [who, query] of [
      [district, ''],
      [district, `?orgId=${huli}`],
      [admin, `?orgId=${huli}`],
    ] as const) {
      const fig = await coverage(who, query);
      expect(fig.quarter).toEqual(quarter);
      expect(fig.unvisited).toBe(fig.assigned - fig.visited);
      const sep = query ? `${query.slice(1)}&` : '';
      const unvisited = await coverageUnits(who, `${sep}state=unvisited`);
      const visited = await coverageUnits(who, `${sep}state=visited`);
      const all = await coverageUnits(who, `${sep}state=all`);
      expect(unvisited.total).toBe(fig.unvisited);
      expect(visited.total).toBe(fig.visited);
      expect(all.total).toBe(fig.assigned);
      const un = unvisited.items.map((i) => i.unitId);
      expect(un).toEqual(expect.arrayContaining([units.b, units.c]));
      expect(un).not.toContain(units.a);
      expect(un).not.toContain(enterpriseUnit);
      expect(visited.items.find((i) => i.unitId === units.a)).toMatchObject({ visitsInQuarter: 1 });
      expect(all.items.find((i) => i.unitId === units.a)!.cadres).toContain('许丽华');
    }
  });

  it('counts only 挂钩 visits and current assignments; the instructor card shows the quarter too', async () => {
    const before = await coverage(district);
    // an ended assignment takes the enterprise out of the figure
    const c = await t.as(district, { url: `/api/v1/instructor-assignments?kind=cadre&unitId=${units.c}` });
    const end = await t.as(district, {
      method: 'POST',
      url: `/api/v1/instructor-assignments/${c.json().items[0].id}/end`,
      payload: { endedOn: today },
    });
    expect(end.statusCode, end.body).toBe(200);
    const after = await coverage(district);
    expect(after.assigned).toBe(before.assigned - 1);
    expect(after.unvisited).toBe(before.unvisited - 1);
    const home = await t.as(cadre, { url: '/api/v1/me/home' });
    const card = home.json().cards.find((x: { key: string }) => x.key === 'guidance');
    const mine = await t.as(cadre, { url: '/api/v1/guidance/enterprises' });
    const q = card.figures.find((f: { key: string }) => f.key === 'guidanceNotVisitedQuarter');
    expect(q.value).toBe(mine.json().total - mine.json().visitedInQuarter);
    expect(q.label).toBe('本季度未走访');
  });

  it('shows each caller its own subtree; others are refused', async () => {
    // a Donghu enterprise with a cadre the city assigns: the city sees it, the district does not
    const donghu = await assignCadre(admin, [donghuUnit], cadre2.userId);
    expect(donghu.statusCode, donghu.body).toBe(201);
    const cityAll = await coverageUnits(admin, 'state=all');
    expect(cityAll.items.map((i) => i.unitId)).toContain(donghuUnit);
    const districtAll = await coverageUnits(district, 'state=all');
    expect(districtAll.items.map((i) => i.unitId)).not.toContain(donghuUnit);
    const donghuOrg = await t.database.db
      .selectFrom('units')
      .select('org_id')
      .where('id', '=', donghuUnit)
      .executeTakeFirstOrThrow();
    const outside = await t.as(district, { url: `/api/v1/guidance/coverage?orgId=${donghuOrg.org_id}` });
    const missing = await t.as(district, { url: '/api/v1/guidance/coverage?orgId=999999999' });
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    for (const s of [cadre, instructor, secretary, enterprise]) {
      expect((await t.as(s, { url: '/api/v1/guidance/coverage' })).statusCode).toBe(403);
      expect((await t.as(s, { url: '/api/v1/guidance/coverage/units' })).statusCode).toBe(403);
    }
    const bad = await t.as(district, { url: '/api/v1/guidance/coverage/units?state=never' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('state');
  });
});

describe('the 服务联系卡', () => {
  it('shows the enterprise its cadre with a masked phone and what was done, with the case’s state', async () => {
    const res = await t.as(enterprise, { url: '/api/v1/me/liaison-card' });
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card.unitId).toBe(enterpriseUnit);
    // 挂钩干部 first (the demo's 湖里 cadre, then this test's), phones masked
    expect(card.contacts[0]).toMatchObject({
      role: 'cadre',
      name: '陈志明（湖里区挂钩干部）',
      phone: '170****0104',
    });
    expect(card.contacts.find((c: { name: string }) => c.name === '郑建国（挂钩干部）')).toMatchObject({
      role: 'cadre',
      phone: '138****1234',
    });
    expect(res.body).not.toContain('13805921234');
    const v = card.visits.find((x: { topic: string }) => x.topic === '送政策上门');
    expect(v).toMatchObject({ visitedOn: quarter.from, visitorName: '郑建国（挂钩干部）' });
    expect(v.problems[0].caseId).toEqual(expect.any(Number));
    const detail = await t.as(admin, { url: `/api/v1/cases/${v.problems[0].caseId}` });
    expect(v.problems[0].caseState).toBe(detail.json().state);
    expect(card.visitsInQuarter).toBe(
      card.visits.filter((x: { visitedOn: string }) => x.visitedOn >= quarter.from && x.visitedOn <= today)
        .length,
    );
    expect(card.visitsInQuarter).toBeGreaterThanOrEqual(2);
    // nobody but an enterprise has a card
    for (const s of [cadre, district, secretary]) {
      expect((await t.as(s, { url: '/api/v1/me/liaison-card' })).statusCode).toBe(403);
    }
  });
});

describe('the demo', () => {
  it('has 挂钩干部 in 龙岩, 晋江 and 福安 with visits, filed problems and enterprises left unvisited', async () => {
    for (const username of ['cadre-longyan', 'cadre-jinjiang', 'cadre-fuan']) {
      const who = await t.login(username);
      const mine = await t.as(who, { url: '/api/v1/guidance/enterprises' });
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json().total).toBeGreaterThan(2);
      expect(mine.json().visitedInQuarter).toBeLessThan(mine.json().total);
      const visits = await t.as(who, { url: '/api/v1/guidance-visits?pageSize=50' });
      const problems = visits.json().items.flatMap((v: { problemList: unknown[] }) => v.problemList);
      expect(problems.some((p: { caseId: number | null }) => p.caseId !== null)).toBe(true);
      expect(problems.some((p: { caseId: number | null }) => p.caseId === null)).toBe(true);
    }
    const longyan = await orgId(t, '中共龙岩市委员会');
    const fig = await coverage(admin, `?orgId=${longyan}`);
    expect(fig.assigned).toBeGreaterThan(2);
    expect(fig.unvisited).toBeGreaterThan(0);
    expect((await coverageUnits(admin, `orgId=${longyan}&state=unvisited`)).total).toBe(fig.unvisited);
  });
});
