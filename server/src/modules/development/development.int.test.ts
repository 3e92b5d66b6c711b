import { addDays, makeIdNumber } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Member development end to end on the demo branch (厦门鹭岛智造科技有限公司党支部): the secretary records
 * the branch's steps, the district committee (湖里区委) the committee's, with dates that satisfy the
 * 2014 rules (the steps fall before the May 2026 revision), and the refusals P1, P7, P11 with their citations.
 */

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
let t: TestApp;
let branch: number;
let secretary: Session;
let district: Session;
let introducers: number[];

beforeAll(async () => {
  t = await createTestApp();
  branch = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
  secretary = await t.login('secretary');
  district = await t.login('district');
  const full = await t.database.db
    .selectFrom('members')
    .select('id')
    .where('org_id', '=', branch)
    .where('stage', '=', 'full')
    .where('status', '=', 'normal')
    .orderBy('id')
    .limit(2)
    .execute();
  introducers = full.map((m) => m.id);
});
afterAll(() => t.close());

async function step(s: Session, id: number, payload: Record<string, unknown>) {
  return t.as(s, { method: 'POST', url: `/api/v1/development/${id}/steps`, payload });
}

async function start(applicant: { name: string; birth: string; seq: number }, appliedOn: string) {
  return t.as(secretary, {
    method: 'POST',
    url: '/api/v1/development',
    payload: {
      appliedOn,
      applicant: {
        orgId: branch,
        name: applicant.name,
        idNumber: makeIdNumber('350206', applicant.birth, applicant.seq),
        phone: '17012345678',
      },
    },
  });
}

