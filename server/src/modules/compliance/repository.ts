import { type RawBuilder, sql } from 'kysely';
import { escapeLike } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';

/** SQL for the compliance engine's data: rules and their parameters, findings, reminders, lists. */

export type Params = Record<string, unknown>;

export interface RuleRow {
  code: string;
  version: number;
  name: string;
  source: string;
  article: string;
  description: string;
  subject_type: string;
  severity: 'warning' | 'finding';
  valid_from: string;
  valid_to: string | null;
  params: Params;
}

/** The version of each rule in force on `asOf` (the latest one whose date range contains it). */
export async function rulesInForce(db: Executor, asOf: string): Promise<RuleRow[]> {
  const rows = await sql<RuleRow>`
    select distinct on (code) code, version, name, source, article, description, subject_type, severity,
      valid_from::text as valid_from, valid_to::text as valid_to, params
    from compliance_rules
    where valid_from <= ${asOf}::date and (valid_to is null or valid_to >= ${asOf}::date)
    order by code, version desc`.execute(db);
  return rows.rows;
}

export async function allRules(db: Executor): Promise<RuleRow[]> {
  const rows = await sql<RuleRow>`
    select code, version, name, source, article, description, subject_type, severity,
      valid_from::text as valid_from, valid_to::text as valid_to, params
    from compliance_rules order by code, version`.execute(db);
  return rows.rows;
}

export async function overrides(db: Executor, code?: string) {
  let q = db
    .selectFrom('compliance_rule_overrides')
    .selectAll()
    .orderBy('rule_code')
    .orderBy('region_prefix');
  if (code) q = q.where('rule_code', '=', code);
  return (await q.execute()) as Array<{
    id: number;
    rule_code: string;
    region_prefix: string;
    params: Params;
    note: string;
    updated_at: Date;
  }>;
}

/** A rule's parameters for a region: the national ones with the longest matching regional override on top. */
export async function effectiveParams(db: Executor, code: string, regionCode: string): Promise<Params> {
  const today = clock.today();
  const [rule] = (await rulesInForce(db, today)).filter((r) => r.code === code);
  if (!rule) return {};
  const [override] = (await overrides(db, code))
    .filter((o) => regionCode.startsWith(o.region_prefix))
    .sort((a, b) => b.region_prefix.length - a.region_prefix.length);
  return { ...rule.params, ...(override?.params ?? {}) };
}

/**
 * The SQL expression of a rule's parameters for the region in `regionColumn`: a constant when the rule
 * has no override (the common case, cheap over 250,000 members), else the longest matching override on top.
 */
export function paramsSql(
  rule: RuleRow,
  hasOverrides: boolean,
  regionColumn: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const base = sql`${JSON.stringify(rule.params)}::jsonb`;
  if (!hasOverrides) return base;
  return sql`(${base} || coalesce((select ov.params from compliance_rule_overrides ov
    where ov.rule_code = ${rule.code} and ${regionColumn} like ov.region_prefix || '%'
    order by length(ov.region_prefix) desc limit 1), '{}'::jsonb))`;
}

export const likePrefix = (path: string) => `${escapeLike(path)}%`;

export interface FindingRow {
  id: number;
  region_code: string;
  rule_code: string;
  rule_version: number;
  rule_name: string;
  source: string;
  article: string;
  org_id: number;
  org_name: string;
  org_path: string;
  subject_type: string;
  subject_id: number;
  subject_name: string | null;
  aspect: string;
  period: string;
  severity: 'warning' | 'finding';
  status: 'open' | 'resolved';
  since: string | null;
  opened_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  message: string;
  details: Params;
  escalation_level: number;
  escalated_at: Date | null;
  deadline: string | null;
}

