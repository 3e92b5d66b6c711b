import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../platform/config.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

const SPEC = path.join(repoRoot, 'server', 'src', 'modules', 'cases', 'open311-schemas');
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const f of ['service.json', 'services.json', 'service-definition.json'])
  ajv.addSchema(JSON.parse(readFileSync(path.join(SPEC, f), 'utf8')), f);
function valid(schema: string, data: unknown) {
  if (!ajv.validate(schema, data)) throw new Error(`${schema}: ${ajv.errorsText(ajv.errors)}`);
  return true;
}

let t: TestApp;
let cat: Record<string, number>;
let admin: Session;
let district: Session;
let resident: Session;
let handler: Session;
const org: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  // ratings take effect at once here (the change window: people.int.test.ts)
  await t.database.db.updateTable('case_categories').set({ rating_change_minutes: 0 }).execute();
  admin = await t.login('admin');
  district = await t.login('district');
  resident = await t.login('resident');
  handler = await t.login('handler');
  const res = await t.as(admin, { url: '/api/v1/case-categories' });
  cat = Object.fromEntries(res.json().items.map((c: { code: string; id: number }) => [c.code, c.id]));
  for (const [k, name] of Object.entries({
    xiamen: '中共厦门市委员会',
    huli: '中共厦门市湖里区委员会',
    xinglong: '中共兴隆社区委员会',
    grid: '兴隆社区第1网格党支部',
    market: '厦门市湖里区市场监督管理局机关党支部',
    urban: '厦门市湖里区城市管理局机关党支部',
    penglai: '中共烟台市蓬莱区委员会',
  }))
    org[k] = await orgId(t, name);
});
afterAll(() => t.close());

const NEW_CATEGORY = {
  code: 'ZSFW',
  name: '噪声扰民',
  groupName: '城市管理',
  description: '夜间施工、商铺外放音响',
  tier: 'small',
  signHours: 2,
  contactHours: 4,
  completeDays: 3,
  points: 2,
  escalateAfterRedos: 3,
  escalateAfterReturns: 3,
  attributes: [
    {
      code: 'WHEN',
      description: '发生时段',
      datatype: 'singlevaluelist',
      required: true,
      values: [
        { key: 'night', name: '夜间（22 时至次日 6 时）' },
        { key: 'day', name: '白天' },
      ],
    },
  ],
};

const create = (who: Session, payload: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: '/api/v1/case-categories', payload });
const patch = (who: Session, id: number, payload: Record<string, unknown>) =>
  t.as(who, { method: 'PATCH', url: `/api/v1/case-categories/${id}`, payload });
const setRoute = (who: Session, id: number, payload: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: `/api/v1/case-categories/${id}/routes`, payload });
const removeRoute = (who: Session, id: number, areaOrgId: number) =>
  t.as(who, { method: 'DELETE', url: `/api/v1/case-categories/${id}/routes/${areaOrgId}` });
const fileCase = (who: Session, body: Record<string, unknown>) =>
  t.as(who, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: { title: '测试诉求', description: '测试内容', ...body },
  });
const services = async (query = '') =>
  (await t.app.inject({ url: `/open311/v2/services.json${query}` })).json() as Array<{
    service_code: string;
    service_name: string;
  }>;
const auditOf = (action: string, entityId: number) =>
  t.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', action)
    .where('entity_id', '=', String(entityId))
    .orderBy('id', 'desc')
    .execute();

