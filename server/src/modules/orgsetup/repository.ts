import {
  type AssignmentRole,
  COVERAGE_SCOPE,
  guidancePeriod,
  O1,
  O3,
  O4,
  O5,
  ORG_SETUP_CHECK_SEVERITY,
  type OrgSetupCheck,
} from '@honglian/domain';
import { type RawBuilder, sql } from 'kysely';
import { escapeLike } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/**
 * Plain data access for organization setup. The findings and the coverage of a whole subtree are
 * each one statement: the database selects the organizations and units that break a rule (with the
 * facts the pure evaluators of @honglian/domain need to word the finding), never a loop per org.
 */

/** Members that count for O1/O3/O4: probationary and full, still in the Party's care. */
const CURRENT_MEMBER = sql`m.stage in ('probationary', 'full') and m.status in ('normal', 'mobile', 'lost_contact')`;

function pathsCondition(column: RawBuilder<unknown>, paths: string[]): RawBuilder<boolean> {
  if (paths.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    paths.map((p) => sql`${column} like ${`${escapeLike(p)}%`}`),
    sql` or `,
  )})`;
}

export interface FindingRow {
  check_code: OrgSetupCheck;
  org_id: number;
  org_name: string;
  org_type: string;
  org_path: string;
  unit_kind: string | null;
  members: number;
  full_members: number;
  term_kind: 'committee' | 'secretary' | null;
  elected_on: string | null;
  ends_on: string | null;
  committee_size: number | null;
  subject_unit_id: number | null;
  subject_unit_name: string | null;
  unit_full_members: number | null;
  /** 0 violation, 1 warning, 2 info: the list's first sort key */
  severity_rank: number;
  /** the unit of O1.unit_without_branch, else 0: the list's last sort key */
  subject_key: number;
}

/** A finding's place in the list's order: severity, organization path, check, unit (the cursor). */
export type FindingKey = readonly [rank: number, orgPath: string, check: string, subjectKey: number];

export const findingKey = (r: FindingRow): FindingKey => [
  r.severity_rank,
  r.org_path,
  r.check_code,
  r.subject_key,
];

/** Which organizations (or units) a computation covers: a subtree, or some ids. */
type Scope = { prefix: string } | { ids: number[] };

function inScope(alias: 'o' | 'mo' | 'g' | 'co' | 'u', scope: Scope): RawBuilder<boolean> {
  if ('prefix' in scope)
    return sql<boolean>`${sql.ref(`${alias}.path`)} like ${`${escapeLike(scope.prefix)}%`}`;
  return sql<boolean>`${sql.ref(`${alias}.id`)} = any(${scope.ids}::bigint[])`;
}

const SEVERITY_RANK = sql.join(
  Object.entries(ORG_SETUP_CHECK_SEVERITY).map(
    ([check, s]) => sql`when ${check}::text then ${s === 'violation' ? 0 : s === 'warning' ? 1 : 2}::int`,
  ),
  sql` `,
);

export function severityRank(severity: string): number {
  return severity === 'violation' ? 0 : severity === 'warning' ? 1 : 2;
}

/** The severities a filter can select: the list reads only their ranges of the order index. */
function ranksOf(filter: FindingsFilter): number[] {
  const checks = (Object.entries(ORG_SETUP_CHECK_SEVERITY) as Array<[string, string]>).filter(
    ([check, severity]) =>
      (!filter.rule || check.startsWith(`${filter.rule}.`)) &&
      (!filter.check || check === filter.check) &&
      (!filter.severity || severity === filter.severity),
  );
  return [0, 1, 2].filter((r) => checks.some(([, severity]) => severityRank(severity) === r));
}

/**
 * THE definition of the organization checks (O1 branch over 50, O3, O4, O5): every finding of the
 * organizations in `scope`, as rows of facts, each with the days it holds (valid_from .. valid_to:
 * only O5's depend on the day; the others hold until the data changes). One pass over the
 * organizations with their counts and current term, each org row expanded into the checks it fails
 * by a LATERAL of conditions. Written so that the planner sees real tables (no CTE referenced twice).
 */
function orgCandidates(scope: Scope) {
  const p1 = O1.parameters;
  const p3 = O3.parameters;
  const p4 = O4.parameters;
  return sql`
    with facts as (
      select o.id as org_id, o.name as org_name, o.type as org_type, o.path as org_path, u.kind as unit_kind,
        coalesce(gb.members, c.members, 0) as members, coalesce(gb.full_members, c.full_members, 0) as full_members,
        t.kind as term_kind, t.elected_on, t.ends_on, coalesce(cs.n, 0) as committee_size
      from orgs o
      left join units u on u.id = o.unit_id
      left join (
        select m.org_id, count(*)::int as members, (count(*) filter (where m.stage = 'full'))::int as full_members
        from members m join orgs mo on mo.id = m.org_id
        where ${inScope('mo', scope)} and mo.status = 'active' and ${CURRENT_MEMBER}
        group by m.org_id
      ) c on c.org_id = o.id
      left join (
        -- a 党总支 counts the members of its whole subtree
        select g.id as org_id, count(*)::int as members, (count(*) filter (where m.stage = 'full'))::int as full_members
        from orgs g
        join orgs d on d.path like g.path || '%' and d.status = 'active'
        join members m on m.org_id = d.id
        where ${inScope('g', scope)} and g.type = 'general_branch' and g.status = 'active' and ${CURRENT_MEMBER}
        group by g.id
      ) gb on gb.org_id = o.id
      left join org_terms t on t.org_id = o.id and t.state = 'current'
      left join (
        select cm.term_id, count(*)::int as n
        from org_committee_members cm
        join org_terms ct on ct.id = cm.term_id and ct.state = 'current'
        join orgs co on co.id = ct.org_id
        where ${inScope('co', scope)}
        group by cm.term_id
      ) cs on cs.term_id = t.id
      where ${inScope('o', scope)} and o.status = 'active'
    )
    select chk.check_code, chk.valid_from, chk.valid_to, f.*,
      null::bigint as subject_unit_id, null::text as subject_unit_name, null::int as unit_full_members
    from facts f
    cross join lateral (
      select 'O1.branch_over_50'::text as check_code, '-infinity'::date as valid_from, 'infinity'::date as valid_to
      where f.org_type in ('branch', 'joint_branch', 'temporary_branch') and f.members > ${p1.maxBranchMembers}
      union all
      select 'O3.committee_required', '-infinity', 'infinity'
      where f.org_type in ('branch', 'joint_branch') and f.full_members >= ${p3.committeeFromFullMembers}
        and f.term_kind is distinct from 'committee'
      union all
      select 'O3.secretary_only', '-infinity', 'infinity'
      where f.org_type in ('branch', 'joint_branch') and f.term_kind = 'committee'
        and f.full_members < ${p3.committeeFromFullMembers}
      union all
      select 'O3.committee_size', '-infinity', 'infinity'
      where f.org_type in ('branch', 'joint_branch', 'general_branch') and f.term_kind = 'committee'
        and (f.committee_size < ${p3.minCommittee} or f.committee_size > ${p3.maxCommittee})
      union all
      select 'O4.general_branch_advised', '-infinity', 'infinity'
      where f.org_type in ('branch', 'joint_branch') and f.members > ${p4.generalBranchAbove}
        and f.members < ${p4.committeeFrom}
      union all
      select 'O4.committee_advised', '-infinity', 'infinity'
      where f.org_type in ('branch', 'joint_branch', 'general_branch') and f.members >= ${p4.committeeFrom}
      union all
      select 'O5.no_term', '-infinity', 'infinity' where f.org_type <> 'temporary_branch' and f.term_kind is null
      union all
      -- overdue from the day after the end
      select 'O5.term_overdue', f.ends_on + 1, 'infinity'
      where f.org_type <> 'temporary_branch' and f.ends_on is not null
      union all
      -- expiring from remindMonthsBefore calendar months before the end through the end day
      select 'O5.term_expiring', (f.ends_on - make_interval(months => ${O5.parameters.remindMonthsBefore}::int))::date, f.ends_on
      where f.org_type <> 'temporary_branch' and f.ends_on is not null
    ) chk`;
}

/** O1 "a unit with 3 full members and no branch of its own", for the units in `scope`. */
function unitCandidates(scope: Scope) {
  return sql`
    select 'O1.unit_without_branch'::text as check_code, '-infinity'::date as valid_from, 'infinity'::date as valid_to,
      mo.id as org_id, mo.name as org_name, mo.type as org_type, mo.path as org_path, null::text as unit_kind,
      0 as members, 0 as full_members, null::text as term_kind, null::date as elected_on, null::date as ends_on,
      null::int as committee_size, u.id as subject_unit_id, u.name as subject_unit_name, w.n as unit_full_members
    from units u
    join orgs mo on mo.id = u.org_id
    cross join lateral (
      select count(*)::int as n from members m
      where m.work_unit = u.name and m.stage = 'full' and m.status in ('normal', 'mobile', 'lost_contact')
    ) w
    where ${'prefix' in scope ? inScope('mo', scope) : inScope('u', scope)} and mo.status = 'active'
      and w.n >= ${O1.parameters.minFullMembers}
      and not exists (
        select 1 from orgs own where own.unit_id = u.id and own.status = 'active' and own.type <> 'joint_branch'
      )`;
}

const STORED_COLUMNS = sql`org_id, check_code, subject_key, severity_rank, org_path, org_name, org_type, unit_kind,
  members, full_members, term_kind, elected_on, ends_on, committee_size, subject_unit_id, subject_unit_name,
  unit_full_members, valid_from, valid_to`;

async function store(db: Executor, candidates: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with c as (${candidates}),
    ins as (
      insert into orgsetup_findings (${STORED_COLUMNS})
      select c.org_id, c.check_code, coalesce(c.subject_unit_id, 0), case c.check_code ${SEVERITY_RANK} end,
        c.org_path, c.org_name, c.org_type, c.unit_kind, c.members, c.full_members, c.term_kind, c.elected_on,
        c.ends_on, c.committee_size, c.subject_unit_id, c.subject_unit_name, c.unit_full_members,
        c.valid_from, c.valid_to
      from c
      returning 1
    )
    select count(*)::int as n from ins`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Beyond this many changed organizations, recomputing the whole table is cheaper than by ids. */
