import {
  type CaseMeasureRow,
  firstWorkdayOfQuarter,
  permissionsOf,
  previousQuarter,
  quarterLabel,
  quarterOf,
  quarterRange,
  ROLE_CODES,
  rankCompanies,
  rateCompany,
  rulesFor,
  type WorkCalendar,
} from '@honglian/domain';
import { sql } from 'kysely';
import { escapeLike, inScope, scopePaths } from '../../platform/access.ts';
import { audit, type SystemContext } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { fieldError, notFound } from '../../platform/errors.ts';
import { compoundMeasureRows } from '../cases/service.ts';
import { findCompound, orgFor } from './compounds.ts';

/**
 * 红色物业 (issue 14 item 9, decision 0025): inspections of compounds, and each quarter's ranking of the
 * property companies of a subtree computed from the case loop and the inspections by the rules of
 * `packages/domain/src/property/rating.ts`; published as a frozen snapshot in `published_lists` (the table
 * compliance's 红黑榜 uses, `kind = 'property'`) on demand and by the quarterly job.
 */

function checkQuarter(quarter: string, field = 'quarter') {
  if (quarter > quarterOf(clock.today())) throw fieldError(field, 'property.quarter', '该季度尚未开始');
  return quarter;
}

export async function listInspections(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined; compoundId?: number | undefined; quarter?: string | undefined },
) {
  const org = await orgFor(db, ctx, query.orgId, 'property.read');
  let q = db
    .selectFrom('property_inspections as i')
    .innerJoin('compounds as c', 'c.id', 'i.compound_id')
    .innerJoin('units as u', 'u.id', 'c.company_unit_id')
    .select([
      'i.id',
      'i.compound_id',
      'c.name as compound_name',
      'u.name as company_name',
      'i.inspected_on',
      'i.score',
      'i.findings',
      'i.inspector',
    ])
    .where('i.org_path', 'like', `${escapeLike(org.path)}%`);
  if (query.compoundId !== undefined) {
    const c = await findCompound(db, ctx, query.compoundId, 'property.read');
    if (!c) throw fieldError('compoundId', 'compound.not_found', '未找到该小区，或它不在您的管理范围内');
    q = q.where('i.compound_id', '=', c.id);
  }
  if (query.quarter) {
    const { from, to } = quarterRange(query.quarter);
    q = q.where('i.inspected_on', '>=', from).where('i.inspected_on', '<=', to);
  }
  const rows = await q.orderBy('i.inspected_on', 'desc').orderBy('i.id', 'desc').limit(500).execute();
  const items = rows.map((r) => ({
    id: r.id,
    compoundId: r.compound_id,
    compoundName: r.compound_name,
    companyName: r.company_name,
    inspectedOn: r.inspected_on,
    score: r.score,
    findings: r.findings,
    inspector: r.inspector,
  }));
  return { items, total: items.length };
}

export async function recordInspection(
  db: Executor,
  ctx: RequestContext,
  input: {
    compoundId: number;
    inspectedOn: string;
    score: number;
    findings?: string | undefined;
    inspector: string;
  },
) {
  const compound = await findCompound(db, ctx, input.compoundId, 'property.manage');
  if (!compound) throw fieldError('compoundId', 'compound.not_found', '未找到该小区，或它不在您的管理范围内');
  if (input.inspectedOn > clock.today())
    throw fieldError('inspectedOn', 'property.future', '检查日期不能晚于今天');
  const row = await db
    .insertInto('property_inspections')
    .values({
      compound_id: compound.id,
      org_path: compound.org_path,
      region_code: compound.region_code,
      inspected_on: input.inspectedOn,
      score: input.score,
      findings: input.findings ?? '',
      inspector: input.inspector,
      recorded_by: ctx.actor.userId,
      created_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'property.inspect',
    entityType: 'compound',
    entityId: compound.id,
    orgPath: compound.org_path,
    regionCode: compound.region_code,
    after: input,
  });
  return { id: row.id };
}

