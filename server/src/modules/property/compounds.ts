import { sql } from 'kysely';
import { can, escapeLike, inScope, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';

/**
 * 小区 (compounds) of a community and the property company (a unit) that manages each (issue 14 item 9,
 * decision 0025). `property.read` holders read the compounds of their subtree, `property.manage` holders
 * register and change them. The case loop asks `compoundForArea` when a case names a compound.
 */

const ORG_NOT_FOUND = '未找到该党组织，或它不在您的管理范围内';
const COMPOUND_NOT_FOUND = '未找到该小区，或它不在您的管理范围内';

export async function orgFor(
  db: Executor,
  ctx: RequestContext,
  orgId: number | undefined,
  permission: 'property.read' | 'property.manage',
  field = 'orgId',
) {
  const roots = scopePaths(ctx.actor, permission);
  if (roots.length === 0) throw new AppError('forbidden');
  let q = db.selectFrom('orgs').select(['id', 'path', 'name', 'region_code', 'status']);
  q = orgId === undefined ? q.where('path', '=', roots[0]!) : q.where('id', '=', orgId);
  const org = await q.executeTakeFirst();
  if (!org || !can(ctx.actor, permission, org.path)) throw fieldError(field, 'org.not_found', ORG_NOT_FOUND);
  return org;
}

function selectCompounds(db: Executor) {
  return db
    .selectFrom('compounds as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .innerJoin('units as u', 'u.id', 'c.company_unit_id')
    .select([
      'c.id',
      'c.org_id',
      'c.org_path',
      'c.region_code',
      'o.name as org_name',
      'c.name',
      'c.households',
      'c.company_unit_id',
      'u.name as company_name',
      'c.address',
      'c.lat',
      'c.long',
    ]);
}

type CompoundRow = Awaited<ReturnType<ReturnType<typeof selectCompounds>['executeTakeFirstOrThrow']>>;

function toCompound(ctx: RequestContext, r: CompoundRow) {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    households: r.households,
    companyUnitId: r.company_unit_id,
    companyName: r.company_name,
    address: r.address,
    lat: r.lat,
    long: r.long,
    canManage: can(ctx.actor, 'property.manage', r.org_path),
  };
}

/** The compounds of an organization's subtree (the caller's first root by default). */
export async function listCompounds(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined; q?: string | undefined },
) {
  const org = await orgFor(db, ctx, query.orgId, 'property.read');
  let q = selectCompounds(db).where('c.org_path', 'like', `${escapeLike(org.path)}%`);
  if (query.q) q = q.where(sql`c.name || u.name`, 'like', `%${escapeLike(query.q)}%`);
  const rows = await q.orderBy('c.org_path').orderBy('c.name').limit(500).execute();
  const items = rows.map((r) => toCompound(ctx, r));
  return { items, total: items.length };
}

/** One compound through the caller's scope (404 outside it). */
export async function findCompound(
  db: Executor,
  ctx: RequestContext,
  id: number,
  permission: 'property.read' | 'property.manage',
) {
  const row = await selectCompounds(db)
    .where('c.id', '=', id)
    .where((eb) => inScope(eb, 'c.org_path', scopePaths(ctx.actor, permission)))
    .executeTakeFirst();
  return row;
}

export async function getCompound(db: Executor, ctx: RequestContext, id: number) {
  const row = await findCompound(db, ctx, id, 'property.read');
  if (!row) throw notFound(COMPOUND_NOT_FOUND);
  return toCompound(ctx, row);
}

/** The property company: a unit the caller can see (its organization in their tree). */
async function companyFor(db: Executor, ctx: RequestContext, unitId: number) {
  const unit = await db
    .selectFrom('units as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.name', 'o.path'])
    .where('u.id', '=', unitId)
    .where((eb) => inScope(eb, 'o.path', scopePaths(ctx.actor, 'org.read')))
    .executeTakeFirst();
  if (!unit)
    throw fieldError('companyUnitId', 'unit.not_found', '未找到该物业企业（单位），或它不在您的管理范围内');
  return unit;
}

interface CompoundInput {
  name?: string | undefined;
  households?: number | undefined;
  companyUnitId?: number | undefined;
  address?: string | undefined;
  lat?: number | null | undefined;
  long?: number | null | undefined;
}

