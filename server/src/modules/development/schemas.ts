import { DEVELOPMENT_STAGES, DEVELOPMENT_STEP_CODES } from '@honglian/domain';
import { z } from 'zod';
import { DateString, NullableTimestamp, text } from '../../platform/schemas.ts';

const stages = Object.keys(DEVELOPMENT_STAGES) as [
  keyof typeof DEVELOPMENT_STAGES,
  ...(keyof typeof DEVELOPMENT_STAGES)[],
];
export const StageEnum = z.enum(stages, { message: '发展阶段无效' });
export const StepEnum = z.enum(DEVELOPMENT_STEP_CODES, { message: '发展党员步骤无效' });

const Count = (label: string) =>
  z
    .number({ message: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负数`)
    .max(100_000, `${label}过大`);

export const StartBody = z
  .object({
    memberId: z.number().int().positive().optional(),
    applicant: z
      .object({
        orgId: z.number({ message: '请选择党支部' }).int().positive(),
        name: text(50, '姓名'),
        idNumber: z.string({ message: '请输入公民身份号码' }).trim().min(1, '请输入公民身份号码').max(30),
        phone: z
          .string()
          .trim()
          .regex(/^1\d{10}$/, '手机号码应为 11 位数字')
          .optional(),
        workUnit: z.string().trim().max(100, '工作单位不能超过 100 个字').optional(),
      })
      .optional(),
    appliedOn: DateString,
    note: z.string().trim().max(500, '备注不能超过 500 个字').optional(),
  })
  .refine((v) => (v.memberId === undefined) !== (v.applicant === undefined), {
    message: '请选择已登记的人员（memberId），或填写新申请人的信息（applicant），二者选一',
    path: ['memberId'],
  });

export const StepBody = z.object({
  code: StepEnum,
  date: DateString,
  decision: z
    .enum(['approved', 'rejected'], { message: '决定应为 approved（通过/完成）或 rejected（不通过）' })
    .default('approved'),
  note: z.string().trim().max(1000, '说明不能超过 1000 个字').optional(),
  evidenceFileId: z.number().int().positive().optional(),
  introducerIds: z.array(z.number().int().positive()).max(5, '入党介绍人不能超过 5 名').optional(),
  vote: z
    .object({
      voting: Count('应到会有表决权人数').optional(),
      present: Count('实到会有表决权人数'),
      yes: Count('赞成票数'),
      no: Count('反对票数').default(0),
      abstain: Count('弃权票数').default(0),
    })
    .optional(),
  data: z
    .object({
      noticeFrom: DateString.optional(),
      noticeTo: DateString.optional(),
      trainingDays: z.number().min(0).max(365).optional(),
      trainingHours: z.number().min(0).max(2000).optional(),
      special: z.boolean().optional(),
      extensionMonths: z.number().int('延长月数应为整数').min(1).max(24).optional(),
      /** P10: the day the candidate is expected to leave their work or study unit */
      leavingUnitOn: DateString.optional(),
      /** P10: admitted all the same as a special case */
      leavingUnitSpecial: z.boolean().optional(),
    })
    .optional(),
});

export const ListQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  stage: StageEnum.optional(),
  state: z.enum(['active', 'completed', 'terminated']).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const EvidenceBody = z.object({
  fileName: text(200, '文件名'),
  contentType: z
    .string()
    .trim()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, '文件类型无效')
    .default('application/octet-stream'),
  /** base64 of the file; the JSON body limit (2 MiB) keeps files under about 1.5 MB */
  contentBase64: z
    .string()
    .min(1, '文件内容不能为空')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, '文件内容应为 base64 编码'),
});

const DueItem = z.object({
  step: z.string(),
  label: z.string(),
  rule: z.string(),
  kind: z.enum(['deadline', 'earliest']),
  from: z.string(),
  date: z.string(),
  status: z.enum(['done', 'late', 'pending', 'overdue', 'waiting', 'open']),
  doneOn: z.string().nullable(),
  provisional: z.boolean(),
  ruleSet: z.string(),
});

const RuleSetView = z.object({
  version: z.string(),
  title: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  note: z.string(),
});

export const RecordItem = z
  .object({
    id: z.number(),
    memberId: z.number(),
    memberName: z.string(),
    gender: z.string(),
    orgId: z.number(),
    orgName: z.string(),
    stage: z.string(),
    stageLabel: z.string(),
    state: z.enum(['active', 'completed', 'terminated']),
    ruleSet: z.string(),
    appliedOn: z.string(),
    lastStep: z.object({ code: z.string(), label: z.string(), date: z.string() }).nullable(),
    nextDue: DueItem.nullable(),
    overdue: z.boolean(),
    overdueCount: z.number(),
  })
  .meta({ id: 'DevelopmentRecordItem' });

export const DevelopmentList = z.object({
  items: z.array(RecordItem),
  total: z.number().int(),
  counts: z.record(z.string(), z.number()).describe('各阶段的记录数（同一筛选条件，不含阶段筛选）'),
});

export const StepView = z.object({
  id: z.number(),
  code: z.string(),
  label: z.string(),
  date: z.string(),
  decision: z.enum(['approved', 'rejected']),
  ruleSet: z.string(),
  data: z.unknown(),
  evidence: z.object({ id: z.number(), name: z.string() }).nullable(),
  decidedBy: z.string(),
  note: z.string().nullable(),
  recordedAt: NullableTimestamp,
});

export const RecordDetail = RecordItem.extend({
  member: z.object({
    name: z.string(),
    gender: z.string(),
    birthDate: z.string(),
    idNumber: z.string().describe('已脱敏'),
    phone: z.string().nullable().describe('已脱敏'),
    stage: z.string(),
    status: z.string(),
    joinedOn: z.string().nullable(),
    fullMemberOn: z.string().nullable(),
  }),
  introducers: z.array(z.object({ memberId: z.number(), name: z.string() })),
  note: z.string().nullable(),
  ruleSetInForce: RuleSetView.describe('今天记录下一步骤时适用的规则版本'),
  ruleSets: z.array(RuleSetView),
  steps: z.array(StepView),
  dueDates: z.array(DueItem),
  probationEnd: z.string().nullable(),
  nextSteps: z
    .array(
      z.object({
        code: z.string(),
        label: z.string(),
        rule: z.string(),
        by: z.enum(['branch', 'committee']),
      }),
    )
    .describe('当前可以登记的步骤（已考虑本人权限）'),
  actions: z.array(z.string()),
  /** The lowest 党委 above the branch, which decides pre-review, approval and conversion (P10, P12, P15). */
  approvingCommittee: z.object({ id: z.number(), name: z.string() }).nullable(),
}).meta({ id: 'DevelopmentRecordDetail' });

export const EvidenceCreated = z.object({ id: z.number(), name: z.string(), size: z.number() });

export const MyProgress = z
  .object({
    member: z
      .object({
        name: z.string(),
        orgName: z.string(),
        stage: z.string(),
        stageLabel: z.string(),
        status: z.string(),
        joinedOn: z.string().nullable(),
        fullMemberOn: z.string().nullable(),
        mobile: z.object({ cardNo: z.string(), location: z.string(), until: z.string() }).nullable(),
      })
      .nullable(),
    development: z
      .object({
        id: z.number(),
        state: z.string(),
        ruleSet: z.string(),
        steps: z.array(
          z.object({ code: z.string(), label: z.string(), date: z.string(), decision: z.string() }),
        ),
        nextDue: DueItem.nullable(),
        probationEnd: z.string().nullable(),
      })
      .nullable(),
    transfer: z
      .object({
        id: z.number(),
        direction: z.string(),
        directionLabel: z.string(),
        state: z.string(),
        stateLabel: z.string(),
        fromOrgName: z.string().nullable(),
        toOrgName: z.string().nullable(),
        startedOn: z.string(),
        letterValidUntil: z.string(),
        returnReason: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'MyProgress' });
