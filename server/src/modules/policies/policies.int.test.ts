import { addDays } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { multipart, readXlsx, xlsxOf } from '../../test/xlsx.ts';
import { policyRematchJob } from './jobs.ts';
import { matchAll } from './matching.ts';

/**
 * Policies for enterprises (issue 13, API.md "Policies for enterprises") on the demo city: the policy
 * library and its validation naming the field path, the check's three answers, an enterprise's facts
 * read and supplied by itself and by the district, the stored matches redone when a fact or a policy
 * changes (and equal to a full match), a policy's figures for staff, and who sees what (404 outside).
 */

let t: TestApp;
let admin: Session;
let district: Session;
let enterprise: Session;
let secretary: Session;
let huli: number;
let handlerOrg: number;
let ownUnit: number;
let otherUnit: number;
let outsideUnit: number;
let auditBefore: number | string;
const today = clock.today();
const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}${today.slice(4)}`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  enterprise = await t.login('enterprise');
  secretary = await t.login('secretary');
  huli = await orgId(t, '中共厦门市湖里区委员会');
  handlerOrg = await orgId(t, '厦门市湖里区市场监督管理局机关党支部');
  Object.assign(policy, { decideOrgId: handlerOrg, materials: ['研发费用专项审计报告'] });
  const db = t.database.db;
  const own = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select('orgs.unit_id')
    .where('users.username', '=', 'enterprise')
    .executeTakeFirstOrThrow();
  ownUnit = own.unit_id!;
  const huliPath = (
    await db.selectFrom('orgs').select('path').where('id', '=', huli).executeTakeFirstOrThrow()
  ).path;
  const other = await db
    .selectFrom('units')
    .innerJoin('orgs', 'orgs.id', 'units.org_id')
    .select('units.id')
    .where('units.kind', '=', 'enterprise')
    .where('orgs.path', 'like', `${huliPath}%`)
    .where('units.id', '<>', ownUnit)
    .orderBy('units.id')
    .executeTakeFirstOrThrow();
  otherUnit = other.id;
  const outside = await db
    .selectFrom('units')
    .innerJoin('orgs', 'orgs.id', 'units.org_id')
    .select('units.id')
    .where('units.kind', '=', 'enterprise')
    .where('orgs.path', 'not like', `${huliPath}%`)
    .orderBy('units.id')
    .executeTakeFirstOrThrow();
  outsideUnit = outside.id;
  // start these three from no facts at all (the demo gives them some)
  const units = [ownUnit, otherUnit, outsideUnit];
  await db.deleteFrom('enterprise_facts').where('unit_id', 'in', units).execute();
  await db.deleteFrom('enterprise_profiles').where('unit_id', 'in', units).execute();
  await db.deleteFrom('policy_matches').where('unit_id', 'in', units).execute();
  auditBefore = (
    await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'enterprise.facts')
      .where('entity_id', '=', String(ownUnit))
      .executeTakeFirstOrThrow()
  ).n;
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

const clauses = [
  { article: '第三条第一款', text: '在湖里区注册登记、从业人员10人以上的企业。' },
  { article: '第三条第二款', text: '经认定的高新技术企业或专精特新企业。' },
  { article: '第四条', text: '注册满一年。' },
];
const criteria = {
  all: [
    { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第三条第一款' },
    { fact: 'employees', op: 'gte', value: 10, clause: '第三条第一款' },
    {
      any: [
        { fact: 'qualifications', op: 'has', value: 'high_tech', clause: '第三条第二款' },
        { fact: 'qualifications', op: 'has', value: 'specialized_new', clause: '第三条第二款' },
      ],
    },
    { fact: 'registeredOn', op: 'yearsSinceGte', value: 1, clause: '第四条' },
  ],
};
const policy: Record<string, unknown> = {
  title: '湖里区科技创新企业研发补助（测试）',
  docNumber: '厦湖科〔2026〕9号',
  issuer: '湖里区科技局',
  regionCode: '350206',
  effectiveFrom: '2020-01-01',
  effectiveTo: null,
  criteria,
  clauses,
};

let policyId: number;

describe('the policy library', () => {
  it('creates a policy with clauses and criteria (201 with its id)', async () => {
    const res = await call(district, 'POST', '/api/v1/policies', {
      ...policy,
      benefit: '按研发费用的 10% 补助，最高 50 万元',
      maxAmountFen: 50_000_000,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), version: 1, inForce: true, canManage: true });
    expect(res.body.clauses).toHaveLength(3);
    policyId = res.body.id;
  });

  it('names the field path of an unknown fact, operator or clause', async () => {
    const bad = (c: unknown) => call(district, 'POST', '/api/v1/policies', { ...policy, criteria: c });
    const r1 = await bad({
      all: [criteria.all[0], { fact: 'profit', op: 'gte', value: 1, clause: '第四条' }],
    });
    expect(r1.status).toBe(400);
    expect(r1.body.errors[0]).toMatchObject({ field: 'criteria.all.1.fact', code: 'policy.unknown_fact' });
    const r2 = await bad({
      any: [{ all: [{ fact: 'employees', op: 'between', value: 1, clause: '第四条' }] }],
    });
    expect(r2.body.errors[0]).toMatchObject({ field: 'criteria.any.0.all.0.op', code: 'policy.unknown_op' });
    const r3 = await bad({ all: [{ fact: 'employees', op: 'gte', value: 1, clause: '第九条' }] });
    expect(r3.body.errors[0]).toMatchObject({ field: 'criteria.all.0.clause' });
  });

  it('is read by an enterprise, not changed by it', async () => {
    const list = await call(enterprise, 'GET', '/api/v1/policies?inForce=true');
    expect(list.status).toBe(200);
    expect(list.body.items.some((p: { id: number }) => p.id === policyId)).toBe(true);
    const put = await call(enterprise, 'PUT', `/api/v1/policies/${policyId}`, policy);
    expect(put.status).toBe(403);
    const create = await call(enterprise, 'POST', '/api/v1/policies', policy);
    expect(create.status).toBe(403);
  });
});

describe('checking facts against a policy', () => {
  const check = (facts: Record<string, unknown>) =>
    call(enterprise, 'POST', `/api/v1/policies/${policyId}/check`, { facts });
  const base = { regionCode: '350206', employees: 12, registeredOn: yearsAgo(1) };

  it('eligible, with a reason naming the clause of each criterion', async () => {
    const res = await check({ ...base, qualifications: ['high_tech'] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['missingFacts', 'reasons', 'result']);
    expect(res.body.result).toBe('eligible');
    expect(res.body.reasons[0]).toEqual({
      fact: 'regionCode',
      op: 'prefix',
      value: '350206',
      actual: '350206',
      met: true,
      clause: '第三条第一款',
    });
  });

  it('unknown when nothing failed but a fact is missing; ineligible when one failed whatever is missing', async () => {
    const unknown = await check(base);
    expect(unknown.body).toMatchObject({ result: 'unknown', missingFacts: ['qualifications'] });
    const failed = await check({ ...base, employees: 9 });
    expect(failed.body).toMatchObject({ result: 'ineligible', missingFacts: [] });
    // registered a year ago today: eligible; a day later: a day short of a year
    const year = await check({ ...base, qualifications: ['sme', 'specialized_new'] });
    expect(year.body.result).toBe('eligible');
    const young = await check({
      ...base,
      qualifications: ['specialized_new'],
      registeredOn: addDays(yearsAgo(1), 1),
    });
    expect(young.body).toMatchObject({ result: 'ineligible' });
    expect(young.body.reasons.at(-1)).toMatchObject({
      fact: 'registeredOn',
      actual: 0,
      met: false,
      clause: '第四条',
    });
  });

  it('refuses an unknown fact or a value of the wrong kind, naming it', async () => {
    const res = await check({ profit: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('facts.profit');
    const wrong = await check({ employees: 'many' });
    expect(wrong.body.errors[0]).toMatchObject({ field: 'facts.employees', code: 'enterprise.fact_value' });
  });
});

describe('enterprise facts and stored matches', () => {
  const matchOf = async (who: Session, unit: number) => {
    const res = await call(who, 'GET', `/api/v1/enterprises/${unit}/policy-matches`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.find((i: { policyId: number }) => i.policyId === policyId);
  };

  it('the enterprise supplies its facts; the answer is unknown until the missing one comes', async () => {
    const put = await call(enterprise, 'PUT', `/api/v1/enterprises/${ownUnit}/facts`, {
      facts: { regionCode: '350206', employees: 40, registeredOn: yearsAgo(3), hasPartyOrg: true },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.items.find((i: { key: string }) => i.key === 'employees')).toMatchObject({
      value: 40,
      source: 'self',
      asOf: today,
    });
    expect(put.body.missing).toContain('qualifications');
    const before = await matchOf(enterprise, ownUnit);
    expect(before).toMatchObject({
      result: 'unknown',
      missingFacts: ['qualifications'],
      stored: true,
      version: 1,
    });
    expect(before.reasons.map((r: { clause: string }) => r.clause)).toEqual([
      '第三条第一款',
      '第三条第一款',
      '第三条第二款',
      '第三条第二款',
      '第四条',
    ]);
    await call(enterprise, 'PUT', `/api/v1/enterprises/${ownUnit}/facts`, {
      facts: { qualifications: ['high_tech'] },
    });
    const after = await matchOf(enterprise, ownUnit);
    expect(after).toMatchObject({ result: 'eligible', missingFacts: [] });
    expect(after.reasons.find((r: { fact: string }) => r.fact === 'registeredOn')).toMatchObject({
      actual: 3,
      met: true,
    });
  });

  it('an enterprise sees only its own; the district sees the enterprises of its region; 404 outside', async () => {
    expect((await call(enterprise, 'GET', `/api/v1/enterprises/${otherUnit}/facts`)).status).toBe(404);
    expect((await call(enterprise, 'GET', `/api/v1/enterprises/${otherUnit}/policy-matches`)).status).toBe(
      404,
    );
    expect((await call(district, 'GET', `/api/v1/enterprises/${ownUnit}/facts`)).status).toBe(200);
    expect((await call(district, 'GET', `/api/v1/enterprises/${outsideUnit}/facts`)).status).toBe(404);
    expect((await call(admin, 'GET', `/api/v1/enterprises/${outsideUnit}/facts`)).status).toBe(200);
    expect((await call(secretary, 'GET', `/api/v1/enterprises/${ownUnit}/facts`)).status).toBe(404);
    const put = await call(enterprise, 'PUT', `/api/v1/enterprises/${otherUnit}/facts`, {
      facts: { employees: 1 },
    });
    expect(put.status).toBe(404);
  });

  it('staff record a fact as staff; almost eligible shows on the policy, with the failed criterion', async () => {
    const put = await call(district, 'PUT', `/api/v1/enterprises/${otherUnit}/facts`, {
      facts: { regionCode: '350206', employees: 8, registeredOn: yearsAgo(2), qualifications: ['high_tech'] },
    });
    expect(put.status).toBe(200);
    expect(put.body.items[0].source).toBe('staff');
    const figures = await call(district, 'GET', `/api/v1/policies/${policyId}/matches?result=almost`);
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    expect(figures.body.almost).toBeGreaterThanOrEqual(1);
    const eligible = await call(district, 'GET', `/api/v1/policies/${policyId}/matches?result=eligible`);
    expect(eligible.body.items.map((i: { unitId: number }) => i.unitId)).toContain(ownUnit);
    expect(eligible.body.items.map((i: { unitId: number }) => i.unitId)).not.toContain(otherUnit);
    const almost = figures.body.items.find((i: { unitId: number }) => i.unitId === otherUnit);
    expect(almost).toMatchObject({ almostEligible: true, result: 'ineligible' });
    expect(almost.failed).toEqual([
      expect.objectContaining({ fact: 'employees', op: 'gte', value: 10, clause: '第三条第一款' }),
    ]);
    // an eligible enterprise outside 湖里 is counted for the city, not for the district
    const outside = await call(admin, 'PUT', `/api/v1/enterprises/${outsideUnit}/facts`, {
      facts: {
        regionCode: '350206',
        employees: 50,
        registeredOn: yearsAgo(4),
        qualifications: ['high_tech'],
      },
    });
    expect(outside.status).toBe(200);
    const city = await call(admin, 'GET', `/api/v1/policies/${policyId}/matches?result=eligible`);
    expect(city.body.items.map((i: { unitId: number }) => i.unitId)).toContain(outsideUnit);
    const huliOnly = await call(district, 'GET', `/api/v1/policies/${policyId}/matches`);
    expect(huliOnly.body.items.map((i: { unitId: number }) => i.unitId)).not.toContain(outsideUnit);
    expect(city.body.eligible).toBeGreaterThan(huliOnly.body.eligible);
    // the enterprise itself may not list who qualifies
    expect((await call(enterprise, 'GET', `/api/v1/policies/${policyId}/matches`)).status).toBe(403);
  });

  it('removing a fact (null) makes the answer unknown again and counts the missing fact', async () => {
    await call(district, 'PUT', `/api/v1/enterprises/${otherUnit}/facts`, { facts: { employees: null } });
    const figures = await call(district, 'GET', `/api/v1/policies/${policyId}/matches?result=unknown`);
    expect(figures.body.items.map((i: { unitId: number }) => i.unitId)).toContain(otherUnit);
    expect(figures.body.missingFacts.map((m: { fact: string }) => m.fact)).toContain('employees');
  });

  it('a changed policy is a new version, re-matched at once', async () => {
    const res = await call(district, 'PUT', `/api/v1/policies/${policyId}`, {
      ...policy,
      criteria: {
        all: [
          ...criteria.all.slice(0, 3),
          { fact: 'registeredOn', op: 'yearsSinceGte', value: 5, clause: '第四条' },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(2);
    const m = await matchOf(enterprise, ownUnit);
    expect(m).toMatchObject({ result: 'ineligible', version: 2, almostEligible: true });
    const versions = await t.database.db
      .selectFrom('policy_versions')
      .select('version')
      .where('policy_id', '=', policyId)
      .execute();
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
  });

  it('the full match stores what the incremental ones stored', async () => {
    const db = t.database.db;
    const snapshot = () =>
      db
        .selectFrom('policy_matches')
        .select(['unit_id', 'policy_id', 'version', 'result', 'outcomes', 'missing_facts'])
        .orderBy('unit_id')
        .orderBy('policy_id')
        .execute();
    const incremental = await snapshot();
    const figures = await matchAll(db, today, clock.now());
    expect(await snapshot()).toEqual(incremental);
    expect(figures.stored).toBe(incremental.length);
    // decided and stored two enterprises at a time: the slices overlap and nothing is lost or doubled
    expect(figures.enterprises).toBeGreaterThan(4);
    const sliced = await matchAll(db, today, clock.now(), 'nightly', 2);
    expect(await snapshot()).toEqual(incremental);
    expect(sliced.eligiblePairs).toBe(figures.eligiblePairs);
    // the index by policy, dropped for the rewrite, is there again
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_indexes where indexname = 'policy_matches_policy'`.execute(db);
    expect(rows[0]!.n).toBe(1);
  });

  it('audits every fact change', async () => {
    const rows = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'enterprise.facts')
      .where('entity_id', '=', String(ownUnit))
      .execute();
    expect(rows.length - Number(auditBefore)).toBe(2);
  });
});