const WHOLE_TABLE_ABOVE = 2000;

export interface RefreshResult {
  orgs: number;
  units: number;
  rows: number;
  whole: boolean;
}

/**
 * Brings `orgsetup_findings` up to date with what the triggers noted in `orgsetup_dirty` (or, with
 * `whole`, recomputes it entirely: the nightly sweep). Changed organizations are recomputed with
 * their ancestors (a 党总支 counts its subtree) and the units they manage; changed units with the
 * units members name as work unit and the organizations set up for them. One refresher at a time (a
 * transaction-scoped advisory lock); the caller's transaction makes it all-or-nothing.
 */
export async function refreshFindings(
  trx: Executor,
  options: { whole?: boolean } = {},
): Promise<RefreshResult> {
  await sql`select pg_advisory_xact_lock(hashtext('orgsetup_findings'))`.execute(trx);
  const { rows: dirty } = await sql<{ kind: string; key: string }>`
    with d as (delete from orgsetup_dirty returning kind, key) select distinct kind, key from d`.execute(trx);
  const orgIds = dirty.filter((d) => d.kind === 'org').map((d) => Number(d.key));
  if (options.whole || dirty.some((d) => d.kind === 'all') || orgIds.length > WHOLE_TABLE_ABOVE) {
    await sql`delete from orgsetup_findings`.execute(trx);
    const rows =
      (await store(trx, orgCandidates({ prefix: '' }))) + (await store(trx, unitCandidates({ prefix: '' })));
    return { orgs: -1, units: -1, rows, whole: true };
  }
  if (dirty.length === 0) return { orgs: 0, units: 0, rows: 0, whole: false };
  const unitIds = dirty.filter((d) => d.kind === 'unit').map((d) => Number(d.key));
  const names = dirty.filter((d) => d.kind === 'work_unit').map((d) => d.key);
  const { rows: orgRows } = await sql<{ id: number }>`
    select distinct x.id from (
      select unnest(${orgIds}::bigint[]) as id
      union select a.id::bigint from orgs o
        cross join lateral unnest(string_to_array(trim(both '/' from o.path), '/')) as a(id)
        where o.id = any(${orgIds}::bigint[])
      union select o.id from orgs o where o.unit_id = any(${unitIds}::bigint[])
    ) x`.execute(trx);
  const { rows: unitRows } = await sql<{ id: number }>`
    select unnest(${unitIds}::bigint[]) as id
    union select u.id from units u where u.name = any(${names}::text[])
    union select u.id from units u where u.org_id = any(${orgIds}::bigint[])`.execute(trx);
  const orgs = orgRows.map((r) => r.id);
  const units = unitRows.map((r) => r.id);
  await sql`delete from orgsetup_findings where subject_key = 0 and org_id = any(${orgs}::bigint[])`.execute(
    trx,
  );
  await sql`delete from orgsetup_findings
    where check_code = 'O1.unit_without_branch' and subject_key = any(${units}::bigint[])`.execute(trx);
  const rows =
    (orgs.length ? await store(trx, orgCandidates({ ids: orgs })) : 0) +
    (units.length ? await store(trx, unitCandidates({ ids: units })) : 0);
  return { orgs: orgs.length, units: units.length, rows, whole: false };
}