async function memberOf(recordId: number) {
  return t.database.db
    .selectFrom('development_records as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['m.id', 'm.stage', 'm.joined_on', 'm.full_member_on', 'r.stage as record_stage', 'r.state'])
    .where('r.id', '=', recordId)
    .executeTakeFirstOrThrow();
}

describe('member development, applicant → full member', () => {
  it('takes an applicant through every step, moving the member’s stage and computing due dates', async () => {
    const started = await start({ name: '郑发展', birth: '1998-05-04', seq: 123 }, '2023-09-01');
    expect(started.statusCode).toBe(201);
    const id = started.json().id as number;
    expect(started.json()).toMatchObject({ stage: 'applicant', ruleSet: '2014', memberName: '郑发展' });
    expect(started.json().member.idNumber).toContain('*');
    expect(started.json().member.phone).toBe('170****5678');

    const ok = async (s: Session, payload: Record<string, unknown>) => {
      const res = await step(s, id, payload);
      expect(res.statusCode, `${payload.code}: ${res.body}`).toBe(201);
      return res.json();
    };
    await ok(secretary, { code: 'talk', date: '2023-09-15' });
    const activist = await ok(secretary, { code: 'activist', date: '2023-10-10' });
    expect(activist.stage).toBe('activist');
    expect((await memberOf(id)).stage).toBe('activist');
    await ok(secretary, { code: 'assessment', date: '2024-04-08' });

    // P5: a day short of a year as activist
    const early = await step(secretary, id, { code: 'candidate', date: '2024-10-09' });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('development.rule');
    expect(early.json().errors[0].code).toBe('rule.P5');

    await ok(secretary, { code: 'candidate', date: '2024-10-10' });
    const withIntroducers = await ok(secretary, {
      code: 'introducers',
      date: '2024-10-12',
      introducerIds: introducers,
    });
    expect(withIntroducers.introducers).toHaveLength(2);
    await ok(secretary, { code: 'political_review', date: '2024-11-01' });
    await ok(secretary, { code: 'training', date: '2024-11-10', data: { trainingDays: 3 } });
    await ok(secretary, {
      code: 'notice',
      date: '2024-11-22',
      data: { noticeFrom: '2024-11-18', noticeTo: '2024-11-22' },
    });

    // the branch secretary cannot do the committee's pre-review
    expect((await step(secretary, id, { code: 'pre_review', date: '2024-12-02' })).statusCode).toBe(403);
    await ok(district, { code: 'pre_review', date: '2024-12-02' });

    const voting =
      (await memberOf(id)) && (await t.as(secretary, { url: `/api/v1/development/${id}` })).json();
    expect(voting.nextSteps.map((s: { code: string }) => s.code)).toContain('branch_meeting');

    // P11: no quorum (exactly half present)
    const fullCount = await t.database.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', branch)
      .where('stage', '=', 'full')
      .where('status', 'not in', ['suspended', 'left', 'deceased'])
      .executeTakeFirstOrThrow();
    const n = Number(fullCount.n);
    const noQuorum = await step(secretary, id, {
      code: 'branch_meeting',
      date: '2024-12-20',
      vote: { voting: n - (n % 2), present: (n - (n % 2)) / 2, yes: (n - (n % 2)) / 2 },
    });
    expect(noQuorum.statusCode).toBe(422);
    expect(noQuorum.json().errors[0]).toMatchObject({ field: 'vote.present', code: 'rule.P11' });
    expect(noQuorum.json().detail).toContain('依据《中国共产党发展党员工作细则》第二十三条（条款号待核实）');

    const meeting = await ok(secretary, {
      code: 'branch_meeting',
      date: '2024-12-20',
      vote: { present: n - 1, yes: n - 1 },
    });
    expect(meeting.steps.at(-1).data.vote).toMatchObject({ voting: n, present: n - 1, yes: n - 1 });
    expect(meeting.dueDates.find((d: { step: string }) => d.step === 'approval')).toMatchObject({
      date: '2025-03-20',
      rule: 'P12',
    });

    const approved = await ok(district, { code: 'approval', date: '2025-02-20' });
    expect(approved.stage).toBe('probationary');
    expect(approved.probationEnd).toBe('2025-12-20');
    expect(await memberOf(id)).toMatchObject({ stage: 'probationary', joined_on: '2024-12-20' });
    await ok(secretary, { code: 'oath', date: '2025-03-01' });

    const tooEarly = await step(secretary, id, {
      code: 'conversion_meeting',
      date: '2025-12-19',
      vote: { present: n - 1, yes: n - 1 },
    });
    expect(tooEarly.json().errors[0].code).toBe('rule.P15');
    await ok(secretary, {
      code: 'conversion_meeting',
      date: '2025-12-22',
      vote: { present: n - 1, yes: n - 2 },
    });
    const done = await ok(district, { code: 'conversion_approval', date: '2026-01-15' });
    expect(done).toMatchObject({ stage: 'full', state: 'completed', overdue: false });
    expect(done.nextSteps).toEqual([]);
    expect(await memberOf(id)).toMatchObject({
      stage: 'full',
      joined_on: '2024-12-20',
      full_member_on: '2025-12-20',
      state: 'completed',
    });
    // every step is audited, and the member's history shows the stage moves
    const steps = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'entity_type'])
      .where((eb) =>
        eb.or([
          eb.and([eb('entity_type', '=', 'development_record'), eb('entity_id', '=', String(id))]),
          eb.and([eb('entity_type', '=', 'member'), eb('entity_id', '=', String(done.memberId))]),
        ]),
      )
      .execute();
    expect(steps.filter((e) => e.action === 'development.step')).toHaveLength(14);
    expect(steps.filter((e) => e.action === 'development.start')).toHaveLength(1);
    expect(steps.filter((e) => e.action === 'member.stage')).toHaveLength(4);
    expect(steps.filter((e) => e.action === 'member.create')).toHaveLength(1);

    const again = await step(secretary, id, { code: 'oath', date: '2026-01-20' });
    expect(again.json().code).toBe('development.closed');
  });
});

