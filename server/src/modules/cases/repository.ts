import { type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { escapeLike, inScope } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import { named } from '../../platform/db/prepared.ts';
import type { DB } from '../../platform/db/schema.ts';
import { assignInPlace } from '../../platform/objects.ts';
import { grantedForCaseSql } from '../points/repository.ts';

/** SQL only: the rules live in service.ts and packages/domain/src/cases. */

export const OPEN_STATES_SQL = [
  'submitted',
  'accepted',
  'dispatched',
  'signed',
  'in_progress',
  'return_requested',
  'suspended',
  'replied',
  'visiting',
];

export interface ReadScope {
  userId: number;
  /** case.read roots */
  paths: string[];
  /** an Open311 key reading: the requests it filed are its own, as a user's reports are theirs */
  open311KeyId?: number;
  /**
   * alliance.participate roots: an alliance's case (a dispatched demand, a resolution) is read by the
   * staff of the member organization handling it, wherever it lies (docs/decisions/0019)
   */
  alliancePaths?: string[];
}

/** Cases the caller may read: the area or a unit handling it lies in their case.read scope, or they filed it. */
export function readable(eb: ExpressionBuilder<DB, 'cases'>, scope: ReadScope) {
  return eb.or([
    ...(scope.open311KeyId === undefined ? [] : [eb('cases.open311_key_id', '=', scope.open311KeyId)]),
    inScope(eb, 'cases.org_path', scope.paths),
    inScope(eb, 'cases.lead_org_path', scope.paths),
    scope.paths.length === 0
      ? sql<SqlBool>`false`
      : eb.exists(
          eb
            .selectFrom('case_units')
            .select('case_units.case_id')
            .whereRef('case_units.case_id', '=', 'cases.id')
            .where((e) => inScope(e, 'case_units.org_path', scope.paths)),
        ),
    eb('cases.reporter_id', '=', scope.userId),
    ...(scope.alliancePaths?.length
      ? [
          eb.and([
            eb('cases.alliance_id', 'is not', null),
            inScope(eb, 'cases.lead_org_path', scope.alliancePaths),
          ]),
        ]
      : []),
  ]);
}

/**
 * `readable`, said from a new case's own values before it is written (the intake answers from its
 * statement, which then need not carry the reader's scope: decision 0032). A case being filed has no
 * co-handling unit, so `readable`'s `case_units` branch is false; `like 'p%'` with `p` escaped is a prefix.
 * Must say what `readable` says: cases.int.test.ts compares the two over the demo city's cases.
 */
export function readableWhenFiled(
  scope: ReadScope,
  c: {
    org_path: string;
    lead_org_path: string | null;
    reporter_id: number | null;
    alliance_id: number | null;
    open311_key_id: number | null;
  },
): boolean {
  const under = (path: string | null, paths: readonly string[]) =>
    path !== null && paths.some((p) => path.startsWith(p));
  return (
    (scope.open311KeyId !== undefined && c.open311_key_id === scope.open311KeyId) ||
    under(c.org_path, scope.paths) ||
    under(c.lead_org_path, scope.paths) ||
    (c.reporter_id !== null && c.reporter_id === scope.userId) ||
    (c.alliance_id !== null && under(c.lead_org_path, scope.alliancePaths ?? []))
  );
}

/** Is the organization a current member of the alliance (the units an alliance case may go to)? */
export async function isAllianceMember(db: Executor, allianceId: number, orgId: number, today: string) {
  const row = await db
    .selectFrom('alliance_members')
    .select('id')
    .where('alliance_id', '=', allianceId)
    .where('org_id', '=', orgId)
    .where('joined_on', '<=', today)
    .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>', today)]))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Open and past a running due time (completion, or sign-in while waiting to be signed), as of `now`: the
 * one clock's (a test run may fix the day). Never NULL: a case with no due time yet is not overdue (a NULL
 * sorted first under `desc`, and `not` of it left the case out of the on-time list).
 */
export const overdueSql = (now: Date = clock.now()) =>
  sql<boolean>`coalesce(${overdueCondition(now)}, false)`;

/** The same as a condition, NULL where the case has no due time (a `where` drops it; `is not true` keeps it). */
const overdueCondition = (now: Date) =>
  sql<boolean>`(cases.state in ('submitted','accepted','dispatched','signed','in_progress','return_requested','suspended','replied','visiting') and ((cases.completion_due_at < ${now} and cases.completion_stopped_at is null and not cases.clocks_paused) or (cases.state = 'dispatched' and cases.sign_due_at < ${now})))`;

export function caseListBase(db: Executor) {
  return db
    .selectFrom('cases')
    .innerJoin('case_categories as cat', 'cat.id', 'cases.category_id')
    .innerJoin('orgs as area', 'area.id', 'cases.org_id')
    .leftJoin('orgs as lead', 'lead.id', 'cases.lead_org_id')
    .leftJoin('units as lead_unit', 'lead_unit.id', 'lead.unit_id')
    .leftJoin('users as reporter', 'reporter.id', 'cases.reporter_id');
}

/**
 * The handling unit as the public sees it: the department (the unit the Party organization belongs
 * to, e.g. 厦门市湖里区市场监督管理局), not its Party branch; an org with no unit shows its own name.
 */
export const publicUnitName = (org: string, unit: string) =>
  sql<string | null>`coalesce(${sql.ref(`${unit}.name`)}, ${sql.ref(`${org}.name`)})`;

export const CASE_COLUMNS = [
  'cases.id',
  'cases.title',
  'cases.state',
  'cases.category_id',
  'cat.name as category_name',
  'cases.tier',
  'cases.channel',
  'cases.alliance_id',
  'cases.org_id',
  'area.name as org_name',
  'cases.lead_org_id',
  'lead.name as lead_org_name',
  'cases.supervision_level',
  'cases.escalated',
  'cases.redo_count',
  'cases.return_count',
  'cases.rating',
  'cases.completion_due_at',
  'cases.created_at',
  'cases.closed_at',
  'cases.anonymous',
  'cases.reporter_name',
  'reporter.display_name as reporter_display_name',
  'cases.address',
  publicUnitName('lead', 'lead_unit').as('handling_unit_name'),
  sql<string | null>`(select k.name from compounds k where k.id = cases.compound_id)`.as('compound_name'),
] as const;

export async function findCategory(db: Executor, id: number) {
  return db
    .selectFrom('case_categories')
    .selectAll()
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function findCategoryByCode(db: Executor, code: string) {
  return db
    .selectFrom('case_categories')
    .selectAll()
    .where('code', '=', code)
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function listCategories(db: Executor, opts: { includeInactive?: boolean; id?: number } = {}) {
  let q = db
    .selectFrom('case_categories as c')
    .leftJoin('orgs as owner', 'owner.id', 'c.owner_org_id')
    .selectAll('c')
    .select('owner.name as owner_name');
  if (!opts.includeInactive) q = q.where('c.active', '=', true);
  if (opts.id !== undefined) q = q.where('c.id', '=', opts.id);
  return q.orderBy('c.group_name').orderBy('c.id').execute();
}

/** The category's 提级督办 thresholds, as the state machine takes them. */
export async function escalationLimits(db: Executor, categoryId: number) {
  const row = await db
    .selectFrom('case_categories')
    .select(['escalate_after_redos as redos', 'escalate_after_returns as returns'])
    .where('id', '=', categoryId)
    .executeTakeFirstOrThrow();
  return row;
}

/** A category whatever its state, locked for an update. */
export async function lockCategory(db: Executor, id: number) {
  return db.selectFrom('case_categories').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type CategoryValues = {
  name: string;
  group_name: string;
  description: string | null;
  keywords: string | null;
  tier: 'small' | 'major' | 'hard';
  sign_hours: number;
  contact_hours: number;
  complete_days: number;
  points: number;
  escalate_after_redos: number;
  escalate_after_returns: number;
  rating_change_minutes?: number;
  attributes: string;
};

/** Inserts a category; undefined when the code is taken. */
export async function insertCategory(
  db: Executor,
  values: CategoryValues & { code: string; owner_org_id: number | null; owner_path: string | null },
) {
  return db
    .insertInto('case_categories')
    .values(values)
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function updateCategory(
  db: Executor,
  id: number,
  values: Partial<CategoryValues> & { active?: boolean },
) {
  await db
    .updateTable('case_categories')
    .set({ ...values, updated_at: clock.now() })
    .where('id', '=', id)
    .execute();
}

export async function listRoutes(db: Executor, scope: string[], categoryId?: number) {
  let q = db
    .selectFrom('case_routes as r')
    .innerJoin('orgs as a', 'a.id', 'r.area_org_id')
    .innerJoin('orgs as h', 'h.id', 'r.handler_org_id')
    .select([
      'r.category_id',
      'r.area_org_id',
      'a.name as area_name',
      'a.path as area_path',
      'r.handler_org_id',
      'h.name as handler_name',
      'r.auto_dispatch',
    ])
    .where((eb) => eb.or([inScope(eb, 'a.path', scope), inScope(eb, 'h.path', scope)]));
  if (categoryId !== undefined) q = q.where('r.category_id', '=', categoryId);
  return q.orderBy('a.depth').orderBy('r.id').execute();
}

export async function findCategoryRoute(db: Executor, categoryId: number, areaOrgId: number) {
  return db
    .selectFrom('case_routes as r')
    .innerJoin('orgs as a', 'a.id', 'r.area_org_id')
    .select(['r.id', 'r.handler_org_id', 'r.auto_dispatch', 'a.path as area_path', 'a.region_code'])
    .where('r.category_id', '=', categoryId)
    .where('r.area_org_id', '=', areaOrgId)
    .executeTakeFirst();
}

export async function upsertRoute(
  db: Executor,
  v: { category_id: number; area_org_id: number; handler_org_id: number; auto_dispatch: boolean },
) {
  await db
    .insertInto('case_routes')
    .values(v)
    .onConflict((oc) =>
      oc
        .columns(['category_id', 'area_org_id'])
        .doUpdateSet({ handler_org_id: v.handler_org_id, auto_dispatch: v.auto_dispatch }),
    )
    .execute();
}

export async function deleteRoute(db: Executor, id: number) {
  await db.deleteFrom('case_routes').where('id', '=', id).execute();
}

/** The route of the nearest area: the deepest ancestor (or the area itself) with a rule for the category. */
export async function findRoute(db: Executor, categoryId: number, areaPath: string) {
  return db
    .selectFrom('case_routes as r')
    .innerJoin('orgs as a', 'a.id', 'r.area_org_id')
    .innerJoin('orgs as h', 'h.id', 'r.handler_org_id')
    .leftJoin('units as hu', 'hu.id', 'h.unit_id')
    .select([
      'r.handler_org_id',
      'h.path as handler_path',
      'h.name as handler_name',
      publicUnitName('h', 'hu').as('handler_public_name'),
      'r.auto_dispatch',
    ])
    .where('r.category_id', '=', categoryId)
    .where('h.status', '=', 'active')
    .where(sql<SqlBool>`${areaPath} like a.path || '%'`)
    .orderBy('a.depth', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** An organization, with the name the public reads for it as a case's handler (`publicUnitName`). */
export async function findOrg(db: Executor, id: number) {
  return db
    .selectFrom('orgs as o')
    .leftJoin('units as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.path', 'o.name', 'o.region_code', 'o.status', 'o.parent_id'])
    .select(publicUnitName('o', 'u').as('public_name'))
    .where('o.id', '=', id)
    .executeTakeFirst();
}

export async function findCaseBySubmitKey(db: Executor, regionCode: string, key: string) {
  return db
    .selectFrom('cases')
    .select('id')
    .where('region_code', '=', regionCode)
    .where('submit_key', '=', key)
    .executeTakeFirst();
}

export async function lockCase(db: Executor, id: number, scope: ReadScope) {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('cases.id', '=', id)
    .where((eb) => readable(eb, scope))
    .forUpdate()
    .executeTakeFirst();
}

/** A case by id alone, locked: for the platform's own work (a job), never for a caller. */
export async function lockCaseById(db: Executor, id: number) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function ratingChangeMinutes(db: Executor, categoryId: number) {
  const row = await db
    .selectFrom('case_categories')
    .select('rating_change_minutes')
    .where('id', '=', categoryId)
    .executeTakeFirstOrThrow();
  return row.rating_change_minutes;
}

export async function dueRatings(db: Executor, now: Date) {
  return db
    .selectFrom('cases')
    .select('id')
    .where('pending_rating', 'is not', null)
    .where('rating_effective_at', '<=', now)
    .orderBy('rating_effective_at')
    .limit(500)
    .execute();
}

export async function findCase(db: Executor, id: number, scope: ReadScope) {
  return caseDetailQuery(db, id, scope).executeTakeFirst();
}

/** The names and limits a case's detail shows besides its own row (the intake holds them before writing). */
export interface DetailNames {
  category_name: string;
  sign_hours: number;
  contact_hours: number;
  complete_days: number;
  rating_change_minutes: number;
  org_name: string;
  lead_org_name: string | null;
  handling_unit_name: string | null;
  compound_name: string | null;
}

/**
 * What a case's detail selects besides its own row: `names` as its columns, the reporter's name and
 * account phone, and whether it is overdue as of `now`. One list for both sources of the names, so a
 * read and the intake's answer cannot select different columns.
 */
function detailExtras(now: Date, names: { [K in keyof DetailNames]: RawBuilder<DetailNames[K]> }) {
  return [
    names.category_name.as('category_name'),
    names.sign_hours.as('sign_hours'),
    names.contact_hours.as('contact_hours'),
    names.complete_days.as('complete_days'),
    names.rating_change_minutes.as('rating_change_minutes'),
    names.org_name.as('org_name'),
    names.lead_org_name.as('lead_org_name'),
    names.handling_unit_name.as('handling_unit_name'),
    names.compound_name.as('compound_name'),
    sql<string | null>`(select r.display_name from users r where r.id = cases.reporter_id)`.as(
      'reporter_display_name',
    ),
    sql<string | null>`(select r.phone from users r where r.id = cases.reporter_id)`.as(
      'reporter_account_phone',
    ),
    overdueSql(now).as('overdue'),
  ] as const;
}

/**
 * `detailExtras` read from the tables: the category's (`cat`, joined) and the names of the case's area,
 * lead and compound. Names come from scalar subqueries rather than joins: the detail is read after every
 * action, and PostgreSQL planned the six-way join anew each time (issue 11).
 */
export function caseDetailExtras(now: Date = clock.now()) {
  return detailExtras(now, {
    category_name: sql`cat.name`,
    sign_hours: sql`cat.sign_hours`,
    contact_hours: sql`cat.contact_hours`,
    complete_days: sql`cat.complete_days`,
    rating_change_minutes: sql`cat.rating_change_minutes`,
    org_name: sql`(select o.name from orgs o where o.id = cases.org_id)`,
    lead_org_name: sql`(select o.name from orgs o where o.id = cases.lead_org_id)`,
    handling_unit_name: sql`(select coalesce(u.name, o.name) from orgs o left join units u on u.id = o.unit_id where o.id = cases.lead_org_id)`,
    compound_name: sql`(select k.name from compounds k where k.id = cases.compound_id)`,
  });
}

/**
 * `detailExtras` for a case being written, its names and limits given as values (the intake's: they come
 * from the copies it routed with, so the statement reads no category, organization, unit or compound, and
 * PostgreSQL starts a plan without them: issue 11). Must give what `caseDetailExtras` reads: the case tests
 * compare the intake's answer with a read's.
 */
export function caseDetailExtrasInHand(now: Date, n: DetailNames) {
  return detailExtras(now, {
    category_name: sql`${n.category_name}::text`,
    sign_hours: sql`${n.sign_hours}::int`,
    contact_hours: sql`${n.contact_hours}::int`,
    complete_days: sql`${n.complete_days}::int`,
    rating_change_minutes: sql`${n.rating_change_minutes}::int`,
    org_name: sql`${n.org_name}::text`,
    lead_org_name: sql`${n.lead_org_name}::text`,
    handling_unit_name: sql`${n.handling_unit_name}::text`,
    compound_name: sql`${n.compound_name}::text`,
  });
}

/** A step as the detail's JSON carries it back: its time is text there, a Date here as the table read gives it. */
export function stepsFromJson<E extends { at: unknown }>(events: E[]): Array<Omit<E, 'at'> & { at: Date }> {
  return events.map((e) => assignInPlace(e, { at: new Date(e.at as string) }));
}

/**
 * A case with its steps, attachments, co-handling units and the points granted for it, in one
 * statement (issue 11: the detail after a submission or an action is one round trip, not five).
 */
export async function findCaseWhole(db: Executor, id: number, scope: ReadScope) {
  const row = await caseDetailQuery(db, id, scope)
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('case_events as ev')
          .selectAll('ev')
          .whereRef('ev.case_id', '=', 'cases.id')
          .orderBy('ev.at')
          .orderBy('ev.id'),
      ).as('events'),
      jsonArrayFrom(
        eb
          .selectFrom('case_attachments as ca')
          .select(['ca.id', 'ca.event_id', 'ca.kind', 'ca.file_name', 'ca.content_type', 'ca.size'])
          .whereRef('ca.case_id', '=', 'cases.id')
          .orderBy('ca.id'),
      ).as('attachments'),
      jsonArrayFrom(
        eb
          .selectFrom('case_units as cu')
          .innerJoin('orgs as cuo', 'cuo.id', 'cu.org_id')
          .select(['cuo.id', 'cuo.name'])
          .whereRef('cu.case_id', '=', 'cases.id'),
      ).as('co_units'),
      grantedForCaseSql(eb.ref('cases.id')).as('points_granted'),
    ])
    .modifyEnd(named())
    .executeTakeFirst();
  if (!row) return undefined;
  return assignInPlace(row, { events: stepsFromJson(row.events) });
}

/** A case's detail as `findCaseWhole` reads it. */
export type CaseWhole = NonNullable<Awaited<ReturnType<typeof findCaseWhole>>>;

/** A case with the names and limits its detail reads (`caseDetailExtras`), if the reader may read it. */
function caseDetailQuery(db: Executor, id: number, scope: ReadScope) {
  return db
    .selectFrom('cases')
    .innerJoin('case_categories as cat', 'cat.id', 'cases.category_id')
    .selectAll('cases')
    .select(caseDetailExtras())
    .where('cases.id', '=', id)
    .where((eb) => readable(eb, scope));
}

export async function caseEvents(db: Executor, caseId: number) {
  return db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function attachment(db: Executor, caseId: number, id: number) {
  return db
    .selectFrom('case_attachments')
    .select(['file_name', 'content_type', 'data', 'kind', 'event_id'])
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Evidence uploaded for the case and not yet part of a reply. */
export async function pendingEvidenceCount(db: Executor, caseId: number) {
  const row = await db
    .selectFrom('case_attachments')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('case_id', '=', caseId)
    .where('event_id', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function attachPendingEvidence(db: Executor, caseId: number, eventId: number) {
  await db
    .updateTable('case_attachments')
    .set({ event_id: eventId })
    .where('case_id', '=', caseId)
    .where('event_id', 'is', null)
    .execute();
}

export interface ListFilter {
  scope: ReadScope;
  q?: string | undefined;
  state?: string | undefined;
  categoryId?: number | undefined;
  orgPath?: string | undefined;
  tier?: string | undefined;
  overdue?: boolean | undefined;
  rating?: string | undefined;
  reportedBy?: number | undefined;
  channel?: string | undefined;
  /** cases waiting for the caller: handler roots and dispatcher roots */
  todo?: { handle: string[]; dispatch: string[] } | undefined;
}

export function filtered(db: Executor, f: ListFilter) {
  let q = caseListBase(db).where((eb) => readable(eb, f.scope));
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where('cases.title_search', 'like', like);
  }
  if (f.state === 'open') q = q.where('cases.state', 'in', OPEN_STATES_SQL);
  else if (f.state) q = q.where('cases.state', '=', f.state);
  if (f.categoryId) q = q.where('cases.category_id', '=', f.categoryId);
  if (f.orgPath) {
    const p = f.orgPath;
    q = q.where((eb) => eb.or([inScope(eb, 'cases.org_path', [p]), inScope(eb, 'cases.lead_org_path', [p])]));
  }
  if (f.tier) q = q.where('cases.tier', '=', f.tier);
  if (f.rating) q = q.where('cases.rating', '=', f.rating);
  if (f.overdue !== undefined) {
    const overdue = overdueCondition(clock.now());
    q = q.where(f.overdue ? overdue : sql<boolean>`${overdue} is not true`);
  }
  if (f.reportedBy) q = q.where('cases.reporter_id', '=', f.reportedBy);
  if (f.channel) q = q.where('cases.channel', '=', f.channel);
  if (f.todo) {
    const { handle, dispatch } = f.todo;
    q = q.where((eb) =>
      eb.or([
        eb.and([
          inScope(eb, 'cases.lead_org_path', handle),
          eb('cases.state', 'in', ['dispatched', 'signed', 'in_progress', 'suspended']),
        ]),
        eb.and([
          inScope(eb, 'cases.org_path', dispatch),
          eb('cases.state', 'in', ['submitted', 'accepted', 'return_requested', 'replied', 'visiting']),
        ]),
      ]),
    );
  }
  return q;
}

export async function listCases(db: Executor, f: ListFilter, page: number, pageSize: number) {
  const base = filtered(db, f);
  const [rows, total] = await Promise.all([
    base
      .select([...CASE_COLUMNS])
      .select(overdueSql().as('overdue'))
      .orderBy(sql`${overdueSql()} desc`)
      .orderBy(sql`cases.completion_due_at asc nulls last`)
      .orderBy('cases.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export async function exportRows(db: Executor, f: ListFilter, limit: number) {
  return filtered(db, f)
    .select([...CASE_COLUMNS])
    .select([overdueSql().as('overdue'), 'cases.description'])
    .orderBy('cases.id', 'desc')
    .limit(limit)
    .execute();
}

/** Open cases the caller could open (never a region-wide read: region codes are shared by areas). */
export async function similarCandidates(
  db: Executor,
  opts: {
    scope: ReadScope;
    categoryId?: number | undefined;
  },
) {
  let q = db
    .selectFrom('cases')
    .innerJoin('case_categories as cat', 'cat.id', 'cases.category_id')
    .select([
      'cases.id',
      'cases.title',
      'cases.description',
      'cases.state',
      'cases.lat',
      'cases.long',
      'cases.category_id',
      'cat.name as category_name',
      'cases.created_at',
    ])
    .where('cases.state', 'in', OPEN_STATES_SQL)
    .where('cases.visibility', '<>', 'hidden')
    .where((eb) => readable(eb, opts.scope));
  if (opts.categoryId) q = q.where('cases.category_id', '=', opts.categoryId);
  return q.orderBy('cases.id', 'desc').limit(300).execute();
}

/**
 * The measure rows of the cases in `scope` (or, with `compoundIds`, of the cases naming those compounds,
 * which the caller has scoped: 红色物业), registered between `from` and `to`.
 */
export async function measureRows(
  db: Executor,
  scope: ReadScope | null,
  from?: string,
  to?: string,
  compoundIds?: number[],
) {
  let q = db
    .selectFrom('cases')
    .innerJoin('case_categories as cat', 'cat.id', 'cases.category_id')
    .leftJoin('orgs as lead', 'lead.id', 'cases.lead_org_id')
    .select([
      'cases.state',
      'cases.closure_reason',
      'cases.signed_on_time',
      'cases.rating',
      'cases.redo_count',
      'cases.return_count',
      'cases.lead_org_id',
      'cases.compound_id',
      'lead.name as lead_name',
      'cases.category_id',
      'cat.name as category_name',
      sql<string>`to_char(cases.created_at at time zone 'Asia/Shanghai', 'YYYY-MM')`.as('month'),
      sql<boolean>`(cases.completion_breached or ${overdueSql()})`.as('breached'),
    ]);
  if (scope) q = q.where((eb) => inScope(eb, 'cases.org_path', scope.paths));
  if (compoundIds) q = q.where('cases.compound_id', 'in', compoundIds.length ? compoundIds : [0]);
  if (!scope && !compoundIds) return [];
  if (from) q = q.where(sql<SqlBool>`(cases.created_at at time zone 'Asia/Shanghai')::date >= ${from}::date`);
  if (to) q = q.where(sql<SqlBool>`(cases.created_at at time zone 'Asia/Shanghai')::date <= ${to}::date`);
  return q.execute();
}

export async function notificationsFor(db: Executor, userId: number, paths: string[]) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'case_id', 'policy_push_id', 'created_at', 'read_at'])
    .where((eb) => eb.or([eb('user_id', '=', userId), inScope(eb, 'org_path', paths)]))
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

/** The caller's own notices not yet read (org-wide alerts are read by whoever holds the org). */
export async function unreadNotices(db: Executor, userId: number) {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function markNoticesRead(db: Executor, userId: number, caseId: number, at: Date) {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('case_id', '=', caseId)
    .where('read_at', 'is', null)
    .execute();
}

// ---- 企业服务日 ---------------------------------------------------------------------------------------

/** Service days held by one of `ancestors` (they apply to the caller) or inside `readPaths`. */
export async function listServiceDays(
  db: Executor,
  opts: { ancestors: string[]; readPaths: string[]; includeInactive: boolean; id?: number },
) {
  let q = db
    .selectFrom('case_service_days as d')
    .innerJoin('orgs as o', 'o.id', 'd.org_id')
    .innerJoin('case_categories as c', 'c.id', 'd.category_id')
    .selectAll('d')
    .select(['o.name as org_name', 'c.name as category_name'])
    .where((eb) =>
      eb.or([
        opts.ancestors.length ? eb('d.org_path', 'in', opts.ancestors) : sql<SqlBool>`false`,
        inScope(eb, 'd.org_path', opts.readPaths),
      ]),
    );
  if (!opts.includeInactive) q = q.where('d.active', '=', true);
  if (opts.id !== undefined) q = q.where('d.id', '=', opts.id);
  return q.orderBy('d.id').execute();
}

export async function lockServiceDay(db: Executor, id: number) {
  return db.selectFrom('case_service_days').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function signupCounts(db: Executor, sessions: Array<{ id: number; date: string }>) {
  if (sessions.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('case_service_day_signups')
    .select(['service_day_id', sql<number>`count(*)::int`.as('n')])
    .where((eb) =>
      eb.or(sessions.map((s) => eb.and([eb('service_day_id', '=', s.id), eb('session_date', '=', s.date)]))),
    )
    .groupBy('service_day_id')
    .execute();
  return new Map(rows.map((r) => [r.service_day_id, r.n]));
}

/** The 挂钩走访 problem a case was filed from (decision 0027): the visit, the enterprise, who found it. */
export async function visitProblemOf(db: Executor, caseId: number) {
  return db
    .selectFrom('guidance_problems as p')
    .innerJoin('guidance_visits as v', 'v.id', 'p.visit_id')
    .innerJoin('units as u', 'u.id', 'v.unit_id')
    .select([
      'p.id as problemId',
      'p.visit_id as visitId',
      'p.seq',
      'v.unit_id as unitId',
      'u.name as unitName',
      'v.visited_on as visitedOn',
      'v.instructor_name as visitorName',
    ])
    .where('p.case_id', '=', caseId)
    .executeTakeFirst();
}
