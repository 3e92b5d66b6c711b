import { nextServiceDate, WorkCalendar } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;
let district: Session;
let enterprise: Session;
let resident: Session;
let cat: Record<string, number>;
let huli: number;
let penglai: number;
let penglaiDay: { id: number; categoryId: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  enterprise = await t.login('enterprise');
  resident = await t.login('resident');
  const res = await t.as(admin, { url: '/api/v1/case-categories' });
  cat = Object.fromEntries(res.json().items.map((c: { code: string; id: number }) => [c.code, c.id]));
  huli = await orgId(t, '中共厦门市湖里区委员会');
  penglai = await orgId(t, '中共烟台市蓬莱区委员会');
  const days = await t.as(admin, { url: '/api/v1/service-days' });
  penglaiDay = days.json().items.find((d: { name: string }) => d.name === '企业家接待日');
});
afterAll(() => t.close());

const HULI_DAY = {
  name: '亲清会客厅',
  dayOfMonth: 15,
  location: '湖里区行政服务中心',
  description: '每月15日接待',
};
const create = (who: Session, payload: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: '/api/v1/service-days', payload });
const signUp = (who: Session, id: number, payload: Record<string, unknown>, headers = {}) =>
  t.as(who, { method: 'POST', url: `/api/v1/service-days/${id}/signups`, payload, headers });
const SIGNUP = {
  company: '厦门鹭岛智造科技有限公司',
  title: '技术工人招聘难',
  description: '急需数控技工 20 名',
};

describe('企业服务日 (seed 004 蓬莱: the 8th of each month)', () => {
  it('seeds 蓬莱 企业家接待日 on the 8th with its own category, shown to 蓬莱 staff only', async () => {
    expect(penglaiDay).toMatchObject({
      dayOfMonth: 8,
      categoryName: '企业家之声',
      orgName: '中共烟台市蓬莱区委员会',
    });
    const today = clock.today();
    const year = Number(today.slice(0, 4));
    const cal = WorkCalendar.official([year, year + 1]);
    expect((penglaiDay as unknown as { nextDate: string }).nextDate).toBe(nextServiceDate(today, 8, cal));
    const forDistrict = await t.as(district, { url: '/api/v1/service-days' });
    expect(forDistrict.json().items.some((d: { id: number }) => d.id === penglaiDay.id)).toBe(false);
  });

  it('a district sets its day (audited); bad input is refused naming the field; 403 without case.configure', async () => {
    const res = await create(district, { ...HULI_DAY, orgId: huli, categoryId: cat.QYYG });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '亲清会客厅', dayOfMonth: 15, categoryName: '企业用工诉求' });
    expect(res.json().actions).toContain('update');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'case.service_day_create')
      .where('entity_id', '=', String(res.json().id))
      .executeTakeFirst();
    expect(audit?.actor_name).toContain('district');

    for (const [payload, field] of [
      [{ ...HULI_DAY, orgId: huli, categoryId: cat.QYYG, dayOfMonth: 31 }, 'dayOfMonth'],
      [{ ...HULI_DAY, orgId: huli, categoryId: penglaiDay.categoryId }, 'categoryId'],
      [{ ...HULI_DAY, orgId: penglai, categoryId: cat.QYYG }, 'orgId'],
      [{ ...HULI_DAY, orgId: huli, categoryId: cat.QYYG, name: '' }, 'name'],
    ] as const) {
      const bad = await create(district, payload);
      expect(bad.statusCode, field).toBe(400);
      expect(bad.json().errors[0].field).toBe(field);
    }
    expect((await create(resident, { ...HULI_DAY, orgId: huli, categoryId: cat.QYYG })).statusCode).toBe(403);
    const id = res.json().id as number;
    // the enterprise sees the day (it is for its organization) but may not change it
    expect(
      (
        await t.as(enterprise, {
          method: 'PATCH',
          url: `/api/v1/service-days/${id}`,
          payload: { dayOfMonth: 16 },
        })
      ).statusCode,
    ).toBe(403);
    // 蓬莱's day is not the district's: 404
    expect(
      (
        await t.as(district, {
          method: 'PATCH',
          url: `/api/v1/service-days/${penglaiDay.id}`,
          payload: { dayOfMonth: 9 },
        })
      ).statusCode,
    ).toBe(404);
    const moved = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/service-days/${id}`,
      payload: { dayOfMonth: 16 },
    });
    expect(moved.json().dayOfMonth).toBe(16);
  });

  it('an enterprise signs up on the phone: the sign-up is a case in the queue, routed, counted, retried safely', async () => {
    const list = await t.as(enterprise, { url: '/api/v1/service-days' });
    const day = list.json().items.find((d: { name: string }) => d.name === '亲清会客厅');
    expect(day.actions).toEqual(['signup']);
    expect(list.json().items.some((d: { id: number }) => d.id === penglaiDay.id)).toBe(false);

    const bad = await signUp(enterprise, day.id, { ...SIGNUP, title: ' ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('title');
    expect((await signUp(enterprise, penglaiDay.id, SIGNUP)).statusCode).toBe(404);

    const key = { 'idempotency-key': 'signup-1' };
    const res = await signUp(enterprise, day.id, SIGNUP, key);
    expect(res.statusCode).toBe(201);
    expect(res.json().sessionDate).toBe(day.nextDate);
    const again = await signUp(enterprise, day.id, SIGNUP, key);
    expect(again.json().caseId).toBe(res.json().caseId);

    const filed = await t.as(enterprise, { url: `/api/v1/cases/${res.json().caseId}` });
    expect(filed.json()).toMatchObject({
      channel: 'service_day',
      channelLabel: '企业服务日',
      categoryName: '企业用工诉求',
      leadOrgName: '厦门市湖里区人力资源和社会保障局机关党支部',
    });
    expect(filed.json().title).toBe(`【亲清会客厅 ${day.nextDate}】技术工人招聘难`);
    expect(filed.json().description).toContain('厦门鹭岛智造科技有限公司');

    const queue = await t.as(district, { url: '/api/v1/cases?channel=service_day' });
    expect(queue.json().items.map((c: { id: number }) => c.id)).toEqual([res.json().caseId]);
    const staffView = await t.as(district, { url: '/api/v1/service-days' });
    expect(staffView.json().items.find((d: { id: number }) => d.id === day.id).signups).toBe(1);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('after')
      .where('action', '=', 'case.service_day_signup')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
