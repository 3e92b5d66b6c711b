import {
  canContain,
  isRegionCode,
  normalizeForSearch,
  ORG_TYPES,
  type Permission,
  regionName,
  textPinyin,
  UNIT_KINDS,
} from '@honglian/domain';
import { allowedActions, assertCan, can, canAbove, scopePaths } from '../../platform/access.ts';
import { AUDIT_ACTION_LABELS, audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import type { Org } from '../../platform/db/schema.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import * as repo from './repository.ts';

type OrgTypeCode = keyof typeof ORG_TYPES;
const ORG_ACTIONS: Permission[] = ['org.create', 'org.update', 'org.move', 'org.dissolve'];

export function toOrgItem(row: repo.OrgRow) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    typeLabel: ORG_TYPES[row.type as OrgTypeCode] ?? row.type,
    parentId: row.parent_id,
    regionCode: row.region_code,
    regionName: regionName(row.region_code) ?? null,
    unitId: row.unit_id,
    unitName: row.unit_name,
    status: row.status,
    childCount: row.child_count,
  };
}

/** What an organization's name is searched by: normalized text, spaced pinyin syllables, initials. */
export function orgSearchForms(name: string) {
  const { syllables, initials } = textPinyin(name);
  return { name_search: normalizeForSearch(name), name_pinyin: syllables, name_initials: initials };
}

/**
 * Computes the pinyin of organizations registered before it was kept (migration 0030), a thousand
 * at a time. Run at start; with nothing to do it costs one indexed query.
 */
export async function fillOrgPinyin(db: Executor): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await repo.orgsWithoutPinyin(db, 1000);
    if (rows.length === 0) return filled;
    await repo.setOrgPinyin(
      db,
      rows.map((r) => {
        const forms = orgSearchForms(r.name);
        return { id: r.id, name_pinyin: forms.name_pinyin, name_initials: forms.name_initials };
      }),
    );
    filled += rows.length;
  }
}

