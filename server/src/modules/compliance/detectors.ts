import {
  CASE_TRANSITIONS,
  citation,
  DEVELOPMENT_STEP_LABELS,
  type DevelopmentStepCode,
  lastEndedMonth,
  MEETING_KINDS,
  monthsBackStart,
  PERIOD_UNIT_LABELS,
  RULE_SETS,
} from '@honglian/domain';
import { type RawBuilder, sql } from 'kysely';
import { likePrefix, type Params, paramsSql, type RuleRow } from './repository.ts';

/**
 * One detector per rule: ONE SQL query over a whole subtree that returns the findings that are true
 * now, with these columns (the engine upserts them and resolves the open ones it no longer sees):
 *
 *   region_code, org_id, org_path, subject_type, subject_id, aspect, period, period_start, period_end,
 *   severity, since, message, details
 *
 * A detector never loops per organization, never changes data, and never decides anything about a
 * person: it states what the data shows and cites its rule.
 */
export interface DetectorInput {
  rule: RuleRow;
  /** Regional overrides exist for this rule (else its parameters are one constant). */
  hasOverrides: boolean;
  /** The regional parameter sets, for bounds a detector can use to skip work early. */
  overrideParams?: Params[];
  orgPath: string;
  asOf: string;
}

export interface Detector {
  /** The rows that are true now. */
  query(input: DetectorInput): RawBuilder<unknown>;
  /**
   * Findings with a period are re-checked only while their period ends inside the look-back window;
   * this answers the window's first day (null: not periodic, every open finding is re-checked).
   */
  windowStart?(input: DetectorInput, lookbacks: number[]): string | null;
}

/** Organizations that hold 三会一课 and pay dues as a unit: branches and joint branches with members. */
const BRANCH_TYPES = sql`('branch', 'joint_branch')`;
const CURRENT = sql`m.stage in ('probationary', 'full') and m.status in ('normal', 'mobile', 'lost_contact', 'suspended')`;

const kindLabelSql = (column: RawBuilder<unknown>) =>
  sql`(case ${column} ${sql.join(
    Object.entries(MEETING_KINDS).map(([k, v]) => sql`when ${k} then ${v}`),
    sql` `,
  )} else ${column} end)`;
const unitLabelSql = (column: RawBuilder<unknown>) =>
  sql`(case ${column} ${sql.join(
    Object.entries(PERIOD_UNIT_LABELS).map(([k, v]) => sql`when ${k} then ${v}`),
    sql` `,
  )} end)`;

const cite = (rule: RuleRow) => citation(rule);

/**
 * Meetings of `kinds` that must be held per period (O6, O7): each completed period without one. A
 * 党小组会 is required only of a branch that has party groups, known from the first one it held (or,
 * where a region sets groupFromMembers, from its size).
 */
