import { z } from 'zod';
import { cursorParam } from '../../platform/cursor.ts';
import { DateString, NullableTimestamp, text } from '../../platform/schemas.ts';

/** A finding's place in the list: `opened_at` as PostgreSQL writes it, then the id. */
const OPENED_AT =
  /^(\d{4}-\d{2}-\d{2})[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)$/;
const isOpenedAt = (v: string | number | undefined) => {
  const m = typeof v === 'string' ? OPENED_AT.exec(v) : null;
  return !!m && new Date(`${m[1]}T00:00:00Z`).toISOString().startsWith(m[1]!);
};

const Id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);

export const OrgQuery = z.object({ orgId: Id.optional() });
export const SweepBody = z.object({ orgId: z.number({ message: '请选择党组织' }).int().positive() });

export const FindingsQuery = z.object({
  orgId: Id.optional(),
  // one rule, or several separated by commas (O6,O7,O8: a branch's meetings)
  rule: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9-]{0,15}(,[A-Z][A-Z0-9-]{0,15}){0,19}$/, '规则编号格式不正确')
    .optional(),
  status: z.enum(['open', 'resolved'], { message: '状态应为 open 或 resolved' }).optional(),
  severity: z.enum(['warning', 'finding'], { message: '级别应为 warning 或 finding' }).optional(),
  // open and past the deadline set for putting it right (逾期未整改)
  overdue: z.enum(['true', 'false'], { message: 'overdue 只能是 true 或 false' }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  cursor: cursorParam(2, ([openedAt, id]) => isOpenedAt(openedAt) && typeof id === 'number' && id > 0),
});

export const RuleRef = z.object({
  code: z.string(),
  version: z.number(),
  name: z.string(),
  source: z.string(),
  article: z.string(),
  citation: z.string(),
  /** The article number is not confirmed: "[待核]" in `article` and so in `citation`. */
  uncertain: z.boolean(),
});

export const FindingItem = z
  .object({
    id: z.number(),
    rule: RuleRef,
    orgId: z.number(),
    orgName: z.string(),
    subjectType: z.string(),
    subjectId: z.number(),
    subjectName: z.string().nullable(),
    aspect: z.string(),
    period: z.string(),
    severity: z.enum(['warning', 'finding']),
    severityLabel: z.string(),
    status: z.enum(['open', 'resolved']),
    statusLabel: z.string(),
    since: z.string().nullable(),
    openedAt: NullableTimestamp,
    lastSeenAt: NullableTimestamp,
    resolvedAt: NullableTimestamp,
    message: z.string(),
    escalationLevel: z.number(),
    escalatedAt: NullableTimestamp,
    deadline: z.string().nullable(),
  })
  .meta({ id: 'FindingItem' });

export const FindingDetail = FindingItem.extend({
  why: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ruleDescription: z.string(),
  mustAct: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      orgName: z.string().nullable(),
      kind: z.string(),
      level: z.number(),
    }),
  ),
  supervisingOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
  events: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      kindLabel: z.string(),
      actorName: z.string(),
      body: z.string(),
      at: NullableTimestamp,
    }),
  ),
  actions: z.array(z.string()),
}).meta({ id: 'FindingDetail' });

export const CommentBody = z.object({ body: text(2000, '督办意见') });
export const DeadlineBody = z.object({
  deadline: DateString,
  body: z.string().trim().max(2000, '说明不能超过 2000 个字').optional(),
});
export const EscalateBody = z.object({ body: text(2000, '提级督办的理由') });
export const ResolveBody = z.object({ body: text(2000, '销号说明') });

const Definition = z.object({ key: z.string(), label: z.string(), definition: z.string() });

