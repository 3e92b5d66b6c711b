import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, orgId, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/calendar/{year}', () => {
  it('answers 2026 from the official data: National Day off, its make-up Saturday a workday', async () => {
    const res = await t.app.inject({ url: '/api/v1/calendar/2026' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2026, provisional: false });
    expect(body.holidays).toContain('2026-10-01');
    expect(body.holidays).toContain('2026-10-07');
    expect(body.makeupWorkdays.length).toBeGreaterThan(0);
    for (const d of body.makeupWorkdays) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
  });

  it('marks a year the data does not cover as provisional', async () => {
    const res = await t.app.inject({ url: '/api/v1/calendar/2030' });
    expect(res.json()).toMatchObject({ year: 2030, provisional: true, holidays: [], makeupWorkdays: [] });
  });

  it('answers a bad year with a Chinese 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/v1/calendar/abcd' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('year');
  });

  it('lets a top-level administrator correct a day and counts deadlines with it; others may not', async () => {
    const district = await t.login('district');
    const refused = await t.as(district, {
      method: 'PUT',
      url: '/api/v1/calendar/days/2027-02-08',
      payload: { kind: 'holiday', note: '春节' },
    });
    expect(refused.statusCode).toBe(403);

    const admin = await t.login('admin');
    const set = await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/calendar/days/2027-02-08',
      payload: { kind: 'holiday', note: '春节（国务院通知前的暂定安排）' },
    });
    expect(set.statusCode).toBe(200);
    const year = await t.app.inject({ url: '/api/v1/calendar/2027' });
    expect(year.json().holidays).toContain('2027-02-08');
    expect(year.json().overrides[0]).toMatchObject({
      date: '2027-02-08',
      kind: 'holiday',
      updatedBy: '市委组织部管理员',
    });
    const calendar = await t.calendar.calendar();
    expect(calendar.isWorkday('2027-02-08')).toBe(false);

    const reset = await t.as(admin, { method: 'DELETE', url: '/api/v1/calendar/days/2027-02-08' });
    expect(reset.statusCode).toBe(200);
    expect((await t.calendar.calendar()).isWorkday('2027-02-08')).toBe(true);
    const audit = await t.as(admin, { url: '/api/v1/audit?entityType=calendar' });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'calendar.reset',
      'calendar.set',
    ]);
  });
});

describe('who corrects the national calendar', () => {
  it('refuses the top administrator of one tree: a correction applies to every organization', async () => {
    const admin = await t.login('admin');
    const xiamen = await orgId(t, '中共厦门市委员会');
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'xmcalendar',
        displayName: '厦门日历管理员',
        password: 'Secret12345',
        orgId: xiamen,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const role = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/users/${created.json().id}/roles`,
      payload: { role: 'org_admin', orgId: xiamen },
    });
    expect(role.statusCode, role.body).toBe(200);
    const xm = await t.login('xmcalendar', 'Secret12345');
    const set = await t.as(xm, {
      method: 'PUT',
      url: '/api/v1/calendar/days/2027-03-08',
      payload: { kind: 'holiday', note: '厦门自定' },
    });
    expect(set.statusCode, set.body).toBe(403);
    expect(set.json().code).toBe('forbidden');
    expect((await t.app.inject({ url: '/api/v1/calendar/2027' })).json().holidays).not.toContain(
      '2027-03-08',
    );
    // a correction the national administrator made is not the tree administrator's to undo either
    const national = await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/calendar/days/2027-03-08',
      payload: { kind: 'holiday', note: '全国' },
    });
    expect(national.statusCode, national.body).toBe(200);
    const undo = await t.as(xm, { method: 'DELETE', url: '/api/v1/calendar/days/2027-03-08' });
    expect(undo.statusCode, undo.body).toBe(403);
    expect(
      (await t.as(admin, { method: 'DELETE', url: '/api/v1/calendar/days/2027-03-08' })).statusCode,
    ).toBe(200);
  });
});
