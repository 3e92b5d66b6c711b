import {
  ASSIGNMENT_ROLES,
  CASE_STATES,
  type CaseState,
  FINDING_SEVERITY,
  guidancePeriod,
  LIAISON_DEFINITIONS,
  liaisonCoverage,
  liaisonQuarter,
  maskPhone,
  UNIT_KINDS,
  type UnitKind,
  type WorkCalendar,
} from '@honglian/domain';
import { sql } from 'kysely';
import { can, narrowTo, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { categoryVisible } from '../cases/categories.ts';
import { fileCase } from '../cases/service.ts';
import { openFindingsOfUnits } from '../compliance/service.ts';
import { getOrgRow } from '../orgs/service.ts';
import { myEnterprise } from '../policies/service.ts';
import * as repo from './repository.ts';

/**
 * 指导记录 (issue 10): a Party-building instructor (党建工作指导员) or liaison reads the compliance of the
 * enterprises assigned to them and records each guidance visit. A visit in the year counts toward work
 * coverage (两个覆盖, `orgsetup/repository.ts` coverageCte). Who reads what:
 * - the holder of `guidance.record` (the instructor role): the visits they recorded and every visit to
 *   the units assigned to them today; they record visits only to those units, and correct only their own;
 * - the holder of `instructor.manage` (the committees that assign instructors): every visit to the units
 *   managed in their subtree, read-only.
 */

const NOT_FOUND = '未找到该指导记录，或您无权查看';

function visitScope(ctx: RequestContext, today: string): repo.VisitScope {
  const records = can(ctx.actor, 'guidance.record');
  const paths = scopePaths(ctx.actor, 'instructor.manage');
  if (!records && paths.length === 0) throw new AppError('forbidden');
  return { userId: records ? ctx.actor.userId : null, today, paths };
}

function toProblem(p: repo.ProblemRow) {
  return {
    id: p.id,
    seq: p.seq,
    description: p.description,
    caseId: p.case_id,
    caseState: p.case_state,
    caseStateLabel: p.case_state ? (CASE_STATES[p.case_state as CaseState]?.label ?? p.case_state) : null,
    filedAt: p.filed_at,
  };
}

function toItem(ctx: RequestContext, r: repo.VisitRow, problems: repo.ProblemRow[]) {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    orgName: r.org_name,
    regionCode: r.region_code,
    role: r.role,
    roleLabel: ASSIGNMENT_ROLES[r.role],
    instructorUserId: r.instructor_user_id,
    instructorName: r.instructor_name,
    visitedOn: r.visited_on,
    topic: r.topic,
    problems: r.problems,
    problemList: problems.filter((p) => p.visit_id === r.id).map(toProblem),
    followUp: r.follow_up,
    followUpDoneOn: r.follow_up_done_on,
    editable: r.instructor_user_id === ctx.actor.userId && can(ctx.actor, 'guidance.record'),
  };
}

async function toItems(db: Executor, ctx: RequestContext, rows: repo.VisitRow[]) {
  const problems = await repo.problemsOfVisits(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toItem(ctx, r, problems));
}

