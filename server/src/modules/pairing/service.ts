import {
  attainment,
  CASE_STATES,
  type CaseState,
  checkFen,
  checkPeriod,
  checkQuantity,
  INCOME_STATUS,
  PAIRING_METRICS,
  type PairingMetric,
  PURCHASE_KINDS,
  pairingPeriodLabel,
  runsIn,
  type WorkCalendar,
  yearOf,
  yearRange,
} from '@honglian/domain';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';

import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { caseStates, fileCase, ownedCategory } from '../cases/service.ts';
import { projectFigures, projectInScope } from '../projects/service.ts';
import * as repo from './repository.ts';

/**
 * 组团帮扶 (issue 14 item 8; seed 003, decision 0026): 帮扶组团 per area, 1+1 pairings of a helping organization
 * and a village by whole years, and what each pairing did (visits, projects, purchases of produce and
 * adopted plots) against the village's figures it aims to move. `pairing.read` / `pairing.record` over
 * either side of a pairing read and record it; `pairing.manage` over both sides pairs them.
 */

const PAIRING_NOT_FOUND = '未找到该结对关系，或您无权查看';
const ORG_NOT_FOUND = '未找到该党组织，或它不在您的管理范围内';
type Perm = 'pairing.read' | 'pairing.record' | 'pairing.manage';

function roots(ctx: RequestContext, permission: Perm) {
  const paths = scopePaths(ctx.actor, permission);
  if (paths.length === 0) throw new AppError('forbidden');
  return paths;
}

const thisYear = () => yearOf(clock.today());

/** An organization the caller holds `permission` over (their first root by default), else 400 naming `field`. */
async function orgFor(
  db: Executor,
  ctx: RequestContext,
  orgId: number | undefined,
  permission: Perm,
  field: string,
) {
  const paths = roots(ctx, permission);
  if (orgId === undefined) {
    const own = ctx.actor.bindings.find((b) => b.orgPath === paths[0]);
    orgId = own?.orgId;
  }
  const [org] = await repo.orgsById(db, orgId === undefined ? [] : [orgId]);
  if (!org || !can(ctx.actor, permission, org.path)) throw fieldError(field, 'org.not_found', ORG_NOT_FOUND);
  return org;
}

// ------------------------------------------------------------------------------------------------
// 帮扶组团

function toTeam(ctx: RequestContext, t: repo.TeamRow) {
  return {
    id: t.id,
    name: t.name,
    areaOrgId: t.area_org_id,
    areaName: t.area_name,
    leadOrgId: t.lead_org_id,
    leadName: t.lead_name,
    pairingCount: t.pairing_count,
    canManage: can(ctx.actor, 'pairing.manage', t.area_path),
  };
}

export async function listTeams(db: Executor, ctx: RequestContext, query: { orgId?: number | undefined }) {
  const paths = roots(ctx, 'pairing.read');
  const org =
    query.orgId === undefined ? undefined : await orgFor(db, ctx, query.orgId, 'pairing.read', 'orgId');
  const rows = await repo.listTeams(db, { paths, ...(org ? { areaPath: org.path } : {}) });
  return { items: rows.map((t) => toTeam(ctx, t)), total: rows.length };
}

