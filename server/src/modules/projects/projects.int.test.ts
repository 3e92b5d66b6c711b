import { addDays, milestoneFigures, rollUp } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { sweep } from '../compliance/engine.ts';

/**
 * Projects (issue 15, API.md "Projects") on the demo city: creation and its refusals, the figures as of
 * today (a milestone planned today counts), completing a milestone with evidence, the rollup of
 * sub-projects by weight, the list's filters computed in SQL, who may do what inside and outside their
 * subtree, and the compliance engine's J1 finding raised for a lagging project and resolved by the
 * sweep once it catches up. Every date is relative to the clock's today.
 */

let t: TestApp;
let admin: Session;
let district: Session;
let secretary: Session;
let huli: number;
let xiushui: number;
let branch: number;
const today = clock.today();
const day = (n: number) => addDays(today, n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  secretary = await t.login('secretary');
  huli = await orgId(t, '中共厦门市湖里区委员会');
  xiushui = await orgId(t, '中共修水县委员会');
  const row = await t.database.db
    .selectFrom('users')
    .select('org_id')
    .where('username', '=', 'secretary')
    .executeTakeFirstOrThrow();
  branch = row.org_id!;
});
afterAll(() => t.close());

async function call(who: Session, method: string, url: string, payload?: unknown) {
  const res = await t.as(who, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

const withoutRequestId = ({ requestId: _, ...rest }: Record<string, unknown>) => rest;

const plan = [
  { title: '方案制定', plannedOn: day(-10), weight: 30 },
  { title: '组织实施', plannedOn: day(0), weight: 30 },
  { title: '总结验收', plannedOn: day(10), weight: 40 },
];

async function create(who: Session, body: Record<string, unknown>) {
  const res = await call(who, 'POST', '/api/v1/projects', { kind: 'joint', milestones: plan, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('creating a project', () => {
  it('answers 201 with the project, its milestones and its figures', async () => {
    const p = await create(district, {
      orgId: huli,
      title: '湖里党建联创示范项目',
      group: '红色服务',
      leadName: '区委组织部',
    });
    expect(p).toMatchObject({
      id: expect.any(Number),
      orgId: huli,
      kind: 'joint',
      kindLabel: '党建联创',
      group: '红色服务',
      leadName: '区委组织部',
      milestoneCount: 3,
      progress: 0,
      plannedProgress: 60,
      aheadPoints: -60,
      scheduleLabel: '滞后',
      canManage: true,
    });
    expect(p.milestones.map((m: { weight: number }) => m.weight)).toEqual([30, 30, 40]);
    expect(p.milestones.map((m: { overdue: boolean }) => m.overdue)).toEqual([true, false, false]);
    expect(p.nextMilestone).toEqual({ title: '方案制定', plannedOn: day(-10) });
  });

  it('refuses weights that do not sum to 100, naming milestones', async () => {
    for (const weights of [
      [30, 30, 39],
      [30, 30, 41],
    ]) {
      const res = await call(district, 'POST', '/api/v1/projects', {
        orgId: huli,
        title: '权重不对',
        kind: 'joint',
        milestones: plan.map((m, i) => ({ ...m, weight: weights[i] })),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'milestones', code: 'project.milestone_weights' });
      expect(res.body.errors[0].message).toContain('100');
    }
    const zero = await call(district, 'POST', '/api/v1/projects', {
      orgId: huli,
      title: '零权重',
      kind: 'joint',
      milestones: [
        { title: 'a', plannedOn: today, weight: 0 },
        { title: 'b', plannedOn: today, weight: 100 },
      ],
    });
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0].field).toBe('milestones.0.weight');
  });

  it('refuses an unknown kind and a bad date, and never answers 500', async () => {
    const kind = await call(district, 'POST', '/api/v1/projects', {
      orgId: huli,
      title: 'x',
      kind: 'other',
      milestones: [],
    });
    expect(kind.status).toBe(400);
    expect(kind.body.errors[0].field).toBe('kind');
    const date = await call(district, 'POST', '/api/v1/projects', {
      orgId: huli,
      title: 'x',
      kind: 'joint',
      milestones: [{ title: 'a', plannedOn: '2026-02-30', weight: 100 }],
    });
    expect(date.status).toBe(400);
    expect(date.body.errors[0].field).toBe('milestones.0.plannedOn');
  });

  it('refuses an organization outside the caller’s subtree as if it did not exist', async () => {
    const outside = await call(district, 'POST', '/api/v1/projects', {
      orgId: xiushui,
      title: '越权',
      kind: 'joint',
      milestones: plan,
    });
    const missing = await call(district, 'POST', '/api/v1/projects', {
      orgId: 999_999_999,
      title: '越权',
      kind: 'joint',
      milestones: plan,
    });
    expect(outside.status).toBe(400);
    expect(withoutRequestId(outside.body)).toEqual(withoutRequestId(missing.body));
    expect(outside.body.errors[0]).toMatchObject({ field: 'orgId', code: 'org.not_found' });
  });

  it('writes an audit event', async () => {
    const p = await create(district, { orgId: huli, title: '审计留痕项目' });
    const audit = await call(admin, 'GET', `/api/v1/audit?entityType=project&entityId=${p.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.some((e: { action: string }) => e.action === 'project.create')).toBe(true);
  });
});

describe('completing a milestone', () => {
  it('moves the figures, needs evidence, refuses a day after today and a second completion', async () => {
    const p = await create(secretary, { orgId: branch, title: '支部节点测试' });
    const [first, second] = p.milestones;
    const url = (m: { id: number }) => `/api/v1/projects/${p.id}/milestones/${m.id}/complete`;
    const noEvidence = await call(secretary, 'POST', url(first), { completedOn: today, evidence: '  ' });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.errors[0].field).toBe('evidence');
    const tomorrow = await call(secretary, 'POST', url(first), { completedOn: day(1), evidence: '会议纪要' });
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body.errors[0]).toMatchObject({ field: 'completedOn', code: 'project.completed_on' });

    const done = await call(secretary, 'POST', url(first), { completedOn: today, evidence: '方案已印发' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ progress: 30, plannedProgress: 60, aheadPoints: -30 });
    expect(done.body.milestones[0]).toMatchObject({
      completedOn: today,
      evidence: '方案已印发',
      completedByName: expect.any(String),
      overdue: false,
    });
    const again = await call(secretary, 'POST', url(first), { completedOn: today, evidence: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('project.milestone_completed');

    const both = await call(secretary, 'POST', url(second), { completedOn: today, evidence: '已实施' });
    expect(both.body).toMatchObject({
      progress: 60,
      plannedProgress: 60,
      aheadPoints: 0,
      scheduleLabel: '按时序',
    });
    // a milestone of another project under this project's id is not found
    const other = await create(secretary, { orgId: branch, title: '另一个项目' });
    const wrong = await call(
      secretary,
      'POST',
      `/api/v1/projects/${p.id}/milestones/${other.milestones[0].id}/complete`,
      { completedOn: today, evidence: 'x' },
    );
    expect(wrong.status).toBe(404);
  });

  it('agrees with the domain’s figures on the days before, on and after each milestone', async () => {
    const p = await create(district, {
      orgId: huli,
      title: '边界日期项目',
      milestones: [
        { title: '昨天', plannedOn: day(-1), weight: 25 },
        { title: '今天', plannedOn: today, weight: 25 },
        { title: '明天', plannedOn: day(1), weight: 50 },
      ],
    });
    const got = (await call(district, 'GET', `/api/v1/projects/${p.id}`)).body;
    const facts = got.milestones.map(
      (m: { plannedOn: string; weight: number; completedOn: string | null }) => ({
        plannedOn: m.plannedOn,
        weight: m.weight,
        completedOn: m.completedOn,
      }),
    );
    expect({
      progress: got.progress,
      plannedProgress: got.plannedProgress,
      aheadPoints: got.aheadPoints,
    }).toEqual(milestoneFigures(facts, today));
    expect(got.plannedProgress).toBe(50);
  });
});

describe('sub-projects roll up into their parent by weight', () => {
  it('weights each sub-project, and refuses a parent with milestones or a grandchild', async () => {
    const parent = await create(admin, {
      orgId: xiushui,
      title: '修水书记领航测试',
      kind: 'secretary_led',
      milestones: [],
    });
    expect(parent).toMatchObject({ progress: 0, plannedProgress: 0, aheadPoints: 0, milestoneCount: 0 });
    const town = await orgId(t, '中共修水县义宁镇委员会');
    const a = await create(admin, {
      orgId: town,
      title: '子项目甲',
      kind: 'secretary_led',
      parentProjectId: parent.id,
      weight: 3,
      group: '红色网格',
    });
    const b = await create(admin, {
      orgId: town,
      title: '子项目乙',
      kind: 'secretary_led',
      parentProjectId: parent.id,
      weight: 1,
      group: '红色阵地',
      milestones: [{ title: '全部', plannedOn: day(-5), weight: 100 }],
    });
    await call(admin, 'POST', `/api/v1/projects/${a.id}/milestones/${a.milestones[0].id}/complete`, {
      completedOn: today,
      evidence: '完成',
    });
    const got = (await call(admin, 'GET', `/api/v1/projects/${parent.id}`)).body;
    // 甲: 30 done, 60 due (weight 3); 乙: 0 done, 100 due (weight 1)
    const expected = rollUp([
      { weight: 3, progress: 30, plannedProgress: 60 },
      { weight: 1, progress: 0, plannedProgress: 100 },
    ]);
    expect(expected).toEqual({ progress: 22.5, plannedProgress: 70, aheadPoints: -47.5 });
    expect(got).toMatchObject({ ...expected, subProjectCount: 2, scheduleLabel: '滞后' });
    expect(got.subProjects.map((s: { id: number; parentTitle: string }) => [s.id, s.parentTitle])).toEqual([
      [a.id, '修水书记领航测试'],
      [b.id, '修水书记领航测试'],
    ]);

    const withMilestones = await call(admin, 'POST', '/api/v1/projects', {
      orgId: town,
      title: '挂在有节点的项目下',
      kind: 'joint',
      milestones: plan,
      parentProjectId: a.id,
    });
    expect(withMilestones.status).toBe(400);
    expect(withMilestones.body.errors[0]).toMatchObject({ field: 'parentProjectId', code: 'project.parent' });
    const outsideParent = await call(admin, 'POST', '/api/v1/projects', {
      orgId: huli,
      title: '不在上级项目的组织内',
      kind: 'joint',
      milestones: plan,
      parentProjectId: parent.id,
    });
    expect(outsideParent.body.errors[0]).toMatchObject({
      field: 'orgId',
      code: 'project.org_outside_parent',
    });
    // the district cannot hang a sub-project under a project it cannot see
    const hidden = await call(district, 'POST', '/api/v1/projects', {
      orgId: huli,
      title: '越权子项目',
      kind: 'joint',
      milestones: plan,
      parentProjectId: parent.id,
    });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0]).toMatchObject({ field: 'parentProjectId', code: 'project.not_found' });
  });
});

describe('the list', () => {
  it('filters by organization, kind, status and lagging, with the figures of each', async () => {
    const ahead = await create(district, {
      orgId: huli,
      title: '列表超时序项目',
      kind: 'challenge',
      milestones: [
        { title: '一', plannedOn: day(20), weight: 50 },
        { title: '二', plannedOn: day(40), weight: 50 },
      ],
    });
    await call(
      district,
      'POST',
      `/api/v1/projects/${ahead.id}/milestones/${ahead.milestones[0].id}/complete`,
      {
        completedOn: today,
        evidence: '提前完成',
      },
    );
    const all = (await call(district, 'GET', '/api/v1/projects?pageSize=200')).body;
    expect(all.total).toBe(all.items.length);
    const mine = all.items.find((i: { id: number }) => i.id === ahead.id);
    expect(mine).toMatchObject({
      progress: 50,
      plannedProgress: 0,
      aheadPoints: 50,
      scheduleLabel: '超时序',
    });
    // nothing of Xiushui's tree for Huli's administrator
    expect(all.items.every((i: { regionCode: string }) => i.regionCode.startsWith('3502'))).toBe(true);

    const lagging = (await call(district, 'GET', '/api/v1/projects?lagging=true&pageSize=200')).body;
    expect(lagging.items.length).toBeGreaterThan(0);
    expect(lagging.items.every((i: { aheadPoints: number }) => i.aheadPoints < 0)).toBe(true);
    expect(lagging.items.some((i: { id: number }) => i.id === ahead.id)).toBe(false);
    const notLagging = (await call(district, 'GET', '/api/v1/projects?lagging=false&pageSize=200')).body;
    expect(lagging.total + notLagging.total).toBe(all.total);

    const challenges = (await call(district, 'GET', '/api/v1/projects?kind=challenge')).body;
    expect(challenges.items.map((i: { kind: string }) => i.kind)).toEqual(
      challenges.items.map(() => 'challenge'),
    );
    const completed = (await call(district, 'GET', '/api/v1/projects?status=completed')).body;
    expect(completed.items.every((i: { progress: number }) => i.progress === 100)).toBe(true);

    const ofBranch = (await call(district, 'GET', `/api/v1/projects?orgId=${branch}&pageSize=200`)).body;
    expect(ofBranch.items.length).toBeGreaterThan(0);
    expect(ofBranch.items.every((i: { orgId: number }) => i.orgId === branch)).toBe(true);
    const outside = await call(district, 'GET', `/api/v1/projects?orgId=${xiushui}`);
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0]).toMatchObject({ field: 'orgId', code: 'org.not_found' });
  });

  it('holds the demo projects from the seeds: Xiushui lagging as a whole, Jinjiang ahead', async () => {
    const list = (await call(admin, 'GET', '/api/v1/projects?kind=secretary_led&topLevel=true&pageSize=200'))
      .body;
    const xs = list.items.find((i: { title: string }) => i.title.includes('一网统管'));
    expect(xs).toMatchObject({
      subProjectCount: 6,
      progress: 47.5,
      plannedProgress: 56.25,
      aheadPoints: -8.75,
    });
    const jj = list.items.find((i: { title: string }) => i.title.includes('红色勤务员'));
    expect(jj).toMatchObject({ progress: 80, plannedProgress: 35, aheadPoints: 45, scheduleLabel: '超时序' });
  });
});

describe('who may do what', () => {
  it('reads and manages only inside the role’s subtree; roles without projects get 403', async () => {
    const huliProject = await create(district, { orgId: huli, title: '区委项目' });
    const branchProject = await create(secretary, { orgId: branch, title: '支部项目' });
    const xsProject = await create(admin, { orgId: xiushui, title: '修水项目' });
    const cases: Array<[string, Session | string, number, number]> = [
      // who, project, GET status
      ['admin', admin, huliProject.id, 200],
      ['admin', admin, xsProject.id, 200],
      ['district', district, branchProject.id, 200],
      ['district', district, xsProject.id, 404],
      ['secretary', secretary, branchProject.id, 200],
      ['secretary', secretary, huliProject.id, 404],
      ['member', 'member', branchProject.id, 403],
      ['handler', 'handler', branchProject.id, 403],
      ['instructor', 'instructor', branchProject.id, 403],
    ];
    for (const [name, who, id, status] of cases) {
      const s = typeof who === 'string' ? await t.login(who) : who;
      expect((await call(s, 'GET', `/api/v1/projects/${id}`)).status, `${name} GET ${id}`).toBe(status);
    }
    const missing = await call(secretary, 'GET', '/api/v1/projects/999999999');
    const hidden = await call(secretary, 'GET', `/api/v1/projects/${huliProject.id}`);
    expect(withoutRequestId(hidden.body)).toEqual(withoutRequestId(missing.body));

    const complete = (who: Session, p: { id: number; milestones: Array<{ id: number }> }) =>
      call(who, 'POST', `/api/v1/projects/${p.id}/milestones/${p.milestones[0]!.id}/complete`, {
        completedOn: today,
        evidence: '佐证',
      });
    expect((await complete(secretary, huliProject)).status).toBe(404);
    expect((await complete(district, xsProject)).status).toBe(404);
    expect((await complete(await t.login('member'), branchProject)).status).toBe(403);
    expect((await complete(district, branchProject)).status).toBe(200);
    expect(
      (
        await call(secretary, 'POST', '/api/v1/projects', {
          orgId: huli,
          title: 'x',
          kind: 'joint',
          milestones: plan,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(await t.login('member'), 'POST', '/api/v1/projects', {
          orgId: branch,
          title: 'x',
          kind: 'joint',
          milestones: plan,
        })
      ).status,
    ).toBe(403);
    const list = (await call(secretary, 'GET', '/api/v1/projects?pageSize=200')).body;
    expect(list.items.every((i: { orgId: number }) => i.orgId === branch)).toBe(true);
  });
});

describe('J1 项目推进滞后 in the compliance engine', () => {
  it('opens a finding for a project 10 points behind, and the sweep resolves it when it catches up', async () => {
    const p = await create(secretary, {
      orgId: branch,
      title: '滞后整改项目',
      milestones: [
        { title: '第一步', plannedOn: day(-3), weight: 10 },
        { title: '第二步', plannedOn: day(-1), weight: 10 },
        { title: '第三步', plannedOn: day(30), weight: 80 },
      ],
    });
    const { path } = await t.database.db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', branch)
      .executeTakeFirstOrThrow();
    const calendar = await t.calendar.calendar();
    const run = () => sweep(t.database.db, path, today, { calendar, rules: ['J1'] });
    const findings = async () =>
      (
        await call(
          secretary,
          'GET',
          `/api/v1/compliance/findings?orgId=${branch}&rule=J1&status=open&pageSize=100`,
        )
      ).body.items.filter(
        (f: { subjectType: string; subjectId: number }) =>
          f.subjectType === 'project' && f.subjectId === p.id,
      );

    await run();
    const [open] = await findings();
    expect(open).toMatchObject({ orgId: branch, severity: 'finding', since: day(-3) });
    expect(open.rule).toMatchObject({ code: 'J1', name: '项目推进滞后' });
    expect(open.message).toContain('滞后整改项目');
    expect(open.message).toContain('滞后20个百分点');
    await run();
    expect(await findings()).toHaveLength(1);

    // one step done: 10 behind is still lagging (the threshold is inclusive)
    await call(secretary, 'POST', `/api/v1/projects/${p.id}/milestones/${p.milestones[0].id}/complete`, {
      completedOn: today,
      evidence: '已完成第一步',
    });
    await run();
    expect(await findings()).toHaveLength(1);
    await call(secretary, 'POST', `/api/v1/projects/${p.id}/milestones/${p.milestones[1].id}/complete`, {
      completedOn: today,
      evidence: '已完成第二步',
    });
    await run();
    expect(await findings()).toHaveLength(0);
    const all = (
      await call(secretary, 'GET', `/api/v1/compliance/findings?orgId=${branch}&rule=J1&pageSize=100`)
    ).body;
    expect(all.items.find((f: { subjectId: number }) => f.subjectId === p.id)).toMatchObject({
      status: 'resolved',
    });
  });

  it('found the demo branch’s lagging project when the demo city was loaded', async () => {
    const list = (
      await call(secretary, 'GET', `/api/v1/compliance/findings?rule=J1&status=open&pageSize=100`)
    ).body;
    expect(list.items.some((f: { message: string }) => f.message.includes('四好园区'))).toBe(true);
  });
});
