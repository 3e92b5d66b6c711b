import {
  ALLIANCE_FIGURE_KEYS,
  ALLIANCE_FIGURES,
  type AllianceFigureKey,
  figureOf,
  resolutionTiming,
  todayInShanghai,
  type WorkCalendar,
} from '@honglian/domain';
import { sql } from 'kysely';
import { scopePaths } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listProjects } from '../projects/repository.ts';
import * as repo from './repository.ts';
import { allianceInScope } from './service.ts';

/**
 * The figures of an alliance and of the caller's region (issue 12 item 8; docs/decisions/0028). Every
 * figure is computed from the list behind it (`figureRows`): a count is the list's length, the average
 * days the mean of its values, so `GET …/figures/{key}` always adds up to the figure. The lists are read
 * for a whole set of alliances at once, one statement per kind of row, however many alliances.
 */

export interface FigureRow {
  allianceId: number;
  id: number;
  title: string;
  orgName: string;
  date: string | null;
  /** The row's value for an average (working days), else null. */
  value: number | null;
  note: string;
}

type Lists = Record<AllianceFigureKey, FigureRow[]>;

const RATING_LABELS = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as const;

export async function figureRows(
  db: Executor,
  allianceIds: number[],
  calendar: WorkCalendar,
  today = clock.today(),
): Promise<Lists> {
  const lists = Object.fromEntries(ALLIANCE_FIGURE_KEYS.map((k) => [k, [] as FigureRow[]])) as Lists;
  if (allianceIds.length === 0) return lists;
  const ids = sql`(select unnest(${allianceIds}::bigint[]))`;
  const [members, meetings, resolutions, demands, rated, projects] = await Promise.all([
    sql<{ alliance_id: number; org_id: number; name: string; joined_on: string; unit_kind: string | null }>`
      select m.alliance_id, m.org_id, o.name, m.joined_on::text as joined_on, u.kind as unit_kind
      from alliance_members m join orgs o on o.id = m.org_id left join units u on u.id = o.unit_id
      where m.alliance_id in ${ids} and m.joined_on <= ${today}::date
        and (m.left_on is null or m.left_on > ${today}::date)
      order by m.alliance_id, m.id`.execute(db),
    sql<{ alliance_id: number; id: number; title: string; held_on: string; convener: string | null }>`
      select m.alliance_id, m.id, m.title, m.held_on::text as held_on, o.name as convener
      from alliance_meetings m left join orgs o on o.id = m.convener_org_id
      where m.alliance_id in ${ids} and m.kind = 'joint' and m.held_on is not null
      order by m.alliance_id, m.held_on, m.id`.execute(db),
    sql<{
      alliance_id: number;
      id: number;
      title: string;
      owner: string;
      due_on: string;
      done_on: string | null;
    }>`
      select r.alliance_id, r.id, r.title, o.name as owner, r.due_on::text as due_on, r.done_on::text as done_on
      from alliance_resolutions r join orgs o on o.id = r.owner_org_id
      where r.alliance_id in ${ids}
      order by r.alliance_id, r.due_on, r.id`.execute(db),
    sql<{ alliance_id: number; id: number; title: string; org: string; created_at: Date; closed_at: Date }>`
      select i.alliance_id, i.id, i.title, o.name as org, i.created_at, c.closed_at
      from alliance_list_items i join orgs o on o.id = i.org_id join cases c on c.id = i.case_id
      where i.alliance_id in ${ids} and i.kind = 'demand' and i.status = 'dispatched' and c.state = 'closed'
        and c.closed_at is not null
      order by i.alliance_id, c.closed_at, i.id`.execute(db),
    sql<{
      alliance_id: number;
      id: number;
      title: string;
      org: string | null;
      rating: keyof typeof RATING_LABELS;
      closed_at: Date | null;
    }>`
      select c.alliance_id, c.id, c.title, o.name as org, c.rating, c.closed_at
      from cases c left join orgs o on o.id = c.lead_org_id
      where c.alliance_id in ${ids} and c.rating is not null
      order by c.alliance_id, c.id`.execute(db),
    listProjects(db, { paths: ['/'], today, allianceIds, topLevel: true, limit: 100_000, offset: 0 }),
  ]);
  for (const m of members.rows) {
    const row = {
      allianceId: m.alliance_id,
      id: m.org_id,
      title: m.name,
      orgName: m.name,
      date: m.joined_on,
      value: null,
      note: '',
    };
    lists.members.push(row);
    if (m.unit_kind === 'enterprise') lists.enterprises.push(row);
  }
  for (const m of meetings.rows)
    lists.meetingsHeld.push({
      allianceId: m.alliance_id,
      id: m.id,
      title: m.title,
      orgName: m.convener ?? '',
      date: m.held_on,
      value: null,
      note: '',
    });
  for (const r of resolutions.rows) {
    const timing = resolutionTiming(r.due_on, r.done_on, today);
    const row = {
      allianceId: r.alliance_id,
      id: r.id,
      title: r.title,
      orgName: r.owner,
      date: r.done_on,
      value: null,
      note: r.done_on ? `期限 ${r.due_on}，${r.done_on} 完成` : `期限 ${r.due_on}，未完成`,
    };
    if (timing === 'on_time') lists.resolutionsOnTime.push(row);
    if (timing === 'late') lists.resolutionsLate.push(row);
  }
  for (const d of demands.rows) {
    const from = todayInShanghai(d.created_at);
    const to = todayInShanghai(d.closed_at);
    const days = calendar.workdaysBetween(from, to);
    const row = {
      allianceId: d.alliance_id,
      id: d.id,
      title: d.title,
      orgName: d.org,
      date: to,
      value: days,
      note: `${from} 发布，${to} 办结，${days} 个工作日`,
    };
    lists.demandsMet.push(row);
    lists.demandWorkdays.push(row);
  }
  for (const c of rated.rows) {
    const row = {
      allianceId: c.alliance_id,
      id: c.id,
      title: c.title,
      orgName: c.org ?? '',
      date: c.closed_at ? todayInShanghai(c.closed_at) : null,
      value: null,
      note: RATING_LABELS[c.rating],
    };
    lists.casesRated.push(row);
    if (c.rating !== 'unsatisfied') lists.casesSatisfied.push(row);
  }
  for (const p of projects) {
    const row = {
      allianceId: p.alliance_id!,
      id: p.id,
      title: p.title,
      orgName: p.org_name,
      date: p.next_planned_on,
      value: null,
      note:
        p.milestone_count > 0
          ? `实际进度 ${p.progress}%，计划进度 ${p.planned_progress}%`
          : '揭榜中，尚未设节点',
    };
    lists.projects.push(row);
    if (p.closes_on !== null) lists.challenges.push(row);
    if (p.milestone_count > 0 && p.ahead_points >= 0) lists.projectsOnSchedule.push(row);
  }
  return lists;
}

