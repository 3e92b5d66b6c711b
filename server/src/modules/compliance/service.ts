import {
  citation,
  deliverAfter,
  FINDING_EVENT_KINDS,
  FINDING_SEVERITY,
  FINDING_STATUS,
  isUncertainArticle,
  REMINDER_KINDS,
  type WorkCalendar,
} from '@honglian/domain';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { can, holdsEveryOrg, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { type Cursor, encodeCursor, keysetPage } from '../../platform/cursor.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { getOrgRow } from '../orgs/service.ts';
import { deliverDigests, deliverOrgDigests, InAppChannel, LogChannel } from './channels.ts';
import { sweep } from './engine.ts';
import * as repo from './repository.ts';

/** Compliance: dashboards, findings and their supervision (督办), rules' regional parameters, reminders. */

const actorName = (ctx: RequestContext) => `${ctx.actor.displayName}（${ctx.actor.username}）`;

/** The org asked for (or the top of the caller's scope), readable with `permission`; else 404. */
async function orgFor(
  db: Executor,
  ctx: RequestContext,
  orgId: number | undefined,
  permission: 'compliance.read' | 'compliance.supervise',
) {
  const id =
    orgId ??
    ctx.actor.bindings.find((b) => scopePaths(ctx.actor, 'compliance.read').includes(b.orgPath))?.orgId;
  if (!id) throw notFound('您没有可查看的党组织');
  const org = await getOrgRow(db, ctx, id).catch(() => undefined);
  if (!org || !can(ctx.actor, 'compliance.read', org.path)) throw notFound('未找到该党组织，或您无权查看');
  if (permission === 'compliance.supervise' && !can(ctx.actor, permission, org.path))
    throw new AppError('forbidden');
  return org;
}

function ruleRef(r: {
  rule_code: string;
  rule_version: number;
  rule_name: string;
  source: string;
  article: string;
}) {
  return {
    code: r.rule_code,
    version: r.rule_version,
    name: r.rule_name,
    source: r.source,
    article: r.article,
    citation: citation({ code: r.rule_code, source: r.source, article: r.article }),
    uncertain: isUncertainArticle(r.article),
  };
}

function toItem(f: repo.FindingRow) {
  return {
    id: f.id,
    rule: ruleRef(f),
    orgId: f.org_id,
    orgName: f.org_name,
    subjectType: f.subject_type,
    subjectId: f.subject_id,
    subjectName: f.subject_name,
    aspect: f.aspect,
    period: f.period,
    severity: f.severity,
    severityLabel: FINDING_SEVERITY[f.severity],
    status: f.status,
    statusLabel: FINDING_STATUS[f.status],
    since: f.since,
    openedAt: f.opened_at,
    lastSeenAt: f.last_seen_at,
    resolvedAt: f.resolved_at,
    message: f.message,
    escalationLevel: f.escalation_level,
    escalatedAt: f.escalated_at,
    deadline: f.deadline,
  };
}

export const DEFINITIONS = [
  {
    key: 'findings',
    label: '未整改问题',
    definition: '检查规则发现、尚未整改销号的问题数（不含预警）；数据不再显示问题时自动销号',
  },
  { key: 'warnings', label: '预警', definition: '尚未构成问题、需要提醒的情形，如连续5个月未交党费' },
  { key: 'orgs', label: '党组织数', definition: '该组织及其全部下级中状态为正常的党组织数' },
  { key: 'orgsWithFindings', label: '有问题的组织', definition: '至少有1个未整改问题的党组织数' },
  {
    key: 'compliantRate',
    label: '合规率',
    definition: '（党组织数 − 有问题的组织数）÷ 党组织数，保留一位小数',
  },
  { key: 'escalated', label: '督办中', definition: '超过规定工作日未整改、已提级由上级督办的问题数' },
  { key: 'resolved30', label: '近30日销号', definition: '最近30天内整改销号（自动或人工）的问题数' },
  {
    key: 'rate',
    label: '问题率',
    definition:
      '下级组织（含其全部下级）的未整改问题数 ÷ 其党组织数；擂台比武按问题率从低到高排名，相同时按组织数从多到少',
  },
  { key: 'red', label: '红榜', definition: '问题率最低、且没有督办中问题的前5个下级组织（下级不少于3个时）' },
  {
    key: 'black',
    label: '黑榜',
    definition: '问题率最高、且至少有1个问题的前5个下级组织（下级不少于3个时）',
  },
];

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function overview(db: Executor, ctx: RequestContext, orgId: number | undefined) {
  const org = await orgFor(db, ctx, orgId, 'compliance.read');
  const data = await repo.overview(db, { id: org.id, path: org.path, depth: org.depth });
  const children = data.byChild
    .map((c) => ({
      orgId: c.org_id,
      name: c.name,
      orgs: c.orgs,
      findings: c.findings,
      warnings: c.warnings,
      escalated: c.escalated,
      orgsWithFindings: c.orgs_with_findings,
      rate: round(c.findings / Math.max(1, c.orgs)),
      rank: 0,
    }))
    .sort((a, b) => a.rate - b.rate || b.orgs - a.orgs || a.orgId - b.orgId);
  children.forEach((c, i) => {
    c.rank = i > 0 && children[i - 1]!.rate === c.rate ? children[i - 1]!.rank : i + 1;
  });
  // the best and the worst third (at most 5 each), so the two lists never overlap
  const size = children.length >= 3 ? Math.min(5, Math.floor(children.length / 3) || 1) : 0;
  const pick = (c: (typeof children)[number]) => ({
    orgId: c.orgId,
    name: c.name,
    rate: c.rate,
    findings: c.findings,
  });
  const red = children
    .slice(0, size)
    .filter((c) => c.escalated === 0)
    .map(pick);
  const black = [...children]
    .reverse()
    .slice(0, size)
    .filter((c) => c.findings > 0)
    .map(pick);
  const t = data.totals;
  return {
    org: { id: org.id, name: org.name },
    totals: {
      orgs: t.orgs,
      findings: t.findings,
      warnings: t.warnings,
      escalated: t.escalated,
      resolved30: t.resolved30,
      orgsWithFindings: t.orgs_with_findings,
      compliantRate: round(((t.orgs - t.orgs_with_findings) / Math.max(1, t.orgs)) * 100, 1),
    },
    byRule: data.byRule.map((r) => ({
      code: r.rule_code,
      version: 0,
      name: r.name,
      source: r.source,
      article: r.article,
      citation: citation({ code: r.rule_code, source: r.source, article: r.article }),
      uncertain: isUncertainArticle(r.article),
      findings: r.findings,
      warnings: r.warnings,
      orgs: r.orgs,
    })),
    byChild: children,
    red,
    black,
    definitions: DEFINITIONS,
    canSupervise: can(ctx.actor, 'compliance.supervise', org.path),
  };
}

/**
 * The findings of a subtree, newest first. With `cursor` (from a previous answer's `nextCursor` or
 * `prevCursor`) the page is read from that key (`page` is ignored); without, by `page` as before.
 */
export async function listFindings(
  db: Executor,
  ctx: RequestContext,
  q: {
    orgId?: number | undefined;
    rule?: string | undefined;
    status?: string | undefined;
    severity?: string | undefined;
    overdue?: 'true' | 'false' | undefined;
    page: number;
    pageSize: number;
    cursor?: Cursor | undefined;
  },
) {
  const org = await orgFor(db, ctx, q.orgId, 'compliance.read');
  const filter: repo.FindingsFilter = {
    path: org.path,
    ...(q.rule ? { rules: q.rule.split(',') } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.overdue ? { overdueOn: { today: clock.today(), overdue: q.overdue === 'true' } } : {}),
  };
  const key = q.cursor ? ([String(q.cursor.key[0]), Number(q.cursor.key[1])] as const) : undefined;
  const position: repo.FindingsPosition = !key
    ? { offset: (q.page - 1) * q.pageSize }
    : q.cursor?.direction === 'prev'
      ? { before: key }
      : { after: key };
  const [rows, total] = await Promise.all([
    // one row more than the page tells whether another page follows
    repo.listFindings(db, { ...filter, limit: q.pageSize + 1, position }),
    repo.countFindings(db, filter),
  ]);
  const page = keysetPage(rows, q.pageSize, q.cursor, (f) => [f.opened_key, f.id]);
  // reached by page number, the first page has no previous page and any other has one
  const prevCursor = q.cursor ? page.prevCursor : q.page > 1 ? cursorBefore(page.items[0]) : null;
  return { items: page.items.map(toItem), total, nextCursor: page.nextCursor, prevCursor };
}

function cursorBefore(f: { opened_key: string; id: number } | undefined) {
  return f ? encodeCursor({ direction: 'prev', key: [f.opened_key, f.id] }) : null;
}

/**
 * The open findings about each of some units (an instructor's enterprises, issue 10), by unit id. The
 * caller scopes the units; this only reads.
 */
export async function openFindingsOfUnits(db: Executor, unitIds: number[]) {
  const rows = await repo.openFindingsOfUnits(db, unitIds);
  const byUnit = new Map<number, ReturnType<typeof toItem>[]>();
  for (const r of rows) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), toItem(r)]);
  return byUnit;
}