export async function listVisits(
  db: Executor,
  ctx: RequestContext,
  query: { unitId?: number; from?: string; to?: string; page: number; pageSize: number },
  today = clock.today(),
) {
  const period = guidancePeriod(today);
  const result = await repo.listVisits(db, {
    scope: visitScope(ctx, today),
    period,
    ...(query.unitId !== undefined ? { unitId: query.unitId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: await toItems(db, ctx, result.rows),
    total: result.total,
    period,
    unitsGuided: result.unitsGuided,
  };
}

async function visitInScope(db: Executor, ctx: RequestContext, id: number) {
  const today = clock.today();
  const { rows } = await repo.listVisits(db, {
    scope: visitScope(ctx, today),
    period: guidancePeriod(today),
    id,
    limit: 1,
    offset: 0,
  });
  if (!rows[0]) throw notFound(NOT_FOUND);
  return rows[0];
}

export async function getVisit(db: Executor, ctx: RequestContext, id: number) {
  const [item] = await toItems(db, ctx, [await visitInScope(db, ctx, id)]);
  return item!;
}

/** The enterprises assigned to the caller today, with their open compliance findings and visits this year. */
export async function myEnterprises(db: Executor, ctx: RequestContext, today = clock.today()) {
  if (!can(ctx.actor, 'guidance.record')) throw new AppError('forbidden');
  const period = guidancePeriod(today);
  const quarter = liaisonQuarter(today);
  const units = await repo.assignedUnits(db, {
    userId: ctx.actor.userId,
    today,
    from: period.from,
    quarterFrom: quarter.from,
  });
  const findings = await openFindingsOfUnits(
    db,
    units.map((u) => u.unit_id),
  );
  const items = units.map((u) => {
    const own = findings.get(u.unit_id) ?? [];
    return {
      unitId: u.unit_id,
      unitName: u.unit_name,
      unitKindLabel: UNIT_KINDS[u.unit_kind as UnitKind] ?? u.unit_kind,
      employees: u.employees,
      ownOrgName: u.own_org_name,
      orgName: u.org_name,
      role: u.role,
      roleLabel: ASSIGNMENT_ROLES[u.role],
      assignedOn: u.assigned_on,
      visitsInPeriod: u.visits_in_period,
      visitsInQuarter: u.visits_in_quarter,
      lastVisitOn: u.last_visit_on,
      openFindings: own.filter((f) => f.severity === 'finding').length,
      openWarnings: own.filter((f) => f.severity === 'warning').length,
      findings: own.slice(0, 20).map((f) => ({
        id: f.id,
        ruleCode: f.rule.code,
        ruleName: f.rule.name,
        citation: f.rule.citation,
        severity: f.severity,
        severityLabel: FINDING_SEVERITY[f.severity],
        orgName: f.orgName,
        message: f.message,
        since: f.since,
      })),
    };
  });
  return {
    items,
    total: items.length,
    period,
    guided: items.filter((i) => i.visitsInPeriod > 0).length,
    quarter,
    visitedInQuarter: items.filter((i) => i.visitsInQuarter > 0).length,
  };
}

interface VisitDates {
  visitedOn: string;
  followUpDoneOn: string | null;
  assignedOn: string;
}

function checkDates(d: VisitDates, today: string) {
  if (d.visitedOn > today) throw fieldError('visitedOn', 'guidance.visited_on', '指导日期不能晚于今天');
  if (d.visitedOn < d.assignedOn)
    throw fieldError(
      'visitedOn',
      'guidance.visited_on',
      `指导日期不能早于您被选派到该单位的日期（${d.assignedOn}）`,
    );
  if (d.followUpDoneOn !== null) {
    if (d.followUpDoneOn < d.visitedOn)
      throw fieldError('followUpDoneOn', 'guidance.follow_up_done_on', '整改完成日期不能早于指导日期');
    if (d.followUpDoneOn > today)
      throw fieldError('followUpDoneOn', 'guidance.follow_up_done_on', '整改完成日期不能晚于今天');
  }
}

function snapshot(v: {
  visited_on: string;
  topic: string;
  problems: string;
  follow_up: string;
  follow_up_done_on: string | null;
}) {
  return {
    visitedOn: v.visited_on,
    topic: v.topic,
    problems: v.problems,
    followUp: v.follow_up,
    followUpDoneOn: v.follow_up_done_on,
  };
}

export async function createVisit(
  db: Executor,
  ctx: RequestContext,
  input: {
    unitId: number;
    visitedOn: string;
    topic: string;
    problems: string;
    problemList?: ProblemInput[] | undefined;
    followUp: string;
    followUpDoneOn?: string | undefined;
  },
  calendar?: WorkCalendar,
) {
  if (!can(ctx.actor, 'guidance.record')) throw new AppError('forbidden');
  const today = clock.today();
  const [unit] = await repo.assignedUnits(db, {
    userId: ctx.actor.userId,
    today,
    from: guidancePeriod(today).from,
    quarterFrom: liaisonQuarter(today).from,
    unitId: input.unitId,
  });
  // a unit not assigned to the caller answers as one that does not exist
  if (!unit) throw fieldError('unitId', 'unit.not_found', '未找到该单位，或它不是您联系的企业');
  checkDates(
    {
      visitedOn: input.visitedOn,
      followUpDoneOn: input.followUpDoneOn ?? null,
      assignedOn: unit.assigned_on,
    },
    today,
  );
  const row = await db
    .insertInto('guidance_visits')
    .values({
      region_code: unit.region_code,
      unit_id: unit.unit_id,
      assignment_id: unit.assignment_id,
      instructor_user_id: ctx.actor.userId,
      instructor_name: ctx.actor.displayName,
      visited_on: input.visitedOn,
      topic: input.topic,
      problems: input.problems,
      follow_up: input.followUp,
      follow_up_done_on: input.followUpDoneOn ?? null,
      updated_at: clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'guidance.visit_create',
    entityType: 'guidance_visit',
    entityId: row.id,
    orgPath: unit.org_path,
    regionCode: unit.region_code,
    after: { ...snapshot(row), unitName: unit.unit_name },
  });
  const list = input.problemList ?? [];
  if (list.length) {
    await addProblems(db, ctx, await visitInScope(db, ctx, row.id), list, 'problemList', calendar);
  }
  return row.id;
}

/** One problem found on a visit; with a category it is filed into the case loop at once. */
export interface ProblemInput {
  description: string;
  categoryId?: number | undefined;
}

async function addProblems(
  db: Executor,
  ctx: RequestContext,
  visit: repo.VisitRow,
  list: ProblemInput[],
  field: string,
  calendar: WorkCalendar | undefined,
) {
  const rows = await repo.insertProblems(
    db,
    visit,
    list.map((p) => p.description),
  );
  await repo.appendProblemText(db, visit.id, rows);
  await audit(db, ctx, {
    action: 'guidance.problem_add',
    entityType: 'guidance_visit',
    entityId: visit.id,
    orgPath: visit.org_path,
    regionCode: visit.region_code,
    after: { unitName: visit.unit_name, problems: rows.map((r) => `${r.seq}. ${r.description}`) },
  });
  for (const [i, p] of list.entries()) {
    if (p.categoryId === undefined) continue;
    if (!calendar) throw new Error('a calendar is needed to file a case');
    await fileProblemRow(db, calendar, ctx, visit, rows[i]!, p.categoryId, `${field}.${i}.categoryId`);
  }
  return rows;
}

/** The visit, when the caller recorded it and may add to it; else 403 (404 when not in scope). */
async function ownVisit(db: Executor, ctx: RequestContext, visitId: number) {
  const visit = await visitInScope(db, ctx, visitId);
  if (visit.instructor_user_id !== ctx.actor.userId || !can(ctx.actor, 'guidance.record'))
    throw new AppError('forbidden');
  return visit;
}

/** 问题清单: adds problems to the caller's own visit, each filed at once when it names a category. */
export async function addVisitProblems(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  visitId: number,
  input: { problems: ProblemInput[] },
) {
  const visit = await ownVisit(db, ctx, visitId);
  await db.selectFrom('guidance_visits').select('id').where('id', '=', visit.id).forUpdate().execute();
  await addProblems(db, ctx, visit, input.problems, 'problems', calendar);
}

/**
 * One step from a problem to the case loop: a case in the chosen category, in the area of the
 * enterprise's managing organization, routed by the category's rules, with the visitor as its reporter
 * (who follows and rates it); the problem keeps the case and shows its state, the case names the visit.
 */
export async function fileProblem(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  visitId: number,
  problemId: number,
  input: { categoryId: number },
) {
  const visit = await ownVisit(db, ctx, visitId);
  const problem = await db
    .selectFrom('guidance_problems')
    .select(['id', 'seq', 'description', 'case_id'])
    .where('id', '=', problemId)
    .where('visit_id', '=', visit.id)
    .forUpdate()
    .executeTakeFirst();
  if (!problem) throw notFound('未找到该问题');
  if (problem.case_id !== null)
    throw new AppError('conflict', { detail: `该问题已转为工单（编号 ${problem.case_id}）` });
  return fileProblemRow(db, calendar, ctx, visit, problem, input.categoryId, 'categoryId');
}

async function fileProblemRow(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  visit: repo.VisitRow,
  problem: { id: number; seq: number; description: string },
  categoryId: number,
  field: string,
) {
  const category = await db
    .selectFrom('case_categories')
    .select(['id', 'owner_path'])
    .where('id', '=', categoryId)
    .executeTakeFirst();
  if (!category || !categoryVisible(ctx.actor, category.owner_path))
    throw fieldError(field, 'case.category', '未找到该诉求分类');
  const roleLabel = ASSIGNMENT_ROLES[visit.role];
  const { id: caseId } = await fileCase(
    db,
    calendar,
    {
      ctx: null,
      system: `${ctx.actor.displayName}（${ctx.actor.username}，${roleLabel}走访）`,
      areaOrgId: visit.org_id,
      submitActor: `visit:${visit.id}`,
      onBehalf: { reporterId: ctx.actor.userId },
    },
    {
      categoryId: category.id,
      title: `【走访问题】${visit.unit_name}：${problem.description}`.slice(0, 200),
      description: [
        `企业：${visit.unit_name}`,
        `走访：${visit.visited_on}，${roleLabel}${visit.instructor_name}，${visit.topic}`,
        `问题清单第 ${problem.seq} 条：${problem.description}`,
      ].join('\n'),
      channel: 'visit',
      reporterName: ctx.actor.displayName,
    },
  ).catch((e: unknown) => {
    // the loop names its own field; the caller's is the problem's category
    const first = e instanceof AppError ? e.options.errors?.[0] : undefined;
    if (first?.field === 'categoryId') throw fieldError(field, 'case.category', first.message);
    throw e;
  });
  await db
    .updateTable('guidance_problems')
    .set({ case_id: caseId, filed_by: ctx.actor.userId, filed_at: clock.now() })
    .where('id', '=', problem.id)
    .execute();
  await audit(db, ctx, {
    action: 'guidance.problem_case',
    entityType: 'guidance_visit',
    entityId: visit.id,
    orgPath: visit.org_path,
    regionCode: visit.region_code,
    after: { problemId: problem.id, seq: problem.seq, description: problem.description, caseId },
  });
  return { problemId: problem.id, caseId };
}

// ── 挂钩走访 coverage and the 服务联系卡 (decision 0027) ─────────────────────────────────────────

async function coverageScope(db: Executor, ctx: RequestContext, orgId: number | undefined) {
  const paths = scopePaths(ctx.actor, 'instructor.manage');
  if (paths.length === 0) throw new AppError('forbidden');
  if (orgId === undefined) return { paths, orgId: null, orgName: '全部管理范围' };
  const org = await getOrgRow(db, ctx, orgId);
  const narrowed = narrowTo(paths, org.path);
  if (narrowed.length === 0) throw notFound('未找到该党组织，或您无权查看');
  return { paths: narrowed, orgId: org.id, orgName: org.name };
}

/**
 * The district's figure: the enterprises with a 挂钩干部 assigned today in the caller's subtree, and of
 * them those without a 挂钩 visit this quarter (the list opens from `unvisited`).
 */
export async function cadreCoverage(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined },
  today = clock.today(),
) {
  const scope = await coverageScope(db, ctx, query.orgId);
  const quarter = liaisonQuarter(today);
  const counts = await repo.cadreCoverage(db, { paths: scope.paths, today, from: quarter.from });
  return {
    orgId: scope.orgId,
    orgName: scope.orgName,
    quarter,
    ...liaisonCoverage(counts.assigned, counts.visited),
    definitions: LIAISON_DEFINITIONS,
  };
}

export async function cadreCoverageUnits(
  db: Executor,
  ctx: RequestContext,
  query: {
    orgId?: number | undefined;
    state: 'unvisited' | 'visited' | 'all';
    page: number;
    pageSize: number;
  },
  today = clock.today(),
) {
  const scope = await coverageScope(db, ctx, query.orgId);
  const quarter = liaisonQuarter(today);
  const result = await repo.cadreUnits(db, {
    paths: scope.paths,
    today,
    from: quarter.from,
    state: query.state,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: result.rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      orgName: r.org_name,
      regionCode: r.region_code,
      employees: r.employees,
      cadres: r.cadres ?? '',
      visitsInQuarter: r.visits,
      lastVisitOn: r.last_visit_on,
    })),
    total: result.total,
    quarter,
  };
}