async function nameTaken(db: Executor, orgId: number, name: string, except?: number) {
  let q = db.selectFrom('compounds').select('id').where('org_id', '=', orgId).where('name', '=', name);
  if (except) q = q.where('id', '<>', except);
  if (await q.executeTakeFirst()) throw fieldError('name', 'compound.name_taken', `「${name}」已经登记`);
}

export async function createCompound(
  db: Executor,
  ctx: RequestContext,
  input: CompoundInput & { orgId: number; name: string; households: number; companyUnitId: number },
) {
  const org = await orgFor(db, ctx, input.orgId, 'property.manage');
  if (org.status !== 'active') throw fieldError('orgId', 'org.not_found', ORG_NOT_FOUND);
  await companyFor(db, ctx, input.companyUnitId);
  await nameTaken(db, org.id, input.name);
  const now = clock.now();
  const row = await db
    .insertInto('compounds')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      name: input.name,
      households: input.households,
      company_unit_id: input.companyUnitId,
      address: input.address ?? '',
      lat: input.lat ?? null,
      long: input.long ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'compound.create',
    entityType: 'compound',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: input,
  });
  return getCompound(db, ctx, row.id);
}

export async function updateCompound(db: Executor, ctx: RequestContext, id: number, input: CompoundInput) {
  const before = await findCompound(db, ctx, id, 'property.manage');
  if (!before) throw notFound(COMPOUND_NOT_FOUND);
  if (input.companyUnitId !== undefined) await companyFor(db, ctx, input.companyUnitId);
  if (input.name !== undefined) await nameTaken(db, before.org_id, input.name, id);
  await db
    .updateTable('compounds')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.households !== undefined ? { households: input.households } : {}),
      ...(input.companyUnitId !== undefined ? { company_unit_id: input.companyUnitId } : {}),
      ...(input.address !== undefined ? { address: input.address } : {}),
      ...(input.lat !== undefined ? { lat: input.lat } : {}),
      ...(input.long !== undefined ? { long: input.long } : {}),
      updated_at: clock.now(),
    })
    .where('id', '=', id)
    .execute();
  await audit(db, ctx, {
    action: 'compound.update',
    entityType: 'compound',
    entityId: id,
    orgPath: before.org_path,
    regionCode: before.region_code,
    before,
    after: input,
  });
  return getCompound(db, ctx, id);
}

/**
 * The compound a case names, if it lies in the case's area: in the area's subtree, or the area lies in the
 * compound's community (a grid of it). Anything else answers like a compound that does not exist.
 */
export async function compoundForArea(db: Executor, compoundId: number, areaPath: string) {
  const row = await db
    .selectFrom('compounds')
    .select(['id', 'name', 'org_path'])
    .where('id', '=', compoundId)
    .executeTakeFirst();
  if (!row || !(row.org_path.startsWith(areaPath) || areaPath.startsWith(row.org_path)))
    throw fieldError('compoundId', 'compound.not_found', '未找到该小区，或它不在诉求所在区域');
  return { id: row.id, name: row.name };
}

/**
 * The compounds a reporter may name for an area (the phone's report page): the area is the caller's own
 * organization or one they read cases in; its compounds, and those of the community above it.
 */
export async function compoundsForReport(db: Executor, ctx: RequestContext, orgId: number | undefined) {
  if (!can(ctx.actor, 'case.report')) throw new AppError('forbidden');
  const areaId = orgId ?? ctx.actor.orgId;
  if (!areaId) return { items: [], total: 0 };
  const area = await db.selectFrom('orgs').select(['id', 'path']).where('id', '=', areaId).executeTakeFirst();
  if (!area || !(area.id === ctx.actor.orgId || can(ctx.actor, 'case.read', area.path)))
    throw fieldError('orgId', 'case.area', '未找到该区域，或您不能在该区域登记诉求');
  const rows = await db
    .selectFrom('compounds as c')
    .innerJoin('units as u', 'u.id', 'c.company_unit_id')
    .select(['c.id', 'c.name', 'u.name as company_name'])
    .where((eb) =>
      eb.or([
        eb('c.org_path', 'like', `${escapeLike(area.path)}%`),
        eb(sql.val(area.path), 'like', sql<string>`c.org_path || '%'`),
      ]),
    )
    .orderBy('c.name')
    .limit(200)
    .execute();
  const items = rows.map((r) => ({ id: r.id, name: r.name, companyName: r.company_name }));
  return { items, total: items.length };
}
