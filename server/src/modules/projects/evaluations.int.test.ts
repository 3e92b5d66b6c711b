import { addDays } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 年终评比 (issue 15) on the demo city (both engines): an organization opens the year's evaluation of the
 * projects it leads (figures taken as of the year's end or today), its judges score, the ranking weights
 * the measured result against the judges' mean, the decision freezes it; refusals name their field;
 * who × action × inside or outside the organization's subtree.
 */
let t: TestApp;
let admin: Session;
let district: Session;
let secretary: Session;
let member: Session;
let general: number;
let xiushui: number;
const today = clock.today();
const year = Number(today.slice(0, 4));
const day = (n: number) => addDays(today, n);
const ids: Record<'done' | 'half' | 'late', number> = { done: 0, half: 0, late: 0 };
let evaluationId = 0;

async function call(who: Session, method: string, url: string, payload?: unknown) {
  const res = await t.as(who, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  secretary = await t.login('secretary');
  member = await t.login('member');
  const huli = await orgId(t, '中共厦门市湖里区委员会');
  xiushui = await orgId(t, '中共修水县委员会');
  const org = await call(district, 'POST', '/api/v1/orgs', {
    name: '湖里区评比测试总支',
    type: 'general_branch',
    parentId: huli,
  });
  expect(org.status, JSON.stringify(org.body)).toBe(201);
  general = org.body.id;
  const project = async (title: string, done: number) => {
    const p = await call(district, 'POST', '/api/v1/projects', {
      orgId: general,
      title,
      kind: 'secretary_led',
      milestones: [
        { title: '节点一', plannedOn: day(-20), weight: 50 },
        { title: '节点二', plannedOn: day(-10), weight: 50 },
      ],
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    for (const m of p.body.milestones.slice(0, done)) {
      const c = await call(district, 'POST', `/api/v1/projects/${p.body.id}/milestones/${m.id}/complete`, {
        completedOn: day(-1),
        evidence: '验收材料',
      });
      expect(c.status, JSON.stringify(c.body)).toBe(200);
    }
    return p.body.id as number;
  };
  ids.done = await project('评比测试：全部完成', 2);
  ids.half = await project('评比测试：完成一半', 1);
  ids.late = await project('评比测试：尚未开始', 0);
});
afterAll(() => t.close());

describe('年终评比', () => {
  it('opens with the projects of the organization and their figures as of the evaluation date', async () => {
    const res = await call(district, 'POST', '/api/v1/project-evaluations', {
      orgId: general,
      year,
      title: `${year}年度书记领航项目评比`,
      measuredWeight: 40,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    evaluationId = res.body.id;
    expect(res.body).toMatchObject({ status: 'scoring', asOf: today, entryCount: 3, canJudge: true });
    const byId = new Map(res.body.entries.map((e: { projectId: number }) => [e.projectId, e]));
    expect(byId.get(ids.done)).toMatchObject({ progress: 100, aheadPoints: 0, total: null, rank: null });
    expect(byId.get(ids.half)).toMatchObject({ progress: 50, aheadPoints: -50 });
    expect(byId.get(ids.late)).toMatchObject({ progress: 0, aheadPoints: -100 });
    // one evaluation per organization and year
    const again = await call(district, 'POST', '/api/v1/project-evaluations', {
      orgId: general,
      year,
      title: '重复',
      measuredWeight: 40,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('project.evaluation_exists');
  });

  it('ranks by 40% measured and 60% the judges’ mean; a second judge changes the mean', async () => {
    const score = (who: Session, projectId: number, s: number, comment = '') =>
      call(who, 'PUT', `/api/v1/project-evaluations/${evaluationId}/scores/${projectId}`, {
        score: s,
        comment,
      });
    expect((await score(district, ids.done, 60, '成效一般')).status).toBe(200);
    expect((await score(district, ids.half, 95, '群众评价高')).status).toBe(200);
    const one = await score(district, ids.late, 70);
    // done: .4×100 + .6×60 = 76; half: .4×50 + .6×95 = 77; late: .6×70 = 42
    expect(
      one.body.entries.map((e: { projectId: number; total: number; rank: number }) => [
        e.projectId,
        e.total,
        e.rank,
      ]),
    ).toEqual([
      [ids.half, 77, 1],
      [ids.done, 76, 2],
      [ids.late, 42, 3],
    ]);
    const second = await score(admin, ids.done, 100, '示范作用突出');
    const done = second.body.entries.find((e: { projectId: number }) => e.projectId === ids.done);
    // mean 80 → .4×100 + .6×80 = 88
    expect(done).toMatchObject({ judgesMean: 80, total: 88, rank: 1, scoreCount: 2 });
    expect(done.scores.map((s: { judgeName: string; score: number }) => s.score)).toEqual([60, 100]);
    // a judge changes their own score, not another's
    const changed = await score(district, ids.done, 70);
    expect(changed.body.entries.find((e: { projectId: number }) => e.projectId === ids.done).judgesMean).toBe(
      85,
    );
  });

  it('refuses bad input naming the field, and a project outside the evaluation', async () => {
    for (const [payload, field] of [
      [{ score: 101 }, 'score'],
      [{ score: -1 }, 'score'],
      [{ score: 50.5 }, 'score'],
      [{ score: '80' }, 'score'],
      [{ score: 80, comment: 'x'.repeat(501) }, 'comment'],
    ] as const) {
      const res = await call(
        district,
        'PUT',
        `/api/v1/project-evaluations/${evaluationId}/scores/${ids.done}`,
        payload,
      );
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
    const other = await call(district, 'PUT', `/api/v1/project-evaluations/${evaluationId}/scores/999999`, {
      score: 80,
    });
    expect(other.status).toBe(404);
    for (const [payload, field] of [
      [{ orgId: general, year: year + 1, title: '明年', measuredWeight: 40 }, 'year'],
      [{ orgId: general, year: year - 1, title: '去年', measuredWeight: 101 }, 'measuredWeight'],
      [{ orgId: general, year: year - 1, title: '', measuredWeight: 40 }, 'title'],
      [{ orgId: xiushui, year: year - 1, title: '范围外', measuredWeight: 40 }, 'orgId'],
    ] as const) {
      const res = await call(district, 'POST', '/api/v1/project-evaluations', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
  });

  it('lets only the holders of project.manage over the organization judge; readers read; outsiders see nothing', async () => {
    // the secretary's branch lies elsewhere in 湖里: no project.read over this general branch
    expect((await call(secretary, 'GET', `/api/v1/project-evaluations/${evaluationId}`)).status).toBe(404);
    expect(
      (
        await call(secretary, 'PUT', `/api/v1/project-evaluations/${evaluationId}/scores/${ids.done}`, {
          score: 1,
        })
      ).status,
    ).toBe(404);
    expect((await call(member, 'GET', `/api/v1/project-evaluations/${evaluationId}`)).status).toBe(403);
    const list = await call(secretary, 'GET', '/api/v1/project-evaluations');
    expect(list.body.items.map((e: { id: number }) => e.id)).not.toContain(evaluationId);
    const mine = await call(district, 'GET', '/api/v1/project-evaluations');
    expect(mine.body.items.map((e: { id: number }) => e.id)).toContain(evaluationId);
  });

  it('decides: the ranks freeze, no more scores, and the decision is audited', async () => {
    const decided = await call(district, 'POST', `/api/v1/project-evaluations/${evaluationId}/decide`);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.status).toBe('decided');
    expect(decided.body.canJudge).toBe(false);
    expect(
      decided.body.entries.map((e: { projectId: number; rank: number }) => [e.projectId, e.rank]),
    ).toEqual([
      [ids.done, 1],
      [ids.half, 2],
      [ids.late, 3],
    ]);
    const late = await call(admin, 'PUT', `/api/v1/project-evaluations/${evaluationId}/scores/${ids.late}`, {
      score: 100,
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('project.evaluation_decided');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'project_evaluation')
      .where('entity_id', '=', String(evaluationId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'project.evaluation.create',
        'project.evaluation.score',
        'project.evaluation.decide',
      ]),
    );
  });

  it('will not decide before any judge scored when the judges count', async () => {
    const res = await call(district, 'POST', '/api/v1/project-evaluations', {
      orgId: general,
      year: year - 1,
      title: '上年度评比',
      measuredWeight: 50,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.asOf).toBe(`${year - 1}-12-31`);
    const decided = await call(district, 'POST', `/api/v1/project-evaluations/${res.body.id}/decide`);
    expect(decided.status).toBe(409);
    expect(decided.body.code).toBe('project.evaluation_unscored');
  });
});
