import {
  CASE_ACTIONS,
  CASE_CHANNELS,
  CASE_STATE_CODES,
  CASE_TIERS,
  RATING_CHANGE_MINUTES,
  RATINGS,
} from '@honglian/domain';
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
  /** The compound (小区) the case concerns, in the area (红色物业). */
  compoundId: id.optional(),
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
  channel: z.enum(Object.keys(CASE_CHANNELS) as [string, ...string[]], '渠道无效').optional(),
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
  /** the handling department as the public sees it (the lead org's unit), not its Party branch */
  handlingUnitName: z.string().nullable(),
  /** the compound (小区) the case concerns (红色物业) */
  compoundName: z.string().nullable().optional(),
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
  provisional: z.boolean().describe('时限跨越尚未公布节假日安排的年份（按周末计算），为暂定结果'),
});

export const CaseDetail = CaseItem.extend({
  description: z.string(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  attributes: z.record(z.string(), z.unknown()).nullable(),
  anonymous: z.boolean(),
  /** masked (139****5678); the case's handler reveals it with POST /cases/{id}/contact/reveal */
  reporterPhone: z.string().nullable(),
  contactRevealable: z.boolean(),
  /** minutes a rating stays changeable before it takes effect (the category's; 0 = at once) */
  ratingChangeMinutes: z.number(),
  /** a rating given and not yet in effect (it takes effect at effectiveAt; its author may change it until then) */
  pendingRating: z
    .object({
      rating: z.string(),
      ratingLabel: z.string(),
      comment: z.string().nullable(),
      ratedAt: Timestamp,
      effectiveAt: Timestamp,
      /** the caller may change it now */
      changeable: z.boolean(),
    })
    .nullable(),
  firstContactedAt: NullableTimestamp,
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
      kind: z.enum(['photo', 'file']),
      /** filed with the case, or evidence of its handling (办理凭证) */
      stage: z.enum(['report', 'evidence']),
      /** part of its step (filed, or a reply's evidence); false: uploaded, not yet replied with */
      attached: z.boolean(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number(),
      url: z.string(),
    }),
  ),
  clocks: z.array(ClockSchema),
  actions: z.array(z.object({ action: z.string(), label: z.string(), requires: z.array(z.string()) })),
  /** the handling unit the category's routing names for this area, offered first when dispatching */
  suggestedLeadOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
  pointsAwarded: z.number(),
  /** a problem found on a 挂钩走访 and filed from it (channel visit): the visit it came from */
  visitProblem: z
    .object({
      problemId: z.number(),
      visitId: z.number(),
      seq: z.number(),
      unitId: z.number(),
      unitName: z.string(),
      visitedOn: z.string(),
      visitorName: z.string(),
    })
    .nullable(),
});

export const EvidenceItem = z.object({
  id: z.number(),
  kind: z.enum(['photo', 'file']),
  stage: z.literal('evidence'),
  attached: z.literal(false),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  url: z.string(),
});

export const RevealedContact = z.object({
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
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

/** Open311 attribute datatypes (GeoReport v2 service definition). */
export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;

const intIn = (label: string, min: number, max: number, unit: string) =>
  z
    .number(`${label}应为数字`)
    .int(`${label}应为整数`)
    .min(min, `${label}应在 ${min} 到 ${max} ${unit}之间`)
    .max(max, `${label}应在 ${min} 到 ${max} ${unit}之间`);

/** One question asked when filing (an Open311 attribute). */
export const CategoryAttributeInput = z.object({
  code: z
    .string('问题代码不能为空')
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, '问题代码应以字母开头，只含字母、数字和下划线，不超过 50 位'),
  description: text(100, '问题'),
  required: z.boolean('是否必填只能是是或否').default(false),
  datatype: z.enum(ATTRIBUTE_DATATYPES, '答案类型只能是文字、长文字、数字、日期时间、单选或多选'),
  values: z
    .array(z.object({ key: text(50, '选项代码'), name: text(50, '选项名称') }))
    .max(50, '选项最多 50 个')
    .optional(),
});

const CategoryAttributes = z
  .array(CategoryAttributeInput)
  .max(20, '登记时询问的问题最多 20 个')
  .superRefine((list, ctx) => {
    const codes = new Set<string>();
    list.forEach((a, i) => {
      if (codes.has(a.code.toUpperCase()))
        ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `问题代码 ${a.code} 重复` });
      codes.add(a.code.toUpperCase());
      const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
      if (isList && !a.values?.length)
        ctx.addIssue({ code: 'custom', path: [i, 'values'], message: '单选或多选题至少要有一个选项' });
      if (!isList && a.values?.length)
        ctx.addIssue({ code: 'custom', path: [i, 'values'], message: '只有单选或多选题可以设置选项' });
      const keys = new Set<string>();
      a.values?.forEach((v, j) => {
        if (keys.has(v.key))
          ctx.addIssue({ code: 'custom', path: [i, 'values', j, 'key'], message: `选项代码 ${v.key} 重复` });
        keys.add(v.key);
      });
    });
  });

