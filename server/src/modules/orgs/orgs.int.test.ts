import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, orgId, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('organization tree', () => {
  it('lists the caller’s scope roots and children', async () => {
    const admin = await t.login('admin');
    const roots = await t.as(admin, { url: '/api/v1/orgs' });
    expect(roots.statusCode).toBe(200);
    expect(roots.json().items.map((o: { name: string }) => o.name)).toContain('中共福安市委员会');
    const xiamen = await orgId(t, '中共厦门市委员会');
    const children = await t.as(admin, { url: `/api/v1/orgs?parentId=${xiamen}` });
    expect(children.json().items.map((o: { name: string }) => o.name)).toContain('中共厦门市湖里区委员会');
    for (const o of children.json().items) expect(o.parentId).toBe(xiamen);
  });

  it('finds an organization typed in Traditional characters, with its path', async () => {
    const admin = await t.login('admin');
    const res = await t.as(admin, { url: `/api/v1/orgs?q=${encodeURIComponent('晉江經濟開發區')}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0].name).toBe('中共晋江经济开发区工作委员会');
    expect(res.json().items[0].pathNames).toEqual(['中共晋江市委员会']);
  });

  it('creates, renames, moves with its subtree, refuses a cycle, and dissolves with history kept', async () => {
    const admin = await t.login('admin');
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const torch = await orgId(t, '中共厦门火炬高技术产业开发区工作委员会');
    const parent = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '湖里区测试总支', type: 'general_branch', parentId: huli },
    });
    expect(parent.statusCode).toBe(201);
    const child = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '测试第一支部', type: 'branch', parentId: parent.json().id },
    });
    expect(child.json().ancestors.map((a: { name: string }) => a.name)).toEqual([
      '中共厦门市委员会',
      '中共厦门市湖里区委员会',
      '湖里区测试总支',
    ]);

    const renamed = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${child.json().id}`,
      payload: { name: '测试第一党支部' },
    });
    expect(renamed.json().name).toBe('测试第一党支部');

    const cycle = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${parent.json().id}/move`,
      payload: { parentId: child.json().id },
    });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().code).toBe('org.move_cycle');
    const self = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${parent.json().id}/move`,
      payload: { parentId: parent.json().id },
    });
    expect(self.json().code).toBe('org.move_cycle');

    const moved = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${parent.json().id}/move`,
      payload: { parentId: torch },
    });
    expect(moved.statusCode).toBe(200);
    const childAfter = await t.as(admin, { url: `/api/v1/orgs/${child.json().id}` });
    expect(childAfter.json().ancestors.map((a: { name: string }) => a.name)).toEqual([
      '中共厦门市委员会',
      '中共厦门火炬高技术产业开发区工作委员会',
      '湖里区测试总支',
    ]);
    const row = await t.database.db
      .selectFrom('orgs')
      .select(['path', 'depth'])
      .where('id', '=', child.json().id)
      .executeTakeFirstOrThrow();
    expect(row.path).toBe(`/1/${torch}/${parent.json().id}/${child.json().id}/`);
    expect(row.depth).toBe(3);

    const refused = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${parent.json().id}/dissolve`,
      payload: { reason: '合并' },
    });
    expect(refused.json().code).toBe('org.has_active_children');
    const dissolved = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${child.json().id}/dissolve`,
      payload: { reason: '企业注销', dissolvedOn: '2026-11-20' },
    });
    expect(dissolved.statusCode).toBe(200);
    expect(dissolved.json()).toMatchObject({
      status: 'dissolved',
      dissolvedOn: '2026-11-20',
      dissolveReason: '企业注销',
      actions: [],
    });
    const again = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${child.json().id}`,
      payload: { name: 'x' },
    });
    expect(again.json().code).toBe('org.dissolved');

    const history = await t.as(admin, { url: `/api/v1/orgs/${child.json().id}/history` });
    expect(history.json().items.map((h: { action: string }) => h.action)).toEqual([
      'org.dissolve',
      'org.update',
      'org.create',
    ]);
    const hidden = await t.as(admin, { url: `/api/v1/orgs?parentId=${parent.json().id}` });
    expect(hidden.json().items).toHaveLength(0);
    const shown = await t.as(admin, {
      url: `/api/v1/orgs?parentId=${parent.json().id}&includeDissolved=true`,
    });
    expect(shown.json().items[0].status).toBe('dissolved');
  });

  it('lets only an administrator above an organization change its region, to a GB/T 2260 code', async () => {
    const branch = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const regionOf = async (id: number) =>
      (
        await t.database.db
          .selectFrom('orgs')
          .select('region_code')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).region_code;
    const before = await regionOf(branch);
    const other = before === '350203' ? '350211' : '350203';
    const secretary = await t.login('secretary');
    // the branch's own secretary: refused, naming the field
    const own = await t.as(secretary, {
      method: 'PATCH',
      url: `/api/v1/orgs/${branch}`,
      payload: { regionCode: other },
    });
    expect(own.statusCode, own.body).toBe(403);
    expect(own.headers['content-type']).toContain('application/problem+json');
    expect(own.json()).toMatchObject({ code: 'forbidden' });
    expect(own.json().errors[0]).toMatchObject({ field: 'regionCode' });
    expect(own.json().errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(await regionOf(branch)).toBe(before);
    // the console's form sends the region it read: an unchanged region is no change of region
    const rename = await t.as(secretary, {
      method: 'PATCH',
      url: `/api/v1/orgs/${branch}`,
      payload: { regionCode: before, name: '厦门鹭岛智造科技有限公司党支部' },
    });
    expect(rename.statusCode, rename.body).toBe(200);
    // the district administrator, above the branch: allowed, but only to a real code
    const district = await t.login('district');
    const unknown = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/orgs/${branch}`,
      payload: { regionCode: '350299' },
    });
    expect([400, 422]).toContain(unknown.statusCode);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'regionCode' });
    expect(await regionOf(branch)).toBe(before);
    const moved = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/orgs/${branch}`,
      payload: { regionCode: other },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await regionOf(branch)).toBe(other);
    await t.as(district, { method: 'PATCH', url: `/api/v1/orgs/${branch}`, payload: { regionCode: before } });
    // ...and not its own district: that is decided above it
    const self = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/orgs/${huli}`,
      payload: { regionCode: '350203' },
    });
    expect(self.statusCode, self.body).toBe(403);
    expect(self.json().errors[0]).toMatchObject({ field: 'regionCode' });
    expect(await regionOf(huli)).toBe('350206');
    // a new organization's region is checked the same way
    const created = await t.as(district, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '湖里区区划测试支部', type: 'branch', parentId: huli, regionCode: '350299' },
    });
    expect([400, 422]).toContain(created.statusCode);
    expect(created.json().errors[0]).toMatchObject({ field: 'regionCode' });
  });

  it('refuses a type its parent cannot contain', async () => {
    const admin = await t.login('admin');
    const branch = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '支部下的支部', type: 'branch', parentId: branch },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('type');
  });

  it('writes the audit event in the same transaction: a failed change leaves neither', async () => {
    const admin = await t.login('admin');
    const before = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const bad = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '坏单位组织', type: 'branch', parentId: huli, unitId: 999999 },
    });
    expect(bad.statusCode).toBe(400);
    const after = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const orgs = await t.database.db
      .selectFrom('orgs')
      .select('id')
      .where('name', '=', '坏单位组织')
      .execute();
    expect(orgs).toHaveLength(0);
  });
});
