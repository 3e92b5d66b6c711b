import { deliverAfter, escalationCutoff, type WorkCalendar } from '@honglian/domain';
import { sql } from 'kysely';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import type { Database } from '../../platform/db/database.ts';
import { DETECTORS, lookbacks } from './detectors.ts';
import { likePrefix, overrides, type RuleRow, rulesInForce } from './repository.ts';

/**
 * The compliance engine. `sweep` runs every rule in force over a whole subtree; for each rule ONE
 * statement upserts the findings that are true now (a new one opens, an open one is marked seen) and
 * ONE statement resolves the open findings it did not see. Reminders and escalation are one statement
 * each as well. Running it twice changes nothing the second time: the partial unique index on open
 * findings and the unique key of reminders make every insert idempotent.
 */
export interface SweepOptions {
  /** The clock of the run (tests pin it); findings' opened/seen/resolved times use it. */
  now?: Date;
  calendar: WorkCalendar;
  /** Only these rules (tests). */
  rules?: string[];
  /**
   * 督办 as well (default). A re-check after one organization's change (`compliance.recheck`) leaves
   * escalation to the nightly sweep, so a finding goes up a level on the day's schedule, not at any hour.
   */
  escalate?: boolean;
}

export interface RuleResult {
  code: string;
  version: number;
  opened: number;
  seen: number;
  resolved: number;
  escalated: number;
  ms: number;
}

export interface SweepResult {
  orgPath: string;
  asOf: string;
  rules: RuleResult[];
  reminders: number;
  escalated: number;
  ms: number;
}

const SYSTEM = '系统（合规检查）';

/** Findings opened by one rule in one sweep beyond which the table's statistics are refreshed. */
const MANY_OPENED = 1000;

export async function sweep(
  db: Executor,
  orgPath: string,
  asOf: string,
  options: SweepOptions,
): Promise<SweepResult> {
  const t0 = performance.now();
  const now = options.now ?? clock.now();
  await jitOff(db);
  const { rules, allOverrides } = await rulesToRun(db, asOf, options);
  const results: RuleResult[] = [];
  for (const rule of rules) results.push(await checkRule(db, rule, allOverrides, orgPath, asOf, now));
  return finish(db, rules, allOverrides, results, orgPath, asOf, now, options, t0);
}

/**
 * The same sweep with the rules checked side by side on `lanes` connections, each rule in its own
 * transaction (the rules touch disjoint findings), then reminders and 督办 in one transaction: the
 * nightly job's form on PostgreSQL, where a city's sweep is bound by the detectors' scans and the
 * server has the cores to run two at once. A rule that fails rolls back alone and the job retries; a
 * sweep is idempotent. PGlite has one connection: lanes there only take turns, so it runs `sweep`.
 */
