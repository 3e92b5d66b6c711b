import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/load.ts';
import { LOGIN_LIMITS } from '../../platform/auth.ts';
import { systemNow } from '../../platform/clock.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('login and sessions', () => {
  it('logs admin in with an HttpOnly SameSite=Lax cookie and a CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'Honglian@2026' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'hl_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(res.json().user.permissions).toContain('org.create');
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'district', password: 'nope-123456' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'no-such-user', password: 'nope-123456' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().title).toBe('用户名或密码错误');
    expect({ ...wrong.json(), requestId: undefined }).toEqual({ ...unknown.json(), requestId: undefined });
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses the sixth failure for one username with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'grid', password: `wrong-${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'grid', password: 'Honglian@2026' },
    });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().code).toBe('rate_limited');
  });

  it('gives parallel wrong attempts no more password checks than the limit, counting each failure once', async () => {
    // limit + 5 wrong passwords at once, from an address of their own: each attempt is counted before the
    // password is checked, so only `perUsername` of them reach the check (401); the rest are refused (429)
    const attempts = LOGIN_LIMITS.perUsername + 5;
    const answers = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '203.0.113.7',
          payload: { username: 'chain', password: `wrong-${i}` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.perUsername);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const failures = await t.database.db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('username', '=', 'chain')
      .executeTakeFirstOrThrow();
    expect(Number(failures.n)).toBe(LOGIN_LIMITS.perUsername);
    // the right password is refused too while the account is locked
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '203.0.113.8',
      payload: { username: 'chain', password: DEMO_PASSWORD },
    });
    expect(right.statusCode).toBe(429);
  });

  it('accepts only JSON on /api/v1/auth/* (no login by a cross-site form)', async () => {
    for (const [type, payload] of [
      ['application/x-www-form-urlencoded', 'username=admin&password=Honglian%402026'],
      ['text/plain', '{"username":"admin","password":"Honglian@2026"}'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nadmin\r\n--x--\r\n',
      ],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload,
      });
      expect(res.statusCode, type).toBe(415);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('unsupported_media_type');
      expect(res.json().detail).toMatch(/JSON/);
      expect(res.json().detail).toMatch(/[\u4e00-\u9fa5]/);
      expect(res.cookies.find((c) => c.name === 'hl_session')).toBeUndefined();
    }
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    expect(json.statusCode).toBe(200);
  });

  it('me returns the user, roles and scopes; logout ends the session', async () => {
    const s = await t.login('district');
    const me = await t.as(s, { url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.scopes).toEqual([
      expect.objectContaining({ orgName: '中共厦门市湖里区委员会', role: 'org_admin' }),
    ]);
    // an account without a party member record (the phone hides 党员档案 and 党费 from it)
    expect(me.json().user.memberId).toBeNull();
    const out = await t.as(s, { method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(200);
    const after = await t.as(s, { url: '/api/v1/auth/me' });
    expect(after.statusCode).toBe(401);
  });

  it('slides the session expiry with use, writing the row at most once a minute', async () => {
    const s = await t.login('handler');
    const row = () =>
      t.database.db
        .selectFrom('sessions')
        .select(['last_seen_at', 'expires_at'])
        .where('user_id', '=', s.userId)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
    // used 30 seconds ago, expiring in an hour: a request leaves the row alone
    await t.database.db
      .updateTable('sessions')
      .set({
        last_seen_at: sql`now() - interval '30 seconds'`,
        expires_at: sql`now() + interval '1 hour'`,
      })
      .where('user_id', '=', s.userId)
      .execute();
    const before = await row();
    expect((await t.as(s, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect(await row()).toEqual(before);
    // used two minutes ago: the request slides the expiry to 12 hours from now
    await t.database.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - interval '2 minutes'` })
      .where('user_id', '=', s.userId)
      .execute();
    expect((await t.as(s, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
    const after = await row();
    expect(after.expires_at.getTime() - systemNow().getTime()).toBeGreaterThan(11 * 3600_000);
    expect(after.last_seen_at.getTime()).toBeGreaterThan(before.last_seen_at.getTime());
    // an expired session is refused
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('user_id', '=', s.userId)
      .execute();
    expect((await t.as(s, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('answers the session probe with 200 and no user when signed out, and with the user when signed in', async () => {
    // the pages ask "who am I" on every load: signed out is an answer, not an error (no 401 in the browser)
    const anonymous = await t.app.inject({ url: '/api/v1/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null, csrfToken: null, demo: expect.any(Boolean) });
    const s = await t.login('secretary');
    const signedIn = await t.as(s, { url: '/api/v1/auth/session' });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user).toMatchObject({ username: 'secretary', permissions: expect.any(Array) });
    expect(signedIn.json().csrfToken).toBe(s.csrf);
    expect(signedIn.json().user.memberId).toEqual(expect.any(Number)); // 林晓东 is a member of his branch
    // the same user as /auth/me, whose contract (401 when signed out) stays as API.md fixes it
    expect(signedIn.json().user).toEqual((await t.as(s, { url: '/api/v1/auth/me' })).json().user);
    // an unknown or ended session is simply no user
    const ended = await t.app.inject({
      url: '/api/v1/auth/session',
      cookies: { hl_session: 'not-a-session' },
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().user).toBeNull();
    expect((await t.app.inject({ url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('requires login for the API', async () => {
    const res = await t.app.inject({ url: '/api/v1/orgs' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });
});

describe('CSRF', () => {
  it('refuses a state-changing cookie request without x-csrf-token (403) and accepts it with one', async () => {
    const s = await t.login('admin');
    const payload = { name: 'CSRF 测试支部', type: 'branch', parentId: 2 };
    const without = await t.as(s, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload,
      headers: { 'x-csrf-token': '' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf');
    const wrong = await t.as(s, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.as(s, { method: 'POST', url: '/api/v1/orgs', payload });
    expect(ok.statusCode).toBe(201);
  });
});

describe('API tokens', () => {
  it('lets an integration act as its user with a Bearer token, without CSRF, until revoked', async () => {
    const admin = await t.login('admin');
    const users = await t.as(admin, { url: '/api/v1/users?q=district' });
    const district = users.json().items.find((u: { username: string }) => u.username === 'district');
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '12345 热线对接', userId: district.id },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    expect(token.startsWith(created.json().prefix)).toBe(true);

    const list = await t.app.inject({ url: '/api/v1/orgs', headers: { authorization: `Bearer ${token}` } });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((o: { name: string }) => o.name)).toEqual(['中共厦门市湖里区委员会']);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: '令牌新建支部', type: 'branch', parentId: list.json().items[0].id },
    });
    expect(write.statusCode).toBe(201);

    const revoked = await t.as(admin, { method: 'POST', url: `/api/v1/tokens/${created.json().id}/revoke` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await t.app.inject({ url: '/api/v1/orgs', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('never stores the token itself', async () => {
    const rows = await t.database.db.selectFrom('api_tokens').select(['token_hash', 'prefix']).execute();
    for (const r of rows) expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
