import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import * as points from './service.ts';

let t: TestApp;
let resident: Session;
let district: Session;
let secretary: Session;
let admin: Session;
let residentUser: { id: number; displayName: string };
let huliStation: { id: number; rewards: Array<{ id: number; name: string; cost: number; stock: number }> };
let yunfuStation: { id: number };
let residentCase: number;

const reward = (name: string) => huliStation.rewards.find((r) => r.name === name)!;

async function balance(who: Session): Promise<number> {
  return (await t.as(who, { url: '/api/v1/me/points' })).json().balance;
}

async function stock(rewardId: number): Promise<number> {
  const row = await t.database.db
    .selectFrom('station_rewards')
    .select('stock')
    .where('id', '=', rewardId)
    .executeTakeFirstOrThrow();
  return row.stock;
}

const redeem = (who: Session, body: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: '/api/v1/points/redemptions', payload: body });

/** Grants points as a verified case does (the cases module calls this at the close). */
async function grantForCase(points_: number) {
  await t.database.db.transaction().execute((trx) =>
    points.grantForCase(trx, {
      caseId: residentCase,
      user: residentUser,
      points: points_,
      regionCode: '350206',
      reason: `测试：经核实办结（${points_} 分）`,
    }),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  resident = await t.login('resident');
  district = await t.login('district');
  secretary = await t.login('secretary');
  admin = await t.login('admin');
  // a real case of the resident's, whose verified close credits points
  const categories = (await t.as(resident, { url: '/api/v1/case-categories' })).json().items as Array<{
    id: number;
    attributes: Array<{ required?: boolean }>;
  }>;
  const plain = categories.find((c) => !c.attributes.some((a) => a.required))!;
  const filed = await t.as(resident, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: {
      categoryId: plain.id,
      title: '兴隆路路灯不亮',
      description: '晚上整条路漆黑',
      channel: 'mobile',
    },
  });
  expect(filed.statusCode).toBe(201);
  residentCase = filed.json().id;
  residentUser = { id: resident.userId, displayName: '黄师傅（外卖骑手）' };
  const list = (await t.as(resident, { url: '/api/v1/stations' })).json();
  huliStation = list.items.find((s: { name: string }) => s.name.startsWith('兴隆社区'));
  yunfuStation = list.items.find((s: { name: string }) => s.name.startsWith('云城区'));
  await grantForCase(100);
});
afterAll(() => t.close());