/** Whether anything changed since the findings were last brought up to date (cheap: one row read). */
export async function findingsStale(db: Executor): Promise<boolean> {
  const { rows } = await sql<{ stale: boolean }>`
    select exists (select 1 from orgsetup_dirty) as stale`.execute(db);
  return rows[0]?.stale ?? false;
}

export interface FindingsFilter {
  prefix: string;
  today: string;
  rule?: string;
  check?: string;
  severity?: string;
}

const ROW_COLUMN_NAMES = [
  'check_code',
  'org_id',
  'org_name',
  'org_type',
  'org_path',
  'unit_kind',
  'members',
  'full_members',
  'term_kind',
  'elected_on',
  'ends_on',
  'committee_size',
  'subject_unit_id',
  'subject_unit_name',
  'unit_full_members',
  'severity_rank',
  'subject_key',
];

/** What the order index holds: a page's keys are read from it alone. */
const KEY_COLUMNS = sql`severity_rank, org_path, check_code, subject_key, org_id`;

function storedWhere(filter: FindingsFilter) {
  const conditions = [
    sql`org_path like ${`${escapeLike(filter.prefix)}%`}`,
    sql`valid_from <= ${filter.today}::date and valid_to >= ${filter.today}::date`,
  ];
  if (filter.rule) conditions.push(sql`check_code like ${`${filter.rule}.%`}`);
  if (filter.check) conditions.push(sql`check_code = ${filter.check}`);
  return sql.join(conditions, sql` and `);
}