async function findingFor(db: Executor, ctx: RequestContext, id: number) {
  const f = await repo.findFinding(db, id);
  if (!f || !can(ctx.actor, 'compliance.read', f.org_path)) throw notFound('未找到该问题，或您无权查看');
  return f;
}

function supervisingOrgId(path: string, level: number): number | null {
  if (level <= 0) return null;
  const ids = path.split('/').filter(Boolean).map(Number);
  return ids[ids.length - 1 - level] ?? null;
}

export async function getFinding(db: Executor, ctx: RequestContext, id: number) {
  const f = await findingFor(db, ctx, id);
  const [events, recipients, rule] = await Promise.all([
    repo.findingEvents(db, id),
    repo.findingRecipients(db, id),
    db
      .selectFrom('compliance_rules')
      .select('description')
      .where('code', '=', f.rule_code)
      .where('version', '=', f.rule_version)
      .executeTakeFirst(),
  ]);
  const supId = supervisingOrgId(f.org_path, f.escalation_level);
  const sup = supId
    ? await db.selectFrom('orgs').select(['id', 'name']).where('id', '=', supId).executeTakeFirst()
    : undefined;
  const details = (f.details ?? {}) as Record<string, unknown>;
  const actions: string[] = [];
  if (f.status === 'open') {
    actions.push('comment');
    if (can(ctx.actor, 'compliance.supervise', f.org_path)) actions.push('deadline', 'escalate', 'resolve');
  }
  return {
    ...toItem(f),
    why: typeof details.why === 'string' ? details.why : null,
    details,
    ruleDescription: rule?.description ?? '',
    mustAct: recipients.map((r) => ({
      userId: r.user_id,
      name: r.display_name,
      orgName: r.org_name,
      kind: r.kind,
      level: r.level,
    })),
    supervisingOrg: sup ? { id: sup.id, name: sup.name } : null,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      kindLabel: FINDING_EVENT_KINDS[e.kind],
      actorName: e.actor_name,
      body: e.body,
      at: e.created_at,
    })),
    actions,
  };
}