function meetingsDetector(kinds: string[]): Detector {
  return {
    // every open finding's period is checked again (see window_start below), however old, so the
    // engine may resolve any open finding of these rules that the sweep did not see: a 2025 review
    // recorded in January 2027 closes the 2025 finding, though 2025 is past the look-back window
    query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
      with org_p as materialized (
        select o.id, o.region_code, o.path, o.name, o.established_on,
          ${paramsSql(rule, hasOverrides, sql`o.region_code`)} as p
        from orgs o
        where o.path like ${likePrefix(orgPath)} and o.status = 'active' and o.type in ${BRANCH_TYPES}
          and exists (select 1 from members m where m.org_id = o.id and ${CURRENT})
      ),
      -- the oldest open finding of each branch and kind: its period is checked again however old (one
      -- pass over the rule's open findings for a city, one index probe for a branch)
      open_since as (
        select f.subject_id, f.aspect, min(f.period_start) as first_open
        from findings f
        where f.status = 'open' and f.rule_code = ${rule.code} and f.subject_type = 'org'
          and f.subject_id in (select id from org_p)
        group by f.subject_id, f.aspect
      ),
      -- every kind of every branch, its unit null where the branch's rules do not require the kind (a
      -- filter here would leave the planner guessing 1 row in 70 and probing meetings once per row)
      kinds as materialized (
        select op.id, op.region_code, op.path, op.name, op.established_on, k.kind,
          case when op.p ->> k.kind in ('month', 'quarter', 'year') then op.p ->> k.kind end as unit,
          case op.p ->> k.kind when 'month' then interval '1 month' when 'quarter' then interval '3 months' else interval '1 year' end as step,
          least(
            date_trunc('month', ${asOf}::date - make_interval(months => coalesce((op.p ->> 'lookbackMonths')::int, 12)))::date,
            o.first_open) as window_start,
          -- 党小组会 only where the branch has party groups (第十三条): from the month of the first one held,
          -- or always where a region requires it of branches with at least groupFromMembers members
          case when k.kind = 'group' then least(
            (select date_trunc('month', min(m.held_on))::date from meetings m
              where m.org_id = op.id and m.kind = 'group' and m.status = 'held'),
            case when coalesce((op.p ->> 'groupFromMembers')::int, 0) > 0
                  and (select count(*) from members m where m.org_id = op.id and ${CURRENT})
                      >= (op.p ->> 'groupFromMembers')::int
                 then '0001-01-01'::date end)
          end as checked_from
        from org_p op cross join unnest(${kinds}::text[]) as k(kind)
        left join open_since o on o.subject_id = op.id and o.aspect = k.kind
      ),
      periods as (
        select k.id, k.region_code, k.path, k.name, k.kind, k.unit, g::date as pstart, (g + k.step)::date as pend
        from kinds k
        cross join lateral generate_series(
          date_trunc(k.unit, k.window_start::timestamp),
          date_trunc(k.unit, ${asOf}::date::timestamp) - k.step,
          k.step) g
        where k.unit is not null and (g + k.step)::date > k.window_start and (k.established_on is null or k.established_on <= g::date)
          and (k.kind <> 'group' or g::date >= k.checked_from)
      ),
      -- each meeting held, dated by the start of its period: a period starts on its unit's boundary (the
      -- series above), so a meeting falls in [pstart, pend) exactly when date_trunc gives pstart, and the
      -- test below is one hash anti-join on (org, kind, pstart) rather than a date range compared with
      -- every meeting of the org and kind (5 million comparisons for a city)
      held as (
        select k.id, k.kind, date_trunc(k.unit, m.held_on::timestamp)::date as pstart
        from kinds k join meetings m on m.org_id = k.id and m.kind = k.kind and m.status = 'held'
        where k.unit is not null and m.held_on >= date_trunc(k.unit, k.window_start::timestamp)
      )
      select p.region_code, p.id as org_id, p.path as org_path, 'org' as subject_type, p.id as subject_id,
        p.kind as aspect,
        case p.unit when 'year' then to_char(p.pstart, 'YYYY')
                    when 'quarter' then to_char(p.pstart, 'YYYY') || '-Q' || extract(quarter from p.pstart)::int
                    else to_char(p.pstart, 'YYYY-MM') end as period,
        p.pstart as period_start, p.pend as period_end, ${rule.severity}::text as severity, p.pend as since,
        ${cite(rule)} || '：' || p.name ||
          case p.unit when 'year' then to_char(p.pstart, 'YYYY') || '年'
                      when 'quarter' then to_char(p.pstart, 'YYYY') || '年第' || extract(quarter from p.pstart)::int || '季度'
                      else to_char(p.pstart, 'YYYY') || '年' || extract(month from p.pstart)::int || '月' end
          || '未召开' || ${kindLabelSql(sql`p.kind`)} || '（要求' || ${unitLabelSql(sql`p.unit`)} || '至少召开1次）' as message,
        jsonb_build_object('kind', p.kind, 'unit', p.unit, 'periodStart', p.pstart, 'periodEnd', p.pend - 1,
          'why', '该期间内没有登记已召开的' || ${kindLabelSql(sql`p.kind`)}) as details
      from periods p
      where not exists (select 1 from held h where h.id = p.id and h.kind = p.kind and h.pstart = p.pstart)
        and not exists (select 1 from orglife_exemptions e where e.org_id = p.id and e.kind in (p.kind, 'all')
                        and e.valid_from < p.pend and (e.valid_until is null or e.valid_until >= p.pstart))`,
  };
}

/** Case actions taken by the unit handling a case (签收, 办理, 回复…): what a branch that leads a case does. */
const HANDLER_ACTIONS = CASE_TRANSITIONS.filter((t) => (t.by as readonly string[]).includes('handler')).map(
  (t) => t.action,
);

/**
 * O8: no activity of any kind the platform records for `days` days: no meeting held, no dues paid, no
 * development step, no transfer sent or received, no step on a case the branch handles, no member record
 * changed. Each is one index probe per branch (the latest date on or before `asOf`), never a loop.
 */
const silentBranch: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with org_p as materialized (
      select o.id, o.region_code, o.path, o.name, o.established_on,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'days')::int, 30) as days
      from orgs o
      where o.path like ${likePrefix(orgPath)} and o.status = 'active' and o.type in ${BRANCH_TYPES}
        and exists (select 1 from members m where m.org_id = o.id and ${CURRENT})
    ),
    activity as materialized (
      select op.*,
        (select max(m.held_on) from meetings m where m.org_id = op.id and m.status = 'held' and m.held_on <= ${asOf}::date) as last_meeting,
        (select max(p.paid_on) from dues_payments p where p.org_id = op.id and p.paid_on <= ${asOf}::date) as last_payment,
        (select max(s.step_date) from development_records d join development_steps s on s.record_id = d.id
          where d.org_id = op.id and s.step_date <= ${asOf}::date) as last_development,
        greatest(
          (select max(v.day) from member_transfers t cross join lateral (values (t.started_on), (t.completed_on)) v(day)
            where t.from_org_id = op.id and v.day <= ${asOf}::date),
          (select max(v.day) from member_transfers t
            cross join lateral (values (t.accepted_on), (t.returned_on), (t.completed_on)) v(day)
            where t.to_org_id = op.id and v.day <= ${asOf}::date)) as last_transfer,
        (select max((e.at at time zone 'Asia/Shanghai')::date) from cases c join case_events e on e.case_id = c.id
          where c.lead_org_id = op.id and e.action in (${sql.join(HANDLER_ACTIONS)})
            and e.at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai') as last_case,
        (select max(greatest(m.updated_at, m.created_at))::date from members m where m.org_id = op.id) as last_member_change
      from org_p op
    ),
    last as (
      select a.*, greatest(a.last_meeting, a.last_payment, a.last_development, a.last_transfer, a.last_case,
        least(a.last_member_change, ${asOf}::date), a.established_on) as last_activity
      from activity a
    )
    select l.region_code, l.id as org_id, l.path as org_path, 'org' as subject_type, l.id as subject_id,
      '' as aspect, '' as period, null::date as period_start, null::date as period_end,
      ${rule.severity}::text as severity, (l.last_activity + l.days) as since,
      ${cite(rule)} || '：' || l.name || coalesce('自' || to_char(l.last_activity, 'YYYY-MM-DD') || '以来', '') ||
        '已连续' || coalesce((${asOf}::date - l.last_activity)::text, l.days::text) ||
        '天没有召开会议、收缴党费、发展党员、转接组织关系、办理群众诉求或变动党员信息，为"静默支部"' as message,
      jsonb_build_object('lastMeeting', l.last_meeting, 'lastPayment', l.last_payment,
        'lastDevelopment', l.last_development, 'lastTransfer', l.last_transfer, 'lastCase', l.last_case,
        'lastMemberChange', l.last_member_change, 'lastActivity', l.last_activity, 'days', l.days,
        'why', '连续' || l.days || '日以上没有任何组织活动') as details
    from last l
    where l.last_activity is null or l.last_activity <= ${asOf}::date - l.days`,
};