describe('refusals cite their rule', () => {
  it('P1: refuses an applicant under 18 on the application date and registers nobody', async () => {
    const res = await start({ name: '少年甲', birth: '2008-06-15', seq: 456 }, '2026-06-14');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'development.rule' });
    expect(res.json().errors[0]).toMatchObject({ field: 'appliedOn', code: 'rule.P1' });
    expect(res.json().detail).toContain('依据《中国共产党章程》第一条');
    const none = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('name', '=', '少年甲')
      .execute();
    expect(none).toHaveLength(0);
    const adult = await start({ name: '少年甲', birth: '2008-06-15', seq: 456 }, '2026-06-15');
    expect(adult.statusCode).toBe(201);
  });

  it('refuses a bad ID number as a 400 naming the field, and a duplicate as 409', async () => {
    const bad = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/development',
      payload: {
        appliedOn: '2026-01-05',
        applicant: { orgId: branch, name: '错号', idNumber: '350206199001011230' },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('applicant.idNumber');
    const dup = await start({ name: '少年甲', birth: '2008-06-15', seq: 456 }, '2026-07-01');
    expect(dup.statusCode).toBe(409);
  });

  it('P7: refuses introducers who are not full members or are under sanction', async () => {
    const started = await start({ name: '林介绍', birth: '1995-02-02', seq: 321 }, '2024-01-02');
    const id = started.json().id as number;
    for (const [code, date] of [
      ['talk', '2024-01-10'],
      ['activist', '2024-02-01'],
      ['candidate', '2025-02-01'],
    ] as const) {
      expect((await step(secretary, id, { code, date })).statusCode).toBe(201);
    }
    const one = await step(secretary, id, {
      code: 'introducers',
      date: '2025-02-05',
      introducerIds: [introducers[0]],
    });
    expect(one.statusCode).toBe(422);
    expect(one.json().errors[0]).toMatchObject({ field: 'introducerIds', code: 'rule.P7' });
    // the sentence is the 细则's (not the Constitution's), its article number not confirmed
    expect(one.json().detail).toContain('依据《中国共产党发展党员工作细则》第十四条（条款号待核实）');

    // an applicant of the branch is no introducer
    const self = await step(secretary, id, {
      code: 'introducers',
      date: '2025-02-05',
      introducerIds: [introducers[0], started.json().memberId],
    });
    expect(self.json().errors.map((e: { code: string }) => e.code)).toContain('rule.P7');

    await t.database.db
      .updateTable('members')
      .set({ status: 'suspended' })
      .where('id', '=', introducers[1]!)
      .execute();
    try {
      const sanctioned = await step(secretary, id, {
        code: 'introducers',
        date: '2025-02-05',
        introducerIds: introducers,
      });
      expect(sanctioned.statusCode).toBe(422);
      expect(sanctioned.json().detail).toContain('留党察看');
    } finally {
      await t.database.db
        .updateTable('members')
        .set({ status: 'normal' })
        .where('id', '=', introducers[1]!)
        .execute();
    }
    // an introducer outside the secretary's reach answers exactly like one that does not exist
    const stranger = await t.database.db
      .selectFrom('members')
      .innerJoin('orgs', 'orgs.id', 'members.org_id')
      .select('members.id')
      .where('orgs.path', 'like', `/${await orgId(t, '中共福安市委员会')}/%`)
      .where('members.stage', '=', 'full')
      .where('members.status', '=', 'normal')
      .executeTakeFirstOrThrow();
    const answer = async (other: number) => {
      const res = await step(secretary, id, {
        code: 'introducers',
        date: '2025-02-05',
        introducerIds: [introducers[0], other],
      });
      const { requestId: _r, ...rest } = res.json();
      // the answer repeats the id it was given; everything else must be the same
      return JSON.parse(JSON.stringify({ status: res.statusCode, ...rest }).replaceAll(String(other), 'N'));
    };
    const outside = await answer(stranger.id);
    expect(outside).toEqual(await answer(999_999_999));
    expect(outside.status).toBe(400);

    expect(
      (await step(secretary, id, { code: 'introducers', date: '2025-02-05', introducerIds: introducers }))
        .statusCode,
    ).toBe(201);
  });

  it('P11: a branch with fewer than 3 full members cannot vote', async () => {
    const admin = await t.login('admin');
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const small = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '湖里区小微企业联合党支部（测试）', type: 'joint_branch', parentId: huli },
    });
    const smallId = small.json().id as number;
    // two full members only
    await t.database.db
      .updateTable('members')
      .set({ org_id: smallId })
      .where('id', 'in', introducers)
      .execute();
    try {
      const res = await t.as(district, {
        method: 'POST',
        url: '/api/v1/development',
        payload: {
          appliedOn: '2023-01-03',
          applicant: { orgId: smallId, name: '吴小支', idNumber: makeIdNumber('350206', '1990-03-03', 777) },
        },
      });
      const id = res.json().id as number;
      const plan: Array<[string, string, Record<string, unknown>?]> = [
        ['talk', '2023-01-10'],
        ['activist', '2023-02-01'],
        ['candidate', '2024-02-01'],
        ['introducers', '2024-02-02', { introducerIds: introducers }],
        ['political_review', '2024-02-05'],
        ['training', '2024-02-20', { data: { trainingHours: 24 } }],
        ['notice', '2024-03-01', { data: { noticeFrom: '2024-02-26' } }],
        ['pre_review', '2024-03-04'],
      ];
      for (const [code, date, extra] of plan) {
        const r = await step(district, id, { code, date, ...extra });
        expect(r.statusCode, `${code} ${r.body}`).toBe(201);
      }
      const vote = await step(district, id, {
        code: 'branch_meeting',
        date: '2024-03-20',
        vote: { present: 2, yes: 2 },
      });
      expect(vote.statusCode).toBe(422);
      expect(vote.json().errors[0]).toMatchObject({ code: 'rule.P11' });
      expect(vote.json().detail).toContain('不足3人');
    } finally {
      await t.database.db
        .updateTable('members')
        .set({ org_id: branch })
        .where('id', 'in', introducers)
        .execute();
    }
  });

  it('P6: refuses a notice of 4 working days across the National Day holiday', async () => {
    // 2025's holiday (1–8 October, 调休 Saturday 11 October): in the past on any day the tests run
    const started = await start({ name: '国庆公示', birth: '1990-09-09', seq: 135 }, '2024-01-08');
    const id = started.json().id as number;
    for (const [code, date, extra] of [
      ['talk', '2024-01-12'],
      ['activist', '2024-02-13'],
      ['candidate', '2025-02-13'],
      ['introducers', '2025-02-14', { introducerIds: introducers }],
      ['political_review', '2025-03-01'],
      ['training', '2025-03-10', { data: { trainingDays: 3 } }],
    ] as Array<[string, string, Record<string, unknown>?]>) {
      expect((await step(secretary, id, { code, date, ...extra })).statusCode).toBe(201);
    }
    // Mon 29, Tue 30 September, Thu 9, Fri 10 October: 4 working days
    const short = await step(secretary, id, {
      code: 'notice',
      date: '2025-10-10',
      data: { noticeFrom: '2025-09-29', noticeTo: '2025-10-10' },
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().errors[0]).toMatchObject({ code: 'rule.P6', field: 'data.noticeTo' });
    expect(short.json().detail).toContain('只有4个工作日');
    expect(short.json().detail).toContain('最早可于2025-10-11结束');
    // the 调休 Saturday is the fifth working day
    const enough = await step(secretary, id, {
      code: 'notice',
      date: '2025-10-11',
      data: { noticeFrom: '2025-09-29', noticeTo: '2025-10-11' },
    });
    expect(enough.statusCode).toBe(201);
    // a step is judged by the rule set in force on its date; today the 2026 set is in force
    expect(enough.json().steps.at(-1).ruleSet).toBe('2014');
    expect(enough.json().ruleSetInForce.version).toBe('2026');
  });
});