export async function createTeam(
  db: Executor,
  ctx: RequestContext,
  input: { areaOrgId: number; name: string; leadOrgId: number },
) {
  const area = await orgFor(db, ctx, input.areaOrgId, 'pairing.manage', 'areaOrgId');
  const lead = await orgFor(db, ctx, input.leadOrgId, 'pairing.manage', 'leadOrgId');
  if (area.status !== 'active') throw fieldError('areaOrgId', 'org.not_found', ORG_NOT_FOUND);
  if (lead.status !== 'active') throw fieldError('leadOrgId', 'org.not_found', ORG_NOT_FOUND);
  const taken = await db
    .selectFrom('pairing_teams')
    .select('id')
    .where('area_org_id', '=', area.id)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (taken) throw fieldError('name', 'pairing.team_name', `「${input.name}」已经建立`);
  const now = clock.now();
  const row = await db
    .insertInto('pairing_teams')
    .values({
      area_org_id: area.id,
      area_path: area.path,
      region_code: area.region_code,
      name: input.name,
      lead_org_id: lead.id,
      lead_path: lead.path,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'pairing.team_create',
    entityType: 'pairing_team',
    entityId: row.id,
    orgPath: area.path,
    regionCode: area.region_code,
    after: {
      name: input.name,
      areaOrgId: area.id,
      areaName: area.name,
      leadOrgId: lead.id,
      leadName: lead.name,
    },
  });
  const [team] = await repo.listTeams(db, { paths: roots(ctx, 'pairing.read'), id: row.id });
  return toTeam(ctx, team!);
}

// ------------------------------------------------------------------------------------------------
// Pairings and their figures

function income(target: number | null, actual: number | null) {
  const a = attainment(target, actual);
  return { ...a, statusLabel: INCOME_STATUS[a.status] };
}

/** The figures of one year, the same in a list's row and in a pairing's years. */
function yearFigures(r: Omit<repo.YearRow, 'year'>) {
  return {
    visits: r.visits,
    purchaseFen: r.purchase_fen,
    plotMu: r.plot_mu,
    projects: r.projects,
    incomeTargetFen: r.income_target_fen,
    incomeActualFen: r.income_actual_fen,
    incomeSource: r.income_source,
    incomeOn: r.income_on,
    income: income(r.income_target_fen, r.income_actual_fen),
    aidTargetFen: r.aid_target_fen,
    aidActualFen: r.aid_actual_fen,
  };
}

function toPairing(ctx: RequestContext, r: repo.PairingRow, year: number) {
  const period = { fromYear: r.from_year, toYear: r.to_year };
  return {
    id: r.id,
    pairingTeamId: r.team_id,
    teamName: r.team_name,
    helperOrgId: r.helper_org_id,
    helperName: r.helper_name,
    villageOrgId: r.village_org_id,
    villageName: r.village_name,
    fromYear: r.from_year,
    toYear: r.to_year,
    periodLabel: pairingPeriodLabel(period),
    note: r.note,
    year,
    running: runsIn(period, year),
    figures: {
      ...yearFigures(r),
      lastVisitOn: r.last_visit_on,
      problems: r.problems,
      problemsFiled: r.problems_filed,
      purchases: r.purchases,
    },
    canRecord:
      can(ctx.actor, 'pairing.record', r.helper_path) || can(ctx.actor, 'pairing.record', r.village_path),
    canManage:
      can(ctx.actor, 'pairing.manage', r.helper_path) && can(ctx.actor, 'pairing.manage', r.village_path),
  };
}