/** One subtree's quarter: every property company of its compounds rated, ranked, each component explained. */
export async function computeRanking(
  db: Executor,
  org: { id: number; path: string; name: string; region_code: string },
  quarter: string,
) {
  const { from, to } = quarterRange(quarter);
  const rules = rulesFor(org.region_code);
  const compounds = await db
    .selectFrom('compounds as c')
    .innerJoin('units as u', 'u.id', 'c.company_unit_id')
    .select(['c.id', 'c.name', 'c.households', 'c.company_unit_id', 'u.name as company_name'])
    .where('c.org_path', 'like', `${escapeLike(org.path)}%`)
    .orderBy('c.name')
    .execute();
  const ids = compounds.map((c) => c.id);
  const [cases, inspections] = await Promise.all([
    compoundMeasureRows(db, ids, from, to),
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('property_inspections')
          .select(['compound_id', 'score'])
          .where('compound_id', 'in', ids)
          .where('inspected_on', '>=', from)
          .where('inspected_on', '<=', to)
          .execute(),
  ]);
  const companies = new Map<
    number,
    {
      unitId: number;
      name: string;
      compounds: Array<{ id: number; name: string; households: number }>;
      households: number;
      cases: CaseMeasureRow[];
      scores: number[];
    }
  >();
  for (const c of compounds) {
    const co = companies.get(c.company_unit_id) ?? {
      unitId: c.company_unit_id,
      name: c.company_name,
      compounds: [],
      households: 0,
      cases: [],
      scores: [],
    };
    co.compounds.push({ id: c.id, name: c.name, households: c.households });
    co.households += c.households;
    co.cases.push(...(cases.get(c.id) ?? []));
    companies.set(c.company_unit_id, co);
  }
  const companyOf = new Map(compounds.map((c) => [c.id, c.company_unit_id]));
  for (const i of inspections) companies.get(companyOf.get(i.compound_id)!)?.scores.push(i.score);
  const ranked = rankCompanies(
    [...companies.values()].map((co) => ({
      item: co,
      rating: rateCompany({ households: co.households, cases: co.cases, inspectionScores: co.scores }, rules),
    })),
    rules,
  );
  return {
    orgId: org.id,
    orgName: org.name,
    quarter,
    quarterLabel: quarterLabel(quarter),
    from,
    to,
    rules: {
      source: rules.source,
      weights: rules.weights,
      stars: rules.stars,
      redMinStars: rules.redMinStars,
      blackMaxStars: rules.blackMaxStars,
      minWeight: rules.minWeight,
      minCasesForRate: rules.minCasesForRate,
      minInspections: rules.minInspections,
    },
    items: ranked.map((e) => ({
      unitId: e.item.unitId,
      name: e.item.name,
      compounds: e.item.compounds,
      households: e.item.households,
      cases: e.item.cases.length,
      inspections: e.item.scores.length,
      rated: e.rating.rated,
      total: e.rating.total,
      stars: e.rating.stars,
      rank: e.rank,
      list: e.list,
      reason: e.rating.reason,
      components: e.rating.components,
    })),
  };
}

export type PropertyRanking = Awaited<ReturnType<typeof computeRanking>>;

export async function ranking(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined; quarter?: string | undefined },
) {
  const org = await orgFor(db, ctx, query.orgId, 'property.read');
  const quarter = checkQuarter(query.quarter ?? quarterOf(clock.today()));
  return computeRanking(db, org, quarter);
}

function definitionOf(r: PropertyRanking) {
  const [five, four, three, two] = r.rules.stars;
  return `${r.rules.source}。总分 ≥${five} 五星，≥${four} 四星，≥${three} 三星，≥${two} 二星，其余一星；${r.rules.redMinStars} 星及以上上红榜，${r.rules.blackMaxStars} 星及以下上黑榜；数据不足的企业不参加评星`;
}

const listEntries = (r: PropertyRanking, list: 'red' | 'black') =>
  r.items
    .filter((e) => e.list === list)
    .map((e) => ({ unitId: e.unitId, name: e.name, stars: e.stars!, total: e.total! }));