describe('the higher committee decides (P10, P12, P15)', () => {
  it('refuses a 党总支 acting as the committee and names the 党委 that must decide', async () => {
    const admin = await t.login('admin');
    const committee = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const general = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '厦门某科技集团党总支', type: 'general_branch', parentId: committee },
    });
    expect(general.statusCode, general.body).toBe(201);
    const sub = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '厦门某科技集团研发中心党支部', type: 'branch', parentId: general.json().id },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    // a user who administers the 党总支 (the org_admin role includes development.approve)
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'zongzhi',
        displayName: '总支书记',
        password: 'Zongzhi2026x',
        orgId: general.json().id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const bound = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/users/${created.json().id}/roles`,
      payload: { role: 'org_admin', orgId: general.json().id },
    });
    expect(bound.statusCode, bound.body).toBe(200);
    const zongzhi = await t.login('zongzhi', 'Zongzhi2026x');

    const started = await t.as(zongzhi, {
      method: 'POST',
      url: '/api/v1/development',
      payload: {
        appliedOn: '2026-03-02',
        applicant: {
          orgId: sub.json().id,
          name: '林晓',
          idNumber: makeIdNumber('350206', '1998-04-12', 31),
          phone: '17012345679',
        },
      },
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id;
    const detail = (await t.as(zongzhi, { url: `/api/v1/development/${id}` })).json();
    expect(detail.approvingCommittee).toMatchObject({
      name: '中共厦门市湖里区非公有制经济组织和社会组织工作委员会',
    });
    expect(detail.actions).not.toContain('development.approve');

    const refused = await step(zongzhi, id, { code: 'pre_review', date: '2026-06-01' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ code: 'rule.P10', field: 'code' });
    expect(refused.json().detail).toContain(
      '须由上级党委（中共厦门市湖里区非公有制经济组织和社会组织工作委员会）审批',
    );

    // the 党委 above (here the district's administrator) passes this check and meets the step's own rules
    const byCommittee = await step(district, id, { code: 'pre_review', date: '2026-06-01' });
    expect(byCommittee.statusCode).toBe(422);
    expect(byCommittee.json().errors[0].code).not.toBe('rule.P10');
    expect((await t.as(district, { url: `/api/v1/development/${id}` })).json().actions).toContain(
      'development.approve',
    );
  });
});

describe('pipeline, evidence and scope', () => {
  it('comes with demo records at each stage and demo transfers, made through the same rules', async () => {
    const all = (await t.as(secretary, { url: `/api/v1/development?orgId=${branch}` })).json();
    const byName = new Map(
      all.items.map((i: { memberName: string; stage: string }) => [i.memberName, i.stage]),
    );
    expect(byName.get('郑晓航')).toBe('applicant');
    expect(byName.get('陈思远')).toBe('activist');
    expect(byName.get('黄子涵')).toBe('candidate');
    const completed = (
      await t.as(secretary, { url: `/api/v1/development?orgId=${branch}&state=completed` })
    ).json();
    const finished = completed.items.find((i: { memberName: string }) => i.memberName === '林可欣');
    expect(finished).toMatchObject({ stage: 'full', state: 'completed' });
    const transfers = (await t.as(secretary, { url: '/api/v1/transfers' })).json();
    const states = transfers.items.map((x: { state: string }) => x.state).sort();
    expect(states).toEqual(expect.arrayContaining(['completed', 'pending']));
  });

  it('shows the board by stage with overdue records marked', async () => {
    const late = await start({ name: '逾期谈话', birth: '1996-01-01', seq: 579 }, '2026-09-01');
    expect(late.statusCode).toBe(201);
    expect(late.json().overdue).toBe(true);
    expect(late.json().nextDue).toMatchObject({
      step: 'talk',
      date: '2026-10-01',
      status: 'overdue',
      rule: 'P2',
    });
    const board = await t.as(secretary, { url: `/api/v1/development?orgId=${branch}&stage=applicant` });
    expect(board.statusCode).toBe(200);
    const item = board.json().items.find((i: { memberName: string }) => i.memberName === '逾期谈话');
    expect(item).toMatchObject({ overdue: true, stage: 'applicant' });
    expect(board.json().counts.applicant).toBeGreaterThanOrEqual(1);
    for (const i of board.json().items) expect(i.stage).toBe('applicant');
    const overdueOnly = await t.as(secretary, { url: '/api/v1/development?overdue=true' });
    expect(overdueOnly.json().items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
  });

  it('keeps evidence files with the step and serves them in scope only', async () => {
    const started = await start(
      { name: '材料人', birth: '1993-03-03', seq: 913 },
      addDays(clock.today(), -20),
    );
    const id = started.json().id as number;
    const upload = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/development/${id}/files`,
      payload: {
        fileName: '谈话记录.txt',
        contentType: 'text/plain',
        contentBase64: Buffer.from('谈话记录').toString('base64'),
      },
    });
    expect(upload.statusCode).toBe(201);
    const withFile = await step(secretary, id, {
      code: 'talk',
      date: addDays(clock.today(), -8),
      evidenceFileId: upload.json().id,
    });
    expect(withFile.json().steps.at(-1).evidence).toMatchObject({ name: '谈话记录.txt' });
    const download = await t.as(secretary, { url: `/api/v1/development/files/${upload.json().id}` });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('谈话记录');
    const handler = await t.login('handler');
    expect((await t.as(handler, { url: `/api/v1/development/files/${upload.json().id}` })).statusCode).toBe(
      404,
    );
    expect((await t.as(handler, { url: `/api/v1/development/${id}` })).statusCode).toBe(404);
    const member = await t.login('member');
    expect((await t.as(member, { url: `/api/v1/development/${id}` })).statusCode).toBe(404);
    expect((await step(member, id, { code: 'activist', date: addDays(clock.today(), -7) })).statusCode).toBe(
      404,
    );
    const twice = await step(secretary, id, { code: 'talk', date: addDays(clock.today(), -7) });
    expect(twice.json().code).toBe('development.step_recorded');
  });

  it('serves evidence with the type its bytes show: attachment, except a checked image', async () => {
    const started = await start(
      { name: '材料类型人', birth: '1994-04-04', seq: 914 },
      addDays(clock.today(), -20),
    );
    const id = started.json().id as number;
    const upload = (fileName: string, contentType: string, content: Buffer) =>
      t.as(secretary, {
        method: 'POST',
        url: `/api/v1/development/${id}/files`,
        payload: { fileName, contentType, contentBase64: content.toString('base64') },
      });
    const download = (fileId: number) => t.as(secretary, { url: `/api/v1/development/files/${fileId}` });
    // HTML claiming to be a PNG: never served as an image, nor as a page, nor inline
    const html = await upload('照片.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.statusCode).toBe(201);
    const htmlBack = await download(html.json().id);
    expect(htmlBack.statusCode).toBe(200);
    expect(htmlBack.headers['content-type']).toBe('application/octet-stream');
    expect(htmlBack.headers['content-disposition']).toMatch(/^attachment; /);
    expect(htmlBack.headers['x-content-type-options']).toBe('nosniff');
    // a real PNG may be shown in place
    const png = Buffer.from(PNG_1PX, 'base64');
    const real = await upload('签字页.png', 'application/octet-stream', png);
    const realBack = await download(real.json().id);
    expect(realBack.headers['content-type']).toBe('image/png');
    expect(realBack.headers['content-disposition']).toMatch(/^inline; /);
    expect(realBack.rawPayload.equals(png)).toBe(true);
    // a PDF is a PDF, but downloaded
    const pdf = await upload('谈话记录.pdf', 'text/html', Buffer.from('%PDF-1.4\n%%EOF\n'));
    const pdfBack = await download(pdf.json().id);
    expect(pdfBack.headers['content-type']).toBe('application/pdf');
    expect(pdfBack.headers['content-disposition']).toMatch(/^attachment; /);
    expect(pdfBack.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('谈话记录.pdf')}`,
    );
  });

  it('lets the member see their own stage on the phone', async () => {
    const member = await t.login('member');
    const res = await t.as(member, { url: '/api/v1/development/mine' });
    expect(res.statusCode).toBe(200);
    expect(res.json().member).toMatchObject({ name: '陈嘉怡' });
  });
});