export interface ListQuery {
  orgId?: number | undefined;
  pairingTeamId?: number | undefined;
  year?: number | undefined;
  all?: 'true' | 'false' | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

async function filterOf(db: Executor, ctx: RequestContext, query: Omit<ListQuery, 'page' | 'pageSize'>) {
  const paths = roots(ctx, 'pairing.read');
  const org =
    query.orgId === undefined ? undefined : await orgFor(db, ctx, query.orgId, 'pairing.read', 'orgId');
  if (query.pairingTeamId !== undefined) {
    const [team] = await repo.listTeams(db, { paths, id: query.pairingTeamId });
    if (!team) throw fieldError('pairingTeamId', 'pairing.team', '未找到该帮扶组团，或您无权查看');
  }
  const year = query.year ?? thisYear();
  return {
    orgName: org?.name ?? '',
    paths,
    year,
    ...(org ? { orgPath: org.path } : {}),
    ...(query.pairingTeamId !== undefined ? { teamId: query.pairingTeamId } : {}),
    running: query.all !== 'true',
    ...(query.q ? { q: query.q } : {}),
  };
}

/** The pairings the caller sees (those running in the year unless `all`), each with the year's figures. */
export async function listPairings(db: Executor, ctx: RequestContext, query: ListQuery) {
  const { orgName: _, ...f } = await filterOf(db, ctx, query);
  const rows = await repo.listPairings(db, {
    ...f,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map((r) => toPairing(ctx, r, f.year)), total: rows[0]?.total ?? 0 };
}

const OVERVIEW_LIMIT = 5_000;

/**
 * A region's year: the totals of the pairings running in it (each total the sum of the list's rows), the
 * villages whose collective income is behind target or not yet reported, and target against actual by
 * village for the chart.
 */
export async function overviewRows(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined; pairingTeamId?: number | undefined; year?: number | undefined },
) {
  const { orgName, ...f } = await filterOf(db, ctx, { ...query, all: 'false' });
  const rows = (await repo.listPairings(db, { ...f, limit: OVERVIEW_LIMIT, offset: 0 })).map((r) =>
    toPairing(ctx, r, f.year),
  );
  return { year: f.year, rows, orgName };
}

export async function overview(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined; pairingTeamId?: number | undefined; year?: number | undefined },
) {
  const { year, rows } = await overviewRows(db, ctx, query);
  const sum = (pick: (p: (typeof rows)[number]['figures']) => number | null) =>
    rows.reduce((acc, r) => acc + (pick(r.figures) ?? 0), 0);
  const villages = new Set(rows.map((r) => r.villageOrgId));
  const helpers = new Set(rows.map((r) => r.helperOrgId));
  const incomeRows = rows.filter((r) => r.figures.incomeTargetFen !== null);
  return {
    year,
    totals: {
      pairings: rows.length,
      villages: villages.size,
      helpers: helpers.size,
      visits: sum((x) => x.visits),
      problems: sum((x) => x.problems),
      problemsFiled: sum((x) => x.problemsFiled),
      purchaseFen: sum((x) => x.purchaseFen),
      plotMu: Math.round(sum((x) => x.plotMu) * 100) / 100,
      projects: sum((x) => x.projects),
      aidActualFen: sum((x) => x.aidActualFen),
      incomeTargetFen: sum((x) => x.incomeTargetFen),
      incomeActualFen: sum((x) => x.incomeActualFen),
      withTarget: incomeRows.length,
      met: incomeRows.filter((r) => r.figures.income.status === 'met').length,
      behind: incomeRows.filter((r) => r.figures.income.status === 'behind').length,
      unreported: incomeRows.filter((r) => r.figures.income.status === 'unreported').length,
    },
    behind: rows
      .filter((r) => r.figures.income.status === 'behind' || r.figures.income.status === 'unreported')
      .sort((a, b) => (a.figures.income.percent ?? -1) - (b.figures.income.percent ?? -1))
      .map((r) => ({
        pairingId: r.id,
        villageOrgId: r.villageOrgId,
        villageName: r.villageName,
        helperName: r.helperName,
        targetFen: r.figures.incomeTargetFen!,
        actualFen: r.figures.incomeActualFen,
        gapFen: r.figures.income.gapFen,
        percent: r.figures.income.percent,
        status: r.figures.income.status,
        statusLabel: r.figures.income.statusLabel,
      })),
    byVillage: incomeRows.map((r) => ({
      pairingId: r.id,
      villageName: r.villageName,
      targetFen: r.figures.incomeTargetFen!,
      actualFen: r.figures.incomeActualFen,
    })),
  };
}

