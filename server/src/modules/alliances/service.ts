import {
  CHAIR_PERIODS,
  type ChairPeriod,
  chairTerms,
  type MatchDemand,
  type MatchResource,
  matchAll,
  normalizeForSearch,
  type WorkCalendar,
} from '@honglian/domain';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { fileCase, ownedCategory } from '../cases/service.ts';
import * as repo from './repository.ts';

/**
 * Alliances and industry chains (issue 12; API.md "Alliances and industry chains"). Who sees and does
 * what is docs/decisions/0019-alliances-access.md: the office (alliance.manage over the alliance's
 * organization) runs it; the department above reads and runs every alliance whose office lies in its
 * subtree; a member organization's staff (alliance.participate over the member) see the alliance, its
 * lists and meetings, and act for their own organization. Nothing here reads a member organization's
 * members or dues: an alliance never widens that access.
 */

const NOT_FOUND = '未找到该联盟，或您无权查看';
export const KIND_LABELS = { industry_chain: '产业链党委', alliance: '党建联盟' } as const;
export const ROLE_LABELS = {
  chain_leader: '链主单位',
  chair_unit: '主席单位',
  core: '核心单位',
  member: '成员单位',
} as const;

/** Who sees which alliances (also for an alliance's teams and selections: alliances/teams.ts). */
export function allianceVisibility(ctx: RequestContext): repo.Visibility {
  return {
    readPaths: scopePaths(ctx.actor, 'alliance.read'),
    participatePaths: scopePaths(ctx.actor, 'alliance.participate'),
    today: clock.today(),
  };
}

function toItem(r: repo.AllianceRow) {
  return { id: r.id, name: r.name, kind: r.kind, memberCount: r.member_count };
}

function toHeader(r: repo.AllianceRow) {
  return {
    ...toItem(r),
    kindLabel: KIND_LABELS[r.kind],
    orgId: r.org_id,
    orgName: r.org_name,
    regionCode: r.region_code,
  };
}

