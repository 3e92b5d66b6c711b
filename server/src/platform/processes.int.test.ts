import { addDays } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestApp, engine, orgId, type Session, type TestApp } from '../test/harness.ts';
import type { CalendarService } from './calendar.ts';
import { clock, systemNow } from './clock.ts';
import { loadConfig } from './config.ts';
import { type Database, openPostgres } from './db/database.ts';

/**
 * Two server processes against one database (issue 11): what one process does, the other sees. On
 * PostgreSQL the second "process" has its own connection pool to the same database, as a second
 * `npm start` would; on PGlite (one process owns its folder) it is a second application over the same
 * database, which still has its own in-memory caches, the part under test.
 */
let a: TestApp;
let second: {
  app: FastifyInstance;
  calendar: CalendarService;
  database: Database | null;
  close(): Promise<void>;
};
let admin: Session;

beforeAll(async () => {
  a = await createTestApp();
  const database =
    engine === 'postgres' && a.database.native.engine === 'postgres'
      ? await openPostgres(a.database.native.url, 3)
      : null;
  const built = await buildApp({
    config: { ...loadConfig({}), demo: true, jobs: false },
    database: database ?? a.database,
    logger: false,
  });
  await built.app.ready();
  second = {
    app: built.app,
    calendar: built.calendar,
    database,
    async close() {
      await built.app.close();
      await database?.close();
    },
  };
  admin = await a.login('admin');
});
afterAll(async () => {
  await second?.close();
  await a?.close();
});

/** The request `a.as` would send, to the second process. */
const onSecond = (method: 'GET' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: unknown) =>
  second.app.inject({
    method,
    url,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

describe('two processes against one database', () => {
  it('accept a session made on the other', async () => {
    const me = await onSecond('GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user?.username ?? me.json().username).toBe('admin');
  });

  it('use a calendar correction made on the other within a second', async () => {
    // each process keeps the calendar in memory (platform/calendar.ts): both read it first
    const year = Number(clock.today().slice(0, 4)) + 1;
    const first = await a.calendar.calendar();
    await second.calendar.calendar();
    let day = `${year}-03-01`;
    while (!first.isWorkday(day)) day = addDays(day, 1);
    const workdayOn = async (service: CalendarService) => (await service.calendar()).isWorkday(day);
    /**
     * Polls `service` until the day is (not) a working day. A process checks the version once a second
     * (VERSION_CHECK_MS); the bound here is generous so a busy machine does not fail it, while a process
     * that never re-reads does.
     */
    const until = async (service: CalendarService, workday: boolean) => {
      const started = systemNow().getTime();
      while ((await workdayOn(service)) !== workday) {
        expect(systemNow().getTime() - started, '另一进程应在一秒内用上校正').toBeLessThan(5000);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const set = await a.as(admin, {
      method: 'PUT',
      url: `/api/v1/calendar/days/${day}`,
      payload: { kind: 'holiday', note: '测试：另一进程的校正' },
    });
    expect(set.statusCode).toBe(200);
    expect(await workdayOn(a.calendar)).toBe(false);
    await until(second.calendar, false);
    // and the reset made on the second is used by the first
    expect((await onSecond('DELETE', `/api/v1/calendar/days/${day}`)).statusCode).toBe(200);
    expect(await workdayOn(second.calendar)).toBe(true);
    await until(a.calendar, true);
  });

  it('see a category change made on the other at once', async () => {
    const list = (await a.as(admin, { url: '/api/v1/case-categories' })).json().items as Array<{
      id: number;
      name: string;
      signHours: number;
    }>;
    const category = list[0]!;
    const changed = await a.as(admin, {
      method: 'PATCH',
      url: `/api/v1/case-categories/${category.id}`,
      payload: { signHours: category.signHours + 1 },
    });
    expect(changed.statusCode).toBe(200);
    const seen = (await onSecond('GET', `/api/v1/case-categories/${category.id}`)).json();
    expect(seen.signHours).toBe(category.signHours + 1);
  });

  it('stop filing in a category the other deactivated: at once on the changing one, within a second on the other', async () => {
    const resident = await a.login('resident');
    const items = (await a.as(resident, { url: '/api/v1/case-categories' })).json().items as Array<{
      id: number;
      attributes: Array<{ required?: boolean }>;
    }>;
    const category = items.find((c) => !c.attributes.some((x) => x.required))!;
    let n = 0;
    const payload = () => ({
      categoryId: category.id,
      title: `两个进程 ${++n}`,
      description: '路灯不亮（两个进程的缓存测试）',
      channel: 'mobile',
    });
    const fileOnSecond = () =>
      second.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { cookie: resident.cookie, 'x-csrf-token': resident.csrf },
        payload: payload(),
      });
    const fileOnFirst = () => a.as(resident, { method: 'POST', url: '/api/v1/cases', payload: payload() });
    // both processes have read the category into their intake copy (modules/cases/refs.ts)
    expect((await fileOnSecond()).statusCode).toBe(201);
    expect((await fileOnFirst()).statusCode).toBe(201);
    const off = await a.as(admin, {
      method: 'PATCH',
      url: `/api/v1/case-categories/${category.id}`,
      payload: { active: false },
    });
    expect(off.statusCode).toBe(200);
    try {
      const refused = await fileOnFirst();
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('categoryId');
      const started = systemNow().getTime();
      while ((await fileOnSecond()).statusCode === 201) {
        expect(systemNow().getTime() - started, '另一进程应在一秒内停用该分类').toBeLessThan(5000);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await fileOnSecond()).statusCode).toBe(400);
    } finally {
      await a.as(admin, {
        method: 'PATCH',
        url: `/api/v1/case-categories/${category.id}`,
        payload: { active: true },
      });
    }
  });

  it('see a role granted on the other, and refuse a session signed out on the other, within a second', async () => {
    // who a cookie belongs to is kept in each process's memory after its first request (SessionCache)
    const handler = await a.login('handler');
    const meOnSecond = () =>
      second.app.inject({ url: '/api/v1/auth/me', headers: { cookie: handler.cookie } });
    const scopesOnSecond = async () =>
      (((await meOnSecond()).json().user?.scopes ?? []) as Array<{ orgId: number; role: string }>).map(
        (x) => `${x.role}@${x.orgId}`,
      );
    const before = await scopesOnSecond();
    expect((await a.as(handler, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
    const xinglong = await orgId(a, '中共兴隆社区委员会');
    const granted = await a.as(admin, {
      method: 'POST',
      url: `/api/v1/users/${handler.userId}/roles`,
      payload: { role: 'org_admin', orgId: xinglong },
    });
    expect(granted.statusCode).toBe(200);
    expect(before).not.toContain(`org_admin@${xinglong}`);
    let started = systemNow().getTime();
    while (!(await scopesOnSecond()).includes(`org_admin@${xinglong}`)) {
      expect(systemNow().getTime() - started, '另一进程应在一秒内看到新授予的角色').toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 100));
    }
    const out = await a.as(handler, { method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(200);
    expect((await a.as(handler, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
    started = systemNow().getTime();
    while ((await meOnSecond()).statusCode === 200) {
      expect(systemNow().getTime() - started, '另一进程应在一秒内拒绝已退出的会话').toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await meOnSecond()).statusCode).toBe(401);
  });
});
