import {
  ATTENDANCE_STATUS,
  addCalendarMonths,
  MEETING_KINDS,
  MEETING_STATUS,
  type MeetingKind,
  type PeriodUnit,
  periodKey,
  periodLabel,
} from '@honglian/domain';
import { allowedActions, bindingAbove } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { checkUpload } from '../../platform/files.ts';
import { requestRecheck } from '../compliance/recheck.ts';
import { effectiveParams } from '../compliance/repository.ts';
import { memberOfUser } from '../members/service.ts';
import { getOrgRow } from '../orgs/service.ts';
import * as repo from './repository.ts';

/** Organizational life (三会一课, 主题党日, 组织生活会, 民主评议党员): plan, record, attendance, files. */

const kindLabel = (k: string) => MEETING_KINDS[k as MeetingKind] ?? k;

function toItem(row: repo.MeetingRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    orgName: row.org_name,
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    title: row.title,
    plannedOn: row.planned_on,
    heldOn: row.held_on,
    date: (row.held_on ?? row.planned_on)!,
    status: row.status,
    statusLabel: MEETING_STATUS[row.status],
    location: row.location,
    lecturer: row.lecturer,
    present: row.present,
    excused: row.excused,
    absent: row.absent,
  };
}

function monthRange(month: string): { from: string; until: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, until: `${next}-01` };
}

/** An org readable with orglife.read (404 outside the scope). */
async function orgFor(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  permission: 'orglife.read' | 'orglife.manage',
) {
  const org = await getOrgRow(db, ctx, orgId).catch(() => undefined);
  if (!org || !allowedActions(ctx.actor, ['orglife.read'], org.path).length)
    throw notFound('未找到该党组织，或您无权查看');
  if (permission === 'orglife.manage' && !allowedActions(ctx.actor, ['orglife.manage'], org.path).length)
    throw new AppError('forbidden');
  return org;
}

async function meetingFor(
  db: Executor,
  ctx: RequestContext,
  id: number,
  permission: 'orglife.read' | 'orglife.manage',
) {
  const row = await repo.findMeeting(db, id);
  if (!row || !allowedActions(ctx.actor, ['orglife.read'], row.org_path).length)
    throw notFound('未找到该会议，或您无权查看');
  if (permission === 'orglife.manage' && !allowedActions(ctx.actor, ['orglife.manage'], row.org_path).length)
    throw new AppError('forbidden');
  return row;
}