describe('categories as data (case.configure)', () => {
  it('creates a shared category, audited, listed and published as an Open311 service with its questions', async () => {
    const res = await create(admin, NEW_CATEGORY);
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ code: 'ZSFW', tierLabel: expect.stringContaining('小事'), active: true });
    expect(created.ownerOrgId).toBeNull();
    expect(created.actions).toEqual(['update']);
    expect(created.attributes[0]).toMatchObject({ code: 'WHEN', order: 1, required: true });
    const [entry] = await auditOf('case.category_create', created.id);
    expect(entry?.actor_name).toContain('admin');
    expect(JSON.stringify(entry?.after)).toContain('噪声扰民');

    const list = await t.as(resident, { url: '/api/v1/case-categories' });
    expect(list.json().items.find((c: { code: string }) => c.code === 'ZSFW')?.actions).toEqual([]);
    const all = await services();
    valid('services.json', all);
    expect(all.find((s) => s.service_code === 'ZSFW')?.service_name).toBe('噪声扰民');
    const def = (await t.app.inject({ url: '/open311/v2/services/ZSFW.json' })).json();
    valid('service-definition.json', def);
    expect(def.attributes[0]).toMatchObject({ code: 'WHEN', datatype: 'singlevaluelist', required: true });
    expect(def.attributes[0].values).toHaveLength(2);

    // filing asks the new question
    const missing = await fileCase(resident, { categoryId: created.id });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('attribute[WHEN]');
    const ok = await fileCase(resident, { categoryId: created.id, attributes: { WHEN: 'night' } });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses bad input with 400 naming the field, in Chinese; a taken code with 409', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...NEW_CATEGORY, code: 'zs-1' }, 'code'],
      [{ ...NEW_CATEGORY, code: 'ZSFW2', signHours: 0 }, 'signHours'],
      [{ ...NEW_CATEGORY, code: 'ZSFW2', tier: 'huge' }, 'tier'],
      [{ ...NEW_CATEGORY, code: 'ZSFW2', name: '  ' }, 'name'],
      [
        {
          ...NEW_CATEGORY,
          code: 'ZSFW2',
          attributes: [{ code: 'A', description: '选项', datatype: 'singlevaluelist' }],
        },
        'attributes.0.values',
      ],
      [
        {
          ...NEW_CATEGORY,
          code: 'ZSFW2',
          attributes: [
            { code: 'A', description: '一', datatype: 'string' },
            { code: 'A', description: '二', datatype: 'number' },
          ],
        },
        'attributes.1.code',
      ],
      [{ ...NEW_CATEGORY, code: 'ZSFW2', signHours: 8, contactHours: 4 }, 'contactHours'],
    ];
    for (const [payload, field] of cases) {
      const res = await create(admin, payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.json().errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const taken = await create(admin, { ...NEW_CATEGORY, code: 'SPAQ' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('case.category_code_taken');
    expect(taken.json().errors[0].field).toBe('code');
    const badPatch = await patch(admin, cat.SPAQ!, { completeDays: 61 });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().errors[0].field).toBe('completeDays');
  });

  it('takes a rating window (评价可修改时限) of 0 to 1440 minutes and refuses anything else, naming the field', async () => {
    for (const minutes of [1440, 0]) {
      const ok = await patch(admin, cat.SPAQ!, { ratingChangeMinutes: minutes });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().ratingChangeMinutes).toBe(minutes);
    }
    for (const minutes of [-1, 1441, 2.5, '30', null]) {
      const bad = await patch(admin, cat.SPAQ!, { ratingChangeMinutes: minutes });
      expect(bad.statusCode, String(minutes)).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: 'ratingChangeMinutes' });
      expect(bad.json().errors[0].message).toMatch(/^评价可修改时限/);
    }
    const over = await patch(admin, cat.SPAQ!, { ratingChangeMinutes: 1441 });
    expect(over.json().errors[0].message).toBe('评价可修改时限应在 0 到 1440 分钟之间');
    const created = await create(admin, { ...NEW_CATEGORY, code: 'PJSX', ratingChangeMinutes: 1441 });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors[0].field).toBe('ratingChangeMinutes');
    // nothing changed by the refusals
    const list = await t.as(admin, { url: '/api/v1/case-categories' });
    expect(list.json().items.find((c: { id: number }) => c.id === cat.SPAQ).ratingChangeMinutes).toBe(0);
  });

  it('refuses without case.configure (403); a district may not change the shared catalogue but owns its own', async () => {
    expect((await create(resident, { ...NEW_CATEGORY, code: 'R1' })).statusCode).toBe(403);
    expect((await patch(handler, cat.SPAQ!, { points: 1 })).statusCode).toBe(403);
    expect(
      (await setRoute(handler, cat.SPAQ!, { areaOrgId: org.xinglong, handlerOrgId: org.grid })).statusCode,
    ).toBe(403);
    expect((await removeRoute(resident, cat.HJWS!, org.xinglong!)).statusCode).toBe(403);
    // shared categories are changed only at the top of a tree
    expect((await create(district, { ...NEW_CATEGORY, code: 'HL1' })).statusCode).toBe(403);
    expect((await patch(district, cat.SPAQ!, { points: 1 })).statusCode).toBe(403);
    // a district's own category applies in its subtree
    const own = await create(district, {
      ...NEW_CATEGORY,
      code: 'HLQF',
      name: '亲清服务',
      ownerOrgId: org.huli,
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().ownerOrgName).toBe('中共厦门市湖里区委员会');
    const renamed = await patch(district, own.json().id, { name: '亲清一家人服务', completeDays: 5 });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '亲清一家人服务', completeDays: 5 });
    const [entry] = await auditOf('case.category_update', own.json().id);
    expect(entry?.before).toMatchObject({ name: '亲清服务', complete_days: 3 });
    expect(entry?.after).toMatchObject({ name: '亲清一家人服务', complete_days: 5 });
    // owning an org outside one's scope is refused on the field
    const outside = await create(district, { ...NEW_CATEGORY, code: 'HL2', ownerOrgId: org.penglai });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('ownerOrgId');
  });

  it("answers 404 for another region's category and route; an owned category is filed and offered only in its subtree", async () => {
    const penglai = await create(admin, {
      ...NEW_CATEGORY,
      code: 'PLQY',
      name: '企业家之声',
      ownerOrgId: org.penglai,
    });
    expect(penglai.statusCode).toBe(201);
    const id = penglai.json().id as number;
    expect((await patch(district, id, { points: 1 })).statusCode).toBe(404);
    expect((await t.as(district, { url: `/api/v1/case-categories/${id}` })).statusCode).toBe(404);
    expect((await setRoute(district, id, { areaOrgId: org.huli, handlerOrgId: org.urban })).statusCode).toBe(
      404,
    );
    const list = await t.as(district, { url: '/api/v1/case-categories' });
    expect(list.json().items.some((c: { code: string }) => c.code === 'PLQY')).toBe(false);
    // not offered in 湖里: neither to the console nor to Open311
    const filed = await fileCase(resident, { categoryId: id, attributes: { WHEN: 'day' } });
    expect(filed.statusCode).toBe(400);
    expect(filed.json().errors[0].field).toBe('categoryId');
    // exactly what a category that does not exist answers: the filer cannot tell it is there
    const missing = await fileCase(resident, { categoryId: 999_999_999, attributes: { WHEN: 'day' } });
    const { requestId: _a, ...outsideAnswer } = filed.json();
    const { requestId: _b, ...missingAnswer } = missing.json();
    expect(outsideAnswer).toEqual(missingAnswer);
    const huliKey = '?api_key=demo-open311-key';
    expect((await services(huliKey)).some((s) => s.service_code === 'PLQY')).toBe(false);
    expect((await t.app.inject({ url: `/open311/v2/services/PLQY.json${huliKey}` })).statusCode).toBe(404);
    // 湖里's own category is offered to 湖里's key only
    expect((await services(huliKey)).some((s) => s.service_code === 'HLQF')).toBe(true);
    expect((await services()).some((s) => s.service_code === 'HLQF')).toBe(false);
    expect((await t.app.inject({ url: '/open311/v2/services.json?api_key=wrong' })).statusCode).toBe(403);
    // a route in 蓬莱, set by the city administrator, is not the district's to remove
    const penglaiOrg = await t.as(admin, { url: `/api/v1/orgs?parentId=${org.penglai}` });
    const child = penglaiOrg.json().items[0].id as number;
    expect(
      (await setRoute(admin, cat.SPAQ!, { areaOrgId: org.penglai, handlerOrgId: child })).statusCode,
    ).toBe(200);
    expect((await removeRoute(district, cat.SPAQ!, org.penglai!)).statusCode).toBe(404);
    expect((await removeRoute(admin, cat.SPAQ!, org.huli!)).statusCode).toBe(200);
    expect((await removeRoute(admin, cat.SPAQ!, org.huli!)).statusCode).toBe(404);
  });

  it('an edit of a shared category shows in Open311 at once; a deactivated one leaves the catalogue', async () => {
    const res = await patch(admin, cat.ZDJY!, {
      name: '占道经营（含夜市）',
      attributes: [
        {
          code: 'KIND',
          description: '占道类型',
          datatype: 'singlevaluelist',
          required: true,
          values: [{ key: 'vendor', name: '流动摊贩' }],
        },
        { code: 'PHOTO_TIME', description: '拍摄时间', datatype: 'datetime', required: false },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect((await services()).find((s) => s.service_code === 'ZDJY')?.service_name).toBe(
      '占道经营（含夜市）',
    );
    const def = (await t.app.inject({ url: '/open311/v2/services/ZDJY.json' })).json();
    valid('service-definition.json', def);
    expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['KIND', 'PHOTO_TIME']);

    const off = await patch(admin, cat.FJDC!, { active: false });
    expect(off.json().active).toBe(false);
    expect((await services()).some((s) => s.service_code === 'FJDC')).toBe(false);
    expect((await t.app.inject({ url: '/open311/v2/services/FJDC.json' })).statusCode).toBe(404);
    const forResident = await t.as(resident, { url: '/api/v1/case-categories?includeInactive=true' });
    expect(forResident.json().items.some((c: { code: string }) => c.code === 'FJDC')).toBe(false);
    const forAdmin = await t.as(admin, { url: '/api/v1/case-categories?includeInactive=true' });
    expect(forAdmin.json().items.some((c: { code: string }) => c.code === 'FJDC')).toBe(true);
    expect((await fileCase(resident, { categoryId: cat.FJDC })).json().errors[0].field).toBe('categoryId');
    expect((await patch(admin, cat.FJDC!, { active: true })).json().active).toBe(true);
  });
});