export async function sweepSideBySide(
  database: Database,
  orgPath: string,
  asOf: string,
  options: SweepOptions & { lanes?: number },
): Promise<SweepResult> {
  if (database.engine === 'pglite' || (options.lanes ?? 2) < 2)
    return database.db.transaction().execute((trx) => sweep(trx, orgPath, asOf, options));
  const t0 = performance.now();
  const now = options.now ?? clock.now();
  const { rules, allOverrides } = await rulesToRun(database.db, asOf, options);
  // the heaviest detectors first (a city's dues ledger and meetings), so the lanes end together
  const heavy = ['D11', 'O6', 'D10', 'O8', 'O7'];
  const queue = [...rules].sort(
    (a, b) => (heavy.indexOf(a.code) + 1 || 99) - (heavy.indexOf(b.code) + 1 || 99),
  );
  const results: RuleResult[] = [];
  const lane = async () => {
    for (let rule = queue.shift(); rule; rule = queue.shift()) {
      const r = rule;
      results.push(
        await database.db.transaction().execute(async (trx) => {
          await jitOff(trx);
          return checkRule(trx, r, allOverrides, orgPath, asOf, now);
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: options.lanes ?? 2 }, lane));
  const ordered = rules.map((rule) => results.find((r) => r.code === rule.code)!);
  return database.db.transaction().execute(async (trx) => {
    await jitOff(trx);
    return finish(trx, rules, allOverrides, ordered, orgPath, asOf, now, options, t0);
  });
}

// PostgreSQL's JIT spends ~0.3 s compiling each of these one-off statements: more than they run.
// (set_config is local to the caller's transaction; PGlite has no JIT and accepts the setting.)
async function jitOff(db: Executor) {
  await sql`select set_config('jit', 'off', true)`.execute(db);
}

async function rulesToRun(db: Executor, asOf: string, options: SweepOptions) {
  const rules = (await rulesInForce(db, asOf)).filter(
    (r) => DETECTORS[r.code] && (!options.rules || options.rules.includes(r.code)),
  );
  return { rules, allOverrides: await overrides(db) };
}

type Overrides = Awaited<ReturnType<typeof overrides>>;

/** One rule over a subtree: ONE statement upserts what is true now and resolves the open findings not seen. */
async function checkRule(
  db: Executor,
  rule: RuleRow,
  allOverrides: Overrides,
  orgPath: string,
  asOf: string,
  now: Date,
): Promise<RuleResult> {
  const t = performance.now();
  const ruleOverrides = allOverrides.filter((o) => o.rule_code === rule.code);
  const detector = DETECTORS[rule.code]!;
  const input = {
    rule,
    hasOverrides: ruleOverrides.length > 0,
    overrideParams: ruleOverrides.map((o) => o.params),
    orgPath,
    asOf,
  };
  const windowStart =
    detector.windowStart?.(input, lookbacks([rule.params, ...ruleOverrides.map((o) => o.params)], 12)) ??
    null;
  const { resolved, ...upserted } = await upsertAndResolve(
    db,
    rule,
    detector.query(input),
    orgPath,
    now,
    windowStart,
  );
  // the detectors read the open findings (a period's window starts at the oldest open one): after a rule
  // opened many, the statistics are brought up to date at once, or the next detectors are planned for the
  // table as it was (a full sweep right after go-live or an import took 10× longer, measured in bench/)
  if (upserted.opened >= MANY_OPENED) await sql`analyze findings`.execute(db);
  return {
    code: rule.code,
    version: rule.version,
    ...upserted,
    resolved,
    escalated: 0,
    ms: Math.round(performance.now() - t),
  };
}

/** Reminders for what is open, then 督办 (unless the caller leaves it to the nightly sweep). */
async function finish(
  db: Executor,
  rules: RuleRow[],
  allOverrides: Overrides,
  results: RuleResult[],
  orgPath: string,
  asOf: string,
  now: Date,
  options: SweepOptions,
  t0: number,
): Promise<SweepResult> {
  const reminders = await createReminders(db, orgPath, now);
  let escalated = 0;
  for (const rule of options.escalate === false ? [] : rules) {
    const ruleOverrides = allOverrides.filter((o) => o.rule_code === rule.code);
    const n = await escalate(db, rule, ruleOverrides, orgPath, asOf, now, options.calendar);
    results.find((r) => r.code === rule.code)!.escalated = n;
    escalated += n;
  }
  return { orgPath, asOf, rules: results, reminders, escalated, ms: Math.round(performance.now() - t0) };
}

/**
 * The detector's rows upserted (a new finding opens, an open one is marked seen) and the rule's open
 * findings in the subtree that the detector no longer returns resolved, in one statement: a re-check
 * of one branch runs every rule, and a statement less per rule is a third of its time on PGlite. The
 * two parts touch different rows: the resolve skips every key the detector returned (the key of the
 * partial unique index findings_open_key), which are exactly the rows the upsert marks seen.
 */
async function upsertAndResolve(
  db: Executor,
  rule: RuleRow,
  detector: ReturnType<typeof sql>,
  orgPath: string,
  now: Date,
  windowStart: string | null,
) {
  const result = await sql<{ opened: number; seen: number; resolved: number }>`
    with c as materialized (${detector}),
    up as (
      insert into findings (region_code, rule_code, rule_version, org_id, org_path, subject_type, subject_id,
        aspect, period, period_start, period_end, severity, since, opened_at, last_seen_at, message, details)
      select c.region_code, ${rule.code}, ${rule.version}, c.org_id, c.org_path, c.subject_type, c.subject_id,
        c.aspect, c.period, c.period_start, c.period_end, c.severity, c.since, ${now}, ${now}, c.message, c.details
      from c
      on conflict (rule_code, subject_type, subject_id, aspect, period, region_code) where status = 'open'
      do update set last_seen_at = excluded.last_seen_at, severity = excluded.severity, message = excluded.message,
        details = excluded.details, since = excluded.since, org_id = excluded.org_id, org_path = excluded.org_path,
        rule_version = excluded.rule_version
      returning id, region_code, message, (xmax = 0) as inserted
    ),
    opened as (
      insert into finding_events (region_code, finding_id, kind, actor_name, body, created_at)
      select region_code, id, 'opened', ${SYSTEM}, message, ${now} from up where inserted
    ),
    r as (
      update findings f set status = 'resolved', resolved_at = ${now}
      where f.status = 'open' and f.rule_code = ${rule.code} and f.org_path like ${likePrefix(orgPath)}
        and f.last_seen_at < ${now}
        ${windowStart ? sql`and (f.period_end is null or f.period_end > ${windowStart}::date)` : sql``}
        and not exists (select 1 from c where c.subject_type = f.subject_type and c.subject_id = f.subject_id
                        and c.aspect = f.aspect and c.period = f.period and c.region_code = f.region_code)
      returning f.id, f.region_code
    ),
    resolved as (
      insert into finding_events (region_code, finding_id, kind, actor_name, body, created_at)
      select region_code, id, 'resolved', ${SYSTEM}, '数据显示该问题已不存在，自动销号', ${now} from r
    )
    select (select count(*) filter (where inserted) from up)::int as opened,
      (select count(*) filter (where not inserted) from up)::int as seen,
      (select count(*) from r)::int as resolved`.execute(db);
  return result.rows[0] ?? { opened: 0, seen: 0, resolved: 0 };
}

/**
 * Who is reminded of an org's findings, one by one. The org's own people first: the users who
 * administer it (branch_admin or org_admin bound at the org itself; a branch's secretary). An org with
 * nobody of its own has its direct superior's org_admins act for it, but only for findings about the
 * org itself (its meetings, term, units): a finding about one person (arrears, a development deadline,
 * a transfer) stays with the branch and reaches superiors only as a count in their digest by
 * organization (`deliverOrgDigests`), so a city department is not sent every member's arrears.
 * Written as a reusable SQL fragment over a set of org ids; answers (org_id, user_id, own).
 */
const PERSONAL_SUBJECTS = sql`('member', 'development', 'transfer')`;

const responsibleSql = (orgs: ReturnType<typeof sql>) => sql`
  with targets as (${orgs}),
  own as (
    select t.org_id, rb.user_id from targets t
    join role_bindings rb on rb.org_id = t.org_id and rb.role in ('branch_admin', 'org_admin')
    join users u on u.id = rb.user_id and u.status = 'active'
  ),
  parent as (
    select t.org_id, rb.user_id from targets t
    join orgs o on o.id = t.org_id
    join role_bindings rb on rb.org_id = o.parent_id and rb.role = 'org_admin'
    join users u on u.id = rb.user_id and u.status = 'active'
    where not exists (select 1 from own where own.org_id = t.org_id)
  )
  select org_id, user_id, true as own from own
  union
  select org_id, user_id, false as own from parent`;

async function createReminders(db: Executor, orgPath: string, now: Date) {
  // `who` (a few rows per org) drives the join into findings by its (org_id, status) index; joining the
  // other way round made PGlite rescan the CTE for every finding
  const result = await sql<{ n: number }>`
    with who as materialized (${responsibleSql(
      sql`select distinct org_id from findings where status = 'open' and org_path like ${likePrefix(orgPath)}`,
    )}),
    ins as (
      insert into reminders (region_code, user_id, finding_id, kind, level, title, body, created_at, deliver_after)
      select f.region_code, w.user_id, f.id, case when f.severity = 'warning' then 'warn' else 'remind' end, 0,
        case when f.severity = 'warning' then '预警：' else '合规提醒：' end || r.name, f.message, ${now},
        ${deliverAfter(now)}
      from who w
      join findings f on f.org_id = w.org_id and f.status = 'open'
        and (w.own or f.subject_type not in ${PERSONAL_SUBJECTS})
      join compliance_rules r on r.code = f.rule_code and r.version = f.rule_version
      on conflict (finding_id, user_id, kind, level) do nothing
      returning 1
    )
    select count(*)::int as n from ins`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/**
 * 督办: open findings of `rule` unresolved for `escalateAfterWorkdays` working days since they opened (or
 * were last escalated), with no deadline still running, go one level up: the org above is told (its own
 * administrators, else its direct superior's; always in its superiors' digest by organization).
 */
async function escalate(
  db: Executor,
  rule: RuleRow,
  ruleOverrides: Array<{ region_prefix: string; params: Record<string, unknown> }>,
  orgPath: string,
  asOf: string,
  now: Date,
  calendar: WorkCalendar,
): Promise<number> {
  // the working days may differ by region: one cutoff per parameter set, the longest prefix wins
  const daysOf = (p: Record<string, unknown>, fallback: number) =>
    typeof p.escalateAfterWorkdays === 'number' ? p.escalateAfterWorkdays : fallback;
  const base = daysOf(rule.params, 5);
  const sets = [
    { prefix: '', days: base },
    ...ruleOverrides.map((o) => ({ prefix: o.region_prefix, days: daysOf(o.params, base) })),
  ];
  const cutoffs = sql.join(
    sets.map(
      (s) => sql`(${s.prefix}::text, ${escalationCutoff(calendar, asOf, s.days)}::date, ${s.days}::int)`,
    ),
  );
  const result = await sql<{ n: number }>`
    with cut as (select * from (values ${cutoffs}) v(prefix, cutoff, days)),
    due as (
      select f.id, f.region_code, f.escalation_level + 1 as level, f.message, c.days,
        (string_to_array(trim(both '/' from f.org_path), '/'))[
          cardinality(string_to_array(trim(both '/' from f.org_path), '/')) - f.escalation_level - 1]::bigint as sup_org_id
      from findings f
      cross join lateral (select cut.cutoff, cut.days from cut where f.region_code like cut.prefix || '%'
                          order by length(cut.prefix) desc limit 1) c
      where f.status = 'open' and f.severity = 'finding' and f.rule_code = ${rule.code}
        and f.org_path like ${likePrefix(orgPath)}
        and (coalesce(f.escalated_at, f.opened_at) at time zone 'Asia/Shanghai')::date <= c.cutoff
        and (f.deadline is null or f.deadline < ${asOf}::date)
        and cardinality(string_to_array(trim(both '/' from f.org_path), '/')) - f.escalation_level - 1 >= 1
    ),
    upd as (
      update findings f set escalation_level = d.level, escalated_at = ${now}
      from due d where f.id = d.id
      returning f.id, f.region_code, d.level, d.sup_org_id, f.message, d.days
    ),
    ev as (
      insert into finding_events (region_code, finding_id, kind, actor_name, body, data, created_at)
      select u.region_code, u.id, 'escalated', ${SYSTEM},
        '超过' || u.days || '个工作日未整改，提级由' || o.name || '督办', jsonb_build_object('level', u.level, 'orgId', u.sup_org_id), ${now}
      from upd u join orgs o on o.id = u.sup_org_id
    ),
    sup as (
      select u.id, u.region_code, u.level, u.message, u.sup_org_id, so.name as sup_name
      from upd u join orgs so on so.id = u.sup_org_id
    ),
    -- the supervising org's own org_admins, else its direct superior's; past that the escalation
    -- reaches its superiors as a count in their digest by organization (deliverOrgDigests)
    who as materialized (${responsibleSql(sql`select distinct sup_org_id as org_id from sup`)}),
    ins as (
      insert into reminders (region_code, user_id, finding_id, kind, level, title, body, created_at, deliver_after)
      select s.region_code, w.user_id, s.id, 'escalate', s.level, '督办：' || ${rule.name}::text,
        '（由' || s.sup_name || '督办）' || s.message, ${now}, ${deliverAfter(now)}
      from sup s join who w on w.org_id = s.sup_org_id
      on conflict (finding_id, user_id, kind, level) do nothing
      returning 1
    )
    select count(*)::int as n from upd`.execute(db);
  return result.rows[0]?.n ?? 0;
}
