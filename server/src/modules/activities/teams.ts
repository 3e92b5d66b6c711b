import { TEAM_KINDS, type TeamKind } from '@honglian/domain';
import { sql } from 'kysely';
import { can, inScope, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { officeFor, personOfAlliance, runsForAlliance, seesAlliance } from '../alliances/teams.ts';
import { treeOf } from './repository.ts';

/**
 * 志愿服务队 (issue 14 item 2): 党员服务队, 红色骑手, 网格志愿服务队, each run by an organization whose
 * `activity.manage` holders keep its members and leaders. A team's record: its activities and the
 * service hours approved in them. Membership of a 红色骑手 team is what admits a person to activities
 * published for riders (decision 0020).
 * A team may belong to an alliance (红链服务队、突击队; decision 0019, addendum): its office runs it with
 * `alliance.manage`, its members come from the alliance's member organizations, and whoever sees the
 * alliance sees the team.
 */

const NOT_FOUND = '未找到该志愿服务队';

const teams = (db: Executor) =>
  db
    .selectFrom('volunteer_teams as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .select((eb) => [
      't.id',
      't.org_id',
      't.org_path',
      't.region_code',
      'o.name as org_name',
      't.name',
      't.kind',
      't.description',
      't.alliance_id',
      eb
        .selectFrom('volunteer_team_members as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.team_id', '=', 't.id')
        .as('members'),
      eb
        .selectFrom('activities as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.team_id', '=', 't.id')
        .where('a.status', '=', 'published')
        .as('activities'),
      eb
        .selectFrom('activity_participations as p')
        .innerJoin('activities as a', 'a.id', 'p.activity_id')
        .select(sql<number>`coalesce(sum(p.approved_minutes), 0)::int`.as('n'))
        .whereRef('a.team_id', '=', 't.id')
        .as('minutes'),
    ]);

type TeamRow = Awaited<ReturnType<ReturnType<typeof teams>['executeTakeFirstOrThrow']>>;

/** Who runs a team: `activity.manage` over its organization, or for an alliance's team its office. */
const runs = (ctx: RequestContext, t: { org_path: string; alliance_id: number | null }) =>
  can(ctx.actor, 'activity.manage', t.org_path) || runsForAlliance(ctx, t);

function item(t: TeamRow, ctx: RequestContext) {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    kindLabel: TEAM_KINDS[t.kind],
    orgId: t.org_id,
    orgName: t.org_name,
    allianceId: t.alliance_id,
    description: t.description,
    members: t.members ?? 0,
    activities: t.activities ?? 0,
    minutes: t.minutes ?? 0,
    manageable: runs(ctx, t),
  };
}

/** Teams the caller's organizations run, and the ones the caller belongs to. */
export async function listTeams(db: Executor, ctx: RequestContext) {
  const managed = scopePaths(ctx.actor, 'activity.manage');
  const offices = scopePaths(ctx.actor, 'alliance.manage');
  const rows = await teams(db)
    .where((eb) =>
      eb.or([
        inScope(eb, 't.org_path', managed),
        eb.and([eb('t.alliance_id', 'is not', null), inScope(eb, 't.org_path', offices)]),
        eb.exists(
          eb
            .selectFrom('volunteer_team_members as mine')
            .select('mine.team_id')
            .whereRef('mine.team_id', '=', 't.id')
            .where('mine.user_id', '=', ctx.actor.userId),
        ),
      ]),
    )
    .orderBy('t.region_code')
    .orderBy('t.id')
    .execute();
  const items = rows.map((t) => item(t, ctx));
  return { items, total: items.length };
}

async function visibleTeam(db: Executor, ctx: RequestContext, id: number) {
  const t = await teams(db).where('t.id', '=', id).executeTakeFirst();
  if (!t) throw notFound(NOT_FOUND);
  if (runs(ctx, t)) return t;
  if (t.alliance_id !== null && (await seesAlliance(db, ctx, t.alliance_id))) return t;
  const member = await db
    .selectFrom('volunteer_team_members')
    .select('user_id')
    .where('team_id', '=', id)
    .where('user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  if (!member) throw notFound(NOT_FOUND);
  return t;
}

async function managedTeam(db: Executor, ctx: RequestContext, id: number) {
  if (!can(ctx.actor, 'activity.manage') && !can(ctx.actor, 'alliance.manage'))
    throw new AppError('forbidden');
  const t = await teams(db).where('t.id', '=', id).executeTakeFirst();
  if (!t) throw notFound(NOT_FOUND);
  if (runs(ctx, t)) return t;
  // a member's staff see an alliance's team but do not run it
  if (t.alliance_id !== null && (await seesAlliance(db, ctx, t.alliance_id))) throw new AppError('forbidden');
  throw notFound(NOT_FOUND);
}

/** A team with its members (each with their approved hours in its activities) and its recent activities. */
export async function getTeam(db: Executor, ctx: RequestContext, id: number) {
  const t = await visibleTeam(db, ctx, id);
  const [members, activities] = await Promise.all([
    db
      .selectFrom('volunteer_team_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select((eb) => [
        'm.user_id',
        'u.display_name',
        'm.role',
        'm.joined_on',
        eb
          .selectFrom('activity_participations as p')
          .innerJoin('activities as a', 'a.id', 'p.activity_id')
          .select(sql<number>`coalesce(sum(p.approved_minutes), 0)::int`.as('n'))
          .whereRef('p.user_id', '=', 'm.user_id')
          .where('a.team_id', '=', id)
          .as('minutes'),
      ])
      .where('m.team_id', '=', id)
      .orderBy(sql`m.role = 'leader'`, 'desc')
      .orderBy('m.joined_on')
      .orderBy('m.user_id')
      .execute(),
    db
      .selectFrom('activities as a')
      .select((eb) => [
        'a.id',
        'a.title',
        'a.kind',
        'a.starts_at',
        'a.status',
        eb
          .selectFrom('activity_participations as p')
          .select(sql<number>`count(*) filter (where p.checked_in_at is not null)::int`.as('n'))
          .whereRef('p.activity_id', '=', 'a.id')
          .as('attended'),
        eb
          .selectFrom('activity_participations as p')
          .select(sql<number>`coalesce(sum(p.approved_minutes), 0)::int`.as('n'))
          .whereRef('p.activity_id', '=', 'a.id')
          .as('minutes'),
      ])
      .where('a.team_id', '=', id)
      .orderBy('a.starts_at', 'desc')
      .limit(100)
      .execute(),
  ]);
  return {
    ...item(t, ctx),
    roster: members.map((m) => ({
      userId: m.user_id,
      name: m.display_name,
      role: m.role,
      roleLabel: m.role === 'leader' ? '队长' : '队员',
      joinedOn: m.joined_on,
      minutes: m.minutes ?? 0,
    })),
    record: activities.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      startsAt: a.starts_at,
      status: a.status,
      attended: a.attended ?? 0,
      minutes: a.minutes ?? 0,
    })),
  };
}

