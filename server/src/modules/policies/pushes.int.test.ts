import { addDays } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { policyPushJob, policyRematchJob } from './jobs.ts';
import { matchAll } from './matching.ts';

/**
 * Policy pushes and the district's figures (issue 13 items 4 and 6, decision 0023) on the demo city:
 * a fact change that makes an enterprise eligible pushes once and only once; a changed policy pushes
 * only to the enterprises whose answer became eligible; the cap and the digest; the push in the inbox
 * and through the channel; read and applied counted; the funnel by policy and month, scoped.
 */

let t: TestApp;
let district: Session;
let enterprise: Session;
let secretary: Session;
let handlerOrg: number;
let ownUnit: number;
let otherUnit: number;
let outsideUnit: number;
let enterpriseUser: number;
const today = clock.today();
/** deliveries run at 10:00 on the test day, out of quiet hours, so the channel sends at once */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
const silent = { info() {}, warn() {}, error() {}, debug() {} };
const deliver = (day = today) =>
  clock.at(at(day), () => policyPushJob.handler({}, { db: t.database, log: silent } as never)) as Promise<{
    messages: number;
    digests: number;
    pushes: number;
    held: number;
  }>;

beforeAll(async () => {
  t = await createTestApp();
  district = await t.login('district');
  enterprise = await t.login('enterprise');
  secretary = await t.login('secretary');
  handlerOrg = await orgId(t, '厦门市湖里区市场监督管理局机关党支部');
  const db = t.database.db;
  const own = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['orgs.unit_id', 'users.id'])
    .where('users.username', '=', 'enterprise')
    .executeTakeFirstOrThrow();
  ownUnit = own.unit_id!;
  enterpriseUser = own.id;
  const huliPath = (
    await db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', await orgId(t, '中共厦门市湖里区委员会'))
      .executeTakeFirstOrThrow()
  ).path;
  const unitIn = (inside: boolean) =>
    db
      .selectFrom('units')
      .innerJoin('orgs', 'orgs.id', 'units.org_id')
      .select('units.id')
      .where('units.kind', '=', 'enterprise')
      .where('orgs.path', inside ? 'like' : 'not like', `${huliPath}%`)
      .where('units.id', '<>', ownUnit)
      .orderBy('units.id')
      .executeTakeFirstOrThrow();
  otherUnit = (await unitIn(true)).id;
  outsideUnit = (await unitIn(false)).id;
  // what the demo sent is last week's, so the cap starts empty; 湖里 sets its own cap as data
  await db
    .updateTable('policy_push_messages')
    .set({ sent_on: '2000-01-03', sent_week: '2000-01-03' })
    .execute();
  await db
    .insertInto('policy_push_caps')
    .values({ region_prefix: '350206', per_day: 2, per_week: 3 })
    .onConflict((oc) => oc.column('region_prefix').doUpdateSet({ per_day: 2, per_week: 3 }))
    .execute();
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

const pushesOf = (unitId: number, policyId: number) =>
  t.database.db
    .selectFrom('policy_pushes')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('policy_id', '=', policyId)
    .orderBy('id')
    .execute();

let seq = 0;
/** A policy of 湖里 kept by the district; `rd` makes it need R&D spend the demo enterprise has not given. */
async function newPolicy(criteria: unknown, extra: Record<string, unknown> = {}) {
  seq++;
  const res = await call(district, 'POST', '/api/v1/policies', {
    title: `推送测试政策${seq}`,
    docNumber: `厦湖推〔2026〕${seq}号`,
    issuer: '湖里区科技局',
    regionCode: '350206',
    effectiveFrom: '2020-01-01',
    clauses: [{ article: '第一条', text: '条件。' }],
    criteria,
    decideOrgId: handlerOrg,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}
const rdCriteria = {
  all: [
    { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第一条' },
    { fact: 'rdExpenseFen', op: 'gte', value: 987_654_321_00, clause: '第一条' },
  ],
};

let rdPolicy: number;

describe('a fact change that makes an enterprise eligible', () => {
  it('records one push, enqueues its delivery in the same transaction, and a second re-match adds none', async () => {
    rdPolicy = await newPolicy(rdCriteria);
    expect(await pushesOf(ownUnit, rdPolicy)).toEqual([]);
    const jobsBefore = await t.database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', 'policies.push')
      .executeTakeFirstOrThrow();
    const put = await call(enterprise, 'PUT', `/api/v1/enterprises/${ownUnit}/facts`, {
      facts: { rdExpenseFen: 987_654_321_00 },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const pushes = await pushesOf(ownUnit, rdPolicy);
    expect(pushes).toMatchObject([{ version: 1, cause: 'facts', sent_at: null, region_code: '350206' }]);
    const jobsAfter = await t.database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', 'policies.push')
      .executeTakeFirstOrThrow();
    expect(Number(jobsAfter.n)).toBe(Number(jobsBefore.n) + 1);
    // another fact change, the nightly full match: still eligible, no news
    await call(enterprise, 'PUT', `/api/v1/enterprises/${ownUnit}/facts`, { facts: { employees: 121 } });
    const figures = await matchAll(t.database.db, today, clock.now());
    expect(figures.pushes).toBe(0);
    expect(await pushesOf(ownUnit, rdPolicy)).toHaveLength(1);
  });

  it('is told once: delivered to the inbox and the channel, and eligible again under the same version tells nobody', async () => {
    const ran = await deliver();
    expect(ran.pushes).toBeGreaterThanOrEqual(1);
    const [push] = await pushesOf(ownUnit, rdPolicy);
    expect(push!.sent_at).not.toBeNull();
    const notices = await t.database.db
      .selectFrom('notifications')
      .select(['kind', 'title', 'policy_push_id', 'delivered_at'])
      .where('user_id', '=', enterpriseUser)
      .where('policy_message_id', '=', push!.message_id)
      .execute();
    expect(notices).toEqual([
      {
        kind: 'policy_push',
        title: '【政策推送】推送测试政策1',
        policy_push_id: push!.id,
        delivered_at: expect.any(Date),
      },
    ]);
    // through the channel: alone, or in the user's digest of notices when the R&D spend made several
    const sent = await t.database.db
      .selectFrom('channel_deliveries')
      .select(['title', 'body'])
      .where('user_id', '=', enterpriseUser)
      .execute();
    expect(sent.filter((d) => `${d.title}${d.body}`.includes('推送测试政策1'))).toHaveLength(1);
    // the fact removed and given again: ineligible, then eligible under the same version, told already
    await call(enterprise, 'PUT', `/api/v1/enterprises/${ownUnit}/facts`, { facts: { rdExpenseFen: null } });
    await call(enterprise, 'PUT', `/api/v1/enterprises/${ownUnit}/facts`, {
      facts: { rdExpenseFen: 987_654_321_00 },
    });
    expect(await pushesOf(ownUnit, rdPolicy)).toHaveLength(1);
  });

  it('one queued delivery delivers every pending push: new pushes while it waits queue no other', async () => {
    const queued = () =>
      t.database.db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', 'policies.push')
        .where('state', '=', 'queued')
        .execute();
    await t.database.db
      .deleteFrom('jobs')
      .where('name', '=', 'policies.push')
      .where('state', '=', 'queued')
      .execute();
    const a = await newPolicy(rdCriteria);
    expect(await queued()).toHaveLength(1);
    const b = await newPolicy(rdCriteria);
    expect(await queued()).toHaveLength(1);
    expect(await pushesOf(ownUnit, a)).toHaveLength(1);
    expect(await pushesOf(ownUnit, b)).toHaveLength(1);
  });

  it('a pending push whose pair is no longer eligible is dropped, never told', async () => {
    const other = await newPolicy({
      all: [{ fact: 'rdExpenseFen', op: 'gte', value: 987_654_321_01, clause: '第一条' }],
    });
    await call(district, 'PUT', `/api/v1/enterprises/${otherUnit}/facts`, {
      facts: { rdExpenseFen: 987_654_321_01 },
    });
    expect(await pushesOf(otherUnit, other)).toHaveLength(1);
    await call(district, 'PUT', `/api/v1/enterprises/${otherUnit}/facts`, { facts: { rdExpenseFen: 1 } });
    await deliver();
    expect(await pushesOf(otherUnit, other)).toEqual([]);
  });

  it('a pending push for an item the enterprise applied for before being told is dropped', async () => {
    // the enterprise already qualifies when the policy is created: a push waits for the job
    const quick = await newPolicy(rdCriteria);
    expect(await pushesOf(ownUnit, quick)).toMatchObject([{ cause: 'policy', sent_at: null }]);
    const applied = await call(enterprise, 'POST', `/api/v1/enterprises/${ownUnit}/policy-applications`, {
      policyId: quick,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    await deliver();
    expect(await pushesOf(ownUnit, quick)).toEqual([]);
  });
});

describe('a changed policy', () => {
  it('pushes only to the enterprises whose answer became eligible, under the new version', async () => {
    const db = t.database.db;
    const body = (criteria: unknown, title = '推送测试政策（修改）') => ({
      title,
      docNumber: '厦湖推〔2026〕99号',
      issuer: '湖里区科技局',
      regionCode: '350206',
      effectiveFrom: '2020-01-01',
      clauses: [{ article: '第一条', text: '条件。' }],
      criteria,
      decideOrgId: handlerOrg,
    });
    const id = await newPolicy({ all: [{ fact: 'employees', op: 'gte', value: 100_000, clause: '第一条' }] });
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('policy_pushes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('policy_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(0);
    // relaxed: the enterprises of 湖里 with 120 or more employees become eligible under version 2
    const relaxed = { all: [{ fact: 'employees', op: 'gte', value: 120, clause: '第一条' }] };
    expect((await call(district, 'PUT', `/api/v1/policies/${id}`, body(relaxed))).status).toBe(200);
    const eligible = await db
      .selectFrom('policy_matches')
      .select('unit_id')
      .where('policy_id', '=', id)
      .where('result', '=', 'eligible')
      .execute();
    expect(eligible.length).toBeGreaterThan(0);
    const v2 = await db.selectFrom('policy_pushes').selectAll().where('policy_id', '=', id).execute();
    expect(v2.map((p) => p.unit_id).sort()).toEqual(eligible.map((e) => e.unit_id).sort());
    expect(new Set(v2.map((p) => `${p.version}:${p.cause}`))).toEqual(new Set(['2:policy']));
    // a new title changes no answer: version 3 tells nobody
    expect((await call(district, 'PUT', `/api/v1/policies/${id}`, body(relaxed, '新标题'))).status).toBe(200);
    expect(await count()).toBe(v2.length);
    // relaxed further: only those newly eligible are told (the 120+ are not told again)
    const wider = { all: [{ fact: 'employees', op: 'gte', value: 100, clause: '第一条' }] };
    await call(district, 'PUT', `/api/v1/policies/${id}`, body(wider, '新标题'));
    const v4 = await db
      .selectFrom('policy_pushes')
      .select('unit_id')
      .where('policy_id', '=', id)
      .where('version', '=', 4)
      .execute();
    const widened = await db
      .selectFrom('policy_matches')
      .select('unit_id')
      .where('policy_id', '=', id)
      .where('result', '=', 'eligible')
      .execute();
    expect(v4.length).toBe(widened.length - eligible.length);
    expect(v4.some((p) => v2.some((q) => q.unit_id === p.unit_id))).toBe(false);
  });
});

describe('the cap and the digest', () => {
  it('two messages a day: one push alone and the rest in one digest; more waits for the next day', async () => {
    const db = t.database.db;
    const forget = () =>
      db
        .updateTable('policy_push_messages')
        .set({ sent_on: '2000-01-03', sent_week: '2000-01-03' })
        .where('unit_id', '=', ownUnit)
        .execute();
    // what the earlier tests left (the R&D spend given above made demo policies eligible too)
    for (let i = 0; i < 3; i++) {
      await forget();
      await deliver();
    }
    await forget();
    const easy = { all: [{ fact: 'rdExpenseFen', op: 'gte', value: 987_654_321_00, clause: '第一条' }] };
    const ids = [await newPolicy(easy), await newPolicy(easy), await newPolicy(easy)];
    for (const id of ids) expect(await pushesOf(ownUnit, id)).toHaveLength(1);
    await deliver();
    const messages = await db
      .selectFrom('policy_push_messages')
      .select(['kind', 'pushes'])
      .where('unit_id', '=', ownUnit)
      .where('sent_on', '=', today)
      .orderBy('id')
      .execute();
    expect(messages).toEqual([
      { kind: 'single', pushes: 1 },
      { kind: 'digest', pushes: 2 },
    ]);
    const digest = await db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('user_id', '=', enterpriseUser)
      .where('kind', '=', 'policy_digest')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(digest.title).toBe('【政策推送】贵企业新符合 2 项政策');
    expect(digest.body).toContain(`推送测试政策${seq}`);
    // the day is full: a fourth waits
    const fourth = await newPolicy(easy);
    const held = await deliver();
    expect(held.held).toBeGreaterThanOrEqual(1);
    expect((await pushesOf(ownUnit, fourth))[0]!.sent_at).toBeNull();
    // the next day (the same week, unless today is a Sunday) has room
    const next = addDays(today, 1);
    await deliver(next);
    expect((await pushesOf(ownUnit, fourth))[0]!.sent_at).not.toBeNull();
  });
});

describe('read and applied', () => {
  it('the enterprise lists its pushes; opening one reads it and its notice; staff opening it count nothing', async () => {
    const list = await call(enterprise, 'GET', `/api/v1/enterprises/${ownUnit}/policy-pushes`);
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { policyId: number }) => i.policyId === rdPolicy);
    expect(item).toMatchObject({ readAt: null, digest: false, cause: 'facts', mode: 'apply' });
    const byStaff = await call(
      district,
      'POST',
      `/api/v1/enterprises/${ownUnit}/policy-pushes/${item.id}/read`,
    );
    expect(byStaff).toMatchObject({ status: 200, body: { policyId: rdPolicy, readAt: null } });
    const opened = await call(
      enterprise,
      'POST',
      `/api/v1/enterprises/${ownUnit}/policy-pushes/${item.id}/read`,
    );
    expect(opened.status).toBe(200);
    expect(opened.body.readAt).not.toBeNull();
    const notice = await t.database.db
      .selectFrom('notifications')
      .select('read_at')
      .where('user_id', '=', enterpriseUser)
      .where('policy_push_id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(notice.read_at).not.toBeNull();
    // opening again keeps the first time
    const again = await call(
      enterprise,
      'POST',
      `/api/v1/enterprises/${ownUnit}/policy-pushes/${item.id}/read`,
    );
    expect(again.body.readAt).toBe(opened.body.readAt);
  });

  it('an application for the item counts the push as applied', async () => {
    const res = await call(enterprise, 'POST', `/api/v1/enterprises/${ownUnit}/policy-applications`, {
      policyId: rdPolicy,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [push] = await pushesOf(ownUnit, rdPolicy);
    expect(push).toMatchObject({ case_id: res.body.caseId, applied_at: expect.any(Date) });
  });

  it('only the enterprise itself and staff over it: 404 elsewhere, naming nothing', async () => {
    const [push] = await pushesOf(ownUnit, rdPolicy);
    expect((await call(enterprise, 'GET', `/api/v1/enterprises/${otherUnit}/policy-pushes`)).status).toBe(
      404,
    );
    expect((await call(district, 'GET', `/api/v1/enterprises/${outsideUnit}/policy-pushes`)).status).toBe(
      404,
    );
    expect((await call(district, 'GET', `/api/v1/enterprises/${otherUnit}/policy-pushes`)).status).toBe(200);
    // a push of another enterprise through one's own: 404
    const foreign = await t.database.db
      .selectFrom('policy_pushes')
      .select('id')
      .where('unit_id', '<>', ownUnit)
      .executeTakeFirstOrThrow();
    expect(
      (await call(enterprise, 'POST', `/api/v1/enterprises/${ownUnit}/policy-pushes/${foreign.id}/read`))
        .status,
    ).toBe(404);
    expect(
      (await call(secretary, 'POST', `/api/v1/enterprises/${ownUnit}/policy-pushes/${push!.id}/read`)).status,
    ).toBe(404);
    const bad = await call(enterprise, 'POST', `/api/v1/enterprises/${ownUnit}/policy-pushes/abc/read`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('pushId');
  });
});

describe("the district's figures", () => {
  it('counts the funnel by policy and by month over the enterprises in scope', async () => {
    const res = await call(district, 'GET', '/api/v1/policies/figures');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const month = clock.month();
    expect(res.body.to).toBe(month);
    expect(res.body.byMonth).toHaveLength(12);
    const row = res.body.byPolicy.find((p: { policyId: number }) => p.policyId === rdPolicy);
    expect(row).toMatchObject({
      eligible: 1,
      newlyEligible: 1,
      sent: 1,
      read: 1,
      applied: 1,
      applications: 1,
    });
    const thisMonth = res.body.byMonth.find((m: { month: string }) => m.month === month);
    expect(thisMonth.sent).toBeGreaterThanOrEqual(1);
    expect(thisMonth.applications).toBeGreaterThanOrEqual(1);
    expect(res.body.total.sent).toBe(
      res.body.byPolicy.reduce((n: number, p: { sent: number }) => n + p.sent, 0),
    );
    // the admin of the city sees at least as much; an enterprise or a branch secretary sees none
    const admin = await t.login('admin');
    const city = await call(admin, 'GET', '/api/v1/policies/figures');
    expect(city.body.total.sent).toBeGreaterThanOrEqual(res.body.total.sent);
    expect((await call(enterprise, 'GET', '/api/v1/policies/figures')).status).toBe(403);
    expect((await call(secretary, 'GET', '/api/v1/policies/figures')).status).toBe(403);
  });

  it('narrows to an organization inside the scope; outside answers 400 naming orgId; bad months name the field', async () => {
    const outside = await t.database.db
      .selectFrom('orgs')
      .select('id')
      .where('name', '=', '中共厦门市思明区委员会')
      .executeTakeFirst();
    if (outside) {
      const res = await call(district, 'GET', `/api/v1/policies/figures?orgId=${outside.id}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('orgId');
    }
    const missing = await call(district, 'GET', '/api/v1/policies/figures?orgId=999999999');
    expect(missing.body.errors[0]).toMatchObject({ field: 'orgId' });
    const reversed = await call(district, 'GET', '/api/v1/policies/figures?from=2026-06&to=2026-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors[0]).toMatchObject({ field: 'from', code: 'figures.range' });
    const bad = await call(district, 'GET', '/api/v1/policies/figures?from=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
    const long = await call(district, 'GET', '/api/v1/policies/figures?from=2020-01&to=2026-01');
    expect(long.body.errors[0]).toMatchObject({ field: 'from', code: 'figures.range' });
  });

  it('exports the figures as a workbook', async () => {
    const res = await t.as(district, { method: 'GET', url: '/api/v1/policies/figures/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('the nightly re-match', () => {
  it('a policy coming into force pushes to the enterprises it makes eligible, as the nightly cause', async () => {
    const tomorrow = addDays(today, 1);
    const id = await newPolicy(rdCriteria, { effectiveFrom: tomorrow });
    expect(await pushesOf(ownUnit, id)).toEqual([]);
    await clock.at(new Date(`${tomorrow}T00:20:00+08:00`), () =>
      policyRematchJob.handler({}, { db: t.database } as never),
    );
    expect(await pushesOf(ownUnit, id)).toMatchObject([{ cause: 'nightly', version: 1 }]);
  });
});