export async function listMeetings(
  db: Executor,
  ctx: RequestContext,
  query: { orgId: number; month?: string; kind?: string; status?: string },
) {
  await orgFor(db, ctx, query.orgId, 'orglife.read');
  const range = query.month ? monthRange(query.month) : {};
  const rows = await repo.listMeetings(db, query.orgId, {
    ...range,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return { items: rows.map(toItem), total: rows.length };
}

export async function getMeeting(db: Executor, ctx: RequestContext, id: number) {
  const row = await meetingFor(db, ctx, id, 'orglife.read');
  const [attendance, files, members] = await Promise.all([
    repo.attendance(db, id),
    repo.files(db, id),
    repo.orgMembers(db, row.org_id),
  ]);
  const manage = allowedActions(ctx.actor, ['orglife.manage'], row.org_path).length > 0;
  return {
    ...toItem(row),
    minutes: row.minutes,
    attendance: attendance.map((a) => ({
      memberId: a.member_id,
      name: a.name,
      status: a.status,
      statusLabel: ATTENDANCE_STATUS[a.status],
      note: a.note,
    })),
    files: files.map((f) => ({
      id: f.id,
      kind: f.kind,
      name: f.name,
      contentType: f.content_type,
      sizeBytes: f.size_bytes,
      createdAt: f.created_at,
    })),
    members: members.map((m) => ({ id: m.id, name: m.name })),
    actions: manage
      ? row.status === 'planned'
        ? ['record', 'cancel', 'upload']
        : row.status === 'held'
          ? ['record', 'upload']
          : []
      : [],
  };
}

export async function planMeeting(
  trx: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    kind: string;
    title: string;
    plannedOn: string;
    location?: string | undefined;
    lecturer?: string | undefined;
  },
) {
  const org = await orgFor(trx, ctx, input.orgId, 'orglife.manage');
  if (org.status !== 'active') throw new AppError('org.dissolved');
  const row = await trx
    .insertInto('meetings')
    .values({
      region_code: org.region_code,
      org_id: org.id,
      kind: input.kind,
      title: input.title,
      planned_on: input.plannedOn,
      location: input.location ?? null,
      lecturer: input.lecturer ?? null,
      created_by: ctx.actor.userId,
      updated_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, {
    action: 'orglife.plan',
    entityType: 'meeting',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: input,
  });
  return row.id;
}

type RecordInput = {
  heldOn: string;
  title?: string | undefined;
  location?: string | undefined;
  lecturer?: string | undefined;
  minutes?: string | undefined;
  attendance: Array<{ memberId: number; status: string; note?: string | undefined }>;
};

async function checkRecord(trx: Executor, orgId: number, input: RecordInput) {
  if (input.heldOn > clock.today())
    throw fieldError('heldOn', 'orglife.held_on', '召开日期不能晚于今天；尚未召开的会议请先登记为计划');
  const ids = new Set(input.attendance.map((a) => a.memberId));
  if (ids.size !== input.attendance.length)
    throw fieldError('attendance', 'orglife.attendance_member', '同一名党员的出勤情况只能登记一次');
  const members = new Set((await repo.orgMembers(trx, orgId)).map((m) => m.id));
  const stranger = input.attendance.findIndex((a) => !members.has(a.memberId));
  if (stranger >= 0)
    throw fieldError(
      `attendance.${stranger}.memberId`,
      'orglife.attendance_member',
      '只能登记本组织党员的出勤情况',
    );
}

export async function recordMeeting(trx: Executor, ctx: RequestContext, id: number, input: RecordInput) {
  const row = await meetingFor(trx, ctx, id, 'orglife.manage');
  if (row.status === 'cancelled')
    throw new AppError('orglife.state', { detail: '该会议已取消，不能登记为已召开' });
  await checkRecord(trx, row.org_id, input);
  await trx
    .updateTable('meetings')
    .set({
      status: 'held',
      held_on: input.heldOn,
      ...(input.title ? { title: input.title } : {}),
      ...(input.location !== undefined ? { location: input.location } : {}),
      ...(input.lecturer !== undefined ? { lecturer: input.lecturer } : {}),
      ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
      updated_at: clock.now(),
    })
    .where('id', '=', id)
    .execute();
  await repo.replaceAttendance(trx, id, row.region_code, input.attendance);
  await audit(trx, ctx, {
    action: 'orglife.record',
    entityType: 'meeting',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    before: { status: row.status, heldOn: row.held_on },
    after: { status: 'held', heldOn: input.heldOn, attendance: input.attendance.length },
  });
  await requestRecheck(trx, [row.org_id]);
}

export async function recordNewMeeting(
  trx: Executor,
  ctx: RequestContext,
  input: RecordInput & { orgId: number; kind: string; title: string },
) {
  const id = await planMeeting(trx, ctx, {
    orgId: input.orgId,
    kind: input.kind,
    title: input.title,
    plannedOn: input.heldOn,
    location: input.location,
    lecturer: input.lecturer,
  });
  await recordMeeting(trx, ctx, id, input);
  return id;
}

export async function cancelMeeting(trx: Executor, ctx: RequestContext, id: number, reason: string) {
  const row = await meetingFor(trx, ctx, id, 'orglife.manage');
  if (row.status !== 'planned') throw new AppError('orglife.state', { detail: '只有计划中的会议可以取消' });
  await trx
    .updateTable('meetings')
    .set({ status: 'cancelled', updated_at: clock.now() })
    .where('id', '=', id)
    .execute();
  await audit(trx, ctx, {
    action: 'orglife.cancel',
    entityType: 'meeting',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    after: { status: 'cancelled', reason },
  });
  await requestRecheck(trx, [row.org_id]);
}

export { FILE_TYPES, MAX_FILE_BYTES } from '../../platform/files.ts';

export async function addFile(
  trx: Executor,
  ctx: RequestContext,
  id: number,
  file: { name: string; contentType: string; buffer: Buffer },
) {
  const row = await meetingFor(trx, ctx, id, 'orglife.manage');
  if (row.status === 'cancelled')
    throw new AppError('orglife.state', { detail: '该会议已取消，不能上传材料' });
  const kind = checkUpload(file, 'orglife.file');
  const inserted = await trx
    .insertInto('meeting_files')
    .values({
      region_code: row.region_code,
      meeting_id: id,
      kind,
      name: file.name.slice(0, 200),
      content_type: file.contentType,
      size_bytes: file.buffer.length,
      content: file.buffer,
      uploaded_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, {
    action: 'orglife.file',
    entityType: 'meeting',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    after: { fileId: inserted.id, name: file.name, size: file.buffer.length },
  });
  return inserted.id;
}

export async function getFile(db: Executor, ctx: RequestContext, id: number, fileId: number) {
  await meetingFor(db, ctx, id, 'orglife.read');
  const file = await db
    .selectFrom('meeting_files')
    .select(['name', 'content_type', 'content'])
    .where('id', '=', fileId)
    .where('meeting_id', '=', id)
    .executeTakeFirst();
  if (!file) throw notFound('未找到该文件');
  return file;
}

export async function listExemptions(db: Executor, ctx: RequestContext, orgId: number) {
  await orgFor(db, ctx, orgId, 'orglife.read');
  const rows = await repo.exemptions(db, orgId);
  const items = rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    kind: r.kind,
    kindLabel: r.kind === 'all' ? '全部组织生活' : kindLabel(r.kind),
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    reason: r.reason,
    approvedBy: r.approved_by,
    decidedById: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedByOrgId: r.decided_org_id,
    decidedByOrgName: r.decided_org_name,
    decidedAt: r.decided_at,
  }));
  return { items, total: items.length };
}