/** D10: last months' dues ledger not generated while the branch has members who owe dues. */
const ledgerNotGenerated: Detector = {
  windowStart: ({ asOf }, lookbacks) => monthsBackStart(asOf, Math.min(...lookbacks)),
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with org_p as materialized (
      select o.id, o.region_code, o.path, o.name, o.established_on,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'lookbackMonths')::int, 3) as lookback
      from orgs o
      where o.path like ${likePrefix(orgPath)} and o.status = 'active' and o.type in ${BRANCH_TYPES}
        and exists (select 1 from members m where m.org_id = o.id and ${CURRENT})
    ),
    months as materialized (
      select op.*, g::date as mstart, to_char(g, 'YYYY-MM')::char(7) as month
      from org_p op
      cross join lateral generate_series(
        date_trunc('month', ${asOf}::date - make_interval(months => op.lookback))::timestamp,
        date_trunc('month', ${asOf}::date::timestamp) - interval '1 month', interval '1 month') g
    )
    select m.region_code, m.id as org_id, m.path as org_path, 'org' as subject_type, m.id as subject_id,
      '' as aspect, to_char(m.mstart, 'YYYY-MM') as period, m.mstart as period_start,
      (m.mstart + interval '1 month')::date as period_end, ${rule.severity}::text as severity,
      (m.mstart + interval '1 month')::date as since,
      ${cite(rule)} || '：' || m.name || to_char(m.mstart, 'YYYY') || '年' || extract(month from m.mstart)::int ||
        '月的党费台账尚未生成，无法按月收缴党费' as message,
      jsonb_build_object('month', to_char(m.mstart, 'YYYY-MM'), 'why', '党支部有应交党费的党员，但该月没有党费台账') as details
    from months m
    -- one index probe per branch and month (a lateral LIMIT 1 keeps the planner from hashing 3 million rows)
    left join lateral (select 1 as found from dues_ledger l where l.org_id = m.id and l.month = m.month limit 1) x on true
    where (m.established_on is null or m.established_on < m.mstart) and x.found is null`,
};

/**
 * D11: consecutive unpaid months after the last paid (or exempt) one, counting only months that have
 * ended by `asOf` (`lastEndedMonth`: the month still running is never counted, so on the last day of
 * the 6th unpaid month this is 5 months, a warning, and on the first day after it 6, a finding).
 */
const arrears: Detector = {
  query: ({ rule, hasOverrides, overrideParams = [], orgPath, asOf }) => {
    const upto = lastEndedMonth(asOf);
    const minWarn = Math.min(
      ...[rule.params, ...overrideParams].map((p) => (typeof p.warnAt === 'number' ? p.warnAt : 5)),
    );
    const p = paramsSql(rule, hasOverrides, sql`s.region_code`);
    return sql`
    with sub as materialized (
      select m.id, m.org_id, m.region_code, m.name, o.path, o.name as org_name
      from members m join orgs o on o.id = m.org_id
      where o.path like ${likePrefix(orgPath)} and ${CURRENT}
    ),
    -- unpaid months are few (partial index dues_ledger_unpaid); the last paid month is one index probe per member
    unpaid as materialized (
      select l.member_id, l.month, l.due_fen - l.paid_fen as owed
      from sub s join dues_ledger l on l.member_id = s.id
      where l.status in ('unpaid', 'partial') and l.month <= ${upto}
    ),
    -- a run can only reach the lowest warning threshold if the member has at least that many unpaid months
    candidates as materialized (
      select member_id from unpaid group by member_id having count(*) >= ${minWarn}
    ),
    last_ok as materialized (
      select c.member_id, (select p.month from dues_ledger p where p.member_id = c.member_id and p.month <= ${upto}
                           and p.status in ('paid', 'exempt') order by p.month desc limit 1) as month
      from candidates c
    ),
    runs as (
      select u.member_id, count(*)::int as months, min(u.month) as first_month, sum(u.owed)::bigint as owed_fen
      from unpaid u join last_ok k on k.member_id = u.member_id
      where u.month > coalesce(k.month, '0000-00')
      group by u.member_id
    ),
    judged as (
      select s.*, r.months, r.first_month, r.owed_fen,
        coalesce((${p} ->> 'warnAt')::int, 5) as warn_at, coalesce((${p} ->> 'findingAt')::int, 6) as finding_at
      from runs r join sub s on s.id = r.member_id
    )
    select j.region_code, j.org_id, j.path as org_path, 'member' as subject_type, j.id as subject_id,
      '' as aspect, '' as period, null::date as period_start, null::date as period_end,
      case when j.months >= j.finding_at then 'finding' else 'warning' end as severity,
      (j.first_month || '-01')::date as since,
      ${cite(rule)} || '：' || j.org_name || '党员' || j.name || '自' || j.first_month || '起已连续' || j.months ||
        '个月未交纳党费' ||
        case when j.months >= j.finding_at then '，请党支部研究处理（系统不作任何处理决定）'
             else '，请党支部提醒其按时交纳' end as message,
      jsonb_build_object('months', j.months, 'firstMonth', j.first_month, 'owedFen', j.owed_fen,
        'warnAt', j.warn_at, 'findingAt', j.finding_at,
        'why', '党费台账中最近一次足额交纳（或免交）之后连续' || j.months || '个月未交或未交足') as details
    from judged j
    where j.months >= j.warn_at`;
  },
};

/** M2: a member lost contact for at least `months` months: a finding for the branch, never automatic. */
const lostContact: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with sub as (
      select m.id, m.org_id, m.region_code, m.name, m.status_since, o.path, o.name as org_name,
        coalesce((${paramsSql(rule, hasOverrides, sql`m.region_code`)} ->> 'months')::int, 6) as months
      from members m join orgs o on o.id = m.org_id
      where o.path like ${likePrefix(orgPath)} and m.status = 'lost_contact'
    )
    select s.region_code, s.org_id, s.path as org_path, 'member' as subject_type, s.id as subject_id,
      '' as aspect, '' as period, null::date as period_start, null::date as period_end,
      ${rule.severity}::text as severity, (s.status_since + make_interval(months => s.months))::date as since,
      ${cite(rule)} || '：' || s.org_name || '党员' || s.name || '自' || to_char(s.status_since, 'YYYY-MM-DD') ||
        '起失去联系已满' || s.months || '个月，请党组织研究是否停止其党籍（系统不作任何处理决定）' as message,
      jsonb_build_object('lostSince', s.status_since, 'months', s.months,
        'why', '党员状态为"失去联系"已满' || s.months || '个月') as details
    from sub s
    where coalesce(s.status_since, ${asOf}::date) <= (${asOf}::date - make_interval(months => s.months))::date`,
};

