import { CASE_TIERS } from '@honglian/domain';
import { type Actor, can, canAtRoot, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import * as repo from './repository.ts';

/**
 * 分类与派单规则 as data an administrator edits. A category with no owner is shared by every region
 * (the built-in catalogue) and only a `case.configure` holder at the top of a tree changes it; one
 * owned by a city or district applies inside that subtree and is changed by `case.configure` there.
 * A route (category × area → handling unit) may only be set inside the caller's configure scope, for
 * both its area and its handler. Open311 services are read from the same rows.
 */

/** Does the category apply to an area (a shared one everywhere, an owned one inside its owner's subtree)? */
export function appliesTo(category: { owner_path: string | null }, areaPath: string): boolean {
  return category.owner_path === null || areaPath.startsWith(category.owner_path);
}

/** May the actor see an owned category: it belongs to an org above them, or one they read. */
export function categoryVisible(actor: Actor, ownerPath: string | null): boolean {
  if (ownerPath === null) return true;
  const here = [...actor.bindings.map((b) => b.orgPath), actor.orgPath].filter((p): p is string => !!p);
  return here.some((p) => p.startsWith(ownerPath)) || can(actor, 'case.read', ownerPath);
}

function mayEdit(actor: Actor, ownerPath: string | null): boolean {
  return ownerPath === null ? canAtRoot(actor, 'case.configure') : can(actor, 'case.configure', ownerPath);
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

export async function listCategories(
  db: Executor,
  ctx: RequestContext,
  opts: { includeInactive?: boolean; id?: number } = {},
) {
  const configurer = can(ctx.actor, 'case.configure');
  const [categories, routes] = await Promise.all([
    repo.listCategories(db, { includeInactive: configurer && opts.includeInactive, id: opts.id }),
    repo.listRoutes(db, scopePaths(ctx.actor, 'case.read'), opts.id),
  ]);
  const items = categories
    .filter((c) => categoryVisible(ctx.actor, c.owner_path))
    .map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      groupName: c.group_name,
      description: c.description,
      keywords: c.keywords,
      active: c.active,
      ownerOrgId: c.owner_org_id,
      ownerOrgName: c.owner_name,
      actions: mayEdit(ctx.actor, c.owner_path) ? ['update'] : [],
      tier: c.tier,
      tierLabel: CASE_TIERS[c.tier].label,
      signHours: c.sign_hours,
      contactHours: c.contact_hours,
      completeDays: c.complete_days,
      points: c.points,
      escalateAfterRedos: c.escalate_after_redos,
      escalateAfterReturns: c.escalate_after_returns,
      ratingChangeMinutes: c.rating_change_minutes,
      attributes: (parseJson(c.attributes) as unknown[] | null) ?? [],
      routes: routes
        .filter((r) => r.category_id === c.id)
        .map((r) => ({
          areaOrgId: r.area_org_id,
          areaOrgName: r.area_name,
          handlerOrgId: r.handler_org_id,
          handlerOrgName: r.handler_name,
          autoDispatch: r.auto_dispatch,
          editable: can(ctx.actor, 'case.configure', r.area_path),
        })),
    }));
  return { items, total: items.length };
}

export async function getCategory(db: Executor, ctx: RequestContext, id: number) {
  const { items } = await listCategories(db, ctx, { includeInactive: true, id });
  const item = items[0];
  if (!item || (!item.active && !can(ctx.actor, 'case.configure'))) throw notFound('未找到该诉求分类');
  return item;
}

export interface CategoryInput {
  name?: string | undefined;
  groupName?: string | undefined;
  description?: string | null | undefined;
  keywords?: string | null | undefined;
  tier?: 'small' | 'major' | 'hard' | undefined;
  signHours?: number | undefined;
  contactHours?: number | undefined;
  completeDays?: number | undefined;
  points?: number | undefined;
  escalateAfterRedos?: number | undefined;
  escalateAfterReturns?: number | undefined;
  ratingChangeMinutes?: number | undefined;
  attributes?:
    | Array<{
        code: string;
        description: string;
        required: boolean;
        datatype: string;
        values?: Array<{ key: string; name: string }> | undefined;
      }>
    | undefined;
  active?: boolean | undefined;
}

