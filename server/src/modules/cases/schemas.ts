import { CASE_ACTIONS, CASE_CHANNELS, CASE_STATE_CODES, CASE_TIERS, RATINGS } from '@honglian/domain';
import { z } from 'zod';
import { DateString, NullableTimestamp, Timestamp, text } from '../../platform/schemas.ts';

const id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);
const lat = z.coerce.number().min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间');
const long = z.coerce.number().min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间');

export const MAX_PHOTO_BYTES = 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export const PhotoInput = z.object({
  fileName: text(200, '文件名'),
  contentType: z.enum(PHOTO_TYPES, '照片只能是 JPEG、PNG 或 WebP'),
  dataBase64: z
    .string()
    .min(4, '照片内容不能为空')
    .max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4, '照片不能超过 1 MB')
    .regex(/^[A-Za-z0-9+/]+=*$/, '照片内容应为 base64 编码'),
});

export const CreateCaseBody = z.object({
  categoryId: id,
  title: text(100, '标题'),
  description: text(4000, '诉求内容'),
  channel: z.enum(['console', 'mobile', 'grid', 'meeting', 'api'], '渠道无效').default('mobile'),
  /** The area; defaults to the reporter's own organization. */
  orgId: id.optional(),
  lat: lat.optional(),
  long: long.optional(),
  address: z.string().trim().max(300, '地址不能超过 300 个字').optional(),
  anonymous: z.boolean().default(false),
  reporterName: z.string().trim().max(50, '姓名不能超过 50 个字').optional(),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '联系电话格式不正确')
    .optional(),
  attributes: z.record(z.string().max(50), z.string().max(500)).optional(),
  photos: z.array(PhotoInput).max(3, '最多上传 3 张照片').default([]),
});

export const ListCasesQuery = z.object({
  q: z.string().trim().max(100, '关键词不能超过 100 个字').optional(),
  state: z.enum([...CASE_STATE_CODES, 'open'] as unknown as [string, ...string[]], '状态无效').optional(),
  category: id.optional(),
  orgId: id.optional(),
  tier: z.enum(Object.keys(CASE_TIERS) as [string, ...string[]], '分级无效').optional(),
  overdue: z.enum(['true', 'false'], 'overdue 只能是 true 或 false').optional(),
  rating: z.enum(Object.keys(RATINGS) as [string, ...string[]], '评价无效').optional(),
  mine: z.enum(['reported', 'todo'], 'mine 只能是 reported 或 todo').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const SimilarQuery = z.object({
  category: id.optional(),
  lat: lat.optional(),
  long: long.optional(),
  text: z.string().trim().max(500, '文字不能超过 500 个字').optional(),
});

export const TransitionBody = z.object({
  action: z.enum(CASE_ACTIONS as [string, ...string[]], '办理动作无效'),
  comment: z.string().trim().max(2000, '说明不能超过 2000 个字').optional(),
  reply: z.string().trim().max(4000, '答复内容不能超过 4000 个字').optional(),
  evidence: z.string().trim().max(2000, '办理凭证说明不能超过 2000 个字').optional(),
  leadOrgId: id.optional(),
  coOrgIds: z.array(id).max(10, '协办单位最多 10 个').optional(),
  days: z.coerce.number().int().min(1, '延期至少 1 个工作日').max(60, '延期不能超过 60 个工作日').optional(),
  rating: z
    .enum(Object.keys(RATINGS) as [string, ...string[]], '评价只能是满意、基本满意或不满意')
    .optional(),
  duplicateOf: id.optional(),
  photos: z.array(PhotoInput).max(3, '最多上传 3 张照片').default([]),
});

export const CaseItem = z.object({
  id: z.number(),
  title: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  tier: z.string(),
  tierLabel: z.string(),
  channel: z.string(),
  channelLabel: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  leadOrgId: z.number().nullable(),
  leadOrgName: z.string().nullable(),
  supervisionLevel: z.number(),
  supervisionLabel: z.string(),
  escalated: z.boolean(),
  redoCount: z.number(),
  returnCount: z.number(),
  rating: z.string().nullable(),
  overdue: z.boolean(),
  completionDueAt: NullableTimestamp,
  createdAt: Timestamp,
  closedAt: NullableTimestamp,
  reporterName: z.string().nullable(),
  address: z.string().nullable(),
});

const ClockSchema = z.object({
  key: z.string(),
  label: z.string(),
  startedAt: NullableTimestamp,
  dueAt: NullableTimestamp,
  stoppedAt: NullableTimestamp,
  status: z.string(),
  breached: z.boolean(),
});

export const CaseDetail = CaseItem.extend({
  description: z.string(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  attributes: z.record(z.string(), z.unknown()).nullable(),
  anonymous: z.boolean(),
  reporterPhone: z.string().nullable(),
  duplicateOf: z.number().nullable(),
  closureReason: z.string().nullable(),
  publicReply: z.string().nullable(),
  pendingExtensionDays: z.number().nullable(),
  coUnits: z.array(z.object({ id: z.number(), name: z.string() })),
  isReporter: z.boolean(),
  events: z.array(
    z.object({
      id: z.number(),
      at: Timestamp,
      actorName: z.string(),
      action: z.string(),
      actionLabel: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      toStateLabel: z.string(),
      comment: z.string().nullable(),
      payload: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  attachments: z.array(
    z.object({
      id: z.number(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number(),
      url: z.string(),
    }),
  ),
  clocks: z.array(ClockSchema),
  actions: z.array(z.object({ action: z.string(), label: z.string(), requires: z.array(z.string()) })),
  pointsAwarded: z.number(),
});

export const SimilarItem = z.object({
  id: z.number(),
  title: z.string(),
  stateLabel: z.string(),
  categoryName: z.string(),
  distanceMeters: z.number().nullable(),
  similarity: z.number(),
  createdAt: Timestamp,
});

export const CategoryItem = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  groupName: z.string(),
  description: z.string().nullable(),
  tier: z.string(),
  tierLabel: z.string(),
  signHours: z.number(),
  contactHours: z.number(),
  completeDays: z.number(),
  points: z.number(),
  escalateAfterRedos: z.number(),
  escalateAfterReturns: z.number(),
  attributes: z.array(z.unknown()),
  routes: z.array(
    z.object({
      areaOrgId: z.number(),
      areaOrgName: z.string(),
      handlerOrgId: z.number(),
      handlerOrgName: z.string(),
      autoDispatch: z.boolean(),
    }),
  ),
});

export const PointsAnswer = z.object({
  balance: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      caseId: z.number().nullable(),
      caseTitle: z.string().nullable(),
      points: z.number(),
      reason: z.string(),
      createdAt: Timestamp,
    }),
  ),
});

export const MeasuresQuery = z.object({
  by: z.enum(['unit', 'category', 'month'], 'by 只能是 unit、category 或 month').default('category'),
  from: DateString.optional(),
  to: DateString.optional(),
});

const MeasureSchema = z.object({
  key: z.string(),
  label: z.string(),
  numerator: z.number(),
  denominator: z.number(),
  value: z.number().nullable(),
  definition: z.string(),
});

export const MeasuresAnswer = z.object({
  total: z.array(MeasureSchema),
  groups: z.array(
    z.object({ key: z.string(), name: z.string(), cases: z.number(), measures: z.array(MeasureSchema) }),
  ),
});

export const NotificationItem = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  caseId: z.number().nullable(),
  createdAt: Timestamp,
});

export const ChannelEnum = z.enum(Object.keys(CASE_CHANNELS) as [string, ...string[]]);
