import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  ACTIVITY_AUDIENCES,
  ACTIVITY_KINDS,
  CHECKIN_TOKEN_SECONDS,
  checkInDecision,
  distanceMetres,
  hoursLabel,
  participationLabel,
  placeFor,
  pointsForMinutes,
  promote,
  serviceMinutes,
} from '@honglian/domain';
import { sql } from 'kysely';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { toShanghaiIso } from '../../platform/schemas.ts';
import * as orglife from '../orglife/service.ts';
import * as points from '../points/repository.ts';
import { honoursOf } from './honours.ts';
import * as repo from './repository.ts';

/**
 * 活动与服务时长 (issue 14 items 1–3, decision 0020). An organization publishes an activity; people its
 * audience admits sign up (beyond the capacity they wait, in order); they check in by the organizer's
 * QR code (time and place checked) or are marked present; the organizer approves their service time,
 * which grants points through the ledger (source `service_hours`, once per participation) at the
 * region's points-per-hour rule. A branch's 主题党日 / 学习 is linked to its meeting in orglife.
 */

const NOT_FOUND = '未找到该活动，或您无权查看';
/** Branch-level organizations: their 主题党日 and 学习 are their organizational life. */
const BRANCH_TYPES = new Set(['branch', 'joint_branch', 'temporary_branch', 'general_branch']);
const MEETING_KIND = { theme_day: 'theme_day', study: 'lecture' } as const;

type Activity = repo.ActivityRow;

async function facts(db: Executor, ctx: RequestContext) {
  return repo.joinerFacts(db, ctx.actor);
}

function item(
  a: Activity,
  ctx: RequestContext,
  mine: Awaited<ReturnType<typeof repo.participationsOf>>[number] | undefined,
  from?: { lat: number; long: number } | undefined,
) {
  return {
    id: a.id,
    title: a.title,
    kind: a.kind,
    kindLabel: ACTIVITY_KINDS[a.kind],
    orgId: a.org_id,
    orgName: a.org_name,
    teamId: a.team_id,
    teamName: a.team_name,
    description: a.description,
    place: a.place,
    lat: a.lat,
    long: a.long,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    capacity: a.capacity,
    audience: a.audience,
    audienceLabel: ACTIVITY_AUDIENCES[a.audience],
    status: a.status,
    signedUp: a.signed_up ?? 0,
    waitlisted: a.waitlisted ?? 0,
    meetingId: a.meeting_id,
    distanceMetres:
      from && a.lat !== null && a.long !== null
        ? Math.round(distanceMetres(from, { lat: a.lat, long: a.long }))
        : null,
    manageable: can(ctx.actor, 'activity.manage', a.org_path),
    my: mine
      ? {
          participationId: mine.id,
          status: mine.status,
          label: participationLabel(mine.status, mine.status === 'waitlisted' ? mine.position : null),
          waitlistPosition: mine.status === 'waitlisted' ? mine.position : null,
          checkedInAt: mine.checked_in_at,
          checkedOutAt: mine.checked_out_at,
          approvedMinutes: mine.approved_minutes,
        }
      : null,
  };
}

/**
 * `GET /activities`: `open` — upcoming activities the caller may join (nearest first when a position
 * is given); `mine` — the ones they signed up for; `manage` — the ones their organizations run.
 */
export async function listActivities(
  db: Executor,
  ctx: RequestContext,
  query: {
    view: 'open' | 'mine' | 'manage';
    lat?: number | undefined;
    long?: number | undefined;
    teamId?: number | undefined;
    page: number;
    pageSize: number;
  },
) {
  const f = await facts(db, ctx);
  const managed = scopePaths(ctx.actor, 'activity.manage');
  const from =
    query.lat !== undefined && query.long !== undefined ? { lat: query.lat, long: query.long } : undefined;
  let q = repo.activities(db);
  if (query.view === 'open') q = q.where(repo.mayJoin(f)).where('a.ends_at', '>=', clock.now());
  else if (query.view === 'mine')
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('activity_participations as mp')
          .select('mp.id')
          .whereRef('mp.activity_id', '=', 'a.id')
          .where('mp.user_id', '=', ctx.actor.userId),
      ),
    );
  else q = q.where(repo.managedIn(managed));
  if (query.teamId !== undefined) q = q.where('a.team_id', '=', query.teamId);
  const total = await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  // open: the nearest first when the phone gives its position (then the soonest), else the soonest;
  // mine and manage: the latest first
  if (query.view === 'open') q = (from ? q.orderBy(repo.nearestFirst(from)) : q).orderBy('a.starts_at');
  else q = q.orderBy('a.starts_at', 'desc');
  const rows = await q
    .orderBy('a.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const mine = await repo.participationsOf(
    db,
    ctx.actor.userId,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) =>
    item(
      r,
      ctx,
      mine.find((m) => m.activity_id === r.id),
      from,
    ),
  );
  return { items, total: total.n };
}