export async function listAlliances(
  db: Executor,
  ctx: RequestContext,
  query: { kind?: string | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const v = allianceVisibility(ctx);
  if (v.readPaths.length === 0 && v.participatePaths.length === 0) throw new AppError('forbidden');
  const rows = await repo.listAlliances(db, v, {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.q ? { q: normalizeForSearch(query.q) } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toItem), total: rows[0]?.total ?? 0 };
}

/** An alliance the caller sees, with what they may do in it; outside it is as missing (404). */
export async function allianceInScope(db: Executor, ctx: RequestContext, id: number, field?: string) {
  const v = allianceVisibility(ctx);
  const [row] = await repo.listAlliances(db, v, { id, limit: 1, offset: 0 });
  if (!row) throw field ? fieldError(field, 'alliance.not_found', NOT_FOUND) : notFound(NOT_FOUND);
  const today = v.today;
  const [members, changes, held] = await Promise.all([
    repo.membersOf(db, id, today),
    repo.chairChanges(db, id),
    row.chair_period === 'meeting' ? repo.heldMeetingDates(db, id) : Promise.resolve([]),
  ]);
  const order = members
    .filter((m) => m.chair_position !== null)
    .sort((a, b) => a.chair_position! - b.chair_position!);
  const terms =
    row.chair_period && row.chair_start
      ? chairTerms({
          start: row.chair_start,
          period: row.chair_period,
          orderLength: order.length,
          changes: changes.map((c) => ({ term: c.term, kind: c.kind, withTerm: c.with_term })),
          today,
          heldMeetings: held,
        })
      : { current: null, next: null };
  const chairOf = (t: typeof terms.current) => {
    const m = t ? order[t.position] : undefined;
    return t && m ? { member: m, orgId: m.org_id, name: m.name, from: t.from, to: t.to } : null;
  };
  const chair = chairOf(terms.current);
  const canManage = can(ctx.actor, 'alliance.manage', row.org_path);
  const actsFor = (path: string) => canManage || can(ctx.actor, 'alliance.participate', path);
  const chairStaff = chair !== null && can(ctx.actor, 'alliance.participate', chair.member.path);
  return {
    row,
    members,
    changes,
    chair,
    nextChair: chairOf(terms.next),
    canManage,
    /** convening and dispatching: the office, or the current chair (the duty passes on the date) */
    canConvene: canManage || chairStaff,
    actsFor,
    myOrgIds: members.filter((m) => can(ctx.actor, 'alliance.participate', m.path)).map((m) => m.org_id),
  };
}

type Scoped = Awaited<ReturnType<typeof allianceInScope>>;

export async function getAlliance(db: Executor, ctx: RequestContext, id: number) {
  const a = await allianceInScope(db, ctx, id);
  const chairOut = (c: Scoped['chair']) => c && { orgId: c.orgId, name: c.name, from: c.from, to: c.to };
  return {
    ...toHeader(a.row),
    description: a.row.description,
    chairPeriod: a.row.chair_period,
    chairPeriodLabel: a.row.chair_period ? CHAIR_PERIODS[a.row.chair_period] : null,
    chairStart: a.row.chair_start,
    activityDay: a.row.activity_day,
    members: a.members.map((m) => ({
      id: m.id,
      orgId: m.org_id,
      name: m.name,
      role: m.role,
      roleLabel: ROLE_LABELS[m.role],
      segment: m.segment,
      joinedOn: m.joined_on,
      leftOn: m.left_on,
      chairPosition: m.chair_position,
    })),
    chair: chairOut(a.chair),
    nextChair: chairOut(a.nextChair),
    chairChanges: a.changes.map((c) => ({
      id: c.id,
      term: c.term,
      kind: c.kind,
      withTerm: c.with_term,
      reason: c.reason,
    })),
    canManage: a.canManage,
    canConvene: a.canConvene,
    myOrgIds: a.myOrgIds,
  };
}

function requireManage(a: Scoped) {
  if (!a.canManage) throw new AppError('forbidden');
}

const orgOutside = (field: string) => fieldError(field, 'org.not_found', '未找到该党组织，或您无权查看');

// ------------------------------------------------------------------------------------------------
// Alliances and members

export async function createAlliance(
  db: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    name: string;
    kind: 'industry_chain' | 'alliance';
    description: string;
    chairPeriod?: ChairPeriod | undefined;
    chairStart?: string | undefined;
    activityDay?: number | undefined;
  },
) {
  const paths = scopePaths(ctx.actor, 'alliance.manage');
  if (paths.length === 0) throw new AppError('forbidden');
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'name', 'region_code', 'status'])
    .where('id', '=', input.orgId)
    .executeTakeFirst();
  if (!org || !paths.some((p) => org.path.startsWith(p))) throw orgOutside('orgId');
  if (org.status !== 'active') throw fieldError('orgId', 'org.dissolved', '该党组织已撤销');
  if ((input.chairPeriod === undefined) !== (input.chairStart === undefined))
    throw fieldError('chairStart', 'alliance.chair_schedule', '轮值方式和轮值起始日期应同时填写');
  const exists = await db
    .selectFrom('alliances')
    .select('id')
    .where('org_id', '=', org.id)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (exists) throw fieldError('name', 'alliance.name_taken', '该党组织下已有同名联盟');
  const { id } = await db
    .insertInto('alliances')
    .values({
      region_code: org.region_code,
      org_id: org.id,
      name: input.name,
      name_search: normalizeForSearch(input.name),
      kind: input.kind,
      description: input.description,
      chair_period: input.chairPeriod ?? null,
      chair_start: input.chairStart ?? null,
      activity_day: input.activityDay ?? null,
      created_by: ctx.actor.userId,
      created_at: clock.now(),
      updated_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'alliance.create',
    entityType: 'alliance',
    entityId: id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input, orgName: org.name },
  });
  return id;
}

/**
 * Adds a member organization. Members come from anywhere in the tree (banks, departments, other
 * cities' enterprises): the office names any active organization, and learns nothing of it but
 * its name (docs/decisions/0019).
 */
