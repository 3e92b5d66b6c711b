import {
  addDays,
  asOfDay,
  type Figure,
  figure,
  isMonth,
  monthBounds,
  monthOf,
  monthsEnding,
  percent,
  weekOf,
} from '@honglian/domain';
import { can } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import * as alliances from '../alliances/service.ts';
import * as cases from '../cases/service.ts';
import * as compliance from '../compliance/service.ts';
import * as dues from '../dues/service.ts';
import * as guidance from '../guidance/service.ts';
import * as learning from '../learning/service.ts';
import * as points from '../points/service.ts';
import * as policies from '../policies/service.ts';
import * as projects from '../projects/service.ts';
import * as repo from './repository.ts';

/**
 * The home screens (工作台). Each figure is computed by the module that owns its data, with the same
 * definitions as the list behind it (工单统计, 党费统计, 合规监测, 项目管理); this module composes them,
 * per region and month for the organization department, per role for everyone else. The monthly
 * bulletin (通报) reads `regionDashboard`, so what it says is what the dashboard shows.
 */

/** The months a trend covers (this one and the five before). */
export const TREND_MONTHS = 6;

/** Rules whose findings and warnings are a branch's meetings due (RULES.md O6–O8). */
const MEETING_RULES = ['O6', 'O7', 'O8'] as const;
/** Rules on the time limits of developing members (RULES.md P2–P15). */
const DEVELOPMENT_RULES = ['P2', 'P3', 'P4', 'P11', 'P12', 'P13', 'P15'] as const;

const NOT_FOUND = '未找到该党组织，或您无权查看';

export interface ChildRow {
  orgId: number;
  name: string;
  orgs: number;
  members: number | null;
  findingsOpen: number | null;
  duesRate: number | null;
  link: string;
}

export interface RegionDashboard {
  org: { id: number; name: string };
  month: string;
  asOf: string;
  figures: Figure[];
  children: ChildRow[];
}

/** The organization a user's region dashboard opens on: the top of their widest `org.read` binding. */
export function defaultRegionOrg(ctx: RequestContext): number | undefined {
  const bindings = ctx.actor.bindings
    .filter((b) => can(ctx.actor, 'org.read', b.orgPath))
    .sort((a, b) => a.orgDepth - b.orgDepth);
  return bindings[0]?.orgId;
}

/**
 * A region's figures for a month: the organization department's home, the bulletin's numbers. Figures
 * the caller may not read at this organization are left out, not shown as zero.
 */