/** Where a page starts: an OFFSET (page numbers), or after / before a finding's key (cursor). */
export type FindingsPosition = { offset: number } | { after: FindingKey } | { before: FindingKey };

/**
 * A page of the stored findings of a subtree on `today`, in the list's order (severity, org path,
 * check, unit). The keyset reads are one range of `orgsetup_findings_order` per severity (each a
 * bounded index scan, merged): the last page costs what the first does. `before` answers the rows
 * preceding the key nearest first. Read one row more than the page to know whether another follows.
 */
export async function findingsPage(
  db: Executor,
  input: FindingsFilter & { limit: number; position: FindingsPosition },
): Promise<FindingRow[]> {
  const where = storedWhere(input);
  const p = input.position;
  if ('offset' in p) {
    const ranks = ranksOf(input);
    if (ranks.length === 0) return [];
    return withColumns(
      db,
      sql`select ${KEY_COLUMNS} from orgsetup_findings
        where ${where} ${ranks.length < 3 ? sql`and severity_rank = any(${ranks}::int[])` : sql``}
        order by severity_rank, org_path, check_code, subject_key
        limit ${input.limit} offset ${p.offset}`,
      sql`asc`,
    );
  }
  const back = 'before' in p;
  const key = back ? p.before : p.after;
  const ranks = ranksOf(input).filter((r) => (back ? r <= key[0] : r >= key[0]));
  if (ranks.length === 0) return [];
  const dir = back ? sql`desc` : sql`asc`;
  const parts = ranks.map(
    (r) => sql`(select ${KEY_COLUMNS} from orgsetup_findings
      where severity_rank = ${r} and ${where}
        ${r === key[0] ? (back ? sql`and (org_path, check_code, subject_key) < (${key[1]}, ${key[2]}, ${key[3]}::bigint)` : sql`and (org_path, check_code, subject_key) > (${key[1]}, ${key[2]}, ${key[3]}::bigint)`) : sql``}
      order by org_path ${dir}, check_code ${dir}, subject_key ${dir}
      limit ${input.limit})`,
  );
  return withColumns(
    db,
    sql`select * from (${sql.join(parts, sql` union all `)}) x
      order by severity_rank ${dir}, org_path ${dir}, check_code ${dir}, subject_key ${dir}
      limit ${input.limit}`,
    dir,
  );
}

