import { addCalendarMonths, addDays, makeCreditCode } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { insertMembers } from '../../test/members.ts';

/**
 * Organization setup on a real database (both engines): a finding appears when its rule is broken
 * and disappears when it is fixed (O1, O3, O5), coverage of a small constructed subtree, and the
 * permission matrix for findings, terms and instructors.
 */
let t: TestApp;
let admin: Session;
const today = clock.today();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const addMembers = (org: number, count: number, extra: { workUnit?: string; stage?: string } = {}) =>
  insertMembers(t.database.db, org, count, extra);

let creditSerial = 0;
async function createUnit(
  name: string,
  managingOrg: number,
  kind: 'enterprise' | 'social_org',
  employees: number,
  industry?: string,
): Promise<number> {
  creditSerial++;
  const head = kind === 'enterprise' ? '91' : '51';
  const res = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/units',
    payload: {
      name,
      kind,
      creditCode: makeCreditCode(`${head}350206${String(97_000_000 + creditSerial)}0`.slice(0, 17)),
      regionCode: '350206',
      employees,
      orgId: managingOrg,
      ...(industry ? { industry } : {}),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function createOrg(name: string, type: string, parentId: number, unitId?: number): Promise<number> {
  const res = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/orgs',
    payload: { name, type, parentId, ...(unitId ? { unitId } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function findings(org: number, query = '', session = admin) {
  const res = await t.as(session, { url: `/api/v1/orgs/${org}/findings?pageSize=200${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    total: number;
    items: Array<{
      check: string;
      severity: string;
      message: string;
      since: string | null;
      due: string | null;
      org: { id: number };
      unit: { id: number; name: string } | null;
      rule: { id: string; source: string; article: string };
    }>;
  };
}

async function recordTerm(org: number, body: Record<string, unknown>, session = admin) {
  return t.as(session, { method: 'POST', url: `/api/v1/orgs/${org}/terms`, payload: body });
}

describe('O1: a unit with 3 full members and no branch of its own', () => {
  it('appears at the third full member and disappears when the unit sets up its branch', async () => {
    const parent = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const joint = await createOrg('测试片区联合党支部', 'joint_branch', parent);
    const unit = await createUnit('厦门测试规则一科技有限公司', joint, 'enterprise', 40);
    await addMembers(joint, 2, { workUnit: '厦门测试规则一科技有限公司' });
    await addMembers(joint, 1, { workUnit: '厦门测试规则一科技有限公司', stage: 'probationary' });
    const o1 = async () => (await findings(parent, '&rule=O1')).items.filter((f) => f.unit?.id === unit);

    expect(await o1()).toEqual([]);
    await addMembers(joint, 1, { workUnit: '厦门测试规则一科技有限公司' });
    const [f] = await o1();
    expect(f).toMatchObject({ check: 'O1.unit_without_branch', severity: 'violation', org: { id: joint } });
    expect(f!.rule).toMatchObject({ id: 'O1', article: '第四条' });
    expect(f!.message).toContain('有正式党员3名');
    expect(f!.message).toContain('依据《中国共产党支部工作条例（试行）》第四条');

    await createOrg('厦门测试规则一科技有限公司党支部', 'branch', parent, unit);
    expect(await o1()).toEqual([]);
  });

  it('flags a branch over 50 members and advises a 总支', async () => {
    const parent = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const branch = await createOrg('测试大支部', 'branch', parent);
    await addMembers(branch, 50);
    const checks = async () => (await findings(branch)).items.map((f) => f.check);
    expect(await checks()).not.toContain('O1.branch_over_50');
    await addMembers(branch, 1, { stage: 'probationary' });
    expect(await checks()).toEqual(
      expect.arrayContaining(['O1.branch_over_50', 'O4.general_branch_advised']),
    );
  });
});

describe('O3: a branch of 7 full members needs a committee', () => {
  let branch: number;
  const checks = async () => (await findings(branch)).items.map((f) => f.check);

  it('appears with 7 full members and a secretary only, and disappears with a committee', async () => {
    const parent = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    branch = await createOrg('测试第三条支部', 'branch', parent);
    await addMembers(branch, 6);
    const first = await recordTerm(branch, {
      kind: 'secretary',
      electedOn: addDays(today, -400),
      members: [{ name: '王书记', post: 'secretary' }],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(await checks()).not.toContain('O3.committee_required');

    await addMembers(branch, 1);
    expect(await checks()).toContain('O3.committee_required');

    const members = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', branch)
      .orderBy('id')
      .limit(3)
      .execute();
    const second = await recordTerm(branch, {
      kind: 'committee',
      electedOn: addDays(today, -10),
      members: [
        { memberId: members[0]!.id, post: 'secretary' },
        { memberId: members[1]!.id, post: 'organization' },
        { memberId: members[2]!.id, post: 'propaganda' },
      ],
    });
    expect(second.statusCode, second.body).toBe(201);
    const answer = second.json();
    expect(answer.items[0]).toMatchObject({ state: 'current', kind: 'committee', termYears: 3 });
    expect(answer.items[0].members.map((m: { postLabel: string }) => m.postLabel)).toEqual([
      '书记',
      '组织委员',
      '宣传委员',
    ]);
    expect(answer.items[1]).toMatchObject({ state: 'ended', endedOn: addDays(today, -10) });
    expect(await checks()).not.toContain('O3.committee_required');
    expect(await checks()).not.toContain('O3.committee_size');

    const audits = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'org_term')
      .where('action', '=', 'orgsetup.term_create')
      .execute();
    expect(audits.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a second secretary, a member of another org and an election not later than the current one', async () => {
    const other = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('org_id', '<>', branch)
      .limit(1)
      .executeTakeFirstOrThrow();
    const twoSecretaries = await recordTerm(branch, {
      kind: 'committee',
      electedOn: today,
      members: [
        { name: '甲', post: 'secretary' },
        { name: '乙', post: 'secretary' },
      ],
    });
    expect(twoSecretaries.statusCode).toBe(400);
    expect(twoSecretaries.json().errors[0]).toMatchObject({ field: 'members.1.post', code: 'orgsetup.post' });
    const outsider = await recordTerm(branch, {
      kind: 'committee',
      electedOn: today,
      members: [{ memberId: other.id, post: 'secretary' }],
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().errors[0]).toMatchObject({ field: 'members.0.memberId' });
    const earlier = await recordTerm(branch, { kind: 'committee', electedOn: addDays(today, -20) });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.json().errors[0].field).toBe('electedOn');
    const future = await recordTerm(branch, { kind: 'committee', electedOn: addDays(today, 1) });
    expect(future.statusCode).toBe(400);
  });
});

describe('O5: terms', () => {
  it('reminds within 6 months, is overdue after the end, and clears with a new election', async () => {
    const parent = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const branch = await createOrg('测试换届支部', 'branch', parent);
    await addMembers(branch, 4);
    const o5 = async () => (await findings(branch, '&rule=O5')).items;

    expect((await o5()).map((f) => f.check)).toEqual(['O5.no_term']);

    const endsOn = addDays(today, 60);
    const res = await recordTerm(branch, {
      kind: 'secretary',
      electedOn: addCalendarMonths(endsOn, -36),
      members: [{ name: '李书记', post: 'secretary' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const term = res.json().items[0];
    expect(term.endsOn).toBe(endsOn);
    expect(term.daysLeft).toBe(60);
    const [expiring] = await o5();
    expect(expiring).toMatchObject({
      check: 'O5.term_expiring',
      severity: 'warning',
      due: endsOn,
      since: addCalendarMonths(endsOn, -6),
    });
    expect(expiring!.message).toContain(`将于${endsOn}届满`);

    const patch = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/org-terms/${term.id}`,
      payload: { electedOn: addCalendarMonths(addDays(today, -1), -36) },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const [overdue] = await o5();
    expect(overdue).toMatchObject({ check: 'O5.term_overdue', severity: 'violation' });
    expect(overdue!.message).toContain('尚未换届');

    const renewed = await recordTerm(branch, {
      kind: 'secretary',
      electedOn: today,
      members: [{ name: '张书记', post: 'secretary' }],
    });
    expect(renewed.statusCode, renewed.body).toBe(201);
    expect(await o5()).toEqual([]);
    const old = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/org-terms/${term.id}`,
      payload: { termYears: 5 },
    });
    expect(old.statusCode).toBe(409);
    expect(old.json().code).toBe('orgsetup.term_ended');
  });

  it('filters by rule and pages the whole subtree', async () => {
    const xiamen = await orgId(t, '中共厦门市委员会');
    const all = await findings(xiamen);
    expect(all.total).toBeGreaterThan(5);
    const page = await t.as(admin, { url: `/api/v1/orgs/${xiamen}/findings?page=2&pageSize=3` });
    expect(page.json().items).toHaveLength(3);
    expect(page.json().items[0].check).toBe(all.items[3]!.check);
    const o5 = await findings(xiamen, '&rule=O5');
    expect(o5.items.every((f) => f.rule.id === 'O5')).toBe(true);
    // the demo city has one overdue term
    expect(o5.items.filter((f) => f.check === 'O5.term_overdue').length).toBeGreaterThanOrEqual(1);
  });
});

describe('两个覆盖 on a constructed subtree', () => {
  let committee: number;
  let joint: number;
  const units: Record<string, number> = {};

  beforeAll(async () => {
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    committee = await createOrg('测试覆盖工作委员会', 'committee', huli);
    joint = await createOrg('测试覆盖联合党支部', 'joint_branch', committee);
    units.a = await createUnit('覆盖测试甲公司', committee, 'enterprise', 50, '电子设备制造业');
    await createOrg('覆盖测试甲公司党支部', 'branch', committee, units.a);
    units.b = await createUnit('覆盖测试乙公司', joint, 'enterprise', 20, '电子设备制造业');
    units.c = await createUnit('覆盖测试丙公司', joint, 'enterprise', 10, '批发和零售业');
    units.d = await createUnit('覆盖测试丁公司', committee, 'enterprise', 15, '批发和零售业');
    units.e = await createUnit('覆盖测试戊公司', committee, 'enterprise', 12, '批发和零售业');
    units.f = await createUnit('覆盖测试己公司', committee, 'enterprise', 9, '批发和零售业');
    units.g = await createUnit('覆盖测试庚协会', committee, 'social_org', 30);
    units.h = await createUnit('覆盖测试辛协会', committee, 'social_org', 29);
    const assign = (unitIds: number[], name: string, assignedOn?: string) =>
      t.as(admin, {
        method: 'POST',
        url: '/api/v1/instructor-assignments',
        payload: { unitIds, name, phone: '17012345678', ...(assignedOn ? { assignedOn } : {}) },
      });
    const first = await assign([units.d!, units.f!], '覆盖指导员甲');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().items[0].phone).toBe('170****5678');
    const second = await assign([units.e!], '覆盖指导员乙', addDays(today, -30));
    expect(second.statusCode).toBe(201);
    const end = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/instructor-assignments/${second.json().items[0].id}/end`,
      payload: { endedOn: today },
    });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().active).toBe(false);
    const again = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/instructor-assignments/${second.json().items[0].id}/end`,
      payload: {},
    });
    expect(again.json().code).toBe('orgsetup.assignment_ended');
  });

  it('counts units in scope, own and joint orgs, instructor-reached, with both rates and formulas', async () => {
    const res = await t.as(admin, { url: `/api/v1/coverage?orgId=${committee}&groupBy=region` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.totals).toMatchObject({
      inScope: 6,
      enterprises: 5,
      socialOrgs: 1,
      ownOrg: 1,
      jointOrg: 2,
      instructorReached: 1,
      uncovered: 2,
      organizationRate: 50,
      workRate: 66.7,
      organizationFormula: '组织覆盖率 =（1 + 2）÷ 6 = 50.0%',
      workFormula: '工作覆盖率 =（1 + 2 + 1）÷ 6 = 66.7%',
    });
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]).toMatchObject({ key: '350206', label: '湖里区', inScope: 6 });
    expect(body.definitions.organizationRate).toContain('组织覆盖率 =');
  });

  it('groups by industry and drills down to the units behind a number', async () => {
    const res = await t.as(admin, { url: `/api/v1/coverage?orgId=${committee}&groupBy=industry` });
    const groups = Object.fromEntries(
      res.json().groups.map((g: { key: string; inScope: number; jointOrg: number }) => [g.key, g]),
    );
    expect(groups.电子设备制造业).toMatchObject({ inScope: 2, ownOrg: 1, jointOrg: 1 });
    expect(groups.批发和零售业).toMatchObject({
      inScope: 3,
      jointOrg: 1,
      instructorReached: 1,
      uncovered: 1,
    });
    expect(groups.社会组织).toMatchObject({ inScope: 1, uncovered: 1 });

    const joint = await t.as(admin, {
      url: `/api/v1/coverage/units?orgId=${committee}&bucket=jointOrg`,
    });
    expect(
      joint
        .json()
        .items.map((u: { name: string }) => u.name)
        .sort(),
    ).toEqual(['覆盖测试丙公司', '覆盖测试乙公司']);
    expect(joint.json().items[0].orgName).toBe('测试覆盖联合党支部');
    const reached = await t.as(admin, {
      url: `/api/v1/coverage/units?orgId=${committee}&groupBy=industry&group=${encodeURIComponent('批发和零售业')}&bucket=instructorReached`,
    });
    expect(reached.json().items).toEqual([
      expect.objectContaining({ name: '覆盖测试丁公司', instructors: '覆盖指导员甲' }),
    ]);
  });

  it('counts a unit a liaison (党建联络员) reaches for work coverage, as it counts an instructor’s', async () => {
    const liaison = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/instructor-assignments',
      payload: { unitIds: [units.g], name: '覆盖联络员丙', role: 'liaison' },
    });
    expect(liaison.statusCode, liaison.body).toBe(201);
    expect(liaison.json().items[0]).toMatchObject({ role: 'liaison', roleLabel: '党建联络员' });
    const res = await t.as(admin, { url: `/api/v1/coverage?orgId=${committee}&groupBy=region` });
    expect(res.json().totals).toMatchObject({
      inScope: 6,
      instructorReached: 2,
      uncovered: 1,
      organizationRate: 50,
      workRate: 83.3,
      workFormula: '工作覆盖率 =（1 + 2 + 2）÷ 6 = 83.3%',
    });
    expect(res.json().definitions.instructorReached).toContain('党建工作指导员或党建联络员');
    const reached = await t.as(admin, {
      url: `/api/v1/coverage/units?orgId=${committee}&bucket=instructorReached`,
    });
    expect(reached.json().items).toContainEqual(
      expect.objectContaining({ name: '覆盖测试庚协会', instructors: '覆盖联络员丙' }),
    );
    const list = await t.as(admin, { url: `/api/v1/instructor-assignments?unitId=${units.g}` });
    expect(list.json().items.map((i: { role: string }) => i.role)).toEqual(['liaison']);
  });
});

describe('党务工作者', () => {
  it('lists phones masked, shows the full number to managers (audited), and lets a secretary record its own', async () => {
    const branch = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
    const secretary = await t.login('secretary');
    const created = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/party-workers',
      payload: { orgId: branch, name: '测试党务', post: '组织委员', phone: '17012340000', fullTime: false },
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = await t.as(secretary, { url: '/api/v1/party-workers?q=测试党务' });
    expect(list.json().items[0]).toMatchObject({ phone: '170****0000', phoneMasked: true });
    const detail = await t.as(secretary, { url: `/api/v1/party-workers/${created.json().id}` });
    expect(detail.json()).toMatchObject({ phone: '17012340000', phoneMasked: false });
    const reads = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'party_worker.read_full')
      .where('entity_id', '=', String(created.json().id))
      .execute();
    expect(reads).toHaveLength(1);
    const instructor = await t.login('instructor');
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    expect((await t.as(instructor, { url: `/api/v1/party-workers?orgId=${huli}` })).statusCode).toBe(404);
    const bad = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/party-workers',
      payload: { orgId: branch, name: '测试', post: '委员', phone: '12345' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('phone');
  });
});

describe('permission matrix', () => {
  const ids: Record<string, number> = {};
  const unitIds: Record<string, number> = {};

  beforeAll(async () => {
    for (const [key, name] of Object.entries({
      huli: '中共厦门市湖里区委员会',
      huliGrid: '兴隆社区第1网格党支部',
      huliGrid2: '兴隆社区第2网格党支部',
      torch: '中共厦门火炬高新区非公有制企业委员会',
      branch: '厦门鹭岛智造科技有限公司党支部',
      donghu: '中共南昌市东湖区非公有制经济组织和社会组织工作委员会',
    })) {
      ids[key] = await orgId(t, name);
    }
    // an org outside every demo account's scope, even the city administrator's
    const foreign = await t.database.db
      .insertInto('orgs')
      .values({
        region_code: '110101',
        path: 'tmp',
        depth: 0,
        name: '外省测试党委',
        name_search: '外省测试党委',
        type: 'committee',
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('orgs')
      .set({ path: `/${foreign.id}/` })
      .where('id', '=', foreign.id)
      .execute();
    ids.foreign = foreign.id;
    const donghuBranch = await t.database.db
      .selectFrom('orgs')
      .select('id')
      .where('path', 'like', `%/${ids.donghu}/%`)
      .where('type', '=', 'branch')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    ids.donghuBranch = donghuBranch.id;
    const unitOf = async (org: number) =>
      (
        await t.database.db
          .selectFrom('units')
          .select('id')
          .where('org_id', '=', org)
          .orderBy('id')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).id;
    unitIds.huli = await unitOf(await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会'));
    unitIds.torch = await unitOf(ids.torch!);
    unitIds.donghu = await unitOf(ids.donghu!);
    // a unit whose Party work the secretary's branch manages (inside the secretary's scope)
    unitIds.branch = (
      await t.database.db
        .insertInto('units')
        .values({
          region_code: '350206',
          name: '鹭岛智造配套服务部',
          name_search: '鹭岛智造配套服务部',
          kind: 'enterprise',
          employees: 12,
          org_id: ids.branch,
          updated_at: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const unitForeign = await t.database.db
      .insertInto('units')
      .values({
        region_code: '110101',
        name: '外省测试企业',
        name_search: '外省测试企业',
        kind: 'enterprise',
        employees: 50,
        org_id: ids.foreign,
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitIds.foreign = unitForeign.id;
  });

  type Action = 'readFindings' | 'manageTerms' | 'assignInstructor';

  async function attempt(user: string, action: Action, target: string): Promise<number> {
    const s = await t.login(user);
    switch (action) {
      case 'readFindings':
        return (await t.as(s, { url: `/api/v1/orgs/${ids[target]}/findings` })).statusCode;
      case 'manageTerms':
        return (await recordTerm(ids[target]!, { kind: 'secretary', electedOn: today, members: [] }, s))
          .statusCode;
      case 'assignInstructor':
        return (
          await t.as(s, {
            method: 'POST',
            url: '/api/v1/instructor-assignments',
            payload: { unitIds: [unitIds[target]], name: `矩阵指导员${user}` },
          })
        ).statusCode;
    }
  }

  // [user, action, target, expected]; outside the scope looks like nothing is there (404, or 400 naming
  // the field for an id in the body, as for organizations)
  const MATRIX: Array<[string, Action, string, number]> = [
    ['admin', 'readFindings', 'huli', 200],
    ['admin', 'readFindings', 'foreign', 404],
    ['admin', 'manageTerms', 'huliGrid2', 201],
    ['admin', 'manageTerms', 'foreign', 404],
    ['admin', 'assignInstructor', 'huli', 201],
    ['admin', 'assignInstructor', 'foreign', 400],
    ['district', 'readFindings', 'huliGrid', 200],
    ['district', 'readFindings', 'torch', 404],
    ['district', 'manageTerms', 'huliGrid', 201],
    ['district', 'manageTerms', 'torch', 404],
    ['district', 'assignInstructor', 'huli', 201],
    ['district', 'assignInstructor', 'torch', 400],
    ['secretary', 'readFindings', 'branch', 200],
    ['secretary', 'readFindings', 'huliGrid', 404],
    ['secretary', 'manageTerms', 'branch', 201],
    ['secretary', 'manageTerms', 'huliGrid', 404],
    ['secretary', 'assignInstructor', 'branch', 403],
    ['secretary', 'assignInstructor', 'huli', 400],
    ['instructor', 'readFindings', 'donghuBranch', 200],
    ['instructor', 'readFindings', 'huli', 404],
    ['instructor', 'manageTerms', 'donghuBranch', 403],
    ['instructor', 'manageTerms', 'huli', 404],
    ['instructor', 'assignInstructor', 'donghu', 403],
    ['instructor', 'assignInstructor', 'huli', 400],
  ];

  it.each(MATRIX)('%s %s on %s → %i', async (user, action, target, expected) => {
    expect(await attempt(user, action, target)).toBe(expected);
  });

  it('scopes coverage and the instructor list to the caller', async () => {
    const district = await t.login('district');
    const cov = await t.as(district, { url: '/api/v1/coverage?groupBy=region' });
    expect(cov.statusCode).toBe(200);
    expect(cov.json().groups.map((g: { key: string }) => g.key)).toEqual(['350206']);
    expect((await t.as(district, { url: `/api/v1/coverage?orgId=${ids.torch}` })).statusCode).toBe(404);
    const instructor = await t.login('instructor');
    const list = await t.as(instructor, { url: '/api/v1/instructor-assignments' });
    expect(list.statusCode).toBe(200);
    expect(list.json().instructors).toBe(11);
    expect(list.json().items.every((i: { regionCode: string }) => i.regionCode === '360102')).toBe(true);
    const member = await t.login('member');
    expect((await t.as(member, { url: '/api/v1/coverage' })).statusCode).toBe(403);
  });
});