const FINDING_COLUMNS = sql`f.id, f.region_code, f.rule_code, f.rule_version, r.name as rule_name, r.source, r.article,
  f.org_id, o.name as org_name, f.org_path, f.subject_type, f.subject_id,
  case f.subject_type
    when 'member' then (select m.name from members m where m.id = f.subject_id)
    when 'unit' then (select u.name from units u where u.id = f.subject_id)
    else o.name end as subject_name,
  f.aspect, f.period, f.severity, f.status, f.since::text as since, f.opened_at, f.last_seen_at, f.resolved_at,
  f.message, f.details, f.escalation_level, f.escalated_at, f.deadline::text as deadline`;

export interface FindingsFilter {
  path: string;
  rules?: string[];
  status?: string;
  severity?: string;
  /** open findings past (true) or within (false) their deadline on this day */
  overdueOn?: { today: string; overdue: boolean };
}

function findingsWhere(filter: FindingsFilter) {
  return sql.join(
    [
      sql`f.org_path like ${likePrefix(filter.path)}`,
      ...(filter.rules?.length ? [sql`f.rule_code = any(${filter.rules}::text[])`] : []),
      ...(filter.status ? [sql`f.status = ${filter.status}`] : []),
      ...(filter.severity ? [sql`f.severity = ${filter.severity}`] : []),
      ...(filter.overdueOn
        ? [
            filter.overdueOn.overdue
              ? sql`f.status = 'open' and f.deadline < ${filter.overdueOn.today}::date`
              : sql`f.status = 'open' and (f.deadline is null or f.deadline >= ${filter.overdueOn.today}::date)`,
          ]
        : []),
    ],
    sql` and `,
  );
}

/** How many findings the filter selects (the list's `total`). */
export async function countFindings(db: Executor, filter: FindingsFilter): Promise<number> {
  const count = await sql<{
    n: number;
  }>`select count(*)::int as n from findings f where ${findingsWhere(filter)}`.execute(db);
  return count.rows[0]?.n ?? 0;
}

/** The list's order: newest first, the id breaking ties (a sweep opens many findings at one instant). */
export type FindingsPosition =
  | { offset: number }
  | { after: readonly [openedAt: string, id: number] }
  | { before: readonly [openedAt: string, id: number] };

/**
 * A page of findings in the list's order (`opened_at desc, id desc`), by OFFSET or from a keyset
 * position: `after` reads the rows that follow a key, `before` the rows that precede it (answered
 * in the reverse order, nearest first). Each row carries its key (`opened_key`) for the next cursor.
 * The keyset reads are a range scan of `findings_list_order` (migration 0097).
 */
export async function listFindings(
  db: Executor,
  filter: FindingsFilter & { limit: number; position: FindingsPosition },
): Promise<Array<FindingRow & { opened_key: string }>> {
  const p = filter.position;
  const range =
    'after' in p
      ? sql`and (f.opened_at, f.id) < (${p.after[0]}::timestamptz, ${p.after[1]}::bigint)`
      : 'before' in p
        ? sql`and (f.opened_at, f.id) > (${p.before[0]}::timestamptz, ${p.before[1]}::bigint)`
        : sql``;
  const order = 'before' in p ? sql`f.opened_at asc, f.id asc` : sql`f.opened_at desc, f.id desc`;
  const offset = 'offset' in p ? sql`offset ${p.offset}` : sql``;
  // the page's ids first, then its columns: the names looked up per row are read for the page only
  const rows = await sql<FindingRow & { opened_key: string }>`
    with page as materialized (
      select f.id from findings f
      where ${findingsWhere(filter)} ${range}
      order by ${order}
      limit ${filter.limit} ${offset}
    )
    select ${FINDING_COLUMNS}, f.opened_at::text as opened_key
    from page join findings f on f.id = page.id join orgs o on o.id = f.org_id
    join compliance_rules r on r.code = f.rule_code and r.version = f.rule_version
    order by ${order}`.execute(db);
  return rows.rows;
}

/**
 * The open findings about some units: those whose subject is the unit itself (O1: a unit that should
 * set up its own branch) and those of the organizations the unit set up (its own branch and below).
 * The caller has already decided which units may be read.
 */