/** The keys of a page (an index-only read), then the page's rows by primary key. */
async function withColumns(db: Executor, keys: RawBuilder<unknown>, dir: RawBuilder<unknown>) {
  const { rows } = await sql<FindingRow>`
    with page as materialized (${keys})
    select ${sql.join(
      ROW_COLUMN_NAMES.map((c) => sql.ref(`f.${c}`)),
      sql`, `,
    )}
    from page join orgsetup_findings f
      on f.check_code = page.check_code and f.org_id = page.org_id and f.subject_key = page.subject_key
    order by f.severity_rank ${dir}, f.org_path ${dir}, f.check_code ${dir}, f.subject_key ${dir}`.execute(
    db,
  );
  return rows;
}

/** The stored findings of a subtree on `today`, counted by check (one index-only scan). */
export async function findingCounts(
  db: Executor,
  input: { prefix: string; today: string },
): Promise<Array<{ check_code: OrgSetupCheck; count: number }>> {
  const { rows } = await sql<{ check_code: OrgSetupCheck; count: number }>`
    select check_code, count(*)::int as count from orgsetup_findings
    where ${storedWhere(input)}
    group by check_code order by check_code`.execute(db);
  return rows;
}

/**
 * The findings of a subtree on `today` computed from the data now, nothing stored or read from the
 * stored rows: what the stored rows must equal (tests, and the bench's "before").
 */
export async function computeFindings(
  db: Executor,
  input: { prefix: string; today: string },
): Promise<FindingRow[]> {
  const scope = { prefix: input.prefix };
  const { rows } = await sql<FindingRow>`
    with c as (${orgCandidates(scope)} union all ${unitCandidates(scope)})
    select c.check_code, c.org_id, c.org_name, c.org_type, c.org_path, c.unit_kind, c.members, c.full_members,
      c.term_kind, c.elected_on, c.ends_on, c.committee_size, c.subject_unit_id, c.subject_unit_name,
      c.unit_full_members, case c.check_code ${SEVERITY_RANK} end as severity_rank,
      coalesce(c.subject_unit_id, 0) as subject_key
    from c
    where c.valid_from <= ${input.today}::date and c.valid_to >= ${input.today}::date
    order by 16, c.org_path collate "C", c.check_code collate "C", 17`.execute(db);
  return rows;
}