/** The pairing through the caller's `permission` over either side; outside it, 404. */
async function pairingInScope(
  db: Executor,
  ctx: RequestContext,
  id: number,
  permission: Perm = 'pairing.read',
) {
  const [row] = await repo.listPairings(db, {
    paths: roots(ctx, 'pairing.read'),
    year: thisYear(),
    id,
    limit: 1,
    offset: 0,
  });
  if (!row) throw notFound(PAIRING_NOT_FOUND);
  if (permission !== 'pairing.read') {
    const ok =
      permission === 'pairing.manage'
        ? can(ctx.actor, permission, row.helper_path) && can(ctx.actor, permission, row.village_path)
        : can(ctx.actor, permission, row.helper_path) || can(ctx.actor, permission, row.village_path);
    if (!ok) throw new AppError('forbidden');
  }
  return row;
}

export async function getPairing(db: Executor, ctx: RequestContext, id: number, year?: number) {
  const row = await pairingInScope(db, ctx, id);
  const y = year ?? thisYear();
  const [withYear] =
    y === thisYear()
      ? [row]
      : await repo.listPairings(db, {
          paths: scopePaths(ctx.actor, 'pairing.read'),
          year: y,
          id,
          limit: 1,
          offset: 0,
        });
  const lastYear = Math.max(row.from_year, Math.min(row.to_year ?? thisYear(), thisYear()));
  const [years, visits, purchases, links] = await Promise.all([
    repo.yearlyFigures(db, id, row.from_year, lastYear),
    repo.visitsOf(db, id),
    repo.purchasesOf(db, id),
    repo.projectLinksOf(db, id),
  ]);
  const [states, projects] = await Promise.all([
    caseStates(
      db,
      visits.flatMap((v) => v.problems.map((p) => p.case_id).filter((c): c is number => c !== null)),
    ),
    projectFigures(
      db,
      ctx,
      links.map((l) => l.project_id),
    ),
  ]);
  const byProject = new Map(projects.map((p) => [p.id, p]));
  return {
    ...toPairing(ctx, withYear!, y),
    years: years.map((r) => ({ year: r.year, ...yearFigures(r) })),
    visits: visits.map((v) => ({
      id: v.id,
      visitedOn: v.visited_on,
      visitors: v.visitors,
      done: v.done,
      recordedByName: v.recorded_by_name,
      problems: v.problems.map((p) => {
        const state = p.case_id === null ? null : (states.get(p.case_id) ?? null);
        return {
          id: p.id,
          description: p.description,
          caseId: p.case_id,
          caseState: state,
          caseStateLabel: state ? CASE_STATES[state as CaseState].label : null,
        };
      }),
    })),
    purchases: purchases.map((p) => ({
      id: p.id,
      kind: p.kind,
      kindLabel: PURCHASE_KINDS[p.kind],
      item: p.item,
      quantity: p.quantity,
      unit: p.unit,
      amountFen: p.amount_fen,
      buyer: p.buyer,
      purchasedOn: p.purchased_on,
    })),
    projects: links.flatMap((l) => {
      const p = byProject.get(l.project_id);
      return p
        ? [
            {
              year: l.year,
              projectId: p.id,
              title: p.title,
              kindLabel: p.kindLabel,
              orgName: p.orgName,
              progress: p.progress,
              plannedProgress: p.plannedProgress,
              aheadPoints: p.aheadPoints,
              scheduleLabel: p.scheduleLabel,
            },
          ]
        : [];
    }),
  };
}

export interface PairingInput {
  helperOrgId: number;
  villageOrgId: number;
  pairingTeamId?: number | null | undefined;
  fromYear: number;
  toYear?: number | null | undefined;
  note?: string | undefined;
}

async function teamFor(db: Executor, ctx: RequestContext, pairingTeamId: number, villagePath: string) {
  const [team] = await repo.listTeams(db, { paths: roots(ctx, 'pairing.manage'), id: pairingTeamId });
  if (!team) throw fieldError('pairingTeamId', 'pairing.team', '未找到该帮扶组团，或您无权查看');
  if (!villagePath.startsWith(team.area_path))
    throw fieldError(
      'pairingTeamId',
      'pairing.team_area',
      `该村不在帮扶组团「${team.name}」的片区（${team.area_name}）内`,
    );
  return team;
}