export async function createTeam(
  db: Executor,
  ctx: RequestContext,
  input: {
    orgId?: number | undefined;
    allianceId?: number | undefined;
    name: string;
    kind: TeamKind;
    description?: string | undefined;
  },
) {
  let org: { id: number; path: string; region_code: string; status: string } | undefined;
  if (input.allianceId !== undefined) {
    const office = await officeFor(db, ctx, input.allianceId, input.orgId);
    org = { id: office.id, path: office.path, region_code: office.regionCode, status: 'active' };
  } else {
    if (!can(ctx.actor, 'activity.manage')) throw new AppError('forbidden');
    if (input.orgId === undefined) throw fieldError('orgId', 'org.required', '请选择组建服务队的党组织');
    org = await db
      .selectFrom('orgs')
      .select(['id', 'path', 'region_code', 'status'])
      .where('id', '=', input.orgId)
      .executeTakeFirst();
    if (!org || !can(ctx.actor, 'activity.manage', org.path))
      throw fieldError('orgId', 'org.not_found', '未找到该党组织，或它不在您的管理范围内');
  }
  if (org.status !== 'active') throw fieldError('orgId', 'org.dissolved', '该党组织已撤销，不能再组建服务队');
  const now = clock.now();
  const row = await db
    .insertInto('volunteer_teams')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      alliance_id: input.allianceId ?? null,
      name: input.name,
      kind: input.kind,
      description: input.description ?? '',
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'team.create',
    entityType: 'volunteer_team',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: input,
  });
  return row.id;
}

/**
 * Adds a person to a team or changes their role (队长/队员). The person is anyone with an account in the
 * team's tree (a rider's home may be a community elsewhere in the city); for an alliance's team, anyone
 * of a current member organization of the alliance or of its office; others answer as missing.
 */
export async function setTeamMember(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { userId: number; role: 'leader' | 'member' },
) {
  const t = await managedTeam(db, ctx, id);
  if (t.alliance_id !== null) {
    if (!(await personOfAlliance(db, t.alliance_id, input.userId, clock.today())))
      throw fieldError('userId', 'user.not_found', '未找到该用户，或他不属于本联盟的成员单位');
  } else {
    const user = await db
      .selectFrom('users as u')
      .leftJoin('orgs as o', 'o.id', 'u.org_id')
      .select(['u.id', 'o.path'])
      .where('u.id', '=', input.userId)
      .executeTakeFirst();
    if (!user?.path || treeOf(user.path) !== treeOf(t.org_path))
      throw fieldError('userId', 'user.not_found', '未找到该用户，或他不在本服务队所在地区');
  }
  await db
    .insertInto('volunteer_team_members')
    .values({ team_id: id, user_id: input.userId, role: input.role, joined_on: clock.today() })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: input.role }))
    .execute();
  await audit(db, ctx, {
    action: 'team.member_set',
    entityType: 'volunteer_team',
    entityId: id,
    orgPath: t.org_path,
    regionCode: t.region_code,
    after: input,
  });
}

/** Takes a person off a team, with a reason (audited); their hours in its past activities stay theirs. */
export async function removeTeamMember(
  db: Executor,
  ctx: RequestContext,
  id: number,
  userId: number,
  input: { reason: string },
) {
  const t = await managedTeam(db, ctx, id);
  const removed = await db
    .deleteFrom('volunteer_team_members')
    .where('team_id', '=', id)
    .where('user_id', '=', userId)
    .returning(['role', 'joined_on'])
    .executeTakeFirst();
  if (!removed) throw notFound('该用户不是本服务队的队员');
  await audit(db, ctx, {
    action: 'team.member_remove',
    entityType: 'volunteer_team',
    entityId: id,
    orgPath: t.org_path,
    regionCode: t.region_code,
    before: { userId, role: removed.role, joinedOn: removed.joined_on },
    after: { reason: input.reason },
  });
}
