import { makeIdNumber, maskIdNumber } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { loadMigrations, migrate } from '../../platform/db/migrate.ts';
import { createTestApp, openTestDatabase, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Transfers of organizational relationship: the sending branch (鹭岛智造, its secretary), the receiving
 * branch (湖里区市场监督管理局机关党支部, a secretary created here) and an unrelated district (思明区).
 */
let t: TestApp;

/** Runs every ready job: the compliance re-checks the changes above queued, then the one under test. */
async function drainQueue() {
  let ran = true;
  while (ran) ran = await t.queue.runOne();
}
let sending: number;
let receiving: number;
let secretary: Session;
let receiver: Session;
let siming: Session;
let district: Session;
let members: number[];

const PASSWORD = 'Transfer2026x';

async function userWithRole(username: string, role: string, org: number): Promise<Session> {
  const admin = await t.login('admin');
  const created = await t.as(admin, {
    method: 'POST',
    url: '/api/v1/users',
    payload: { username, displayName: username, password: PASSWORD, orgId: org },
  });
  expect(created.statusCode, created.body).toBe(201);
  const bound = await t.as(admin, {
    method: 'POST',
    url: `/api/v1/users/${created.json().id}/roles`,
    payload: { role, orgId: org },
  });
  expect(bound.statusCode, bound.body).toBe(200);
  return t.login(username, PASSWORD);
}

beforeAll(async () => {
  t = await createTestApp();
  sending = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
  receiving = await orgId(t, '厦门市湖里区市场监督管理局机关党支部');
  secretary = await t.login('secretary');
  district = await t.login('district');
  receiver = await userWithRole('receiver', 'branch_admin', receiving);
  siming = await userWithRole('siming', 'org_admin', await orgId(t, '中共厦门市思明区委员会'));
  const rows = await t.database.db
    .selectFrom('members')
    .select('id')
    .where('org_id', '=', sending)
    .where('stage', '=', 'full')
    .where('status', '=', 'normal')
    .where('user_id', 'is', null)
    .orderBy('id')
    .limit(9)
    .execute();
  members = rows.map((r) => r.id);
});
afterAll(() => t.close());

async function start(s: Session, payload: Record<string, unknown>) {
  return t.as(s, { method: 'POST', url: '/api/v1/transfers', payload });
}
async function act(s: Session, id: number, action: string, payload: Record<string, unknown> = {}) {
  return t.as(s, { method: 'POST', url: `/api/v1/transfers/${id}/${action}`, payload });
}
async function orgOf(memberId: number) {
  return await t.database.db
    .selectFrom('members')
    .select(['org_id', 'status'])
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
}
async function held(org: number) {
  const row = await t.database.db
    .selectFrom('members')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', org)
    .executeTakeFirstOrThrow();
  return row.n;
}

describe('internal transfer', () => {
  it('is started by the sending branch, seen by both sides, accepted, and closed by the receipt', async () => {
    const m = members[0]!;
    const before = { sending: await held(sending), receiving: await held(receiving) };
    const started = await start(secretary, {
      direction: 'internal',
      memberId: m,
      toOrgId: receiving,
      reason: '工作调动',
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as number;
    expect(started.json()).toMatchObject({ state: 'pending', side: ['sending'], actions: ['cancel'] });

    // one open transfer per member
    const second = await start(secretary, {
      direction: 'internal',
      memberId: m,
      toOrgId: receiving,
      reason: '重复',
    });
    expect(second.json().code).toBe('transfer.open_exists');

    // both sides see it; the receiver reads the masked member although they are outside its subtree
    const outbox = await t.as(secretary, { url: '/api/v1/transfers?box=outbox&state=pending' });
    expect(outbox.json().items.map((i: { id: number }) => i.id)).toContain(id);
    const inbox = await t.as(receiver, { url: '/api/v1/transfers?box=inbox&state=pending' });
    expect(inbox.json().items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await t.as(receiver, { url: '/api/v1/transfers?box=outbox' })).json().items).toHaveLength(0);
    const seen = await t.as(receiver, { url: `/api/v1/transfers/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ side: ['receiving'], actions: ['accept', 'return'] });
    expect(seen.json().member.idNumber).toMatch(/\*{10}/);
    expect((await t.as(receiver, { url: `/api/v1/members/${m}` })).statusCode).toBe(404);

    // until accepted the member stays in (and is counted by) the sending branch only
    expect((await orgOf(m)).org_id).toBe(sending);
    expect(await held(sending)).toBe(before.sending);
    expect(await held(receiving)).toBe(before.receiving);

    expect((await act(secretary, id, 'accept')).statusCode).toBe(403);
    expect((await act(receiver, id, 'receipt')).json().code).toBe('transfer.state');
    const accepted = await act(receiver, id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'accepted', actions: ['receipt'] });
    expect((await orgOf(m)).org_id).toBe(receiving);
    expect(await held(sending)).toBe(before.sending - 1);
    expect(await held(receiving)).toBe(before.receiving + 1);

    // the sending side still sees its outbox entry, now as awaiting the receipt
    const sender = await t.as(secretary, { url: `/api/v1/transfers/${id}` });
    expect(sender.json()).toMatchObject({ state: 'accepted', side: ['sending'], actions: [] });

    const completed = await act(receiver, id, 'receipt', { receiptNo: '回执2026-001' });
    expect(completed.json()).toMatchObject({ state: 'completed', receiptNo: '回执2026-001' });
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'member_transfer')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'transfer.accept',
      'transfer.receipt',
      'transfer.start',
    ]);
  });

  it('shows the member as they were at the transfer, masked, once they have left the sending side', async () => {
    const m = members[8]!;
    const before = await t.as(secretary, { url: `/api/v1/members/${m}` });
    expect(before.statusCode).toBe(200);
    const id = (
      await start(secretary, { direction: 'internal', memberId: m, toOrgId: receiving, reason: '工作调动' })
    ).json().id as number;
    expect((await act(receiver, id, 'accept')).statusCode).toBe(200);
    // their later life belongs to the receiving branch
    const changed = await t.as(receiver, {
      method: 'PATCH',
      url: `/api/v1/members/${m}`,
      payload: { name: '转入后改名', workUnit: '新的工作单位', phone: '17099998888' },
    });
    expect(changed.statusCode, changed.body).toBe(200);

    const seen = (await t.as(secretary, { url: `/api/v1/transfers/${id}` })).json();
    expect(seen.memberName).toBe(before.json().name);
    expect(seen.member).toMatchObject({ name: before.json().name, currentOrgName: null });
    expect(seen.member.workUnit).not.toBe('新的工作单位');
    expect(seen.member.phone ?? '').not.toContain('9888');
    // masked in SQL when taken, exactly as the members module masks
    const original = await t.database.db
      .selectFrom('members')
      .select(['id_number'])
      .where('id', '=', m)
      .executeTakeFirstOrThrow();
    expect(seen.member.idNumber).toBe(maskIdNumber(original.id_number));
    expect(seen.member.birthDate).toBeNull();
    const listed = await t.as(secretary, { url: '/api/v1/transfers?box=outbox' });
    const item = listed.json().items.find((i: { id: number }) => i.id === id);
    expect(item.memberName).toBe(before.json().name);
    const byNewName = await t.as(secretary, {
      url: `/api/v1/transfers?q=${encodeURIComponent('转入后改名')}`,
    });
    expect(byNewName.json().items.map((i: { id: number }) => i.id)).not.toContain(id);
    // the receiving side, where the member now is, reads the member itself
    expect((await t.as(receiver, { url: `/api/v1/transfers/${id}` })).json().member.currentOrgName).toBe(
      '厦门市湖里区市场监督管理局机关党支部',
    );
  });

  it('is returned with a reason, leaving the member where they were', async () => {
    const m = members[1]!;
    const id = (
      await start(secretary, { direction: 'internal', memberId: m, toOrgId: receiving, reason: '居住地变化' })
    ).json().id as number;
    expect((await act(receiver, id, 'return', { reason: '' })).statusCode).toBe(400);
    const returned = await act(receiver, id, 'return', { reason: '该同志不在本单位工作，请核实接收单位' });
    expect(returned.json()).toMatchObject({
      state: 'returned',
      returnReason: '该同志不在本单位工作，请核实接收单位',
    });
    expect((await orgOf(m)).org_id).toBe(sending);
    const sender = await t.as(secretary, { url: `/api/v1/transfers/${id}` });
    expect(sender.json().returnReason).toContain('请核实');
    // a new transfer may start once the returned one is closed
    const again = await start(secretary, {
      direction: 'internal',
      memberId: m,
      toOrgId: receiving,
      reason: '再次转接',
    });
    expect(again.statusCode).toBe(201);
    expect((await act(secretary, again.json().id, 'cancel', { reason: '撤回' })).json().state).toBe(
      'cancelled',
    );
  });

  it('expires a letter past its validity in the daily job; an unswept expired letter cannot be accepted', async () => {
    const m = members[2]!;
    const a = (
      await start(secretary, { direction: 'internal', memberId: m, toOrgId: receiving, reason: '工作调动' })
    ).json();
    expect(a.letterValidUntil > clock.today()).toBe(true);
    await t.database.db
      .updateTable('member_transfers')
      .set({ started_on: '2026-01-05', letter_valid_until: '2026-04-05' })
      .where('id', '=', a.id)
      .execute();
    const refused = await act(receiver, a.id, 'accept');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].code).toBe('rule.M4');

    await t.queue.enqueue(t.database.db, 'transfers.expire', {});
    await drainQueue();
    const job = await t.database.db
      .selectFrom('jobs')
      .select(['state', 'result'])
      .where('name', '=', 'transfers.expire')
      .executeTakeFirstOrThrow();
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ expired: 1 });
    const expired = await t.as(secretary, { url: `/api/v1/transfers/${a.id}` });
    expect(expired.json()).toMatchObject({ state: 'expired', actions: [] });
    expect((await orgOf(m)).org_id).toBe(sending);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_id', 'org_path'])
      .where('action', '=', 'transfer.expire')
      .where('entity_id', '=', String(a.id))
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBeNull();
    expect(audit.org_path).toContain(`/${sending}/`);
    // the schedule is installed daily
    const { SCHEDULES } = await import('../jobs/definitions.ts');
    expect(SCHEDULES.find((s) => s.job === 'transfers.expire')?.everySeconds).toBe(86_400);
  });
});

describe('transfers with organizations outside the system', () => {
  it('records the paper letter number out of the system, and the receipt takes the member off the roll', async () => {
    const m = members[3]!;
    const missing = await start(secretary, { direction: 'out', memberId: m, reason: '调往外省' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['outsideOrgName', 'outsideLetterNo']),
    );
    const out = await start(secretary, {
      direction: 'out',
      memberId: m,
      reason: '调往外省工作',
      outsideOrgName: '中共杭州市西湖区某某公司支部委员会',
      outsideLetterNo: '厦组转字〔2026〕第0123号',
    });
    expect(out.statusCode, out.body).toBe(201);
    expect(out.json()).toMatchObject({ state: 'pending', toOrgId: null, actions: ['receipt', 'cancel'] });
    const done = await act(secretary, out.json().id, 'receipt', { receiptNo: '浙回执-88' });
    expect(done.json().state).toBe('completed');
    expect(await orgOf(m)).toMatchObject({ org_id: sending, status: 'transferred_out' });
  });

  it('records a member arriving with a paper letter into the receiving branch', async () => {
    const arrived = await start(receiver, {
      direction: 'in',
      toOrgId: receiving,
      reason: '从外省调入',
      outsideOrgName: '中共南昌市某某局机关支部委员会',
      outsideLetterNo: '洪组转〔2026〕45号',
      member: {
        name: '钟转入',
        idNumber: makeIdNumber('360102', '1988-08-08', 135),
        stage: 'full',
        joinedOn: '2012-07-01',
      },
    });
    expect(arrived.statusCode, arrived.body).toBe(201);
    expect(arrived.json()).toMatchObject({
      direction: 'in',
      state: 'accepted',
      fromOrgId: null,
      actions: ['receipt'],
    });
    expect((await orgOf(arrived.json().memberId)).org_id).toBe(receiving);
    expect((await act(receiver, arrived.json().id, 'receipt')).json().state).toBe('completed');
    const dup = await start(receiver, {
      direction: 'in',
      toOrgId: receiving,
      reason: '重复',
      outsideOrgName: 'x',
      outsideLetterNo: 'y',
      member: { name: '钟转入', idNumber: makeIdNumber('360102', '1988-08-08', 135), stage: 'full' },
    });
    expect(dup.statusCode).toBe(409);
  });
});

describe('mobile members (M3)', () => {
  it('ends a card past its validity in the daily job and the member is no longer 流动党员', async () => {
    const [gone, away] = [members[7]!, members[4]!];
    const issue = (m: number, cardNo: string, from: string, until: string) =>
      t.as(secretary, {
        method: 'POST',
        url: `/api/v1/members/${m}/mobile-card`,
        payload: { cardNo, location: '泉州市丰泽区', from, until },
      });
    expect((await issue(gone, 'LD-EXP', todayMinus(60), todayMinus(1))).statusCode).toBe(200);
    expect((await issue(away, 'LD-OK', todayMinus(10), todayMinus(-30))).statusCode).toBe(200);

    await t.queue.enqueue(t.database.db, 'transfers.expire', {});
    await drainQueue();
    const job = await t.database.db
      .selectFrom('jobs')
      .select(['state', 'result'])
      .where('name', '=', 'transfers.expire')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'done', result: { cardsExpired: 1 } });
    const rows = await t.database.db
      .selectFrom('members')
      .select(['id', 'status', 'mobile_card_no'])
      .where('id', 'in', [gone, away])
      .execute();
    expect(rows.find((r) => r.id === gone)).toMatchObject({ status: 'normal', mobile_card_no: null });
    expect(rows.find((r) => r.id === away)).toMatchObject({ status: 'mobile', mobile_card_no: 'LD-OK' });
    const card = await t.database.db
      .selectFrom('member_mobile_cards')
      .select(['ended_on', 'valid_until'])
      .where('card_no', '=', 'LD-EXP')
      .executeTakeFirstOrThrow();
    expect(card.ended_on).toBe(card.valid_until);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_id', 'org_path'])
      .where('action', '=', 'member.mobile_card_expire')
      .where('entity_id', '=', String(gone))
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBeNull();
    expect(audit.org_path).toContain(`/${sending}/`);
    // ending the other card by hand keeps the test data as the next test expects
    await t.as(secretary, { method: 'POST', url: `/api/v1/members/${away}/mobile-card/end` });
  });

  it('issues a card for less than 6 months and refuses 6 months', async () => {
    const m = members[4]!;
    const refused = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/members/${m}/mobile-card`,
      payload: { cardNo: 'LD-001', location: '深圳市南山区', from: '2026-03-01', until: '2026-09-01' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'transfer.rule' });
    expect(refused.json().errors[0].code).toBe('rule.M3');
    const ok = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/members/${m}/mobile-card`,
      payload: { cardNo: 'LD-001', location: '深圳市南山区', from: '2026-03-01', until: '2026-08-31' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'mobile', cardNo: 'LD-001', until: '2026-08-31' });
    const row = await t.database.db
      .selectFrom('members')
      .select(['status', 'mobile_card_no', 'mobile_location'])
      .where('id', '=', m)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'mobile', mobile_card_no: 'LD-001', mobile_location: '深圳市南山区' });
    const ended = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/members/${m}/mobile-card/end`,
      payload: {},
    });
    expect(ended.json()).toMatchObject({ status: 'normal', cardNo: null });
    expect(
      (
        await t.as(receiver, {
          method: 'POST',
          url: `/api/v1/members/${m}/mobile-card`,
          payload: { cardNo: 'x', location: 'y', until: '2026-12-01' },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('permission matrix: sending side × receiving side × unrelated district', () => {
  type Who = 'secretary' | 'district' | 'receiver' | 'siming' | 'member';
  const who = (w: Who) => ({ secretary, district, receiver, siming })[w as 'secretary'] ?? null;

  it('answers each action as the side allows, and 404 outside both sides', async () => {
    const memberSession = await t.login('member');
    const as = (w: Who) => (w === 'member' ? memberSession : who(w)!);
    const fresh = async () =>
      (
        await start(secretary, {
          direction: 'internal',
          memberId: members[5]!,
          toOrgId: receiving,
          reason: '矩阵',
        })
      ).json().id as number;

    // a member outside one's scope is a body reference that does not resolve: 400 naming memberId
    const startCases: Array<[Who, number]> = [
      ['siming', 400],
      ['receiver', 400],
      ['member', 400],
    ];
    for (const [w, expected] of startCases) {
      const res = await start(as(w), {
        direction: 'internal',
        memberId: members[6]!,
        toOrgId: receiving,
        reason: '矩阵',
      });
      expect(res.statusCode, `${w} start`).toBe(expected);
      expect(res.json().errors[0].field).toBe('memberId');
    }
    const byDistrict = await start(district, {
      direction: 'internal',
      memberId: members[6]!,
      toOrgId: receiving,
      reason: '区委发起',
    });
    expect(byDistrict.statusCode).toBe(201);
    expect((await act(district, byDistrict.json().id, 'cancel')).statusCode).toBe(200);

    const id = await fresh();
    const reads: Array<[Who, number]> = [
      ['secretary', 200],
      ['district', 200],
      ['receiver', 200],
      ['siming', 404],
      ['member', 404],
    ];
    for (const [w, expected] of reads) {
      expect((await t.as(as(w), { url: `/api/v1/transfers/${id}` })).statusCode, `${w} read`).toBe(expected);
    }
    const actions: Array<[Who, string, number]> = [
      ['siming', 'accept', 404],
      ['siming', 'return', 404],
      ['siming', 'cancel', 404],
      ['member', 'accept', 404],
      ['secretary', 'accept', 403],
      ['secretary', 'return', 403],
      ['receiver', 'cancel', 403],
    ];
    for (const [w, action, expected] of actions) {
      const res = await act(as(w), id, action, action === 'return' ? { reason: '矩阵' } : {});
      expect(res.statusCode, `${w} ${action}`).toBe(expected);
    }
    // district covers both branches: it may act for either side
    expect((await act(district, id, 'accept')).statusCode).toBe(200);
    expect((await act(secretary, id, 'receipt')).statusCode).toBe(403);
    expect((await act(receiver, id, 'receipt')).statusCode).toBe(200);

    const lists: Array<[Who, number]> = [
      ['siming', 0],
      ['member', 0],
    ];
    for (const [w, n] of lists) {
      expect((await t.as(as(w), { url: '/api/v1/transfers' })).json().total, `${w} list`).toBe(n);
    }
  });
});

function todayMinus(days: number): string {
  const d = new Date(`${clock.today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

describe('migration 0055', () => {
  it('takes the snapshot of the transfers made before it, masked', async () => {
    const db = await openTestDatabase();
    try {
      const all = loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < 55),
      );
      await sql`insert into orgs (id, region_code, path, depth, name, name_search, type)
        values (1, '350206', '/1/', 0, '甲', '甲', 'committee'), (2, '350206', '/1/2/', 1, '乙', '乙', 'branch'),
               (3, '350206', '/1/3/', 1, '丙', '丙', 'branch')`.execute(db.db);
      const idNumber = makeIdNumber('350206', '1990-05-04', 11);
      const member = await sql<{
        id: number;
      }>`insert into members (org_id, region_code, name, name_search, id_number, gender, birth_date, phone, stage, work_unit)
        values (3, '350206', '陈迁', '陈迁', ${idNumber}, 'male', '1990-05-04', '17012345678', 'full', '某公司')
        returning id`.execute(db.db);
      await sql`insert into member_transfers (region_code, member_id, direction, from_org_id, to_org_id, state, reason, started_on, letter_valid_until, updated_at)
        values ('350206', ${member.rows[0]!.id}, 'internal', 2, 3, 'completed', '工作调动', '2025-01-02', '2025-04-02', now())`.execute(
        db.db,
      );
      await migrate(db, all);
      const row = await db.db
        .selectFrom('member_transfers')
        .select('member_snapshot')
        .executeTakeFirstOrThrow();
      expect(row.member_snapshot).toEqual({
        name: '陈迁',
        nameSearch: '陈迁',
        gender: 'male',
        idNumber: maskIdNumber(idNumber),
        phone: '170****5678',
        stage: 'full',
        status: 'normal',
        joinedOn: null,
        fullMemberOn: null,
        workUnit: '某公司',
      });
    } finally {
      await db.drop();
    }
  });
});