describe('edited thresholds and deadlines drive the loop', () => {
  it('escalates (提级督办) after the number of redos the category now says', async () => {
    expect((await patch(admin, cat.HJWS!, { escalateAfterRedos: 1 })).json().escalateAfterRedos).toBe(1);
    const grid = await t.login('grid');
    const id = (await fileCase(resident, { categoryId: cat.HJWS, title: '楼道垃圾没人清' })).json()
      .id as number;
    const act = (who: Session, payload: Record<string, unknown>) =>
      t.as(who, { method: 'POST', url: `/api/v1/cases/${id}/transitions`, payload });
    expect((await act(grid, { action: 'sign' })).statusCode).toBe(200);
    await act(grid, { action: 'start' });
    await act(grid, { action: 'reply', reply: '已清理', evidence: '现场照片' });
    const redo = await act(resident, { action: 'rate', rating: 'unsatisfied', comment: '又堆上了' });
    expect(redo.json()).toMatchObject({ redoCount: 1, escalated: true });
  });
});

describe('routes as data: area → handler, inside the caller subtree', () => {
  it('a district routes 食品安全 in 兴隆社区 to the grid: the nearest area wins, audited; removing falls back', async () => {
    const res = await setRoute(district, cat.SPAQ!, {
      areaOrgId: org.xinglong,
      handlerOrgId: org.grid,
      autoDispatch: true,
    });
    expect(res.statusCode).toBe(200);
    const route = res.json().routes.find((r: { areaOrgId: number }) => r.areaOrgId === org.xinglong);
    expect(route).toMatchObject({
      handlerOrgName: '兴隆社区第1网格党支部',
      autoDispatch: true,
      editable: true,
    });
    const [entry] = await auditOf('case.route_set', cat.SPAQ!);
    expect(entry?.org_path).toContain(`/${org.xinglong}/`);
    expect(entry?.after).toMatchObject({ areaOrgId: org.xinglong, handlerOrgId: org.grid });

    const filed = await fileCase(resident, { categoryId: cat.SPAQ, title: '路边摊卫生' });
    expect(filed.json().leadOrgName).toBe('兴隆社区第1网格党支部');

    const removed = await removeRoute(district, cat.SPAQ!, org.xinglong!);
    expect(removed.statusCode).toBe(200);
    const [deleted] = await auditOf('case.route_delete', cat.SPAQ!);
    expect(deleted?.before).toMatchObject({ areaOrgId: org.xinglong, handlerOrgId: org.grid });
    // the next rule up: the district-level one of the demo was removed above, so nobody routes it
    const after = await fileCase(resident, { categoryId: cat.SPAQ, title: '路边摊卫生 2' });
    expect(after.json().state).toBe('submitted');
  });

  it('refuses a handler or area outside the subtree and a missing field, naming it', async () => {
    const outside = await setRoute(district, cat.HJWS!, {
      areaOrgId: org.xinglong,
      handlerOrgId: org.xiamen,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('handlerOrgId');
    const area = await setRoute(district, cat.HJWS!, { areaOrgId: org.penglai, handlerOrgId: org.grid });
    expect(area.statusCode).toBe(400);
    expect(area.json().errors[0].field).toBe('areaOrgId');
    const missing = await setRoute(district, cat.HJWS!, { handlerOrgId: org.grid });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('areaOrgId');
  });

  it('without auto-dispatch the routed handler is suggested when dispatching', async () => {
    await setRoute(district, cat.DLPS!, {
      areaOrgId: org.huli,
      handlerOrgId: org.urban,
      autoDispatch: false,
    });
    // a rating window of its own: the intake's answer carries the category's limits from its copy (issue 11)
    expect((await patch(admin, cat.DLPS!, { ratingChangeMinutes: 45 })).statusCode).toBe(200);
    const filed = await fileCase(resident, { categoryId: cat.DLPS, title: '井盖缺失' });
    expect(filed.json().state).toBe('submitted');
    const id = filed.json().id as number;
    // no lead yet: the answer to the submission is what a read of the case gives
    expect(filed.json()).toMatchObject({ leadOrgName: null, ratingChangeMinutes: 45 });
    expect(filed.json()).toEqual((await t.as(resident, { url: `/api/v1/cases/${id}` })).json());
    await patch(admin, cat.DLPS!, { ratingChangeMinutes: 0 });
    await t.as(district, {
      method: 'POST',
      url: `/api/v1/cases/${id}/transitions`,
      payload: { action: 'accept' },
    });
    const seen = await t.as(district, { url: `/api/v1/cases/${id}` });
    expect(seen.json().actions.map((a: { action: string }) => a.action)).toContain('dispatch');
    expect(seen.json().suggestedLeadOrg).toEqual({ id: org.urban, name: '厦门市湖里区城市管理局机关党支部' });
  });
});
