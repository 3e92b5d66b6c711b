import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../platform/context.ts';

/** The one account the platform's grants are drawn from (migration 0105). */
async function grantsAccount(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('points_accounts')
    .select('id')
    .where('kind', '=', 'grants')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The person's account, opened on first use; `lock` holds it until the transaction ends. */
export async function personAccount(
  db: Executor,
  user: { id: number; displayName: string },
  lock = false,
): Promise<number> {
  await db
    .insertInto('points_accounts')
    .values({ kind: 'person', user_id: user.id, name: user.displayName })
    .onConflict((oc) => oc.column('user_id').where('kind', '=', 'person').doNothing())
    .execute();
  let q = db
    .selectFrom('points_accounts')
    .select('id')
    .where('kind', '=', 'person')
    .where('user_id', '=', user.id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirstOrThrow()).id;
}

export async function balanceOfAccount(db: Executor, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('points_entries')
    .select(sql<number>`coalesce(sum(delta), 0)::int`.as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A person's balance, without opening an account for them. */
export async function balanceOfUser(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('points_entries as e')
    .innerJoin('points_accounts as a', 'a.id', 'e.account_id')
    .select(sql<number>`coalesce(sum(e.delta), 0)::int`.as('n'))
    .where('a.kind', '=', 'person')
    .where('a.user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** One balanced transaction: its entries must sum to zero (the database checks it at commit). */
export async function post(
  db: Executor,
  txn: {
    regionCode: string;
    kind: 'grant' | 'redemption';
    reason: string;
    sourceKind: 'case' | 'service_hours' | 'redemption' | 'honour';
    sourceId: number | null;
    createdBy: number | null;
    at: Date;
  },
  entries: Array<{ accountId: number; delta: number }>,
): Promise<number | null> {
  const row = await db
    .insertInto('points_transactions')
    .values({
      region_code: txn.regionCode,
      kind: txn.kind,
      reason: txn.reason,
      source_kind: txn.sourceKind,
      source_id: txn.sourceId,
      created_by: txn.createdBy,
      created_at: txn.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['source_kind', 'source_id', 'reason'])
        .where('kind', '=', 'grant')
        .where('source_id', 'is not', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  // a grant already made for this source and reason: nothing new
  if (!row) return null;
  await db
    .insertInto('points_entries')
    .values(entries.map((e) => ({ transaction_id: row.id, account_id: e.accountId, delta: e.delta })))
    .execute();
  return row.id;
}

/** Grants `points` to a person from the platform's grants account, once per source and reason. */
export async function grant(
  db: Executor,
  input: {
    user: { id: number; displayName: string };
    points: number;
    regionCode: string;
    reason: string;
    sourceKind: 'case' | 'service_hours' | 'honour';
    sourceId: number;
    at: Date;
  },
): Promise<number | null> {
  const person = await personAccount(db, input.user);
  const grants = await grantsAccount(db);
  return post(
    db,
    {
      regionCode: input.regionCode,
      kind: 'grant',
      reason: input.reason,
      sourceKind: input.sourceKind,
      sourceId: input.sourceId,
      createdBy: null,
      at: input.at,
    },
    [
      { accountId: person, delta: input.points },
      { accountId: grants, delta: -input.points },
    ],
  );
}

/** The points people were granted for a case, as an expression (the case detail reads it with the case). */
export function grantedForCaseSql(caseId: Expression<number>) {
  return sql<number>`(select coalesce(sum(e.delta), 0)::int from points_transactions t
    join points_entries e on e.transaction_id = t.id
    join points_accounts a on a.id = e.account_id
    where t.source_kind = 'case' and t.source_id = ${caseId} and a.kind = 'person')`;
}

/** A person's movements, newest first, with what each came from. */
export async function movementsOf(db: Executor, userId: number, limit = 200) {
  return db
    .selectFrom('points_entries as e')
    .innerJoin('points_accounts as a', 'a.id', 'e.account_id')
    .innerJoin('points_transactions as t', 't.id', 'e.transaction_id')
    .leftJoin('cases as c', (j) => j.on('t.source_kind', '=', 'case').onRef('c.id', '=', 't.source_id'))
    .leftJoin('points_redemptions as r', 'r.transaction_id', 't.id')
    .leftJoin('stations as s', 's.id', 'r.station_id')
    .leftJoin('activity_participations as ap', (j) =>
      j.on('t.source_kind', '=', 'service_hours').onRef('ap.id', '=', 't.source_id'),
    )
    .leftJoin('activities as act', 'act.id', 'ap.activity_id')
    .leftJoin('honours as h', (j) => j.on('t.source_kind', '=', 'honour').onRef('h.id', '=', 't.source_id'))
    .select([
      'e.id',
      'e.delta',
      't.id as transaction_id',
      't.kind',
      't.reason',
      't.source_kind',
      't.source_id',
      't.created_at',
      'c.title as case_title',
      's.name as station_name',
      'act.title as activity_title',
      'h.title as honour_title',
    ])
    .where('a.kind', '=', 'person')
    .where('a.user_id', '=', userId)
    .orderBy('t.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}

/** Every account's balance: they sum to zero (the books' check). */
export async function trialBalance(db: Executor) {
  return db
    .selectFrom('points_accounts as a')
    .leftJoin('points_entries as e', 'e.account_id', 'a.id')
    .select(['a.id', 'a.kind', 'a.name', sql<number>`coalesce(sum(e.delta), 0)::int`.as('balance')])
    .groupBy(['a.id', 'a.kind', 'a.name'])
    .orderBy('a.id')
    .execute();
}

export interface StationRow {
  id: number;
  org_id: number;
  org_path: string;
  org_name: string;
  region_code: string;
  name: string;
  address: string;
  lat: number | null;
  long: number | null;
  hours: string;
  services: string;
}

/** Stations with the name of the organization that runs them. */
const stations = (db: Executor) =>
  db
    .selectFrom('stations as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.org_id',
      's.org_path',
      'o.name as org_name',
      's.region_code',
      's.name',
      's.address',
      's.lat',
      's.long',
      's.hours',
      's.services',
    ]);

export async function listStations(
  db: Executor,
  filter: { regionCode?: string | undefined; paths?: string[] | undefined },
): Promise<StationRow[]> {
  let q = stations(db);
  if (filter.regionCode) q = q.where('s.region_code', 'like', `${filter.regionCode}%`);
  if (filter.paths)
    q = q.where((eb) =>
      filter.paths!.length === 0
        ? sql<SqlBool>`false`
        : eb.or(filter.paths!.map((p) => eb('s.org_path', 'like', `${p}%`))),
    );
  return q.orderBy('s.region_code').orderBy('s.id').execute();
}

export async function findStation(db: Executor, id: number): Promise<StationRow | undefined> {
  return stations(db).where('s.id', '=', id).executeTakeFirst();
}

export async function rewardsOf(db: Executor, stationIds: number[], includeInactive = false) {
  if (stationIds.length === 0) return [];
  let q = db
    .selectFrom('station_rewards')
    .select(['id', 'station_id', 'name', 'cost', 'stock', 'active'])
    .where('station_id', 'in', stationIds);
  if (!includeInactive) q = q.where('active', '=', true);
  return q.orderBy('station_id').orderBy('cost').orderBy('id').execute();
}

/** The reward row, held until the transaction ends (stock is decided under this lock). */
export async function lockReward(db: Executor, stationId: number, rewardId: number) {
  return db
    .selectFrom('station_rewards')
    .select(['id', 'station_id', 'name', 'cost', 'stock', 'active'])
    .where('id', '=', rewardId)
    .where('station_id', '=', stationId)
    .forUpdate()
    .executeTakeFirst();
}

export async function stationAccount(db: Executor, station: { id: number; name: string }): Promise<number> {
  await db
    .insertInto('points_accounts')
    .values({ kind: 'station', station_id: station.id, name: station.name })
    .onConflict((oc) => oc.column('station_id').where('kind', '=', 'station').doNothing())
    .execute();
  const row = await db
    .selectFrom('points_accounts')
    .select('id')
    .where('kind', '=', 'station')
    .where('station_id', '=', station.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function redemptionsAt(db: Executor, stationId: number, limit = 200) {
  return db
    .selectFrom('points_redemptions as r')
    .innerJoin('station_rewards as w', 'w.id', 'r.reward_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.quantity', 'r.cost', 'r.created_at', 'w.name as reward_name', 'u.display_name'])
    .where('r.station_id', '=', stationId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}