export async function openFindingsOfUnits(db: Executor, unitIds: number[]) {
  if (unitIds.length === 0) return [];
  const rows = await sql<FindingRow & { unit_id: number }>`
    select ${FINDING_COLUMNS}, u.id as unit_id
    from units u
    join findings f on f.status = 'open' and (
      (f.subject_type = 'unit' and f.subject_id = u.id)
      or exists (select 1 from orgs own where own.unit_id = u.id and own.status = 'active'
                 and own.type <> 'joint_branch' and f.org_path like own.path || '%'))
    join orgs o on o.id = f.org_id
    join compliance_rules r on r.code = f.rule_code and r.version = f.rule_version
    where u.id in (${sql.join(unitIds)})
    order by u.id, (f.severity = 'finding') desc, f.opened_at desc, f.id desc`.execute(db);
  return rows.rows;
}

export async function findFinding(db: Executor, id: number): Promise<FindingRow | undefined> {
  const rows = await sql<FindingRow>`
    select ${FINDING_COLUMNS}
    from findings f join orgs o on o.id = f.org_id
    join compliance_rules r on r.code = f.rule_code and r.version = f.rule_version
    where f.id = ${id}`.execute(db);
  return rows.rows[0];
}

export async function findingEvents(db: Executor, id: number) {
  return db
    .selectFrom('finding_events')
    .select(['id', 'kind', 'actor_name', 'body', 'data', 'created_at'])
    .where('finding_id', '=', id)
    .orderBy('id')
    .execute();
}

/** Who was reminded of a finding: the people who must act, and the supervisors it went up to. */
export async function findingRecipients(db: Executor, id: number) {
  const rows = await sql<{
    user_id: number;
    display_name: string;
    kind: string;
    level: number;
    org_name: string | null;
  }>`
    select r.user_id, u.display_name, r.kind, r.level,
      (select string_agg(distinct o.name, '、') from role_bindings rb join orgs o on o.id = rb.org_id
        where rb.user_id = r.user_id and rb.role in ('branch_admin', 'org_admin')) as org_name
    from reminders r join users u on u.id = r.user_id
    where r.finding_id = ${id}
    order by r.level, r.id`.execute(db);
  return rows.rows;
}

/** Open findings under `org` by rule, and by each direct child's subtree (the child id is read off the path). */
export async function overview(db: Executor, org: { id: number; path: string; depth: number }) {
  const like = likePrefix(org.path);
  const part = org.depth + 3;
  const [byRule, byChild, totals] = await Promise.all([
    sql<{
      rule_code: string;
      name: string;
      source: string;
      article: string;
      findings: number;
      warnings: number;
      orgs: number;
    }>`
      select r.code as rule_code, r.name, r.source, r.article,
        count(f.id) filter (where f.severity = 'finding')::int as findings,
        count(f.id) filter (where f.severity = 'warning')::int as warnings,
        count(distinct f.org_id)::int as orgs
      from (select distinct on (code) * from compliance_rules order by code, version desc) r
      left join findings f on f.rule_code = r.code and f.status = 'open' and f.org_path like ${like}
      group by r.code, r.name, r.source, r.article
      order by r.code`.execute(db),
    sql<{
      org_id: number;
      name: string;
      orgs: number;
      findings: number;
      warnings: number;
      escalated: number;
      orgs_with_findings: number;
    }>`
      with kids as (
        select c.id, c.name, c.path from orgs c where c.parent_id = ${org.id} and c.status = 'active'
      ),
      sizes as (
        select split_part(d.path, '/', ${part})::bigint as child_id, count(*)::int as orgs
        from orgs d where d.path like ${like} and d.status = 'active' and d.id <> ${org.id}
        group by 1
      ),
      open as (
        select split_part(f.org_path, '/', ${part})::bigint as child_id,
          count(*) filter (where f.severity = 'finding')::int as findings,
          count(*) filter (where f.severity = 'warning')::int as warnings,
          count(*) filter (where f.escalation_level > 0)::int as escalated,
          count(distinct f.org_id) filter (where f.severity = 'finding')::int as orgs_with_findings
        from findings f
        where f.status = 'open' and f.org_path like ${like} and f.org_id <> ${org.id}
        group by 1
      )
      select k.id as org_id, k.name, coalesce(s.orgs, 1) as orgs, coalesce(o.findings, 0) as findings,
        coalesce(o.warnings, 0) as warnings, coalesce(o.escalated, 0) as escalated,
        coalesce(o.orgs_with_findings, 0) as orgs_with_findings
      from kids k left join sizes s on s.child_id = k.id left join open o on o.child_id = k.id
      order by k.id`.execute(db),
    sql<{
      orgs: number;
      findings: number;
      warnings: number;
      escalated: number;
      resolved30: number;
      orgs_with_findings: number;
    }>`
      select (select count(*)::int from orgs where path like ${like} and status = 'active') as orgs,
        count(*) filter (where f.status = 'open' and f.severity = 'finding')::int as findings,
        count(*) filter (where f.status = 'open' and f.severity = 'warning')::int as warnings,
        count(*) filter (where f.status = 'open' and f.escalation_level > 0)::int as escalated,
        count(*) filter (where f.status = 'resolved' and f.resolved_at > ${clock.now()}::timestamptz - interval '30 days')::int as resolved30,
        count(distinct f.org_id) filter (where f.status = 'open' and f.severity = 'finding')::int as orgs_with_findings
      from findings f
      where f.org_path like ${like} and (f.status = 'open' or f.resolved_at > ${clock.now()}::timestamptz - interval '30 days')`.execute(
      db,
    ),
  ]);
  return { byRule: byRule.rows, byChild: byChild.rows, totals: totals.rows[0]! };
}