/**
 * O5: a current term expiring (warning) or expired (finding). One definition with the evaluator in
 * packages/domain (`termRemindFrom`, `evaluateOrg`) and the orgsetup findings: expiring from the day
 * `remindMonthsBefore` calendar months before the end (PostgreSQL clamps a month end as
 * `addCalendarMonths` does: 08-31 − 6 months = 02-28) through the end day itself; overdue from the day
 * after the end.
 */
const terms: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with t as materialized (
      select t.id, t.org_id, t.ends_on, o.region_code, o.path, o.name,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'remindMonthsBefore')::int, 6) as months
      from org_terms t join orgs o on o.id = t.org_id
      where t.state = 'current' and o.status = 'active' and o.path like ${likePrefix(orgPath)}
    )
    select t.region_code, t.org_id, t.path as org_path, 'term' as subject_type, t.id as subject_id,
      case when t.ends_on < ${asOf}::date then 'overdue' else 'expiring' end as aspect, '' as period,
      null::date as period_start, null::date as period_end,
      case when t.ends_on < ${asOf}::date then 'finding' else 'warning' end as severity,
      case when t.ends_on < ${asOf}::date then t.ends_on else (t.ends_on - make_interval(months => t.months))::date end as since,
      ${cite(rule)} || '：' || t.name || '本届班子任期' ||
        case when t.ends_on < ${asOf}::date then '已于' || to_char(t.ends_on, 'YYYY-MM-DD') || '届满，尚未换届'
             else '将于' || to_char(t.ends_on, 'YYYY-MM-DD') || '届满，请提前做好换届准备' end as message,
      jsonb_build_object('endsOn', t.ends_on, 'why',
        case when t.ends_on < ${asOf}::date then '任期届满未换届' else '任期届满前' || t.months || '个月' end) as details
    from t
    where (t.ends_on - make_interval(months => t.months))::date <= ${asOf}::date`,
};

/** O1: a unit whose full members (by work unit) reach `minFullMembers` but which has no branch of its own. */
const unitWithoutBranch: Detector = {
  query: ({ rule, hasOverrides, orgPath }) => sql`
    with u as materialized (
      select u.id, u.name, u.org_id, o.region_code, o.path, o.name as org_name,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'minFullMembers')::int, 3) as min_full
      from units u join orgs o on o.id = u.org_id
      where o.path like ${likePrefix(orgPath)} and o.status = 'active'
        and not exists (select 1 from orgs own where own.unit_id = u.id and own.status = 'active' and own.type <> 'joint_branch')
    ),
    counted as (
      select u.*, (select count(*)::int from members m where m.work_unit = u.name and m.stage = 'full'
                   and m.status in ('normal', 'mobile', 'lost_contact')) as full_members
      from u
    )
    select c.region_code, c.org_id, c.path as org_path, 'unit' as subject_type, c.id as subject_id,
      '' as aspect, '' as period, null::date as period_start, null::date as period_end,
      ${rule.severity}::text as severity, null::date as since,
      ${cite(rule)} || '：' || c.name || '有正式党员' || c.full_members || '名，尚未单独成立党支部，请' || c.org_name || '推动组建' as message,
      jsonb_build_object('fullMembers', c.full_members, 'minFullMembers', c.min_full,
        'why', '正式党员达到' || c.min_full || '人的单位应当成立党支部') as details
    from counted c
    where c.full_members >= c.min_full`,
};

/**
 * O2 (支部工作条例 第二章 组织设置): a joint branch covering more than `maxJointUnits` units (the units it
 * manages, units.org_id), aspect 'joint_units'; and a temporary branch that has lasted `projectMonths`
 * or more, aspect 'project': a project (工程、工作项目) of 6 months or more should have a branch proper,
 * not a temporary one. Both are warnings ("一般", "符合条件的"): the data cannot tell whether the
 * project's members meet the conditions, a person decides.
 */
const orgSetupForms: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with o as materialized (
      select o.id, o.region_code, o.path, o.name, o.type, o.established_on,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'maxJointUnits')::int, 5) as max_units,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'projectMonths')::int, 6) as project_months
      from orgs o
      where o.path like ${likePrefix(orgPath)} and o.status = 'active' and o.type in ('joint_branch', 'temporary_branch')
    ),
    joint as (
      select o.*, (select count(*)::int from units u where u.org_id = o.id) as units
      from o where o.type = 'joint_branch'
    )
    select j.region_code, j.id as org_id, j.path as org_path, 'org' as subject_type, j.id as subject_id,
      'joint_units' as aspect, '' as period, null::date as period_start, null::date as period_end,
      'warning'::text as severity, null::date as since,
      ${cite(rule)} || '：' || j.name || '覆盖' || j.units || '个单位，联合党支部覆盖单位一般不超过' || j.max_units ||
        '个，请研究调整组织设置' as message,
      jsonb_build_object('units', j.units, 'maxJointUnits', j.max_units,
        'why', '联合党支部覆盖单位一般不超过' || j.max_units || '个') as details
    from joint j
    where j.units > j.max_units
    union all
    select p.region_code, p.id, p.path, 'org', p.id, 'project', '', null::date, null::date, 'warning'::text,
      (p.established_on + make_interval(months => p.project_months))::date,
      ${cite(rule)} || '：' || p.name || '自' || to_char(p.established_on, 'YYYY-MM-DD') || '成立，已满' ||
        p.project_months || '个月；为期' || p.project_months || '个月以上的工程、工作项目，符合条件的应当成立党支部' as message,
      jsonb_build_object('establishedOn', p.established_on, 'projectMonths', p.project_months,
        'why', '临时党支部存续' || p.project_months || '个月以上') as details
    from o p
    where p.type = 'temporary_branch' and p.established_on is not null
      and (p.established_on + make_interval(months => p.project_months))::date <= ${asOf}::date`,
};