/** 1+1: neither the village nor the helping organization has another pairing in any of these years. */
async function checkOneToOne(
  db: Executor,
  p: { helperId: number; villageId: number; fromYear: number; toYear: number | null },
  exceptId?: number,
) {
  const v = await repo.overlapping(db, 'village_org_id', p.villageId, p.fromYear, p.toYear, exceptId);
  if (v)
    throw fieldError(
      'villageOrgId',
      'pairing.overlap',
      `该村${pairingPeriodLabel({ fromYear: v.from_year, toYear: v.to_year })}已与「${v.other}」结对帮扶（1+1 结对，同一年只结对一个单位）`,
    );
  const h = await repo.overlapping(db, 'helper_org_id', p.helperId, p.fromYear, p.toYear, exceptId);
  if (h)
    throw fieldError(
      'helperOrgId',
      'pairing.overlap',
      `该单位${pairingPeriodLabel({ fromYear: h.from_year, toYear: h.to_year })}已与「${h.other}」结对帮扶（1+1 结对，同一年只结对一个村）`,
    );
}

function periodError(fromYear: number, toYear: number | null) {
  const problem = checkPeriod({ fromYear, toYear });
  if (problem) throw fieldError(problem.field, problem.code, problem.message);
}

/** createPairing: a helping organization and a village, both in the caller's `pairing.manage` scope. */
export async function createPairing(db: Executor, ctx: RequestContext, input: PairingInput) {
  const paths = roots(ctx, 'pairing.manage');
  const toYear = input.toYear ?? null;
  periodError(input.fromYear, toYear);
  // locked in id order: two pairings of the same village or helper are checked one after the other
  const orgs = await repo.orgsById(db, [...new Set([input.helperOrgId, input.villageOrgId])], true);
  const helper = orgs.find((o) => o.id === input.helperOrgId);
  const village = orgs.find((o) => o.id === input.villageOrgId);
  const inScope = (o: repo.OrgRow | undefined) =>
    o && o.status === 'active' && paths.some((p) => o.path.startsWith(p));
  if (!inScope(village)) throw fieldError('villageOrgId', 'org.not_found', ORG_NOT_FOUND);
  if (!inScope(helper)) throw fieldError('helperOrgId', 'org.not_found', ORG_NOT_FOUND);
  if (village!.unit_kind !== 'village')
    throw fieldError('villageOrgId', 'pairing.not_village', '请选择村党组织（所在单位为村的党组织）');
  if (helper!.id === village!.id || helper!.unit_kind === 'village')
    throw fieldError(
      'helperOrgId',
      'pairing.helper',
      '帮扶单位应为机关、事业单位或国有企业的党组织，不能是村',
    );
  const team = input.pairingTeamId ? await teamFor(db, ctx, input.pairingTeamId, village!.path) : undefined;
  await checkOneToOne(db, { helperId: helper!.id, villageId: village!.id, fromYear: input.fromYear, toYear });
  const now = clock.now();
  const row = await db
    .insertInto('pairings')
    .values({
      team_id: team?.id ?? null,
      helper_org_id: helper!.id,
      helper_path: helper!.path,
      village_org_id: village!.id,
      village_path: village!.path,
      region_code: village!.region_code,
      from_year: input.fromYear,
      to_year: toYear,
      note: input.note ?? '',
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'pairing.create',
    entityType: 'pairing',
    entityId: row.id,
    orgPath: village!.path,
    regionCode: village!.region_code,
    after: {
      helperOrgId: helper!.id,
      helperName: helper!.name,
      villageOrgId: village!.id,
      villageName: village!.name,
      pairingTeamId: team?.id ?? null,
      fromYear: input.fromYear,
      toYear,
    },
  });
  return getPairing(db, ctx, row.id);
}