function ids(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** Names along the path from the top of the caller's scope down to (excluding) the org. */
async function ancestorsInScope(db: Executor, ctx: RequestContext, path: string) {
  const scope = scopePaths(ctx.actor, 'org.read');
  const root = scope.find((p) => path.startsWith(p));
  if (!root) return [];
  const chain = ids(path).slice(ids(root).length - 1, -1);
  const names = await repo.orgNames(db, chain);
  return chain.map((id) => ({ id, name: names.get(id) ?? '' }));
}

/**
 * The filter of a list or an export. With `subtree`, parentId and everything under it (the whole
 * scope without parentId); otherwise parentId's children, or the scope roots, or search results.
 */
export async function orgFilter(
  db: Executor,
  ctx: RequestContext,
  query: { q?: string; parentId?: number; type?: string; includeDissolved: boolean; subtree?: boolean },
): Promise<repo.OrgFilter> {
  const scope = scopePaths(ctx.actor, 'org.read');
  const q = query.q ? normalizeForSearch(query.q) : undefined;
  const filter: repo.OrgFilter = { scope, includeDissolved: query.includeDissolved };
  if (q) filter.q = q;
  if (query.type) filter.type = query.type;
  if (query.subtree) {
    if (query.parentId !== undefined) filter.subtreePath = (await getOrgRow(db, ctx, query.parentId)).path;
  } else if (query.parentId !== undefined) filter.parentId = query.parentId;
  else if (!q) filter.roots = true;
  return filter;
}

export async function listOrgs(
  db: Executor,
  ctx: RequestContext,
  query: {
    q?: string;
    parentId?: number;
    type?: string;
    includeDissolved: boolean;
    subtree?: boolean;
    limit: number;
  },
) {
  const scope = scopePaths(ctx.actor, 'org.read');
  const filter = await orgFilter(db, ctx, query);
  const q = filter.q;
  const { rows, total } = await repo.listOrgs(db, { ...filter, limit: query.limit });
  const items = rows.map(toOrgItem);
  if (q) {
    // search results carry their path so the user can tell two branches of the same name apart
    const allIds = [...new Set(rows.flatMap((r) => ids(r.path)))];
    const names = await repo.orgNames(db, allIds);
    rows.forEach((r, i) => {
      const root = scope.find((p) => r.path.startsWith(p)) ?? r.path;
      const chain = ids(r.path).slice(ids(root).length - 1, -1);
      (items[i] as ReturnType<typeof toOrgItem> & { pathNames?: string[] }).pathNames = chain.map(
        (id) => names.get(id) ?? '',
      );
    });
  }
  return { items, total };
}

/** Reads one org; outside the caller's scope it does not exist (404). */
export async function getOrgRow(
  db: Executor,
  ctx: RequestContext,
  id: number,
  permission: Permission = 'org.read',
) {
  const row = await repo.findOrg(db, id, scopePaths(ctx.actor, 'org.read'));
  if (!row) throw notFound('未找到该党组织，或您无权查看');
  if (permission !== 'org.read') assertCan(ctx.actor, permission, row.path);
  return row;
}

export async function getOrg(db: Executor, ctx: RequestContext, id: number) {
  const row = await getOrgRow(db, ctx, id);
  // the top of one's own scope can be neither moved nor dissolved from within it
  const isScopeRoot = row.parent_id === null || scopePaths(ctx.actor, 'org.read').includes(row.path);
  const [ancestors, descendants, unit] = await Promise.all([
    ancestorsInScope(db, ctx, row.path),
    repo.countDescendants(db, row.path),
    row.unit_id
      ? db.selectFrom('units').selectAll().where('id', '=', row.unit_id).executeTakeFirst()
      : undefined,
  ]);
  return {
    ...toOrgItem(row),
    establishedOn: row.established_on,
    dissolvedOn: row.dissolved_on,
    dissolveReason: row.dissolve_reason,
    ancestors,
    unit: unit
      ? {
          id: unit.id,
          name: unit.name,
          kind: unit.kind,
          kindLabel: UNIT_KINDS[unit.kind as keyof typeof UNIT_KINDS] ?? unit.kind,
          creditCode: unit.credit_code,
          regionCode: unit.region_code,
          industry: unit.industry,
          employees: unit.employees,
        }
      : null,
    counts: { children: row.child_count, descendants },
    actions:
      row.status === 'active'
        ? allowedActions(ctx.actor, ORG_ACTIONS, row.path).filter(
            (a) => !isScopeRoot || (a !== 'org.move' && a !== 'org.dissolve'),
          )
        : [],
  };
}

export function snapshot(org: Org, parentName: string | null) {
  return {
    name: org.name,
    type: org.type,
    parentId: org.parent_id,
    parentName,
    path: org.path,
    regionCode: org.region_code,
    unitId: org.unit_id,
    status: org.status,
    establishedOn: org.established_on,
    dissolvedOn: org.dissolved_on,
    dissolveReason: org.dissolve_reason,
  };
}

async function assertUnitVisible(db: Executor, ctx: RequestContext, unitId: number | null | undefined) {
  if (!unitId) return;
  const unit = await db
    .selectFrom('units')
    .leftJoin('orgs', 'orgs.id', 'units.org_id')
    .select(['units.id', 'orgs.path'])
    .where('units.id', '=', unitId)
    .executeTakeFirst();
  if (!unit || !can(ctx.actor, 'unit.read', unit.path))
    throw fieldError('unitId', 'unit.not_found', '未找到该单位，或您无权使用');
}

/** A region is a GB/T 2260 code the system knows (a name and a place in the region tree). */
function assertRegionCode(regionCode: string) {
  if (!isRegionCode(regionCode))
    throw fieldError('regionCode', 'org.region_unknown', `系统中没有行政区划代码 ${regionCode}（GB/T 2260）`);
}

/**
 * An organization's region decides which region-keyed cases, rule parameters and calendars apply
 * to it, so changing it is an administrator's act from above the organization (`org.move` on its
 * parent, as moving it in the tree is): its own secretary or administrator cannot.
 */
function assertMayChangeRegion(ctx: RequestContext, orgPath: string, regionCode: string) {
  assertRegionCode(regionCode);
  if (!canAbove(ctx.actor, 'org.move', orgPath)) {
    const message = '修改党组织所在行政区划须由上级党组织管理员办理';
    throw new AppError('forbidden', {
      detail: message,
      errors: [{ field: 'regionCode', code: 'org.region_authority', message }],
    });
  }
}

export async function createOrg(
  db: Executor,
  ctx: RequestContext,
  input: {
    name: string;
    type: OrgTypeCode;
    parentId: number;
    regionCode?: string;
    unitId?: number | null;
    establishedOn?: string;
  },
) {
  const parent = await repo.findOrg(db, input.parentId, scopePaths(ctx.actor, 'org.read'));
  if (!parent) throw fieldError('parentId', 'org.not_found', '未找到上级组织，或您无权查看');
  assertCan(ctx.actor, 'org.create', parent.path);
  if (input.regionCode !== undefined) assertRegionCode(input.regionCode);
  if (parent.status !== 'active')
    throw new AppError('org.dissolved', { detail: '上级组织已撤销，不能在其下新建组织' });
  if (!canContain(parent.type as OrgTypeCode, input.type)) {
    throw new AppError('org.parent_type', {
      detail: `${ORG_TYPES[parent.type as OrgTypeCode] ?? parent.type}下不能设立${ORG_TYPES[input.type]}`,
      errors: [{ field: 'type', code: 'org.parent_type', message: '上级组织的类型不能包含该类型的组织' }],
    });
  }
  await assertUnitVisible(db, ctx, input.unitId);
  const org = await repo.insertOrg(
    db,
    {
      name: input.name,
      ...orgSearchForms(input.name),
      type: input.type,
      region_code: input.regionCode ?? parent.region_code,
      unit_id: input.unitId ?? null,
      parent_id: parent.id,
      established_on: input.establishedOn ?? clock.today(),
      updated_at: clock.now(),
    },
    parent,
  );
  await audit(db, ctx, {
    action: 'org.create',
    entityType: 'org',
    entityId: org.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: snapshot(org, parent.name),
  });
  return org.id;
}

export async function updateOrg(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { name?: string; type?: OrgTypeCode; unitId?: number | null; regionCode?: string },
) {
  const row = await getOrgRow(db, ctx, id, 'org.update');
  if (row.status !== 'active') throw new AppError('org.dissolved');
  const regionChanged = input.regionCode !== undefined && input.regionCode !== row.region_code;
  if (regionChanged) assertMayChangeRegion(ctx, row.path, input.regionCode!);
  if (input.type && input.type !== row.type) {
    const parent = row.parent_id ? await repo.findOrgUnscoped(db, row.parent_id) : undefined;
    if (parent && !canContain(parent.type as OrgTypeCode, input.type)) {
      throw new AppError('org.parent_type', {
        errors: [{ field: 'type', code: 'org.parent_type', message: '上级组织的类型不能包含该类型的组织' }],
      });
    }
    if (row.child_count > 0 && !canHaveChildren(input.type)) {
      throw new AppError('org.parent_type', {
        errors: [
          { field: 'type', code: 'org.parent_type', message: '该组织有下级组织，不能改为不能设立下级的类型' },
        ],
      });
    }
  }
  if (input.unitId !== undefined) await assertUnitVisible(db, ctx, input.unitId);
  const parentName = await nameOf(db, row.parent_id);
  const updated = await repo.updateOrg(db, id, {
    ...(input.name ? { name: input.name, ...orgSearchForms(input.name) } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
    ...(regionChanged ? { region_code: input.regionCode! } : {}),
  });
  await audit(db, ctx, {
    action: 'org.update',
    entityType: 'org',
    entityId: id,
    orgPath: updated.path,
    regionCode: updated.region_code,
    before: snapshot(row, parentName),
    after: snapshot(updated, parentName),
  });
}

async function nameOf(db: Executor, id: number | null): Promise<string | null> {
  if (id === null) return null;
  return (await repo.orgNames(db, [id])).get(id) ?? null;
}

function canHaveChildren(type: OrgTypeCode): boolean {
  return (Object.keys(ORG_TYPES) as OrgTypeCode[]).some((child) => canContain(type, child));
}

export async function moveOrg(db: Executor, ctx: RequestContext, id: number, parentId: number) {
  const row = await getOrgRow(db, ctx, id, 'org.move');
  if (row.status !== 'active') throw new AppError('org.dissolved');
  if (row.parent_id === null || scopePaths(ctx.actor, 'org.read').includes(row.path))
    throw new AppError('org.root');
  const parent = await repo.findOrg(db, parentId, scopePaths(ctx.actor, 'org.read'));
  if (!parent) throw fieldError('parentId', 'org.not_found', '未找到新的上级组织，或您无权查看');
  if (parent.path.startsWith(row.path)) {
    throw new AppError('org.move_cycle', {
      errors: [
        { field: 'parentId', code: 'org.move_cycle', message: '新的上级组织不能是它自己或它的下级组织' },
      ],
    });
  }
  assertCan(ctx.actor, 'org.create', parent.path);
  if (parent.status !== 'active') throw new AppError('org.dissolved', { detail: '新的上级组织已撤销' });
  if (!canContain(parent.type as OrgTypeCode, row.type as OrgTypeCode)) {
    throw new AppError('org.parent_type', {
      errors: [{ field: 'parentId', code: 'org.parent_type', message: '新的上级组织的类型不能包含该组织' }],
    });
  }
  if (parent.id === row.parent_id) return;
  const oldParentName = await nameOf(db, row.parent_id);
  await repo.moveSubtree(db, row, parent);
  const moved = await repo.findOrgUnscoped(db, id);
  await audit(db, ctx, {
    action: 'org.move',
    entityType: 'org',
    entityId: id,
    orgPath: moved!.path,
    regionCode: row.region_code,
    before: snapshot(row, oldParentName),
    after: snapshot(moved!, parent.name),
  });
}

export async function dissolveOrg(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { reason: string; dissolvedOn?: string },
) {
  const row = await getOrgRow(db, ctx, id, 'org.dissolve');
  if (row.status !== 'active') throw new AppError('org.dissolved', { detail: '该党组织已经撤销' });
  if (scopePaths(ctx.actor, 'org.read').includes(row.path)) throw new AppError('org.root');
  if ((await repo.countDescendants(db, row.path)) > 0) throw new AppError('org.has_active_children');
  const parentName = await nameOf(db, row.parent_id);
  const updated = await repo.updateOrg(db, id, {
    status: 'dissolved',
    dissolved_on: input.dissolvedOn ?? clock.today(),
    dissolve_reason: input.reason,
  });
  await audit(db, ctx, {
    action: 'org.dissolve',
    entityType: 'org',
    entityId: id,
    orgPath: updated.path,
    regionCode: updated.region_code,
    before: snapshot(row, parentName),
    after: snapshot(updated, parentName),
  });
}

export async function orgHistory(db: Executor, ctx: RequestContext, id: number) {
  await getOrgRow(db, ctx, id);
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'at', 'action', 'actor_name', 'before', 'after'])
    .where('entity_type', '=', 'org')
    .where('entity_id', '=', String(id))
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
      actorName: r.actor_name,
      before: r.before,
      after: r.after,
    })),
    total: rows.length,
  };
}