describe('GET /api/v1/me/points', () => {
  it('answers the balance and each movement with its source, as API.md fixes', async () => {
    const res = await t.as(resident, { url: '/api/v1/me/points' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.balance).toBe(body.items.reduce((s: number, i: { delta: number }) => s + i.delta, 0));
    expect(body.items[0]).toMatchObject({ delta: 100, source: { kind: 'case' } });
    expect(body.items[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    // the same grant twice (same case, same reason) credits once
    await grantForCase(100);
    expect(await balance(resident)).toBe(body.balance);
    expect((await t.as(null, { url: '/api/v1/me/points' })).statusCode).toBe(401);
  });
});

describe('stations', () => {
  it('are listed with their rewards to every signed-in role; only their organization may manage them', async () => {
    expect(huliStation).toBeDefined();
    expect(yunfuStation).toBeDefined();
    for (const who of ['member', 'handler', 'grid', 'enterprise', 'secretary']) {
      const res = await t.as(await t.login(who), { url: '/api/v1/stations' });
      expect(res.statusCode, who).toBe(200);
      expect(res.json().total, who).toBeGreaterThanOrEqual(3);
    }
    const seenByResident = (await t.as(resident, { url: `/api/v1/stations/${huliStation.id}` })).json();
    expect(seenByResident.manageable).toBe(false);
    expect(seenByResident.rewards.length).toBeGreaterThan(0);
    expect((await t.as(district, { url: `/api/v1/stations/${huliStation.id}` })).json().manageable).toBe(
      true,
    );
    expect((await t.as(district, { url: `/api/v1/stations/${yunfuStation.id}` })).json().manageable).toBe(
      false,
    );
    const mine = (await t.as(district, { url: '/api/v1/stations?mine=true' })).json();
    expect(mine.items.map((s: { id: number }) => s.id)).toEqual([huliStation.id]);
    expect((await t.as(resident, { url: '/api/v1/stations/99999999' })).statusCode).toBe(404);
    const bad = await t.as(resident, { url: '/api/v1/stations?regionCode=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('regionCode');
  });

  it('who × action × inside/outside: add a reward, change stock, read redemptions, set up a station', async () => {
    const addReward = (who: Session, stationId: number) =>
      t.as(who, {
        method: 'POST',
        url: `/api/v1/stations/${stationId}/rewards`,
        payload: { name: '毛巾', cost: 20, stock: 5 },
      });
    expect((await addReward(district, huliStation.id)).statusCode).toBe(201);
    expect((await addReward(admin, yunfuStation.id)).statusCode).toBe(201);
    // outside the district's subtree: as if it did not exist
    expect((await addReward(district, yunfuStation.id)).statusCode).toBe(404);
    // no station.manage at all
    expect((await addReward(secretary, huliStation.id)).statusCode).toBe(403);
    expect((await addReward(resident, huliStation.id)).statusCode).toBe(403);
    expect((await t.as(resident, { url: `/api/v1/stations/${huliStation.id}/redemptions` })).statusCode).toBe(
      403,
    );
    expect(
      (await t.as(district, { url: `/api/v1/stations/${yunfuStation.id}/redemptions` })).statusCode,
    ).toBe(404);

    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const yunfu = await orgId(t, '中共云浮市委员会');
    const create = (who: Session, org: number) =>
      t.as(who, {
        method: 'POST',
        url: '/api/v1/stations',
        payload: { orgId: org, name: '殿前街道暖“新”驿站', lat: 24.52, long: 118.12 },
      });
    expect((await create(district, huli)).statusCode).toBe(201);
    const outside = await create(district, yunfu);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('orgId');
    const badLat = await t.as(district, {
      method: 'POST',
      url: '/api/v1/stations',
      payload: { orgId: huli, name: '驿站', lat: 123 },
    });
    expect(badLat.statusCode).toBe(400);
    expect(badLat.json().errors[0].field).toBe('lat');
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', ['station.create', 'station.reward_create'])
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(3);
  });
});

describe('POST /api/v1/points/redemptions', () => {
  it('moves the points from the person to the station, lowers the stock, and the books stay balanced', async () => {
    const voucher = reward('充电宝免费租借券');
    const before = await balance(resident);
    const stockBefore = await stock(voucher.id);
    const res = await redeem(resident, { stationId: huliStation.id, rewardId: voucher.id, quantity: 2 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      quantity: 2,
      cost: voucher.cost * 2,
      balance: before - voucher.cost * 2,
    });
    expect(await balance(resident)).toBe(before - voucher.cost * 2);
    expect(await stock(voucher.id)).toBe(stockBefore - 2);
    const mine = (await t.as(resident, { url: '/api/v1/me/points' })).json();
    expect(mine.items[0]).toMatchObject({
      delta: -voucher.cost * 2,
      source: { kind: 'redemption', id: res.json().id, title: '兴隆社区暖“新”驿站' },
    });
    const atStation = (
      await t.as(district, { url: `/api/v1/stations/${huliStation.id}/redemptions` })
    ).json();
    expect(atStation.items[0]).toMatchObject({
      rewardName: voucher.name,
      quantity: 2,
      personName: residentUser.displayName,
    });
    const books = await points.trialBalance(t.database.db);
    expect(books.reduce((s, a) => s + a.balance, 0)).toBe(0);
    expect(books.find((a) => a.kind === 'grants')!.balance).toBeLessThan(0);
  });

  it('answers 409 and changes nothing when the balance or the stock falls short', async () => {
    const raincoat = reward('轻便雨衣');
    const before = await balance(resident);
    const stockBefore = await stock(raincoat.id);
    const tooDear = await redeem(resident, {
      stationId: huliStation.id,
      rewardId: raincoat.id,
      quantity: 20,
    });
    expect(tooDear.statusCode).toBe(409);
    expect(tooDear.json().code).toBe('points.insufficient');
    expect(tooDear.json().detail).toContain(String(before));
    // the district leaves one in stock: two cannot be had
    const set = await t.as(district, {
      method: 'PATCH',
      url: `/api/v1/stations/${huliStation.id}/rewards/${raincoat.id}`,
      payload: { stock: 1 },
    });
    expect(set.statusCode).toBe(200);
    const gone = await redeem(resident, { stationId: huliStation.id, rewardId: raincoat.id, quantity: 2 });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().code).toBe('reward.out_of_stock');
    expect(await balance(resident)).toBe(before);
    expect(await stock(raincoat.id)).toBe(1);
    expect(stockBefore).toBeGreaterThan(1);
  });

  it('spends a balance only once when two redemptions race for it', async () => {
    const water = reward('矿泉水一箱');
    const have = await balance(resident);
    await t.database.db.transaction().execute(async (trx) => {
      // bring the balance to exactly one case of water: a redemption-free adjustment through the books
      const txn = await trx
        .insertInto('points_transactions')
        .values({
          region_code: '350206',
          kind: 'grant',
          reason: '测试：调整余额',
          source_kind: 'service_hours',
          source_id: null,
          created_by: null,
          created_at: new Date(0),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const accounts = await trx
        .selectFrom('points_accounts')
        .select(['id', 'kind'])
        .where((eb) => eb.or([eb('user_id', '=', residentUser.id), eb('kind', '=', 'grants')]))
        .execute();
      const delta = water.cost - have;
      if (delta !== 0)
        await trx
          .insertInto('points_entries')
          .values([
            { transaction_id: txn.id, account_id: accounts.find((a) => a.kind === 'person')!.id, delta },
            {
              transaction_id: txn.id,
              account_id: accounts.find((a) => a.kind === 'grants')!.id,
              delta: -delta,
            },
          ])
          .execute();
    });
    expect(await balance(resident)).toBe(water.cost);
    const answers = await Promise.all([
      redeem(resident, { stationId: huliStation.id, rewardId: water.id, quantity: 1 }),
      redeem(resident, { stationId: huliStation.id, rewardId: water.id, quantity: 1 }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(await balance(resident)).toBe(0);
  });

  it('names the wrong field of a bad request', async () => {
    const voucher = reward('充电宝免费租借券');
    for (const [body, field] of [
      [{ stationId: huliStation.id, rewardId: voucher.id, quantity: 0 }, 'quantity'],
      [{ stationId: huliStation.id, rewardId: voucher.id, quantity: 1.5 }, 'quantity'],
      [{ rewardId: voucher.id, quantity: 1 }, 'stationId'],
      [{ stationId: huliStation.id, rewardId: 99999999, quantity: 1 }, 'rewardId'],
      [{ stationId: yunfuStation.id, rewardId: voucher.id, quantity: 1 }, 'rewardId'],
      [{ stationId: 99999999, rewardId: voucher.id, quantity: 1 }, 'stationId'],
    ] as const) {
      const res = await redeem(resident, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0].field, JSON.stringify(body)).toBe(field);
    }
  });
});

describe('the ledger', () => {
  it('keeps its entries: no edit, no removal, no unbalanced transaction', async () => {
    await expect(sql`update points_entries set delta = delta + 1`.execute(t.database.db)).rejects.toThrow(
      /只能新增/,
    );
    await expect(sql`delete from points_entries`.execute(t.database.db)).rejects.toThrow(/只能新增/);
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        const txn = await trx
          .insertInto('points_transactions')
          .values({
            region_code: '350206',
            kind: 'grant',
            reason: '不平衡',
            source_kind: 'service_hours',
            source_id: null,
            created_by: null,
            created_at: new Date(0),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const grants = await trx
          .selectFrom('points_accounts')
          .select('id')
          .where('kind', '=', 'grants')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('points_entries')
          .values({ transaction_id: txn.id, account_id: grants.id, delta: 5 })
          .execute();
      }),
    ).rejects.toThrow(/合计不为零/);
    const books = await points.trialBalance(t.database.db);
    expect(books.reduce((s, a) => s + a.balance, 0)).toBe(0);
  });
});