async function openFindingFor(trx: Executor, ctx: RequestContext, id: number, supervise: boolean) {
  const f = await findingFor(trx, ctx, id);
  if (supervise && !can(ctx.actor, 'compliance.supervise', f.org_path)) throw new AppError('forbidden');
  if (f.status !== 'open') throw new AppError('compliance.finding_resolved');
  return f;
}

async function event(
  trx: Executor,
  ctx: RequestContext,
  f: repo.FindingRow,
  kind: 'comment' | 'deadline' | 'escalated' | 'resolved',
  body: string,
  data: Record<string, unknown> = {},
) {
  await trx
    .insertInto('finding_events')
    .values({
      region_code: f.region_code,
      finding_id: f.id,
      kind,
      actor_id: ctx.actor.userId,
      actor_name: actorName(ctx),
      body,
      data: JSON.stringify(data),
    })
    .execute();
  await audit(trx, ctx, {
    action: `compliance.${kind === 'escalated' ? 'escalate' : kind === 'resolved' ? 'resolve' : kind}`,
    entityType: 'finding',
    entityId: f.id,
    orgPath: f.org_path,
    regionCode: f.region_code,
    after: { body, ...data },
  });
}

export async function comment(trx: Executor, ctx: RequestContext, id: number, body: string) {
  const f = await openFindingFor(trx, ctx, id, false);
  await event(trx, ctx, f, 'comment', body);
}

export async function setDeadline(
  trx: Executor,
  ctx: RequestContext,
  id: number,
  input: { deadline: string; body?: string | undefined },
) {
  const f = await openFindingFor(trx, ctx, id, true);
  if (input.deadline < clock.today())
    throw fieldError('deadline', 'compliance.deadline', '整改期限不能早于今天');
  await trx.updateTable('findings').set({ deadline: input.deadline }).where('id', '=', id).execute();
  await event(trx, ctx, f, 'deadline', input.body ?? `限于 ${input.deadline} 前整改到位`, {
    deadline: input.deadline,
    before: f.deadline,
  });
}