export async function addExemption(
  trx: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    kind: string;
    validFrom: string;
    validUntil?: string | undefined;
    reason: string;
    approvedBy: string;
  },
) {
  const org = await orgFor(trx, ctx, input.orgId, 'orglife.read');
  // Exempting an organization from its meetings (and so from the compliance checks on them) is the
  // superior's decision: orglife.manage over its parent. Its own staff cannot excuse themselves.
  const decider = bindingAbove(ctx.actor, 'orglife.manage', org.path);
  if (!decider) {
    const message = '免于开展组织生活须由上级党组织决定，本组织不能为自己登记';
    throw new AppError('forbidden', {
      detail: message,
      errors: [{ field: 'orgId', code: 'orglife.exemption_authority', message }],
    });
  }
  if (input.validUntil && input.validUntil < input.validFrom)
    throw fieldError('validUntil', 'validation.date_order', '截止日期不能早于开始日期');
  const decidedAt = clock.now();
  const row = await trx
    .insertInto('orglife_exemptions')
    .values({
      region_code: org.region_code,
      org_id: org.id,
      kind: input.kind,
      valid_from: input.validFrom,
      valid_until: input.validUntil ?? null,
      reason: input.reason,
      approved_by: input.approvedBy,
      created_by: ctx.actor.userId,
      created_at: decidedAt,
      decided_by: ctx.actor.userId,
      decided_org_id: decider.orgId,
      decided_at: decidedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, {
    action: 'orglife.exemption',
    entityType: 'orglife_exemption',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input, decidedByOrgId: decider.orgId, decidedByOrgName: decider.orgName },
  });
  await requestRecheck(trx, [org.id]);
  return row.id;
}