/** An activity the caller may see (may join, runs, or took part in), or 404. */
async function visibleActivity(db: Executor, ctx: RequestContext, id: number, lock = false) {
  const f = await facts(db, ctx);
  const managed = scopePaths(ctx.actor, 'activity.manage');
  const row = await repo
    .activities(db)
    .where('a.id', '=', id)
    .where(repo.visible(f, managed))
    .executeTakeFirst();
  if (!row) throw notFound(NOT_FOUND);
  if (lock) await db.selectFrom('activities').select('id').where('id', '=', id).forUpdate().execute();
  return { row, facts: f };
}

/** An activity the caller runs (activity.manage over its organization), or 404. */
async function managedActivity(db: Executor, ctx: RequestContext, id: number, lock = false) {
  if (!can(ctx.actor, 'activity.manage')) throw new AppError('forbidden');
  const row = await repo.activities(db).where('a.id', '=', id).executeTakeFirst();
  if (!row || !can(ctx.actor, 'activity.manage', row.org_path)) throw notFound(NOT_FOUND);
  if (lock) await db.selectFrom('activities').select('id').where('id', '=', id).forUpdate().execute();
  return row;
}

export async function getActivity(
  db: Executor,
  ctx: RequestContext,
  id: number,
  from?: { lat: number; long: number },
) {
  const { row } = await visibleActivity(db, ctx, id);
  const [mine] = await repo.participationsOf(db, ctx.actor.userId, [row.id]);
  return item(row, ctx, mine, from);
}

export async function publish(
  db: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    teamId?: number | null | undefined;
    title: string;
    kind: keyof typeof ACTIVITY_KINDS;
    description?: string | undefined;
    place: string;
    lat?: number | null | undefined;
    long?: number | null | undefined;
    startsAt: string;
    endsAt: string;
    capacity: number;
    audience: keyof typeof ACTIVITY_AUDIENCES;
  },
) {
  if (!can(ctx.actor, 'activity.manage')) throw new AppError('forbidden');
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'region_code', 'status', 'type'])
    .where('id', '=', input.orgId)
    .executeTakeFirst();
  if (!org || !can(ctx.actor, 'activity.manage', org.path))
    throw fieldError('orgId', 'org.not_found', '未找到该党组织，或它不在您的管理范围内');
  if (org.status !== 'active') throw fieldError('orgId', 'org.dissolved', '该党组织已撤销，不能再发布活动');
  const startsAt = new Date(Date.parse(input.startsAt));
  const endsAt = new Date(Date.parse(input.endsAt));
  if (endsAt.getTime() <= startsAt.getTime())
    throw fieldError('endsAt', 'activity.ends_before_start', '结束时间应晚于开始时间');
  if (endsAt.getTime() <= clock.now().getTime())
    throw fieldError('endsAt', 'activity.ended', '结束时间已过，不能发布已经结束的活动');
  if ((input.lat == null) !== (input.long == null))
    throw fieldError(input.lat == null ? 'lat' : 'long', 'activity.position', '经纬度应同时填写或同时留空');
  if (input.teamId != null) {
    const team = await db
      .selectFrom('volunteer_teams')
      .select(['id', 'org_path'])
      .where('id', '=', input.teamId)
      .executeTakeFirst();
    if (!team || !can(ctx.actor, 'activity.manage', team.org_path))
      throw fieldError('teamId', 'team.not_found', '未找到该志愿服务队，或它不在您的管理范围内');
  }
  // a branch's 主题党日 / 学习 is one of its meetings: planned in orglife, recorded when hours are approved
  let meetingId: number | null = null;
  const meetingKind = MEETING_KIND[input.kind as keyof typeof MEETING_KIND];
  if (meetingKind && BRANCH_TYPES.has(org.type) && can(ctx.actor, 'orglife.manage', org.path))
    meetingId = await orglife.planMeeting(db, ctx, {
      orgId: org.id,
      kind: meetingKind,
      title: input.title,
      plannedOn: toShanghaiIso(startsAt).slice(0, 10),
      location: input.place,
    });
  const now = clock.now();
  const row = await db
    .insertInto('activities')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      team_id: input.teamId ?? null,
      title: input.title,
      kind: input.kind,
      description: input.description ?? '',
      place: input.place,
      lat: input.lat ?? null,
      long: input.long ?? null,
      starts_at: startsAt,
      ends_at: endsAt,
      capacity: input.capacity,
      audience: input.audience,
      checkin_secret: randomBytes(24).toString('base64url'),
      meeting_id: meetingId,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'activity.publish',
    entityType: 'activity',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input, meetingId },
  });
  return row.id;
}