/** Members and full members of an org (a 党总支 or 党委: its whole subtree). */
export async function memberCounts(
  db: Executor,
  org: { id: number; path: string; type: string },
): Promise<{ members: number; full_members: number }> {
  const whole = org.type === 'general_branch' || org.type === 'committee' || org.type === 'functional';
  const where = whole
    ? sql`m.org_id in (select id from orgs where path like ${`${escapeLike(org.path)}%`} and status = 'active')`
    : sql`m.org_id = ${org.id}`;
  const { rows } = await sql<{ members: number; full_members: number }>`
    select count(*)::int as members, (count(*) filter (where m.stage = 'full'))::int as full_members
    from members m where ${where} and ${CURRENT_MEMBER}`.execute(db);
  return rows[0] ?? { members: 0, full_members: 0 };
}

// ── coverage ────────────────────────────────────────────────────────────────────────────────────

export type CoverageGroupBy = 'region' | 'industry';

function coverageCte(paths: string[], today: string) {
  const period = guidancePeriod(today);
  // materialized: the bucket is computed once per unit, not once per count that reads it
  return sql`
    with classified as materialized (
      select s.id, s.name, s.kind, s.region_code, s.industry, s.employees, s.credit_code, s.org_id,
        case
          when own.unit_id is not null then 'ownOrg'
          -- managed by a joint branch, or (rarely) the unit a joint branch is registered under
          when mj.id is not null or uj.unit_id is not null then 'jointOrg'
          -- work coverage: an instructor or liaison assigned today, or one who guided it this year
          when ia.unit_id is not null or gv.unit_id is not null then 'instructorReached'
          else 'uncovered'
        end as bucket,
        gv.unit_id is not null as guided,
        coalesce(nullif(s.industry, ''), case when s.kind = 'social_org' then '社会组织' else '未填写行业' end) as industry_key
      from units s
      join orgs mo on mo.id = s.org_id
      left join (
        select distinct unit_id from orgs
        where unit_id is not null and status = 'active' and type <> 'joint_branch'
      ) own on own.unit_id = s.id
      left join orgs mj on mj.id = s.org_id and mj.status = 'active' and mj.type = 'joint_branch'
      left join (
        select distinct unit_id from orgs
        where unit_id is not null and status = 'active' and type = 'joint_branch'
      ) uj on uj.unit_id = s.id
      left join (
        select distinct unit_id from instructor_assignments
        where assigned_on <= ${today}::date and (ended_on is null or ended_on > ${today}::date)
          and role <> 'cadre'
      ) ia on ia.unit_id = s.id
      left join (
        -- 指导记录: visits are recorded only by the person assigned to the unit on that day; a 挂钩干部's
        -- visits (decision 0027) serve the enterprise and are not Party-building guidance
        select distinct v.unit_id from guidance_visits v
        join instructor_assignments va on va.id = v.assignment_id and va.role <> 'cadre'
        where v.visited_on >= ${period.from}::date and v.visited_on <= ${period.to}::date
      ) gv on gv.unit_id = s.id
      where ${pathsCondition(sql`mo.path`, paths)}
        and ((s.kind = 'enterprise' and s.employees >= ${COVERAGE_SCOPE.enterpriseMinEmployees})
          or (s.kind = 'social_org' and s.employees >= ${COVERAGE_SCOPE.socialOrgMinStaff}))
    )`;
}

export interface CoverageGroupRow {
  key: string;
  in_scope: number;
  enterprises: number;
  social_orgs: number;
  own_org: number;
  joint_org: number;
  instructor_reached: number;
  guided: number;
}

