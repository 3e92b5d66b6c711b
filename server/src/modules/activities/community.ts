import { sql } from 'kysely';
import { can, escapeLike } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { treeOf } from './repository.ts';

/**
 * 双报到 and 楼栋长 (issue 14 item 4, seed 001 在职党员进网格到楼栋; decision 0020). A serving member
 * reports to the community where they live, picking a grid or a building; their approved service in
 * that community's activities then shows on the community's list and on their own branch's (the same
 * rows, read from either side). A community registers its buildings and each one's 楼栋长.
 */

const ORG_NOT_FOUND = '未找到该党组织，或它不在您的管理范围内';

async function orgIn(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  permission: 'activity.manage' | 'org.read',
) {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'region_code', 'name', 'status'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org || !(can(ctx.actor, permission, org.path) || can(ctx.actor, 'activity.manage', org.path)))
    throw notFound(ORG_NOT_FOUND);
  return org;
}

/** The buildings of an organization's subtree (a community and its grids), with their 楼栋长. */
export async function listBuildings(db: Executor, ctx: RequestContext, orgId: number) {
  const org = await orgIn(db, ctx, orgId, 'org.read');
  const rows = await db
    .selectFrom('buildings as b')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .leftJoin('users as u', 'u.id', 'b.head_user_id')
    .select((eb) => [
      'b.id',
      'b.name',
      'b.org_id',
      'o.name as org_name',
      'b.head_user_id',
      'b.head_name',
      'b.head_phone',
      'u.display_name as head_display_name',
      eb
        .selectFrom('community_reports as r')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.building_id', '=', 'b.id')
        .where('r.ended_on', 'is', null)
        .as('reported'),
    ])
    .where('b.org_path', 'like', `${escapeLike(org.path)}%`)
    .orderBy('b.org_path')
    .orderBy('b.name')
    .execute();
  const items = rows.map((b) => ({
    id: b.id,
    name: b.name,
    orgId: b.org_id,
    orgName: b.org_name,
    headUserId: b.head_user_id,
    headName: b.head_display_name ?? b.head_name,
    headPhone: b.head_phone,
    reported: b.reported ?? 0,
  }));
  return { items, total: items.length };
}

export async function addBuilding(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  input: {
    name: string;
    headUserId?: number | null | undefined;
    headName?: string | undefined;
    headPhone?: string | undefined;
  },
) {
  if (!can(ctx.actor, 'activity.manage')) throw new AppError('forbidden');
  const org = await orgIn(db, ctx, orgId, 'activity.manage');
  if (!can(ctx.actor, 'activity.manage', org.path)) throw notFound(ORG_NOT_FOUND);
  let headName = input.headName ?? '';
  if (input.headUserId != null) {
    const head = await db
      .selectFrom('users as u')
      .leftJoin('orgs as o', 'o.id', 'u.org_id')
      .select(['u.id', 'u.display_name', 'o.path'])
      .where('u.id', '=', input.headUserId)
      .executeTakeFirst();
    if (!head?.path || treeOf(head.path) !== treeOf(org.path))
      throw fieldError('headUserId', 'user.not_found', '未找到该用户，或他不在本社区所在地区');
    headName ||= head.display_name;
  }
  const exists = await db
    .selectFrom('buildings')
    .select('id')
    .where('org_id', '=', org.id)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (exists) throw fieldError('name', 'building.name_taken', `「${input.name}」已经登记`);
  const now = clock.now();
  const row = await db
    .insertInto('buildings')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      name: input.name,
      head_user_id: input.headUserId ?? null,
      head_name: headName,
      head_phone: input.headPhone ?? '',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'building.create',
    entityType: 'building',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: input,
  });
  return row.id;
}

/** Communities of the caller's tree to report to (by name), each with its grids and buildings. */
export async function communityOptions(db: Executor, ctx: RequestContext, q: string | undefined) {
  const trees = new Set<string>();
  if (ctx.actor.orgPath) trees.add(treeOf(ctx.actor.orgPath));
  for (const b of ctx.actor.bindings) trees.add(treeOf(b.orgPath));
  if (trees.size === 0) return { items: [], total: 0 };
  const communities = await db
    .selectFrom('orgs as o')
    .innerJoin('units as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.name', 'o.path'])
    .where('o.type', '=', 'committee')
    .where('u.kind', '=', 'community')
    .where('o.status', '=', 'active')
    .where((eb) => eb.or([...trees].map((t) => eb('o.path', 'like', `${escapeLike(t)}%`))))
    .$if(!!q, (qb) => qb.where('o.name', 'like', `%${escapeLike(q!)}%`))
    .orderBy('o.path')
    .limit(30)
    .execute();
  const ids = communities.map((c) => c.id);
  const [grids, buildings] = ids.length
    ? await Promise.all([
        db
          .selectFrom('orgs')
          .select(['id', 'name', 'parent_id'])
          .where('parent_id', 'in', ids)
          .where('status', '=', 'active')
          .orderBy('path')
          .execute(),
        db
          .selectFrom('buildings as b')
          .innerJoin('orgs as o', 'o.id', 'b.org_id')
          .select(['b.id', 'b.name', 'b.org_id', 'o.parent_id'])
          .where((eb) => eb.or([eb('b.org_id', 'in', ids), eb('o.parent_id', 'in', ids)]))
          .orderBy('b.name')
          .execute(),
      ])
    : [[], []];
  const items = communities.map((c) => ({
    id: c.id,
    name: c.name,
    grids: grids.filter((g) => g.parent_id === c.id).map((g) => ({ id: g.id, name: g.name })),
    buildings: buildings
      .filter((b) => b.org_id === c.id || b.parent_id === c.id)
      .map((b) => ({ id: b.id, name: b.name, gridId: b.org_id === c.id ? null : b.org_id })),
  }));
  return { items, total: items.length };
}

