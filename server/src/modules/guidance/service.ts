import {
  ASSIGNMENT_ROLES,
  FINDING_SEVERITY,
  guidancePeriod,
  UNIT_KINDS,
  type UnitKind,
} from '@honglian/domain';
import { sql } from 'kysely';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { openFindingsOfUnits } from '../compliance/service.ts';
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

function toItem(ctx: RequestContext, r: repo.VisitRow) {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    orgName: r.org_name,
    regionCode: r.region_code,
    instructorUserId: r.instructor_user_id,
    instructorName: r.instructor_name,
    visitedOn: r.visited_on,
    topic: r.topic,
    problems: r.problems,
    followUp: r.follow_up,
    followUpDoneOn: r.follow_up_done_on,
    editable: r.instructor_user_id === ctx.actor.userId && can(ctx.actor, 'guidance.record'),
  };
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
    items: result.rows.map((r) => toItem(ctx, r)),
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
  return toItem(ctx, await visitInScope(db, ctx, id));
}

/** The enterprises assigned to the caller today, with their open compliance findings and visits this year. */
export async function myEnterprises(db: Executor, ctx: RequestContext, today = clock.today()) {
  if (!can(ctx.actor, 'guidance.record')) throw new AppError('forbidden');
  const period = guidancePeriod(today);
  const units = await repo.assignedUnits(db, { userId: ctx.actor.userId, today, from: period.from });
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
    followUp: string;
    followUpDoneOn?: string | undefined;
  },
) {
  if (!can(ctx.actor, 'guidance.record')) throw new AppError('forbidden');
  const today = clock.today();
  const [unit] = await repo.assignedUnits(db, {
    userId: ctx.actor.userId,
    today,
    from: guidancePeriod(today).from,
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
  return row.id;
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