export async function coverage(
  db: Executor,
  input: { paths: string[]; today: string; groupBy: CoverageGroupBy },
): Promise<CoverageGroupRow[]> {
  const key = input.groupBy === 'region' ? sql`region_code::text` : sql`industry_key`;
  const { rows } = await sql<CoverageGroupRow>`
    ${coverageCte(input.paths, input.today)}
    select ${key} as key,
      count(*)::int as in_scope,
      (count(*) filter (where kind = 'enterprise'))::int as enterprises,
      (count(*) filter (where kind = 'social_org'))::int as social_orgs,
      (count(*) filter (where bucket = 'ownOrg'))::int as own_org,
      (count(*) filter (where bucket = 'jointOrg'))::int as joint_org,
      (count(*) filter (where bucket = 'instructorReached'))::int as instructor_reached,
      (count(*) filter (where guided))::int as guided
    from classified
    group by 1
    order by 2 desc, 1`.execute(db);
  return rows;
}

export interface CoverageUnitRow {
  id: number;
  name: string;
  kind: string;
  credit_code: string | null;
  region_code: string;
  industry: string | null;
  employees: number | null;
  bucket: 'ownOrg' | 'jointOrg' | 'instructorReached' | 'uncovered';
  guided: boolean;
  org_name: string | null;
  instructors: string | null;
  total: number;
}