/**
 * M3: `minMembers` or more members of one branch away at the same place with a mobile-member card
 * (status 'mobile', members.mobile_location): they may form a temporary branch (or a 流动党员党支部). A
 * warning for the branch, resolved when fewer remain there or a temporary branch named for the place
 * is active in the tree of the branch's parent (the platform does not record who attends it).
 */
const mobileTogether: Detector = {
  query: ({ rule, hasOverrides, orgPath }) => sql`
    with away as (
      select m.org_id, btrim(m.mobile_location) as location, count(*)::int as members,
        string_agg(m.name, '、' order by m.id) as names
      from members m join orgs o on o.id = m.org_id
      where o.path like ${likePrefix(orgPath)} and m.status = 'mobile' and ${CURRENT}
        and coalesce(btrim(m.mobile_location), '') <> ''
      group by m.org_id, btrim(m.mobile_location)
    ),
    g as (
      select a.*, o.region_code, o.path, o.name as org_name, o.parent_id,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'minMembers')::int, 3) as min_members
      from away a join orgs o on o.id = a.org_id
    )
    select g.region_code, g.org_id, g.path as org_path, 'org' as subject_type, g.org_id as subject_id,
      g.location as aspect, '' as period, null::date as period_start, null::date as period_end,
      'warning'::text as severity, null::date as since,
      ${cite(rule)} || '：' || g.org_name || '有' || g.members || '名党员（' || g.names || '）持流动党员活动证同在' ||
        g.location || '，可以成立临时党支部' as message,
      jsonb_build_object('location', g.location, 'members', g.members, 'minMembers', g.min_members,
        'why', '外出党员' || g.min_members || '人以上相对集中的，可以成立临时党支部') as details
    from g
    where g.members >= g.min_members
      and not exists (
        select 1 from orgs p join orgs t on t.path like p.path || '%'
        where p.id = coalesce(g.parent_id, g.org_id) and t.type = 'temporary_branch' and t.status = 'active'
          and strpos(t.name, g.location) > 0)`,
};

