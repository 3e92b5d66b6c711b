import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, orgId, type TestApp } from '../test/harness.ts';

/**
 * The permission matrix of organizations: who × action × inside or outside their scope. Inside answers
 * what the role allows (2xx or 403); outside always looks like nothing is there (404), never a leak.
 * What every role may do inside its scope is pinned here; that outside looks like nothing is there is
 * checked for every operation of the API by scope-matrix.int.test.ts.
 */
let t: TestApp;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const [key, name] of Object.entries({
    huliGrid: '兴隆社区第1网格党支部',
    torch: '中共厦门火炬高新区非公有制企业委员会',
    fuan: '中共福安市委员会',
    branch: '厦门鹭岛智造科技有限公司党支部',
    handlerBranch: '厦门市湖里区市场监督管理局机关党支部',
    huli: '中共厦门市湖里区委员会',
  })) {
    ids[key] = await orgId(t, name);
  }
});
afterAll(() => t.close());

type Action = 'read' | 'rename' | 'createChild' | 'dissolve' | 'history';

async function attempt(user: string, action: Action, target: string): Promise<number> {
  const s = await t.login(user);
  const id = ids[target]!;
  switch (action) {
    case 'read':
      return (await t.as(s, { url: `/api/v1/orgs/${id}` })).statusCode;
    case 'history':
      return (await t.as(s, { url: `/api/v1/orgs/${id}/history` })).statusCode;
    case 'rename':
      return (
        await t.as(s, {
          method: 'PATCH',
          url: `/api/v1/orgs/${id}`,
          payload: { name: `矩阵改名${user}${target}` },
        })
      ).statusCode;
    case 'createChild':
      return (
        await t.as(s, {
          method: 'POST',
          url: '/api/v1/orgs',
          payload: { name: `矩阵测试${user}${target}`, type: 'temporary_branch', parentId: id },
        })
      ).statusCode;
    case 'dissolve':
      return (
        await t.as(s, { method: 'POST', url: `/api/v1/orgs/${id}/dissolve`, payload: { reason: '矩阵测试' } })
      ).statusCode;
  }
}

// [user, action, target, expected status]
const MATRIX: Array<[string, Action, string, number]> = [
  ['admin', 'read', 'fuan', 200],
  ['admin', 'read', 'huliGrid', 200],
  ['district', 'read', 'huliGrid', 200],
  ['district', 'read', 'torch', 404],
  ['district', 'read', 'fuan', 404],
  ['district', 'history', 'huliGrid', 200],
  ['district', 'history', 'torch', 404],
  ['district', 'rename', 'huliGrid', 200],
  ['district', 'rename', 'torch', 404],
  ['district', 'createChild', 'huli', 201],
  ['district', 'createChild', 'torch', 400],
  ['district', 'dissolve', 'fuan', 404],
  ['secretary', 'read', 'branch', 200],
  ['secretary', 'read', 'huliGrid', 404],
  ['secretary', 'rename', 'branch', 200],
  ['secretary', 'rename', 'huliGrid', 404],
  ['secretary', 'createChild', 'branch', 403],
  ['secretary', 'dissolve', 'branch', 403],
  ['member', 'read', 'branch', 404],
  ['member', 'rename', 'branch', 404],
  ['handler', 'read', 'handlerBranch', 200],
  ['handler', 'read', 'branch', 404],
  ['handler', 'rename', 'handlerBranch', 403],
  ['grid', 'read', 'huliGrid', 200],
  ['grid', 'read', 'branch', 404],
  ['chain', 'read', 'fuan', 404],
];

describe('permission matrix for organizations', () => {
  it.each(MATRIX)('%s %s %s → %i', async (user, action, target, expected) => {
    expect(await attempt(user, action, target)).toBe(expected);
  });
});

describe('scoped lists', () => {
  it('district sees only its district in org, user and audit lists', async () => {
    const s = await t.login('district');
    const roots = await t.as(s, { url: '/api/v1/orgs' });
    expect(roots.json().items.map((o: { name: string }) => o.name)).toEqual(['中共厦门市湖里区委员会']);
    const search = await t.as(s, { url: `/api/v1/orgs?q=${encodeURIComponent('青拓')}` });
    expect(search.json().total).toBe(0);
    const users = await t.as(s, { url: '/api/v1/users' });
    const names = users.json().items.map((u: { username: string }) => u.username);
    expect(names).toContain('secretary');
    expect(names).not.toContain('admin');
    expect(names).not.toContain('chain');
    const audit = await t.as(s, { url: '/api/v1/audit?pageSize=200' });
    for (const e of audit.json().items) expect(e.actorName).not.toContain('龙岩');
  });

  it('member sees no organization list and may not read users, audit or jobs', async () => {
    const s = await t.login('member');
    expect((await t.as(s, { url: '/api/v1/orgs' })).json().items).toEqual([]);
    expect((await t.as(s, { url: '/api/v1/users' })).json().items).toEqual([]);
    expect((await t.as(s, { url: '/api/v1/audit' })).json().items).toEqual([]);
    expect((await t.as(s, { url: '/api/v1/jobs' })).json().items).toEqual([]);
  });

  it('masks phone numbers in the user list', async () => {
    const admin = await t.login('admin');
    await t.as(admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'phoneuser',
        displayName: '王电话',
        password: 'Secret12345',
        orgId: ids.huli,
        phone: '13812341234',
      },
    });
    const list = await t.as(admin, { url: '/api/v1/users?q=phoneuser' });
    expect(list.json().items[0].phone).toBe('138****1234');
  });

  it('nobody grants a role with more than they hold there', async () => {
    const secretaryAdmin = await t.login('district');
    const users = await t.as(secretaryAdmin, { url: '/api/v1/users?q=member' });
    const member = users.json().items.find((u: { username: string }) => u.username === 'member');
    const ok = await t.as(secretaryAdmin, {
      method: 'POST',
      url: `/api/v1/users/${member.id}/roles`,
      payload: { role: 'branch_admin', orgId: ids.branch },
    });
    expect(ok.statusCode).toBe(200);
    const outside = await t.as(secretaryAdmin, {
      method: 'POST',
      url: `/api/v1/users/${member.id}/roles`,
      payload: { role: 'org_admin', orgId: ids.fuan },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('orgId');
  });
});