export const Overview = z
  .object({
    org: z.object({ id: z.number(), name: z.string() }),
    totals: z.object({
      orgs: z.number(),
      findings: z.number(),
      warnings: z.number(),
      escalated: z.number(),
      resolved30: z.number(),
      orgsWithFindings: z.number(),
      compliantRate: z.number(),
    }),
    byRule: z.array(RuleRef.extend({ findings: z.number(), warnings: z.number(), orgs: z.number() })),
    byChild: z.array(
      z.object({
        orgId: z.number(),
        name: z.string(),
        orgs: z.number(),
        findings: z.number(),
        warnings: z.number(),
        escalated: z.number(),
        orgsWithFindings: z.number(),
        rate: z.number(),
        rank: z.number(),
      }),
    ),
    red: z.array(z.object({ orgId: z.number(), name: z.string(), rate: z.number(), findings: z.number() })),
    black: z.array(z.object({ orgId: z.number(), name: z.string(), rate: z.number(), findings: z.number() })),
    definitions: z.array(Definition),
    canSupervise: z.boolean(),
  })
  .meta({ id: 'ComplianceOverview' });

export const PublishBody = z.object({
  orgId: z.number({ message: '请选择党组织' }).int().positive(),
  title: text(100, '榜单标题'),
});

export const PublishedList = z.object({
  id: z.number(),
  orgId: z.number(),
  title: z.string(),
  definition: z.string(),
  red: z.array(z.object({ orgId: z.number(), name: z.string(), rate: z.number(), findings: z.number() })),
  black: z.array(z.object({ orgId: z.number(), name: z.string(), rate: z.number(), findings: z.number() })),
  publishedBy: z.string(),
  publishedAt: NullableTimestamp,
});

export const RuleItem = z.object({
  code: z.string(),
  version: z.number(),
  name: z.string(),
  source: z.string(),
  article: z.string(),
  uncertain: z.boolean(),
  description: z.string(),
  subjectType: z.string(),
  severity: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  overrides: z.array(
    z.object({ regionPrefix: z.string(), params: z.record(z.string(), z.unknown()), note: z.string() }),
  ),
});

export const OverrideParams = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9-]{0,15}$/, '规则编号格式不正确'),
  regionPrefix: z.string().regex(/^\d{2,6}$/, '地区代码前缀应为2到6位数字'),
});
export const OverrideBody = z.object({
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  note: z.string().trim().max(200, '说明不能超过 200 个字').optional(),
});

export const RemindersQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  open: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true：只看问题尚未整改销号的提醒'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const ReminderItem = z.object({
  id: z.number(),
  kind: z.string(),
  kindLabel: z.string(),
  level: z.number(),
  title: z.string(),
  body: z.string(),
  findingId: z.number(),
  createdAt: NullableTimestamp,
  deliverAfter: NullableTimestamp,
  deliveredAt: NullableTimestamp,
  readAt: NullableTimestamp,
  finding: z
    .object({
      rule: RuleRef,
      orgId: z.number(),
      orgName: z.string(),
      severity: z.enum(['warning', 'finding']),
      severityLabel: z.string(),
      status: z.enum(['open', 'resolved']),
      statusLabel: z.string(),
      since: z.string().nullable().describe('数据显示该问题的起始日期'),
      why: z.string().nullable().describe('为什么形成问题'),
      escalationLevel: z.number(),
      deadline: z.string().nullable(),
      resolvedAt: NullableTimestamp,
    })
    .describe('提醒所涉及的问题：依据的规则和条款、原因、起始日期、是否已销号'),
});

export const RemindersList = z.object({
  items: z.array(ReminderItem),
  total: z.number(),
  unread: z.number(),
});

export const SweepResult = z.object({
  orgPath: z.string(),
  asOf: z.string(),
  rules: z.array(
    z.object({
      code: z.string(),
      version: z.number(),
      opened: z.number(),
      seen: z.number(),
      resolved: z.number(),
      escalated: z.number(),
      ms: z.number(),
    }),
  ),
  reminders: z.number(),
  escalated: z.number(),
  delivered: z.number(),
  ms: z.number(),
});