/** Freezes a quarter's ranking as published: who (or the quarterly job) and when. */
async function insertList(
  trx: Executor,
  who: RequestContext | SystemContext,
  org: { id: number; path: string; name: string; region_code: string },
  quarter: string,
) {
  const r = await computeRanking(trx, org, quarter);
  const byJob = !('actor' in who);
  let q = trx.insertInto('published_lists').values({
    region_code: org.region_code,
    org_id: org.id,
    org_path: org.path,
    kind: 'property',
    period: quarter,
    title: `${org.name}${r.quarterLabel}物业服务企业红黑榜`,
    definition: definitionOf(r),
    red: JSON.stringify(listEntries(r, 'red')),
    black: JSON.stringify(listEntries(r, 'black')),
    detail: JSON.stringify(r),
    published_by: byJob ? null : who.actor.userId,
    published_by_name: byJob ? who.system : `${who.actor.displayName}（${who.actor.username}）`,
    published_at: clock.now(),
  });
  if (byJob)
    q = q.onConflict((oc) =>
      oc.columns(['org_id', 'kind', 'period']).where('published_by', 'is', null).doNothing(),
    );
  const row = await q.returning('id').executeTakeFirst();
  if (!row) return null;
  await audit(trx, who, {
    action: 'property.publish',
    entityType: 'published_list',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { quarter, red: listEntries(r, 'red').length, black: listEntries(r, 'black').length },
  });
  return row.id;
}

export async function publish(trx: Executor, ctx: RequestContext, input: { orgId: number; quarter: string }) {
  const org = await orgFor(trx, ctx, input.orgId, 'property.manage');
  checkQuarter(input.quarter);
  const id = await insertList(trx, ctx, org, input.quarter);
  return { id: id! };
}

const PUBLISHED_COLUMNS = [
  'id',
  'org_id',
  'period',
  'title',
  'red',
  'black',
  'published_by_name',
  'published_at',
] as const;

function toSummary(r: {
  id: number;
  org_id: number;
  period: string | null;
  title: string;
  red: unknown;
  black: unknown;
  published_by_name: string;
  published_at: Date;
}) {
  return {
    id: r.id,
    orgId: r.org_id,
    quarter: r.period ?? '',
    title: r.title,
    red: r.red as never,
    black: r.black as never,
    publishedBy: r.published_by_name,
    publishedAt: r.published_at,
  };
}

/** The property lists published for the organization and those below it, newest first. */
export async function listPublished(db: Executor, ctx: RequestContext, orgId: number | undefined) {
  const org = await orgFor(db, ctx, orgId, 'property.read');
  const rows = await db
    .selectFrom('published_lists')
    .select(PUBLISHED_COLUMNS)
    .where('org_path', 'like', `${escapeLike(org.path)}%`)
    .where('kind', '=', 'property')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const items = rows.map(toSummary);
  return { items, total: items.length };
}

export async function getPublished(db: Executor, ctx: RequestContext, id: number) {
  const row = await db
    .selectFrom('published_lists')
    .select([...PUBLISHED_COLUMNS, 'definition', 'detail'])
    .where('id', '=', id)
    .where('kind', '=', 'property')
    .where((eb) => inScope(eb, 'org_path', scopePaths(ctx.actor, 'property.read')))
    .executeTakeFirst();
  if (!row) throw notFound('未找到该榜单，或它不在您的管理范围内');
  return { ...toSummary(row), definition: row.definition, ranking: row.detail as PropertyRanking };
}

const MANAGING_ROLES = ROLE_CODES.filter((r) => permissionsOf(r).includes('property.manage'));

/**
 * The quarterly job: on the first working day of a quarter (by the calendar), the previous quarter's list
 * of every organization where someone holds `property.manage` and compounds lie below, once each.
 */
export async function publishDue(db: Executor, calendar: WorkCalendar, today = clock.today()) {
  if (firstWorkdayOfQuarter(today, calendar) !== today) return { published: 0, quarter: null };
  const quarter = previousQuarter(quarterOf(today));
  const orgs = await sql<{ id: number; path: string; name: string; region_code: string }>`
    select distinct o.id, o.path, o.name, o.region_code
    from role_bindings rb join orgs o on o.id = rb.org_id
    where rb.role = any(${MANAGING_ROLES}::text[]) and o.status = 'active'
      and exists (select 1 from compounds c where c.org_path like o.path || '%')
    order by o.path`.execute(db);
  let published = 0;
  for (const org of orgs.rows) {
    if (await insertList(db, { system: '物业红黑榜季度发布' }, org, quarter)) published++;
  }
  return { published, quarter };
}
