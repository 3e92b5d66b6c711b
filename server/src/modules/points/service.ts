import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import * as repo from './repository.ts';

/**
 * 积分与驿站 (issue 14, API.md "Points and stations"). Points are a double-entry ledger: a grant moves
 * points from the platform's grants account to a person (a verified case today; approved service hours
 * later), a redemption from the person to the station that hands the reward over. Every transaction's
 * entries sum to zero (checked by the database at commit), so the accounts always sum to zero.
 * Stations (暖"新"驿站) are public to every signed-in user; the organization that runs one (its
 * subtree's `station.manage`) keeps its rewards and stock and sees what was redeemed there.
 */

const STATION_NOT_FOUND = '未找到该驿站';

/** `GET /me/points`: the balance and the movements, each with what it came from. */
export async function myPoints(db: Executor, ctx: RequestContext) {
  const [balance, rows] = await Promise.all([
    repo.balanceOfUser(db, ctx.actor.userId),
    repo.movementsOf(db, ctx.actor.userId),
  ]);
  return {
    balance,
    items: rows.map((r) => ({
      id: r.id,
      at: r.created_at,
      delta: r.delta,
      reason: r.reason,
      source: {
        kind: r.source_kind,
        id: r.source_id,
        title:
          r.source_kind === 'case'
            ? r.case_title
            : r.source_kind === 'redemption'
              ? r.station_name
              : r.source_kind === 'honour'
                ? r.honour_title
                : r.activity_title,
      },
    })),
  };
}

/** A person's balance alone (工作台), without reading their movements. */
export function myBalance(db: Executor, ctx: RequestContext): Promise<number> {
  return repo.balanceOfUser(db, ctx.actor.userId);
}

/** Grants for a case verified and closed: once per case and reason (the cases module calls this). */
export async function grantForCase(
  db: Executor,
  input: {
    caseId: number;
    user: { id: number; displayName: string };
    points: number;
    regionCode: string;
    reason: string;
  },
) {
  if (input.points <= 0) return null;
  return repo.grant(db, {
    user: input.user,
    points: input.points,
    regionCode: input.regionCode,
    reason: input.reason,
    sourceKind: 'case',
    sourceId: input.caseId,
    at: clock.now(),
  });
}

function stationItem(
  s: repo.StationRow,
  rewards: Awaited<ReturnType<typeof repo.rewardsOf>>,
  manageable: boolean,
) {
  return {
    id: s.id,
    name: s.name,
    regionCode: s.region_code,
    lat: s.lat,
    long: s.long,
    orgId: s.org_id,
    orgName: s.org_name,
    address: s.address,
    hours: s.hours,
    services: s.services,
    rewards: rewards
      .filter((w) => w.station_id === s.id)
      .map((w) => ({ id: w.id, name: w.name, cost: w.cost, stock: w.stock, active: w.active })),
    manageable,
  };
}

/** `GET /stations`: every station, to every signed-in user; `mine` limits to the ones the caller runs. */
export async function listStations(
  db: Executor,
  ctx: RequestContext,
  query: { regionCode?: string | undefined; mine?: boolean | undefined },
) {
  const managed = scopePaths(ctx.actor, 'station.manage');
  const stations = await repo.listStations(db, {
    regionCode: query.regionCode,
    paths: query.mine ? managed : undefined,
  });
  const canManage = (s: repo.StationRow) => managed.some((p) => s.org_path.startsWith(p));
  const rewards = await repo.rewardsOf(
    db,
    stations.map((s) => s.id),
    // the organization running a station also sees the rewards it has switched off
    true,
  );
  const items = stations.map((s) =>
    stationItem(s, canManage(s) ? rewards : rewards.filter((w) => w.active), canManage(s)),
  );
  return { items, total: items.length };
}

export async function getStation(db: Executor, ctx: RequestContext, id: number) {
  const s = await repo.findStation(db, id);
  if (!s) throw notFound(STATION_NOT_FOUND);
  const manageable = can(ctx.actor, 'station.manage', s.org_path);
  const rewards = await repo.rewardsOf(db, [s.id], manageable);
  return stationItem(s, rewards, manageable);
}

/** A station the caller runs, or 404 (one outside their subtree answers as if it did not exist). */
async function managedStation(db: Executor, ctx: RequestContext, id: number) {
  if (!can(ctx.actor, 'station.manage')) throw new AppError('forbidden');
  const s = await repo.findStation(db, id);
  if (!s || !can(ctx.actor, 'station.manage', s.org_path)) throw notFound(STATION_NOT_FOUND);
  return s;
}

export async function createStation(
  db: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    name: string;
    address?: string | undefined;
    lat?: number | null | undefined;
    long?: number | null | undefined;
    hours?: string | undefined;
    services?: string | undefined;
  },
) {
  if (!can(ctx.actor, 'station.manage')) throw new AppError('forbidden');
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'region_code', 'status'])
    .where('id', '=', input.orgId)
    .executeTakeFirst();
  if (!org || !can(ctx.actor, 'station.manage', org.path))
    throw fieldError('orgId', 'org.not_found', '未找到该党组织，或它不在您的管理范围内');
  if (org.status === 'dissolved')
    throw fieldError('orgId', 'org.dissolved', '该党组织已撤销，不能再设立驿站');
  const now = clock.now();
  const row = await db
    .insertInto('stations')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      name: input.name,
      address: input.address ?? '',
      lat: input.lat ?? null,
      long: input.long ?? null,
      hours: input.hours ?? '',
      services: input.services ?? '',
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  await repo.stationAccount(db, row);
  await audit(db, ctx, {
    action: 'station.create',
    entityType: 'station',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: input,
  });
  return row.id;
}

