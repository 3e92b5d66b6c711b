import { MAX_LETTER_VALIDITY_MONTHS } from '@honglian/domain';
import { z } from 'zod';
import { DateString, NullableTimestamp, text } from '../../platform/schemas.ts';

const LetterNo = z.string().trim().min(1, '请填写介绍信编号').max(60, '介绍信编号不能超过 60 个字');
const OrgName = z.string().trim().min(1, '请填写对方党组织名称').max(100, '党组织名称不能超过 100 个字');

export const StartTransferBody = z
  .object({
    direction: z.enum(['internal', 'out', 'in'], { message: '转接方向应为 internal、out 或 in' }),
    memberId: z.number().int().positive().optional(),
    toOrgId: z.number().int().positive().optional(),
    outsideOrgName: OrgName.optional(),
    outsideLetterNo: LetterNo.optional(),
    reason: text(200, '转接原因'),
    startedOn: DateString.optional(),
    validMonths: z
      .number({ message: '有效期应为月数' })
      .int('有效期应为整月')
      .min(1, '有效期至少 1 个月')
      .max(MAX_LETTER_VALIDITY_MONTHS, `有效期不超过 ${MAX_LETTER_VALIDITY_MONTHS} 个月`)
      .optional(),
    /** direction 'in': the member arriving from outside the system */
    member: z
      .object({
        name: text(50, '姓名'),
        idNumber: z.string().trim().min(1, '请输入公民身份号码').max(30),
        phone: z
          .string()
          .trim()
          .regex(/^1\d{10}$/, '手机号码应为 11 位数字')
          .optional(),
        stage: z.enum(['probationary', 'full'], { message: '转入人员应为正式党员或预备党员' }),
        joinedOn: DateString.optional(),
        fullMemberOn: DateString.optional(),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    const need = (field: keyof typeof v, message: string) => {
      if (v[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (v.direction !== 'in') need('memberId', '请选择要转出的党员');
    if (v.direction === 'internal') need('toOrgId', '请选择接收的党组织');
    if (v.direction !== 'internal') {
      need('outsideOrgName', '请填写系统外党组织的名称');
      need('outsideLetterNo', '请填写纸质介绍信编号');
    }
    if (v.direction === 'in') {
      need('toOrgId', '请选择接收的党组织');
      need('member', '请填写转入党员的信息');
    }
  });

export const ListTransfersQuery = z.object({
  box: z.enum(['inbox', 'outbox', 'all']).default('all'),
  state: z.enum(['pending', 'accepted', 'returned', 'completed', 'expired', 'cancelled', 'open']).optional(),
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const AcceptBody = z.object({ acceptedOn: DateString.optional() });
export const ReturnBody = z.object({ reason: text(500, '退回原因') });
export const ReceiptBody = z.object({
  receiptNo: z.string().trim().max(60, '回执编号不能超过 60 个字').optional(),
  completedOn: DateString.optional(),
});
export const CancelBody = z.object({ reason: z.string().trim().max(500).optional() });

export const TargetQuery = z.object({
  q: z.string().trim().min(1, '请输入党组织名称').max(50, '搜索词不能超过 50 个字'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const TargetItem = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  pathNames: z.array(z.string()),
});

export const TransferItem = z
  .object({
    id: z.number(),
    direction: z.enum(['internal', 'out', 'in']),
    directionLabel: z.string(),
    state: z.enum(['pending', 'accepted', 'returned', 'completed', 'expired', 'cancelled']),
    stateLabel: z.string(),
    memberId: z.number(),
    memberName: z.string(),
    memberIdNumber: z.string().describe('已脱敏'),
    memberStage: z.string(),
    fromOrgId: z.number().nullable(),
    fromOrgName: z.string().nullable(),
    toOrgId: z.number().nullable(),
    toOrgName: z.string().nullable(),
    outsideOrgName: z.string().nullable(),
    outsideLetterNo: z.string().nullable(),
    reason: z.string(),
    startedOn: z.string(),
    letterValidUntil: z.string(),
    acceptedOn: z.string().nullable(),
    returnedOn: z.string().nullable(),
    returnReason: z.string().nullable(),
    completedOn: z.string().nullable(),
    receiptNo: z.string().nullable(),
    side: z.array(z.enum(['sending', 'receiving'])).describe('调用者在此转接中所处的一方'),
    actions: z.array(z.enum(['accept', 'return', 'receipt', 'cancel'])),
  })
  .meta({ id: 'TransferItem' });

export const TransferDetail = TransferItem.extend({
  startedBy: z.string().nullable(),
  createdAt: NullableTimestamp,
  member: z
    .object({
      name: z.string(),
      gender: z.string(),
      birthDate: z.string().nullable().describe('已脱敏：不显示'),
      idNumber: z.string().describe('已脱敏'),
      phone: z.string().nullable().describe('已脱敏'),
      stage: z.string(),
      status: z.string(),
      joinedOn: z.string().nullable(),
      fullMemberOn: z.string().nullable(),
      workUnit: z.string().nullable(),
      currentOrgName: z.string().nullable().describe('党员现在所在的党组织，仅在调用者的范围内时显示'),
    })
    .describe('转接发起时的党员信息（已脱敏），之后不随党员档案变化'),
}).meta({ id: 'TransferDetail' });

export const MobileCardBody = z.object({
  cardNo: z.string().trim().min(1, '请填写活动证编号').max(40, '活动证编号不能超过 40 个字'),
  location: text(100, '外出地点'),
  from: DateString.optional(),
  until: DateString,
});

export const MobileCardView = z.object({
  memberId: z.number(),
  status: z.string(),
  cardNo: z.string().nullable(),
  location: z.string().nullable(),
  from: z.string().nullable(),
  until: z.string().nullable(),
});
