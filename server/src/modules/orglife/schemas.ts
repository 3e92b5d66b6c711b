import { ATTENDANCE_STATUS, MEETING_KIND_CODES, MEETING_STATUS } from '@honglian/domain';
import { z } from 'zod';
import { DateString, NullableTimestamp, text } from '../../platform/schemas.ts';

export const MeetingKind = z.enum(MEETING_KIND_CODES as [string, ...string[]], { message: '会议类型无效' });
const attendanceStatuses = Object.keys(ATTENDANCE_STATUS) as [keyof typeof ATTENDANCE_STATUS];
const meetingStatuses = Object.keys(MEETING_STATUS) as [keyof typeof MEETING_STATUS];
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const OrgIdField = z.coerce
  .number({ message: '请选择党组织' })
  .int()
  .positive()
  .max(2 ** 53 - 1);

export const ListMeetingsQuery = z.object({
  orgId: OrgIdField,
  month: Month.optional(),
  kind: MeetingKind.optional(),
  status: z.enum(meetingStatuses, { message: '会议状态无效' }).optional(),
});

export const CalendarQuery = z.object({ orgId: OrgIdField, month: Month });

export const MeetingItem = z
  .object({
    id: z.number(),
    orgId: z.number(),
    orgName: z.string(),
    kind: z.string(),
    kindLabel: z.string(),
    title: z.string(),
    plannedOn: z.string().nullable(),
    heldOn: z.string().nullable(),
    date: z.string(),
    status: z.enum(meetingStatuses),
    statusLabel: z.string(),
    location: z.string().nullable(),
    lecturer: z.string().nullable(),
    present: z.number(),
    excused: z.number(),
    absent: z.number(),
  })
  .meta({ id: 'MeetingItem' });

export const MeetingDetail = MeetingItem.extend({
  minutes: z.string().nullable(),
  attendance: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      status: z.enum(attendanceStatuses),
      statusLabel: z.string(),
      note: z.string().nullable(),
    }),
  ),
  files: z.array(
    z.object({
      id: z.number(),
      kind: z.enum(['photo', 'file']),
      name: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
      createdAt: NullableTimestamp,
    }),
  ),
  members: z.array(z.object({ id: z.number(), name: z.string() })),
  actions: z.array(z.string()),
}).meta({ id: 'MeetingDetail' });

export const PlanMeetingBody = z.object({
  orgId: z.number({ message: '请选择党组织' }).int().positive(),
  kind: MeetingKind,
  title: text(200, '会议主题'),
  plannedOn: DateString,
  location: z.string().trim().max(200, '地点不能超过 200 个字').optional(),
  lecturer: z.string().trim().max(50, '授课人不能超过 50 个字').optional(),
});

export const RecordMeetingBody = z.object({
  heldOn: DateString,
  title: text(200, '会议主题').optional(),
  location: z.string().trim().max(200, '地点不能超过 200 个字').optional(),
  lecturer: z.string().trim().max(50, '授课人不能超过 50 个字').optional(),
  minutes: z.string().trim().max(20_000, '会议记录不能超过 20000 个字').optional(),
  attendance: z
    .array(
      z.object({
        memberId: z.number({ message: '请选择党员' }).int().positive(),
        status: z.enum(attendanceStatuses, { message: '出勤情况应为出席、请假或缺席' }),
        note: z.string().trim().max(200, '备注不能超过 200 个字').optional(),
      }),
    )
    .max(2000, '一次最多登记 2000 名党员')
    .default([]),
});

/** Record a meeting that was not planned: plan and record at once. */
export const RecordNewMeetingBody = RecordMeetingBody.extend({
  orgId: z.number({ message: '请选择党组织' }).int().positive(),
  kind: MeetingKind,
  title: text(200, '会议主题'),
});

export const CancelMeetingBody = z.object({ reason: text(500, '取消原因') });

export const CalendarFeed = z
  .object({
    orgId: z.number(),
    month: z.string(),
    themeDay: z.number().nullable(),
    themeDayNote: z.string().nullable(),
    events: z.array(MeetingItem),
    requirements: z.array(
      z.object({
        kind: z.string(),
        kindLabel: z.string(),
        period: z.string(),
        periodLabel: z.string(),
        held: z.boolean(),
        exempt: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'OrglifeCalendar' });

export const ExemptionBody = z.object({
  orgId: z.number({ message: '请选择党组织' }).int().positive(),
  kind: z.union([MeetingKind, z.literal('all')], { message: '会议类型无效' }),
  validFrom: DateString,
  validUntil: DateString.optional(),
  reason: text(500, '免于开展的原因'),
  approvedBy: text(100, '批准单位或批准人'),
});

export const ExemptionItem = z.object({
  id: z.number(),
  orgId: z.number(),
  kind: z.string(),
  kindLabel: z.string(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  reason: z.string(),
  approvedBy: z.string(),
  /** The decision above the organization; null for exemptions recorded before it was required. */
  decidedById: z.number().nullable(),
  decidedByName: z.string().nullable(),
  decidedByOrgId: z.number().nullable(),
  decidedByOrgName: z.string().nullable(),
  decidedAt: NullableTimestamp,
});

export const ExemptionsQuery = z.object({ orgId: OrgIdField });
export const FileParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53 - 1),
  fileId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53 - 1),
});

const MyMeeting = z.object({
  id: z.number(),
  orgName: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  /** The day it is planned for (coming) or was held (past). */
  date: z.string(),
  location: z.string().nullable(),
  lecturer: z.string().nullable(),
  /** The caller's own attendance; null when none was recorded (and for coming meetings). */
  myStatus: z.enum(attendanceStatuses).nullable(),
  myStatusLabel: z.string(),
});

export const MyMeetingsAnswer = z
  .object({
    year: z.number().int(),
    upcoming: z.array(MyMeeting),
    /** Held in the last 12 months, newest first. */
    past: z.array(MyMeeting),
    /** Held this year with the caller absent (缺席). */
    missed: z.array(MyMeeting),
    thisYear: z.object({ held: z.number(), present: z.number(), excused: z.number(), absent: z.number() }),
  })
  .meta({ id: 'MyMeetings' });