function periodOf(month: string, unit: PeriodUnit): { start: string; end: string } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const startMonth = unit === 'year' ? 1 : unit === 'quarter' ? Math.floor((m - 1) / 3) * 3 + 1 : m;
  const length = unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1;
  const endIndex = y * 12 + startMonth - 1 + length;
  return {
    start: `${y}-${String(startMonth).padStart(2, '0')}-01`,
    end: `${Math.floor(endIndex / 12)}-${String((endIndex % 12) + 1).padStart(2, '0')}-01`,
  };
}

/** The calendar feed of one org and month: meetings, the region's fixed theme day, and what is due. */
export async function calendarFeed(db: Executor, ctx: RequestContext, orgId: number, month: string) {
  const org = await orgFor(db, ctx, orgId, 'orglife.read');
  const range = monthRange(month);
  const [rows, theme, o6, o7] = await Promise.all([
    repo.listMeetings(db, orgId, range),
    repo.themeDay(db, org.region_code),
    effectiveParams(db, 'O6', org.region_code),
    effectiveParams(db, 'O7', org.region_code),
  ]);
  const kinds: Array<{ kind: string; unit: PeriodUnit }> = [];
  for (const params of [o6, o7]) {
    for (const kind of Object.keys(MEETING_KINDS)) {
      const unit = params[kind];
      if (unit === 'month' || unit === 'quarter' || unit === 'year') kinds.push({ kind, unit });
    }
  }
  const periods = kinds.map((k) => ({ kind: k.kind, unit: k.unit, ...periodOf(month, k.unit) }));
  const state = await repo.periodState(db, orgId, periods);
  return {
    orgId,
    month,
    themeDay: theme?.theme_day_of_month ?? null,
    themeDayNote: theme?.note ?? null,
    events: rows.map(toItem).reverse(),
    requirements: periods.map((p) => {
      const s = state.find((x) => x.kind === p.kind && x.start === p.start);
      return {
        kind: p.kind,
        kindLabel: kindLabel(p.kind),
        period: periodKey(p.start, p.unit),
        periodLabel: periodLabel(p.start, p.unit),
        held: s?.held ?? false,
        exempt: s?.exempt ?? false,
      };
    }),
  };
}

function toMine(row: repo.MyMeetingRow) {
  return {
    id: row.id,
    orgName: row.org_name,
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    title: row.title,
    date: (row.held_on ?? row.planned_on)!,
    location: row.location,
    lecturer: row.lecturer,
    myStatus: row.my_status,
    myStatusLabel: row.my_status ? ATTENDANCE_STATUS[row.my_status] : '未登记',
  };
}

/**
 * 我的组织生活 (issue 10): the coming meetings of the caller's own organization, the held ones of the
 * last 12 months with the caller's own attendance (出席 / 请假 / 缺席, or 未登记), and the ones missed
 * (缺席) this year. Only the caller's own member record: an account without one answers 404.
 */
export async function myMeetings(db: Executor, ctx: RequestContext, today = clock.today()) {
  const member = await memberOfUser(db, ctx.actor.userId);
  if (!member) throw notFound('您的账号尚未关联党员档案，请联系所在党支部');
  const year = today.slice(0, 4);
  const { upcoming, past } = await repo.myMeetings(db, {
    memberId: member.id,
    orgId: member.orgId,
    today,
    since: addCalendarMonths(today, -12),
  });
  const thisYear = past.filter((m) => m.held_on! >= `${year}-01-01`);
  const missed = thisYear.filter((m) => m.my_status === 'absent');
  return {
    year: Number(year),
    upcoming: upcoming.map(toMine),
    past: past.map(toMine),
    missed: missed.map(toMine),
    thisYear: {
      held: thisYear.length,
      present: thisYear.filter((m) => m.my_status === 'present').length,
      excused: thisYear.filter((m) => m.my_status === 'excused').length,
      absent: missed.length,
    },
  };
}