export interface ReminderRow {
  id: number;
  kind: 'remind' | 'escalate' | 'warn';
  level: number;
  title: string;
  body: string;
  finding_id: number;
  created_at: Date;
  deliver_after: Date;
  delivered_at: Date | null;
  read_at: Date | null;
  rule_code: string;
  rule_version: number;
  rule_name: string;
  source: string;
  article: string;
  org_id: number;
  org_name: string;
  severity: 'warning' | 'finding';
  status: 'open' | 'resolved';
  since: string | null;
  details: Params;
  escalation_level: number;
  deadline: string | null;
  resolved_at: Date | null;
}

/** A user's reminders, newest first, each with its finding and rule (one page, its total and the unread count). */
export async function remindersOf(
  db: Executor,
  userId: number,
  q: { unread: boolean; open: boolean; limit: number; offset: number },
) {
  const where = sql.join(
    [
      sql`rm.user_id = ${userId}`,
      ...(q.unread ? [sql`rm.read_at is null`] : []),
      ...(q.open ? [sql`f.status = 'open'`] : []),
    ],
    sql` and `,
  );
  const [rows, counts] = await Promise.all([
    sql<ReminderRow>`
      select rm.id, rm.kind, rm.level, rm.title, rm.body, rm.finding_id, rm.created_at, rm.deliver_after,
        rm.delivered_at, rm.read_at, f.rule_code, f.rule_version, r.name as rule_name, r.source, r.article,
        f.org_id, o.name as org_name, f.severity, f.status, f.since::text as since, f.details,
        f.escalation_level, f.deadline::text as deadline, f.resolved_at
      from reminders rm join findings f on f.id = rm.finding_id join orgs o on o.id = f.org_id
      join compliance_rules r on r.code = f.rule_code and r.version = f.rule_version
      where ${where}
      order by rm.created_at desc, rm.id desc
      limit ${q.limit} offset ${q.offset}`.execute(db),
    sql<{ total: number; unread: number }>`
      select count(*) filter (where ${where})::int as total, count(*) filter (where rm.read_at is null)::int as unread
      from reminders rm join findings f on f.id = rm.finding_id
      where rm.user_id = ${userId}`.execute(db),
  ]);
  return { rows: rows.rows, total: counts.rows[0]?.total ?? 0, unread: counts.rows[0]?.unread ?? 0 };
}