export async function cancelActivity(db: Executor, ctx: RequestContext, id: number, reason: string) {
  const a = await managedActivity(db, ctx, id, true);
  if (a.status !== 'published') throw new AppError('activity.state', { detail: '该活动已取消' });
  await db
    .updateTable('activities')
    .set({ status: 'cancelled', updated_at: clock.now() })
    .where('id', '=', id)
    .execute();
  if (a.meeting_id) {
    const meeting = await db
      .selectFrom('meetings')
      .select('status')
      .where('id', '=', a.meeting_id)
      .executeTakeFirst();
    if (meeting?.status === 'planned' && can(ctx.actor, 'orglife.manage', a.org_path))
      await orglife.cancelMeeting(db, ctx, a.meeting_id, reason);
  }
  await audit(db, ctx, {
    action: 'activity.cancel',
    entityType: 'activity',
    entityId: id,
    orgPath: a.org_path,
    regionCode: a.region_code,
    after: { status: 'cancelled', reason },
  });
}

async function myParticipation(db: Executor, activityId: number, userId: number) {
  const [p] = await repo.participationsOf(db, userId, [activityId]);
  return p;
}

function myStatus(p: Awaited<ReturnType<typeof myParticipation>>) {
  if (!p) return { status: 'none' as const, label: '未报名', waitlistPosition: null };
  const position = p.status === 'waitlisted' ? p.position : null;
  return { status: p.status, label: participationLabel(p.status, position), waitlistPosition: position };
}

/**
 * `POST /activities/{id}/sign-up`: under the activity's row lock, a place if one is free, else the end
 * of the waiting list — so simultaneous sign-ups never exceed the capacity. Signing up again is a no-op.
 */