export async function regionDashboard(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined; month?: string | undefined },
): Promise<RegionDashboard> {
  const today = clock.today();
  const month = query.month ?? monthOf(today);
  if (!isMonth(month)) throw fieldError('month', 'month.format', '月份格式应为 YYYY-MM');
  const asOf = asOfDay(month, today);
  if (!asOf) throw fieldError('month', 'month.future', '该月尚未开始，没有可统计的数据');
  const orgId = query.orgId ?? defaultRegionOrg(ctx);
  if (orgId === undefined) throw new AppError('forbidden');
  const org = await repo.findOrg(db, orgId);
  if (!org || !can(ctx.actor, 'org.read', org.path)) {
    throw query.orgId === undefined ? notFound(NOT_FOUND) : fieldError('orgId', 'org.not_found', NOT_FOUND);
  }
  const months = monthsEnding(month, TREND_MONTHS);
  const from = `${months[0]}-01`;
  const to = monthBounds(month).last;
  const at = (permission: Parameters<typeof can>[1]) => can(ctx.actor, permission, org.path);

  const [sizes, findings, overdue, opened, caseMonths, duesYears, lagging, active] = await Promise.all([
    repo.sizes(db, org),
    at('compliance.read') ? compliance.overview(db, ctx, org.id) : undefined,
    at('compliance.read')
      ? compliance
          .listFindings(db, ctx, {
            orgId: org.id,
            status: 'open',
            severity: 'finding',
            overdue: 'true',
            page: 1,
            pageSize: 1,
          })
          .then((r) => r.total)
      : undefined,
    at('compliance.read') ? repo.findingsOpenedByMonth(db, org.path, from, to) : undefined,
    at('case.read') ? cases.measuresByMonth(db, ctx, org.path, from, to) : undefined,
    at('dues.read')
      ? Promise.all(
          [...new Set(months.map((m) => Number(m.slice(0, 4))))].map((year) =>
            dues.summary(db, ctx, org.id, year, month),
          ),
        )
      : undefined,
    at('project.read')
      ? projects.listProjects(db, ctx, {
          orgId: org.id,
          status: 'in_progress',
          lagging: 'true',
          page: 1,
          pageSize: 1,
        })
      : undefined,
    at('project.read')
      ? projects.listProjects(db, ctx, { orgId: org.id, status: 'in_progress', page: 1, pageSize: 1 })
      : undefined,
  ]);

  const q = `org=${org.id}`;
  const monthRange = `from=${month}-01&to=${to}`;
  const figures: Figure[] = [figure('orgs', sizes.total.orgs, `/orgs?id=${org.id}`)];
  if (at('member.read')) figures.push(figure('members', sizes.total.members, `/members?${q}`));
  if (findings && overdue !== undefined && opened) {
    figures.push(
      figure('findingsOpen', findings.totals.findings, `/compliance?${q}&status=open&severity=finding`),
      figure('findingsOverdue', overdue, `/compliance?${q}&status=open&severity=finding&overdue=true`),
      figure(
        'findingsOpened',
        opened.get(month) ?? 0,
        `/compliance?${q}&severity=finding`,
        months.map((m) => ({ month: m, value: opened.get(m) ?? 0 })),
      ),
    );
  }
  if (caseMonths) {
    const measure = (m: string, key: string) => {
      const found = caseMonths.get(m)?.measures.find((x) => x.key === key);
      return found && found.value !== null ? percent(found.numerator, found.denominator) : null;
    };
    figures.push(
      figure(
        'casesReceived',
        caseMonths.get(month)?.cases ?? 0,
        `/cases/stats?${q}&by=month&${monthRange}`,
        months.map((m) => ({ month: m, value: caseMonths.get(m)?.cases ?? 0 })),
      ),
      figure(
        'casesOnTime',
        measure(month, 'onTime'),
        `/cases/stats?${q}&by=unit&${monthRange}`,
        months.map((m) => ({ month: m, value: measure(m, 'onTime') })),
      ),
      figure(
        'casesSatisfaction',
        measure(month, 'satisfaction'),
        `/cases/stats?${q}&by=unit&${monthRange}`,
        months.map((m) => ({ month: m, value: measure(m, 'satisfaction') })),
      ),
    );
  }
  let duesByChild = new Map<number, number | null>();
  if (duesYears) {
    const byMonth = new Map(duesYears.flatMap((y) => y.months.map((m) => [m.month, m] as const)));
    const rate = (m: string) => {
      const row = byMonth.get(m);
      return row ? percent(row.paidFen, row.dueFen) : null;
    };
    const thisMonth = byMonth.get(month);
    figures.push(
      figure(
        'duesRate',
        rate(month),
        `/dues?${q}&month=${month}&tab=summary`,
        months.map((m) => ({ month: m, value: rate(m) })),
      ),
      figure('duesPaid', (thisMonth?.paidFen ?? 0) / 100, `/dues?${q}&month=${month}&tab=summary`),
    );
    duesByChild = new Map(duesYears[0]!.children.map((c) => [c.orgId, percent(c.paidFen, c.dueFen)]));
  }
  if (lagging && active) {
    figures.push(
      figure('projectsActive', active.total, `/projects?${q}`),
      figure('projectsLagging', lagging.total, `/projects?${q}&lagging=true`),
    );
  }

  const findingsByChild = new Map((findings?.byChild ?? []).map((c) => [c.orgId, c.findings]));
  return {
    org: { id: org.id, name: org.name },
    month,
    asOf,
    figures,
    children: sizes.byChild.map((c) => ({
      orgId: c.org_id,
      name: c.name,
      orgs: c.orgs,
      members: at('member.read') ? c.members : null,
      findingsOpen: findings ? (findingsByChild.get(c.org_id) ?? 0) : null,
      duesRate: duesYears ? (duesByChild.get(c.org_id) ?? null) : null,
      link: `/home?org=${c.org_id}&month=${month}`,
    })),
  };
}