function figuresOf(lists: Lists) {
  return ALLIANCE_FIGURE_KEYS.map((key) => {
    const def = ALLIANCE_FIGURES[key];
    return {
      key,
      label: def.label,
      unit: def.unit,
      definition: def.definition,
      value: figureOf(
        def.aggregate,
        lists[key].map((r) => r.value),
      ),
      /** The rows behind it: `GET /api/v1/alliances/{id}/figures/{key}`. */
      rowCount: lists[key].length,
    };
  });
}

/** One alliance's figures, each with its definition. */
export async function allianceFigures(db: Executor, calendar: WorkCalendar, ctx: RequestContext, id: number) {
  const a = await allianceInScope(db, ctx, id);
  return {
    allianceId: id,
    name: a.row.name,
    asOf: clock.today(),
    figures: figuresOf(await figureRows(db, [id], calendar)),
  };
}

/** The list behind one figure of one alliance. */
export async function figureList(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  id: number,
  key: AllianceFigureKey,
) {
  await allianceInScope(db, ctx, id);
  const rows = (await figureRows(db, [id], calendar))[key];
  const def = ALLIANCE_FIGURES[key];
  return {
    key,
    label: def.label,
    unit: def.unit,
    definition: def.definition,
    value: figureOf(
      def.aggregate,
      rows.map((r) => r.value),
    ),
    items: rows,
    total: rows.length,
  };
}

/**
 * The region's figures: every alliance the caller sees (the department above: its region's; a member
 * organization's staff: their alliances), each with its figures, and the totals over them.
 */
export async function regionFigures(db: Executor, calendar: WorkCalendar, ctx: RequestContext) {
  const v = {
    readPaths: scopePaths(ctx.actor, 'alliance.read'),
    participatePaths: scopePaths(ctx.actor, 'alliance.participate'),
    today: clock.today(),
  };
  if (v.readPaths.length === 0 && v.participatePaths.length === 0) throw new AppError('forbidden');
  const alliances = await repo.listAlliances(db, v, { limit: 1000, offset: 0 });
  const lists = await figureRows(
    db,
    alliances.map((a) => a.id),
    calendar,
  );
  const only = (id: number) =>
    Object.fromEntries(
      ALLIANCE_FIGURE_KEYS.map((k) => [k, lists[k].filter((r) => r.allianceId === id)]),
    ) as Lists;
  return {
    asOf: v.today,
    totals: figuresOf(lists),
    items: alliances.map((a) => ({
      allianceId: a.id,
      name: a.name,
      kind: a.kind,
      regionCode: a.region_code,
      figures: figuresOf(only(a.id)),
    })),
    total: alliances.length,
  };
}
