import { z } from 'zod';
import { DateString, NullableTimestamp, QueryId, Timestamp, text } from '../../platform/schemas.ts';

const Id = z
  .number('应为数字')
  .int('应为整数')
  .positive('应为正整数')
  .max(2 ** 53 - 1);

export const MaterialKind = z.enum(
  ['article', 'document', 'video'],
  '资料类型应为 文章(article)、文件(document)、视频链接(video) 之一',
);

export const Created = z.object({ id: z.number() });

export const Topic = z
  .object({
    id: z.number(),
    name: z.string(),
    description: z.string(),
    orgId: z.number().nullable(),
    orgName: z.string(),
    materialCount: z.number().int(),
    manageable: z.boolean(),
  })
  .meta({ id: 'LearningTopic' });
export const TopicList = z.object({ items: z.array(Topic), total: z.number() });

export const CreateTopicBody = z.object({
  orgId: Id,
  name: text(60, '专题名称'),
  description: z.string().max(500, '专题说明不能超过 500 个字').optional(),
});

const MyRead = z.object({
  openedAt: Timestamp,
  progress: z.number().int(),
  minutes: z.number().int(),
  finishedAt: NullableTimestamp,
});

const MaterialFields = {
  id: z.number(),
  kind: MaterialKind,
  kindLabel: z.string(),
  title: z.string(),
  source: z.string(),
  url: z.string().nullable(),
  topicId: z.number().nullable(),
  topicName: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string(),
  publishedOn: z.string(),
  estimatedMinutes: z.number().int(),
  status: z.enum(['published', 'withdrawn']),
  manageable: z.boolean(),
  /** The caller's own reading (members only). */
  my: MyRead.nullable(),
};
export const Material = z.object(MaterialFields).meta({ id: 'LearningMaterial' });
export const MaterialDetail = z
  .object({ ...MaterialFields, body: z.string() })
  .meta({ id: 'LearningMaterialDetail' });
export const MaterialList = z.object({ items: z.array(Material), total: z.number() });

