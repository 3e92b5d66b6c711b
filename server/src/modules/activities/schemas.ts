import { z } from 'zod';
import {
  DateString,
  NullableTimestamp,
  Pagination,
  QueryId,
  Timestamp,
  text,
} from '../../platform/schemas.ts';

const Id = z
  .number('应为数字')
  .int('应为整数')
  .positive('应为正整数')
  .max(2 ** 53 - 1);
const PathId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);

const Lat = z.number('纬度应为数字').min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间');
const Long = z
  .number('经度应为数字')
  .min(-180, '经度应在 -180 到 180 之间')
  .max(180, '经度应在 -180 到 180 之间');
const Instant = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label}应为带时区的时间，如 2026-12-05T09:00:00+08:00` });

export const ActivityKind = z.enum(
  ['volunteer', 'theme_day', 'study', 'visit', 'council'],
  '活动类型应为 志愿服务(volunteer)、主题党日(theme_day)、学习(study)、慰问(visit)、议事(council) 之一',
);
export const Audience = z.enum(
  ['members', 'residents', 'riders'],
  '报名范围应为 本组织党员(members)、所有居民(residents)、骑手(riders) 之一',
);

const ParticipationStatus = z.enum(['signed_up', 'waitlisted', 'cancelled']);

export const Activity = z
  .object({
    id: z.number(),
    title: z.string(),
    kind: ActivityKind,
    kindLabel: z.string(),
    orgId: z.number(),
    orgName: z.string(),
    teamId: z.number().nullable(),
    teamName: z.string().nullable(),
    description: z.string(),
    place: z.string(),
    lat: z.number().nullable(),
    long: z.number().nullable(),
    startsAt: Timestamp,
    endsAt: Timestamp,
    capacity: z.number().int(),
    audience: Audience,
    audienceLabel: z.string(),
    status: z.enum(['published', 'cancelled']),
    signedUp: z.number().int(),
    waitlisted: z.number().int(),
    /** The branch's meeting in orglife this 主题党日 / 学习 counts as. */
    meetingId: z.number().nullable(),
    /** From the position given in the query, in metres. */
    distanceMetres: z.number().nullable(),
    /** The caller runs this activity (sees sign-ups, shows the QR code, approves hours). */
    manageable: z.boolean(),
    my: z
      .object({
        participationId: z.number(),
        status: ParticipationStatus,
        /** 报名成功 / 候补第N位 / 已取消 */
        label: z.string(),
        waitlistPosition: z.number().int().nullable(),
        checkedInAt: NullableTimestamp,
        checkedOutAt: NullableTimestamp,
        approvedMinutes: z.number().int().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'Activity' });

export const ActivityList = z.object({ items: z.array(Activity), total: z.number().int() });

export const ActivityListQuery = z.object({
  view: z.enum(['open', 'mine', 'manage'], 'view 只能是 open、mine 或 manage').default('open'),
  lat: z.coerce
    .number('纬度应为数字')
    .min(-90, '纬度应在 -90 到 90 之间')
    .max(90, '纬度应在 -90 到 90 之间')
    .optional(),
  long: z.coerce
    .number('经度应为数字')
    .min(-180, '经度应在 -180 到 180 之间')
    .max(180, '经度应在 -180 到 180 之间')
    .optional(),
  teamId: QueryId.optional(),
  page: Pagination.shape.page,
  pageSize: Pagination.shape.pageSize,
});

export const PublishBody = z.object({
  orgId: Id,
  teamId: Id.nullable().optional(),
  title: text(80, '活动名称'),
  kind: ActivityKind,
  description: z.string().trim().max(2000, '活动说明不能超过 2000 个字').optional(),
  place: text(200, '活动地点'),
  lat: Lat.nullable().optional(),
  long: Long.nullable().optional(),
  startsAt: Instant('开始时间'),
  endsAt: Instant('结束时间'),
  capacity: z
    .number('人数上限应为数字')
    .int('人数上限应为整数')
    .min(1, '人数上限至少为 1')
    .max(10_000, '人数上限不能超过 10000'),
  audience: Audience,
});

export const CancelBody = z.object({ reason: text(200, '取消原因') });

export const SignUpStatus = z
  .object({
    status: z.enum(['none', 'signed_up', 'waitlisted', 'cancelled']),
    label: z.string(),
    waitlistPosition: z.number().int().nullable(),
  })
  .meta({ id: 'ActivitySignUpStatus' });

export const CheckInCode = z.object({
  /** The QR code's token (signed, short-lived). */
  token: z.string(),
  /** The phone page the QR code encodes. */
  url: z.string(),
  expiresAt: Timestamp,
});

export const CheckInBody = z.object({
  token: z.string('请扫描签到二维码').trim().min(1, '请扫描签到二维码').max(200, '签到码无效'),
  position: z.object({ lat: Lat, long: Long }).nullable().optional(),
});

export const ParticipantParams = z.object({ id: PathId, participantId: PathId });

export const Participants = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      userId: z.number(),
      name: z.string(),
      status: ParticipationStatus,
      label: z.string(),
      waitlistPosition: z.number().int().nullable(),
      checkedInAt: NullableTimestamp,
      checkinMethod: z.enum(['qr', 'organizer']).nullable(),
      checkedOutAt: NullableTimestamp,
      /** From check-in and check-out, clipped to the activity and rounded down to the region's unit. */
      computedMinutes: z.number().int().nullable(),
      approvedMinutes: z.number().int().nullable(),
      adjustReason: z.string().nullable(),
      approvedAt: NullableTimestamp,
      points: z.number().int().nullable(),
    }),
  ),
  total: z.number().int(),
  rule: z.object({ pointsPerHour: z.number().int(), unitMinutes: z.number().int() }),
});

export const AttendanceBody = z.object({
  checkedInAt: Instant('签到时间').optional(),
  checkedOutAt: Instant('签退时间').nullable().optional(),
});

export const ApprovalBody = z.object({
  minutes: z
    .number('核定时长应为数字')
    .int('核定时长应为整数分钟')
    .min(0, '核定时长不能为负数')
    .max(1440, '核定时长不能超过 1440 分钟')
    .optional(),
  reason: z.string().trim().max(200, '调整原因不能超过 200 个字').optional(),
});

export const Approval = z.object({ minutes: z.number().int(), points: z.number().int() });

export const ServiceRecord = z
  .object({
    year: z.number().int(),
    // every honour of the person (not only the year's): 评选表彰
    honours: z.array(
      z.object({ id: z.number(), title: z.string(), orgName: z.string(), awardedOn: z.string() }),
    ),
    minutes: z.number().int(),
    hours: z.number(),
    activities: z.number().int(),
    points: z.number().int(),
    items: z.array(
      z.object({
        participationId: z.number(),
        activityId: z.number(),
        title: z.string(),
        kind: ActivityKind,
        kindLabel: z.string(),
        orgName: z.string(),
        teamName: z.string().nullable(),
        place: z.string(),
        startsAt: Timestamp,
        minutes: z.number().int(),
        points: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ServiceRecord' });

export const YearQuery = z.object({
  year: z.coerce
    .number('年份应为数字')
    .int('年份应为整数')
    .min(2000, '年份应在 2000–2100 之间')
    .max(2100, '年份应在 2000–2100 之间')
    .optional(),
});

export const Created = z.object({ id: z.number() });

export const TeamKindSchema = z.enum(
  ['party_members', 'riders', 'grid'],
  '服务队类型应为 党员服务队(party_members)、红色骑手(riders)、网格志愿服务队(grid) 之一',
);

const TeamItem = z.object({
  id: z.number(),
  name: z.string(),
  kind: TeamKindSchema,
  kindLabel: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  /** The alliance whose office runs the team (decision 0019, addendum), or null. */
  allianceId: z.number().nullable(),
  description: z.string(),
  members: z.number().int(),
  activities: z.number().int(),
  /** Approved service minutes in the team's activities. */
  minutes: z.number().int(),
  manageable: z.boolean(),
});

export const TeamList = z.object({ items: z.array(TeamItem), total: z.number().int() });

export const Team = TeamItem.extend({
  roster: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      role: z.enum(['leader', 'member']),
      roleLabel: z.string(),
      joinedOn: z.string(),
      minutes: z.number().int(),
    }),
  ),
  record: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      kind: ActivityKind,
      startsAt: Timestamp,
      status: z.enum(['published', 'cancelled']),
      attended: z.number().int(),
      minutes: z.number().int(),
    }),
  ),
}).meta({ id: 'VolunteerTeam' });

export const CreateTeamBody = z.object({
  /** The organization running the team; for an alliance's team, its office (may be left out). */
  orgId: Id.optional(),
  /** An alliance's team (红链服务队、突击队): run by the alliance's office, members from its member organizations. */
  allianceId: Id.optional(),
  name: text(60, '服务队名称'),
  kind: TeamKindSchema,
  description: z.string().trim().max(500, '服务队简介不能超过 500 个字').optional(),
});

export const TeamMemberBody = z.object({
  userId: Id,
  role: z.enum(['leader', 'member'], '角色应为 队长(leader) 或 队员(member)').default('member'),
});

export const TeamMemberParams = z.object({ id: PathId, userId: PathId });

/** Taking a member off a team, or withdrawing a nominee: the reason is kept in the audit trail. */
export const ReasonBody = z.object({ reason: text(500, '理由') });

export const BuildingList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      orgId: z.number(),
      orgName: z.string(),
      headUserId: z.number().nullable(),
      /** 楼栋长 */
      headName: z.string(),
      headPhone: z.string(),
      /** Members currently reported to this building. */
      reported: z.number().int(),
    }),
  ),
  total: z.number().int(),
});

export const CreateBuildingBody = z.object({
  name: text(60, '楼栋名称'),
  headUserId: Id.nullable().optional(),
  headName: z.string().trim().max(30, '楼栋长姓名不能超过 30 个字').optional(),
  headPhone: z
    .string()
    .trim()
    .regex(/^(1\d{10})?$/, '楼栋长手机号应为 11 位数字')
    .optional(),
});

export const CommunityOptions = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      grids: z.array(z.object({ id: z.number(), name: z.string() })),
      buildings: z.array(z.object({ id: z.number(), name: z.string(), gridId: z.number().nullable() })),
    }),
  ),
  total: z.number().int(),
});

export const CommunityOptionsQuery = z.object({
  q: z.string().trim().max(30, '搜索词不能超过 30 个字').optional(),
});

const ReportItem = z.object({
  id: z.number(),
  userId: z.number(),
  name: z.string(),
  branchOrgId: z.number(),
  branchName: z.string(),
  communityOrgId: z.number(),
  communityName: z.string(),
  gridName: z.string().nullable(),
  buildingName: z.string().nullable(),
  reportedOn: z.string(),
  /** Approved service minutes this year in the community's activities. */
  minutes: z.number().int(),
});

export const MyReport = z.object({ report: ReportItem.nullable() }).meta({ id: 'CommunityReport' });

export const ReportBody = z.object({
  communityOrgId: Id,
  gridOrgId: Id.nullable().optional(),
  buildingId: Id.nullable().optional(),
});

export const OrgReports = z.object({
  year: z.number().int(),
  reported: z.number().int(),
  served: z.number().int(),
  minutes: z.number().int(),
  items: z.array(ReportItem.extend({ side: z.enum(['community', 'branch']) })),
  total: z.number().int(),
});

// ---------- 评选表彰 ----------

const SelectionMethod = z.enum(['vote', 'review'], '评选方式应为 vote（公众投票）或 review（评审打分）');

export const SelectionBody = z.object({
  /** The organization opening the selection; for an alliance's selection, its office (may be left out). */
  orgId: z.number({ message: '请选择发起评选的党组织' }).int().positive().optional(),
  /** An alliance's selection (党员示范岗、红领工匠): opened by its office, nominees from its member organizations. */
  allianceId: z.number({ message: '请选择联盟' }).int().positive().optional(),
  title: text(80, '评选名称'),
  honour: text(40, '荣誉称号'),
  method: SelectionMethod,
  description: z.string().trim().max(2000, '评选说明不能超过 2000 个字').optional(),
  votingFrom: DateString,
  votingTo: DateString,
  quota: z
    .number({ message: '请填写表彰名额' })
    .int()
    .min(1, '表彰名额至少 1 名')
    .max(100, '表彰名额最多 100 名'),
  votesPerVoter: z.number().int().min(1, '每人至少可投 1 票').max(20, '每人最多可投 20 票').optional(),
  points: z.number().int().min(0, '奖励积分不能为负').max(10000, '奖励积分不能超过 10000').optional(),
});

export const NominateBody = z.object({
  userId: z.number({ message: '请选择被推荐人' }).int().positive(),
  deeds: text(2000, '主要事迹'),
});

export const NomineeParams = z.object({ id: PathId, nomineeId: PathId });

export const VoteBody = z.object({ nomineeId: z.number({ message: '请选择候选人' }).int().positive() });

export const ScoreBody = z.object({
  nomineeId: z.number({ message: '请选择候选人' }).int().positive(),
  score: z
    .number({ message: '请填写评分' })
    .int()
    .min(0, '评分为 0–100 的整数')
    .max(100, '评分为 0–100 的整数'),
});

export const DecideBody = z.object({
  honouredIds: z.array(z.number().int().positive()).max(100).optional(),
  note: z.string().trim().min(1, '请填写理由').max(500, '理由不能超过 500 个字').optional(),
});

const SelectionItem = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  allianceId: z.number().nullable(),
  title: z.string(),
  honour: z.string(),
  method: SelectionMethod,
  methodLabel: z.string(),
  description: z.string(),
  votingFrom: z.string(),
  votingTo: z.string(),
  quota: z.number(),
  votesPerVoter: z.number(),
  points: z.number(),
  phase: z.enum(['nominating', 'voting', 'counting', 'decided', 'cancelled']),
  phaseLabel: z.string(),
  nominees: z.number(),
  decisionNote: z.string().nullable(),
  canManage: z.boolean(),
});

export const SelectionList = z
  .object({ items: z.array(SelectionItem), total: z.number() })
  .meta({ id: 'SelectionList' });

export const Selection = SelectionItem.extend({
  myVotes: z.number(),
  tiedOpenPlaces: z.number(),
  nomineeList: z.array(
    z.object({
      id: z.number(),
      userId: z.number(),
      name: z.string(),
      deeds: z.string(),
      status: z.string(),
      votes: z.number(),
      judges: z.number(),
      result: z.number().nullable(),
      rank: z.number().nullable(),
      votedByMe: z.boolean(),
      myScore: z.number().nullable(),
      byRanking: z.enum(['chosen', 'tied', 'not_chosen']),
    }),
  ),
}).meta({ id: 'Selection' });

export const Decision = z.object({ honoured: z.number() });