export interface HomeCard {
  key: 'region' | 'branch' | 'queue' | 'guidance' | 'alliance' | 'member' | 'enterprise' | 'citizen';
  title: string;
  org: { id: number; name: string } | null;
  figures: Figure[];
}

/**
 * What the caller must see first, by what they do: the region's organization department its region
 * (the figures come from `regionDashboard`, asked for separately so a month can be chosen), a branch
 * secretary the branch's week, a handler the queue, a member, an enterprise or a resident their own.
 */
export async function myHome(db: Executor, ctx: RequestContext) {
  const today = clock.today();
  const month = monthOf(today);
  const { monday, sunday } = weekOf(today);
  const cards: HomeCard[] = [];
  const bindings = [...ctx.actor.bindings].sort((a, b) => a.orgDepth - b.orgDepth);
  const regionOrg = bindings.find((b) => can(ctx.actor, 'org.create', b.orgPath));
  const branch = bindings.find((b) => b.role === 'branch_admin');

  const [unread, queue, mine, member, enterprise, balance, signUps] = await Promise.all([
    compliance.myReminders(db, ctx, { unread: true, page: 1, pageSize: 1 }).then((r) => r.unread),
    can(ctx.actor, 'case.handle')
      ? Promise.all([
          cases.listCases(db, ctx, { mine: 'todo', page: 1, pageSize: 1 }),
          cases.listCases(db, ctx, { mine: 'todo', overdue: 'true', page: 1, pageSize: 1 }),
        ])
      : undefined,
    can(ctx.actor, 'case.report')
      ? Promise.all([
          cases.listCases(db, ctx, { mine: 'reported', state: 'open', page: 1, pageSize: 1 }),
          cases.listCases(db, ctx, { mine: 'reported', state: 'replied', page: 1, pageSize: 1 }),
        ])
      : undefined,
    repo.memberOf(db, ctx.actor.userId),
    can(ctx.actor, 'enterprise_profile.self')
      ? policies.myEnterprise(db, ctx).catch(() => undefined)
      : undefined,
    points.myBalance(db, ctx),
    repo.upcomingSignUps(db, ctx.actor.userId, clock.now()),
  ]);

  if (regionOrg) {
    cards.push({
      key: 'region',
      title: `${regionOrg.orgName}工作台`,
      org: { id: regionOrg.orgId, name: regionOrg.orgName },
      figures: [],
    });
  }
  if (branch) {
    const path = branch.orgPath;
    const q = `org=${branch.orgId}`;
    const openOf = (rules: readonly string[]) =>
      compliance
        .listFindings(db, ctx, {
          orgId: branch.orgId,
          status: 'open',
          rule: rules.join(','),
          page: 1,
          pageSize: 1,
        })
        .then((r) => r.total);
    const [meetingsThisWeek, meetingsDue, duesUnpaid, developmentDue] = await Promise.all([
      repo.plannedMeetings(db, path, monday, sunday),
      openOf(MEETING_RULES),
      repo.unpaidMembers(db, path, month),
      openOf(DEVELOPMENT_RULES),
    ]);
    cards.push({
      key: 'branch',
      title: `${branch.orgName}本周待办`,
      org: { id: branch.orgId, name: branch.orgName },
      figures: [
        figure('meetingsThisWeek', meetingsThisWeek, `/orglife?${q}&month=${month}`),
        figure('meetingsDue', meetingsDue, `/compliance?${q}&status=open&rule=${MEETING_RULES.join(',')}`),
        figure('duesUnpaid', duesUnpaid, `/dues?${q}&month=${month}&tab=ledger`),
        figure(
          'developmentDue',
          developmentDue,
          `/compliance?${q}&status=open&rule=${DEVELOPMENT_RULES.join(',')}`,
        ),
      ],
    });
  }
  if (queue) {
    cards.push({
      key: 'queue',
      title: '我的工单',
      org: null,
      figures: [
        figure('queueTodo', queue[0].total, '/cases?tab=todo'),
        figure('queueOverdue', queue[1].total, '/cases?tab=todo&overdue=true'),
      ],
    });
  }
  if (can(ctx.actor, 'guidance.record')) {
    const mine = await guidance.myEnterprises(db, ctx, today);
    cards.push({
      key: 'guidance',
      title: '我联系的企业',
      org: null,
      figures: [
        figure('guidanceEnterprises', mine.total, '/guidance'),
        figure('guidanceNotVisited', mine.total - mine.guided, '/guidance'),
        figure('guidanceNotVisitedQuarter', mine.total - mine.visitedInQuarter, '/guidance'),
        figure('guidanceWithFindings', mine.items.filter((i) => i.openFindings > 0).length, '/guidance'),
      ],
    });
  }
  const office = !regionOrg && bindings.find((b) => can(ctx.actor, 'alliance.manage', b.orgPath));
  if (office) {
    const [runs, active, lagging] = await Promise.all([
      alliances.listAlliances(db, ctx, { page: 1, pageSize: 1 }),
      projects.listProjects(db, ctx, { orgId: office.orgId, status: 'in_progress', page: 1, pageSize: 1 }),
      projects.listProjects(db, ctx, {
        orgId: office.orgId,
        status: 'in_progress',
        lagging: 'true',
        page: 1,
        pageSize: 1,
      }),
    ]);
    const q = `org=${office.orgId}`;
    cards.push({
      key: 'alliance',
      title: `${office.orgName}工作台`,
      org: { id: office.orgId, name: office.orgName },
      figures: [
        figure('alliances', runs.total, '/alliances'),
        figure('projectsActive', active.total, `/projects?${q}`),
        figure('projectsLagging', lagging.total, `/projects?${q}&lagging=true`),
      ],
    });
  }
  if (member) {
    const [owed, soon, study] = await Promise.all([
      repo.owedFen(db, member.id),
      repo.branchMeetingsSoon(db, member.org_id, today, addDays(today, 13)),
      learning.myLearning(db, ctx),
    ]);
    cards.push({
      key: 'member',
      title: '我的党员事务',
      org: null,
      figures: [
        figure('myDuesUnpaid', owed / 100, '/m/dues'),
        figure('myMeetings', soon, '/m/meetings'),
        figure('myStudyOpen', study.summary.assignedOpen, '/m/learning'),
      ],
    });
  }
  if (enterprise) {
    const counts = await repo.matchCounts(db, enterprise.unitId);
    cards.push({
      key: 'enterprise',
      title: enterprise.name,
      org: null,
      figures: [
        figure('policiesEligible', counts.eligible, '/m/policies'),
        figure('policiesUnknown', counts.unknown, '/m/policies'),
        ...(mine
          ? [
              figure('myCasesOpen', mine[0].total, '/m/cases'),
              figure('myCasesToRate', mine[1].total, '/m/cases'),
            ]
          : []),
      ],
    });
  } else if (mine && cards.every((c) => c.key === 'member')) {
    cards.push({
      key: 'citizen',
      title: '我的诉求与服务',
      org: null,
      figures: [
        figure('myCasesOpen', mine[0].total, '/m/cases'),
        figure('myCasesToRate', mine[1].total, '/m/cases'),
        figure('myPoints', balance, '/m/points'),
        figure('myActivities', signUps, '/m/activities'),
      ],
    });
  }
  // the reminders sent to the user belong to their first piece of work
  cards.find((c) => c.key !== 'region')?.figures.push(figure('remindersUnread', unread, '/reminders'));
  return { today, cards };
}
