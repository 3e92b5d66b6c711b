import { addDays, addMonths, monthBounds, percent } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 工作台 (issue 15) on the demo city, both engines: the region's figures equal the totals of the lists
 * they link to (the same queries), move when the data moves, carry their definitions and six months of
 * trend; each role's home holds its own work; refusals name their field; who × inside or outside scope.
 */
let t: TestApp;
let admin: Session;
let district: Session;
let secretary: Session;
let member: Session;
let huli: number;
const today = clock.today();
const month = today.slice(0, 7);

interface Figure {
  key: string;
  label: string;
  unit: string;
  value: number | null;
  definition: string;
  link: string;
  trend?: Array<{ month: string; value: number | null }>;
}
interface Region {
  org: { id: number; name: string };
  month: string;
  asOf: string;
  figures: Figure[];
  children: Array<{ orgId: number; name: string; orgs: number; link: string; findingsOpen: number | null }>;
}
interface Home {
  today: string;
  cards: Array<{ key: string; title: string; figures: Figure[] }>;
}

async function call(who: Session, method: string, url: string, payload?: unknown) {
  const res = await t.as(who, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}
const region = async (who: Session, query = '') => {
  const res = await call(who, 'GET', `/api/v1/dashboard/region${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Region;
};
const value = (r: Region | Home['cards'][number], key: string) => {
  const f = r.figures.find((x) => x.key === key);
  expect(f, key).toBeDefined();
  return f!.value;
};
const home = async (who: Session) => {
  const res = await call(who, 'GET', '/api/v1/me/home');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Home;
};
const total = async (who: Session, url: string) => {
  const res = await call(who, 'GET', url);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.total as number;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  secretary = await t.login('secretary');
  member = await t.login('member');
  huli = await orgId(t, '中共厦门市湖里区委员会');
});
afterAll(() => t.close());

describe('区域工作台', () => {
  it('shows every figure of the region with its definition, its list and six months of trend', async () => {
    const r = await region(admin);
    expect(r.month).toBe(month);
    expect(r.asOf).toBe(today);
    expect(r.figures.map((f) => f.key)).toEqual([
      'orgs',
      'members',
      'findingsOpen',
      'findingsOverdue',
      'findingsOpened',
      'casesReceived',
      'casesOnTime',
      'casesSatisfaction',
      'duesRate',
      'duesPaid',
      'projectsActive',
      'projectsLagging',
    ]);
    for (const f of r.figures) {
      expect(f.label, f.key).toMatch(/[\u4e00-\u9fa5]/);
      expect(f.definition.length, f.key).toBeGreaterThan(8);
      expect(f.link, f.key).toMatch(/^\//);
      if (f.trend) {
        expect(f.trend.map((p) => p.month)).toEqual([-5, -4, -3, -2, -1, 0].map((n) => addMonths(month, n)));
        expect(f.trend.at(-1)!.value, f.key).toBe(f.value);
      }
    }
    expect(value(r, 'orgs')).toBeGreaterThan(100);
    expect(value(r, 'members')).toBeGreaterThan(100);
  });

  it('says what the lists behind it say (the same queries)', async () => {
    const r = await region(district, `?orgId=${huli}`);
    expect(r.org.id).toBe(huli);
    const findings = `/api/v1/compliance/findings?orgId=${huli}&status=open&severity=finding&pageSize=1`;
    expect(value(r, 'findingsOpen')).toBe(await total(district, findings));
    expect(value(r, 'findingsOverdue')).toBe(await total(district, `${findings}&overdue=true`));
    const projects = `/api/v1/projects?orgId=${huli}&status=in_progress&pageSize=1`;
    expect(value(r, 'projectsActive')).toBe(await total(district, projects));
    expect(value(r, 'projectsLagging')).toBe(await total(district, `${projects}&lagging=true`));
    const dues = await call(district, 'GET', `/api/v1/dues/summary?orgId=${huli}&year=${month.slice(0, 4)}`);
    const row = dues.body.months.find((m: { month: string }) => m.month === month);
    expect(value(r, 'duesRate')).toBe(row ? percent(row.paidFen, row.dueFen) : null);
    expect(value(r, 'duesPaid')).toBe((row?.paidFen ?? 0) / 100);
    const { first, last } = monthBounds(month);
    const stats = await call(
      district,
      'GET',
      `/api/v1/cases/measures?by=month&orgId=${huli}&from=${first}&to=${last}`,
    );
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(value(r, 'casesReceived')).toBe(
      stats.body.groups.reduce((n: number, g: { cases: number }) => n + g.cases, 0),
    );
    const onTime = stats.body.total.find((m: { key: string }) => m.key === 'onTime');
    expect(value(r, 'casesOnTime')).toBe(percent(onTime.numerator, onTime.denominator));
    expect(r.figures.find((f) => f.key === 'casesReceived')!.link).toBe(
      `/cases/stats?org=${huli}&by=month&from=${first}&to=${last}`,
    );
    // every organization but the region's own is under exactly one organization directly below it
    expect(r.children.length).toBeGreaterThan(0);
    expect(1 + r.children.reduce((s, c) => s + c.orgs, 0)).toBe(value(r, 'orgs'));
    for (const c of r.children) expect(c.link).toBe(`/home?org=${c.orgId}&month=${month}`);
  });

  it('moves when the data moves: a new organization, a project behind schedule, a case filed', async () => {
    const before = await region(district, `?orgId=${huli}`);
    const org = await call(district, 'POST', '/api/v1/orgs', {
      name: '湖里区工作台测试总支',
      type: 'general_branch',
      parentId: huli,
    });
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const project = await call(district, 'POST', '/api/v1/projects', {
      orgId: org.body.id,
      title: '工作台测试：滞后项目',
      kind: 'secretary_led',
      milestones: [{ title: '第一个节点', plannedOn: addDays(today, -3), weight: 100 }],
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    const city = await region(admin);
    const resident = await t.login('resident');
    const categories = await call(admin, 'GET', '/api/v1/case-categories');
    const filed = await call(resident, 'POST', '/api/v1/cases', {
      // a category of the city's own (not an alliance office's 产业链点单, which the demo's dispatched demand made)
      categoryId: categories.body.items.find((c: { name: string }) => c.name !== '产业链点单').id,
      title: '工作台测试：路灯不亮',
      description: '小区门口路灯连续三晚不亮',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(value(await region(admin), 'casesReceived')).toBe(value(city, 'casesReceived')! + 1);
    const after = await region(district, `?orgId=${huli}`);
    expect(value(after, 'orgs')).toBe(value(before, 'orgs')! + 1);
    expect(value(after, 'projectsActive')).toBe(value(before, 'projectsActive')! + 1);
    expect(value(after, 'projectsLagging')).toBe(value(before, 'projectsLagging')! + 1);
    expect(after.children.find((c) => c.orgId === org.body.id)).toMatchObject({ orgs: 1, findingsOpen: 0 });
    // its own dashboard: one organization, one lagging project, drilled into from the region's
    const own = await region(district, `?orgId=${org.body.id}`);
    expect(value(own, 'orgs')).toBe(1);
    expect(value(own, 'projectsLagging')).toBe(1);
    expect(own.children).toEqual([]);
  });

  it('reports a past month as of its last day; refuses a month not begun and a malformed one', async () => {
    const last = addMonths(month, -1);
    const r = await region(district, `?orgId=${huli}&month=${last}`);
    expect(r.month).toBe(last);
    expect(r.asOf).toBe(addDays(`${month}-01`, -1));
    for (const [m, code] of [
      [addMonths(month, 1), 'month.future'],
      ['2026-13', undefined],
      ['202612', undefined],
    ] as const) {
      const res = await call(district, 'GET', `/api/v1/dashboard/region?month=${m}`);
      expect(res.status, m).toBe(400);
      expect(res.body.errors[0].field).toBe('month');
      expect(res.body.errors[0].message).toMatch(/月/);
      if (code) expect(res.body.errors[0].code).toBe(code);
    }
  });

  it('access: inside the caller’s subtree only; a member has no region', async () => {
    // the secretary's own branch is theirs, the district above is not
    const own = await region(secretary);
    expect(value(own, 'orgs')).toBe(1);
    const outside = await call(secretary, 'GET', `/api/v1/dashboard/region?orgId=${huli}`);
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('orgId');
    // a district outside Xiamen is outside the Huli district office's scope
    const xiushui = await orgId(t, '中共修水县委员会');
    const far = await call(district, 'GET', `/api/v1/dashboard/region?orgId=${xiushui}`);
    expect(far.status).toBe(400);
    expect(far.body.errors[0].field).toBe('orgId');
    const none = await call(member, 'GET', '/api/v1/dashboard/region');
    expect(none.status).toBe(403);
    expect((await call(member, 'GET', `/api/v1/dashboard/region?orgId=${huli}`)).status).toBe(400);
  });
});

describe('我的工作台', () => {
  it('the organization department: its region', async () => {
    const h = await home(admin);
    expect(h.today).toBe(today);
    expect(h.cards[0]).toMatchObject({ key: 'region' });
  });

  it('a secretary: the branch’s week, and a meeting planned this week counts', async () => {
    const before = (await home(secretary)).cards.find((c) => c.key === 'branch')!;
    expect(before.figures.map((f) => f.key)).toEqual([
      'meetingsThisWeek',
      'meetingsDue',
      'duesUnpaid',
      'developmentDue',
      'remindersUnread',
    ]);
    const branchId = Number(/org=(\d+)/.exec(before.figures[0]!.link)![1]);
    const planned = await call(secretary, 'POST', '/api/v1/orglife/meetings', {
      orgId: branchId,
      kind: 'branch_committee',
      title: '支委会：研究本月工作',
      plannedOn: today,
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const after = (await home(secretary)).cards.find((c) => c.key === 'branch')!;
    expect(value(after, 'meetingsThisWeek')).toBe(value(before, 'meetingsThisWeek')! + 1);
    // the same rule filter as 合规监测's list
    const meetings = before.figures.find((f) => f.key === 'meetingsDue')!;
    expect(meetings.link).toContain('rule=O6,O7,O8');
    expect(meetings.value).toBe(
      await total(secretary, `/api/v1/compliance/findings?orgId=${branchId}&status=open&rule=O6,O7,O8`),
    );
  });

  it('a handler: the queue, as 待我办理 counts it', async () => {
    const handler = await t.login('handler');
    const queue = (await home(handler)).cards.find((c) => c.key === 'queue')!;
    expect(value(queue, 'queueTodo')).toBe(await total(handler, '/api/v1/cases?mine=todo&pageSize=1'));
    expect(value(queue, 'queueOverdue')).toBe(
      await total(handler, '/api/v1/cases?mine=todo&overdue=true&pageSize=1'),
    );
  });

  it('an instructor: the enterprises assigned; an alliance office: its alliances and projects', async () => {
    const instructor = await t.login('instructor');
    const g = (await home(instructor)).cards;
    expect(g.map((c) => c.key)).toEqual(['guidance']);
    const assigned = await call(instructor, 'GET', '/api/v1/guidance/enterprises');
    expect(value(g[0]!, 'guidanceEnterprises')).toBe(assigned.body.total);
    expect(value(g[0]!, 'guidanceNotVisited')).toBe(assigned.body.total - assigned.body.guided);
    expect(value(g[0]!, 'guidanceNotVisitedQuarter')).toBe(
      assigned.body.items.filter((i: { visitsInQuarter: number }) => i.visitsInQuarter === 0).length,
    );
    const chain = await t.login('chain');
    const c = (await home(chain)).cards;
    expect(c.map((x) => x.key)).toEqual(['alliance']);
    expect(value(c[0]!, 'alliances')).toBe(await total(chain, '/api/v1/alliances?pageSize=1'));
  });

  it('a member, an enterprise and a resident: their own', async () => {
    const m = await home(member);
    expect(m.cards.map((c) => c.key)).toEqual(['member', 'citizen']);
    // what the member still has to study is what 学习 lists as open
    const study = await call(member, 'GET', '/api/v1/me/learning');
    expect(value(m.cards[0]!, 'myStudyOpen')).toBe(study.body.summary.assignedOpen);
    const e = await home(await t.login('enterprise'));
    expect(e.cards.map((c) => c.key)).toEqual(['enterprise']);
    expect(e.cards[0]!.figures.map((f) => f.key)).toEqual([
      'policiesEligible',
      'policiesUnknown',
      'myCasesOpen',
      'myCasesToRate',
      'remindersUnread',
    ]);
    const resident = await t.login('resident');
    const r = await home(resident);
    expect(r.cards.map((c) => c.key)).toEqual(['citizen']);
    const mine = await total(resident, '/api/v1/cases?mine=reported&state=open&pageSize=1');
    expect(value(r.cards[0]!, 'myCasesOpen')).toBe(mine);
    const points = await call(resident, 'GET', '/api/v1/me/points');
    expect(value(r.cards[0]!, 'myPoints')).toBe(points.body.balance);
  });
});