export async function addMember(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  input: {
    orgId: number;
    role: 'chain_leader' | 'chair_unit' | 'core' | 'member';
    segment?: 'upstream' | 'midstream' | 'downstream' | undefined;
    joinedOn: string;
    chairPosition?: number | undefined;
  },
) {
  const a = await allianceInScope(db, ctx, allianceId);
  requireManage(a);
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'status'])
    .where('id', '=', input.orgId)
    .executeTakeFirst();
  if (org?.status !== 'active') throw orgOutside('orgId');
  const dup = await db
    .selectFrom('alliance_members')
    .select('id')
    .where('alliance_id', '=', allianceId)
    .where('org_id', '=', org.id)
    .where('left_on', 'is', null)
    .executeTakeFirst();
  if (dup) throw fieldError('orgId', 'alliance.member_exists', '该党组织已是联盟成员');
  if (input.chairPosition !== undefined) {
    const taken = await db
      .selectFrom('alliance_members')
      .select('id')
      .where('alliance_id', '=', allianceId)
      .where('chair_position', '=', input.chairPosition)
      .where('left_on', 'is', null)
      .executeTakeFirst();
    if (taken) throw fieldError('chairPosition', 'alliance.chair_position', '该轮值顺位已有成员单位');
  }
  const { id } = await db
    .insertInto('alliance_members')
    .values({
      alliance_id: allianceId,
      org_id: org.id,
      role: input.role,
      segment: input.segment ?? null,
      joined_on: input.joinedOn,
      chair_position: input.chairPosition ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'alliance.member_add',
    entityType: 'alliance_member',
    entityId: id,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    after: { allianceId, ...input, orgName: org.name },
  });
  return id;
}

/** A member leaves on `leftOn` (not before it joined); it stays in the history with both dates. */
export async function leaveMember(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  memberRowId: number,
  input: { leftOn: string },
) {
  const a = await allianceInScope(db, ctx, allianceId);
  const member = await db
    .selectFrom('alliance_members')
    .innerJoin('orgs', 'orgs.id', 'alliance_members.org_id')
    .select(['alliance_members.id', 'alliance_members.joined_on', 'alliance_members.left_on', 'orgs.name'])
    .where('alliance_members.id', '=', memberRowId)
    .where('alliance_members.alliance_id', '=', allianceId)
    .forUpdate()
    .executeTakeFirst();
  if (!member) throw notFound('未找到该成员单位，或您无权查看');
  requireManage(a);
  if (member.left_on !== null) throw fieldError('leftOn', 'alliance.member_left', '该成员单位已经退出');
  if (input.leftOn < String(member.joined_on))
    throw fieldError('leftOn', 'alliance.left_on', '退出日期不能早于加入日期');
  await db
    .updateTable('alliance_members')
    .set({ left_on: input.leftOn })
    .where('id', '=', member.id)
    .execute();
  await audit(db, ctx, {
    action: 'alliance.member_leave',
    entityType: 'alliance_member',
    entityId: member.id,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    before: { leftOn: null },
    after: { allianceId, orgName: member.name, leftOn: input.leftOn },
  });
}

/** Records a skipped or swapped chair term with its reason; the terms themselves are computed. */
export async function changeChair(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  input: { term: number; kind: 'skip' | 'swap'; withTerm?: number | undefined; reason: string },
) {
  const a = await allianceInScope(db, ctx, allianceId);
  requireManage(a);
  if (!a.row.chair_period) throw fieldError('term', 'alliance.no_rotation', '该联盟未设置轮值主席');
  if (input.kind === 'swap' && (input.withTerm === undefined || input.withTerm === input.term))
    throw fieldError('withTerm', 'alliance.chair_swap', '互换应指明另一个不同的任期');
  if (input.kind === 'skip' && input.withTerm !== undefined)
    throw fieldError('withTerm', 'alliance.chair_swap', '跳过一个任期不需要另一个任期');
  const { id } = await db
    .insertInto('alliance_chair_changes')
    .values({
      alliance_id: allianceId,
      term: input.term,
      kind: input.kind,
      with_term: input.kind === 'swap' ? input.withTerm! : null,
      reason: input.reason,
      created_by: ctx.actor.userId,
      created_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'alliance.chair_change',
    entityType: 'alliance',
    entityId: allianceId,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    after: { changeId: id, ...input },
  });
}

// ------------------------------------------------------------------------------------------------
// The three lists and matching

function toListItem(r: repo.ListItemRow) {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    tags: r.tags,
    orgId: r.org_id,
    orgName: r.org_name,
    category: r.category,
    quantity: r.quantity,
    capacity: r.capacity,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    resourceId: r.resource_id,
    caseId: r.case_id,
    caseState: r.case_state,
    caseRating: r.case_rating,
    policy:
      r.policy_id === null
        ? null
        : { id: r.policy_id, title: r.policy_title!, docNumber: r.policy_doc_number! },
    createdOn: r.created_on,
  };
}