describe('acting on a user', () => {
  /**
   * A user whose home organization is the branch but who holds a role over the whole district: an
   * administrator of the branch alone must not take that account over (password, tokens, roles).
   */
  async function makeUser(username: string, role: string, roleOrg: number): Promise<number> {
    const district = await t.login('district');
    const created = await t.as(district, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username, displayName: username, password: 'Secret12345', orgId: ids.branch },
    });
    expect(created.statusCode, created.body).toBe(201);
    const granted = await t.as(district, {
      method: 'POST',
      url: `/api/v1/users/${created.json().id}/roles`,
      payload: { role, orgId: roleOrg },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    return created.json().id;
  }

  it('needs the permission over every organization the user’s roles cover, not only the home one', async () => {
    await makeUser('branchboss', 'org_admin', ids.branch!);
    const wide = await makeUser('widerole', 'org_admin', ids.huli!);
    const plain = await makeUser('plainrole', 'branch_admin', ids.branch!);
    const branchBoss = await t.login('branchboss', 'Secret12345');
    // the wide user is visible to the branch's administrator (home in the branch)...
    const listed = await t.as(branchBoss, { url: '/api/v1/users?q=widerole' });
    expect(listed.json().items.map((u: { id: number }) => u.id)).toEqual([wide]);
    // ...but not to be taken over: refused as any in-scope user the role may not act on (403)
    const reset = await t.as(branchBoss, {
      method: 'PATCH',
      url: `/api/v1/users/${wide}`,
      payload: { password: 'Takeover12345' },
    });
    expect(reset.statusCode, reset.body).toBe(403);
    expect(reset.json().code).toBe('forbidden');
    const token = await t.as(branchBoss, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '接管', userId: wide },
    });
    expect(token.statusCode, token.body).toBe(403);
    expect(token.json().code).toBe('forbidden');
    const role = await t.as(branchBoss, {
      method: 'POST',
      url: `/api/v1/users/${wide}/roles`,
      payload: { role: 'member', orgId: ids.branch },
    });
    expect(role.statusCode, role.body).toBe(403);
    expect(await t.login('widerole', 'Secret12345')).toBeTruthy();
    // a user whose roles lie inside the branch stays the branch administrator's to manage
    const own = await t.as(branchBoss, {
      method: 'PATCH',
      url: `/api/v1/users/${plain}`,
      payload: { password: 'Renewed123456' },
    });
    expect(own.statusCode, own.body).toBe(200);
    // the district administrator holds the district: allowed
    const district = await t.login('district');
    const ok = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/users/${wide}`,
      payload: { password: 'Renewed123456' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const issued = await t.as(district, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '区级对接', userId: wide },
    });
    expect(issued.statusCode, issued.body).toBe(201);
  });

  it('records in the audit which API token acted', async () => {
    const district = await t.login('district');
    const users = await t.as(district, { url: '/api/v1/users?q=district' });
    const me = users.json().items.find((u: { username: string }) => u.username === 'district');
    const issued = await t.as(district, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '审计令牌', userId: me.id },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { authorization: `Bearer ${issued.json().token}` },
      payload: { name: '令牌审计测试支部', type: 'branch', parentId: ids.huli },
    });
    expect(byToken.statusCode, byToken.body).toBe(201);
    const bySession = await t.as(district, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '会话审计测试支部', type: 'branch', parentId: ids.huli },
    });
    expect(bySession.statusCode, bySession.body).toBe(201);
    const events = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'org.create')
      .where('entity_id', 'in', [String(byToken.json().id), String(bySession.json().id)])
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.actor_id, e.token_id])).toEqual([
      [me.id, issued.json().id],
      [me.id, null],
    ]);
    // and the audit log shows it
    const log = await t.as(district, { url: `/api/v1/audit?entityType=org&entityId=${byToken.json().id}` });
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items[0]).toMatchObject({ tokenId: issued.json().id });
  });
});