/** Stored as the Open311 attribute list the service definition publishes (order = position). */
function attributesJson(list: NonNullable<CategoryInput['attributes']>): string {
  return JSON.stringify(
    list.map((a, i) => ({
      code: a.code,
      description: a.description,
      datatype: a.datatype,
      required: a.required,
      order: i + 1,
      ...(a.values?.length ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
    })),
  );
}

function valuesOf(input: CategoryInput): Partial<repo.CategoryValues> & { active?: boolean } {
  const v: Partial<repo.CategoryValues> & { active?: boolean } = {};
  if (input.name !== undefined) v.name = input.name;
  if (input.groupName !== undefined) v.group_name = input.groupName;
  if (input.description !== undefined) v.description = input.description || null;
  if (input.keywords !== undefined) v.keywords = input.keywords || null;
  if (input.tier !== undefined) v.tier = input.tier;
  if (input.signHours !== undefined) v.sign_hours = input.signHours;
  if (input.contactHours !== undefined) v.contact_hours = input.contactHours;
  if (input.completeDays !== undefined) v.complete_days = input.completeDays;
  if (input.points !== undefined) v.points = input.points;
  if (input.escalateAfterRedos !== undefined) v.escalate_after_redos = input.escalateAfterRedos;
  if (input.escalateAfterReturns !== undefined) v.escalate_after_returns = input.escalateAfterReturns;
  if (input.ratingChangeMinutes !== undefined) v.rating_change_minutes = input.ratingChangeMinutes;
  if (input.attributes !== undefined) v.attributes = attributesJson(input.attributes);
  if (input.active !== undefined) v.active = input.active;
  return v;
}

/** First contact cannot be due before the sign-in: it is counted from the same start. */
function checkHours(signHours: number, contactHours: number) {
  if (contactHours < signHours)
    throw fieldError('contactHours', 'case.category_hours', '首次联系时限不能短于签收时限');
}

/** The row as it is audited: the fields an administrator edits. */
function auditView(row: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, created_at: _c, updated_at: _u, owner_path: _p, ...rest } = row;
  return { ...rest, attributes: parseJson(rest.attributes) };
}

export async function createCategory(
  trx: Executor,
  ctx: RequestContext,
  input: CategoryInput & {
    code: string;
    name: string;
    groupName: string;
    tier: 'small' | 'major' | 'hard';
    signHours: number;
    contactHours: number;
    completeDays: number;
    points: number;
    escalateAfterRedos: number;
    escalateAfterReturns: number;
    ownerOrgId?: number | undefined;
  },
): Promise<number> {
  if (!can(ctx.actor, 'case.configure')) throw new AppError('forbidden');
  let owner: Awaited<ReturnType<typeof repo.findOrg>> | null = null;
  if (input.ownerOrgId !== undefined) {
    owner = await repo.findOrg(trx, input.ownerOrgId);
    if (owner?.status !== 'active' || !can(ctx.actor, 'case.configure', owner.path))
      throw fieldError('ownerOrgId', 'org.not_found', '未找到适用组织，或您无权为它设置诉求分类');
  } else if (!canAtRoot(ctx.actor, 'case.configure')) {
    throw new AppError('forbidden', {
      detail: '全国通用的诉求分类只能由最上级组织维护，请选择适用组织',
    });
  }
  checkHours(input.signHours, input.contactHours);
  const values = {
    ...(valuesOf(input) as repo.CategoryValues),
    attributes: attributesJson(input.attributes ?? []),
    code: input.code,
    owner_org_id: owner?.id ?? null,
    owner_path: owner?.path ?? null,
  };
  const inserted = await repo.insertCategory(trx, values);
  if (!inserted)
    throw new AppError('case.category_code_taken', {
      errors: [
        { field: 'code', code: 'case.category_code_taken', message: `分类代码 ${input.code} 已被使用` },
      ],
    });
  await audit(trx, ctx, {
    action: 'case.category_create',
    entityType: 'case_category',
    entityId: inserted.id,
    orgPath: owner?.path ?? null,
    regionCode: owner?.region_code ?? null,
    after: auditView({ ...values }),
  });
  return inserted.id;
}

