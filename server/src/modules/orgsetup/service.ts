import {
  ASSIGNMENT_ROLES,
  type AssignmentRole,
  COMMITTEE_POSTS,
  COVERAGE_DEFINITIONS,
  COVERAGE_ROLES,
  type CommitteePost,
  coverageRates,
  daysBetween,
  evaluateOrg,
  evaluateUnit,
  FINDING_SEVERITIES,
  guidancePeriod,
  maskPhone,
  ORG_SETUP_CHECK_SEVERITY,
  ORG_SETUP_CHECKS,
  ORG_SETUP_RULES,
  ORG_TYPES,
  type OrgSetupCheck,
  type OrgSetupFinding,
  type OrgType,
  regionName,
  TERM_KINDS,
  type TermKind,
  termEndsOn,
  termRemindFrom,
  termYearsFor,
  UNIT_KINDS,
  type UnitKind,
} from '@honglian/domain';
import { sql } from 'kysely';
import { allowedActions, assertCan, can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { type Cursor, encodeCursor, keysetPage } from '../../platform/cursor.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { requestRecheck } from '../compliance/recheck.ts';
import { getOrgRow } from '../orgs/service.ts';
import * as repo from './repository.ts';

/**
 * Organization setup: findings of O1, O3, O4, O5 for a subtree, leadership terms and committees,
 * 党建工作指导员 assignments, the 党务工作者 register and the 两个覆盖 dashboard.
 */

type OrgRow = Awaited<ReturnType<typeof getOrgRow>>;

async function unitKindOf(db: Executor, unitId: number | null): Promise<UnitKind | null> {
  if (!unitId) return null;
  const unit = await db.selectFrom('units').select('kind').where('id', '=', unitId).executeTakeFirst();
  return (unit?.kind as UnitKind | undefined) ?? null;
}

function assertActive(org: OrgRow) {
  if (org.status !== 'active') throw new AppError('org.dissolved');
}

// ── findings ────────────────────────────────────────────────────────────────────────────────────

function findingOf(row: repo.FindingRow, today: string): OrgSetupFinding | undefined {
  const found =
    row.check_code === 'O1.unit_without_branch'
      ? evaluateUnit({
          unitName: row.subject_unit_name ?? '',
          hasOwnOrg: false,
          fullMembers: row.unit_full_members ?? 0,
        })
      : evaluateOrg(
          {
            orgType: row.org_type as OrgType,
            unitKind: row.unit_kind as UnitKind | null,
            members: row.members,
            fullMembers: row.full_members,
            term:
              row.term_kind && row.elected_on && row.ends_on
                ? {
                    kind: row.term_kind,
                    electedOn: row.elected_on,
                    endsOn: row.ends_on,
                    committeeSize: row.committee_size ?? 0,
                  }
                : null,
          },
          today,
        );
  return found.find((f) => f.check === row.check_code);
}

/**
 * Brings the stored findings up to date with what changed since they were last computed (the
 * triggers of migration 0260 note it): a change is seen by the very next read. Nothing to do is one
 * row read; otherwise it recomputes the changed organizations in its own transaction (or the
 * caller's).
 */
export async function refreshFindings(db: Executor, options: { whole?: boolean } = {}) {
  if (!options.whole && !(await repo.findingsStale(db))) return null;
  return db.isTransaction
    ? repo.refreshFindings(db, options)
    : db.transaction().execute((trx) => repo.refreshFindings(trx, options));
}

/**
 * The findings of O1/O3/O4/O5 in an organization's subtree, from the stored rows (decision 0029): by
 * `cursor` (keyset, from a previous answer's `nextCursor`/`prevCursor`; `page` is then ignored) or by
 * `page`. The total under the filter and the counts by check come from one count of the stored rows.
 */
export async function listFindings(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  query: {
    rule?: string | undefined;
    check?: string | undefined;
    severity?: string | undefined;
    page: number;
    pageSize: number;
    cursor?: Cursor | undefined;
  },
  today = clock.today(),
) {
  const org = await getOrgRow(db, ctx, orgId, 'orgsetup.read');
  await refreshFindings(db);
  const filter: repo.FindingsFilter = {
    prefix: org.path,
    today,
    ...(query.rule ? { rule: query.rule } : {}),
    ...(query.check ? { check: query.check } : {}),
    ...(query.severity ? { severity: query.severity } : {}),
  };
  const c = query.cursor;
  const key = c ? ([Number(c.key[0]), String(c.key[1]), String(c.key[2]), Number(c.key[3])] as const) : null;
  const position: repo.FindingsPosition = !key
    ? { offset: (query.page - 1) * query.pageSize }
    : c?.direction === 'prev'
      ? { before: key }
      : { after: key };
  // one row more than the page tells whether another page follows
  const [rows, counts] = await Promise.all([
    repo.findingsPage(db, { ...filter, limit: query.pageSize + 1, position }),
    repo.findingCounts(db, filter),
  ]);
  const page = keysetPage(rows, query.pageSize, c, repo.findingKey);
  const first = page.items[0];
  // reached by page number, the first page has no previous page and any other has one
  const prevCursor = c
    ? page.prevCursor
    : query.page > 1 && first
      ? encodeCursor({ direction: 'prev', key: repo.findingKey(first) })
      : null;
  const items = page.items.flatMap((row) => {
    const f = findingOf(row, today);
    // the SQL and the evaluator read the same parameters; a row the evaluator disowns is not shown
    if (!f) return [];
    const rule = ORG_SETUP_RULES[f.rule.id];
    return [
      {
        key: `${row.check_code}:${row.org_id}:${row.subject_unit_id ?? ''}`,
        rule: {
          id: rule.id,
          title: rule.title,
          source: rule.source,
          article: rule.article,
          uncertain: rule.uncertain,
        },
        check: f.check,
        checkLabel: ORG_SETUP_CHECKS[f.check],
        severity: f.severity,
        severityLabel: FINDING_SEVERITIES[f.severity],
        message: f.message,
        since: f.since ?? null,
        due: f.due ?? null,
        org: {
          id: row.org_id,
          name: row.org_name,
          type: row.org_type,
          typeLabel: ORG_TYPES[row.org_type as OrgType] ?? row.org_type,
        },
        unit:
          row.subject_unit_id !== null
            ? { id: row.subject_unit_id, name: row.subject_unit_name ?? '' }
            : null,
      },
    ];
  });
  const selected = (check: OrgSetupCheck) =>
    (!query.rule || check.startsWith(`${query.rule}.`)) &&
    (!query.check || check === query.check) &&
    (!query.severity || ORG_SETUP_CHECK_SEVERITY[check] === query.severity);
  return {
    items,
    total: counts.reduce((n, x) => n + (selected(x.check_code) ? x.count : 0), 0),
    asOf: today,
    nextCursor: page.nextCursor,
    prevCursor,
    summary: counts.map((x) => ({
      rule: x.check_code.slice(0, 2),
      check: x.check_code,
      severity: ORG_SETUP_CHECK_SEVERITY[x.check_code],
      count: x.count,
    })),
  };
}

// ── terms and committees ───────────────────────────────────────────────────────────────────────

interface MemberInput {
  memberId?: number | undefined;
  name?: string | undefined;
  post: string;
}

function toTermItem(
  t: {
    id: number;
    org_id: number;
    kind: TermKind;
    elected_on: string;
    term_years: number;
    ends_on: string;
    state: 'current' | 'ended';
    ended_on: string | null;
    note: string | null;
  },
  members: Array<{ id: number; member_id: number | null; name: string; post: string }>,
  today: string,
) {
  return {
    id: t.id,
    orgId: t.org_id,
    kind: t.kind,
    kindLabel: TERM_KINDS[t.kind],
    electedOn: t.elected_on,
    termYears: t.term_years,
    endsOn: t.ends_on,
    remindFrom: termRemindFrom(t.ends_on),
    state: t.state,
    endedOn: t.ended_on,
    note: t.note,
    daysLeft: daysBetween(today, t.ends_on),
    members: members.map((m) => ({
      id: m.id,
      memberId: m.member_id,
      name: m.name,
      post: m.post,
      postLabel: COMMITTEE_POSTS[m.post as CommitteePost] ?? m.post,
    })),
  };
}

const POST_ORDER = Object.keys(COMMITTEE_POSTS);

export async function listTerms(db: Executor, ctx: RequestContext, orgId: number, today = clock.today()) {
  const org = await getOrgRow(db, ctx, orgId, 'orgsetup.read');
  const terms = await db
    .selectFrom('org_terms')
    .selectAll()
    .where('org_id', '=', org.id)
    .orderBy('state')
    .orderBy('elected_on', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const members = terms.length
    ? await db
        .selectFrom('org_committee_members')
        .select(['id', 'term_id', 'member_id', 'name', 'post'])
        .where(
          'term_id',
          'in',
          terms.map((t) => t.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const byTerm = new Map<number, typeof members>();
  for (const m of members) byTerm.set(m.term_id, [...(byTerm.get(m.term_id) ?? []), m]);
  for (const list of byTerm.values())
    list.sort((a, b) => POST_ORDER.indexOf(a.post) - POST_ORDER.indexOf(b.post));
  const [counts, unitKind] = await Promise.all([repo.memberCounts(db, org), unitKindOf(db, org.unit_id)]);
  return {
    items: terms.map((t) => toTermItem(t, byTerm.get(t.id) ?? [], today)),
    total: terms.length,
    defaultTermYears: termYearsFor(org.type as OrgType, unitKind),
    members: counts.members,
    fullMembers: counts.full_members,
    actions: org.status === 'active' ? allowedActions(ctx.actor, ['orgsetup.manage'], org.path) : [],
  };
}

/** Resolves committee members: member records must belong to the org's subtree; names come from them. */
async function resolveMembers(
  db: Executor,
  org: OrgRow,
  kind: TermKind,
  input: MemberInput[],
  existing: Array<{ post: string }> = [],
  fieldPrefix = 'members',
) {
  const all = [...existing.map((e) => e.post), ...input.map((m) => m.post)];
  const secretaries = all.filter((p) => p === 'secretary').length;
  if (secretaries > 1) {
    const i = input.findIndex((m, j) => m.post === 'secretary' && (existing.length > 0 || j > 0));
    throw fieldError(`${fieldPrefix}.${Math.max(i, 0)}.post`, 'orgsetup.post', '每届班子只能有 1 名书记');
  }
  if (kind === 'secretary') {
    const bad = input.findIndex((m) => m.post !== 'secretary' && m.post !== 'deputy_secretary');
    if (bad >= 0)
      throw fieldError(
        `${fieldPrefix}.${bad}.post`,
        'orgsetup.post',
        '不设委员会的党支部只设书记，必要时设 1 名副书记',
      );
    if (all.filter((p) => p === 'deputy_secretary').length > 1)
      throw fieldError(`${fieldPrefix}.0.post`, 'orgsetup.post', '不设委员会的党支部最多设 1 名副书记');
  }
  const ids = input.flatMap((m) => (m.memberId !== undefined ? [m.memberId] : []));
  const found = ids.length
    ? await db
        .selectFrom('members')
        .innerJoin('orgs', 'orgs.id', 'members.org_id')
        .select(['members.id', 'members.name'])
        .where('members.id', 'in', ids)
        .where('orgs.path', 'like', `${org.path}%`)
        .execute()
    : [];
  const names = new Map(found.map((m) => [m.id, m.name]));
  return input.map((m, i) => {
    if (m.memberId !== undefined && !names.has(m.memberId))
      throw fieldError(
        `${fieldPrefix}.${i}.memberId`,
        'orgsetup.member_outside',
        '该党员不属于本组织，不能担任本组织班子成员',
      );
    return {
      member_id: m.memberId ?? null,
      name: m.memberId !== undefined ? names.get(m.memberId)! : m.name!,
      post: m.post,
    };
  });
}

function termSnapshot(t: {
  kind: string;
  elected_on: string;
  term_years: number;
  ends_on: string;
  state: string;
}) {
  return {
    kind: t.kind,
    electedOn: t.elected_on,
    termYears: t.term_years,
    endsOn: t.ends_on,
    state: t.state,
  };
}

/** 换届: records a new term (and its committee); the current one ends on the new election day. */
export async function createTerm(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  input: { kind: TermKind; electedOn: string; termYears?: number; note?: string; members: MemberInput[] },
) {
  const org = await getOrgRow(db, ctx, orgId, 'orgsetup.manage');
  assertActive(org);
  const today = clock.today();
  if (input.electedOn > today) throw fieldError('electedOn', 'orgsetup.elected_on', '选举日期不能晚于今天');
  const current = await db
    .selectFrom('org_terms')
    .selectAll()
    .where('org_id', '=', org.id)
    .where('state', '=', 'current')
    .forUpdate()
    .executeTakeFirst();
  if (current && input.electedOn <= current.elected_on)
    throw fieldError(
      'electedOn',
      'orgsetup.elected_on',
      `选举日期应晚于本届班子的选举日期（${current.elected_on}）`,
    );
  const members = await resolveMembers(db, org, input.kind, input.members);
  const years = input.termYears ?? termYearsFor(org.type as OrgType, await unitKindOf(db, org.unit_id));
  if (current) {
    await db
      .updateTable('org_terms')
      .set({ state: 'ended', ended_on: input.electedOn, updated_at: sql`now()` })
      .where('id', '=', current.id)
      .execute();
  }
  const term = await db
    .insertInto('org_terms')
    .values({
      region_code: org.region_code,
      org_id: org.id,
      kind: input.kind,
      elected_on: input.electedOn,
      term_years: years,
      ends_on: termEndsOn(input.electedOn, years),
      note: input.note ?? null,
      created_by: ctx.actor.userId,
      updated_at: clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (members.length) {
    await db
      .insertInto('org_committee_members')
      .values(members.map((m) => ({ ...m, term_id: term.id, region_code: org.region_code })))
      .execute();
  }
  await audit(db, ctx, {
    action: 'orgsetup.term_create',
    entityType: 'org_term',
    entityId: term.id,
    orgPath: org.path,
    regionCode: org.region_code,
    before: current ? { ...termSnapshot(current), orgName: org.name } : undefined,
    after: {
      ...termSnapshot(term),
      orgName: org.name,
      members: members.map((m) => `${m.name}（${m.post}）`),
    },
  });
  // the compliance engine's O5 of this organization within seconds, and the stored findings (0029)
  await requestRecheck(db, [org.id]);
  return term.id;
}

async function termInScope(db: Executor, ctx: RequestContext, termId: number) {
  const term = await db.selectFrom('org_terms').selectAll().where('id', '=', termId).executeTakeFirst();
  if (!term) throw notFound('未找到该届班子，或您无权查看');
  const org = await getOrgRow(db, ctx, term.org_id, 'orgsetup.read').catch(() => {
    throw notFound('未找到该届班子，或您无权查看');
  });
  assertCan(ctx.actor, 'orgsetup.manage', org.path);
  assertActive(org);
  if (term.state !== 'current') throw new AppError('orgsetup.term_ended');
  return { term, org };
}

export async function updateTerm(
  db: Executor,
  ctx: RequestContext,
  termId: number,
  input: { kind?: TermKind; electedOn?: string; termYears?: number; note?: string | null },
) {
  const { term, org } = await termInScope(db, ctx, termId);
  const electedOn = input.electedOn ?? term.elected_on;
  if (electedOn > clock.today()) throw fieldError('electedOn', 'orgsetup.elected_on', '选举日期不能晚于今天');
  const previous = await db
    .selectFrom('org_terms')
    .select('ended_on')
    .where('org_id', '=', org.id)
    .where('state', '=', 'ended')
    .orderBy('ended_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (previous?.ended_on && electedOn < previous.ended_on)
    throw fieldError(
      'electedOn',
      'orgsetup.elected_on',
      `选举日期不能早于上一届结束的日期（${previous.ended_on}）`,
    );
  const kind = input.kind ?? term.kind;
  if (kind === 'secretary' && kind !== term.kind) {
    const posts = await db
      .selectFrom('org_committee_members')
      .select('post')
      .where('term_id', '=', term.id)
      .execute();
    await resolveMembers(db, org, 'secretary', posts, [], 'kind');
  }
  const years = input.termYears ?? term.term_years;
  const updated = await db
    .updateTable('org_terms')
    .set({
      kind,
      elected_on: electedOn,
      term_years: years,
      ends_on: termEndsOn(electedOn, years),
      ...(input.note !== undefined ? { note: input.note } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', term.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'orgsetup.term_update',
    entityType: 'org_term',
    entityId: term.id,
    orgPath: org.path,
    regionCode: org.region_code,
    before: { ...termSnapshot(term), note: term.note },
    after: { ...termSnapshot(updated), note: updated.note },
  });
  // the compliance engine's O5 of this organization within seconds, and the stored findings (0029)
  await requestRecheck(db, [org.id]);
}

export async function addCommitteeMember(
  db: Executor,
  ctx: RequestContext,
  termId: number,
  input: MemberInput,
) {
  const { term, org } = await termInScope(db, ctx, termId);
  const existing = await db
    .selectFrom('org_committee_members')
    .select('post')
    .where('term_id', '=', term.id)
    .execute();
  const [member] = await resolveMembers(db, org, term.kind, [input], existing, 'body');
  const row = await db
    .insertInto('org_committee_members')
    .values({ ...member!, term_id: term.id, region_code: org.region_code })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'orgsetup.committee_add',
    entityType: 'org_term',
    entityId: term.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { name: row.name, post: row.post, memberId: row.member_id, orgName: org.name },
  });
  // the compliance engine's O5 of this organization within seconds, and the stored findings (0029)
  await requestRecheck(db, [org.id]);
}

export async function removeCommitteeMember(
  db: Executor,
  ctx: RequestContext,
  termId: number,
  rowId: number,
) {
  const { term, org } = await termInScope(db, ctx, termId);
  const row = await db
    .deleteFrom('org_committee_members')
    .where('id', '=', rowId)
    .where('term_id', '=', term.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('未找到该班子成员');
  await audit(db, ctx, {
    action: 'orgsetup.committee_remove',
    entityType: 'org_term',
    entityId: term.id,
    orgPath: org.path,
    regionCode: org.region_code,
    before: { name: row.name, post: row.post, memberId: row.member_id, orgName: org.name },
  });
  // the compliance engine's O5 of this organization within seconds, and the stored findings (0029)
  await requestRecheck(db, [org.id]);
}

// ── coverage ────────────────────────────────────────────────────────────────────────────────────

async function coveragePaths(db: Executor, ctx: RequestContext, orgId: number | undefined) {
  if (orgId !== undefined) {
    const org = await getOrgRow(db, ctx, orgId, 'orgsetup.read');
    return { paths: [org.path], orgId: org.id, orgName: org.name };
  }
  const paths = scopePaths(ctx.actor, 'orgsetup.read');
  if (paths.length === 0) throw new AppError('forbidden');
  return { paths, orgId: null, orgName: '全部管理范围' };
}

function coverageRow(key: string, label: string, r: Omit<repo.CoverageGroupRow, 'key'>) {
  const counts = {
    inScope: r.in_scope,
    ownOrg: r.own_org,
    jointOrg: r.joint_org,
    instructorReached: r.instructor_reached,
  };
  return {
    key,
    label,
    ...counts,
    guided: r.guided,
    enterprises: r.enterprises,
    socialOrgs: r.social_orgs,
    ...coverageRates(counts),
  };
}

export async function coverage(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number; groupBy: repo.CoverageGroupBy },
  today = clock.today(),
) {
  const where = await coveragePaths(db, ctx, query.orgId);
  const rows = await repo.coverage(db, { paths: where.paths, today, groupBy: query.groupBy });
  const sum = (k: keyof Omit<repo.CoverageGroupRow, 'key'>) => rows.reduce((n, r) => n + r[k], 0);
  const totals = {
    in_scope: sum('in_scope'),
    enterprises: sum('enterprises'),
    social_orgs: sum('social_orgs'),
    own_org: sum('own_org'),
    joint_org: sum('joint_org'),
    instructor_reached: sum('instructor_reached'),
    guided: sum('guided'),
  };
  return {
    orgId: where.orgId,
    orgName: where.orgName,
    groupBy: query.groupBy,
    asOf: today,
    guidancePeriod: guidancePeriod(today),
    definitions: { ...COVERAGE_DEFINITIONS },
    totals: coverageRow('total', '合计', totals),
    groups: rows.map((r) =>
      coverageRow(r.key, query.groupBy === 'region' ? (regionName(r.key) ?? r.key) : r.key, r),
    ),
  };
}

const BUCKET_LABELS = {
  ownOrg: '单独建立党组织',
  jointOrg: '纳入联合党支部',
  instructorReached: '选派党建工作指导员或联络员',
  uncovered: '未覆盖',
} as const;

export async function coverageUnits(
  db: Executor,
  ctx: RequestContext,
  query: {
    orgId?: number;
    groupBy?: repo.CoverageGroupBy;
    group?: string;
    bucket: string;
    page: number;
    pageSize: number;
  },
  today = clock.today(),
) {
  const where = await coveragePaths(db, ctx, query.orgId);
  const { rows, total } = await repo.coverageUnits(db, {
    paths: where.paths,
    today,
    ...(query.groupBy ? { groupBy: query.groupBy } : {}),
    ...(query.group !== undefined ? { group: query.group } : {}),
    bucket: query.bucket,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      kindLabel: UNIT_KINDS[r.kind as UnitKind] ?? r.kind,
      creditCode: r.credit_code,
      regionCode: r.region_code,
      regionName: regionName(r.region_code) ?? null,
      industry: r.industry,
      employees: r.employees,
      bucket: r.bucket,
      bucketLabel: BUCKET_LABELS[r.bucket],
      guided: r.guided,
      orgName: r.org_name,
      instructors: r.instructors,
    })),
    total,
  };
}

// ── instructors ─────────────────────────────────────────────────────────────────────────────────

function toInstructorItem(ctx: RequestContext, r: repo.InstructorRow) {
  return {
    id: r.id,
    userId: r.user_id,
    role: r.role,
    roleLabel: ASSIGNMENT_ROLES[r.role],
    name: r.name,
    phone: r.phone ? maskPhone(r.phone) : null,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitKindLabel: UNIT_KINDS[r.unit_kind as UnitKind] ?? r.unit_kind,
    unitHasOrg: r.unit_has_org,
    orgName: r.org_name,
    regionCode: r.region_code,
    regionName: regionName(r.region_code) ?? null,
    assignedOn: r.assigned_on,
    endedOn: r.ended_on,
    active: r.active,
    note: r.note,
    actions: r.ended_on === null ? allowedActions(ctx.actor, ['instructor.manage'], r.org_path) : [],
  };
}

export async function listInstructors(
  db: Executor,
  ctx: RequestContext,
  query: {
    orgId?: number;
    unitId?: number;
    q?: string;
    state: 'active' | 'ended' | 'all';
    kind?: 'party' | 'cadre';
    page: number;
    pageSize: number;
  },
  today = clock.today(),
) {
  const where = await coveragePaths(db, ctx, query.orgId);
  const result = await repo.listInstructors(db, {
    paths: where.paths,
    today,
    ...(query.unitId !== undefined ? { unitId: query.unitId } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.kind ? { roles: query.kind === 'cadre' ? (['cadre'] as const) : COVERAGE_ROLES } : {}),
    state: query.state,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: result.rows.map((r) => toInstructorItem(ctx, r)),
    total: result.total,
    instructors: result.instructors,
    units: result.units,
  };
}

export async function assignInstructor(
  db: Executor,
  ctx: RequestContext,
  input: {
    unitIds: number[];
    role?: AssignmentRole;
    userId?: number;
    name?: string;
    phone?: string;
    assignedOn?: string;
    note?: string;
  },
) {
  const unitIds = [...new Set(input.unitIds)];
  const units = await db
    .selectFrom('units')
    .innerJoin('orgs', 'orgs.id', 'units.org_id')
    .select(['units.id', 'units.name', 'units.region_code', 'orgs.path'])
    .where('units.id', 'in', unitIds)
    .execute();
  const readable = scopePaths(ctx.actor, 'orgsetup.read');
  for (const [i, id] of unitIds.entries()) {
    const unit = units.find((u) => u.id === id);
    if (!unit || !readable.some((p) => unit.path.startsWith(p)))
      throw fieldError(`unitIds.${i}`, 'unit.not_found', '未找到该单位，或您无权查看');
    assertCan(ctx.actor, 'instructor.manage', unit.path);
  }
  let name = input.name;
  let phone = input.phone ?? null;
  if (input.userId !== undefined) {
    const user = await db
      .selectFrom('users')
      .leftJoin('orgs', 'orgs.id', 'users.org_id')
      .select(['users.id', 'users.display_name', 'users.phone', 'orgs.path'])
      .where('users.id', '=', input.userId)
      .where('users.status', '=', 'active')
      .executeTakeFirst();
    if (!user || !can(ctx.actor, 'user.read', user.path))
      throw fieldError('userId', 'user.not_found', '未找到该用户，或您无权查看');
    name ??= user.display_name;
    phone ??= user.phone;
  }
  const role = input.role ?? 'instructor';
  if (!name)
    throw fieldError(
      'name',
      'orgsetup.instructor_required',
      `请选择${ASSIGNMENT_ROLES[role]}的账号，或填写${ASSIGNMENT_ROLES[role]}姓名`,
    );
  const assignedOn = input.assignedOn ?? clock.today();
  const duplicates = await db
    .selectFrom('instructor_assignments')
    .select('unit_id')
    .where('unit_id', 'in', unitIds)
    .where('role', '=', role)
    .where((eb) =>
      input.userId !== undefined
        ? eb('user_id', '=', input.userId)
        : eb.and([eb('user_id', 'is', null), eb('name', '=', name)]),
    )
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', assignedOn)]))
    .execute();
  if (duplicates.length) {
    const unit = units.find((u) => u.id === duplicates[0]!.unit_id)!;
    throw new AppError('conflict', {
      detail: `${name}已经是「${unit.name}」的${ASSIGNMENT_ROLES[role]}`,
    });
  }
  const rows = await db
    .insertInto('instructor_assignments')
    .values(
      unitIds.map((id) => {
        const unit = units.find((u) => u.id === id)!;
        return {
          region_code: unit.region_code,
          unit_id: id,
          role,
          user_id: input.userId ?? null,
          name: name!,
          phone,
          assigned_on: assignedOn,
          note: input.note ?? null,
          created_by: ctx.actor.userId,
          updated_at: clock.now(),
        };
      }),
    )
    .returningAll()
    .execute();
  for (const row of rows) {
    const unit = units.find((u) => u.id === row.unit_id)!;
    await audit(db, ctx, {
      action: 'instructor.assign',
      entityType: 'instructor_assignment',
      entityId: row.id,
      orgPath: unit.path,
      regionCode: row.region_code,
      after: {
        role: row.role,
        name: row.name,
        phone: row.phone ? maskPhone(row.phone) : null,
        unitName: unit.name,
        assignedOn,
      },
    });
  }
  return rows.map((r) => r.id);
}

export async function getInstructor(db: Executor, ctx: RequestContext, id: number, today = clock.today()) {
  const { rows } = await repo.listInstructors(db, {
    paths: scopePaths(ctx.actor, 'orgsetup.read'),
    today,
    id,
    state: 'all',
    limit: 1,
    offset: 0,
  });
  if (!rows[0]) throw notFound('未找到该选派记录，或您无权查看');
  return toInstructorItem(ctx, rows[0]);
}

export async function endAssignment(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { endedOn?: string },
) {
  const { rows } = await repo.listInstructors(db, {
    paths: scopePaths(ctx.actor, 'orgsetup.read'),
    today: clock.today(),
    id,
    state: 'all',
    limit: 1,
    offset: 0,
  });
  const row = rows[0];
  if (!row) throw notFound('未找到该选派记录，或您无权查看');
  assertCan(ctx.actor, 'instructor.manage', row.org_path);
  if (row.ended_on !== null) throw new AppError('orgsetup.assignment_ended');
  const endedOn = input.endedOn ?? clock.today();
  if (endedOn < row.assigned_on)
    throw fieldError('endedOn', 'validation.too_small', `结束日期不能早于选派日期（${row.assigned_on}）`);
  await db
    .updateTable('instructor_assignments')
    .set({ ended_on: endedOn, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  await audit(db, ctx, {
    action: 'instructor.end',
    entityType: 'instructor_assignment',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    before: { name: row.name, unitName: row.unit_name, endedOn: null },
    after: { name: row.name, unitName: row.unit_name, endedOn },
  });
}

// ── party-affairs workers ───────────────────────────────────────────────────────────────────────

function toWorkerItem(ctx: RequestContext, r: repo.PartyWorkerRow, full: boolean) {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    memberId: r.member_id,
    name: r.name,
    post: r.post,
    phone: r.phone ? (full ? r.phone : maskPhone(r.phone)) : null,
    phoneMasked: !full && r.phone !== null,
    fullTime: r.full_time,
    trainedOn: r.trained_on,
    note: r.note,
    actions: allowedActions(ctx.actor, ['orgsetup.manage'], r.org_path),
  };
}

export async function listPartyWorkers(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number; q?: string; fullTime?: 'true' | 'false'; page: number; pageSize: number },
) {
  const where = await coveragePaths(db, ctx, query.orgId);
  const { rows, total } = await repo.listPartyWorkers(db, {
    paths: where.paths,
    ...(query.q ? { q: query.q } : {}),
    ...(query.fullTime ? { fullTime: query.fullTime === 'true' } : {}),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map((r) => toWorkerItem(ctx, r, false)), total };
}

async function workerInScope(db: Executor, ctx: RequestContext, id: number) {
  const { rows } = await repo.listPartyWorkers(db, {
    paths: scopePaths(ctx.actor, 'orgsetup.read'),
    id,
    limit: 1,
    offset: 0,
  });
  if (!rows[0]) throw notFound('未找到该党务工作者，或您无权查看');
  return rows[0];
}

/** One worker; the full phone number only for those who manage the register, and that read is audited. */
export async function getPartyWorker(db: Executor, ctx: RequestContext, id: number) {
  const row = await workerInScope(db, ctx, id);
  const full = can(ctx.actor, 'orgsetup.manage', row.org_path) && row.phone !== null;
  if (full) {
    await audit(db, ctx, {
      action: 'party_worker.read_full',
      entityType: 'party_worker',
      entityId: row.id,
      orgPath: row.org_path,
      regionCode: row.region_code,
    });
  }
  return toWorkerItem(ctx, row, full);
}

function workerSnapshot(w: {
  name: string;
  post: string;
  phone: string | null;
  full_time: boolean;
  trained_on: string | null;
  note: string | null;
}) {
  return {
    name: w.name,
    post: w.post,
    phone: w.phone ? maskPhone(w.phone) : null,
    fullTime: w.full_time,
    trainedOn: w.trained_on,
    note: w.note,
  };
}

export async function createPartyWorker(
  db: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    memberId?: number;
    name: string;
    post: string;
    phone?: string;
    fullTime: boolean;
    trainedOn?: string;
    note?: string;
  },
) {
  const org = await getOrgRow(db, ctx, input.orgId, 'orgsetup.read').catch(() => {
    throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权查看');
  });
  assertCan(ctx.actor, 'orgsetup.manage', org.path);
  assertActive(org);
  if (input.memberId !== undefined) {
    const member = await db
      .selectFrom('members')
      .innerJoin('orgs', 'orgs.id', 'members.org_id')
      .select('members.id')
      .where('members.id', '=', input.memberId)
      .where('orgs.path', 'like', `${org.path}%`)
      .executeTakeFirst();
    if (!member) throw fieldError('memberId', 'orgsetup.member_outside', '该党员不属于本组织');
  }
  const row = await db
    .insertInto('party_workers')
    .values({
      region_code: org.region_code,
      org_id: org.id,
      member_id: input.memberId ?? null,
      name: input.name,
      post: input.post,
      phone: input.phone ?? null,
      full_time: input.fullTime,
      trained_on: input.trainedOn ?? null,
      note: input.note ?? null,
      created_by: ctx.actor.userId,
      updated_at: clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'party_worker.create',
    entityType: 'party_worker',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...workerSnapshot(row), orgName: org.name },
  });
  return row.id;
}

export async function updatePartyWorker(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: {
    name?: string;
    post?: string;
    phone?: string | null;
    fullTime?: boolean;
    trainedOn?: string | null;
    note?: string | null;
  },
) {
  const row = await workerInScope(db, ctx, id);
  assertCan(ctx.actor, 'orgsetup.manage', row.org_path);
  const before = await db
    .selectFrom('party_workers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const updated = await db
    .updateTable('party_workers')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.post !== undefined ? { post: input.post } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.fullTime !== undefined ? { full_time: input.fullTime } : {}),
      ...(input.trainedOn !== undefined ? { trained_on: input.trainedOn } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'party_worker.update',
    entityType: 'party_worker',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    before: workerSnapshot(before),
    after: workerSnapshot(updated),
  });
}

export async function deletePartyWorker(db: Executor, ctx: RequestContext, id: number) {
  const row = await workerInScope(db, ctx, id);
  assertCan(ctx.actor, 'orgsetup.manage', row.org_path);
  const before = await db
    .deleteFrom('party_workers')
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'party_worker.delete',
    entityType: 'party_worker',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    before: { ...workerSnapshot(before), orgName: row.org_name },
  });
}

export async function getPartyWorkerAfterChange(db: Executor, ctx: RequestContext, id: number) {
  const row = await workerInScope(db, ctx, id);
  return toWorkerItem(ctx, row, false);
}