describe('申报: an application is a case of the loop', () => {
  const apply = (who: Session, unit: number, key?: string) =>
    t.as(who, {
      method: 'POST',
      url: `/api/v1/enterprises/${unit}/policy-applications`,
      payload: { policyId },
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });

  it('refuses an enterprise that does not qualify yet, and staff applying for it', async () => {
    const res = await apply(enterprise, ownUnit);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('policy.not_eligible');
    expect((await apply(district, ownUnit)).statusCode).toBe(403);
    expect((await apply(enterprise, otherUnit)).statusCode).toBe(404);
  });

  it('files one case in the item category, dispatched to the deciding department', async () => {
    await call(enterprise, 'PUT', `/api/v1/enterprises/${ownUnit}/facts`, {
      facts: { registeredOn: yearsAgo(6) },
    });
    const res = await apply(enterprise, ownUnit, 'apply-1');
    expect(res.statusCode, res.body).toBe(201);
    const { caseId } = res.json();
    // the same key answers the same case; another application is refused
    expect((await apply(enterprise, ownUnit, 'apply-1')).json().caseId).toBe(caseId);
    const again = await apply(enterprise, ownUnit, 'apply-2');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('policy.applied');
    const handler = await t.login('handler');
    const seen = await call(handler, 'GET', `/api/v1/cases/${caseId}`);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({ state: 'dispatched', channel: 'policy' });
    expect(seen.body.description).toContain('研发费用专项审计报告');
    const category = await t.database.db
      .selectFrom('policies')
      .innerJoin('case_categories', 'case_categories.id', 'policies.case_category_id')
      .select(['case_categories.group_name', 'case_categories.complete_days'])
      .where('policies.id', '=', policyId)
      .executeTakeFirstOrThrow();
    expect(category).toEqual({ group_name: '政策申报', complete_days: 10 });
  });
});

