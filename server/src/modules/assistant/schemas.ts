import { z } from 'zod';
import { BodyId, DateString, Pagination, Timestamp, text } from '../../platform/schemas.ts';

/** `POST /assistant/ask` (API.md "Questions"): exactly the fixed shape. */
export const AskBody = z.object({ question: text(500, '问题') }).meta({ id: 'AssistantQuestion' });

export const Answer = z
  .object({
    answer: z.string(),
    confidence: z.number().min(0).max(1),
    citations: z.array(z.object({ source: z.string(), article: z.string(), quote: z.string() })),
    suggestCase: z.boolean(),
  })
  .meta({ id: 'AssistantAnswer' });

const DOCUMENT_KINDS = {
  help: '使用帮助',
  rule_summary: '规则说明',
  regulation: '规定原文',
  policy: '政策文件',
};
export const DOCUMENT_KIND_CODES = ['help', 'rule_summary', 'regulation', 'policy'] as const;
export { DOCUMENT_KINDS };

const DocumentSummary = z.object({
  id: z.number(),
  code: z.string(),
  title: z.string(),
  kind: z.enum(DOCUMENT_KIND_CODES),
  issuer: z.string(),
  effectiveFrom: z.string().nullable(),
  supersededBy: z.object({ id: z.number(), title: z.string() }).nullable(),
  note: z.string(),
  clauseCount: z.number().int(),
});

export const DocumentList = z
  .object({ items: z.array(DocumentSummary), total: z.number().int() })
  .meta({ id: 'AssistantDocumentList' });

export const DocumentDetail = DocumentSummary.extend({
  clauses: z.array(z.object({ article: z.string(), basis: z.string(), text: z.string() })),
}).meta({ id: 'AssistantDocument' });

export const CreateDocumentBody = z
  .object({
    code: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, '编码只能由小写字母、数字、下划线和连字符组成，最长 40 个字符'),
    title: text(200, '文件名称'),
    kind: z.enum(['regulation', 'policy', 'help'], '文件类型应为 regulation、policy 或 help'),
    issuer: z.string().trim().max(100, '发文机关不能超过 100 个字').default(''),
    effectiveFrom: DateString.nullable().default(null),
    /** The stored document this one replaces: answers from the old one say so from now on. */
    supersedes: BodyId.nullable().default(null),
    note: z.string().trim().max(500, '说明不能超过 500 个字').default(''),
    clauses: z
      .array(z.object({ article: text(100, '条款'), text: text(5000, '条款内容') }))
      .min(1, '至少需要一个条款')
      .max(2000, '一个文件最多 2000 个条款'),
  })
  .meta({ id: 'CreateAssistantDocument' });

export const QuestionListQuery = Pagination.extend({
  answered: z
    .enum(['true', 'false'], 'answered 应为 true 或 false')
    .transform((v) => v === 'true')
    .optional(),
});

export const QuestionList = z
  .object({
    items: z.array(
      z.object({
        id: z.number(),
        question: z.string(),
        confidence: z.number(),
        answered: z.boolean(),
        cited: z.array(z.string()),
        askedAt: Timestamp,
      }),
    ),
    total: z.number().int(),
  })
  .meta({ id: 'AssistantQuestionList' });