export async function listItems(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  query: { kind?: string | undefined; status?: string | undefined; page: number; pageSize: number },
) {
  await allianceInScope(db, ctx, allianceId);
  const rows = await repo.listItems(db, allianceId, {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toListItem), total: rows[0]?.total ?? 0 };
}

export async function getListItem(db: Executor, allianceId: number, itemId: number) {
  const [row] = await repo.listItems(db, allianceId, { id: itemId, limit: 1, offset: 0 });
  if (!row) throw notFound('未找到该清单事项，或您无权查看');
  return toListItem(row);
}

/** What a list item is found by (its title, description and tags), for search. */
export function listItemSearchText(title: string, description: string, tags: readonly string[]) {
  return normalizeForSearch(`${title} ${description} ${tags.join(' ')}`);
}

/**
 * The organization the caller publishes or acts for: a current member (or the office itself, which
 * publishes policies), and one they act for. Anything else answers like a missing organization.
 */
async function actingOrg(db: Executor, a: Scoped, orgId: number, field: string) {
  const today = clock.today();
  const member = await repo.memberOrg(db, a.row.id, orgId, today);
  const org =
    member ??
    (orgId === a.row.org_id
      ? { id: a.row.org_id, name: a.row.org_name, path: a.row.org_path, region_code: a.row.region_code }
      : undefined);
  if (!org || !a.actsFor(org.path)) throw orgOutside(field);
  return org;
}

/** A 政策清单 item names a policy of the library that is published (not a draft); nothing else names one. */
async function linkablePolicy(db: Executor, kind: string, policyId: number) {
  if (kind !== 'policy') throw fieldError('policyId', 'alliance.policy', '只有政策清单可关联政策库中的政策');
  const policy = await db
    .selectFrom('policies')
    .select('id')
    .where('id', '=', policyId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!policy) throw fieldError('policyId', 'alliance.policy', '政策库中没有该政策');
}

export async function createListItem(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  input: {
    kind: 'demand' | 'resource' | 'policy';
    title: string;
    description: string;
    tags: string[];
    orgId: number;
    category: string;
    quantity?: number | undefined;
    capacity?: number | undefined;
    validFrom?: string | undefined;
    validTo?: string | undefined;
    policyId?: number | undefined;
  },
) {
  const a = await allianceInScope(db, ctx, allianceId);
  const org = await actingOrg(db, a, input.orgId, 'orgId');
  if (input.policyId !== undefined) await linkablePolicy(db, input.kind, input.policyId);
  if (input.kind !== 'resource' && input.capacity !== undefined)
    throw fieldError('capacity', 'alliance.capacity', '只有资源清单填写可提供的数量');
  if (input.kind !== 'demand' && input.quantity !== undefined)
    throw fieldError('quantity', 'alliance.quantity', '只有需求清单填写需要的数量');
  if (input.validFrom && input.validTo && input.validTo < input.validFrom)
    throw fieldError('validTo', 'alliance.validity', '有效期截止日期不能早于起始日期');
  const tags = [...new Set(input.tags)];
  const { id } = await db
    .insertInto('alliance_list_items')
    .values({
      alliance_id: allianceId,
      region_code: org.region_code,
      org_id: org.id,
      kind: input.kind,
      title: input.title,
      description: input.description,
      category: input.category,
      tags,
      quantity: input.quantity ?? null,
      capacity: input.capacity ?? null,
      valid_from: input.validFrom ?? null,
      valid_to: input.validTo ?? null,
      policy_id: input.policyId ?? null,
      search_text: listItemSearchText(input.title, input.description, tags),
      created_by: ctx.actor.userId,
      created_at: clock.now(),
      updated_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'alliance.list_item_create',
    entityType: 'alliance_list_item',
    entityId: id,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    after: { allianceId, ...input, tags, orgName: org.name },
  });
  return id;
}