export async function signUp(db: Executor, ctx: RequestContext, id: number) {
  const { row: a, facts: f } = await visibleActivity(db, ctx, id, true);
  const joinable = await repo
    .activities(db)
    .where('a.id', '=', id)
    .where(repo.mayJoin(f))
    .select('a.id as joinable')
    .executeTakeFirst();
  if (a.status !== 'published') throw new AppError('activity.state', { detail: '该活动已取消，不能报名' });
  if (!joinable)
    throw new AppError('activity.not_eligible', {
      detail: `该活动只面向${ACTIVITY_AUDIENCES[a.audience]}，您不在报名范围内`,
    });
  if (a.ends_at.getTime() <= clock.now().getTime())
    throw new AppError('activity.state', { detail: '该活动已经结束，不能报名' });
  const existing = await myParticipation(db, id, ctx.actor.userId);
  if (existing && existing.status !== 'cancelled') return myStatus(existing);
  const counted = await db
    .selectFrom('activity_participations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activity_id', '=', id)
    .where('status', '=', 'signed_up')
    .executeTakeFirstOrThrow();
  const status = placeFor(a.capacity, Number(counted.n));
  const now = clock.now();
  if (existing)
    await db
      .updateTable('activity_participations')
      .set({ status, queued_at: now, updated_at: now })
      .where('id', '=', existing.id)
      .execute();
  else
    await db
      .insertInto('activity_participations')
      .values({
        activity_id: id,
        user_id: ctx.actor.userId,
        region_code: a.region_code,
        status,
        queued_at: now,
        checkin_method: null,
        checkin_lat: null,
        checkin_long: null,
        approved_minutes: null,
        adjust_reason: null,
        approved_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  await audit(db, ctx, {
    action: 'activity.sign_up',
    entityType: 'activity',
    entityId: id,
    orgPath: a.org_path,
    regionCode: a.region_code,
    after: { userId: ctx.actor.userId, status },
  });
  return myStatus(await myParticipation(db, id, ctx.actor.userId));
}

/** Moves the first of the waiting list up into the places now free (under the activity's lock). */
async function fillPlaces(db: Executor, activityId: number, capacity: number) {
  const [counted, waiting] = await Promise.all([
    db
      .selectFrom('activity_participations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', '=', activityId)
      .where('status', '=', 'signed_up')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('activity_participations')
      .select(['id', 'queued_at'])
      .where('activity_id', '=', activityId)
      .where('status', '=', 'waitlisted')
      .orderBy('queued_at')
      .orderBy('id')
      .limit(capacity)
      .execute(),
  ]);
  const ids = promote(
    waiting.map((w) => ({ id: w.id, queuedAt: w.queued_at })),
    capacity,
    Number(counted.n),
  );
  if (ids.length > 0)
    await db
      .updateTable('activity_participations')
      .set({ status: 'signed_up', updated_at: clock.now() })
      .where('id', 'in', ids)
      .execute();
  return ids;
}

/** `DELETE /activities/{id}/sign-up`: cancels the caller's place; the waiting list moves up in order. */
export async function cancelSignUp(db: Executor, ctx: RequestContext, id: number) {
  const { row: a } = await visibleActivity(db, ctx, id, true);
  const p = await myParticipation(db, id, ctx.actor.userId);
  if (!p || p.status === 'cancelled')
    throw new AppError('activity.state', { detail: '您没有报名该活动，无需取消' });
  if (p.checked_in_at) throw new AppError('activity.state', { detail: '已经签到，不能取消报名' });
  await db
    .updateTable('activity_participations')
    .set({ status: 'cancelled', updated_at: clock.now() })
    .where('id', '=', p.id)
    .execute();
  const promoted = p.status === 'signed_up' ? await fillPlaces(db, id, a.capacity) : [];
  await audit(db, ctx, {
    action: 'activity.cancel_sign_up',
    entityType: 'activity',
    entityId: id,
    orgPath: a.org_path,
    regionCode: a.region_code,
    before: { status: p.status },
    after: { status: 'cancelled', promoted },
  });
  return myStatus(await myParticipation(db, id, ctx.actor.userId));
}

function sign(secret: string, payload: string) {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
}

/** The QR code's content for the organizer's screen: a short-lived token signed with the activity's key. */
export async function checkInCode(db: Executor, ctx: RequestContext, id: number) {
  const a = await managedActivity(db, ctx, id);
  const { checkin_secret } = await db
    .selectFrom('activities')
    .select('checkin_secret')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const expiresAt = new Date(clock.now().getTime() + CHECKIN_TOKEN_SECONDS * 1000);
  const payload = `${a.id}.${Math.floor(expiresAt.getTime() / 1000)}`;
  const token = `${payload}.${sign(checkin_secret, payload)}`;
  return { token, url: `/m/check-in?token=${encodeURIComponent(token)}`, expiresAt };
}

const badToken = () =>
  fieldError('token', 'activity.token_invalid', '签到码无效：请扫描组织者现场出示的签到二维码');

/** `POST /activity-check-ins`: the phone sends the scanned token and its position. */
export async function checkInByToken(
  db: Executor,
  ctx: RequestContext,
  input: { token: string; position?: { lat: number; long: number } | null | undefined },
) {
  const m = /^(\d{1,15})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(input.token);
  if (!m) throw badToken();
  const id = Number(m[1]);
  const row = await db
    .selectFrom('activities')
    .select(['id', 'checkin_secret'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw badToken();
  const expected = Buffer.from(sign(row.checkin_secret, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw badToken();
  const a = await repo.activities(db).where('a.id', '=', id).executeTakeFirstOrThrow();
  const p = await db
    .selectFrom('activity_participations')
    .selectAll()
    .where('activity_id', '=', id)
    .where('user_id', '=', ctx.actor.userId)
    .forUpdate()
    .executeTakeFirst();
  if (p?.status !== 'signed_up')
    throw fieldError(
      'token',
      'activity.not_signed_up',
      p?.status === 'waitlisted'
        ? '您还在候补名单中，有空位递补后才能签到'
        : `您没有报名「${a.title}」，请先报名再签到`,
    );
  if (a.status !== 'published') throw new AppError('activity.state', { detail: '该活动已取消' });
  if (!p.checked_in_at) {
    const decision = checkInDecision({
      now: clock.now(),
      tokenExpiresAt: new Date(Number(m[2]) * 1000),
      startsAt: a.starts_at,
      endsAt: a.ends_at,
      place: a.lat !== null && a.long !== null ? { lat: a.lat, long: a.long } : null,
      position: input.position ?? null,
    });
    if (!decision.ok) throw fieldError(decision.field, decision.code, decision.message);
    await db
      .updateTable('activity_participations')
      .set({
        checked_in_at: clock.now(),
        checkin_method: 'qr',
        checkin_lat: input.position?.lat ?? null,
        checkin_long: input.position?.long ?? null,
        updated_at: clock.now(),
      })
      .where('id', '=', p.id)
      .execute();
    await audit(db, ctx, {
      action: 'activity.check_in',
      entityType: 'activity',
      entityId: id,
      orgPath: a.org_path,
      regionCode: a.region_code,
      after: { participationId: p.id, method: 'qr' },
    });
  }
  return getActivity(db, ctx, id);
}

/** `POST /activities/{id}/check-out`: the participant leaves; the time counts toward their hours. */
export async function checkOut(db: Executor, ctx: RequestContext, id: number) {
  const { row: a } = await visibleActivity(db, ctx, id);
  const p = await db
    .selectFrom('activity_participations')
    .selectAll()
    .where('activity_id', '=', id)
    .where('user_id', '=', ctx.actor.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!p?.checked_in_at) throw new AppError('activity.state', { detail: '您还没有签到，不能签退' });
  if (p.checked_out_at) throw new AppError('activity.state', { detail: '您已经签退' });
  if (p.approved_minutes !== null)
    throw new AppError('activity.state', { detail: '服务时长已审核，不能再签退' });
  await db
    .updateTable('activity_participations')
    .set({ checked_out_at: clock.now(), updated_at: clock.now() })
    .where('id', '=', p.id)
    .execute();
  await audit(db, ctx, {
    action: 'activity.check_out',
    entityType: 'activity',
    entityId: id,
    orgPath: a.org_path,
    regionCode: a.region_code,
    after: { participationId: p.id },
  });
  return getActivity(db, ctx, id);
}

async function participantOf(db: Executor, activityId: number, participantId: number) {
  const p = await db
    .selectFrom('activity_participations')
    .selectAll()
    .where('id', '=', participantId)
    .where('activity_id', '=', activityId)
    .forUpdate()
    .executeTakeFirst();
  if (!p) throw notFound('未找到该报名记录');
  return p;
}

/** The organizer's list: places, the waiting list in order, attendance and hours. */
export async function listParticipants(db: Executor, ctx: RequestContext, id: number) {
  const a = await managedActivity(db, ctx, id);
  const rule = await repo.pointsRule(db, a.region_code);
  const rows = await repo.participants(db, id);
  const items = rows.map((p) => {
    const computed = p.checked_in_at
      ? serviceMinutes({
          checkedInAt: p.checked_in_at,
          checkedOutAt: p.checked_out_at,
          startsAt: a.starts_at,
          endsAt: a.ends_at,
          unitMinutes: rule.unitMinutes,
        })
      : null;
    return {
      id: p.id,
      userId: p.user_id,
      name: p.display_name,
      status: p.status,
      label: participationLabel(p.status, p.status === 'waitlisted' ? p.position : null),
      waitlistPosition: p.status === 'waitlisted' ? p.position : null,
      checkedInAt: p.checked_in_at,
      checkinMethod: p.checkin_method,
      checkedOutAt: p.checked_out_at,
      computedMinutes: computed,
      approvedMinutes: p.approved_minutes,
      adjustReason: p.adjust_reason,
      approvedAt: p.approved_at,
      points: p.points ?? null,
    };
  });
  return {
    items,
    total: items.length,
    rule: { pointsPerHour: rule.pointsPerHour, unitMinutes: rule.unitMinutes },
  };
}

/** The organizer marks someone present (the times default to the activity's), for those without a phone. */
export async function markAttendance(
  db: Executor,
  ctx: RequestContext,
  id: number,
  participantId: number,
  input: { checkedInAt?: string | undefined; checkedOutAt?: string | null | undefined },
) {
  const a = await managedActivity(db, ctx, id);
  const p = await participantOf(db, id, participantId);
  if (p.status !== 'signed_up')
    throw new AppError('activity.state', { detail: '只能为已报名（非候补、未取消）的人登记签到' });
  if (p.approved_minutes !== null) throw new AppError('activity.approved');
  const inAt = input.checkedInAt ? new Date(Date.parse(input.checkedInAt)) : a.starts_at;
  const outAt =
    input.checkedOutAt === null
      ? null
      : input.checkedOutAt
        ? new Date(Date.parse(input.checkedOutAt))
        : a.ends_at;
  if (inAt.getTime() > clock.now().getTime())
    throw fieldError('checkedInAt', 'activity.future', '签到时间不能晚于现在');
  if (outAt && outAt.getTime() < inAt.getTime())
    throw fieldError('checkedOutAt', 'activity.out_before_in', '签退时间不能早于签到时间');
  await db
    .updateTable('activity_participations')
    .set({
      checked_in_at: inAt,
      checkin_method: 'organizer',
      checked_out_at: outAt,
      updated_at: clock.now(),
    })
    .where('id', '=', p.id)
    .execute();
  await audit(db, ctx, {
    action: 'activity.mark_attendance',
    entityType: 'activity',
    entityId: id,
    orgPath: a.org_path,
    regionCode: a.region_code,
    before: { checkedInAt: p.checked_in_at, checkedOutAt: p.checked_out_at },
    after: { participationId: p.id, checkedInAt: inAt, checkedOutAt: outAt },
  });
}

/**
 * Approves a participant's service time (the computed minutes, or adjusted with a reason) and grants its
 * points from the ledger, once per participation. A branch's 主题党日 / 学习: the linked meeting is
 * recorded as held, with the branch's members who attended as present.
 */
export async function approveHours(
  db: Executor,
  ctx: RequestContext,
  id: number,
  participantId: number,
  input: { minutes?: number | undefined; reason?: string | undefined },
) {
  const a = await managedActivity(db, ctx, id);
  const p = await participantOf(db, id, participantId);
  if (!p.checked_in_at)
    throw new AppError('activity.state', { detail: '此人尚未签到：请先登记签到，再审核服务时长' });
  if (p.approved_minutes !== null) throw new AppError('activity.approved');
  const rule = await repo.pointsRule(db, a.region_code);
  const computed = serviceMinutes({
    checkedInAt: p.checked_in_at,
    checkedOutAt: p.checked_out_at,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    unitMinutes: rule.unitMinutes,
  });
  const minutes = input.minutes ?? computed;
  const reason = input.reason?.trim() || null;
  if (minutes !== computed && !reason)
    throw fieldError(
      'reason',
      'activity.adjust_reason',
      `核定时长（${minutes} 分钟）与签到签退计算的 ${computed} 分钟不同，请填写调整原因`,
    );
  const now = clock.now();
  await db
    .updateTable('activity_participations')
    .set({
      approved_minutes: minutes,
      adjust_reason: minutes !== computed ? reason : null,
      approved_by: ctx.actor.userId,
      approved_at: now,
      updated_at: now,
    })
    .where('id', '=', p.id)
    .execute();
  const earned = pointsForMinutes(minutes, rule.pointsPerHour);
  if (earned > 0) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', '=', p.user_id)
      .executeTakeFirstOrThrow();
    await points.grant(db, {
      user: { id: user.id, displayName: user.display_name },
      points: earned,
      regionCode: a.region_code,
      reason: `志愿服务「${a.title}」${hoursLabel(minutes)}`,
      sourceKind: 'service_hours',
      sourceId: p.id,
      at: now,
    });
  }
  await audit(db, ctx, {
    action: 'activity.approve_hours',
    entityType: 'activity',
    entityId: id,
    orgPath: a.org_path,
    regionCode: a.region_code,
    after: { participationId: p.id, minutes, computed, reason, points: earned },
  });
  if (a.meeting_id) await recordLinkedMeeting(db, ctx, a);
  return { minutes, points: earned };
}

/** The linked orglife meeting: held on the activity's day, the branch's members who attended present. */
async function recordLinkedMeeting(db: Executor, ctx: RequestContext, a: Activity) {
  const heldOn = toShanghaiIso(a.starts_at).slice(0, 10);
  if (heldOn > clock.today() || !can(ctx.actor, 'orglife.manage', a.org_path)) return;
  const meeting = await db
    .selectFrom('meetings')
    .select('status')
    .where('id', '=', a.meeting_id!)
    .executeTakeFirst();
  if (!meeting || meeting.status === 'cancelled') return;
  const present = await db
    .selectFrom('activity_participations as p')
    .innerJoin('members as m', 'm.user_id', 'p.user_id')
    .select('m.id')
    .where('p.activity_id', '=', a.id)
    .where('p.approved_minutes', 'is not', null)
    .where('m.org_id', '=', a.org_id)
    .orderBy('m.id')
    .execute();
  await orglife.recordMeeting(db, ctx, a.meeting_id!, {
    heldOn,
    attendance: present.map((m) => ({ memberId: m.id, status: 'present' })),
  });
}

function record(
  rows: Awaited<ReturnType<typeof repo.serviceRecord>>,
  year: number,
  honours: Awaited<ReturnType<typeof honoursOf>>,
) {
  const minutes = rows.reduce((s, r) => s + (r.approved_minutes ?? 0), 0);
  return {
    year,
    honours,
    minutes,
    hours: Math.round((minutes / 60) * 100) / 100,
    activities: rows.length,
    points: rows.reduce((s, r) => s + (r.points ?? 0), 0),
    items: rows.map((r) => ({
      participationId: r.id,
      activityId: r.activity_id,
      title: r.title,
      kind: r.kind,
      kindLabel: ACTIVITY_KINDS[r.kind],
      orgName: r.org_name,
      teamName: r.team_name,
      place: r.place,
      startsAt: r.starts_at,
      minutes: r.approved_minutes ?? 0,
      points: r.points ?? 0,
    })),
  };
}

const thisYear = () => Number(clock.today().slice(0, 4));

/** `GET /me/service`: the caller's approved service hours of a year (民主评议 material reads this). */
export async function myService(db: Executor, ctx: RequestContext, year = thisYear()) {
  const [rows, honours] = await Promise.all([
    repo.serviceRecord(db, ctx.actor.userId, year),
    honoursOf(db, ctx.actor.userId),
  ]);
  return record(rows, year, honours);
}

/** A member's service hours of a year, for the member's record in the console (member.read over them). */
export async function memberService(db: Executor, ctx: RequestContext, memberId: number, year = thisYear()) {
  const m = await db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.user_id', 'o.path'])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
  if (!m || !can(ctx.actor, 'member.read', m.path)) throw notFound('未找到该党员');
  if (m.user_id === null) return record([], year, []);
  const [rows, honours] = await Promise.all([
    repo.serviceRecord(db, m.user_id, year),
    honoursOf(db, m.user_id),
  ]);
  return record(rows, year, honours);
}
