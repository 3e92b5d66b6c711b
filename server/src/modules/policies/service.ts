import {
  blockingFailures,
  type Criteria,
  criteriaLeaves,
  type EligibilityResult,
  evaluateCriterion,
  evaluateEligibility,
  FACT_KEY_LIST,
  FACT_KEYS,
  type FactKey,
  type Facts,
  factValueProblem,
  isFactKey,
  metOf,
  type Reason,
  todayInShanghai,
  validateCriteria,
} from '@honglian/domain';
import type { z } from 'zod';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { corpusCache } from '../assistant/corpus.ts';
import { ensureApplicationCategory } from './itemCategory.ts';
import { almostFor, regionPrefix, rematchEnterprise, rematchPolicy } from './matching.ts';
import * as repo from './repository.ts';
import type { FactsBody, PolicyBody } from './schemas.ts';

/**
 * Policies that find the enterprise (issue 13, API.md "Policies for enterprises"). The policy library
 * is public to whoever holds `policy.read` (they are published documents); `policy.manage` over the
 * maintaining department's subtree changes one. An enterprise's facts and matches are read by the
 * enterprise itself (`enterprise_profile.self` bound to the organization of that unit) and by staff
 * holding `enterprise_profile.read` over the unit's managing organization; anyone else gets 404.
 */

const NO_ENTERPRISE = '未找到该企业，或您无权查看';
const NO_POLICY = '未找到该政策，或您无权查看';

// ------------------------------------------------------------------------------------------------
// Access to an enterprise

interface EnterpriseAccess {
  unit: repo.EnterpriseUnit;
  /** the caller is the enterprise itself */
  self: boolean;
  canEdit: boolean;
}

/** The organizations the actor's enterprise role is bound to: their units are its own enterprise. */
function selfOrgIds(ctx: RequestContext): number[] {
  return ctx.actor.bindings
    .filter((b) => can({ ...ctx.actor, bindings: [b] }, 'enterprise_profile.self'))
    .map((b) => b.orgId);
}

async function isOwnUnit(db: Executor, ctx: RequestContext, unitId: number): Promise<boolean> {
  return (await repo.unitsOfOrgs(db, selfOrgIds(ctx))).includes(unitId);
}

export async function enterpriseAccess(
  db: Executor,
  ctx: RequestContext,
  unitId: number,
  field?: string,
): Promise<EnterpriseAccess> {
  const unit = await repo.findEnterprise(db, unitId);
  const missing = () =>
    field ? fieldError(field, 'unit.not_found', NO_ENTERPRISE) : notFound(NO_ENTERPRISE);
  if (!unit) throw missing();
  if (await isOwnUnit(db, ctx, unitId)) return { unit, self: true, canEdit: true };
  if (unit.org_path && can(ctx.actor, 'enterprise_profile.read', unit.org_path))
    return { unit, self: false, canEdit: can(ctx.actor, 'enterprise_profile.manage', unit.org_path) };
  throw missing();
}

// ------------------------------------------------------------------------------------------------
// Facts

export async function getFacts(db: Executor, ctx: RequestContext, unitId: number) {
  const access = await enterpriseAccess(db, ctx, unitId);
  return factsAnswer(db, access);
}

async function factsAnswer(db: Executor, access: EnterpriseAccess) {
  const rows = await repo.listFacts(db, access.unit.id);
  const items = rows
    .filter((r) => isFactKey(r.key))
    .sort((a, b) => FACT_KEY_LIST.indexOf(a.key as FactKey) - FACT_KEY_LIST.indexOf(b.key as FactKey))
    .map((r) => ({
      key: r.key as FactKey,
      label: FACT_KEYS[r.key as FactKey].label,
      value: r.value as string,
      source: r.source,
      asOf: r.as_of,
      recordedByName: r.recorded_by_name,
    }));
  const given = new Set(items.map((i) => i.key));
  return {
    unitId: access.unit.id,
    name: access.unit.name,
    regionCode: access.unit.region_code,
    items,
    missing: FACT_KEY_LIST.filter((k) => !given.has(k)),
    canEdit: access.canEdit,
  };
}

