import { MEETING_KINDS } from '@honglian/domain';
import { sql } from 'kysely';
import { sweep } from '../modules/compliance/engine.ts';
import { CalendarService } from '../platform/calendar.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';

/**
 * Demo organizational life: 12 months of 三会一课, 主题党日 (on the region's fixed day where it has one,
 * Longyan's 15th), 组织生活会 and 民主评议 for every branch with members, most held with attendance for
 * the last month, a few missing so the compliance engine has something to find; this month's
 * meetings planned. Then one sweep, so the dashboards and reminders are not empty. All set-based.
 */
export async function loadDemoOrglife(db: Executor): Promise<{ meetings: number }> {
  const meetings = await insertDemoMeetings(db);
  const calendar = await new CalendarService(db).calendar();
  // '' is the prefix of every path: one sweep over all the demo's trees
  await sweep(db, '', clock.today(), { calendar });
  return { meetings };
}

/** The meetings and attendance alone (the benchmark uses it for a Xiamen-sized city). */
export async function insertDemoMeetings(db: Executor): Promise<number> {
  const today = clock.today();
  const labels = sql.join(
    Object.entries(MEETING_KINDS).map(([k, v]) => sql`when ${k} then ${v}`),
    sql` `,
  );
  const inserted = await sql<{ n: number }>`
    with b as (
      select o.id, o.region_code,
        (select s.theme_day_of_month from orglife_region_settings s where o.region_code like s.region_prefix || '%'
         order by length(s.region_prefix) desc limit 1) as theme_day
      from orgs o
      where o.type in ('branch', 'joint_branch') and o.status = 'active'
        and exists (select 1 from members m where m.org_id = o.id and m.stage in ('probationary', 'full'))
    ),
    months as (
      select g::date as m, extract(month from g)::int as mon
      from generate_series(date_trunc('quarter', ${today}::date - interval '12 months'), date_trunc('month', ${today}::date), interval '1 month') g
    ),
    plan as (
      select b.id, b.region_code, 'branch_committee' as kind, months.m, months.m + (2 + b.id % 8)::int as day from b, months
      union all
      select b.id, b.region_code, 'theme_day', months.m, months.m + (coalesce(b.theme_day, 20 + b.id % 5) - 1)::int from b, months
      union all
      select b.id, b.region_code, 'branch_general', months.m, months.m + (9 + b.id % 5)::int from b, months where months.mon in (1, 4, 7, 10)
      union all
      select b.id, b.region_code, 'lecture', months.m, months.m + (12 + b.id % 5)::int from b, months where months.mon in (2, 5, 8, 11)
      union all
      select b.id, b.region_code, 'life_meeting', months.m, months.m + 17 from b, months where months.mon = 12
      union all
      select b.id, b.region_code, 'review', months.m, months.m + 19 from b, months where months.mon = 12
    ),
    kept as (
      select p.*, p.day < ${today}::date as past from plan p
      where not (p.kind = 'branch_committee' and p.id % 7 = 0 and p.m = date_trunc('month', ${today}::date) - interval '1 month')
        and not (p.kind = 'theme_day' and p.id % 13 = 0 and p.m = date_trunc('month', ${today}::date) - interval '2 months')
        and not (p.kind = 'branch_general' and p.id % 11 = 0 and p.m >= date_trunc('quarter', ${today}::date) - interval '3 months'
                 and p.m < date_trunc('quarter', ${today}::date))
        and not (p.kind in ('life_meeting', 'review') and p.id % 17 = 0)
    ),
    ins as (
      insert into meetings (region_code, org_id, kind, title, planned_on, held_on, status, location, minutes, lecturer, updated_at)
      select k.region_code, k.id, k.kind,
        to_char(k.m, 'YYYY') || '年' || extract(month from k.m)::int || '月' || (case k.kind ${labels} end),
        k.day, case when k.past then k.day end, case when k.past then 'held' else 'planned' end,
        '党员活动室',
        case when k.past then '会议按议程进行，传达学习上级精神，研究支部近期工作，党员交流发言。' end,
        case when k.kind = 'lecture' then '支部书记' end,
        now()
      from kept k
      returning id
    )
    select count(*)::int as n from ins`.execute(db);
  // attendance for the last month's held meetings: most present, some excused, a few absent
  await sql`
    insert into meeting_attendance (meeting_id, member_id, region_code, status)
    select mt.id, m.id, m.region_code,
      case when (m.id + mt.id) % 23 = 0 then 'absent' when (m.id + mt.id) % 9 = 0 then 'excused' else 'present' end
    from meetings mt join members m on m.org_id = mt.org_id
    where mt.status = 'held' and mt.held_on >= ${today}::date - interval '1 month'
      and m.stage in ('probationary', 'full') and m.status in ('normal', 'mobile')`.execute(db);
  return inserted.rows[0]?.n ?? 0;
}