/**
 * 服务联系卡: what the enterprise sees on its phone: who is assigned to it (phones masked), and what
 * they have done: the latest visits with their problems and the state of each problem's case.
 */
export async function myLiaisonCard(db: Executor, ctx: RequestContext, today = clock.today()) {
  if (!can(ctx.actor, 'enterprise_profile.self')) throw new AppError('forbidden');
  const unit = await myEnterprise(db, ctx);
  const [contacts, visits] = await Promise.all([
    repo.contactsOfUnits(db, [unit.unitId], today),
    repo.recentVisits(db, [unit.unitId], 10),
  ]);
  const problems = await repo.problemsOfVisits(
    db,
    visits.map((v) => v.id),
  );
  const quarter = liaisonQuarter(today);
  return {
    unitId: unit.unitId,
    unitName: unit.name,
    quarter,
    visitsInQuarter: visits.filter((v) => v.visited_on >= quarter.from && v.visited_on <= today).length,
    contacts: contacts.map((c) => ({
      role: c.role,
      roleLabel: ASSIGNMENT_ROLES[c.role],
      name: c.name,
      phone: c.phone ? maskPhone(c.phone) : null,
      assignedOn: c.assigned_on,
    })),
    visits: visits.map((v) => ({
      id: v.id,
      visitedOn: v.visited_on,
      roleLabel: ASSIGNMENT_ROLES[v.role],
      visitorName: v.instructor_name,
      topic: v.topic,
      followUp: v.follow_up,
      followUpDoneOn: v.follow_up_done_on,
      problems: problems.filter((p) => p.visit_id === v.id).map(toProblem),
    })),
  };
}