const reports = (db: Executor, year: number) =>
  db
    .selectFrom('community_reports as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('orgs as br', 'br.id', 'r.branch_org_id')
    .innerJoin('orgs as co', 'co.id', 'r.community_org_id')
    .leftJoin('orgs as g', 'g.id', 'r.grid_org_id')
    .leftJoin('buildings as b', 'b.id', 'r.building_id')
    .select((eb) => [
      'r.id',
      'r.user_id',
      'u.display_name',
      'r.branch_org_id',
      'br.name as branch_name',
      'r.branch_path',
      'r.community_org_id',
      'co.name as community_name',
      'r.community_path',
      'g.name as grid_name',
      'b.name as building_name',
      'r.reported_on',
      // approved service this year in the community's activities (its subtree)
      eb
        .selectFrom('activity_participations as p')
        .innerJoin('activities as a', 'a.id', 'p.activity_id')
        .select(sql<number>`coalesce(sum(p.approved_minutes), 0)::int`.as('n'))
        .whereRef('p.user_id', '=', 'r.user_id')
        .where(sql<boolean>`a.org_path like r.community_path || '%'`)
        .where(sql<boolean>`extract(year from a.starts_at at time zone 'Asia/Shanghai') = ${year}`)
        .as('minutes'),
    ])
    .where('r.ended_on', 'is', null);

function reportItem(r: Awaited<ReturnType<ReturnType<typeof reports>['execute']>>[number]) {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.display_name,
    branchOrgId: r.branch_org_id,
    branchName: r.branch_name,
    communityOrgId: r.community_org_id,
    communityName: r.community_name,
    gridName: r.grid_name,
    buildingName: r.building_name,
    reportedOn: r.reported_on,
    minutes: r.minutes ?? 0,
  };
}

/** `GET /me/community-report`: where the caller reported, and their service there this year. */
export async function myReport(db: Executor, ctx: RequestContext) {
  const row = await reports(db, Number(clock.today().slice(0, 4)))
    .where('r.user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  return { report: row ? reportItem(row) : null };
}

/** `PUT /me/community-report`: a member reports to a community (a new report ends the previous one). */
export async function report(
  db: Executor,
  ctx: RequestContext,
  input: {
    communityOrgId: number;
    gridOrgId?: number | null | undefined;
    buildingId?: number | null | undefined;
  },
) {
  const member = await db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.org_id', 'o.path'])
    .where('m.user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  if (!member) throw new AppError('forbidden', { detail: '只有党员可以到社区报到' });
  const community = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'region_code', 'status'])
    .where('id', '=', input.communityOrgId)
    .executeTakeFirst();
  if (community?.status !== 'active' || treeOf(community.path) !== treeOf(member.path))
    throw fieldError('communityOrgId', 'org.not_found', '未找到该社区，或它不在本地区');
  if (input.gridOrgId != null) {
    const grid = await db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', input.gridOrgId)
      .executeTakeFirst();
    if (!grid?.path.startsWith(community.path) || grid.path === community.path)
      throw fieldError('gridOrgId', 'org.not_found', '该网格不属于所选社区');
  }
  if (input.buildingId != null) {
    const building = await db
      .selectFrom('buildings')
      .select('org_path')
      .where('id', '=', input.buildingId)
      .executeTakeFirst();
    if (!building?.org_path.startsWith(community.path))
      throw fieldError('buildingId', 'building.not_found', '该楼栋不属于所选社区');
  }
  const today = clock.today();
  await db
    .updateTable('community_reports')
    .set({ ended_on: today })
    .where('user_id', '=', ctx.actor.userId)
    .where('ended_on', 'is', null)
    .execute();
  const row = await db
    .insertInto('community_reports')
    .values({
      user_id: ctx.actor.userId,
      member_id: member.id,
      branch_org_id: member.org_id,
      branch_path: member.path,
      community_org_id: community.id,
      community_path: community.path,
      grid_org_id: input.gridOrgId ?? null,
      building_id: input.buildingId ?? null,
      region_code: community.region_code,
      reported_on: today,
      created_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'community.report',
    entityType: 'community_report',
    entityId: row.id,
    orgPath: community.path,
    regionCode: community.region_code,
    after: { ...input, memberId: member.id, branchOrgId: member.org_id },
  });
  return myReport(db, ctx);
}

/**
 * `GET /orgs/{id}/community-reports`: for a community, the members who reported to it and what they
 * served there this year; for a branch (or a committee above it), its members who reported to a
 * community and what they served there. The same rows, read from either side.
 */
export async function orgReports(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  year = Number(clock.today().slice(0, 4)),
) {
  if (!can(ctx.actor, 'activity.manage')) throw new AppError('forbidden');
  const org = await orgIn(db, ctx, orgId, 'activity.manage');
  if (!can(ctx.actor, 'activity.manage', org.path)) throw notFound(ORG_NOT_FOUND);
  const prefix = `${escapeLike(org.path)}%`;
  const rows = await reports(db, year)
    .where((eb) => eb.or([eb('r.community_path', 'like', prefix), eb('r.branch_path', 'like', prefix)]))
    .orderBy('r.community_path')
    .orderBy('r.reported_on', 'desc')
    .orderBy('r.id')
    .limit(2000)
    .execute();
  const items = rows.map((r) => ({
    ...reportItem(r),
    side: r.community_path.startsWith(org.path) ? ('community' as const) : ('branch' as const),
  }));
  return {
    year,
    reported: items.length,
    served: items.filter((i) => i.minutes > 0).length,
    minutes: items.reduce((s, i) => s + i.minutes, 0),
    items,
    total: items.length,
  };
}