/** Escalates by hand one level up: the org above is told (its org_admins, or the nearest above it). */
export async function escalateByHand(trx: Executor, ctx: RequestContext, id: number, body: string) {
  const f = await openFindingFor(trx, ctx, id, true);
  const level = f.escalation_level + 1;
  const supId = supervisingOrgId(f.org_path, level);
  if (!supId) throw new AppError('conflict', { detail: '已经是最上级党组织，不能再提级督办' });
  const now = clock.now();
  await trx
    .updateTable('findings')
    .set({ escalation_level: level, escalated_at: now })
    .where('id', '=', id)
    .execute();
  await sql`
    with sup as (select id, name, path from orgs where id = ${supId}),
    admins as (
      select o.path, o.depth, rb.user_id from role_bindings rb
      join orgs o on o.id = rb.org_id join users u on u.id = rb.user_id and u.status = 'active'
      where rb.role = 'org_admin'
    ),
    target as (select max(a.depth) as depth from admins a, sup where sup.path like a.path || '%')
    insert into reminders (region_code, user_id, finding_id, kind, level, title, body, deliver_after)
    select ${f.region_code}, a.user_id, ${f.id}, 'escalate', ${level}, '督办：' || ${f.rule_name}::text,
      '（由' || sup.name || '督办）' || ${f.message}::text, ${deliverAfter(now)}
    from sup, target, admins a where a.depth = target.depth and sup.path like a.path || '%'
    on conflict (finding_id, user_id, kind, level) do nothing`.execute(trx);
  const sup = await trx.selectFrom('orgs').select('name').where('id', '=', supId).executeTakeFirstOrThrow();
  await event(trx, ctx, f, 'escalated', `提级由${sup.name}督办：${body}`, { level, orgId: supId });
}

export async function resolveByHand(trx: Executor, ctx: RequestContext, id: number, body: string) {
  const f = await openFindingFor(trx, ctx, id, true);
  await trx
    .updateTable('findings')
    .set({ status: 'resolved', resolved_at: clock.now(), resolved_by: ctx.actor.userId })
    .where('id', '=', id)
    .execute();
  await event(trx, ctx, f, 'resolved', body);
}

/**
 * POST /compliance/sweep: one subtree now (the same sweep as the nightly job), then due digests. The
 * calendar is read before the transaction (on PGlite a read outside it would wait for its connection).
 */
export async function runSweep(
  trx: Executor,
  ctx: RequestContext,
  orgId: number,
  calendar: WorkCalendar,
  log: Pick<Logger, 'info'>,
) {
  const org = await orgFor(trx, ctx, orgId, 'compliance.supervise');
  const result = await sweep(trx, org.path, clock.today(), { calendar });
  const channels = [new InAppChannel(), new LogChannel(trx, log)];
  const delivered = await deliverDigests(trx, channels);
  await deliverOrgDigests(trx, channels);
  await audit(trx, ctx, {
    action: 'compliance.sweep',
    entityType: 'org',
    entityId: org.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: {
      rules: result.rules.map((r) => ({ code: r.code, opened: r.opened, resolved: r.resolved })),
      reminders: result.reminders,
    },
  });
  return { ...result, delivered: delivered.reminders };
}

export async function publishList(
  trx: Executor,
  ctx: RequestContext,
  input: { orgId: number; title: string },
) {
  const org = await orgFor(trx, ctx, input.orgId, 'compliance.supervise');
  const view = await overview(trx, ctx, org.id);
  const definition = DEFINITIONS.filter((d) => ['rate', 'red', 'black'].includes(d.key))
    .map((d) => `${d.label}：${d.definition}`)
    .join('；');
  const row = await trx
    .insertInto('published_lists')
    .values({
      region_code: org.region_code,
      org_id: org.id,
      org_path: org.path,
      title: input.title,
      definition,
      red: JSON.stringify(view.red),
      black: JSON.stringify(view.black),
      published_by: ctx.actor.userId,
      published_by_name: actorName(ctx),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, {
    action: 'compliance.publish',
    entityType: 'published_list',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { title: input.title, red: view.red.length, black: view.black.length },
  });
  return row.id;
}

export async function listPublished(db: Executor, ctx: RequestContext, orgId: number | undefined) {
  const org = await orgFor(db, ctx, orgId, 'compliance.read');
  const rows = await db
    .selectFrom('published_lists')
    .selectAll()
    .where('org_id', '=', org.id)
    .where('kind', '=', 'compliance')
    .orderBy('published_at', 'desc')
    .limit(50)
    .execute();
  const items = rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    title: r.title,
    definition: r.definition,
    red: r.red as never,
    black: r.black as never,
    publishedBy: r.published_by_name,
    publishedAt: r.published_at,
  }));
  return { items, total: items.length };
}