/** updatePairing: end (or extend) the period, change the team or the note. */
export async function updatePairing(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: {
    toYear?: number | null | undefined;
    pairingTeamId?: number | null | undefined;
    note?: string | undefined;
  },
) {
  const before = await pairingInScope(db, ctx, id, 'pairing.manage');
  const toYear = input.toYear === undefined ? before.to_year : input.toYear;
  periodError(before.from_year, toYear);
  if (toYear !== null && input.toYear !== undefined) {
    const last = await repo.lastRecordYear(db, id);
    if (last !== null && last > toYear)
      throw fieldError(
        'toYear',
        'pairing.records_after',
        `${last} 年已有走访、消费帮扶或填报记录，结束年份不能早于 ${last} 年`,
      );
  }
  await repo.orgsById(
    db,
    [before.helper_org_id, before.village_org_id].sort((a, b) => a - b),
    true,
  );
  if (input.toYear !== undefined)
    await checkOneToOne(
      db,
      {
        helperId: before.helper_org_id,
        villageId: before.village_org_id,
        fromYear: before.from_year,
        toYear,
      },
      id,
    );
  const team = input.pairingTeamId
    ? await teamFor(db, ctx, input.pairingTeamId, before.village_path)
    : undefined;
  await db
    .updateTable('pairings')
    .set({
      to_year: toYear,
      ...(input.pairingTeamId !== undefined ? { team_id: team?.id ?? null } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      updated_at: clock.now(),
    })
    .where('id', '=', id)
    .execute();
  await audit(db, ctx, {
    action: 'pairing.update',
    entityType: 'pairing',
    entityId: id,
    orgPath: before.village_path,
    regionCode: before.region_code,
    before: { toYear: before.to_year, pairingTeamId: before.team_id, note: before.note },
    after: input,
  });
  return getPairing(db, ctx, id);
}

/** A date of the pairing's record: not after today, in one of the pairing's years. */
function checkRecordDate(p: repo.PairingRow, date: string, field: string) {
  if (date > clock.today()) throw fieldError(field, 'pairing.future', '日期不能晚于今天');
  if (!runsIn({ fromYear: p.from_year, toYear: p.to_year }, yearOf(date)))
    throw fieldError(
      field,
      'pairing.outside_period',
      `日期不在结对期（${pairingPeriodLabel({ fromYear: p.from_year, toYear: p.to_year })}）内`,
    );
}

/** recordVisit: who went, what was done, the problems found (each may later be filed as a case). */
export async function recordVisit(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { visitedOn: string; visitors: string; done: string; problems: string[] },
) {
  const p = await pairingInScope(db, ctx, id, 'pairing.record');
  checkRecordDate(p, input.visitedOn, 'visitedOn');
  const now = clock.now();
  const visit = await db
    .insertInto('pairing_visits')
    .values({
      pairing_id: id,
      visited_on: input.visitedOn,
      visitors: input.visitors,
      done: input.done,
      recorded_by: ctx.actor.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const problems = input.problems.length
    ? await db
        .insertInto('pairing_problems')
        .values(
          input.problems.map((description) => ({
            visit_id: visit.id,
            pairing_id: id,
            description,
            created_at: now,
          })),
        )
        .returning('id')
        .execute()
    : [];
  await audit(db, ctx, {
    action: 'pairing.visit',
    entityType: 'pairing',
    entityId: id,
    orgPath: p.village_path,
    regionCode: p.region_code,
    after: { visitId: visit.id, ...input },
  });
  return { id: visit.id, problemIds: problems.map((r) => r.id) };
}

function pairingCategory(db: Executor, village: { id: number; path: string; name: string }) {
  return ownedCategory(db, {
    code: `PAIRING-${village.id}`,
    name: '结对帮扶走访发现问题',
    groupName: '组团帮扶',
    description: `帮扶单位走访${village.name}时发现、需要村或上级协调解决的问题`,
    owner: village,
  });
}

/**
 * problemToCase: a problem found on a visit becomes a case of the one loop in the village's area (channel
 * `pairing`), accepted and dispatched there by whoever dispatches the village's cases; filed once.
 */
export async function problemToCase(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  id: number,
  problemId: number,
) {
  const p = await pairingInScope(db, ctx, id);
  const problem = await repo.findProblem(db, id, problemId);
  if (!problem) throw notFound('未找到该问题，或您无权查看');
  await pairingInScope(db, ctx, id, 'pairing.record');
  if (problem.case_id !== null) throw new AppError('pairing.problem_case');
  const categoryId = await pairingCategory(db, {
    id: p.village_org_id,
    path: p.village_path,
    name: p.village_name,
  });
  const { id: caseId } = await fileCase(
    db,
    calendar,
    {
      ctx: null,
      system: `${ctx.actor.displayName}（${ctx.actor.username}，${p.helper_name}结对帮扶走访）`,
      areaOrgId: p.village_org_id,
      submitActor: `pairing:${id}`,
    },
    {
      categoryId,
      title: problem.description.slice(0, 60),
      description: `【${p.helper_name}结对帮扶走访 ${problem.visited_on}，${problem.visitors}】${problem.description}`,
      channel: 'pairing',
      orgId: p.village_org_id,
      reporterName: p.helper_name,
    },
  );
  await db.updateTable('pairing_problems').set({ case_id: caseId }).where('id', '=', problem.id).execute();
  await audit(db, ctx, {
    action: 'pairing.problem_case',
    entityType: 'pairing',
    entityId: id,
    orgPath: p.village_path,
    regionCode: p.region_code,
    after: { problemId: problem.id, caseId },
  });
  return { problemId: problem.id, caseId };
}

/** recordPurchase: produce bought from the village or a plot adopted, amount in fen. */
export async function recordPurchase(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: {
    kind: 'produce' | 'plot';
    item: string;
    quantity: number;
    unit: string;
    amountFen: number;
    buyer: string;
    purchasedOn: string;
  },
) {
  const p = await pairingInScope(db, ctx, id, 'pairing.record');
  if (!checkQuantity(input.quantity))
    throw fieldError('quantity', 'pairing.quantity', '数量应大于 0，最多两位小数');
  if (!checkFen(input.amountFen))
    throw fieldError('amountFen', 'pairing.amount', '金额应为不小于 0 的整数（分）');
  checkRecordDate(p, input.purchasedOn, 'purchasedOn');
  const row = await db
    .insertInto('pairing_purchases')
    .values({
      pairing_id: id,
      kind: input.kind,
      item: input.item,
      quantity: input.quantity,
      unit: input.unit,
      amount_fen: input.amountFen,
      buyer: input.buyer,
      purchased_on: input.purchasedOn,
      recorded_by: ctx.actor.userId,
      created_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'pairing.purchase',
    entityType: 'pairing',
    entityId: id,
    orgPath: p.village_path,
    regionCode: p.region_code,
    after: { purchaseId: row.id, ...input },
  });
  return { id: row.id };
}

/** linkProject: a project of the projects engine the caller reads, run by this pairing in a year of it. */
export async function linkProject(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { projectId: number; year: number },
) {
  const p = await pairingInScope(db, ctx, id, 'pairing.record');
  if (!can(ctx.actor, 'project.read'))
    throw fieldError('projectId', 'project.not_found', '未找到该项目，或您无权查看');
  const project = await projectInScope(db, ctx, input.projectId, 'projectId');
  if (!runsIn({ fromYear: p.from_year, toYear: p.to_year }, input.year))
    throw fieldError(
      'year',
      'pairing.outside_period',
      `年份不在结对期（${pairingPeriodLabel({ fromYear: p.from_year, toYear: p.to_year })}）内`,
    );
  const inserted = await db
    .insertInto('pairing_projects')
    .values({
      pairing_id: id,
      project_id: project.id,
      year: input.year,
      linked_by: ctx.actor.userId,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.columns(['pairing_id', 'project_id']).doNothing())
    .returning('project_id')
    .executeTakeFirst();
  if (!inserted) throw fieldError('projectId', 'pairing.project_linked', '该项目已经关联到本结对');
  await audit(db, ctx, {
    action: 'pairing.project',
    entityType: 'pairing',
    entityId: id,
    orgPath: p.village_path,
    regionCode: p.region_code,
    after: { projectId: project.id, title: project.title, year: input.year },
  });
  return { projectId: project.id, year: input.year };
}

/**
 * setFigure: a year's target set by the pairing and/or the actual recorded with its source and date. A
 * target for a year of the period; an actual for a year that has begun, dated in or after it and not
 * after today.
 */
export async function setFigure(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: {
    year: number;
    metric: PairingMetric;
    targetFen?: number | null | undefined;
    actualFen?: number | null | undefined;
    actualSource?: string | undefined;
    actualOn?: string | undefined;
  },
) {
  const p = await pairingInScope(db, ctx, id, 'pairing.record');
  if (!runsIn({ fromYear: p.from_year, toYear: p.to_year }, input.year))
    throw fieldError(
      'year',
      'pairing.outside_period',
      `年份不在结对期（${pairingPeriodLabel({ fromYear: p.from_year, toYear: p.to_year })}）内`,
    );
  for (const field of ['targetFen', 'actualFen'] as const) {
    const v = input[field];
    if (v !== undefined && v !== null && !checkFen(v))
      throw fieldError(field, 'pairing.amount', '金额应为不小于 0 的整数（分）');
  }
  const before = await repo.figureOf(db, id, input.year, input.metric);
  let actual: { fen: number | null; source: string | null; on: string | null } | undefined;
  if (input.actualFen !== undefined) {
    if (input.actualFen === null) actual = { fen: null, source: null, on: null };
    else {
      if (input.year > thisYear())
        throw fieldError('year', 'pairing.future', '该年度尚未开始，不能填报实际数');
      if (!input.actualSource)
        throw fieldError(
          'actualSource',
          'pairing.source',
          '请填写实际数的来源（如村财务报表、农经统计年报）',
        );
      const on = input.actualOn ?? clock.today();
      if (on > clock.today()) throw fieldError('actualOn', 'pairing.future', '日期不能晚于今天');
      if (on < yearRange(input.year).from)
        throw fieldError('actualOn', 'pairing.actual_on', '填报日期不能早于该年度');
      actual = { fen: input.actualFen, source: input.actualSource, on };
    }
  }
  if (input.targetFen === undefined && actual === undefined)
    throw fieldError('targetFen', 'pairing.figure_empty', '请填写目标数或实际数');
  const values = {
    target_fen: input.targetFen === undefined ? (before?.target_fen ?? null) : input.targetFen,
    actual_fen: actual ? actual.fen : (before?.actual_fen ?? null),
    actual_source: actual ? actual.source : (before?.actual_source ?? null),
    actual_on: actual ? actual.on : (before?.actual_on ?? null),
    updated_by: ctx.actor.userId,
    updated_at: clock.now(),
  };
  await db
    .insertInto('pairing_figures')
    .values({ pairing_id: id, year: input.year, metric: input.metric, ...values })
    .onConflict((oc) => oc.columns(['pairing_id', 'year', 'metric']).doUpdateSet(values))
    .execute();
  await audit(db, ctx, {
    action: 'pairing.figure',
    entityType: 'pairing',
    entityId: id,
    orgPath: p.village_path,
    regionCode: p.region_code,
    before: before ?? null,
    after: {
      year: input.year,
      metric: input.metric,
      label: PAIRING_METRICS[input.metric],
      ...values,
      updated_at: undefined,
    },
  });
  return {
    year: input.year,
    metric: input.metric,
    targetFen: values.target_fen,
    actualFen: values.actual_fen,
  };
}