describe('importing facts from a registry file (preview, then commit)', () => {
  const db = () => t.database.db;
  const code = async (id: number) =>
    (await db().selectFrom('units').select('credit_code').where('id', '=', id).executeTakeFirstOrThrow())
      .credit_code ?? '';
  const factRows = async () =>
    (
      await db()
        .selectFrom('enterprise_facts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('unit_id', 'in', [otherUnit, outsideUnit])
        .where('source', '=', 'import')
        .executeTakeFirstOrThrow()
    ).n;
  const importAudits = async () =>
    Number(
      (
        await db()
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'enterprise.facts_import')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const upload = async (who: Session, rows: Array<Record<string, string | number>>, headers?: string[]) =>
    t.as(who, {
      method: 'POST',
      url: '/api/v1/enterprises/facts/import/preview',
      ...multipart(
        await xlsxOf(
          '企业画像',
          headers ?? ['统一社会信用代码', '从业人员数', '上年研发费用（元）', '资质', '是否建立党组织'],
          rows,
        ),
        '企业画像.xlsx',
      ),
    });
  let batchId: number;

  it('previews every bad row with its row, column and reason and what each good row would change, writing nothing', async () => {
    const [other, outside] = [await code(otherUnit), await code(outsideUnit)];
    // a value the import will change (50 → 66) next to ones it will set
    await db().deleteFrom('enterprise_facts').where('unit_id', '=', otherUnit).execute();
    await call(district, 'PUT', `/api/v1/enterprises/${otherUnit}/facts`, { facts: { employees: 50 } });
    const before = await factRows();
    const res = await upload(district, [
      {
        统一社会信用代码: other,
        从业人员数: 66,
        '上年研发费用（元）': 1500000,
        资质: '高新技术企业、sme',
        是否建立党组织: '是',
      },
      // outside the district's region: refused like an unknown enterprise
      { 统一社会信用代码: outside, 从业人员数: 10 },
      { 统一社会信用代码: other, 从业人员数: 'many', 是否建立党组织: '也许' },
      { 统一社会信用代码: '12345', 从业人员数: 3 },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    batchId = body.batchId;
    expect(body).toMatchObject({
      state: 'previewed',
      totalRows: 4,
      goodRows: 1,
      badRows: 3,
      enterprises: 1,
      toInsert: 3,
      toUpdate: 1,
      errorsTruncated: false,
    });
    const lines = body.errors.flatMap(
      (e: { row: number; problems: Array<{ column: string; message: string }> }) =>
        e.problems.map((p) => [e.row, p.column, p.message]),
    );
    expect(lines).toEqual([
      [3, '统一社会信用代码', '未找到该企业，或它不在您的管理范围内'],
      [4, '统一社会信用代码', '与第 2 行是同一家企业'],
      [4, '从业人员数', expect.stringContaining('从业人员数')],
      [4, '是否建立党组织', '“是否建立党组织”应填“是”或“否”'],
      [5, '统一社会信用代码', '未找到该企业，或它不在您的管理范围内'],
    ]);
    const change = (fact: string) => body.changes.find((c: { fact: string }) => c.fact === fact);
    expect(change('employees')).toMatchObject({
      row: 2,
      unitId: otherUnit,
      kind: 'update',
      before: 50,
      after: 66,
      beforeText: '50 人',
      afterText: '66 人',
    });
    expect(change('rdExpenseFen')).toMatchObject({ kind: 'insert', before: null, after: 150_000_000 });
    expect(change('qualifications').after).toEqual(['high_tech', 'sme']);
    // nothing written, and the preview can be read again
    expect(await factRows()).toBe(before);
    const again = await call(district, 'GET', `/api/v1/enterprises/facts/import/${batchId}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ batchId, badRows: 3, toUpdate: 1 });
    // somebody else's batch does not exist for the caller
    expect((await call(admin, 'GET', `/api/v1/enterprises/facts/import/${batchId}`)).status).toBe(404);
  });

  it('refuses to commit everything while rows are bad; commits the good rows, matches again, and only once', async () => {
    const all = await call(district, 'POST', `/api/v1/enterprises/facts/import/${batchId}/commit`, {
      mode: 'all',
    });
    expect(all.status).toBe(409);
    expect(all.body.code).toBe('import.has_errors');
    await db().deleteFrom('policy_matches').where('unit_id', '=', otherUnit).execute();
    const audits = await importAudits();
    const done = await call(district, 'POST', `/api/v1/enterprises/facts/import/${batchId}/commit`, {
      mode: 'good_rows',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ batchId, inserted: 3, updated: 1, unchanged: 0, skipped: 3 });
    const facts = await call(district, 'GET', `/api/v1/enterprises/${otherUnit}/facts`);
    const byKey = Object.fromEntries(facts.body.items.map((i: { key: string }) => [i.key, i]));
    expect(byKey.employees).toMatchObject({ value: 66, source: 'import' });
    expect(byKey.rdExpenseFen.value).toBe(150_000_000);
    expect(byKey.qualifications.value).toEqual(['high_tech', 'sme']);
    expect(byKey.hasPartyOrg.value).toBe(true);
    // matched again at once
    const matched = await db()
      .selectFrom('policy_matches')
      .select('policy_id')
      .where('unit_id', '=', otherUnit)
      .execute();
    expect(matched.length).toBeGreaterThan(0);
    expect(await importAudits()).toBe(audits + 1);
    // the enterprise outside the district was not touched
    const outsideFacts = await call(admin, 'GET', `/api/v1/enterprises/${outsideUnit}/facts`);
    expect(outsideFacts.body.items.find((i: { key: string }) => i.key === 'employees')?.value).not.toBe(10);
    // the same batch again writes nothing
    const stamp = await db()
      .selectFrom('enterprise_facts')
      .select('recorded_at')
      .where('unit_id', '=', otherUnit)
      .where('key', '=', 'employees')
      .executeTakeFirstOrThrow();
    const twice = await call(district, 'POST', `/api/v1/enterprises/facts/import/${batchId}/commit`, {
      mode: 'good_rows',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('import.committed');
    expect(
      await db()
        .selectFrom('enterprise_facts')
        .select('recorded_at')
        .where('unit_id', '=', otherUnit)
        .where('key', '=', 'employees')
        .executeTakeFirstOrThrow(),
    ).toEqual(stamp);
    expect(await importAudits()).toBe(audits + 1);
    const read = await call(district, 'GET', `/api/v1/enterprises/facts/import/${batchId}`);
    expect(read.body).toMatchObject({
      state: 'committed',
      toInsert: 0,
      toUpdate: 0,
      unchanged: 4,
      changes: [],
    });
  });

  it('commits a clean file with mode all', async () => {
    const res = await upload(district, [{ 统一社会信用代码: await code(otherUnit), 从业人员数: 70 }]);
    expect(res.statusCode, res.body).toBe(200);
    const done = await call(
      district,
      'POST',
      `/api/v1/enterprises/facts/import/${res.json().batchId}/commit`,
      {
        mode: 'all',
      },
    );
    expect(done.body).toEqual({
      batchId: res.json().batchId,
      inserted: 0,
      updated: 1,
      unchanged: 0,
      skipped: 0,
    });
  });

  it('answers bad input with the field, and keeps imports to staff', async () => {
    const mode = await call(district, 'POST', `/api/v1/enterprises/facts/import/${batchId}/commit`, {
      mode: 'some',
    });
    expect(mode.status).toBe(400);
    expect(mode.body.errors[0]).toMatchObject({ field: 'mode' });
    expect((await call(district, 'GET', '/api/v1/enterprises/facts/import/abc')).status).toBe(400);
    const noCode = await upload(district, [{ 从业人员数: 3 }], ['从业人员数']);
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().errors[0]).toMatchObject({ field: 'file' });
    const json = await call(district, 'POST', '/api/v1/enterprises/facts/import/preview', { file: 'x' });
    expect(json.status).toBe(415);
    // an enterprise may not import, nor read or commit a batch
    const own = await upload(enterprise, [{ 统一社会信用代码: await code(ownUnit), 从业人员数: 1 }]);
    expect(own.statusCode).toBe(403);
    expect(
      (await call(enterprise, 'POST', `/api/v1/enterprises/facts/import/${batchId}/commit`, { mode: 'all' }))
        .status,
    ).toBe(404);
    const template = await t.as(district, {
      method: 'GET',
      url: '/api/v1/enterprises/facts/import/template.xlsx',
    });
    expect(template.statusCode).toBe(200);
    expect((await readXlsx(template.rawPayload))[0]).toContain('*统一社会信用代码');
  });
});

describe('the nightly re-match (policies.rematch)', () => {
  it('matches a policy on the day it comes into force, with nobody touching it', async () => {
    const tomorrow = addDays(today, 1);
    const created = await call(district, 'POST', '/api/v1/policies', {
      ...policy,
      title: '明日生效的政策（测试）',
      docNumber: '厦湖科〔2026〕10号',
      effectiveFrom: tomorrow,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const stored = () =>
      t.database.db
        .selectFrom('policy_matches')
        .select('unit_id')
        .where('policy_id', '=', created.body.id)
        .execute();
    // not in force today: nobody is matched against it
    expect(await stored()).toEqual([]);
    const ran = await clock.at(new Date(`${tomorrow}T00:20:00+08:00`), () =>
      policyRematchJob.handler({}, { db: t.database } as never),
    );
    expect(ran).toMatchObject({ stored: expect.any(Number) });
    expect((await stored()).length).toBeGreaterThan(0);
  });
});
