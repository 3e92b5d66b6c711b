import { deliverAfter } from '@honglian/domain';
import { type SqlBool, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clock, systemNow } from '../../platform/clock.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { LogChannel } from '../compliance/channels.ts';
import { deliverCaseNotices } from './notices.ts';

/** A log for the channels that writes nowhere (the deliveries table is what the tests read). */
const quiet = { info: () => undefined };

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

  it('holds a notice written in quiet hours for the outside channels until 08:00, not in 我的', async () => {
    const resident = await t.login('resident');
    const night = new Date('2026-11-20T23:10:00+08:00');
    const [row] = await t.database.db
      .insertInto('notifications')
      .values({
        user_id: resident.userId,
        kind: 'answered',
        title: '【已答复】夜间答复的工单',
        body: '夜间答复',
        deliver_after: deliverAfter(night),
      })
      .returning('id')
      .execute();
    const sentFor = () =>
      t.database.db
        .selectFrom('channel_deliveries')
        .select('title')
        .where('user_id', '=', resident.userId)
        .where('title', 'like', '%夜间答复的工单%')
        .execute();
    const channels = [new LogChannel(t.database.db, quiet)];
    // 23:30 and 07:59: nothing goes out
    await deliverCaseNotices(t.database.db, channels, new Date('2026-11-20T23:30:00+08:00'));
    await deliverCaseNotices(t.database.db, channels, new Date('2026-11-21T07:59:00+08:00'));
    expect(await sentFor()).toEqual([]);
    // 我的 lists it already
    const mine = (await t.as(resident, { url: '/api/v1/notifications' })).json();
    expect(mine.items.map((n: { id: number }) => n.id)).toContain(row!.id);
    // 08:00: out, once
    await deliverCaseNotices(t.database.db, channels, new Date('2026-11-21T08:00:00+08:00'));
    await deliverCaseNotices(t.database.db, channels, new Date('2026-11-21T09:00:00+08:00'));
    expect(await sentFor()).toEqual([{ title: '【已答复】夜间答复的工单' }]);
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

    // the outside channel (the compliance reminders' LogChannel) carries it, once; in quiet hours
    // (22:00–08:00) it waits for 08:00, so a run at night checks that, then delivers as of the morning
    await t.queue.tick();
    const now = clock.now();
    const morning = deliverAfter(now);
    if (morning.getTime() > now.getTime()) {
      const held = await t.database.db
        .selectFrom('channel_deliveries')
        .select('id')
        .where('user_id', '=', resident.userId)
        .where('title', 'like', '%路灯不亮%')
        .execute();
      expect(held).toEqual([]);
      await deliverCaseNotices(t.database.db, [new LogChannel(t.database.db, quiet)], morning);
    }
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

describe('rating: a reason for 不满意, and a window to change it before it takes effect', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const WINDOW = 30 * 60_000;
  /** Business time moved to `ms` after `from` (the one clock; the database rows carry it). */
  const at = (from: string | Date, ms: number) =>
    vi.spyOn(clock, 'now').mockReturnValue(new Date(new Date(from).getTime() + ms));
  async function runRatingJob(caseId: number) {
    const job = await t.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', 'cases.rating_effective')
      .where(sql<SqlBool>`payload->>'caseId' = ${String(caseId)}`)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const def = t.queue.definitions['cases.rating_effective']!;
    return def.handler(job.payload, {
      job,
      db: t.database,
      log: { info() {}, warn() {}, error() {} } as never,
      progress: async () => {},
    });
  }
  const state = async (id: number) =>
    t.database.db
      .selectFrom('cases')
      .select(['state', 'rating', 'redo_count', 'supervision_level', 'pending_rating'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('refuses 不满意 without a reason, naming the field, and changes nothing', async () => {
    const resident = await t.login('resident');
    const id = await answered(resident);
    const bare = await act(resident, id, { action: 'rate', rating: 'unsatisfied' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0]).toMatchObject({ field: 'comment', message: '选择「不满意」须填写原因' });
    expect(await state(id)).toMatchObject({ state: 'replied', pending_rating: null, redo_count: 0 });
  });

  it('holds 不满意 for 30 minutes: changeable by the rater until the last moment, then sent back with 督办 by the job', async () => {
    const resident = await t.login('resident');
    const admin = await t.login('admin');
    const id = await answered(resident, { title: '不满意的评价' });
    const rated = await act(resident, id, { action: 'rate', rating: 'unsatisfied', comment: '仍在售卖' });
    expect(rated.statusCode).toBe(200);
    const pending = rated.json().pendingRating;
    expect(pending).toMatchObject({ rating: 'unsatisfied', comment: '仍在售卖', changeable: true });
    expect(Date.parse(pending.effectiveAt) - Date.parse(pending.ratedAt)).toBe(WINDOW);
    // nothing irreversible yet: still answered, no redo, no 督办, no alert
    expect(rated.json()).toMatchObject({ state: 'replied', supervisionLevel: 0, redoCount: 0, rating: null });
    // the effect waits in the durable job queue (a row: it survives a restart)
    const job = await t.database.db
      .selectFrom('jobs')
      .select(['run_at', 'state'])
      .where('name', '=', 'cases.rating_effective')
      .where(sql<SqlBool>`payload->>'caseId' = ${String(id)}`)
      .executeTakeFirstOrThrow();
    expect(job.state).toBe('queued');
    // the queue runs on elapsed (infrastructure) time
    expect(new Date(job.run_at).getTime()).toBeGreaterThan(systemNow().getTime() + WINDOW - 60_000);
    // only the rater changes it
    const other = await act(admin, id, { action: 'rate', rating: 'satisfied' });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('case.rating_window');

    // one millisecond before it takes effect: the job leaves it alone, the rater may still change it
    // the stored instant, to the millisecond (the API shows whole seconds)
    const { rating_effective_at: effectiveAt } = await t.database.db
      .selectFrom('cases')
      .select('rating_effective_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    at(effectiveAt!, -1);
    await runRatingJob(id);
    expect(await state(id)).toMatchObject({ state: 'replied', pending_rating: 'unsatisfied' });
    const changed = await act(resident, id, {
      action: 'rate',
      rating: 'unsatisfied',
      comment: '仍在售卖，且无人回应',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().pendingRating.effectiveAt).toBe(pending.effectiveAt);

    // at the moment it takes effect: no more changes, and the job sends the case back under 督办
    at(effectiveAt!, 0);
    const late = await act(resident, id, { action: 'rate', rating: 'satisfied' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'case.rating_window' });
    expect(late.json().detail).toContain('修改期已过');
    await runRatingJob(id);
    expect(await state(id)).toMatchObject({
      state: 'in_progress',
      rating: 'unsatisfied',
      redo_count: 1,
      supervision_level: 1,
      pending_rating: null,
    });
    const events = (await detail(admin, id)).json().events.map((e: { action: string }) => e.action);
    expect(events.slice(-3)).toEqual(['rate', 'rate', 'rating_effective']);
    // a second run of the same job changes nothing
    await runRatingJob(id);
    expect((await state(id)).redo_count).toBe(1);
  });

  it('lets the rater turn 不满意 into 满意 inside the window: the case then closes, with no redo and no 督办', async () => {
    const resident = await t.login('resident');
    const id = await answered(resident);
    const rated = (
      await act(resident, id, { action: 'rate', rating: 'unsatisfied', comment: '点错了' })
    ).json();
    at(rated.pendingRating.ratedAt, 10 * 60_000);
    const changed = await act(resident, id, { action: 'rate', rating: 'satisfied' });
    expect(changed.json().pendingRating.rating).toBe('satisfied');
    at(rated.pendingRating.ratedAt, WINDOW + 5_000);
    await runRatingJob(id);
    expect(await state(id)).toMatchObject({
      state: 'closed',
      rating: 'satisfied',
      redo_count: 0,
      supervision_level: 0,
    });
    expect((await detail(resident, id)).json().pointsAwarded).toBeGreaterThan(0);
  });

  it('takes effect at once where the category sets no window', async () => {
    const resident = await t.login('resident');
    const admin = await t.login('admin');
    const patched = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/case-categories/${cat.SPAQ}`,
      payload: { ratingChangeMinutes: 0 },
    });
    expect(patched.json().ratingChangeMinutes).toBe(0);
    try {
      const id = await answered(resident);
      const rated = await act(resident, id, { action: 'rate', rating: 'unsatisfied', comment: '没有处理' });
      expect(rated.json()).toMatchObject({ state: 'in_progress', redoCount: 1, pendingRating: null });
    } finally {
      await t.as(admin, {
        method: 'PATCH',
        url: `/api/v1/case-categories/${cat.SPAQ}`,
        payload: { ratingChangeMinutes: 30 },
      });
    }
  });
});

describe('the handling unit, as the public sees it', () => {
  it('names the department (the unit the branch belongs to), not its Party branch, to the resident and on Open311', async () => {
    const resident = await t.login('resident');
    const { id } = await file(resident);
    const mine = (await detail(resident, id)).json();
    expect(mine.handlingUnitName).toBe('厦门市湖里区市场监督管理局');
    const dispatched = mine.events.find((e: { action: string }) => e.action === 'dispatch');
    expect(dispatched.comment).toBe('按「食品安全」派单规则派至厦门市湖里区市场监督管理局');
    // the rider has a year of reports in the demo city (demo/cases.ts): the new one is among them
    const listed = (await t.as(resident, { url: '/api/v1/cases?mine=reported&pageSize=100' })).json();
    expect(listed.items.find((c: { id: number }) => c.id === id).handlingUnitName).toBe(
      '厦门市湖里区市场监督管理局',
    );

    // a request filed through Open311 reads back with the department as agency_responsible
    const filed = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: 'demo-open311-key',
        service_code: 'SPAQ',
        lat: '24.5081',
        long: '118.1412',
        description: '路边摊售卖变质食品',
      }).toString(),
    });
    expect(filed.statusCode).toBe(200);
    const rid = filed.json()[0].service_request_id as string;
    const open311 = await t.app.inject({ url: `/open311/v2/requests/${rid}.json?api_key=demo-open311-key` });
    expect(open311.statusCode).toBe(200);
    const agency = open311.json()[0].agency_responsible as string;
    expect(agency).toMatch(/局$/);
    expect(agency).not.toContain('党支部');
    const xml = (await t.app.inject({ url: `/open311/v2/requests/${rid}.xml?api_key=demo-open311-key` }))
      .body;
    expect(xml).toContain(`<agency_responsible>${agency}</agency_responsible>`);
  });
});

function upload(name: string, type: string, content: Buffer) {
  const boundary = '----hl-evidence';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const attach = (who: Session, id: number, name: string, type: string, content: Buffer) =>
  t.as(who, { method: 'POST', url: `/api/v1/cases/${id}/evidence`, ...upload(name, type, content) });

describe('办理凭证 with photos and files', () => {
  it('lets the handler attach photos and files, which count as evidence of the reply and reach the resident', async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    const { id } = await file(resident, { title: '凭证测试' });
    await act(handler, id, { action: 'sign' });
    await act(handler, id, { action: 'start' });

    const photo = await attach(handler, id, '现场.png', 'image/png', Buffer.from(PNG, 'base64'));
    expect(photo.statusCode).toBe(201);
    expect(photo.json()).toMatchObject({ kind: 'photo', fileName: '现场.png' });
    const doc = await attach(handler, id, '检查笔录.pdf', 'application/pdf', PDF);
    expect(doc.statusCode).toBe(201);
    expect(doc.json().kind).toBe('file');
    // the meetings' type detection: only photos and office documents
    const txt = await attach(handler, id, 'a.txt', 'text/plain', Buffer.from('hello'));
    expect(txt.statusCode).toBe(415);
    expect(txt.json().code).toBe('unsupported_media_type');
    const fake = await attach(handler, id, 'fake.png', 'image/png', Buffer.from('not a png'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().errors[0].field).toBe('file');

    // not yet part of the reply: the resident does not see it
    const before = (await detail(resident, id)).json();
    expect(before.attachments.filter((a: { stage: string }) => a.stage === 'evidence')).toEqual([]);
    const staffView = (await detail(handler, id)).json();
    expect(staffView.attachments.filter((a: { stage: string }) => a.stage === 'evidence')).toHaveLength(2);

    // the uploads are the evidence: no text needed
    const replied = await act(handler, id, { action: 'reply', reply: '已现场检查并责令整改' });
    expect(replied.statusCode).toBe(200);
    const evidence = (await detail(resident, id))
      .json()
      .attachments.filter((a: { stage: string }) => a.stage === 'evidence');
    expect(evidence.map((a: { kind: string; fileName: string }) => [a.kind, a.fileName])).toEqual([
      ['photo', '现场.png'],
      ['file', '检查笔录.pdf'],
    ]);
    const pdf = await t.as(resident, { url: evidence[1].url });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('attachment');

    // after the reply nothing more is attached
    const late = await attach(handler, id, '补充.png', 'image/png', Buffer.from(PNG, 'base64'));
    expect(late.statusCode).toBe(409);
  });

  it("refuses evidence from anyone but the case's handler, and outside the scope as if the case were absent", async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    const admin = await t.login('admin');
    const grid = await t.login('grid');
    const { id } = await file(resident);
    await act(handler, id, { action: 'sign' });
    const png = Buffer.from(PNG, 'base64');
    expect((await attach(resident, id, 'a.png', 'image/png', png)).statusCode).toBe(403);
    expect((await attach(admin, id, 'a.png', 'image/png', png)).statusCode).toBe(403);
    const outside = await attach(grid, id, 'a.png', 'image/png', png);
    const missing = await attach(grid, 999_999_999, 'a.png', 'image/png', png);
    expect(outside.statusCode).toBe(404);
    expect({ ...outside.json(), requestId: 0 }).toEqual({ ...missing.json(), requestId: 0 });
  });
});