/** M4: a letter past its validity (pending, or expired and not re-issued), or a receipt not returned in time. */
const transferOverdue: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with tr as materialized (
      select t.id, t.member_id, t.state, t.letter_valid_until, t.accepted_on, t.started_on,
        o.id as org_id, o.region_code, o.path, o.name as org_name, m.name as member_name,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'receiptMonths')::int, 1) as receipt_months
      from member_transfers t
      join orgs o on o.id = coalesce(t.from_org_id, t.to_org_id)
      join members m on m.id = t.member_id
      where o.path like ${likePrefix(orgPath)}
        and (t.state in ('pending', 'expired', 'accepted'))
        and not exists (select 1 from member_transfers later where later.member_id = t.member_id and later.id > t.id)
    )
    select tr.region_code, tr.org_id, tr.path as org_path, 'transfer' as subject_type, tr.id as subject_id,
      case when tr.state = 'accepted' then 'receipt' else 'letter' end as aspect, '' as period,
      null::date as period_start, null::date as period_end, ${rule.severity}::text as severity,
      case when tr.state = 'accepted' then (tr.accepted_on + make_interval(months => tr.receipt_months))::date
           else tr.letter_valid_until + 1 end as since,
      ${cite(rule)} || '：' || tr.org_name || '党员' || tr.member_name || '的组织关系' ||
        case when tr.state = 'accepted' then '已于' || to_char(tr.accepted_on, 'YYYY-MM-DD') || '被接收，超过' || tr.receipt_months || '个月仍未收到回执'
             else '介绍信已于' || to_char(tr.letter_valid_until, 'YYYY-MM-DD') || '到期，仍未完成转接，请重新开具或撤回' end as message,
      jsonb_build_object('state', tr.state, 'letterValidUntil', tr.letter_valid_until, 'acceptedOn', tr.accepted_on,
        'why', case when tr.state = 'accepted' then '回执超期未退回' else '介绍信超过有效期' end) as details
    from tr
    where (tr.state in ('pending', 'expired') and tr.letter_valid_until < ${asOf}::date)
       or (tr.state = 'accepted' and tr.accepted_on < (${asOf}::date - make_interval(months => tr.receipt_months))::date)`,
};

/** A development record in the subtree, still active, with its org and member (the detectors' common base). */
const activeRecords = (orgPath: string) => sql`
  development_records d join orgs o on o.id = d.org_id join members m on m.id = d.member_id
  where d.state = 'active' and o.path like ${likePrefix(orgPath)}`;

const approvedStep = (step: string) =>
  sql`exists (select 1 from development_steps s where s.record_id = d.id and s.step = ${step} and s.decision = 'approved')`;
const recordedStep = (step: string) =>
  sql`exists (select 1 from development_steps s where s.record_id = d.id and s.step = ${step})`;

/**
 * A development step not recorded within `months` of the step it follows, for active records only:
 * P2 the talk after the application, P11 the branch meeting after the pre-review, P12 the committee's
 * approval after the branch meeting, P13 the oath after the approval (2026 rule set only: the 2014
 * 细则 sets no month for it). The step names and their labels are the domain's (packages/domain
 * development/rules.ts), as are the limits' defaults and which rule sets carry each limit.
 */
function developmentStepOverdue(after: DevelopmentStepCode, step: DevelopmentStepCode): Detector {
  const afterLabel = DEVELOPMENT_STEP_LABELS[after];
  const label = DEVELOPMENT_STEP_LABELS[step];
  // A limit belongs to the rule sets that have it (P13's month for the oath is in the 2026 set only):
  // it applies to a record when the step it runs from was recorded under one of them.
  const sets = RULE_SETS.filter((set) =>
    set.deadlines.some((d) => d.kind === 'deadline' && d.step === step && d.from === after),
  );
  const everySet = sets.length === RULE_SETS.length;
  const versions = sets.map((set) => set.version);
  const inSets = (column: RawBuilder<unknown>) =>
    everySet ? sql`true` : sql`${column} in (${sql.join(versions)})`;
  // the application has no step row: its set is the one in force on the day it was made
  const appliedInSets = everySet
    ? sql`true`
    : sql`(${sql.join(
        sets.map((set) =>
          set.effectiveTo
            ? sql`d.applied_on between ${set.effectiveFrom}::date and ${set.effectiveTo}::date`
            : sql`d.applied_on >= ${set.effectiveFrom}::date`,
        ),
        sql` or `,
      )})`;
  return {
    query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
      with r as materialized (
        select d.id, d.org_id, o.region_code, o.path, o.name as org_name, m.name as member_name,
          coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'months')::int, 1) as months,
          ${
            after === 'application'
              ? sql`case when ${appliedInSets} then d.applied_on end`
              : sql`(select max(s.step_date) from development_steps s where s.record_id = d.id and s.step = ${after}
                     and s.decision = 'approved' and ${inSets(sql`s.rule_set`)})`
          } as anchor
        from ${activeRecords(orgPath)}
          and not ${approvedStep(step)}
      )
      select r.region_code, r.org_id, r.path as org_path, 'development' as subject_type, r.id as subject_id,
        ${step}::text as aspect, '' as period, null::date as period_start, null::date as period_end,
        ${rule.severity}::text as severity, (r.anchor + make_interval(months => r.months))::date as since,
        ${cite(rule)} || '：' || r.org_name || '的' || r.member_name || '于' || to_char(r.anchor, 'YYYY-MM-DD') ||
          ${afterLabel}::text || '，已超过' || r.months || '个月，尚未登记' || ${label}::text as message,
        jsonb_build_object('anchor', r.anchor, 'months', r.months, 'step', ${step}::text,
          'due', (r.anchor + make_interval(months => r.months))::date,
          'why', ${afterLabel}::text || '后' || r.months || '个月内应完成' || ${label}::text) as details
      from r
      where r.anchor is not null and (r.anchor + make_interval(months => r.months))::date < ${asOf}::date`,
  };
}

