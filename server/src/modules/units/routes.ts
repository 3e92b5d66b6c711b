import { normalizeForSearch, regionName, UNIT_KINDS, validateCreditCode } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { assertCan, inScope, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, Pagination, problemResponses, text } from '../../platform/schemas.ts';
import { RegionCode } from '../orgs/schemas.ts';

const kinds = Object.keys(UNIT_KINDS) as [keyof typeof UNIT_KINDS, ...(keyof typeof UNIT_KINDS)[]];

const UnitItem = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z.string(),
    kindLabel: z.string(),
    creditCode: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().nullable(),
    orgId: z.number().nullable(),
    orgName: z.string().nullable(),
    orgCount: z.number(),
  })
  .meta({ id: 'UnitItem' });

const CreateUnitBody = z.object({
  name: text(200, '单位名称'),
  kind: z.enum(kinds, { message: '单位类别无效' }),
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  regionCode: RegionCode,
  industry: z.string().trim().max(100).optional(),
  employees: z.number().int().min(0, '从业人员数不能为负').max(10_000_000).optional(),
  orgId: z.number({ message: '请选择属地管理的党组织' }).int().positive(),
});

function selectUnits(db: Executor) {
  return db
    .selectFrom('units')
    .leftJoin('orgs', 'orgs.id', 'units.org_id')
    .selectAll('units')
    .select(['orgs.name as org_name', 'orgs.path as org_path'])
    .select((eb) =>
      eb
        .selectFrom('orgs as o')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('o.unit_id', '=', 'units.id')
        .where('o.status', '=', 'active')
        .as('org_count'),
    );
}

type UnitRow = Awaited<ReturnType<ReturnType<typeof selectUnits>['executeTakeFirstOrThrow']>>;

function toItem(u: UnitRow) {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind,
    kindLabel: UNIT_KINDS[u.kind as keyof typeof UNIT_KINDS] ?? u.kind,
    creditCode: u.credit_code,
    regionCode: u.region_code,
    regionName: regionName(u.region_code) ?? null,
    industry: u.industry,
    employees: u.employees,
    orgId: u.org_id,
    orgName: u.org_name,
    orgCount: u.org_count ?? 0,
  };
}

export async function createUnit(db: Executor, ctx: RequestContext, input: z.infer<typeof CreateUnitBody>) {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('id', '=', input.orgId)
    .executeTakeFirst();
  if (!org || !scopePaths(ctx.actor, 'org.read').some((p) => org.path.startsWith(p))) {
    throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权查看');
  }
  assertCan(ctx.actor, 'unit.manage', org.path);
  let creditCode: string | null = null;
  if (input.creditCode) {
    const check = validateCreditCode(input.creditCode);
    if (!check.ok) throw fieldError('creditCode', check.code, check.message);
    creditCode = check.normalized;
    const taken = await db
      .selectFrom('units')
      .select('id')
      .where('credit_code', '=', creditCode)
      .executeTakeFirst();
    if (taken)
      throw new AppError('unit.credit_code_taken', {
        errors: [
          { field: 'creditCode', code: 'unit.credit_code_taken', message: '该统一社会信用代码已登记' },
        ],
      });
  }
  const unit = await db
    .insertInto('units')
    .values({
      name: input.name,
      name_search: normalizeForSearch(input.name),
      kind: input.kind,
      credit_code: creditCode,
      region_code: input.regionCode,
      industry: input.industry ?? null,
      employees: input.employees ?? null,
      org_id: org.id,
      updated_at: clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'unit.create',
    entityType: 'unit',
    entityId: unit.id,
    orgPath: org.path,
    regionCode: unit.region_code,
    after: unit,
  });
  return unit.id;
}

export function unitRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['单位'];

  r.get('/api/v1/units', {
    schema: {
      tags,
      summary: '列出范围内的单位',
      querystring: Pagination.extend({
        q: z.string().trim().max(50).optional(),
        kind: z.enum(kinds).optional(),
      }),
      response: { 200: listOf(UnitItem), ...problemResponses },
    },
    handler: async (req) => {
      const scope = scopePaths(contextOf(req).actor, 'unit.read');
      const { q, kind, page, pageSize } = req.query;
      let query = selectUnits(db).where((eb) => inScope(eb, 'orgs.path', scope));
      if (q)
        query = query.where(
          'units.name_search',
          'like',
          `%${normalizeForSearch(q).replace(/[\\%_]/g, '\\$&')}%`,
        );
      if (kind) query = query.where('units.kind', '=', kind);
      const [rows, count] = await Promise.all([
        query
          .orderBy('units.id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toItem), total: count.n };
    },
  });

  r.get('/api/v1/units/:id', {
    schema: { tags, summary: '单位详情', params: IdParam, response: { 200: UnitItem, ...problemResponses } },
    handler: async (req) => {
      const scope = scopePaths(contextOf(req).actor, 'unit.read');
      const row = await selectUnits(db)
        .where('units.id', '=', req.params.id)
        .where((eb) => inScope(eb, 'orgs.path', scope))
        .executeTakeFirst();
      if (!row) throw new AppError('not_found', { detail: '未找到该单位，或您无权查看' });
      return toItem(row);
    },
  });

  r.post('/api/v1/units', {
    schema: {
      tags,
      summary: '登记单位（企业须填写有效的统一社会信用代码）',
      body: CreateUnitBody,
      response: { 201: UnitItem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => createUnit(trx, ctx, req.body));
      const row = await selectUnits(db).where('units.id', '=', id).executeTakeFirstOrThrow();
      return reply.code(201).send(toItem(row));
    },
  });
}