/** Finds a category the caller sees (404 otherwise) and refuses one they may not change (403). */
async function editableCategory(trx: Executor, ctx: RequestContext, id: number) {
  if (!can(ctx.actor, 'case.configure')) throw new AppError('forbidden');
  const row = await repo.lockCategory(trx, id);
  if (!row || !categoryVisible(ctx.actor, row.owner_path)) throw notFound('未找到该诉求分类');
  return row;
}

export async function updateCategory(trx: Executor, ctx: RequestContext, id: number, input: CategoryInput) {
  const row = await editableCategory(trx, ctx, id);
  if (!mayEdit(ctx.actor, row.owner_path))
    throw new AppError('forbidden', {
      detail: row.owner_path
        ? '您无权修改该诉求分类'
        : '全国通用的诉求分类只能由最上级组织修改；本地区可以新建自己的分类或调整派单规则',
    });
  checkHours(input.signHours ?? row.sign_hours, input.contactHours ?? row.contact_hours);
  const values = valuesOf(input);
  if (Object.keys(values).length === 0) return;
  const before = auditView(row);
  await repo.updateCategory(trx, id, values);
  const changed = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, k === 'attributes' ? parseJson(v) : v]),
  );
  await audit(trx, ctx, {
    action: 'case.category_update',
    entityType: 'case_category',
    entityId: id,
    orgPath: row.owner_path,
    before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k]])),
    after: changed,
  });
}

/**
 * Sets the rule «category × area → handling unit» (replacing the area's previous rule). Both orgs
 * must lie in the caller's configure scope: a district routes only inside its own subtree.
 */
export async function setCategoryRoute(
  trx: Executor,
  ctx: RequestContext,
  categoryId: number,
  input: { areaOrgId: number; handlerOrgId: number; autoDispatch: boolean },
) {
  const category = await editableCategory(trx, ctx, categoryId);
  const area = await repo.findOrg(trx, input.areaOrgId);
  if (area?.status !== 'active' || !can(ctx.actor, 'case.configure', area.path))
    throw fieldError('areaOrgId', 'org.not_found', '未找到该区域，或它不在您的管理范围内');
  if (!appliesTo(category, area.path))
    throw fieldError('areaOrgId', 'case.route_area', '该分类不适用于这个区域（只适用于其所属组织及下级）');
  const handler = await repo.findOrg(trx, input.handlerOrgId);
  if (handler?.status !== 'active' || !can(ctx.actor, 'case.configure', handler.path))
    throw fieldError('handlerOrgId', 'org.not_found', '未找到承办单位，或它不在您的管理范围内');
  const before = await repo.findCategoryRoute(trx, categoryId, area.id);
  await repo.upsertRoute(trx, {
    category_id: categoryId,
    area_org_id: area.id,
    handler_org_id: handler.id,
    auto_dispatch: input.autoDispatch,
  });
  await audit(trx, ctx, {
    action: 'case.route_set',
    entityType: 'case_category',
    entityId: categoryId,
    orgPath: area.path,
    regionCode: area.region_code,
    before: before
      ? { areaOrgId: area.id, handlerOrgId: before.handler_org_id, autoDispatch: before.auto_dispatch }
      : null,
    after: {
      category: category.code,
      areaOrgId: area.id,
      areaOrgName: area.name,
      handlerOrgId: handler.id,
      handlerOrgName: handler.name,
      autoDispatch: input.autoDispatch,
    },
  });
}

export async function removeCategoryRoute(
  trx: Executor,
  ctx: RequestContext,
  categoryId: number,
  areaOrgId: number,
) {
  await editableCategory(trx, ctx, categoryId);
  const route = await repo.findCategoryRoute(trx, categoryId, areaOrgId);
  if (!route || !can(ctx.actor, 'case.configure', route.area_path))
    throw notFound('未找到该派单规则，或它不在您的管理范围内');
  await repo.deleteRoute(trx, route.id);
  await audit(trx, ctx, {
    action: 'case.route_delete',
    entityType: 'case_category',
    entityId: categoryId,
    orgPath: route.area_path,
    regionCode: route.region_code,
    before: { areaOrgId, handlerOrgId: route.handler_org_id, autoDispatch: route.auto_dispatch },
  });
}