/** P4: an activist not assessed within `months` of being designated or of the last assessment. */
const assessmentOverdue: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with r as materialized (
      select d.id, d.org_id, o.region_code, o.path, o.name as org_name, m.name as member_name,
        coalesce((${paramsSql(rule, hasOverrides, sql`o.region_code`)} ->> 'months')::int, 6) as months,
        (select max(s.step_date) from development_steps s where s.record_id = d.id
           and s.step in ('activist', 'assessment') and s.decision = 'approved') as anchor,
        ${approvedStep('assessment')} as assessed
      from ${activeRecords(orgPath)}
        and ${approvedStep('activist')} and not ${approvedStep('candidate')}
    )
    select r.region_code, r.org_id, r.path as org_path, 'development' as subject_type, r.id as subject_id,
      'assessment' as aspect, '' as period, null::date as period_start, null::date as period_end,
      ${rule.severity}::text as severity, (r.anchor + make_interval(months => r.months))::date as since,
      ${cite(rule)} || '：' || r.org_name || '的入党积极分子' || r.member_name || '自' || to_char(r.anchor, 'YYYY-MM-DD') ||
        case when r.assessed then '上次考察' else '确定为入党积极分子' end || '以来已超过' || r.months ||
        '个月，尚未登记培养教育考察' as message,
      jsonb_build_object('anchor', r.anchor, 'months', r.months, 'step', 'assessment',
        'due', (r.anchor + make_interval(months => r.months))::date,
        'why', '入党积极分子每' || r.months || '个月应考察一次') as details
    from r
    where (r.anchor + make_interval(months => r.months))::date < ${asOf}::date`,
};

/**
 * P15: probation (P14: a year from the branch meeting plus any extension) has ended: a warning while the
 * branch has not discussed the conversion, a finding once `months` have passed without the committee's
 * decision. The same finding row moves from warning to finding, as D11 does.
 */
const conversionOverdue: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with r as materialized (
      select d.id, d.org_id, o.region_code, o.path, o.name as org_name, m.name as member_name,
        ${paramsSql(rule, hasOverrides, sql`o.region_code`)} as p,
        (select max(s.step_date) from development_steps s where s.record_id = d.id and s.step = 'branch_meeting'
           and s.decision = 'approved') as meeting,
        (select coalesce(sum((s.data ->> 'extensionMonths')::int), 0) from development_steps s where s.record_id = d.id
           and s.step = 'extension' and s.decision = 'approved')::int as extension,
        ${recordedStep('conversion_meeting')} as discussed
      from ${activeRecords(orgPath)}
        and ${approvedStep('approval')} and not ${recordedStep('conversion_approval')}
    ),
    e as (
      select r.*, coalesce((r.p ->> 'months')::int, 3) as months,
        (r.meeting + make_interval(months => coalesce((r.p ->> 'probationMonths')::int, 12) + r.extension))::date as ends_on
      from r where r.meeting is not null
    ),
    j as (
      select e.*, (e.ends_on + make_interval(months => e.months))::date as due,
        (e.ends_on + make_interval(months => e.months))::date < ${asOf}::date as late
      from e where e.ends_on < ${asOf}::date
    )
    select j.region_code, j.org_id, j.path as org_path, 'development' as subject_type, j.id as subject_id,
      'conversion' as aspect, '' as period, null::date as period_start, null::date as period_end,
      case when j.late then 'finding' else 'warning' end as severity,
      case when j.late then j.due else j.ends_on end as since,
      ${cite(rule)} || '：' || j.org_name || '的预备党员' || j.member_name || '预备期已于' || to_char(j.ends_on, 'YYYY-MM-DD') || '期满，' ||
        case when j.late then '超过' || j.months || '个月仍未登记上级党委转正审批'
             else '党支部尚未讨论其能否转正，请及时召开支部大会讨论' end as message,
      jsonb_build_object('probationEnd', j.ends_on, 'extensionMonths', j.extension, 'months', j.months, 'due', j.due,
        'conversionMeeting', j.discussed,
        'why', case when j.late then '预备期满' || j.months || '个月内应完成转正审批' else '预备期满应及时讨论转正' end) as details
    from j
    where j.late or not j.discussed`,
};