/** Checks a facts object ({key: value}); null values are allowed when `allowNull` (a removal). */
export function checkFacts(input: Record<string, unknown>, root: string, allowNull: boolean): Facts {
  const facts: Facts = {};
  for (const [key, value] of Object.entries(input)) {
    if (!isFactKey(key))
      throw fieldError(`${root}.${key}`, 'policy.unknown_fact', `未知的企业信息项：${key}`);
    if (value === null && allowNull) {
      facts[key] = null;
      continue;
    }
    const problem = factValueProblem(key, value);
    if (problem)
      throw fieldError(`${root}.${key}`, 'enterprise.fact_value', `“${FACT_KEYS[key].label}”${problem}`);
    facts[key] = value as never;
  }
  return facts;
}

export async function setFacts(
  db: Executor,
  ctx: RequestContext,
  unitId: number,
  input: z.infer<typeof FactsBody>,
) {
  const access = await enterpriseAccess(db, ctx, unitId);
  if (!access.canEdit) throw new AppError('forbidden');
  const facts = checkFacts(input.facts, 'facts', true);
  const today = clock.today();
  const asOf = input.asOf ?? today;
  if (asOf > today) throw fieldError('asOf', 'enterprise.fact_as_of', '信息的日期不能晚于今天');
  const before = await repo.profileOf(db, unitId);
  const now = clock.now();
  await repo.writeFacts(
    db,
    Object.entries(facts).map(([key, value]) => ({
      unitId,
      key,
      value,
      source: access.self ? 'self' : 'staff',
      asOf,
      recordedBy: ctx.actor.userId,
    })),
    now,
  );
  await audit(db, ctx, {
    action: 'enterprise.facts',
    entityType: 'unit',
    entityId: unitId,
    orgPath: access.unit.org_path,
    regionCode: access.unit.region_code,
    before,
    after: facts,
  });
  await rematchEnterprise(db, unitId, access.unit.region_code, today, now);
  return factsAnswer(db, access);
}

// ------------------------------------------------------------------------------------------------
// The policy library

function readable(ctx: RequestContext) {
  if (!can(ctx.actor, 'policy.read')) throw new AppError('forbidden');
}

function inForce(p: { status: string; effective_from: string; effective_to: string | null }, today: string) {
  return (
    p.status === 'effective' &&
    p.effective_from <= today &&
    (p.effective_to === null || p.effective_to >= today)
  );
}

function toItem(ctx: RequestContext, p: repo.PolicyRow) {
  return {
    id: p.id,
    title: p.title,
    docNumber: p.doc_number,
    issuer: p.issuer,
    regionCode: p.region_code,
    effectiveFrom: p.effective_from,
    effectiveTo: p.effective_to,
    status: p.status,
    supersededBy: p.superseded_by,
    mode: p.mode,
    benefit: p.benefit,
    maxAmountFen: p.max_amount_fen === null ? null : Number(p.max_amount_fen),
    version: p.version,
    inForce: inForce(p, clock.today()),
    canManage: can(ctx.actor, 'policy.manage', p.org_path),
  };
}

function toDetail(ctx: RequestContext, p: repo.PolicyRow) {
  return {
    ...toItem(ctx, p),
    clauses: p.clauses,
    criteria: p.criteria as Record<string, unknown>,
    materials: p.materials,
    decideOrgId: p.decide_org_id,
    decideOrgName: p.decide_org_name,
  };
}