export async function addReward(
  db: Executor,
  ctx: RequestContext,
  stationId: number,
  input: { name: string; cost: number; stock: number },
) {
  const s = await managedStation(db, ctx, stationId);
  const row = await db
    .insertInto('station_rewards')
    .values({
      station_id: s.id,
      name: input.name,
      cost: input.cost,
      stock: input.stock,
      updated_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'station.reward_create',
    entityType: 'station_reward',
    entityId: row.id,
    orgPath: s.org_path,
    regionCode: s.region_code,
    after: { stationId: s.id, ...input },
  });
  return row.id;
}

export async function updateReward(
  db: Executor,
  ctx: RequestContext,
  stationId: number,
  rewardId: number,
  input: {
    name?: string | undefined;
    cost?: number | undefined;
    stock?: number | undefined;
    active?: boolean | undefined;
  },
) {
  const s = await managedStation(db, ctx, stationId);
  const before = await repo.lockReward(db, s.id, rewardId);
  if (!before) throw notFound('未找到该兑换物品');
  const change = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.cost !== undefined ? { cost: input.cost } : {}),
    ...(input.stock !== undefined ? { stock: input.stock } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  await db
    .updateTable('station_rewards')
    .set({ ...change, updated_at: clock.now() })
    .where('id', '=', before.id)
    .execute();
  await audit(db, ctx, {
    action: 'station.reward_update',
    entityType: 'station_reward',
    entityId: before.id,
    orgPath: s.org_path,
    regionCode: s.region_code,
    before: { name: before.name, cost: before.cost, stock: before.stock, active: before.active },
    after: change,
  });
}

/**
 * `POST /points/redemptions`: in one transaction, the reward's row and the person's account are locked,
 * the stock and the balance checked (409 and nothing changes when either falls short), the stock
 * lowered and the points moved from the person to the station.
 */
export async function redeem(
  db: Executor,
  ctx: RequestContext,
  input: { stationId: number; rewardId: number; quantity: number },
) {
  const station = await repo.findStation(db, input.stationId);
  if (!station) throw fieldError('stationId', 'station.not_found', STATION_NOT_FOUND);
  const reward = await repo.lockReward(db, station.id, input.rewardId);
  if (!reward?.active) throw fieldError('rewardId', 'reward.not_found', '该驿站没有这个兑换物品');
  if (reward.stock < input.quantity)
    throw new AppError('reward.out_of_stock', {
      detail: `「${reward.name}」仅剩 ${reward.stock} 件，不能兑换 ${input.quantity} 件`,
    });
  const cost = reward.cost * input.quantity;
  const person = await repo.personAccount(
    db,
    { id: ctx.actor.userId, displayName: ctx.actor.displayName },
    true,
  );
  const balance = await repo.balanceOfAccount(db, person);
  if (balance < cost)
    throw new AppError('points.insufficient', {
      detail: `兑换需要 ${cost} 积分，当前余额 ${balance} 积分`,
    });
  await db
    .updateTable('station_rewards')
    .set({ stock: reward.stock - input.quantity, updated_at: clock.now() })
    .where('id', '=', reward.id)
    .execute();
  const now = clock.now();
  const stationAccount = await repo.stationAccount(db, station);
  const transactionId = (await repo.post(
    db,
    {
      regionCode: station.region_code,
      kind: 'redemption',
      reason: `兑换「${reward.name}」× ${input.quantity}（${station.name}）`,
      sourceKind: 'redemption',
      sourceId: null,
      createdBy: ctx.actor.userId,
      at: now,
    },
    [
      { accountId: person, delta: -cost },
      { accountId: stationAccount, delta: cost },
    ],
  ))!;
  const row = await db
    .insertInto('points_redemptions')
    .values({
      region_code: station.region_code,
      station_id: station.id,
      reward_id: reward.id,
      user_id: ctx.actor.userId,
      quantity: input.quantity,
      cost,
      transaction_id: transactionId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('points_transactions')
    .set({ source_id: row.id })
    .where('id', '=', transactionId)
    .execute();
  await audit(db, ctx, {
    action: 'points.redeem',
    entityType: 'points_redemption',
    entityId: row.id,
    orgPath: station.org_path,
    regionCode: station.region_code,
    after: {
      stationId: station.id,
      rewardId: reward.id,
      rewardName: reward.name,
      quantity: input.quantity,
      cost,
    },
  });
  return {
    id: row.id,
    stationId: station.id,
    rewardId: reward.id,
    rewardName: reward.name,
    quantity: input.quantity,
    cost,
    balance: balance - cost,
    createdAt: now,
  };
}

/** What was redeemed at a station the caller runs (for handing the rewards over). */
export async function stationRedemptions(db: Executor, ctx: RequestContext, stationId: number) {
  const s = await managedStation(db, ctx, stationId);
  const rows = await repo.redemptionsAt(db, s.id);
  return {
    items: rows.map((r) => ({
      id: r.id,
      rewardName: r.reward_name,
      quantity: r.quantity,
      cost: r.cost,
      // the person's display name only: enough to hand over, no phone or ID number
      personName: r.display_name,
      createdAt: r.created_at,
    })),
    total: rows.length,
  };
}

/** The books: every account's balance, which sum to zero (for the tests and an administrator's check). */
export const trialBalance = repo.trialBalance;