export async function listRules(db: Executor, ctx: RequestContext) {
  if (!can(ctx.actor, 'compliance.read')) throw new AppError('forbidden');
  const [rules, overrides] = await Promise.all([repo.allRules(db), repo.overrides(db)]);
  const items = rules.map((r) => ({
    code: r.code,
    version: r.version,
    name: r.name,
    source: r.source,
    article: r.article,
    uncertain: isUncertainArticle(r.article),
    description: r.description,
    subjectType: r.subject_type,
    severity: r.severity,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    params: r.params,
    overrides: overrides
      .filter((o) => o.rule_code === r.code)
      .map((o) => ({ regionPrefix: o.region_prefix, params: o.params, note: o.note })),
  }));
  return { items, total: items.length };
}

/**
 * A rule's parameters for each region, for the modules that apply a rule while recording something
 * (P3 in development, D4 in dues): the version in force on `asOf` with the longest matching regional
 * override on top. Reads the rule and its overrides once and answers any region.
 */
export async function ruleParameters(
  db: Executor,
  code: string,
  asOf: string,
): Promise<(regionCode: string) => Record<string, unknown>> {
  const [rule] = (await repo.rulesInForce(db, asOf)).filter((r) => r.code === code);
  const regional = (await repo.overrides(db, code)).sort(
    (a, b) => b.region_prefix.length - a.region_prefix.length,
  );
  return (regionCode) => ({
    ...(rule?.params ?? {}),
    ...(regional.find((o) => regionCode.startsWith(o.region_prefix))?.params ?? {}),
  });
}

/**
 * A regional parameter applies to every organization whose region code starts with the prefix, in any
 * tree: only an administrator holding all of them (and at least one) sets or removes it.
 */
async function assertRegionAuthority(trx: Executor, ctx: RequestContext, regionPrefix: string) {
  if (await holdsEveryOrg(trx, ctx.actor, 'compliance.manage_rules', regionPrefix)) return;
  const message = '该地区有不在您管理范围内的党组织，地方参数只能由管理该地区全部党组织的管理员设置';
  throw new AppError('forbidden', {
    detail: message,
    errors: [{ field: 'regionPrefix', code: 'compliance.region_authority', message }],
  });
}

/** A regional override may only change parameters the national rule has, with a value of the same kind. */
export async function setOverride(
  trx: Executor,
  ctx: RequestContext,
  code: string,
  regionPrefix: string,
  input: { params: Record<string, string | number | null>; note?: string | undefined },
) {
  if (!can(ctx.actor, 'compliance.manage_rules')) throw new AppError('forbidden');
  const rules = (await repo.allRules(trx)).filter((r) => r.code === code);
  const rule = rules.at(-1);
  if (!rule) throw notFound('没有这条检查规则');
  await assertRegionAuthority(trx, ctx, regionPrefix);
  const keys = Object.keys(input.params);
  if (keys.length === 0) throw new AppError('compliance.params', { detail: '请至少填写一个要修改的参数' });
  for (const key of keys) {
    if (!Object.hasOwn(rule.params, key))
      throw new AppError('compliance.params', {
        detail: `规则 ${code} 没有参数 ${key}`,
        errors: [
          {
            field: `params.${key}`,
            code: 'compliance.param_unknown',
            message: `规则 ${code} 没有参数 ${key}`,
          },
        ],
      });
    const base = rule.params[key];
    const value = input.params[key];
    const periodic = ['month', 'quarter', 'year'];
    // counts of days, months and members stay within 120; amounts of money (…Fen, D4) within 10,000 元
    const max = key.endsWith('Fen') ? 1_000_000 : 120;
    const ok =
      typeof base === 'number'
        ? typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max
        : value === null || (typeof value === 'string' && periodic.includes(value));
    if (!ok)
      throw new AppError('compliance.params', {
        detail: `参数 ${key} 的取值无效`,
        errors: [
          {
            field: `params.${key}`,
            code: 'compliance.param_value',
            message:
              typeof base === 'number' ? `应为0到${max}之间的整数` : '应为 month、quarter、year 或 null',
          },
        ],
      });
  }
  // a national requirement cannot be switched off regionally (null only where the national rule is off too)
  for (const key of keys) {
    if (input.params[key] === null && rule.params[key] !== null)
      throw new AppError('compliance.params', { detail: `不能通过地方参数取消全国规则要求的${key}` });
  }
  const before = (await repo.overrides(trx, code)).find((o) => o.region_prefix === regionPrefix);
  await trx
    .insertInto('compliance_rule_overrides')
    .values({
      rule_code: code,
      region_prefix: regionPrefix,
      params: JSON.stringify(input.params),
      note: input.note ?? '',
      updated_by: ctx.actor.userId,
    })
    .onConflict((oc) =>
      oc.columns(['rule_code', 'region_prefix']).doUpdateSet({
        params: JSON.stringify(input.params),
        note: input.note ?? '',
        updated_by: ctx.actor.userId,
        updated_at: clock.now(),
      }),
    )
    .execute();
  await audit(trx, ctx, {
    action: 'compliance.override',
    entityType: 'compliance_rule',
    entityId: code,
    orgPath: null,
    regionCode: regionPrefix.padEnd(6, '0'),
    before: before ? before.params : null,
    after: input.params,
  });
}

