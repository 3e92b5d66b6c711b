import { type SqlBool, sql } from 'kysely';
import { underAny } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/**
 * What the platform knows about a person that decides which activities they may join: the trees their
 * home organization and roles lie in (a resident joins the activities of their city's tree), the
 * branch their member record is in, and the trees of the 红色骑手 teams they belong to.
 */
export interface JoinerFacts {
  userId: number;
  trees: string[];
  memberPath: string | null;
  riderTrees: string[];
}

/** The top of the tree a path lies in: `/1/5/57/` → `/1/`. */
export const treeOf = (path: string) => /^\/[^/]+\//.exec(path)?.[0] ?? path;

export async function joinerFacts(
  db: Executor,
  actor: { userId: number; orgPath: string | null; bindings: Array<{ orgPath: string }> },
): Promise<JoinerFacts> {
  const [member, riders] = await Promise.all([
    db
      .selectFrom('members as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select('o.path')
      .where('m.user_id', '=', actor.userId)
      .executeTakeFirst(),
    db
      .selectFrom('volunteer_team_members as tm')
      .innerJoin('volunteer_teams as t', 't.id', 'tm.team_id')
      .select('t.org_path')
      .where('tm.user_id', '=', actor.userId)
      .where('t.kind', '=', 'riders')
      .execute(),
  ]);
  const trees = new Set<string>();
  if (actor.orgPath) trees.add(treeOf(actor.orgPath));
  for (const b of actor.bindings) trees.add(treeOf(b.orgPath));
  return {
    userId: actor.userId,
    trees: [...trees],
    memberPath: member?.path ?? null,
    riderTrees: [...new Set(riders.map((r) => treeOf(r.org_path)))],
  };
}

const likeAny = underAny;

/** A published activity (alias `a`) this person may join: its audience admits them. */
export function mayJoin(f: JoinerFacts) {
  const member = f.memberPath ? sql<SqlBool>`${f.memberPath} like a.org_path || '%'` : sql<SqlBool>`false`;
  return sql<SqlBool>`(a.status = 'published' and (
    (a.audience = 'residents' and ${likeAny('a.org_path', f.trees)})
    or (a.audience = 'members' and ${member})
    or (a.audience = 'riders' and ${likeAny('a.org_path', f.riderTrees)})))`;
}

/** Run by an organization in these subtrees. */
export const managedIn = (paths: string[]) => likeAny('a.org_path', paths);

/** Visible: joinable, run by the caller (`managed` subtrees), or one they took part in. */
export function visible(f: JoinerFacts, managed: string[]) {
  return sql<SqlBool>`(${mayJoin(f)} or ${likeAny('a.org_path', managed)}
    or exists (select 1 from activity_participations vp where vp.activity_id = a.id and vp.user_id = ${f.userId}))`;
}

/**
 * Orders by closeness to `from` (activities with no place last): the squared distance on a plane with
 * longitude scaled by the latitude's cosine, the same order as the great-circle distance at a city's scale.
 */
export function nearestFirst(from: { lat: number; long: number }) {
  const k = Math.cos((from.lat * Math.PI) / 180);
  return sql`(case when a.lat is null or a.long is null then 1 else 0 end),
    power(a.lat - ${from.lat}::float8, 2) + power((a.long - ${from.long}::float8) * ${k}::float8, 2)`;
}

export function activities(db: Executor) {
  return db
    .selectFrom('activities as a')
    .innerJoin('orgs as o', 'o.id', 'a.org_id')
    .leftJoin('volunteer_teams as t', 't.id', 'a.team_id')
    .select((eb) => [
      'a.id',
      'a.org_id',
      'a.org_path',
      'a.region_code',
      'a.team_id',
      't.name as team_name',
      'o.name as org_name',
      'o.type as org_type',
      'a.title',
      'a.kind',
      'a.description',
      'a.place',
      'a.lat',
      'a.long',
      'a.starts_at',
      'a.ends_at',
      'a.capacity',
      'a.audience',
      'a.status',
      'a.meeting_id',
      eb
        .selectFrom('activity_participations as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.activity_id', '=', 'a.id')
        .where('c.status', '=', 'signed_up')
        .as('signed_up'),
      eb
        .selectFrom('activity_participations as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.activity_id', '=', 'a.id')
        .where('c.status', '=', 'waitlisted')
        .as('waitlisted'),
    ]);
}

export type ActivityRow = Awaited<ReturnType<ReturnType<typeof activities>['executeTakeFirstOrThrow']>>;

/** The caller's participations in these activities, each with its waiting position. */
export async function participationsOf(db: Executor, userId: number, activityIds: number[]) {
  if (activityIds.length === 0) return [];
  return db
    .selectFrom('activity_participations as p')
    .select((eb) => [
      'p.id',
      'p.activity_id',
      'p.status',
      'p.checked_in_at',
      'p.checked_out_at',
      'p.approved_minutes',
      eb
        .selectFrom('activity_participations as w')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('w.activity_id', '=', 'p.activity_id')
        .where('w.status', '=', 'waitlisted')
        .where(sql<SqlBool>`(w.queued_at, w.id) <= (p.queued_at, p.id)`)
        .as('position'),
    ])
    .where('p.user_id', '=', userId)
    .where('p.activity_id', 'in', activityIds)
    .execute();
}

/** Every participation of an activity, for its organizer. */
export async function participants(db: Executor, activityId: number) {
  return db
    .selectFrom('activity_participations as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .leftJoin('points_transactions as pt', (j) =>
      j.on('pt.source_kind', '=', 'service_hours').onRef('pt.source_id', '=', 'p.id'),
    )
    .leftJoin('points_entries as pe', (j) =>
      j.onRef('pe.transaction_id', '=', 'pt.id').on('pe.delta', '>', 0),
    )
    .select((eb) => [
      'p.id',
      'p.user_id',
      'u.display_name',
      'p.status',
      'p.queued_at',
      'p.checked_in_at',
      'p.checkin_method',
      'p.checked_out_at',
      'p.approved_minutes',
      'p.adjust_reason',
      'p.approved_at',
      'pe.delta as points',
      eb
        .selectFrom('activity_participations as w')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('w.activity_id', '=', 'p.activity_id')
        .where('w.status', '=', 'waitlisted')
        .where(sql<SqlBool>`(w.queued_at, w.id) <= (p.queued_at, p.id)`)
        .as('position'),
    ])
    .where('p.activity_id', '=', activityId)
    .orderBy(sql`case p.status when 'signed_up' then 0 when 'waitlisted' then 1 else 2 end`)
    .orderBy('p.queued_at')
    .orderBy('p.id')
    .execute();
}

/** The region's points-per-hour rule (longest prefix wins; '' is the national default). */
export async function pointsRule(db: Executor, regionCode: string) {
  const row = await db
    .selectFrom('service_points_rules')
    .select(['region_prefix', 'points_per_hour', 'unit_minutes'])
    .where(sql<SqlBool>`${regionCode} like region_prefix || '%'`)
    .orderBy(sql`length(region_prefix)`, 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? { regionPrefix: row.region_prefix, pointsPerHour: row.points_per_hour, unitMinutes: row.unit_minutes }
    : { regionPrefix: '', pointsPerHour: 0, unitMinutes: 30 };
}

/** A person's approved service in a year (Asia/Shanghai), with the points each participation earned. */
export async function serviceRecord(db: Executor, userId: number, year: number) {
  return db
    .selectFrom('activity_participations as p')
    .innerJoin('activities as a', 'a.id', 'p.activity_id')
    .innerJoin('orgs as o', 'o.id', 'a.org_id')
    .leftJoin('volunteer_teams as t', 't.id', 'a.team_id')
    .leftJoin('points_transactions as pt', (j) =>
      j.on('pt.source_kind', '=', 'service_hours').onRef('pt.source_id', '=', 'p.id'),
    )
    .leftJoin('points_entries as pe', (j) =>
      j.onRef('pe.transaction_id', '=', 'pt.id').on('pe.delta', '>', 0),
    )
    .select([
      'p.id',
      'a.id as activity_id',
      'a.title',
      'a.kind',
      'a.place',
      'a.starts_at',
      'a.org_id',
      'o.name as org_name',
      't.name as team_name',
      'p.approved_minutes',
      'pe.delta as points',
    ])
    .where('p.user_id', '=', userId)
    .where('p.approved_minutes', 'is not', null)
    .where(sql<SqlBool>`extract(year from a.starts_at at time zone 'Asia/Shanghai') = ${year}`)
    .orderBy('a.starts_at', 'desc')
    .execute();
}