const CategoryFields = z.object({
  name: text(50, '分类名称'),
  groupName: text(30, '类别'),
  description: z.string().trim().max(500, '说明不能超过 500 个字').nullable().optional(),
  keywords: z.string().trim().max(200, '关键词不能超过 200 个字').nullable().optional(),
  tier: z.enum(['small', 'major', 'hard'], '分级只能是小事、大事或难事'),
  signHours: intIn('签收时限', 1, 200, '个工作小时'),
  contactHours: intIn('首次联系时限', 1, 200, '个工作小时'),
  completeDays: intIn('办结时限', 1, 60, '个工作日'),
  points: intIn('积分', 0, 1000, '分'),
  escalateAfterRedos: intIn('提级督办的重办次数', 1, 10, '次'),
  escalateAfterReturns: intIn('提级督办的退单次数', 1, 10, '次'),
  /** minutes a rating stays changeable before it takes effect (0 = at once) */
  ratingChangeMinutes: intIn('评价可修改时限', 0, 1440, '分钟'),
  attributes: CategoryAttributes,
});

export const CreateCategoryBody = CategoryFields.extend({
  code: z
    .string('分类代码不能为空')
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,19}$/, '分类代码应为 2–20 位大写字母、数字或下划线，以字母开头'),
  attributes: CategoryAttributes.default([]),
  ratingChangeMinutes: CategoryFields.shape.ratingChangeMinutes.default(RATING_CHANGE_MINUTES),
  /** The org the category belongs to (applies in its subtree); omitted: shared by every region. */
  ownerOrgId: id.optional(),
});

export const UpdateCategoryBody = CategoryFields.partial().extend({
  active: z.boolean('是否启用只能是是或否').optional(),
});

export const CategoryRouteBody = z.object({
  areaOrgId: id,
  handlerOrgId: id,
  autoDispatch: z.boolean('是否自动派单只能是是或否').default(true),
});

export const CategoryRouteParams = z.object({ id, areaOrgId: id });

export const ListCategoriesQuery = z.object({
  includeInactive: z.enum(['true', 'false'], 'includeInactive 只能是 true 或 false').optional(),
});

export const CategoryItem = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  groupName: z.string(),
  description: z.string().nullable(),
  keywords: z.string().nullable(),
  active: z.boolean(),
  ownerOrgId: z.number().nullable(),
  ownerOrgName: z.string().nullable(),
  /** what the caller may do with the category itself: 'update' */
  actions: z.array(z.string()),
  tier: z.string(),
  tierLabel: z.string(),
  signHours: z.number(),
  contactHours: z.number(),
  completeDays: z.number(),
  points: z.number(),
  escalateAfterRedos: z.number(),
  escalateAfterReturns: z.number(),
  ratingChangeMinutes: z.number(),
  attributes: z.array(z.unknown()),
  routes: z.array(
    z.object({
      areaOrgId: z.number(),
      areaOrgName: z.string(),
      handlerOrgId: z.number(),
      handlerOrgName: z.string(),
      autoDispatch: z.boolean(),
      /** the caller may change or remove this rule (its area lies in their case.configure scope) */
      editable: z.boolean(),
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
  orgId: id.optional(),
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
  /** a policy push told alone (kind policy_push); a digest (policy_digest) names none */
  policyPushId: z.number().nullable(),
  createdAt: Timestamp,
  readAt: NullableTimestamp,
});

export const NotificationList = z.object({
  items: z.array(NotificationItem),
  total: z.number(),
  /** the caller's own notices not yet read (我的 › 通知) */
  unread: z.number(),
});

export const ChannelEnum = z.enum(Object.keys(CASE_CHANNELS) as [string, ...string[]]);

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '联系电话格式不正确');

/** 企业服务日: a region's fixed reception day (蓬莱: the 8th of each month). */
export const ServiceDayBody = z.object({
  orgId: id,
  name: text(50, '名称'),
  dayOfMonth: intIn('接待日', 1, 28, '日'),
  categoryId: id,
  location: z.string().trim().max(200, '地点不能超过 200 个字').nullable().optional(),
  description: z.string().trim().max(500, '说明不能超过 500 个字').nullable().optional(),
});

export const UpdateServiceDayBody = ServiceDayBody.omit({ orgId: true })
  .partial()
  .extend({ active: z.boolean('是否启用只能是是或否').optional() });

export const ServiceDaySignupBody = z.object({
  company: text(100, '企业名称'),
  title: text(100, '诉求事项'),
  description: text(4000, '具体内容'),
  contactName: z.string().trim().max(50, '联系人不能超过 50 个字').optional(),
  contactPhone: phone.optional(),
});

export const ServiceDayItem = z.object({
  id: z.number(),
  orgId: z.number(),
  orgName: z.string(),
  name: z.string(),
  dayOfMonth: z.number(),
  /** the next session (YYYY-MM-DD), moved to the next working day when it falls on a holiday */
  nextDate: z.string(),
  nextDateProvisional: z.boolean().describe('该日所在年份的节假日安排尚未公布（只按周末顺延），日期为暂定'),
  categoryId: z.number(),
  categoryName: z.string(),
  location: z.string().nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
  /** sign-ups for the next session (staff who read the org's cases; 0 for others) */
  signups: z.number(),
  /** 'update' (case.configure on the org), 'signup' (the day is for the caller's organization) */
  actions: z.array(z.string()),
});

export const ServiceDaySignupAnswer = z.object({
  caseId: z.number(),
  sessionDate: z.string(),
  title: z.string(),
});