/** The units behind one number of the dashboard (drill-down), paged. */
export async function coverageUnits(
  db: Executor,
  input: {
    paths: string[];
    today: string;
    groupBy?: CoverageGroupBy;
    group?: string;
    bucket: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: CoverageUnitRow[]; total: number }> {
  const conditions = [sql`true`];
  if (input.bucket === 'guided') conditions.push(sql`c.guided`);
  else if (input.bucket !== 'inScope') conditions.push(sql`c.bucket = ${input.bucket}`);
  if (input.groupBy && input.group !== undefined) {
    conditions.push(
      input.groupBy === 'region' ? sql`c.region_code = ${input.group}` : sql`c.industry_key = ${input.group}`,
    );
  }
  const { rows } = await sql<CoverageUnitRow>`
    ${coverageCte(input.paths, input.today)}
    select c.id, c.name, c.kind, c.credit_code, c.region_code::text as region_code, c.industry, c.employees, c.bucket, c.guided,
      case c.bucket
        when 'ownOrg' then (select string_agg(o.name, '、' order by o.id) from orgs o
                            where o.unit_id = c.id and o.status = 'active' and o.type <> 'joint_branch')
        when 'jointOrg' then (select string_agg(j.name, '、' order by j.id) from orgs j
                              where j.status = 'active' and j.type = 'joint_branch'
                                and j.id in (select c.org_id union all select o2.id from orgs o2 where o2.unit_id = c.id))
      end as org_name,
      (select string_agg(a.name, '、' order by a.id) from instructor_assignments a
        where a.unit_id = c.id and a.role <> 'cadre' and a.assigned_on <= ${input.today}::date
          and (a.ended_on is null or a.ended_on > ${input.today}::date)) as instructors,
      (count(*) over ())::int as total
    from classified c
    where ${sql.join(conditions, sql` and `)}
    order by c.bucket desc, c.employees desc nulls last, c.id
    limit ${input.limit} offset ${input.offset}`.execute(db);
  return { rows, total: rows[0]?.total ?? 0 };
}

// ── instructors ─────────────────────────────────────────────────────────────────────────────────

export interface InstructorRow {
  id: number;
  user_id: number | null;
  role: AssignmentRole;
  name: string;
  phone: string | null;
  unit_id: number;
  unit_name: string;
  unit_kind: string;
  unit_has_org: boolean;
  org_name: string | null;
  org_path: string;
  region_code: string;
  assigned_on: string;
  ended_on: string | null;
  note: string | null;
  active: boolean;
  total: number;
  instructor_count: number;
  unit_count: number;
}

export async function listInstructors(
  db: Executor,
  input: {
    paths: string[];
    today: string;
    unitId?: number;
    /** Only these kinds of assignment (党建工作指导员 / 联络员 / 挂钩干部). */
    roles?: readonly AssignmentRole[];
    q?: string;
    state: 'active' | 'ended' | 'all';
    limit: number;
    offset: number;
    /** Only this one assignment (detail read). */
    id?: number;
  },
): Promise<{ rows: InstructorRow[]; total: number; instructors: number; units: number }> {
  const active = sql`(a.assigned_on <= ${input.today}::date and (a.ended_on is null or a.ended_on > ${input.today}::date))`;
  const conditions = [pathsCondition(sql`mo.path`, input.paths)];
  if (input.id !== undefined) conditions.push(sql`a.id = ${input.id}`);
  if (input.unitId !== undefined) conditions.push(sql`a.unit_id = ${input.unitId}`);
  if (input.roles) conditions.push(sql`a.role in (${sql.join([...input.roles])})`);
  if (input.state === 'active')
    conditions.push(sql`(a.ended_on is null or a.ended_on > ${input.today}::date)`);
  if (input.state === 'ended') conditions.push(sql`a.ended_on <= ${input.today}::date`);
  if (input.q) {
    const like = `%${escapeLike(input.q)}%`;
    conditions.push(sql`(a.name like ${like} or u.name like ${like})`);
  }
  const { rows } = await sql<InstructorRow>`
    with hits as (
      select a.id, a.user_id, a.role, a.name, a.phone, a.unit_id, u.name as unit_name, u.kind as unit_kind,
        exists (select 1 from orgs o where o.unit_id = u.id and o.status = 'active') as unit_has_org,
        mo.name as org_name, mo.path as org_path, a.region_code::text as region_code,
        a.assigned_on, a.ended_on, a.note, ${active} as active
      from instructor_assignments a
      join units u on u.id = a.unit_id
      join orgs mo on mo.id = u.org_id
      where ${sql.join(conditions, sql` and `)}
    )
    select hits.*, (count(*) over ())::int as total,
      (select count(distinct coalesce('u' || user_id::text, 'n' || name || coalesce(phone, ''))) from hits)::int as instructor_count,
      (select count(distinct unit_id) from hits)::int as unit_count
    from hits
    order by active desc, name, assigned_on desc, id
    limit ${input.limit} offset ${input.offset}`.execute(db);
  const first = rows[0];
  return {
    rows,
    total: first?.total ?? 0,
    instructors: first?.instructor_count ?? 0,
    units: first?.unit_count ?? 0,
  };
}

// ── party-affairs workers ───────────────────────────────────────────────────────────────────────

export interface PartyWorkerRow {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  region_code: string;
  member_id: number | null;
  name: string;
  post: string;
  phone: string | null;
  full_time: boolean;
  trained_on: string | null;
  note: string | null;
  total: number;
}

export async function listPartyWorkers(
  db: Executor,
  input: {
    paths: string[];
    q?: string;
    fullTime?: boolean;
    id?: number;
    limit: number;
    offset: number;
  },
): Promise<{ rows: PartyWorkerRow[]; total: number }> {
  const conditions = [pathsCondition(sql`o.path`, input.paths)];
  if (input.id !== undefined) conditions.push(sql`w.id = ${input.id}`);
  if (input.fullTime !== undefined) conditions.push(sql`w.full_time = ${input.fullTime}`);
  if (input.q) {
    const like = `%${escapeLike(input.q)}%`;
    conditions.push(sql`(w.name like ${like} or w.post like ${like} or o.name like ${like})`);
  }
  const { rows } = await sql<PartyWorkerRow>`
    select w.id, w.org_id, o.name as org_name, o.path as org_path, w.region_code::text as region_code, w.member_id,
      w.name, w.post, w.phone, w.full_time, w.trained_on, w.note, (count(*) over ())::int as total
    from party_workers w join orgs o on o.id = w.org_id
    where ${sql.join(conditions, sql` and `)}
    order by o.path, w.full_time desc, w.id
    limit ${input.limit} offset ${input.offset}`.execute(db);
  return { rows, total: rows[0]?.total ?? 0 };
}
