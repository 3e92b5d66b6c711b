import { addDays, makeCreditCode, makeIdNumber, normalizeForSearch } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 指导记录 (issue 10) on a real database (both engines): the instructor reads the compliance of the
 * enterprises assigned to them and records guidance visits to those only; the committee above reads
 * the visits of its subtree; a visit this year counts toward work coverage, even after the assignment
 * ends. An access matrix: instructor inside and outside the assignment, secretary, org_admin, member.
 */
let t: TestApp;
let admin: Session;
let district: Session;
let instructor: Session;
let secretary: Session;
let member: Session;
let huli: number;
const today = clock.today();
const units: Record<'guided' | 'idle' | 'other', number> = { guided: 0, idle: 0, other: 0 };
const assignments: Record<'guided' | 'idle', number> = { guided: 0, idle: 0 };
let visitId = 0;
let donghuVisit = 0;

async function createUnit(name: string, serial: number): Promise<number> {
  const res = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/units',
    payload: {
      name,
      kind: 'enterprise',
      creditCode: makeCreditCode(`91350206${String(96_000_000 + serial)}0`.slice(0, 17)),
      regionCode: '350206',
      employees: 25,
      orgId: huli,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function assign(unitId: number, userId: number, assignedOn = addDays(today, -60)): Promise<number> {
  const res = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/instructor-assignments',
    payload: { unitIds: [unitId], userId, assignedOn },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().items[0].id;
}

/** A problem answer without its request id. */
function problem(res: { json(): Record<string, unknown> }) {
  const { requestId: _, ...rest } = res.json();
  return rest;
}

async function coverageOf(unitId: number) {
  const res = await t.as(admin, {
    url: `/api/v1/coverage/units?orgId=${huli}&bucket=inScope&pageSize=200`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Array<{ id: number; bucket: string; guided: boolean }>).find(
    (u) => u.id === unitId,
  );
}

async function huliTotals() {
  const res = await t.as(admin, { url: `/api/v1/coverage?orgId=${huli}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  instructor = await t.login('instructor');
  secretary = await t.login('secretary');
  member = await t.login('member');
  huli = await orgId(t, '中共厦门市湖里区委员会');
  units.guided = await createUnit('指导测试甲科技有限公司', 1);
  units.idle = await createUnit('指导测试乙贸易有限公司', 2);
  units.other = await createUnit('指导测试丙物流有限公司', 3);
  assignments.guided = await assign(units.guided, instructor.userId);
  assignments.idle = await assign(units.idle, instructor.userId);
  // three full members who work at the guided enterprise, which has no branch: O1 finds it
  const branch = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
  await t.database.db
    .insertInto('members')
    .values(
      [1, 2, 3].map((i) => ({
        org_id: branch,
        region_code: '350206',
        name: `指导测试党员${i}`,
        name_search: normalizeForSearch(`指导测试党员${i}`),
        id_number: makeIdNumber('350206', `1980-0${i}-0${i}`, 731 + i * 2),
        gender: 'male' as const,
        birth_date: `1980-0${i}-0${i}`,
        stage: 'full',
        work_unit: '指导测试甲科技有限公司',
        updated_at: clock.now(),
      })),
    )
    .execute();
  const sweep = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/compliance/sweep',
    payload: { orgId: huli },
  });
  expect(sweep.statusCode, sweep.body).toBe(200);
  // a visit someone else recorded in Donghu (outside the district, not assigned to the instructor)
  const donghuUnit = await t.database.db
    .selectFrom('instructor_assignments')
    .select(['unit_id', 'id'])
    .where('region_code', '=', '360102')
    .where('user_id', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const row = await t.database.db
    .insertInto('guidance_visits')
    .values({
      region_code: '360102',
      unit_id: donghuUnit.unit_id,
      assignment_id: donghuUnit.id,
      instructor_user_id: admin.userId,
      instructor_name: '东湖另一名指导员',
      visited_on: today,
      topic: '东湖企业党建指导',
      updated_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  donghuVisit = row.id;
}, 120_000);
afterAll(() => t.close());

describe('the instructor’s enterprises', () => {
  it('lists the enterprises assigned today with their open compliance findings', async () => {
    const res = await t.as(instructor, { url: '/api/v1/guidance/enterprises' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{
      unitId: number;
      openFindings: number;
      findings: Array<{ ruleCode: string; message: string }>;
      visitsInPeriod: number;
    }>;
    const guided = items.find((i) => i.unitId === units.guided);
    expect(guided).toMatchObject({ openFindings: 1, visitsInPeriod: 0 });
    expect(guided!.findings[0]).toMatchObject({ ruleCode: 'O1' });
    expect(guided!.findings[0]!.message).toContain('指导测试甲科技有限公司');
    expect(items.some((i) => i.unitId === units.other)).toBe(false);
    // the demo instructor's Donghu enterprises are there too
    expect(items.length).toBeGreaterThan(2);
    for (const s of [secretary, member, district]) {
      const other = await t.as(s, { url: '/api/v1/guidance/enterprises' });
      expect(other.statusCode).toBe(403);
    }
  });
});

describe('recording a guidance visit', () => {
  it('records a visit to an assigned enterprise, audited, and it counts toward work coverage', async () => {
    const before = await huliTotals();
    expect(await coverageOf(units.guided)).toMatchObject({ bucket: 'instructorReached', guided: false });
    const res = await t.as(instructor, {
      method: 'POST',
      url: '/api/v1/guidance-visits',
      payload: {
        unitId: units.guided,
        visitedOn: today,
        topic: '指导企业组建党支部',
        problems: '正式党员3名，尚未成立党支部',
        followUp: '一个月内提交成立党支部的请示',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    visitId = res.json().id;
    expect(res.json()).toMatchObject({
      unitId: units.guided,
      unitName: '指导测试甲科技有限公司',
      instructorName: '熊卫东（党建工作指导员）',
      followUpDoneOn: null,
      editable: true,
    });
    const after = await huliTotals();
    expect(after.totals.guided).toBe(before.totals.guided + 1);
    expect(after.guidancePeriod).toEqual({ from: `${today.slice(0, 4)}-01-01`, to: today });
    expect(after.definitions.guided).toContain('指导记录');
    expect(await coverageOf(units.guided)).toMatchObject({ bucket: 'instructorReached', guided: true });
    const guided = await t.as(admin, { url: `/api/v1/coverage/units?orgId=${huli}&bucket=guided` });
    expect(guided.json().items.map((u: { id: number }) => u.id)).toContain(units.guided);
    const enterprises = await t.as(instructor, { url: '/api/v1/guidance/enterprises' });
    expect(enterprises.json().items.find((i: { unitId: number }) => i.unitId === units.guided)).toMatchObject(
      {
        visitsInPeriod: 1,
        lastVisitOn: today,
      },
    );
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('entity_type', '=', 'guidance_visit')
      .where('entity_id', '=', String(visitId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['guidance.visit_create']);
  });

  it('keeps an enterprise covered for the year once guided, after its assignment ends; unguided ones fall out', async () => {
    for (const id of [assignments.guided, assignments.idle]) {
      const end = await t.as(admin, {
        method: 'POST',
        url: `/api/v1/instructor-assignments/${id}/end`,
        payload: { endedOn: today },
      });
      expect(end.statusCode, end.body).toBe(200);
    }
    expect(await coverageOf(units.guided)).toMatchObject({ bucket: 'instructorReached', guided: true });
    expect(await coverageOf(units.idle)).toMatchObject({ bucket: 'uncovered', guided: false });
    // no longer assigned: no new visit there, the same answer as an enterprise that does not exist
    const visit = (unitId: number) =>
      t.as(instructor, {
        method: 'POST',
        url: '/api/v1/guidance-visits',
        payload: { unitId, visitedOn: today, topic: '回访' },
      });
    const ended = await visit(units.guided);
    const missing = await visit(999_999_999);
    expect(ended.statusCode).toBe(400);
    expect(problem(ended)).toEqual(problem(missing));
    expect(ended.json().errors[0]).toMatchObject({ field: 'unitId', code: 'unit.not_found' });
    // their own record stays theirs to read and complete
    const done = await t.as(instructor, {
      method: 'PATCH',
      url: `/api/v1/guidance-visits/${visitId}`,
      payload: { followUpDoneOn: today },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().followUpDoneOn).toBe(today);
    // and they are assigned again from today, for the rest of the test
    assignments.guided = await assign(units.guided, instructor.userId, today);
  });

  it('refuses dates after today, before the assignment, and a follow-up done before the visit', async () => {
    const post = (payload: Record<string, unknown>) =>
      t.as(instructor, {
        method: 'POST',
        url: '/api/v1/guidance-visits',
        payload: { unitId: units.guided, topic: '指导', ...payload },
      });
    const future = await post({ visitedOn: addDays(today, 1) });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: 'visitedOn', code: 'guidance.visited_on' });
    const early = await post({ visitedOn: addDays(today, -1) });
    expect(early.json().errors[0]).toMatchObject({
      field: 'visitedOn',
      message: expect.stringContaining('选派'),
    });
    const backwards = await post({ visitedOn: today, followUpDoneOn: addDays(today, -1) });
    expect(backwards.json().errors[0]).toMatchObject({ field: 'followUpDoneOn' });
    const empty = await post({ visitedOn: today, topic: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ field: 'topic', message: '指导主题不能为空' });
    const badDate = await post({ visitedOn: '2026-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('visitedOn');
  });
});

describe('access matrix', () => {
  it('instructor: own visits and assigned enterprises only; outside answers 404', async () => {
    const list = await t.as(instructor, { url: '/api/v1/guidance-visits' });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((v: { id: number }) => v.id);
    expect(ids).toContain(visitId);
    expect(ids).not.toContain(donghuVisit);
    expect(list.json().unitsGuided).toBeGreaterThanOrEqual(1);
    expect((await t.as(instructor, { url: `/api/v1/guidance-visits/${visitId}` })).statusCode).toBe(200);
    const outside = await t.as(instructor, { url: `/api/v1/guidance-visits/${donghuVisit}` });
    const missing = await t.as(instructor, { url: '/api/v1/guidance-visits/999999999' });
    expect(outside.statusCode).toBe(404);
    expect(problem(outside)).toEqual(problem(missing));
    const patch = await t.as(instructor, {
      method: 'PATCH',
      url: `/api/v1/guidance-visits/${donghuVisit}`,
      payload: { topic: '改' },
    });
    expect(patch.statusCode).toBe(404);
  });

  it('org_admin: reads the visits of its subtree only and changes none', async () => {
    const list = await t.as(district, { url: '/api/v1/guidance-visits' });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((v: { id: number; editable: boolean }) => v.id);
    expect(ids).toContain(visitId);
    expect(ids).not.toContain(donghuVisit);
    expect(list.json().items.every((v: { editable: boolean }) => !v.editable)).toBe(true);
    expect((await t.as(district, { url: `/api/v1/guidance-visits/${donghuVisit}` })).statusCode).toBe(404);
    const patch = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/guidance-visits/${visitId}`,
      payload: { topic: '改' },
    });
    expect(patch.statusCode).toBe(403);
    const create = await t.as(district, {
      method: 'POST',
      url: '/api/v1/guidance-visits',
      payload: { unitId: units.guided, visitedOn: today, topic: '指导' },
    });
    expect(create.statusCode).toBe(403);
    // the city administrator reaches Donghu too
    const city = await t.as(admin, { url: `/api/v1/guidance-visits/${donghuVisit}` });
    expect(city.statusCode).toBe(200);
  });

  it('secretary and member: no guidance records at all', async () => {
    for (const s of [secretary, member]) {
      expect((await t.as(s, { url: '/api/v1/guidance-visits' })).statusCode).toBe(403);
      expect((await t.as(s, { url: `/api/v1/guidance-visits/${visitId}` })).statusCode).toBe(403);
      const create = await t.as(s, {
        method: 'POST',
        url: '/api/v1/guidance-visits',
        payload: { unitId: units.guided, visitedOn: today, topic: '指导' },
      });
      expect(create.statusCode).toBe(403);
    }
  });
});