function toMatchDemand(r: repo.ListItemRow): MatchDemand {
  return {
    id: r.id,
    orgId: r.org_id,
    category: r.category,
    tags: r.tags,
    title: r.title,
    description: r.description,
    regionCode: r.region_code,
    quantity: r.quantity,
  };
}
function toMatchResource(r: repo.ListItemRow): MatchResource {
  return {
    id: r.id,
    orgId: r.org_id,
    category: r.category,
    tags: r.tags,
    title: r.title,
    description: r.description,
    regionCode: r.region_code,
    capacity: r.capacity,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

/** Each open demand paired with the open, valid resources that can meet it, best first. */
export async function matches(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  query: { demandId?: number | undefined },
) {
  await allianceInScope(db, ctx, allianceId);
  const today = clock.today();
  const rows = await repo.matchable(db, allianceId, today, query.demandId);
  const items = matchAll(
    rows.filter((r) => r.kind === 'demand').map(toMatchDemand),
    rows.filter((r) => r.kind === 'resource').map(toMatchResource),
    today,
  );
  return { items, total: items.length };
}

/** The alliance's own case category (产业链点单), owned by the office: made on first use. */
function allianceCategory(db: Executor, a: Scoped) {
  return ownedCategory(db, {
    code: `ALLIANCE-${a.row.org_id}`,
    name: '产业链点单',
    groupName: '产业链党建',
    description: '联盟成员的需求清单派至提供资源的成员单位',
    owner: { id: a.row.org_id, path: a.row.org_path },
  });
}

function requireConvene(a: Scoped) {
  if (!a.canConvene) throw new AppError('forbidden');
}

/**
 * 点单 → 派单: an open demand goes as a case of the existing loop to the member unit offering the
 * resource (接单), and the member who asked rates it (评单). The office or the current chair
 * dispatches.
 */
export async function dispatchDemand(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  allianceId: number,
  demandId: number,
  input: { resourceId: number },
) {
  const a = await allianceInScope(db, ctx, allianceId);
  const [demand] = await repo.listItems(db, allianceId, { id: demandId, limit: 1, offset: 0 });
  if (demand?.kind !== 'demand') throw notFound('未找到该需求，或您无权查看');
  requireConvene(a);
  const [resource] = await repo.listItems(db, allianceId, { id: input.resourceId, limit: 1, offset: 0 });
  if (resource?.kind !== 'resource')
    throw fieldError('resourceId', 'alliance.resource', '未找到该资源，或您无权查看');
  if (demand.status !== 'open') throw new AppError('alliance.not_open', { detail: '该需求已派单或已关闭' });
  if (resource.status !== 'open') throw fieldError('resourceId', 'alliance.resource', '该资源已不再提供');
  const lead = await repo.memberOrg(db, allianceId, resource.org_id, clock.today());
  if (!lead) throw fieldError('resourceId', 'alliance.resource', '提供该资源的单位已不是联盟成员');
  const categoryId = await allianceCategory(db, a);
  const reporter = demand.created_by
    ? await db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('id', '=', demand.created_by)
        .executeTakeFirst()
    : undefined;
  const { id: caseId } = await fileCase(
    db,
    calendar,
    {
      ctx: null,
      system: `${ctx.actor.displayName}（${ctx.actor.username}，${a.row.name}派单）`,
      areaOrgId: a.row.org_id,
      submitActor: `alliance:${allianceId}`,
      alliance: {
        id: allianceId,
        reporterId: reporter?.id ?? null,
        reporterName: reporter?.display_name ?? demand.org_name,
        leadOrgId: lead.id,
      },
    },
    {
      categoryId,
      title: demand.title,
      description: `【${demand.org_name}点单】${demand.description || demand.title}\n【匹配资源】${resource.org_name}：${resource.title}`,
      channel: 'alliance',
      orgId: a.row.org_id,
      reporterName: reporter?.display_name ?? demand.org_name,
    },
  );
  await db
    .updateTable('alliance_list_items')
    .set({ status: 'dispatched', resource_id: resource.id, case_id: caseId, updated_at: clock.now() })
    .where('id', '=', demand.id)
    .execute();
  if (resource.capacity !== null && demand.quantity !== null)
    await db
      .updateTable('alliance_list_items')
      .set({ capacity: Math.max(0, resource.capacity - demand.quantity), updated_at: clock.now() })
      .where('id', '=', resource.id)
      .execute();
  await audit(db, ctx, {
    action: 'alliance.dispatch',
    entityType: 'alliance_list_item',
    entityId: demand.id,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    before: { status: 'open' },
    after: {
      status: 'dispatched',
      resourceId: resource.id,
      caseId,
      leadOrgId: lead.id,
      leadOrgName: lead.name,
    },
  });
  return { demandId: demand.id, caseId };
}

// ------------------------------------------------------------------------------------------------
// Joint meetings and resolutions

function toResolution(r: repo.ResolutionRow, today: string) {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    title: r.title,
    ownerOrgId: r.owner_org_id,
    ownerOrgName: r.owner_org_name,
    dueOn: r.due_on,
    doneOn: r.done_on,
    doneNote: r.done_note,
    overdue: r.done_on === null ? r.due_on < today : r.done_on > r.due_on,
    caseId: r.case_id,
  };
}

export async function listMeetings(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  query: { page: number; pageSize: number; id?: number },
) {
  await allianceInScope(db, ctx, allianceId);
  const rows = await repo.listMeetings(db, allianceId, {
    ...(query.id !== undefined ? { id: query.id } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const resolutions = await repo.resolutionsOf(db, allianceId, { meetingIds: rows.map((r) => r.id) });
  const today = clock.today();
  return {
    items: rows.map((m) => ({
      id: m.id,
      allianceId: m.alliance_id,
      kind: m.kind,
      title: m.title,
      plannedOn: m.planned_on,
      heldOn: m.held_on,
      convenerOrgId: m.convener_org_id,
      convenerOrgName: m.convener_org_name,
      agenda: m.agenda,
      minutes: m.minutes,
      attendees: m.attendees ?? [],
      resolutions: resolutions.filter((r) => r.meeting_id === m.id).map((r) => toResolution(r, today)),
    })),
    total: rows[0]?.total ?? 0,
  };
}

export async function getMeeting(db: Executor, ctx: RequestContext, allianceId: number, meetingId: number) {
  const page = await listMeetings(db, ctx, allianceId, { page: 1, pageSize: 1, id: meetingId });
  const meeting = page.items[0];
  if (!meeting) throw notFound('未找到该会议，或您无权查看');
  return meeting;
}

/** 召集联席会议: the current chair convenes (or the office); the convener is the chair of the day. */
export async function createMeeting(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  input: { title: string; plannedOn: string; agenda: string[] },
  kind: 'joint' | 'activity_day' = 'joint',
) {
  const a = await allianceInScope(db, ctx, allianceId);
  requireConvene(a);
  return insertMeeting(db, ctx, a.row, { ...input, kind, convenerOrgId: a.chair?.orgId ?? a.row.org_id });
}

async function insertMeeting(
  db: Executor,
  ctx: RequestContext | { system: string },
  row: repo.AllianceRow,
  input: {
    title: string;
    plannedOn: string;
    agenda: string[];
    kind: 'joint' | 'activity_day';
    convenerOrgId: number;
  },
) {
  const inserted = await db
    .insertInto('alliance_meetings')
    .values({
      alliance_id: row.id,
      region_code: row.region_code,
      kind: input.kind,
      title: input.title,
      planned_on: input.plannedOn,
      convener_org_id: input.convenerOrgId,
      agenda: input.agenda,
      created_by: 'actor' in ctx ? ctx.actor.userId : null,
      created_at: clock.now(),
      updated_at: clock.now(),
    })
    .onConflict((oc) =>
      oc.columns(['alliance_id', 'planned_on']).where('kind', '=', 'activity_day').doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return null;
  await audit(db, ctx, {
    action: 'alliance.meeting_create',
    entityType: 'alliance_meeting',
    entityId: inserted.id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    after: { allianceId: row.id, ...input },
  });
  return inserted.id;
}

/** 登记会议: held on (not after today), minutes, attendance by organization, resolutions. */
export async function recordMeeting(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  meetingId: number,
  input: {
    heldOn: string;
    minutes: string;
    attendeeOrgIds: number[];
    resolutions: Array<{ title: string; ownerOrgId: number; dueOn: string }>;
  },
) {
  const a = await allianceInScope(db, ctx, allianceId);
  const meeting = await db
    .selectFrom('alliance_meetings')
    .select(['id', 'held_on'])
    .where('id', '=', meetingId)
    .where('alliance_id', '=', allianceId)
    .forUpdate()
    .executeTakeFirst();
  if (!meeting) throw notFound('未找到该会议，或您无权查看');
  requireConvene(a);
  if (meeting.held_on !== null) throw new AppError('alliance.meeting_held');
  if (input.heldOn > clock.today()) throw fieldError('heldOn', 'alliance.held_on', '召开日期不能晚于今天');
  const today = clock.today();
  const known = new Map(a.members.map((m) => [m.org_id, m]));
  const attendees = [...new Set(input.attendeeOrgIds)];
  attendees.forEach((id, i) => {
    if (!known.has(id) && id !== a.row.org_id) throw orgOutside(`attendeeOrgIds.${i}`);
  });
  input.resolutions.forEach((r, i) => {
    if (!known.has(r.ownerOrgId) && r.ownerOrgId !== a.row.org_id)
      throw orgOutside(`resolutions.${i}.ownerOrgId`);
    if (r.dueOn < input.heldOn)
      throw fieldError(`resolutions.${i}.dueOn`, 'alliance.due_on', '办结期限不能早于会议日期');
  });
  await db
    .updateTable('alliance_meetings')
    .set({ held_on: input.heldOn, minutes: input.minutes, updated_at: clock.now() })
    .where('id', '=', meetingId)
    .execute();
  if (attendees.length)
    await db
      .insertInto('alliance_meeting_orgs')
      .values(attendees.map((org_id) => ({ meeting_id: meetingId, org_id })))
      .execute();
  if (input.resolutions.length)
    await db
      .insertInto('alliance_resolutions')
      .values(
        input.resolutions.map((r) => ({
          alliance_id: allianceId,
          meeting_id: meetingId,
          title: r.title,
          owner_org_id: r.ownerOrgId,
          due_on: r.dueOn,
          created_at: clock.now(),
        })),
      )
      .execute();
  await audit(db, ctx, {
    action: 'alliance.meeting_record',
    entityType: 'alliance_meeting',
    entityId: meetingId,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    before: { heldOn: null },
    after: { ...input, today },
  });
}

async function resolutionInScope(db: Executor, a: Scoped, resolutionId: number) {
  const [r] = await repo.resolutionsOf(db, a.row.id, { id: resolutionId });
  if (!r) throw notFound('未找到该议定事项，或您无权查看');
  return r;
}

/** 办结: the owner organization's staff (or the office) record the resolution done. */
export async function completeResolution(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  resolutionId: number,
  input: { doneOn: string; note: string },
) {
  const a = await allianceInScope(db, ctx, allianceId);
  const r = await resolutionInScope(db, a, resolutionId);
  if (!a.actsFor(r.owner_path)) throw new AppError('forbidden');
  if (r.done_on !== null) throw new AppError('alliance.resolution_done');
  if (input.doneOn > clock.today()) throw fieldError('doneOn', 'alliance.done_on', '办结日期不能晚于今天');
  await db
    .updateTable('alliance_resolutions')
    .set({ done_on: input.doneOn, done_note: input.note })
    .where('id', '=', r.id)
    .where('done_on', 'is', null)
    .execute();
  await audit(db, ctx, {
    action: 'alliance.resolution_complete',
    entityType: 'alliance_resolution',
    entityId: r.id,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    before: { doneOn: null },
    after: { title: r.title, doneOn: input.doneOn, note: input.note },
  });
  const [out] = await repo.resolutionsOf(db, allianceId, { id: r.id });
  return toResolution(out!, clock.today());
}

/** A resolution becomes a case of the loop, dispatched to its owner organization. */
export async function resolutionToCase(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  allianceId: number,
  resolutionId: number,
) {
  const a = await allianceInScope(db, ctx, allianceId);
  const r = await resolutionInScope(db, a, resolutionId);
  requireConvene(a);
  if (r.case_id !== null) throw new AppError('alliance.resolution_case');
  const categoryId = await allianceCategory(db, a);
  const { id: caseId } = await fileCase(
    db,
    calendar,
    {
      ctx: null,
      system: `${ctx.actor.displayName}（${ctx.actor.username}，${a.row.name}联席会议）`,
      areaOrgId: a.row.org_id,
      submitActor: `alliance:${allianceId}`,
      alliance: {
        id: allianceId,
        reporterId: ctx.actor.userId,
        reporterName: ctx.actor.displayName,
        leadOrgId: r.owner_org_id,
      },
    },
    {
      categoryId,
      title: r.title,
      description: `联席会议议定事项，办结期限 ${r.due_on}`,
      channel: 'meeting',
      orgId: a.row.org_id,
    },
  );
  await db.updateTable('alliance_resolutions').set({ case_id: caseId }).where('id', '=', r.id).execute();
  await audit(db, ctx, {
    action: 'alliance.resolution_case',
    entityType: 'alliance_resolution',
    entityId: r.id,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    after: { caseId, ownerOrgId: r.owner_org_id },
  });
  return { resolutionId: r.id, caseId };
}