export const MaterialQuery = z.object({
  q: z.string().max(100, '搜索词不能超过 100 个字').optional(),
  topicId: QueryId.optional(),
  kind: MaterialKind.optional(),
  view: z.enum(['read', 'manage'], '视图应为 read 或 manage').default('read'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const CreateMaterialBody = z.object({
  orgId: Id,
  topicId: Id.nullable().optional(),
  kind: MaterialKind,
  title: text(120, '标题'),
  body: z.string().max(20_000, '正文不能超过 20000 个字').optional(),
  url: z
    .string()
    .max(1000, '链接不能超过 1000 个字符')
    .regex(/^https?:\/\/\S+$/, '链接应以 http:// 或 https:// 开头')
    .nullable()
    .optional(),
  source: z.string().max(100, '来源不能超过 100 个字').optional(),
  publishedOn: DateString.optional(),
  estimatedMinutes: z
    .number('预计学习时长应为数字')
    .int('预计学习时长应为整数（分钟）')
    .min(1, '预计学习时长至少 1 分钟')
    .max(600, '预计学习时长不能超过 600 分钟'),
});

export const ReadingBody = z.object({
  progress: z
    .number('学习进度应为数字')
    .int('学习进度应为整数')
    .min(0, '学习进度应在 0 到 100 之间')
    .max(100, '学习进度应在 0 到 100 之间')
    .optional(),
  minutes: z
    .number('学习时长应为数字')
    .int('学习时长应为整数（分钟）')
    .min(0, '学习时长不能为负数')
    .max(600, '学习时长不能超过 600 分钟')
    .optional(),
  finished: z.boolean('是否完成应为 true 或 false').optional(),
});
export const Reading = z.object({
  materialId: z.number(),
  progress: z.number().int(),
  minutes: z.number().int(),
  finishedAt: NullableTimestamp,
});

export const CreateAssignmentBody = z.object({
  orgId: Id,
  materialId: Id.optional(),
  topicId: Id.optional(),
  /** Named members inside the organization; none: every current member of its subtree. */
  memberIds: z.array(Id).max(500, '一次最多指定 500 名党员').optional(),
  title: text(120, '任务名称').optional(),
  note: z.string().max(500, '说明不能超过 500 个字').optional(),
  dueOn: DateString.optional(),
  workdays: z
    .number('完成时限应为数字')
    .int('完成时限应为整数（工作日）')
    .min(1, '完成时限至少 1 个工作日')
    .max(120, '完成时限不能超过 120 个工作日')
    .optional(),
});

const AssignmentFields = {
  id: z.number(),
  title: z.string(),
  note: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  materialId: z.number().nullable(),
  topicId: z.number().nullable(),
  target: z.enum(['org', 'members']),
  assignedOn: z.string(),
  dueOn: z.string(),
  dueProvisional: z.boolean(),
  overdue: z.boolean(),
  status: z.enum(['active', 'withdrawn']),
  reached: z.number().int(),
  finished: z.number().int(),
  /** finished ÷ reached, in percent with one decimal */
  rate: z.number(),
};
export const Assignment = z.object(AssignmentFields).meta({ id: 'LearningAssignment' });
export const AssignmentList = z.object({ items: z.array(Assignment), total: z.number() });
export const AssignmentQuery = z.object({ orgId: QueryId.optional() });
export const AssignmentDetail = z
  .object({
    ...AssignmentFields,
    members: z.array(
      z.object({
        memberId: z.number(),
        name: z.string(),
        orgId: z.number(),
        orgName: z.string(),
        materials: z.number().int(),
        finishedMaterials: z.number().int(),
        progress: z.number().int(),
        minutes: z.number().int(),
        finishedAt: NullableTimestamp,
        /** on_time 按期完成, late 逾期完成, overdue 逾期未完成, pending 未完成（未到期） */
        state: z.enum(['on_time', 'late', 'overdue', 'pending']),
      }),
    ),
    branches: z.array(
      z.object({
        orgId: z.number(),
        orgName: z.string(),
        reached: z.number().int(),
        finished: z.number().int(),
        rate: z.number(),
      }),
    ),
  })
  .meta({ id: 'LearningAssignmentDetail' });

export const YearQuery = z.object({
  year: z.coerce
    .number('年份应为数字')
    .int('年份应为整数')
    .min(2000, '年份应在 2000 到 2100 之间')
    .max(2100, '年份应在 2000 到 2100 之间')
    .optional(),
});

export const StudyRecord = z
  .object({
    memberId: z.number(),
    name: z.string(),
    orgName: z.string(),
    assigned: z.array(
      z.object({
        assignmentId: z.number(),
        title: z.string(),
        note: z.string(),
        orgName: z.string(),
        assignedOn: z.string(),
        dueOn: z.string(),
        dueProvisional: z.boolean(),
        materialId: z.number(),
        materialTitle: z.string(),
        kind: MaterialKind,
        kindLabel: z.string(),
        estimatedMinutes: z.number().int(),
        progress: z.number().int(),
        finishedAt: NullableTimestamp,
        overdue: z.boolean(),
      }),
    ),
    reads: z.array(
      z.object({
        materialId: z.number(),
        title: z.string(),
        kind: MaterialKind,
        kindLabel: z.string(),
        topicName: z.string().nullable(),
        openedAt: Timestamp,
        lastReadAt: Timestamp,
        progress: z.number().int(),
        minutes: z.number().int(),
        finishedAt: NullableTimestamp,
        dueOn: z.string().nullable(),
        counted: z.boolean(),
        countReason: z.string(),
      }),
    ),
    summary: z.object({
      finished: z.number().int(),
      minutes: z.number().int(),
      assignedOpen: z.number().int(),
    }),
    orgLife: z.object({
      year: z.number().int(),
      counts: z.boolean(),
      countedMinutes: z.number().int(),
      creditedHours: z.number().int(),
      capHours: z.number().int(),
      targetHours: z.number().int(),
      minutesPerHour: z.number().int(),
      basis: z.string(),
    }),
  })
  .meta({ id: 'StudyRecord' });
