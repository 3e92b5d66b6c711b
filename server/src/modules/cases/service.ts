import {
  applyTransition,
  availableActions,
  CASE_CHANNELS,
  CASE_STATES,
  CASE_TIERS,
  type CaseMeasureRow,
  type CaseRole,
  type CaseSnapshot,
  type CaseState,
  checkRatingChange,
  computeClocks,
  computeMeasures,
  distanceMeters,
  isDomainError,
  type Measure,
  maskPhone,
  NEARBY_METERS,
  normalizeForSearch,
  type PendingRating,
  RATINGS,
  type Rating,
  ratingChangeable,
  ratingDue,
  ratingEffectiveAt,
  SIMILAR_TEXT_THRESHOLD,
  SUPERVISION_LEVELS,
  textSimilarity,
  transitionOf,
  type WorkCalendar,
} from '@honglian/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import { can, narrowTo, scopePaths } from '../../platform/access.ts';
import { audit, auditRow, type SystemContext } from '../../platform/audit.ts';
import { clock, systemNow } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { named } from '../../platform/db/prepared.ts';
import type { DB } from '../../platform/db/schema.ts';
import { CompiledShapes } from '../../platform/db/shapes.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { checkUpload, detectType, type Upload } from '../../platform/files.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import { assignInPlace, rowFromJson } from '../../platform/objects.ts';
import * as pointsLedger from '../points/service.ts';
import { compoundForArea } from '../property/compounds.ts';
import { appliesTo, categoryVisible } from './categories.ts';
import { noticeAnswered } from './notices.ts';
import { type CaseRefs, directRefs } from './refs.ts';
import * as repo from './repository.ts';
import { MAX_PHOTO_BYTES } from './schemas.ts';

type CaseRow = NonNullable<Awaited<ReturnType<typeof repo.lockCase>>>;

export function readScope(ctx: RequestContext): repo.ReadScope {
  return {
    userId: ctx.actor.userId,
    paths: scopePaths(ctx.actor, 'case.read'),
    alliancePaths: scopePaths(ctx.actor, 'alliance.participate'),
  };
}

/** The parts the caller plays on a case (see packages/domain/src/cases/machine.ts). */
export function rolesOf(
  ctx: RequestContext,
  row: {
    org_path: string;
    lead_org_path: string | null;
    reporter_id: number | null;
    alliance_id: number | null;
  },
) {
  const roles = new Set<CaseRole>();
  if (can(ctx.actor, 'case.dispatch', row.org_path)) roles.add('dispatcher');
  if (can(ctx.actor, 'case.supervise', row.org_path)) roles.add('supervisor');
  if (row.lead_org_path && can(ctx.actor, 'case.handle', row.lead_org_path)) roles.add('handler');
  // an alliance's case goes to a member organization, whose own staff handle it as a member
  // (接单), whether or not they handle cases otherwise
  if (
    row.alliance_id !== null &&
    row.lead_org_path &&
    can(ctx.actor, 'alliance.participate', row.lead_org_path)
  )
    roles.add('handler');
  if (row.reporter_id !== null && row.reporter_id === ctx.actor.userId) roles.add('reporter');
  return roles;
}

function snapshotFor(row: {
  state: string;
  previous_state: string | null;
  redo_count: number;
  return_count: number;
  supervision_level: number;
  escalated: boolean;
  pending_extension_days: number | null;
  first_contacted_at: Date | null;
}): CaseSnapshot {
  return {
    state: row.state as CaseState,
    previousState: (row.previous_state as CaseState | null) ?? null,
    redoCount: row.redo_count,
    returnCount: row.return_count,
    supervisionLevel: row.supervision_level,
    escalated: row.escalated,
    pendingExtensionDays: row.pending_extension_days,
    contacted: row.first_contacted_at !== null,
  };
}

function decodePhoto(p: { fileName: string; contentType: string; dataBase64: string }, index: number) {
  const data = Buffer.from(p.dataBase64, 'base64');
  if (data.length === 0 || data.length > MAX_PHOTO_BYTES)
    throw fieldError(`photos.${index}`, 'case.photo_size', '照片不能为空，且不能超过 1 MB');
  // the bytes must be the image claimed (a WAV is RIFF too; a WebP says WEBP after it)
  if (detectType(data) !== p.contentType)
    throw fieldError(`photos.${index}`, 'case.photo_type', '照片内容与类型不符');
  return { file_name: p.fileName, content_type: p.contentType, size: data.length, data };
}

/** Who files: a logged-in user, or an outside system (Open311 key) filing for an anonymous citizen. */
export interface Filer {
  ctx: RequestContext | null;
  system?: string;
  /** The area org when the filer is not a user (Open311 key's org). */
  areaOrgId?: number;
  /** The Open311 key filing: it reads the case back as its own. */
  open311KeyId?: number;
  /** Identifies the caller for Idempotency-Key. */
  submitActor: string;
  /**
   * An alliance's case (点单 → 派单): the alliance, the member who asked (the reporter, who rates it)
   * and the member unit it goes to at once. The alliances module checks who may do this.
   */
  alliance?: { id: number; reporterId: number | null; reporterName: string; leadOrgId: number };
  /**
   * A case a module files for one of its users outside the user's own area (a 挂钩干部's problem from
   * an enterprise visit, decision 0027): routed as usual, with that user as its reporter.
   */
  onBehalf?: { reporterId: number };
}

export interface FileInput {
  categoryId: number;
  title: string;
  description: string;
  channel: keyof typeof CASE_CHANNELS;
  orgId?: number | undefined;
  compoundId?: number | undefined;
  lat?: number | undefined;
  long?: number | undefined;
  address?: string | undefined;
  anonymous?: boolean | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  attributes?: Record<string, string> | undefined;
  photos?: Array<{ fileName: string; contentType: string; dataBase64: string }> | undefined;
}

const actorName = (f: { ctx: RequestContext | null; system?: string }) =>
  f.ctx ? `${f.ctx.actor.displayName}（${f.ctx.actor.username}）` : (f.system ?? '系统');

/**
 * The category an organization owns for the cases another module files in its area (an alliance's 点单, a
 * village's 结对帮扶 problems): small tier, 8 / 16 working hours, 10 working days, no points, no rating window;
 * made on first use, its id.
 */