export async function deleteOverride(trx: Executor, ctx: RequestContext, code: string, regionPrefix: string) {
  if (!can(ctx.actor, 'compliance.manage_rules')) throw new AppError('forbidden');
  await assertRegionAuthority(trx, ctx, regionPrefix);
  const before = (await repo.overrides(trx, code)).find((o) => o.region_prefix === regionPrefix);
  if (!before) throw notFound('没有这条地方参数');
  await trx.deleteFrom('compliance_rule_overrides').where('id', '=', before.id).execute();
  await audit(trx, ctx, {
    action: 'compliance.override_delete',
    entityType: 'compliance_rule',
    entityId: code,
    orgPath: null,
    regionCode: regionPrefix.padEnd(6, '0'),
    before: before.params,
  });
}

/**
 * My in-app messages: each reminder with the finding it is about (rule and article, why, since when,
 * which org, still open or already resolved), so a phone can show it without a second request.
 * `open` keeps only reminders whose finding is still open.
 */
export async function myReminders(
  db: Executor,
  ctx: RequestContext,
  q: { unread: boolean; open?: boolean | undefined; page: number; pageSize: number },
) {
  const page = await repo.remindersOf(db, ctx.actor.userId, {
    unread: q.unread,
    open: q.open === true,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: page.rows.map((r) => {
      const details = (r.details ?? {}) as Record<string, unknown>;
      return {
        id: r.id,
        kind: r.kind,
        kindLabel: REMINDER_KINDS[r.kind],
        level: r.level,
        title: r.title,
        body: r.body,
        findingId: r.finding_id,
        createdAt: r.created_at,
        deliverAfter: r.deliver_after,
        deliveredAt: r.delivered_at,
        readAt: r.read_at,
        finding: {
          rule: ruleRef(r),
          orgId: r.org_id,
          orgName: r.org_name,
          severity: r.severity,
          severityLabel: FINDING_SEVERITY[r.severity],
          status: r.status,
          statusLabel: FINDING_STATUS[r.status],
          since: r.since,
          why: typeof details.why === 'string' ? details.why : null,
          escalationLevel: r.escalation_level,
          deadline: r.deadline,
          resolvedAt: r.resolved_at,
        },
      };
    }),
    total: page.total,
    unread: page.unread,
  };
}

export async function markRead(db: Executor, ctx: RequestContext, id: number | 'all') {
  let q = db
    .updateTable('reminders')
    .set({ read_at: clock.now() })
    .where('user_id', '=', ctx.actor.userId)
    .where('read_at', 'is', null);
  if (id !== 'all') {
    const mine = await db
      .selectFrom('reminders')
      .select('id')
      .where('id', '=', id)
      .where('user_id', '=', ctx.actor.userId)
      .executeTakeFirst();
    if (!mine) throw notFound('未找到该提醒');
    q = q.where('id', '=', id);
  }
  const r = await q.executeTakeFirst();
  return { updated: Number(r.numUpdatedRows) };
}
