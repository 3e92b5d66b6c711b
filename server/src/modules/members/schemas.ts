import { MEMBER_STAGE_LABELS, MEMBER_STATUS_LABELS } from '@honglian/domain';
import { z } from 'zod';
import { ImportPreviewBase } from '../../platform/imports.ts';
import { DateString, NullableTimestamp, Pagination, Timestamp, text } from '../../platform/schemas.ts';

const stages = Object.keys(MEMBER_STAGE_LABELS) as [
  keyof typeof MEMBER_STAGE_LABELS,
  ...(keyof typeof MEMBER_STAGE_LABELS)[],
];
const statuses = Object.keys(MEMBER_STATUS_LABELS) as [
  keyof typeof MEMBER_STATUS_LABELS,
  ...(keyof typeof MEMBER_STATUS_LABELS)[],
];
export const MemberStage = z.enum(stages, { message: '党员类别无效' });
export const MemberStatus = z.enum(statuses, { message: '党员状态无效' });
/** What this ledger registers directly; earlier stages come through the development workflow. */
export const RegisteredStage = z.enum(['probationary', 'full'], {
  message: '党员类别应为正式党员或预备党员',
});

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

const Phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号码应为以 1 开头的 11 位数字')
  .nullable()
  .optional()
  .or(z.literal('').transform(() => null));

export const ListMembersQuery = Pagination.extend({
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  orgId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53 - 1)
    .optional(),
  stage: MemberStage.optional(),
  status: MemberStatus.optional(),
});
export type ListMembersFilter = Omit<z.infer<typeof ListMembersQuery>, 'page' | 'pageSize'>;

/** Why the full ID number and phone are needed: required, kept in the audit entry of the read. */
export const FullReadQuery = z.object({
  reason: z
    .string({ message: '请填写查看完整信息的事由' })
    .trim()
    .min(2, '请填写查看完整信息的事由（至少 2 个字）')
    .max(200, '查看事由不能超过 200 个字'),
});

export const ExportQuery = ListMembersQuery.omit({ page: true, pageSize: true });
export const ExportBody = z.object({
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  orgId: z.number().int().positive().optional(),
  stage: MemberStage.optional(),
  status: MemberStatus.optional(),
});

export const MemberItem = z
  .object({
    id: z.number(),
    name: z.string(),
    gender: z.enum(['male', 'female']),
    genderLabel: z.string(),
    idNumber: z.string().describe('列表中始终为脱敏形式，如 3502**********123X'),
    phone: z.string().nullable().describe('列表中始终为脱敏形式，如 138****1234'),
    orgId: z.number(),
    orgName: z.string(),
    regionCode: z.string(),
    stage: z.string(),
    stageLabel: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    joinedOn: z.string().nullable(),
    workUnit: z.string().nullable(),
  })
  .meta({ id: 'MemberItem' });

export const MemberDetail = MemberItem.extend({
  /** false only in the answer of `/full` (and `/me/member`, the member's own record). */
  masked: z.boolean(),
  birthDate: z.string().nullable().describe('仅完整信息中提供'),
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  fullMemberOn: z.string().nullable(),
  mobileLocation: z.string().nullable(),
  mobileCardNo: z.string().nullable(),
  hasAccount: z.boolean(),
  orgPathNames: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  actions: z.array(z.string()),
}).meta({ id: 'MemberDetail' });

export const CreateMemberBody = z.object({
  orgId: z
    .number({ message: '请选择所在党组织' })
    .int()
    .positive()
    .max(2 ** 53 - 1),
  name: text(50, '姓名'),
  // checked by validateIdNumber in the service, so the answer names the exact fault (id_number.checksum …)
  idNumber: z.string({ message: '请输入公民身份号码' }).max(40, '身份证号码过长'),
  gender: z.enum(['male', 'female'], { message: '性别应为 male 或 female' }).optional(),
  birthDate: DateString.optional(),
  phone: Phone,
  ethnicity: optionalText(20, '民族'),
  education: optionalText(20, '学历'),
  workUnit: optionalText(200, '工作单位'),
  joinedOn: DateString.nullable().optional(),
  fullMemberOn: DateString.nullable().optional(),
  stage: RegisteredStage.optional(),
});
export type CreateMemberInput = z.infer<typeof CreateMemberBody>;

export const UpdateMemberBody = z
  .object({
    name: text(50, '姓名').optional(),
    idNumber: z.string().max(40, '身份证号码过长').optional(),
    phone: Phone,
    ethnicity: optionalText(20, '民族'),
    education: optionalText(20, '学历'),
    workUnit: optionalText(200, '工作单位'),
    joinedOn: DateString.nullable().optional(),
    fullMemberOn: DateString.nullable().optional(),
    status: MemberStatus.optional(),
    statusReason: z.string().trim().max(500, '变更原因不能超过 500 个字').optional(),
    mobileLocation: optionalText(100, '流动去向'),
    mobileCardNo: optionalText(50, '流动党员活动证编号'),
  })
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');
export type UpdateMemberInput = z.infer<typeof UpdateMemberBody>;

export const MemberHistoryItem = z.object({
  id: z.number(),
  at: NullableTimestamp,
  action: z.string(),
  actionLabel: z.string(),
  actorName: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const ImportPreview = ImportPreviewBase.extend({
  toInsert: z.number(),
  toUpdate: z.number(),
}).meta({ id: 'MemberImportPreview' });