export async function ownedCategory(
  db: Executor,
  c: {
    code: string;
    name: string;
    groupName: string;
    description: string;
    owner: { id: number; path: string };
  },
): Promise<number> {
  await db
    .insertInto('case_categories')
    .values({
      code: c.code,
      name: c.name,
      group_name: c.groupName,
      description: c.description,
      tier: 'small',
      sign_hours: 8,
      contact_hours: 16,
      complete_days: 10,
      points: 0,
      rating_change_minutes: 0,
      owner_org_id: c.owner.id,
      owner_path: c.owner.path,
      updated_at: clock.now(),
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const row = await db
    .selectFrom('case_categories')
    .select('id')
    .where('code', '=', c.code)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Files a case (点单 / 随手拍 / 登记), routes it by category × area and, when the route says so,
 * accepts and dispatches it at once. A retried submission with the same Idempotency-Key returns the
 * first case: the key is stored on the case row under a unique index, in the same transaction.
 */
export async function fileCase(
  trx: Executor,
  calendar: WorkCalendar,
  filer: Filer,
  input: FileInput,
  idempotencyKey?: string,
  /** where the category, area and route come from: the caller's transaction, or the intake's copy */
  refs: CaseRefs = directRefs(trx),
  /**
   * the filer's read scope when the caller answers with the case's detail: the statement that writes the
   * case then also returns its detail as `findCaseWhole` would read it (no second statement, no re-read)
   */
  detailFor?: repo.ReadScope,
): Promise<{ id: number; replay: boolean; detail?: repo.CaseWhole | null }> {
  const category = await refs.category(input.categoryId);
  // a category the filer may not see answers exactly like one that does not exist
  const noCategory = () => fieldError('categoryId', 'case.category', '未找到该诉求分类');
  if (!category || (filer.ctx && !categoryVisible(filer.ctx.actor, category.owner_path))) throw noCategory();
  const areaId = input.orgId ?? filer.areaOrgId ?? filer.ctx?.actor.orgId ?? null;
  if (!areaId) throw fieldError('orgId', 'case.area', '请选择诉求所在区域');
  const area = await refs.org(areaId);
  const ownArea = filer.ctx ? areaId === filer.ctx.actor.orgId : areaId === filer.areaOrgId;
  if (area?.status !== 'active' || (!ownArea && !(filer.ctx && can(filer.ctx.actor, 'case.read', area.path))))
    throw fieldError('orgId', 'case.area', '未找到该区域，或您不能在该区域登记诉求');
  if (!appliesTo(category, area.path)) {
    // an outside system sees only its area's services; a user is told why a category they see is refused
    if (!filer.ctx) throw noCategory();
    throw fieldError('categoryId', 'case.category', '该诉求分类不适用于所选区域');
  }
  if (filer.ctx && !can(filer.ctx.actor, 'case.report')) throw new AppError('forbidden');
  const compound =
    input.compoundId === undefined ? null : await compoundForArea(trx, input.compoundId, area.path);

  const submitKey = idempotencyKey ? `${filer.submitActor}:${idempotencyKey}` : null;
  for (const [code, spec] of Object.entries(requiredAttributes(category.attributes))) {
    if (spec && !input.attributes?.[code]?.trim())
      throw fieldError(`attribute[${code}]`, 'case.attribute', `请填写「${spec}」`);
  }
  const photos = (input.photos ?? []).map(decodePhoto);
  const now = clock.now();
  const name = actorName(filer);
  const events: Array<{
    action: string;
    from: string | null;
    to: string;
    comment: string | null;
    payload?: unknown;
    system?: boolean;
  }> = [{ action: 'submit', from: null, to: 'submitted', comment: `${CASE_CHANNELS[input.channel]}提交` }];
  // the case is written once, already routed: who leads it is known before the row exists
  let lead: { id: number; path: string; name: string; publicName: string } | null = null;
  let route: Awaited<ReturnType<typeof repo.findRoute>>;
  if (filer.alliance) {
    const org = await repo.findOrg(trx, filer.alliance.leadOrgId);
    if (org?.status !== 'active') throw fieldError('orgId', 'org.not_found', '未找到承接单位');
    lead = { id: org.id, path: org.path, name: org.name, publicName: org.public_name ?? org.name };
    events.push(
      { action: 'accept', from: 'submitted', to: 'accepted', comment: '联盟受理（点单）' },
      {
        action: 'dispatch',
        from: 'accepted',
        to: 'dispatched',
        comment: `派单至成员单位${org.name}`,
        payload: { leadOrgId: org.id, leadOrgName: org.name },
      },
    );
  } else {
    route = await refs.route(category.id, area.path);
    if (route?.auto_dispatch) {
      lead = {
        id: route.handler_org_id,
        path: route.handler_path,
        name: route.handler_name,
        publicName: route.handler_public_name ?? route.handler_name,
      };
      events.push(
        { action: 'accept', from: 'submitted', to: 'accepted', comment: '按分类自动受理', system: true },
        {
          action: 'dispatch',
          from: 'accepted',
          to: 'dispatched',
          // residents read this step: the department's name, not its Party branch
          comment: `按「${category.name}」派单规则派至${lead.publicName}`,
          payload: { leadOrgId: route.handler_org_id },
          system: true,
        },
      );
    }
  }
  const state = events[events.length - 1]!.to;
  // the clocks from the events in hand, as `refreshClocks` would compute them from the rows just written
  const clocks = clocksOf(
    events.map((e) => ({ action: e.action, at: now, to_state: e.to, payload: e.payload ?? null })),
    category,
    calendar,
    now,
  );
  const [sign, , completion] = clocks.clocks;
  const actorId = filer.ctx?.actor.userId ?? null;
  const values: IntakeValues = {
    now,
    row: {
      region_code: area.region_code,
      org_id: area.id,
      org_path: area.path,
      category_id: category.id,
      channel: input.channel,
      title: input.title,
      description: input.description,
      title_search: normalizeForSearch(`${input.title} ${input.description}`),
      lat: input.lat ?? null,
      long: input.long ?? null,
      address: input.address ?? null,
      attributes: input.attributes ? JSON.stringify(input.attributes) : null,
      reporter_id: filer.alliance
        ? filer.alliance.reporterId
        : (filer.onBehalf?.reporterId ?? filer.ctx?.actor.userId ?? null),
      alliance_id: filer.alliance?.id ?? null,
      compound_id: compound?.id ?? null,
      open311_key_id: filer.open311KeyId ?? null,
      reporter_name: input.reporterName ?? null,
      reporter_phone: input.reporterPhone ?? null,
      anonymous: input.anonymous ?? false,
      tier: category.tier,
      submit_key: submitKey,
      state,
      lead_org_id: lead?.id ?? null,
      lead_org_path: lead?.path ?? null,
      sign_due_at: sign!.dueAt,
      signed_on_time: clocks.signedOnTime,
      completion_due_at: completion!.dueAt,
      completion_stopped_at: completion!.stoppedAt,
      completion_breached: clocks.completionBreachedEver,
      clocks_paused: clocks.paused,
      // business time (the one clock), as every event's: Open311's date window and the measures read it
      created_at: now,
      updated_at: now,
    },
    events: events.map((e, i) => ({
      ord: i,
      actor_id: e.system ? null : actorId,
      actor_name: e.system ? '系统（自动派单）' : name,
      action: e.action,
      from_state: e.from,
      to_state: e.to,
      comment: e.comment,
      payload: e.payload ? JSON.stringify(e.payload) : null,
    })),
    // the detail's names and limits, from the values in hand (`caseDetailExtras` reads them from the tables)
    names: {
      category_name: category.name,
      sign_hours: category.sign_hours,
      contact_hours: category.contact_hours,
      complete_days: category.complete_days,
      rating_change_minutes: category.rating_change_minutes,
      org_name: area.name,
      lead_org_name: lead?.name ?? null,
      handling_unit_name: lead?.publicName ?? null,
      compound_name: compound?.name ?? null,
    },
    photos: {
      uploaded_by: actorId,
      file_name: photos.map((p) => p.file_name),
      content_type: photos.map((p) => p.content_type),
      size: photos.map((p) => p.size),
      data: photos.map((p) => p.data.toString('base64')),
    },
    audit: auditRow(filer.ctx ?? ({ system: name } as SystemContext), {
      action: 'case.create',
      entityType: 'case',
      entityId: null,
      orgPath: area.path,
      regionCode: area.region_code,
      after: {
        title: input.title,
        categoryId: category.id,
        channel: input.channel,
        state,
        leadOrgId: filer.alliance?.leadOrgId ?? route?.handler_org_id ?? null,
      },
    }),
  };
  const withPhotos = photos.length > 0;
  // the statement's text depends on the number of steps and on photos or none, nothing else
  const shape = `${events.length}|${withPhotos}`;
  // a filer who may not read the case they filed is answered as any reader of it would be: not found
  const { row } = values;
  const readable =
    detailFor !== undefined &&
    repo.readableWhenFiled(detailFor, {
      org_path: row.org_path,
      lead_org_path: row.lead_org_path ?? null,
      reporter_id: row.reporter_id ?? null,
      alliance_id: row.alliance_id ?? null,
      open311_key_id: row.open311_key_id ?? null,
    });
  if (readable) {
    const { rows } = await trx.executeQuery(intakeWithDetail.compile(trx, shape, values, withPhotos));
    if (!rows[0]) return replayOf(trx, area.region_code, submitKey);
    const fresh = rowFromJson<FreshDetail, typeof FRESH_DATES>(rows[0].detail, FRESH_DATES);
    // completed in place: the row is this answer's alone
    return {
      id: fresh.id,
      replay: false,
      detail: assignInPlace(fresh, { events: repo.stepsFromJson(fresh.events) }),
    };
  }
  const { rows } = await trx.executeQuery(intakeId.compile(trx, shape, values, withPhotos));
  if (!rows[0]) return replayOf(trx, area.region_code, submitKey);
  return { id: rows[0].id, replay: false, detail: null };
}

/** What the intake's statement writes: the case row, its steps, the photos' columns and the audit row. */
interface IntakeValues extends Record<string, unknown> {
  now: Date;
  row: Insertable<DB['cases']>;
  /** the steps' columns, in order (`ord`), their payload as JSON text */
  events: Array<
    Pick<
      Selectable<DB['case_events']>,
      'actor_id' | 'actor_name' | 'action' | 'from_state' | 'to_state' | 'comment'
    > & { ord: number; payload: string | null }
  >;
  names: repo.DetailNames;
  photos: {
    uploaded_by: number | null;
    file_name: string[];
    content_type: string[];
    size: number[];
    data: string[];
  };
  audit: ReturnType<typeof auditRow>;
}

/**
 * One statement writes the case, its events, the submitted photos and the audit event: it is atomic on
 * its own, so the intake needs no BEGIN and COMMIT around it, and inside a caller's transaction it is a
 * part of that. A retried submission is found by the unique (region, submit key) index: the first
 * insert wins, a concurrent retry waits for it, inserts nothing (and so no events, no audit) and answers
 * its case. Compiled once per shape (`CompiledShapes`): it must not look at a value of `v`.
 */
function intakeWrites(db: Executor, v: IntakeValues, withPhotos: boolean) {
  const eventValues = sql.join(
    v.events.map(
      (e) =>
        sql`(${e.ord}::int, ${e.actor_id}::bigint, ${e.actor_name}::text, ${e.action}::text, ${e.from_state}::text, ${e.to_state}::text, ${e.comment}::text, ${e.payload}::jsonb)`,
    ),
  );
  const a = v.audit;
  return db
    .with('c', (q) =>
      q
        .insertInto('cases')
        .values(v.row)
        .onConflict((oc) =>
          oc.columns(['region_code', 'submit_key']).where('submit_key', 'is not', null).doNothing(),
        )
        .returningAll(),
    )
    .with('e', (q) =>
      q
        .insertInto('case_events')
        .columns([
          'case_id',
          'region_code',
          'at',
          'actor_id',
          'actor_name',
          'action',
          'from_state',
          'to_state',
          'comment',
          'payload',
        ])
        .expression(
          sql`select c.id, c.region_code, ${v.now}::timestamptz, v.actor_id, v.actor_name, v.action, v.from_state, v.to_state, v.comment, v.payload
            from c cross join (values ${eventValues}) as v(ord, actor_id, actor_name, action, from_state, to_state, comment, payload)
            order by v.ord`,
        )
        .returningAll(),
    )
    .with('p', (q) =>
      // the submit step carries the photos; the bytes travel as base64 text and are decoded here. Without
      // photos, no insert at all: PostgreSQL would still prepare one (its table, indexes and checks) each run
      withPhotos
        ? q
            .insertInto('case_attachments')
            .columns(['case_id', 'event_id', 'uploaded_by', 'file_name', 'content_type', 'size', 'data'])
            .expression(
              sql`select c.id, e.id, ${v.photos.uploaded_by}::bigint, v.file_name, v.content_type, v.size, decode(v.data, 'base64')
            from c cross join e
            cross join unnest(${v.photos.file_name}::text[], ${v.photos.content_type}::text[],
              ${v.photos.size}::int[], ${v.photos.data}::text[])
              with ordinality as v(file_name, content_type, size, data, ord)
            where e.action = 'submit'
            order by v.ord`,
            )
            .returning(['id', 'event_id', 'kind', 'file_name', 'content_type', 'size'])
        : q
            .selectFrom('case_attachments')
            .select(['id', 'event_id', 'kind', 'file_name', 'content_type', 'size'])
            .where(sql<boolean>`false`),
    )
    .with('a', (q) =>
      q
        .insertInto('audit_events')
        .columns([
          'actor_id',
          'actor_name',
          'token_id',
          'action',
          'entity_type',
          'entity_id',
          'org_path',
          'region_code',
          'ip',
          'request_id',
          'before',
          'after',
        ])
        .expression(
          sql`select ${a.actor_id}::bigint, ${a.actor_name}::text, ${a.token_id}::bigint,
            ${a.action}::text, ${a.entity_type}::text, c.id::text, ${a.org_path}::text,
            ${a.region_code}::text, ${a.ip}::text, ${a.request_id}::text,
            ${a.before}::jsonb, ${a.after}::jsonb
            from c`,
        )
        .returning('id'),
    );
}

/**
 * The intake's statement answering with the case's detail as `findCaseWhole` reads it (for a filer who
 * may read it: `readableWhenFiled`), as one JSON text: node-postgres spends more on describing and
 * copying a row of ~70 columns than V8 spends parsing the same row as JSON (issue 11).
 */
const intakeWithDetail = new CompiledShapes((db: Executor, v: IntakeValues, withPhotos: boolean) =>
  intakeWrites(db, v, withPhotos)
    .selectFrom((q) =>
      q
        .selectFrom('c as cases')
        .selectAll('cases')
        // names in hand; overdue as of the submission's time (a value of the statement, not of its first build)
        .select(repo.caseDetailExtrasInHand(v.now, v.names))
        .select([
          // this statement's own steps and photos; a case this moment old has no co-handling units or points
          sql<StepJson[]>`(select coalesce(json_agg(e order by e.id), '[]') from e)`.as('events'),
          sql<repo.CaseWhole['attachments']>`(select coalesce(json_agg(p order by p.id), '[]') from p)`.as(
            'attachments',
          ),
          sql<repo.CaseWhole['co_units']>`'[]'::json`.as('co_units'),
          sql<number>`0`.as('points_granted'),
        ])
        .as('d'),
    )
    .select(sql<string>`row_to_json(d)::text`.as('detail'))
    .modifyEnd(named()),
);

/** The row `intakeWithDetail` returns as JSON: the detail, its steps' times as text. */
type FreshDetail = Omit<repo.CaseWhole, 'events'> & { events: StepJson[] };
/** Its timestamps, which JSON carries as text (all of them: `rowFromJson` checks the list against the type). */
const FRESH_DATES = [
  'sign_due_at',
  'completion_due_at',
  'completion_stopped_at',
  'created_at',
  'updated_at',
  'closed_at',
  'first_contacted_at',
  'pending_rating_at',
  'rating_effective_at',
] as const;

/** The intake's statement answering with the new case's id only. */
const intakeId = new CompiledShapes((db: Executor, v: IntakeValues, withPhotos: boolean) =>
  intakeWrites(db, v, withPhotos).selectFrom('c').select('c.id').modifyEnd(named()),
);

type StepJson = Omit<repo.CaseWhole['events'][number], 'at'> & { at: string };

/** The same key was used before, or a concurrent retry won the race: its case answers. */
async function replayOf(db: Executor, regionCode: string, submitKey: string | null) {
  const existing = await repo.findCaseBySubmitKey(db, regionCode, submitKey!);
  return { id: existing!.id, replay: true };
}
/** `{code: description}` of the required attributes of a category (Open311 service definition). */
export function requiredAttributes(attributes: unknown): Record<string, string | false> {
  const out: Record<string, string | false> = {};
  if (!Array.isArray(attributes)) return out;
  for (const a of attributes as Array<{ code: string; required?: boolean; description?: string }>) {
    out[a.code] = a.required ? (a.description ?? a.code) : false;
  }
  return out;
}

/** Recomputes the clock cache on the case row from its events (the events are the truth). */
export async function refreshClocks(
  trx: Executor,
  calendar: WorkCalendar,
  caseId: number,
  now = clock.now(),
) {
  const row = await trx
    .selectFrom('cases')
    .innerJoin('case_categories as cat', 'cat.id', 'cases.category_id')
    .select(['cat.sign_hours', 'cat.contact_hours', 'cat.complete_days'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const events = await repo.caseEvents(trx, caseId);
  const report = clocksOf(events, row, calendar, now);
  const [sign, , completion] = report.clocks;
  await trx
    .updateTable('cases')
    .set({
      sign_due_at: sign!.dueAt,
      signed_on_time: report.signedOnTime,
      completion_due_at: completion!.dueAt,
      completion_stopped_at: completion!.stoppedAt,
      completion_breached: report.completionBreachedEver,
      clocks_paused: report.paused,
    })
    .where('id', '=', caseId)
    .execute();
  return report;
}

function clocksOf(
  events: Array<{ action: string; at: Date; to_state: string; payload: unknown }>,
  rules: { sign_hours: number; contact_hours: number; complete_days: number },
  calendar: WorkCalendar,
  now: Date,
) {
  return computeClocks(
    events.map((e) => ({
      action: e.action,
      at: new Date(e.at),
      toState: e.to_state as CaseState,
      payload: parsePayload(e.payload) as { days?: number } | null,
    })),
    { signHours: rules.sign_hours, contactHours: rules.contact_hours, completeDays: rules.complete_days },
    calendar,
    now,
  );
}

function parsePayload(p: unknown): Record<string, unknown> | null {
  if (p === null || p === undefined) return null;
  if (typeof p === 'string') {
    try {
      return JSON.parse(p) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  return p as Record<string, unknown>;
}

export interface TransitionBodyInput {
  action: string;
  comment?: string | undefined;
  reply?: string | undefined;
  evidence?: string | undefined;
  leadOrgId?: number | undefined;
  coOrgIds?: number[] | undefined;
  days?: number | undefined;
  rating?: string | undefined;
  duplicateOf?: number | undefined;
  photos?: Array<{ fileName: string; contentType: string; dataBase64: string }> | undefined;
}

/** One step of the loop, as the verb-named command of STYLE.md (dispatchCase, rateCase, … in one place). */
export async function transitionCase(
  trx: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  caseId: number,
  body: TransitionBodyInput,
  /** where follow-up work goes (notices to the channels); absent in callers that send nothing */
  effects: { queue?: JobQueue } = {},
) {
  const row = await repo.lockCase(trx, caseId, readScope(ctx));
  if (!row) throw notFound('未找到该工单，或您无权查看');
  const roles = rolesOf(ctx, row);
  const photos = (body.photos ?? []).map(decodePhoto);
  const limits = await repo.escalationLimits(trx, row.category_id);
  const answering = body.action === 'reply';
  const uploaded = answering ? await repo.pendingEvidenceCount(trx, caseId) : 0;
  let result: ReturnType<typeof applyTransition>;
  try {
    result = applyTransition(
      snapshotFor(row),
      body.action,
      {
        reason: body.comment,
        reply: body.reply,
        evidence: body.evidence,
        evidenceAttachments: photos.length + uploaded,
        leadOrgId: body.leadOrgId,
        days: body.days,
        rating: body.rating as Rating | undefined,
        duplicateOf: body.duplicateOf,
      },
      roles,
      limits,
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === 'case.forbidden') {
      // a caller with no part at all is told nothing beyond "not allowed"
      throw new AppError('forbidden', { detail: e.message });
    }
    if (e.code === 'case.transition') throw new AppError('case.transition', { detail: e.message });
    if (e.code === 'case.contact_recorded')
      throw new AppError('case.contact_recorded', { detail: e.message });
    // the machine's `reason` is the request's `comment`
    throw fieldError(e.field === 'reason' ? 'comment' : (e.field ?? 'action'), e.code, e.message);
  }
  if (body.action === 'rate') {
    const minutes = await repo.ratingChangeMinutes(trx, row.category_id);
    // a rating waits out its change window before it sends the case back or closes it
    if (row.pending_rating !== null || minutes > 0)
      return recordPendingRating(trx, ctx, row, roles, body, minutes, effects);
  }
  if (body.action === 'close' && row.pending_rating !== null)
    throw new AppError('case.transition', { detail: '该工单的评价尚未生效，生效后按评价办结或发回重办' });
  const now = clock.now();
  const set: Record<string, unknown> = {
    state: result.to,
    previous_state: result.next.previousState,
    redo_count: result.next.redoCount,
    return_count: result.next.returnCount,
    supervision_level: result.next.supervisionLevel,
    escalated: result.next.escalated,
    pending_extension_days: result.next.pendingExtensionDays,
    updated_at: now,
  };
  const payload: Record<string, unknown> = {};
  if (body.action === 'dispatch') {
    const lead = await repo.findOrg(trx, body.leadOrgId!);
    // an alliance's case may go to any current member of the alliance, wherever it lies
    const member =
      lead !== undefined &&
      row.alliance_id !== null &&
      (await repo.isAllianceMember(trx, row.alliance_id, lead.id, clock.today()));
    if (lead?.status !== 'active' || !(member || can(ctx.actor, 'org.read', lead.path)))
      throw fieldError('leadOrgId', 'org.not_found', '未找到主办单位，或您无权派单给它');
    const co = [];
    for (const id of [...new Set(body.coOrgIds ?? [])].filter((i) => i !== lead.id)) {
      const org = await repo.findOrg(trx, id);
      if (org?.status !== 'active' || !can(ctx.actor, 'org.read', org.path))
        throw fieldError('coOrgIds', 'org.not_found', '未找到协办单位，或您无权派单给它');
      co.push(org);
    }
    set.lead_org_id = lead.id;
    set.lead_org_path = lead.path;
    await trx.deleteFrom('case_units').where('case_id', '=', caseId).execute();
    if (co.length)
      await trx
        .insertInto('case_units')
        .values(co.map((o) => ({ case_id: caseId, org_id: o.id, org_path: o.path, role: 'co' as const })))
        .execute();
    payload.leadOrgId = lead.id;
    payload.leadOrgName = lead.name;
    payload.coOrgIds = co.map((o) => o.id);
  }
  if (body.action === 'contact') set.first_contacted_at = now;
  if (body.action === 'keep_local') {
    set.lead_org_id = row.org_id;
    set.lead_org_path = row.org_path;
  }
  if (body.action === 'approve_return') {
    set.lead_org_id = null;
    set.lead_org_path = null;
  }
  if (body.action === 'merge') {
    const target = await repo.findCase(trx, body.duplicateOf!, readScope(ctx));
    if (
      !target ||
      target.id === caseId ||
      (target.state === 'closed' && target.closure_reason === 'duplicate')
    )
      throw fieldError(
        'duplicateOf',
        'case.duplicate_of',
        '未找到要合并到的工单（不能是本件或已合并的工单）',
      );
    set.duplicate_of = target.id;
    payload.duplicateOf = target.id;
  }
  if (body.action === 'request_extension' || body.action === 'approve_extension') {
    payload.days = body.action === 'request_extension' ? body.days : row.pending_extension_days;
  }
  if (body.action === 'rate') {
    set.rating = body.rating;
    payload.rating = body.rating;
    payload.by = roles.has('reporter') ? 'reporter' : 'visit';
  }
  if (body.action === 'reply' || body.action === 'answer') {
    set.public_reply = body.reply;
    payload.reply = body.reply;
    if (body.evidence) payload.evidence = body.evidence;
  }
  if (result.redo) payload.redo = true;
  if (result.escalatedNow) payload.escalated = true;
  if (result.closureReason) {
    set.closure_reason = result.closureReason;
    set.closed_at = now;
  }
  await trx.updateTable('cases').set(set).where('id', '=', caseId).execute();
  const event = await trx
    .insertInto('case_events')
    .values({
      case_id: caseId,
      region_code: row.region_code,
      at: now,
      actor_id: ctx.actor.userId,
      actor_name: `${ctx.actor.displayName}（${ctx.actor.username}）`,
      action: body.action,
      from_state: result.from,
      to_state: result.to,
      comment: body.comment ?? null,
      payload: Object.keys(payload).length ? JSON.stringify(payload) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (photos.length) {
    await trx
      .insertInto('case_attachments')
      .values(
        photos.map((p) => ({ ...p, case_id: caseId, event_id: event.id, uploaded_by: ctx.actor.userId })),
      )
      .execute();
  }
  // the photos and files uploaded as 办理凭证 become part of this answer
  if (answering && uploaded) await repo.attachPendingEvidence(trx, caseId, event.id);
  if (result.verifiedClose) await creditPoints(trx, row);
  if ((body.action === 'reply' || body.action === 'answer') && (await noticeAnswered(trx, row, body.reply!)))
    await effects.queue?.enqueue(trx, 'cases.notify', { caseId });
  if (result.escalatedNow || body.action === 'supervise') {
    await notifySuperior(trx, row, result.escalatedNow ? '提级督办' : '督办', body.comment ?? '');
  }
  await refreshClocks(trx, calendar, caseId, now);
  await audit(trx, ctx, {
    action: `case.${body.action}`,
    entityType: 'case',
    entityId: caseId,
    orgPath: row.org_path,
    regionCode: row.region_code,
    before: { state: row.state, supervisionLevel: row.supervision_level },
    after: { state: result.to, supervisionLevel: result.next.supervisionLevel, ...payload },
  });
}

const NO_PENDING_RATING = {
  pending_rating: null,
  pending_rating_comment: null,
  pending_rating_by: null,
  pending_rating_role: null,
  pending_rating_at: null,
  rating_effective_at: null,
} as const;

function pendingOf(row: {
  pending_rating: string | null;
  pending_rating_by: number | null;
  pending_rating_at: Date | null;
  rating_effective_at: Date | null;
}): PendingRating | null {
  if (row.pending_rating === null) return null;
  return {
    rating: row.pending_rating as Rating,
    ratedBy: row.pending_rating_by ?? 0,
    ratedAt: new Date(row.pending_rating_at!),
    effectiveAt: new Date(row.rating_effective_at!),
  };
}

/**
 * 评价 given (or changed by its author) inside the change window: recorded as pending, with its event and
 * audit entry, and the `cases.rating_effective` job queued for the moment the window ends. A change keeps
 * the first rating's window: a rating cannot be held open by changing it again.
 */
async function recordPendingRating(
  trx: Executor,
  ctx: RequestContext,
  row: CaseRow,
  roles: Set<CaseRole>,
  body: TransitionBodyInput,
  minutes: number,
  effects: { queue?: JobQueue },
) {
  const now = clock.now();
  const rating = body.rating as Rating;
  const pending = pendingOf(row);
  if (pending) {
    try {
      checkRatingChange(pending, ctx.actor.userId, now);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      throw new AppError('case.rating_window', { detail: e.message });
    }
  }
  const effectiveAt = pending?.effectiveAt ?? ratingEffectiveAt(now, minutes);
  await trx
    .updateTable('cases')
    .set({
      pending_rating: rating,
      pending_rating_comment: body.comment ?? null,
      ...(pending
        ? {}
        : {
            pending_rating_by: ctx.actor.userId,
            pending_rating_role: roles.has('reporter') ? ('reporter' as const) : ('dispatcher' as const),
            pending_rating_at: now,
            rating_effective_at: effectiveAt,
          }),
      updated_at: now,
    })
    .where('id', '=', row.id)
    .execute();
  await trx
    .insertInto('case_events')
    .values({
      case_id: row.id,
      region_code: row.region_code,
      at: now,
      actor_id: ctx.actor.userId,
      actor_name: `${ctx.actor.displayName}（${ctx.actor.username}）`,
      action: 'rate',
      from_state: row.state,
      to_state: row.state,
      comment: body.comment ?? null,
      payload: JSON.stringify({
        rating,
        by: roles.has('reporter') ? 'reporter' : 'visit',
        pending: true,
        effectiveAt: effectiveAt.toISOString(),
        ...(pending ? { previous: pending.rating } : {}),
      }),
    })
    .execute();
  if (!pending) {
    // the queue runs on elapsed time; the window is the same length on either clock
    const runAt = new Date(systemNow().getTime() + (effectiveAt.getTime() - now.getTime()));
    await effects.queue?.enqueue(trx, 'cases.rating_effective', { caseId: row.id }, { runAt });
  }
  await audit(trx, ctx, {
    action: 'case.rate',
    entityType: 'case',
    entityId: row.id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    before: { state: row.state, pendingRating: pending?.rating ?? null },
    after: { state: row.state, pendingRating: rating, effectiveAt },
  });
}

/**
 * The end of a rating's change window (the `cases.rating_effective` job, and the deadline sweep as a
 * backstop): the pending rating now closes the case or sends it back (发回重办, 督办 raised) as the
 * state machine says. Before its time, or when no rating waits, nothing happens; a case that moved on
 * meanwhile (merged) lets the rating lapse.
 */
export async function applyDueRating(
  trx: Executor,
  calendar: WorkCalendar,
  caseId: number,
  now = clock.now(),
) {
  const row = await repo.lockCaseById(trx, caseId);
  const pending = row ? pendingOf(row) : null;
  if (!row || !pending) return { applied: false as const };
  if (!ratingDue(pending, now)) return { applied: false as const, dueAt: pending.effectiveAt };
  const roles = new Set<CaseRole>([row.pending_rating_role === 'reporter' ? 'reporter' : 'dispatcher']);
  const limits = await repo.escalationLimits(trx, row.category_id);
  let result: ReturnType<typeof applyTransition>;
  try {
    result = applyTransition(
      snapshotFor(row),
      'rate',
      { rating: pending.rating, reason: row.pending_rating_comment },
      roles,
      limits,
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    await trx.updateTable('cases').set(NO_PENDING_RATING).where('id', '=', caseId).execute();
    return { applied: false as const, lapsed: true };
  }
  await trx
    .updateTable('cases')
    .set({
      ...NO_PENDING_RATING,
      state: result.to,
      rating: pending.rating,
      redo_count: result.next.redoCount,
      supervision_level: result.next.supervisionLevel,
      escalated: result.next.escalated,
      updated_at: now,
      ...(result.closureReason ? { closure_reason: result.closureReason, closed_at: now } : {}),
    })
    .where('id', '=', caseId)
    .execute();
  await trx
    .insertInto('case_events')
    .values({
      case_id: caseId,
      region_code: row.region_code,
      at: now,
      actor_id: null,
      actor_name: '系统（评价生效）',
      action: 'rating_effective',
      from_state: result.from,
      to_state: result.to,
      comment: row.pending_rating_comment,
      payload: JSON.stringify({
        rating: pending.rating,
        ...(result.redo ? { redo: true } : {}),
        ...(result.escalatedNow ? { escalated: true } : {}),
      }),
    })
    .execute();
  if (result.verifiedClose) await creditPoints(trx, row);
  if (result.escalatedNow) await notifySuperior(trx, row, '提级督办', row.pending_rating_comment ?? '');
  await refreshClocks(trx, calendar, caseId, now);
  await audit(
    trx,
    { system: '评价生效' },
    {
      action: 'case.rate_effective',
      entityType: 'case',
      entityId: caseId,
      orgPath: row.org_path,
      regionCode: row.region_code,
      before: { state: row.state, supervisionLevel: row.supervision_level },
      after: { state: result.to, rating: pending.rating, supervisionLevel: result.next.supervisionLevel },
    },
  );
  return { applied: true as const, state: result.to };
}

/** Every rating whose window has ended (the sweep's backstop for a lost or early job). */
export async function applyDueRatings(db: Executor, calendar: WorkCalendar, now = clock.now()) {
  const due = await repo.dueRatings(db, now);
  let applied = 0;
  for (const { id } of due) {
    const r = await db.transaction().execute((trx) => applyDueRating(trx, calendar, id, now));
    if (r.applied) applied++;
  }
  return applied;
}

/**
 * Points reward real work: credited to the reporter only when the case is verified and closed
 * (a satisfied rating or a return visit), never on submission; once per case (unique index).
 */
async function creditPoints(trx: Executor, row: CaseRow) {
  if (!row.reporter_id) return;
  const category = await trx
    .selectFrom('case_categories')
    .select(['points', 'name'])
    .where('id', '=', row.category_id)
    .executeTakeFirstOrThrow();
  if (category.points <= 0) return;
  const reporter = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', '=', row.reporter_id)
    .executeTakeFirstOrThrow();
  await pointsLedger.grantForCase(trx, {
    caseId: row.id,
    user: { id: reporter.id, displayName: reporter.display_name },
    points: category.points,
    regionCode: row.region_code,
    reason: `反映问题经核实办结（${category.name}）`,
  });
}

/** 督办 alert to the organization above the case's area (log-backed in-app channel, see notify.ts). */
async function notifySuperior(trx: Executor, row: CaseRow, kind: string, comment: string) {
  const area = await repo.findOrg(trx, row.org_id);
  const superiorId = area?.parent_id ?? row.org_id;
  const superior = await repo.findOrg(trx, superiorId);
  if (!superior) return;
  await trx
    .insertInto('notifications')
    .values({
      org_id: superior.id,
      org_path: superior.path,
      case_id: row.id,
      kind: kind === '提级督办' ? 'escalation' : 'supervision',
      title: `【${kind}】${row.title}`,
      body: comment || `工单 #${row.id} 已${kind}，请上级组织跟踪。`,
    })
    .execute();
}

function itemOf(r: {
  id: number;
  title: string;
  state: string;
  category_id: number;
  category_name: string;
  tier: string;
  channel: string;
  org_id: number;
  org_name: string;
  lead_org_id: number | null;
  lead_org_name: string | null;
  supervision_level: number;
  escalated: boolean;
  redo_count: number;
  return_count: number;
  rating: string | null;
  overdue: boolean;
  completion_due_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  anonymous: boolean;
  reporter_name: string | null;
  reporter_display_name: string | null;
  address: string | null;
  handling_unit_name: string | null;
  compound_name: string | null;
}) {
  return {
    id: r.id,
    title: r.title,
    state: r.state,
    stateLabel: CASE_STATES[r.state as CaseState]?.label ?? r.state,
    categoryId: r.category_id,
    categoryName: r.category_name,
    tier: r.tier,
    tierLabel: CASE_TIERS[r.tier as keyof typeof CASE_TIERS]?.label ?? r.tier,
    channel: r.channel,
    channelLabel: CASE_CHANNELS[r.channel as keyof typeof CASE_CHANNELS] ?? r.channel,
    orgId: r.org_id,
    orgName: r.org_name,
    leadOrgId: r.lead_org_id,
    leadOrgName: r.lead_org_name,
    handlingUnitName: r.handling_unit_name,
    supervisionLevel: r.supervision_level,
    supervisionLabel: SUPERVISION_LEVELS[r.supervision_level] ?? '',
    escalated: r.escalated,
    redoCount: r.redo_count,
    returnCount: r.return_count,
    rating: r.rating,
    overdue: Boolean(r.overdue),
    completionDueAt: r.completion_due_at,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    reporterName: r.anonymous ? '匿名' : (r.reporter_name ?? r.reporter_display_name),
    address: r.address,
    compoundName: r.compound_name,
  };
}

export interface ListQuery {
  q?: string | undefined;
  state?: string | undefined;
  category?: number | undefined;
  orgId?: number | undefined;
  tier?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  rating?: string | undefined;
  mine?: 'reported' | 'todo' | undefined;
  channel?: string | undefined;
  page: number;
  pageSize: number;
}

async function filterOf(
  db: Executor,
  ctx: RequestContext,
  query: Omit<ListQuery, 'page' | 'pageSize'>,
): Promise<repo.ListFilter> {
  const scope = readScope(ctx);
  let orgPath: string | undefined;
  if (query.orgId) {
    const org = await repo.findOrg(db, query.orgId);
    if (!org || !can(ctx.actor, 'case.read', org.path))
      throw fieldError('orgId', 'org.not_found', '未找到该组织，或您无权查看');
    orgPath = org.path;
  }
  const q = query.q ? normalizeForSearch(query.q) : undefined;
  return {
    scope,
    q,
    state: query.state,
    categoryId: query.category,
    orgPath,
    tier: query.tier,
    overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    rating: query.rating,
    reportedBy: query.mine === 'reported' ? ctx.actor.userId : undefined,
    channel: query.channel,
    todo:
      query.mine === 'todo'
        ? { handle: scopePaths(ctx.actor, 'case.handle'), dispatch: scopePaths(ctx.actor, 'case.dispatch') }
        : undefined,
  };
}

export async function listCases(db: Executor, ctx: RequestContext, query: ListQuery) {
  const filter = await filterOf(db, ctx, query);
  const { rows, total } = await repo.listCases(db, filter, query.page, query.pageSize);
  return { items: rows.map((r) => itemOf(r)), total };
}

export async function exportCases(
  db: Executor,
  ctx: RequestContext,
  query: Omit<ListQuery, 'page' | 'pageSize'>,
) {
  if (!can(ctx.actor, 'case.export')) throw new AppError('forbidden');
  const filter = await filterOf(db, ctx, query);
  // only the scope where the caller may export
  filter.scope = { userId: -1, paths: scopePaths(ctx.actor, 'case.export') };
  const rows = await repo.exportRows(db, filter, 50_000);
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('工单台账');
  sheet.columns = [
    { header: '编号', key: 'id', width: 8 },
    { header: '标题', key: 'title', width: 30 },
    { header: '分类', key: 'category', width: 14 },
    { header: '分级', key: 'tier', width: 18 },
    { header: '状态', key: 'state', width: 10 },
    { header: '所属区域', key: 'org', width: 24 },
    { header: '主办单位', key: 'lead', width: 28 },
    { header: '督办', key: 'supervision', width: 10 },
    { header: '超期', key: 'overdue', width: 6 },
    { header: '办结时限', key: 'due', width: 20 },
    { header: '评价', key: 'rating', width: 10 },
    { header: '提交时间', key: 'created', width: 20 },
  ];
  for (const r of rows) {
    const i = itemOf(r);
    sheet.addRow({
      id: i.id,
      title: i.title,
      category: i.categoryName,
      tier: i.tierLabel,
      state: i.stateLabel,
      org: i.orgName,
      lead: i.leadOrgName ?? '',
      supervision: i.supervisionLabel,
      overdue: i.overdue ? '是' : '否',
      due: i.completionDueAt ? shanghai(i.completionDueAt) : '',
      rating: i.rating
        ? ({ satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as Record<string, string>)[
            i.rating
          ]
        : '',
      created: shanghai(i.createdAt),
    });
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

function shanghai(d: Date): string {
  return new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export async function getCase(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  id: number,
  options: { markRead?: boolean } = {},
) {
  // the case with its steps, attachments, co-handling units and points: one statement
  return caseAnswer(db, calendar, ctx, await repo.findCaseWhole(db, id, readScope(ctx)), options);
}

/**
 * The detail a reader of the case is answered with, from the case as `findCaseWhole` reads it (or as the
 * statement that filed it returned it): `undefined` or `null` is a case this reader may not see.
 */
export async function caseAnswer(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  row: repo.CaseWhole | null | undefined,
  options: { markRead?: boolean } = {},
) {
  if (!row) throw notFound('未找到该工单，或您无权查看');
  const { id, events, attachments, co_units: co, points_granted: points } = row;
  const visitProblem = row.channel === 'visit' ? await repo.visitProblemOf(db, id) : undefined;
  const roles = rolesOf(ctx, row);
  const submitEventId = events.find((e) => e.action === 'submit')?.id;
  // opening their case reads the notices about it (已答复)
  if (roles.has('reporter') && options.markRead !== false)
    await repo.markNoticesRead(db, ctx.actor.userId, id, clock.now());
  const report = clocksOf(events, row, calendar, clock.now());
  const now = clock.now();
  const pending = row.pending_rating === null ? null : pendingOf(row);
  const mayChange =
    pending !== null && pending.ratedBy === ctx.actor.userId && ratingChangeable(pending, now);
  // while a rating waits out its window, only its author may change it, and nobody closes the case
  const offered = availableActions(snapshotFor(row), roles).filter((t) =>
    pending === null ? true : t.action === 'rate' ? mayChange : t.action !== 'close',
  );
  // the routed handler is offered first in the dispatch dialog (the nearest area's rule for the category)
  const route = offered.some((t) => t.action === 'dispatch')
    ? await repo.findRoute(db, row.category_id, row.org_path)
    : undefined;
  const staff = roles.has('dispatcher') || roles.has('handler');
  // the phone leaves masked; the handler of the case reveals it in full, audited (revealContact)
  const phone = reporterPhoneOf(row);
  // the list item's fields and the detail's own
  return assignInPlace(itemOf(row), {
    description: row.description,
    lat: row.lat,
    long: row.long,
    attributes: parsePayload(row.attributes),
    anonymous: row.anonymous,
    reporterName:
      row.anonymous && !staff && row.reporter_id !== ctx.actor.userId
        ? '匿名'
        : (row.reporter_name ?? row.reporter_display_name),
    reporterPhone: phone ? maskPhone(phone) : null,
    contactRevealable: phone !== null && roles.has('handler'),
    ratingChangeMinutes: row.rating_change_minutes,
    pendingRating: pending
      ? {
          rating: pending.rating,
          ratingLabel: RATINGS[pending.rating],
          comment: row.pending_rating_comment,
          ratedAt: pending.ratedAt,
          effectiveAt: pending.effectiveAt,
          changeable: mayChange,
        }
      : null,
    firstContactedAt: row.first_contacted_at,
    duplicateOf: row.duplicate_of,
    closureReason: row.closure_reason,
    publicReply: row.public_reply,
    pendingExtensionDays: row.pending_extension_days,
    coUnits: co,
    isReporter: row.reporter_id === ctx.actor.userId,
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      actorName: e.actor_name,
      action: e.action,
      actionLabel:
        e.action === 'submit'
          ? '提交诉求'
          : e.action === 'rating_effective'
            ? '评价生效'
            : (transitionOf(e.action)?.label ?? e.action),
      fromState: e.from_state,
      toState: e.to_state,
      toStateLabel: CASE_STATES[e.to_state as CaseState]?.label ?? e.to_state,
      comment: e.comment,
      payload: parsePayload(e.payload),
    })),
    // evidence not yet part of a reply is the handler's draft
    attachments: attachments
      .filter((a) => a.event_id !== null || roles.has('handler'))
      .map((a) => ({
        id: a.id,
        kind: a.kind,
        stage: a.event_id === submitEventId ? ('report' as const) : ('evidence' as const),
        attached: a.event_id !== null,
        fileName: a.file_name,
        contentType: a.content_type,
        size: a.size,
        url: `/api/v1/cases/${id}/attachments/${a.id}`,
      })),
    clocks: report.clocks,
    actions: offered.map((t) => ({
      action: t.action,
      label: t.label,
      requires: [...t.requires],
    })),
    suggestedLeadOrg: route ? { id: route.handler_org_id, name: route.handler_name } : null,
    pointsAwarded: points,
    visitProblem: visitProblem ?? null,
  });
}

/** The number to call: the one given when filing, else the reporting account's own. */
function reporterPhoneOf(row: { reporter_phone: string | null; reporter_account_phone: string | null }) {
  return row.reporter_phone ?? row.reporter_account_phone ?? null;
}

/**
 * 查看完整联系电话: the handler of the case reads the reporter's phone in full to make the first contact.
 * A full read of personal data, audited; a reader of the case who does not handle it is refused, and a
 * case outside the caller's scope answers as if it did not exist.
 */
export async function revealContact(db: Executor, ctx: RequestContext, id: number) {
  const row = await repo.findCase(db, id, readScope(ctx));
  if (!row) throw notFound('未找到该工单，或您无权查看');
  if (!rolesOf(ctx, row).has('handler'))
    throw new AppError('forbidden', { detail: '只有该工单的承办人员可以查看诉求人的完整联系电话' });
  await audit(db, ctx, {
    action: 'case.reveal_contact',
    entityType: 'case',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    after: { fields: ['reporterPhone'] },
  });
  return {
    reporterName: row.reporter_name ?? row.reporter_display_name,
    reporterPhone: reporterPhoneOf(row),
  };
}

const EVIDENCE_STATES = ['signed', 'in_progress', 'suspended'];
const MAX_PENDING_EVIDENCE = 10;

/**
 * 办理凭证: a photo or file the handler of the case attaches before 回单; the reply takes every pending
 * one as its evidence. Types, limits and the check of the bytes are the meetings' (platform/files.ts).
 */
export async function addEvidence(trx: Executor, ctx: RequestContext, caseId: number, file: Upload) {
  const row = await repo.lockCase(trx, caseId, readScope(ctx));
  if (!row) throw notFound('未找到该工单，或您无权查看');
  if (!rolesOf(ctx, row).has('handler'))
    throw new AppError('forbidden', { detail: '只有该工单的承办人员可以上传办理凭证' });
  if (!EVIDENCE_STATES.includes(row.state))
    throw new AppError('case.transition', {
      detail: `工单当前为「${CASE_STATES[row.state as CaseState]?.label ?? row.state}」，不能上传办理凭证`,
    });
  const kind = checkUpload(file, 'case.file');
  if ((await repo.pendingEvidenceCount(trx, caseId)) >= MAX_PENDING_EVIDENCE)
    throw fieldError('file', 'case.file', `每次答复最多上传 ${MAX_PENDING_EVIDENCE} 个凭证`);
  const inserted = await trx
    .insertInto('case_attachments')
    .values({
      case_id: caseId,
      event_id: null,
      uploaded_by: ctx.actor.userId,
      kind,
      file_name: file.name.slice(0, 200),
      content_type: file.contentType,
      size: file.buffer.length,
      data: file.buffer,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, {
    action: 'case.evidence',
    entityType: 'case',
    entityId: caseId,
    orgPath: row.org_path,
    regionCode: row.region_code,
    after: { attachmentId: inserted.id, kind, name: file.name, size: file.buffer.length },
  });
  return {
    id: inserted.id,
    kind,
    stage: 'evidence' as const,
    attached: false as const,
    fileName: file.name.slice(0, 200),
    contentType: file.contentType,
    size: file.buffer.length,
    url: `/api/v1/cases/${caseId}/attachments/${inserted.id}`,
  };
}

export async function getAttachment(db: Executor, ctx: RequestContext, caseId: number, id: number) {
  const row = await repo.findCase(db, caseId, readScope(ctx));
  if (!row) throw notFound('未找到该工单，或您无权查看');
  const file = await repo.attachment(db, caseId, id);
  const roles = rolesOf(ctx, row);
  if (!file || (file.event_id === null && !roles.has('handler'))) throw notFound('未找到该附件');
  return file;
}

/**
 * Open cases like the one being filed: same category within 250 m, or similar text. Titles only, and
 * only cases the caller could open (their case.read scope or their own reports).
 */
export async function similarCases(
  db: Executor,
  ctx: RequestContext,
  query: {
    category?: number | undefined;
    lat?: number | undefined;
    long?: number | undefined;
    text?: string | undefined;
  },
) {
  const rows = await repo.similarCandidates(db, { scope: readScope(ctx) });
  const out = [];
  for (const r of rows) {
    const distance =
      query.lat !== undefined && query.long !== undefined && r.lat !== null && r.long !== null
        ? distanceMeters(query.lat, query.long, r.lat, r.long)
        : null;
    const similarity = query.text ? textSimilarity(query.text, `${r.title} ${r.description}`) : 0;
    const near = distance !== null && distance <= NEARBY_METERS && query.category === r.category_id;
    if (near || similarity >= SIMILAR_TEXT_THRESHOLD) {
      out.push({
        id: r.id,
        title: r.title,
        stateLabel: CASE_STATES[r.state as CaseState]?.label ?? r.state,
        categoryName: r.category_name,
        distanceMeters: distance === null ? null : Math.round(distance),
        similarity: Math.round(similarity * 100) / 100,
        createdAt: r.created_at,
      });
    }
  }
  out.sort((a, b) => b.similarity - a.similarity || (a.distanceMeters ?? 1e9) - (b.distanceMeters ?? 1e9));
  return { items: out.slice(0, 10), total: Math.min(out.length, 10) };
}

/** The answer of the older `GET /points/me` (kept for existing clients; `GET /me/points` is API.md's). */
export async function myPoints(db: Executor, ctx: RequestContext) {
  const mine = await pointsLedger.myPoints(db, ctx);
  return {
    balance: mine.balance,
    items: mine.items.map((r, i) => ({
      id: i + 1,
      caseId: r.source.kind === 'case' ? r.source.id : null,
      caseTitle: r.source.kind === 'case' ? r.source.title : null,
      points: r.delta,
      reason: r.reason,
      createdAt: r.at,
    })),
  };
}

type MeasureSqlRow = Pick<
  Awaited<ReturnType<typeof repo.measureRows>>[number],
  | 'state'
  | 'closure_reason'
  | 'breached'
  | 'signed_on_time'
  | 'rating'
  | 'redo_count'
  | 'return_count'
  | 'lead_org_id'
>;

function toMeasureRow(r: MeasureSqlRow): CaseMeasureRow {
  return {
    state: r.state as CaseState,
    closureReason: r.closure_reason as CaseMeasureRow['closureReason'],
    completionBreached: Boolean(r.breached),
    signedOnTime: r.signed_on_time,
    rating: r.rating as Rating | null,
    redoCount: r.redo_count,
    returnCount: r.return_count,
    dispatched: r.lead_org_id !== null || r.signed_on_time !== null,
  };
}

export async function measures(
  db: Executor,
  ctx: RequestContext,
  query: {
    by: 'unit' | 'category' | 'month';
    orgId?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
) {
  if (!can(ctx.actor, 'case.read')) throw new AppError('forbidden');
  const scope = readScope(ctx);
  if (query.orgId) {
    // the cases of one organization's area and below (工作台's figures open here)
    const org = await repo.findOrg(db, query.orgId);
    if (!org || !can(ctx.actor, 'case.read', org.path))
      throw fieldError('orgId', 'org.not_found', '未找到该组织，或您无权查看');
    scope.paths = [org.path];
  }
  const rows = await repo.measureRows(db, scope, query.from, query.to);
  const groups = new Map<string, { name: string; rows: CaseMeasureRow[] }>();
  for (const r of rows) {
    const [key, name] =
      query.by === 'unit'
        ? [String(r.lead_org_id ?? 0), r.lead_name ?? '未派单']
        : query.by === 'category'
          ? [String(r.category_id), r.category_name]
          : [r.month, r.month];
    const g = groups.get(key) ?? { name, rows: [] };
    g.rows.push(toMeasureRow(r));
    groups.set(key, g);
  }
  return {
    total: computeMeasures(rows.map(toMeasureRow)),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, g]) => ({ key, name: g.name, cases: g.rows.length, measures: computeMeasures(g.rows) })),
  };
}

/**
 * The loop's measures by month of registration for the cases of one subtree, as `measures` defines
 * them (the home screens and the monthly bulletin show these; 工单统计 shows the same by month).
 */
/**
 * The loop's measure rows of the cases naming these compounds, registered between `from` and `to`
 * (红色物业 rates a property company from them, by the loop's own definitions). The caller has scoped
 * the compounds.
 */
export async function compoundMeasureRows(
  db: Executor,
  compoundIds: number[],
  from: string,
  to: string,
): Promise<Map<number, CaseMeasureRow[]>> {
  const rows = compoundIds.length ? await repo.measureRows(db, null, from, to, compoundIds) : [];
  const out = new Map<number, CaseMeasureRow[]>();
  for (const r of rows) {
    const list = out.get(r.compound_id!) ?? [];
    list.push(toMeasureRow(r));
    out.set(r.compound_id!, list);
  }
  return out;
}

/**
 * The states of cases another module filed and links to (组团帮扶's problems), for whoever that module lets
 * read the link: the state and its label only, never the case's contents.
 */
export async function caseStates(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('cases').select(['id', 'state']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.state]));
}

export async function measuresByMonth(
  db: Executor,
  ctx: RequestContext,
  orgPath: string,
  from: string,
  to: string,
): Promise<Map<string, { cases: number; measures: Measure[] }>> {
  const paths = narrowTo(scopePaths(ctx.actor, 'case.read'), orgPath);
  const rows = await repo.measureRows(db, { ...readScope(ctx), paths }, from, to);
  const byMonth = new Map<string, CaseMeasureRow[]>();
  for (const r of rows) {
    const list = byMonth.get(r.month) ?? [];
    list.push(toMeasureRow(r));
    byMonth.set(r.month, list);
  }
  return new Map(
    [...byMonth].map(([m, list]) => [m, { cases: list.length, measures: computeMeasures(list) }]),
  );
}

export async function notifications(db: Executor, ctx: RequestContext) {
  const [rows, unread] = await Promise.all([
    repo.notificationsFor(db, ctx.actor.userId, scopePaths(ctx.actor, 'case.read')),
    repo.unreadNotices(db, ctx.actor.userId),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      caseId: r.case_id,
      policyPushId: r.policy_push_id,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
    total: rows.length,
    unread,
  };
}
