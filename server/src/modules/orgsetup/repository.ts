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
}

/**
 * Every finding of the subtree under `prefix`, as rows of facts. Written so that the planner sees
 * real tables (no CTE referenced twice, whose columns would have no statistics): one pass over the
 * subtree's organizations with their counts and current term, each org row expanded into the checks
 * it fails by a LATERAL of conditions, plus the O1 units.
 */
function findingsCte(prefix: string, today: string) {
  const like = `${escapeLike(prefix)}%`;
  const p1 = O1.parameters;
  const p3 = O3.parameters;
  const p4 = O4.parameters;
  const rank = sql.join(
    Object.entries(ORG_SETUP_CHECK_SEVERITY).map(
      ([check, s]) => sql`when ${check}::text then ${s === 'violation' ? 0 : s === 'warning' ? 1 : 2}::int`,
    ),
    sql` `,
  );
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
        where mo.path like ${like} and mo.status = 'active' and ${CURRENT_MEMBER}
        group by m.org_id
      ) c on c.org_id = o.id
      left join (
        -- a 党总支 counts the members of its whole subtree
        select g.id as org_id, count(*)::int as members, (count(*) filter (where m.stage = 'full'))::int as full_members
        from orgs g
        join orgs d on d.path like g.path || '%' and d.status = 'active'
        join members m on m.org_id = d.id
        where g.path like ${like} and g.type = 'general_branch' and g.status = 'active' and ${CURRENT_MEMBER}
        group by g.id
      ) gb on gb.org_id = o.id
      left join org_terms t on t.org_id = o.id and t.state = 'current'
      left join (
        select cm.term_id, count(*)::int as n
        from org_committee_members cm
        join org_terms ct on ct.id = cm.term_id and ct.state = 'current'
        join orgs co on co.id = ct.org_id
        where co.path like ${like}
        group by cm.term_id
      ) cs on cs.term_id = t.id
      where o.path like ${like} and o.status = 'active'
    ),
    found as (
      select chk.check_code, f.*,
        null::bigint as subject_unit_id, null::text as subject_unit_name, null::int as unit_full_members
      from facts f
      cross join lateral (
        select 'O1.branch_over_50'::text as check_code
        where f.org_type in ('branch', 'joint_branch', 'temporary_branch') and f.members > ${p1.maxBranchMembers}
        union all
        select 'O3.committee_required'
        where f.org_type in ('branch', 'joint_branch') and f.full_members >= ${p3.committeeFromFullMembers}
          and f.term_kind is distinct from 'committee'
        union all
        select 'O3.secretary_only'
        where f.org_type in ('branch', 'joint_branch') and f.term_kind = 'committee'
          and f.full_members < ${p3.committeeFromFullMembers}
        union all
        select 'O3.committee_size'
        where f.org_type in ('branch', 'joint_branch', 'general_branch') and f.term_kind = 'committee'
          and (f.committee_size < ${p3.minCommittee} or f.committee_size > ${p3.maxCommittee})
        union all
        select 'O4.general_branch_advised'
        where f.org_type in ('branch', 'joint_branch') and f.members > ${p4.generalBranchAbove}
          and f.members < ${p4.committeeFrom}
        union all
        select 'O4.committee_advised'
        where f.org_type in ('branch', 'joint_branch', 'general_branch') and f.members >= ${p4.committeeFrom}
        union all
        select 'O5.no_term' where f.org_type <> 'temporary_branch' and f.term_kind is null
        union all
        select 'O5.term_overdue' where f.org_type <> 'temporary_branch' and f.ends_on < ${today}::date
        union all
        select 'O5.term_expiring'
        where f.org_type <> 'temporary_branch' and f.ends_on >= ${today}::date
          and (f.ends_on - make_interval(months => ${O5.parameters.remindMonthsBefore}::int))::date <= ${today}::date
      ) chk
      union all
      select 'O1.unit_without_branch', mo.id, mo.name, mo.type, mo.path, null::text,
        0, 0, null::text, null::date, null::date, null::int, u.id, u.name, w.n
      from units u
      join orgs mo on mo.id = u.org_id
      cross join lateral (
        select count(*)::int as n from members m
        where m.work_unit = u.name and m.stage = 'full' and m.status in ('normal', 'mobile', 'lost_contact')
      ) w
      where mo.path like ${like} and mo.status = 'active' and w.n >= ${p1.minFullMembers}
        and not exists (
          select 1 from orgs own where own.unit_id = u.id and own.status = 'active' and own.type <> 'joint_branch'
        )
    ),
    ranked as (
      select found.*, case found.check_code ${rank} end as severity_rank from found
    )`;
}

function findingsFilter(filter: { rule?: string; check?: string; severity?: string }) {
  const conditions = [sql`true`];
  if (filter.rule) conditions.push(sql`check_code like ${`${filter.rule}.%`}`);
  if (filter.check) conditions.push(sql`check_code = ${filter.check}`);
  if (filter.severity)
    conditions.push(
      sql`severity_rank = ${filter.severity === 'violation' ? 0 : filter.severity === 'warning' ? 1 : 2}::int`,
    );
  return sql.join(conditions, sql` and `);
}

/**
 * One page of the findings of a subtree, the total under the filter and the counts by check of the
 * whole subtree: one statement (the facts are computed once and read three times).
 */
export async function findings(
  db: Executor,
  input: {
    prefix: string;
    today: string;
    rule?: string;
    check?: string;
    severity?: string;
    limit: number;
    offset: number;
  },
): Promise<{
  rows: FindingRow[];
  total: number;
  counts: Array<{ check_code: OrgSetupCheck; count: number }>;
}> {
  const filter = findingsFilter(input);
  const { rows } = await sql<{
    rows: FindingRow[] | null;
    total: number;
    counts: Array<{ check_code: OrgSetupCheck; count: number }> | null;
  }>`
    ${findingsCte(input.prefix, input.today)},
    page as (
      select * from ranked where ${filter}
      order by severity_rank, org_path, check_code, subject_unit_id
      limit ${input.limit} offset ${input.offset}
    )
    select
      (select json_agg(p order by p.severity_rank, p.org_path, p.check_code, p.subject_unit_id) from page p) as rows,
      (select count(*)::int from ranked where ${filter}) as total,
      (select json_agg(json_build_object('check_code', x.check_code, 'count', x.n) order by x.check_code)
         from (select check_code, count(*)::int as n from ranked group by check_code) x) as counts`.execute(
    db,
  );
  const first = rows[0];
  return { rows: first?.rows ?? [], total: first?.total ?? 0, counts: first?.counts ?? [] };
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