export async function updateVisit(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: {
    visitedOn?: string | undefined;
    topic?: string | undefined;
    problems?: string | undefined;
    followUp?: string | undefined;
    followUpDoneOn?: string | null | undefined;
  },
) {
  const visit = await visitInScope(db, ctx, id);
  // the committee reads the records; only the instructor who made one corrects it
  if (visit.instructor_user_id !== ctx.actor.userId || !can(ctx.actor, 'guidance.record'))
    throw new AppError('forbidden');
  const before = await db
    .selectFrom('guidance_visits')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const assignment = await db
    .selectFrom('instructor_assignments')
    .select('assigned_on')
    .where('id', '=', before.assignment_id)
    .executeTakeFirstOrThrow();
  const visitedOn = input.visitedOn ?? before.visited_on;
  const followUpDoneOn = input.followUpDoneOn !== undefined ? input.followUpDoneOn : before.follow_up_done_on;
  checkDates({ visitedOn, followUpDoneOn, assignedOn: assignment.assigned_on }, clock.today());
  const updated = await db
    .updateTable('guidance_visits')
    .set({
      visited_on: visitedOn,
      follow_up_done_on: followUpDoneOn,
      ...(input.topic !== undefined ? { topic: input.topic } : {}),
      ...(input.problems !== undefined ? { problems: input.problems } : {}),
      ...(input.followUp !== undefined ? { follow_up: input.followUp } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'guidance.visit_update',
    entityType: 'guidance_visit',
    entityId: id,
    orgPath: visit.org_path,
    regionCode: visit.region_code,
    before: snapshot(before),
    after: { ...snapshot(updated), unitName: visit.unit_name },
  });
}