/**
 * J1: a project lagging its schedule (issue 15): the weight of its completed milestones falls short of
 * the weight of those planned on or before the day by `lagPoints` points or more (the figures of
 * API.md "Projects", `milestoneFigures` in packages/domain). Only projects with milestones: a parent's
 * figures are its sub-projects', and each lagging sub-project is its own lead organization's finding.
 * It resolves itself once the project is back within `lagPoints` of its plan.
 */
const projectLagging: Detector = {
  query: ({ rule, hasOverrides, orgPath, asOf }) => sql`
    with p as materialized (
      select p.id, p.org_id, p.title, p.region_code, o.path, o.name as org_name,
        coalesce((${paramsSql(rule, hasOverrides, sql`p.region_code`)} ->> 'lagPoints')::int, 10) as lag,
        coalesce(sum(m.weight) filter (where m.completed_on is not null), 0)::int as progress,
        coalesce(sum(m.weight) filter (where m.planned_on <= ${asOf}::date), 0)::int as planned,
        min(m.planned_on) filter (where m.completed_on is null and m.planned_on <= ${asOf}::date) as first_missed
      from projects p
      join orgs o on o.id = p.org_id
      join project_milestones m on m.project_id = p.id
      where o.path like ${likePrefix(orgPath)} and o.status = 'active'
      group by p.id, o.id
    )
    select p.region_code, p.org_id, p.path as org_path, 'project' as subject_type, p.id as subject_id,
      '' as aspect, '' as period, null::date as period_start, null::date as period_end,
      ${rule.severity}::text as severity, p.first_missed as since,
      ${cite(rule)} || '：' || p.org_name || '牵头的项目“' || p.title || '”推进滞后，实际进度' || p.progress ||
        '%，计划进度' || p.planned || '%，滞后' || (p.planned - p.progress) || '个百分点' as message,
      jsonb_build_object('progress', p.progress, 'plannedProgress', p.planned, 'aheadPoints', p.progress - p.planned,
        'lagPoints', p.lag, 'firstMissed', p.first_missed,
        'why', '实际进度落后计划进度' || (p.planned - p.progress) || '个百分点（达到' || p.lag || '个百分点即为滞后）') as details
    from p
    where p.planned - p.progress >= p.lag`,
};

export const DETECTORS: Record<string, Detector> = {
  P2: developmentStepOverdue('application', 'talk'),
  P4: assessmentOverdue,
  P11: developmentStepOverdue('pre_review', 'branch_meeting'),
  P12: developmentStepOverdue('branch_meeting', 'approval'),
  P13: developmentStepOverdue('approval', 'oath'),
  P15: conversionOverdue,
  O5: terms,
  O1: unitWithoutBranch,
  O2: orgSetupForms,
  M3: mobileTogether,
  M4: transferOverdue,
  O6: meetingsDetector(['branch_general', 'branch_committee', 'group', 'theme_day', 'lecture']),
  O7: meetingsDetector(['life_meeting', 'review']),
  O8: silentBranch,
  D10: ledgerNotGenerated,
  D11: arrears,
  M2: lostContact,
  J1: projectLagging,
};

/** The look-back parameter of a rule's parameter sets (the national one and each override). */
export function lookbacks(params: Params[], fallback: number): number[] {
  return params.map((p) => (typeof p.lookbackMonths === 'number' ? p.lookbackMonths : fallback));
}
