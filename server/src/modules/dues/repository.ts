import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { inScope } from '../../platform/access.ts';
import type { Executor } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';

/** SQL for dues. Every read takes the scope paths (the org subtree the caller may see). */

export async function findMemberInScope(db: Executor, memberId: number, scope: string[]) {
  return db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select([
      'members.id',
      'members.name',
      'members.org_id',
      'members.region_code',
      'members.stage',
      'members.status',
      'orgs.path',
      'orgs.name as org_name',
    ])
    .where('members.id', '=', memberId)
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .executeTakeFirst();
}

/** Members of a subtree who owe dues: probationary (D6) and full members who are not gone. */
function owing(eb: ExpressionBuilder<DB, 'members'>): Expression<SqlBool> {
  return eb.and([
    eb('members.stage', 'in', ['probationary', 'full']),
    eb('members.status', 'in', ['normal', 'mobile', 'lost_contact', 'suspended']),
  ]);
}

export async function listBases(
  db: Executor,
  orgPath: string,
  year: number,
  page: { limit: number; offset: number },
) {
  const base = db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .leftJoin('dues_bases as b', (j) => j.onRef('b.member_id', '=', 'members.id').on('b.year', '=', year))
    .where('orgs.path', 'like', `${orgPath}%`)
    .where(owing);
  const [rows, count] = await Promise.all([
    base
      .select([
        'members.id as member_id',
        'members.name',
        'orgs.name as org_name',
        'b.id',
        'b.category',
        'b.flat_group',
        'b.base_fen',
        'b.monthly_fen',
        'b.rate',
        'b.rule_id',
        'b.adjustment',
        'b.reduced_fen',
        'b.adjustment_until',
        'b.adjustment_reason',
        'b.adjustment_approved_by',
        'b.confirmed_at',
      ])
      .orderBy('orgs.path')
      .orderBy('members.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base
      .select([sql<number>`count(*)::int`.as('n'), sql<number>`count(b.id)::int`.as('with_base')])
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n, withBase: count.with_base };
}

/**
 * Whether member `m` owes dues for the month whose first day is `monthStart` (a date expression), by
 * their membership in THAT month, not today's: the same rule as `owesDuesFor` in packages/domain
 * (D6: from the month of the branch meeting that admitted them, members.joined_on; until the month
 * they left, members.status_since of a left / deceased / transferred-out member, unless they left on
 * its first day). A candidate awaiting the committee's approval is not yet probationary: nothing owed.
 */
const owesIn = (monthStart: RawBuilder<unknown>) => sql`m.stage in ('probationary', 'full')
  and (m.status in ('normal', 'mobile', 'lost_contact', 'suspended')
       or (m.status in ('left', 'deceased', 'transferred_out') and m.status_since > ${monthStart}))
  and (m.joined_on is null or m.joined_on < (${monthStart} + interval '1 month')::date)`;

/** The amount and status of a ledger row from the year's base and its reduction or exemption (D5). */
const dueSql = (month: RawBuilder<unknown>) => ({
  due: sql`case
      when b.adjustment = 'exempt' and (b.adjustment_until is null or b.adjustment_until >= ${month}) then 0
      when b.adjustment = 'reduced' and (b.adjustment_until is null or b.adjustment_until >= ${month}) then least(b.monthly_fen, coalesce(b.reduced_fen, b.monthly_fen))
      else b.monthly_fen
    end`,
  status: sql`case when b.adjustment = 'exempt' and (b.adjustment_until is null or b.adjustment_until >= ${month}) then 'exempt' else 'unpaid' end`,
});

/**
 * One statement generates a month for a whole subtree: every member who owed dues in that month (D6)
 * with a base for the year gets a row; existing rows are left alone, so generating twice changes nothing.
 */
export async function generateLedger(db: Executor, orgPath: string, month: string) {
  const year = Number(month.slice(0, 4));
  const { due, status } = dueSql(sql`${month}`);
  const result = await sql<{ inserted: number; skipped: number; existing: number }>`
    with owing as (
      select m.id as member_id, m.org_id, m.region_code, b.id as base_id, ${due} as due_fen, ${status} as status
      from members m
      join orgs o on o.id = m.org_id
      left join dues_bases b on b.member_id = m.id and b.year = ${year}
      where o.path like ${`${orgPath}%`} and ${owesIn(sql`${`${month}-01`}::date`)}
    ),
    ins as (
      insert into dues_ledger (region_code, member_id, org_id, month, due_fen, status)
      select region_code, member_id, org_id, ${month}, due_fen, status
      from owing where base_id is not null
      on conflict (member_id, month, region_code) do nothing
      returning 1
    )
    select (select count(*)::int from ins) as inserted,
           (select count(*)::int from owing where base_id is null) as skipped,
           (select count(*)::int from dues_ledger l join owing w on w.member_id = l.member_id where l.month = ${month}) as existing`.execute(
    db,
  );
  return result.rows[0]!;
}

/**
 * `generateLedger` for every month from `fromMonth` to `toMonth` at once (the demo city's year of
 * dues): the same rows, in one statement instead of one per month. Returns the rows inserted.
 */
export async function generateLedgerMonths(
  db: Executor,
  orgPath: string,
  fromMonth: string,
  toMonth: string,
  options: {
    /**
     * For generated history (the demo city, benchmarks): an owed row is written as paid in full unless
     * this predicate over the member's id and the month holds, saving a second pass over the rows.
     */
    unpaidWhen?: (memberId: RawBuilder<number>, month: RawBuilder<string>) => RawBuilder<boolean>;
  } = {},
) {
  const { due, status } = dueSql(sql`g.month`);
  const paid = options.unpaidWhen
    ? sql`(${status}) = 'unpaid' and not (${options.unpaidWhen(sql<number>`m.id`, sql<string>`g.month`)})`
    : sql`false`;
  const result = await sql<{ inserted: number }>`
    with g as (
      select to_char(d, 'YYYY-MM') as month, d::date as month_start
      from generate_series(${`${fromMonth}-01`}::date, ${`${toMonth}-01`}::date, interval '1 month') d
    ),
    ins as (
      insert into dues_ledger (region_code, member_id, org_id, month, due_fen, paid_fen, status)
      select m.region_code, m.id, m.org_id, g.month, ${due},
        case when ${paid} then ${due} else 0 end,
        case when ${paid} then 'paid' else ${status} end
      from members m
      join orgs o on o.id = m.org_id
      cross join g
      join dues_bases b on b.member_id = m.id and b.year = left(g.month, 4)::int
      where o.path like ${`${orgPath}%`} and ${owesIn(sql`g.month_start`)}
      on conflict (member_id, month, region_code) do nothing
      returning 1
    )
    select count(*)::int as inserted from ins`.execute(db);
  return result.rows[0]!.inserted;
}

/**
 * The months from `fromMonth` to `toMonth` that the member's organization has already generated and
 * the member owed (D6) but has no row for: inserted from the bases of their years. Used when the
 * committee's approval makes a candidate a probationary member from the day of the branch meeting,
 * and when a base is set late. One statement; returns the months filled.
 */
export async function fillMemberLedger(db: Executor, memberId: number, fromMonth: string, toMonth: string) {
  const { due, status } = dueSql(sql`g.month`);
  const result = await sql<{ month: string }>`
    with g as (
      select distinct l.month, (l.month || '-01')::date as month_start
      from members m join dues_ledger l on l.org_id = m.org_id
      where m.id = ${memberId} and l.month >= ${fromMonth} and l.month <= ${toMonth}
    )
    insert into dues_ledger (region_code, member_id, org_id, month, due_fen, status)
    select m.region_code, m.id, m.org_id, g.month, ${due}, ${status}
    from members m
    cross join g
    join dues_bases b on b.member_id = m.id and b.year = left(g.month, 4)::int
    where m.id = ${memberId} and ${owesIn(sql`g.month_start`)}
    on conflict (member_id, month, region_code) do nothing
    returning month`.execute(db);
  return result.rows.map((r) => r.month).sort();
}

export function ledgerQuery(db: Executor, orgPath: string, month: string) {
  return db
    .selectFrom('dues_ledger as l')
    .innerJoin('members as m', 'm.id', 'l.member_id')
    .innerJoin('orgs as o', 'o.id', 'l.org_id')
    .where('o.path', 'like', `${orgPath}%`)
    .where('l.month', '=', month);
}

/** Members with their run of unpaid months after the last paid (or exempt) one, set-based. */
export async function arrears(db: Executor, orgPath: string, minMonths: number, uptoMonth: string) {
  const rows = await sql<{
    member_id: number;
    name: string;
    org_id: number;
    org_name: string;
    months: number;
    owed_fen: number;
    first_month: string;
    last_month: string;
  }>`
    select m.id as member_id, m.name, o.id as org_id, o.name as org_name,
      count(*)::int as months, sum(l.due_fen - l.paid_fen)::bigint as owed_fen, min(l.month) as first_month, max(l.month) as last_month
    from dues_ledger l
    join members m on m.id = l.member_id
    join orgs o on o.id = m.org_id
    where o.path like ${`${orgPath}%`}
      and l.month <= ${uptoMonth}
      and l.status in ('unpaid', 'partial')
      and l.month > coalesce((
        select max(p.month) from dues_ledger p
        where p.member_id = l.member_id and p.status in ('paid', 'exempt') and p.month <= ${uptoMonth}
      ), '0000-00')
    group by m.id, m.name, o.id, o.name
    having count(*) >= ${minMonths}
    order by count(*) desc, m.id
    limit 1000`.execute(db);
  return rows.rows;
}

export async function monthlyTotals(db: Executor, orgPath: string, year: number) {
  const rows = await sql<{
    month: string;
    members: number;
    paid_members: number;
    due_fen: number;
    paid_fen: number;
    voluntary_fen: number;
  }>`
    select l.month,
      count(*)::int as members,
      count(*) filter (where l.status in ('paid', 'exempt'))::int as paid_members,
      sum(l.due_fen)::bigint as due_fen,
      sum(l.paid_fen)::bigint as paid_fen,
      coalesce((select sum(p.amount_fen) from dues_payments p join orgs po on po.id = p.org_id
                where p.kind = 'voluntary' and p.month = l.month and po.path like ${`${orgPath}%`}), 0)::bigint as voluntary_fen
    from dues_ledger l join orgs o on o.id = l.org_id
    where o.path like ${`${orgPath}%`} and l.month like ${`${year}-%`}
    group by l.month order by l.month`.execute(db);
  return rows.rows;
}

/** Totals for a month by the org's direct children (each child's whole subtree). */
export async function totalsByChild(db: Executor, orgId: number, orgPath: string, month: string) {
  const rows = await sql<{
    org_id: number;
    org_name: string;
    members: number;
    paid_members: number;
    due_fen: number;
    paid_fen: number;
  }>`
    select c.id as org_id, c.name as org_name,
      count(l.id)::int as members,
      count(l.id) filter (where l.status in ('paid', 'exempt'))::int as paid_members,
      coalesce(sum(l.due_fen), 0)::bigint as due_fen,
      coalesce(sum(l.paid_fen), 0)::bigint as paid_fen
    from orgs c
    left join orgs d on d.path like c.path || '%'
    left join dues_ledger l on l.org_id = d.id and l.month = ${month}
    where c.parent_id = ${orgId} and c.path like ${`${orgPath}%`} and c.status = 'active'
    group by c.id, c.name
    order by c.id`.execute(db);
  return rows.rows;
}
