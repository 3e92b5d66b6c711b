import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { escapeLike, underAny } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';

/**
 * SQL for 组团帮扶 (decision 0026). A pairing is seen through either side: the helping organization's path
 * or the village's lies under one of the caller's roots. A year's figures of a whole list come from ONE
 * statement: the pairings, then each kind of row (visits, problems, purchases, projects, typed figures)
 * summed once for all of them.
 */

/** A pairing whose helper or village lies under one of `paths` (no paths: nothing). */
export function visibleSql(paths: string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${underAny('p.helper_path', paths)} or ${underAny('p.village_path', paths)})`;
}

export interface OrgRow {
  id: number;
  path: string;
  name: string;
  region_code: string;
  status: string;
  unit_kind: string | null;
}

/** Organizations by id with their unit's kind, locked for the 1+1 check when `lock` (in id order). */
export async function orgsById(db: Executor, ids: number[], lock = false): Promise<OrgRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<OrgRow>`
    select o.id, o.path, o.name, o.region_code::text as region_code, o.status, u.kind as unit_kind
    from orgs o left join units u on u.id = o.unit_id
    where o.id in (${sql.join(ids.map((id) => sql`${id}`))})
    order by o.id ${lock ? sql`for update of o` : sql``}`.execute(db);
  return rows;
}

export interface TeamRow {
  id: number;
  area_org_id: number;
  area_name: string;
  area_path: string;
  region_code: string;
  name: string;
  lead_org_id: number;
  lead_name: string;
  lead_path: string;
  pairing_count: number;
}

/** Teams whose area or lead organization lies under `paths`; one team by `id`. */
export async function listTeams(
  db: Executor,
  f: { paths: string[]; id?: number; areaPath?: string },
): Promise<TeamRow[]> {
  const where = [
    sql`(${underAny('t.area_path', f.paths)} or ${underAny('t.lead_path', f.paths)})`,
    f.id !== undefined ? sql`t.id = ${f.id}` : sql`true`,
    f.areaPath !== undefined
      ? sql`(t.area_path like ${`${escapeLike(f.areaPath)}%`} or t.lead_path like ${`${escapeLike(f.areaPath)}%`})`
      : sql`true`,
  ];
  const { rows } = await sql<TeamRow>`
    select t.id, t.area_org_id, a.name as area_name, t.area_path, t.region_code::text as region_code, t.name,
      t.lead_org_id, l.name as lead_name, t.lead_path,
      (select count(*)::int from pairings p where p.team_id = t.id) as pairing_count
    from pairing_teams t join orgs a on a.id = t.area_org_id join orgs l on l.id = t.lead_org_id
    where ${sql.join(where, sql` and `)}
    order by t.area_path, t.name
    limit 500`.execute(db);
  return rows;
}

/** The pairings of a helper or a village whose years overlap [from, to] (1+1), except `exceptId`. */
export async function overlapping(
  db: Executor,
  side: 'helper_org_id' | 'village_org_id',
  orgId: number,
  fromYear: number,
  toYear: number | null,
  exceptId?: number,
) {
  const { rows } = await sql<{ id: number; from_year: number; to_year: number | null; other: string }>`
    select p.id, p.from_year, p.to_year, o.name as other
    from pairings p
    join orgs o on o.id = ${side === 'helper_org_id' ? sql.ref('p.village_org_id') : sql.ref('p.helper_org_id')}
    where ${sql.ref(`p.${side}`)} = ${orgId}
      and p.from_year <= ${toYear ?? 9999} and coalesce(p.to_year, 9999) >= ${fromYear}
      and p.id <> ${exceptId ?? 0}
    order by p.from_year limit 1`.execute(db);
  return rows[0];
}

/** One year's figures of a pairing (a list's row carries them for the year asked). */
export interface YearRow {
  year: number;
  visits: number;
  purchase_fen: number;
  plot_mu: number;
  projects: number;
  income_target_fen: number | null;
  income_actual_fen: number | null;
  income_source: string | null;
  income_on: string | null;
  aid_target_fen: number | null;
  aid_actual_fen: number | null;
}

export interface PairingRow extends Omit<YearRow, 'year'> {
  id: number;
  team_id: number | null;
  team_name: string | null;
  helper_org_id: number;
  helper_name: string;
  helper_path: string;
  village_org_id: number;
  village_name: string;
  village_path: string;
  region_code: string;
  from_year: number;
  to_year: number | null;
  note: string;
  last_visit_on: string | null;
  problems: number;
  problems_filed: number;
  purchases: number;
  total: number;
}

export interface PairingFilter {
  paths: string[];
  year: number;
  id?: number;
  /** either side in this subtree (already checked to lie in scope) */
  orgPath?: string;
  teamId?: number;
  /** only pairings that run in `year` */
  running?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

/** Pairings with the year's figures, each summed from the rows behind it, in one statement. */
export async function listPairings(db: Executor, f: PairingFilter): Promise<PairingRow[]> {
  const from = `${f.year}-01-01`;
  const to = `${f.year}-12-31`;
  const where = [visibleSql(f.paths)];
  if (f.id !== undefined) where.push(sql`p.id = ${f.id}`);
  if (f.orgPath !== undefined) {
    const like = `${escapeLike(f.orgPath)}%`;
    where.push(sql`(p.helper_path like ${like} or p.village_path like ${like})`);
  }
  if (f.teamId !== undefined) where.push(sql`p.team_id = ${f.teamId}`);
  if (f.running) where.push(sql`p.from_year <= ${f.year} and coalesce(p.to_year, 9999) >= ${f.year}`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    where.push(sql`(h.name like ${like} or v.name like ${like})`);
  }
  const { rows } = await sql<PairingRow>`
    with p as materialized (
      select p.id, p.team_id, t.name as team_name, p.helper_org_id, h.name as helper_name, p.helper_path,
        p.village_org_id, v.name as village_name, p.village_path, p.region_code::text as region_code,
        p.from_year, p.to_year, p.note
      from pairings p
      join orgs h on h.id = p.helper_org_id
      join orgs v on v.id = p.village_org_id
      left join pairing_teams t on t.id = p.team_id
      where ${sql.join(where, sql` and `)}
    ),
    vis as (
      select pairing_id, count(*)::int as n, max(visited_on)::text as last_on from pairing_visits
      where pairing_id in (select id from p) and visited_on between ${from}::date and ${to}::date
      group by pairing_id
    ),
    prob as (
      select pr.pairing_id, count(*)::int as n, count(pr.case_id)::int as filed
      from pairing_problems pr join pairing_visits vv on vv.id = pr.visit_id
      where pr.pairing_id in (select id from p) and vv.visited_on between ${from}::date and ${to}::date
      group by pr.pairing_id
    ),
    pur as (
      select pairing_id, count(*)::int as n, sum(amount_fen)::float8 as fen,
        coalesce(sum(quantity) filter (where kind = 'plot' and unit = '亩'), 0)::float8 as plot_mu
      from pairing_purchases
      where pairing_id in (select id from p) and purchased_on between ${from}::date and ${to}::date
      group by pairing_id
    ),
    proj as (
      select pairing_id, count(*)::int as n from pairing_projects
      where pairing_id in (select id from p) and year = ${f.year}
      group by pairing_id
    ),
    fig as (
      select pairing_id,
        max(target_fen) filter (where metric = 'collective_income')::float8 as income_target_fen,
        max(actual_fen) filter (where metric = 'collective_income')::float8 as income_actual_fen,
        max(actual_source) filter (where metric = 'collective_income') as income_source,
        max(actual_on) filter (where metric = 'collective_income')::text as income_on,
        max(target_fen) filter (where metric = 'aid_funds')::float8 as aid_target_fen,
        max(actual_fen) filter (where metric = 'aid_funds')::float8 as aid_actual_fen
      from pairing_figures
      where pairing_id in (select id from p) and year = ${f.year}
      group by pairing_id
    )
    select p.*,
      coalesce(vis.n, 0) as visits, vis.last_on as last_visit_on,
      coalesce(prob.n, 0) as problems, coalesce(prob.filed, 0) as problems_filed,
      coalesce(pur.n, 0) as purchases, coalesce(pur.fen, 0) as purchase_fen, coalesce(pur.plot_mu, 0) as plot_mu,
      coalesce(proj.n, 0) as projects,
      fig.income_target_fen, fig.income_actual_fen, fig.income_source, fig.income_on,
      fig.aid_target_fen, fig.aid_actual_fen,
      (count(*) over ())::int as total
    from p
    left join vis on vis.pairing_id = p.id
    left join prob on prob.pairing_id = p.id
    left join pur on pur.pairing_id = p.id
    left join proj on proj.pairing_id = p.id
    left join fig on fig.pairing_id = p.id
    order by p.village_path, p.from_year desc, p.id
    limit ${f.limit} offset ${f.offset}`.execute(db);
  return rows;
}

/** One pairing's figures for each of the years `from`..`to`, in one statement. */
export async function yearlyFigures(db: Executor, pairingId: number, from: number, to: number) {
  const { rows } = await sql<YearRow>`
    with y as (select generate_series(${from}::int, ${to}::int) as year)
    select y.year,
      (select count(*)::int from pairing_visits v
        where v.pairing_id = ${pairingId} and extract(year from v.visited_on) = y.year) as visits,
      (select coalesce(sum(amount_fen), 0)::float8 from pairing_purchases u
        where u.pairing_id = ${pairingId} and extract(year from u.purchased_on) = y.year) as purchase_fen,
      (select coalesce(sum(quantity), 0)::float8 from pairing_purchases u
        where u.pairing_id = ${pairingId} and u.kind = 'plot' and u.unit = '亩'
          and extract(year from u.purchased_on) = y.year) as plot_mu,
      (select count(*)::int from pairing_projects j where j.pairing_id = ${pairingId} and j.year = y.year) as projects,
      ci.target_fen::float8 as income_target_fen, ci.actual_fen::float8 as income_actual_fen,
      ci.actual_source as income_source, ci.actual_on::text as income_on,
      af.target_fen::float8 as aid_target_fen, af.actual_fen::float8 as aid_actual_fen
    from y
    left join pairing_figures ci on ci.pairing_id = ${pairingId} and ci.year = y.year and ci.metric = 'collective_income'
    left join pairing_figures af on af.pairing_id = ${pairingId} and af.year = y.year and af.metric = 'aid_funds'
    order by y.year desc`.execute(db);
  return rows;
}

export interface VisitRow {
  id: number;
  visited_on: string;
  visitors: string;
  done: string;
  recorded_by_name: string | null;
  problems: Array<{ id: number; description: string; case_id: number | null }>;
}

/** The visits of a pairing (newest first), each with its problems and the case each was filed as. */
export async function visitsOf(db: Executor, pairingId: number, year?: number): Promise<VisitRow[]> {
  const { rows } = await sql<VisitRow>`
    select v.id, v.visited_on::text as visited_on, v.visitors, v.done, u.display_name as recorded_by_name,
      coalesce((
        select json_agg(json_build_object('id', pr.id, 'description', pr.description, 'case_id', pr.case_id)
          order by pr.id)
        from pairing_problems pr where pr.visit_id = v.id
      ), '[]'::json) as problems
    from pairing_visits v left join users u on u.id = v.recorded_by
    where v.pairing_id = ${pairingId}
      ${year === undefined ? sql`` : sql`and extract(year from v.visited_on) = ${year}`}
    order by v.visited_on desc, v.id desc
    limit 500`.execute(db);
  return rows;
}

export interface PurchaseRow {
  id: number;
  kind: 'produce' | 'plot';
  item: string;
  quantity: number;
  unit: string;
  amount_fen: number;
  buyer: string;
  purchased_on: string;
}

export async function purchasesOf(db: Executor, pairingId: number, year?: number): Promise<PurchaseRow[]> {
  const { rows } = await sql<PurchaseRow>`
    select id, kind, item, quantity::float8 as quantity, unit, amount_fen::float8 as amount_fen, buyer,
      purchased_on::text as purchased_on
    from pairing_purchases
    where pairing_id = ${pairingId}
      ${year === undefined ? sql`` : sql`and extract(year from purchased_on) = ${year}`}
    order by purchased_on desc, id desc
    limit 500`.execute(db);
  return rows;
}

export async function projectLinksOf(db: Executor, pairingId: number) {
  return db
    .selectFrom('pairing_projects')
    .select(['project_id', 'year'])
    .where('pairing_id', '=', pairingId)
    .orderBy('year', 'desc')
    .orderBy('project_id')
    .execute();
}

/** The last year anything is recorded for a pairing (visits, purchases, project links, figures), or null. */
export async function lastRecordYear(db: Executor, pairingId: number): Promise<number | null> {
  const { rows } = await sql<{ year: number | null }>`
    select greatest(
      (select max(extract(year from visited_on))::int from pairing_visits where pairing_id = ${pairingId}),
      (select max(extract(year from purchased_on))::int from pairing_purchases where pairing_id = ${pairingId}),
      (select max(year) from pairing_projects where pairing_id = ${pairingId}),
      (select max(year) from pairing_figures where pairing_id = ${pairingId})
    ) as year`.execute(db);
  return rows[0]?.year ?? null;
}

export async function findProblem(db: Executor, pairingId: number, problemId: number) {
  return db
    .selectFrom('pairing_problems as pr')
    .innerJoin('pairing_visits as v', 'v.id', 'pr.visit_id')
    .select(['pr.id', 'pr.description', 'pr.case_id', 'v.visited_on', 'v.visitors'])
    .where('pr.id', '=', problemId)
    .where('pr.pairing_id', '=', pairingId)
    .executeTakeFirst();
}

export async function figureOf(db: Executor, pairingId: number, year: number, metric: string) {
  const { rows } = await sql<{
    target_fen: number | null;
    actual_fen: number | null;
    actual_source: string | null;
    actual_on: string | null;
  }>`
    select target_fen::float8 as target_fen, actual_fen::float8 as actual_fen, actual_source,
      actual_on::text as actual_on
    from pairing_figures where pairing_id = ${pairingId} and year = ${year} and metric = ${metric}
    for update`.execute(db);
  return rows[0];
}
