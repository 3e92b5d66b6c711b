import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

// The case loop as its people use it (issue 10): the handler reaching the reporter, the resident seeing
// their own case and being told of the answer, rating with a reason and a window to change it, the
// public name of the handling unit, and evidence with photos and files.

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let t: TestApp;
let cat: Record<string, number>;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin');
  const res = await t.as(admin, { url: '/api/v1/case-categories' });
  cat = Object.fromEntries(res.json().items.map((c: { code: string; id: number }) => [c.code, c.id]));
});
afterAll(() => t.close());

async function file(who: Session, body: Record<string, unknown> = {}) {
  const res = await t.as(who, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: { categoryId: cat.SPAQ, title: '小吃店卫生差', description: '后厨脏乱', ...body },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number } & Record<string, unknown>;
}
const act = (who: Session, id: number, payload: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: `/api/v1/cases/${id}/transitions`, payload });
const detail = (who: Session, id: number) => t.as(who, { url: `/api/v1/cases/${id}` });
const reveal = (who: Session, id: number) =>
  t.as(who, { method: 'POST', url: `/api/v1/cases/${id}/contact/reveal` });

async function auditRows(action: string, caseId: number) {
  return t.database.db
    .selectFrom('audit_events')
    .select(['actor_name', 'action'])
    .where('action', '=', action)
    .where('entity_id', '=', String(caseId))
    .execute();
}

describe('reaching the person who filed', () => {
  it('shows the phone masked to everyone, and reveals it in full to the handler of that case only, audited', async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    const admin = await t.login('admin');
    const grid = await t.login('grid');
    const { id } = await file(resident, { reporterPhone: '13912345678' });

    const seen = (await detail(handler, id)).json();
    expect(seen.reporterPhone).toBe('139****5678');
    expect(seen.contactRevealable).toBe(true);
    // viewing the case is no full read: nothing revealed, nothing audited as such
    expect(await auditRows('case.reveal_contact', id)).toEqual([]);
    expect((await detail(admin, id)).json()).toMatchObject({
      reporterPhone: '139****5678',
      contactRevealable: false,
    });

    const shown = await reveal(handler, id);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ reporterPhone: '13912345678' });
    const rows = await auditRows('case.reveal_contact', id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_name).toContain('handler');

    // the dispatcher reads the case but does not handle it: forbidden; outside the scope: as if absent
    const other = await reveal(admin, id);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('forbidden');
    const outside = await reveal(grid, id);
    const missing = await reveal(grid, 999_999_999);
    expect(outside.statusCode).toBe(404);
    expect({ ...outside.json(), requestId: 0 }).toEqual({ ...missing.json(), requestId: 0 });
    expect(await auditRows('case.reveal_contact', id)).toHaveLength(1);
  });

  it('falls back to the phone of the reporting account when the form left it out', async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    await t.database.db
      .updateTable('users')
      .set({ phone: '13800001111' })
      .where('id', '=', resident.userId)
      .execute();
    const { id } = await file(resident);
    expect((await detail(handler, id)).json().reporterPhone).toBe('138****1111');
    expect((await reveal(handler, id)).json().reporterPhone).toBe('13800001111');
  });

  it('records the first contact once: the action disappears and a second one is refused in Chinese', async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    const { id } = await file(resident, { reporterPhone: '13912345678' });
    await act(handler, id, { action: 'sign' });
    const actions = (await detail(handler, id)).json().actions.map((a: { action: string }) => a.action);
    expect(actions).toContain('contact');
    const first = await act(handler, id, { action: 'contact', comment: '电话联系诉求人，约定明日上门' });
    expect(first.statusCode).toBe(200);
    expect(first.json().actions.map((a: { action: string }) => a.action)).not.toContain('contact');
    expect(first.json().firstContactedAt).toMatch(/\+08:00$/);
    await act(handler, id, { action: 'start' });
    expect((await detail(handler, id)).json().actions.map((a: { action: string }) => a.action)).not.toContain(
      'contact',
    );
    const again = await act(handler, id, { action: 'contact', comment: '再次联系' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('case.contact_recorded');
    expect(again.json().detail).toContain('已记录首次联系');
  });
});

/** Files, signs, starts and replies: the case ends `replied`. */
async function answered(resident: Session, body: Record<string, unknown> = {}) {
  const handler = await t.login('handler');
  const { id } = await file(resident, body);
  await act(handler, id, { action: 'sign' });
  await act(handler, id, { action: 'start' });
  const replied = await act(handler, id, { action: 'reply', reply: '已责令整改', evidence: '检查笔录' });
  expect(replied.statusCode).toBe(200);
  return id;
}

describe('the resident on their own case', () => {
  it('sees their own photo and address', async () => {
    const resident = await t.login('resident');
    const { id } = await file(resident, {
      address: '兴隆路 88 号',
      photos: [{ fileName: 'shop.png', contentType: 'image/png', dataBase64: PNG }],
    });
    const mine = (await detail(resident, id)).json();
    expect(mine.address).toBe('兴隆路 88 号');
    expect(mine.attachments).toHaveLength(1);
    expect(mine.attachments[0]).toMatchObject({ kind: 'photo', fileName: 'shop.png' });
    const img = await t.as(resident, { url: mine.attachments[0].url });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
  });

  it('is told when the case is answered: an unread notice in 我的 and a delivery through the channels', async () => {
    const resident = await t.login('resident');
    const before = (await t.as(resident, { url: '/api/v1/notifications' })).json();
    const id = await answered(resident, { title: '路灯不亮' });
    const list = (await t.as(resident, { url: '/api/v1/notifications' })).json();
    expect(list.unread).toBe(before.unread + 1);
    const notice = list.items.find((n: { caseId: number }) => n.caseId === id);
    expect(notice).toMatchObject({ kind: 'answered', readAt: null });
    expect(notice.title).toContain('路灯不亮');
    expect(notice.body).toContain('已责令整改');

    // the outside channel (the compliance reminders' LogChannel) carries it, once
    await t.queue.tick();
    const sent = await t.database.db
      .selectFrom('channel_deliveries')
      .select(['channel', 'title', 'body'])
      .where('user_id', '=', resident.userId)
      .where('title', 'like', '%路灯不亮%')
      .execute();
    expect(sent).toEqual([expect.objectContaining({ channel: 'log' })]);
    await t.queue.tick();
    const again = await t.database.db
      .selectFrom('channel_deliveries')
      .select('id')
      .where('user_id', '=', resident.userId)
      .where('title', 'like', '%路灯不亮%')
      .execute();
    expect(again).toHaveLength(1);

    // opening the case reads the notice
    await detail(resident, id);
    const after = (await t.as(resident, { url: '/api/v1/notifications' })).json();
    expect(after.unread).toBe(before.unread);
    expect(after.items.find((n: { caseId: number }) => n.caseId === id).readAt).not.toBeNull();
  });
});