export async function listPolicies(
  db: Executor,
  ctx: RequestContext,
  query: { q?: string | undefined; inForce?: 'true' | 'false' | undefined; page: number; pageSize: number },
) {
  readable(ctx);
  const today = clock.today();
  let q = repo.selectPolicies(db);
  if (query.q) {
    const needle = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) =>
      eb.or([eb('policies.title', 'like', needle), eb('policies.doc_number', 'like', needle)]),
    );
  }
  if (query.inForce === 'true')
    q = q
      .where('policies.status', '=', 'effective')
      .where('policies.effective_from', '<=', today)
      .where((eb) =>
        eb.or([eb('policies.effective_to', 'is', null), eb('policies.effective_to', '>=', today)]),
      );
  const [rows, count] = await Promise.all([
    q
      .orderBy('policies.id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toItem(ctx, r)), total: Number(count.n) };
}

async function findPolicy(db: Executor, id: number) {
  const row = await repo.selectPolicies(db).where('policies.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(NO_POLICY);
  return row;
}

export async function getPolicy(db: Executor, ctx: RequestContext, id: number) {
  readable(ctx);
  return toDetail(ctx, await findPolicy(db, id));
}

function validatePolicy(input: z.infer<typeof PolicyBody>): Criteria {
  const articles = input.clauses.map((c) => c.article);
  const dup = articles.findIndex((a, i) => articles.indexOf(a) !== i);
  if (dup >= 0) throw fieldError(`clauses.${dup}.article`, 'policy.clause_duplicate', '条款号重复');
  const check = validateCriteria(input.criteria, articles);
  if (!check.ok)
    throw new AppError('validation', {
      detail: `${check.issues[0]!.field}：${check.issues[0]!.message}`,
      errors: check.issues,
    });
  if (input.effectiveTo && input.effectiveTo < input.effectiveFrom)
    throw fieldError('effectiveTo', 'policy.effective_to', '失效日期不能早于生效日期');
  return check.criteria;
}

async function orgFor(db: Executor, ctx: RequestContext, orgId: number | undefined, field: string) {
  const paths = scopePaths(ctx.actor, 'policy.manage');
  if (paths.length === 0) throw new AppError('forbidden');
  const org =
    orgId === undefined
      ? await db.selectFrom('orgs').select(['id', 'path']).where('path', '=', paths[0]!).executeTakeFirst()
      : await db.selectFrom('orgs').select(['id', 'path']).where('id', '=', orgId).executeTakeFirst();
  if (!org || !can(ctx.actor, 'policy.manage', org.path))
    throw fieldError(field, 'org.not_found', '未找到该党组织，或您无权查看');
  return org;
}

async function decideOrgFor(db: Executor, ctx: RequestContext, id: number | undefined) {
  if (id === undefined) return null;
  const org = await db.selectFrom('orgs').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
  // the deciding department is one the maintaining administrator reaches
  if (!org || !can(ctx.actor, 'org.read', org.path))
    throw fieldError('decideOrgId', 'org.not_found', '未找到该部门，或您无权查看');
  return org.id;
}

export async function createPolicy(db: Executor, ctx: RequestContext, input: z.infer<typeof PolicyBody>) {
  const org = await orgFor(db, ctx, input.orgId, 'orgId');
  const criteria = validatePolicy(input);
  const decideOrgId = await decideOrgFor(db, ctx, input.decideOrgId);
  if (input.supersededBy !== undefined && input.supersededBy !== null)
    throw fieldError('supersededBy', 'policy.superseded_by', '新建的政策不能已被替代');
  const now = clock.now();
  const row = await db
    .insertInto('policies')
    .values({
      region_code: input.regionCode,
      org_id: org.id,
      org_path: org.path,
      title: input.title,
      doc_number: input.docNumber,
      issuer: input.issuer,
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo ?? null,
      status: input.status,
      mode: input.mode,
      benefit: input.benefit,
      max_amount_fen: input.maxAmountFen ?? null,
      materials: JSON.stringify(input.materials),
      decide_org_id: decideOrgId,
      clauses: JSON.stringify(input.clauses),
      criteria: JSON.stringify(criteria),
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('policy_versions')
    .values({
      policy_id: row.id,
      version: 1,
      title: input.title,
      clauses: JSON.stringify(input.clauses),
      criteria: JSON.stringify(criteria),
      created_by: ctx.actor.userId,
      created_at: now,
    })
    .execute();
  await audit(db, ctx, {
    action: 'policy.create',
    entityType: 'policy',
    entityId: row.id,
    orgPath: org.path,
    regionCode: input.regionCode,
    after: row,
  });
  await ensureApplicationCategory(db, ctx, row, decideOrgId);
  await rematchPolicy(db, row.id, clock.today(), now);
  // the assistant answers from policy clauses too
  await corpusCache.bump(db);
  return row.id;
}

/** A change writes the next version; the matches are redone under it (the old ones remember theirs). */
export async function updatePolicy(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: z.infer<typeof PolicyBody>,
) {
  readable(ctx);
  const before = await findPolicy(db, id);
  if (!can(ctx.actor, 'policy.manage', before.org_path)) throw new AppError('forbidden');
  const org =
    input.orgId === undefined
      ? { id: before.org_id, path: before.org_path }
      : await orgFor(db, ctx, input.orgId, 'orgId');
  const criteria = validatePolicy(input);
  const decideOrgId = await decideOrgFor(db, ctx, input.decideOrgId);
  let supersededBy: number | null = null;
  if (input.supersededBy !== undefined && input.supersededBy !== null) {
    if (input.supersededBy === id)
      throw fieldError('supersededBy', 'policy.superseded_by', '政策不能被自己替代');
    const next = await db
      .selectFrom('policies')
      .select('id')
      .where('id', '=', input.supersededBy)
      .executeTakeFirst();
    if (!next) throw fieldError('supersededBy', 'policy.not_found', NO_POLICY);
    supersededBy = next.id;
  }
  const status = supersededBy !== null ? 'superseded' : input.status;
  const now = clock.now();
  const version = before.version + 1;
  const after = await db
    .updateTable('policies')
    .set({
      region_code: input.regionCode,
      org_id: org.id,
      org_path: org.path,
      title: input.title,
      doc_number: input.docNumber,
      issuer: input.issuer,
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo ?? null,
      status,
      superseded_by: supersededBy,
      mode: input.mode,
      benefit: input.benefit,
      max_amount_fen: input.maxAmountFen ?? null,
      materials: JSON.stringify(input.materials),
      decide_org_id: decideOrgId,
      version,
      clauses: JSON.stringify(input.clauses),
      criteria: JSON.stringify(criteria),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('policy_versions')
    .values({
      policy_id: id,
      version,
      title: input.title,
      clauses: JSON.stringify(input.clauses),
      criteria: JSON.stringify(criteria),
      created_by: ctx.actor.userId,
      created_at: now,
    })
    .execute();
  await audit(db, ctx, {
    action: 'policy.update',
    entityType: 'policy',
    entityId: id,
    orgPath: org.path,
    regionCode: input.regionCode,
    before,
    after,
  });
  await ensureApplicationCategory(db, ctx, after, decideOrgId);
  await corpusCache.bump(db);
  await rematchPolicy(db, id, clock.today(), now);
}

export async function checkPolicy(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { facts: Record<string, unknown> },
) {
  readable(ctx);
  const policy = await findPolicy(db, id);
  const facts = checkFacts(input.facts, 'facts', true);
  const e = evaluateEligibility(policy.criteria as Criteria, facts, clock.today());
  return { result: e.result, reasons: e.reasons, missingFacts: e.missingFacts };
}

// ------------------------------------------------------------------------------------------------
// Matches

/** The stored answer read back as reasons: the version's criteria, the stored outcomes, the facts. */
function storedReasons(criteria: Criteria, outcomes: string, facts: Facts, on: string): Reason[] {
  return criteriaLeaves(criteria).map((c, i) => ({
    ...evaluateCriterion(c, facts, on),
    met: metOf(outcomes[i] ?? '?'),
  }));
}

export async function enterpriseMatches(
  db: Executor,
  ctx: RequestContext,
  unitId: number,
  query: { result?: 'eligible' | 'ineligible' | 'unknown' | undefined },
) {
  const access = await enterpriseAccess(db, ctx, unitId);
  const today = clock.today();
  const [stored, facts, inForceRows] = await Promise.all([
    repo.matchesOfUnit(db, unitId),
    repo.profileOf(db, unitId) as Promise<Facts>,
    repo
      .selectPolicies(db)
      .where('policies.status', '=', 'effective')
      .where('policies.effective_from', '<=', today)
      .where((eb) =>
        eb.or([eb('policies.effective_to', 'is', null), eb('policies.effective_to', '>=', today)]),
      )
      .orderBy('policies.id')
      .execute(),
  ]);
  const items = stored.map((m) => ({
    policyId: m.policy_id,
    title: m.title,
    result: m.result as EligibilityResult,
    reasons: storedReasons(
      m.criteria as Criteria,
      m.outcomes,
      facts,
      todayInShanghai(new Date(m.matched_at)),
    ),
    missingFacts: m.missing_facts,
    version: m.version,
    docNumber: m.doc_number,
    benefit: m.benefit,
    mode: m.mode,
    maxAmountFen: m.max_amount_fen === null ? null : Number(m.max_amount_fen),
    almostEligible: false,
    stored: true,
  }));
  const seen = new Set(items.map((i) => i.policyId));
  const prefix = access.unit.region_code;
  for (const p of inForceRows) {
    if (seen.has(p.id) || !prefix.startsWith(regionPrefix(p.region_code))) continue;
    const e = evaluateEligibility(p.criteria as Criteria, facts, today);
    items.push({
      policyId: p.id,
      title: p.title,
      result: e.result,
      reasons: e.reasons,
      missingFacts: e.missingFacts,
      version: p.version,
      docNumber: p.doc_number,
      benefit: p.benefit,
      mode: p.mode,
      maxAmountFen: p.max_amount_fen === null ? null : Number(p.max_amount_fen),
      almostEligible: e.result === 'ineligible' && e.shortBy === 1,
      stored: false,
    });
  }
  const order = { eligible: 0, unknown: 1, ineligible: 2 } as const;
  const shown = items
    .filter((i) => query.result === undefined || i.result === query.result)
    .sort((a, b) => order[a.result] - order[b.result] || a.policyId - b.policyId);
  return { items: shown, total: shown.length };
}

export async function policyMatches(
  db: Executor,
  ctx: RequestContext,
  id: number,
  query: { result?: 'eligible' | 'unknown' | 'almost' | undefined },
) {
  const paths = scopePaths(ctx.actor, 'enterprise_profile.read');
  if (paths.length === 0) throw new AppError('forbidden');
  const policy = await findPolicy(db, id);
  const criteria = policy.criteria as Criteria;
  const today = clock.today();
  const [stored, missing, profiles] = await Promise.all([
    repo.matchesOfPolicy(db, id, paths),
    repo.missingFactCounts(db, id, paths),
    inForce(policy, today) ? repo.profilesInScope(db, paths) : Promise.resolve([]),
  ]);
  const prefix = regionPrefix(policy.region_code);
  const almost = almostFor(
    criteria,
    policy.id,
    policy.version,
    profiles.filter((p) => p.region_code.startsWith(prefix)),
    today,
  ) as typeof profiles;
  const storedItems = stored.map((r) => ({
    unitId: r.unit_id,
    name: r.name,
    regionCode: r.region_code,
    result: r.result,
    almostEligible: false,
    missingFacts: r.missing_facts,
    failed: [] as Reason[],
  }));
  const almostItems = almost.map((p) => {
    const e = evaluateEligibility(criteria, p.facts as Facts, today);
    const failed = blockingFailures(
      criteria,
      e.reasons.map((r) => r.met),
    ).map((i) => e.reasons[i]!);
    return {
      unitId: p.unit_id,
      name: p.name,
      regionCode: p.region_code,
      result: 'ineligible' as const,
      almostEligible: true,
      missingFacts: [],
      failed,
    };
  });
  const items =
    query.result === 'almost'
      ? almostItems
      : query.result
        ? storedItems.filter((i) => i.result === query.result)
        : [...storedItems, ...almostItems];
  return {
    items: items.slice(0, 500),
    total: items.length,
    eligible: storedItems.filter((i) => i.result === 'eligible').length,
    unknown: storedItems.filter((i) => i.result === 'unknown').length,
    almost: almostItems.length,
    missingFacts: missing.map((m) => ({
      fact: m.fact,
      label: isFactKey(m.fact) ? FACT_KEYS[m.fact].label : m.fact,
      count: m.n,
    })),
  };
}

/** The enterprise the caller works for (the unit of an organization its enterprise role is bound to). */
export async function myEnterprise(db: Executor, ctx: RequestContext) {
  const [unitId] = await repo.unitsOfOrgs(db, selfOrgIds(ctx));
  const unit = unitId === undefined ? undefined : await repo.findEnterprise(db, unitId);
  if (!unit) throw notFound('您的账号没有关联企业');
  return { unitId: unit.id, name: unit.name, regionCode: unit.region_code };
}
