import { z } from 'zod';

/** Pieces of request and response schemas shared by every module. */
/** A database id in a JSON body. */
export const BodyId = z
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);
/** A database id in a query string (coerced from its text). */
export const QueryId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53 - 1),
});

export const Pagination = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    '不是有效的日期',
  );

/** Timestamps leave the server as ISO 8601 with the +08:00 offset of Asia/Shanghai. */
export const Timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => toShanghaiIso(d),
});
export const NullableTimestamp = Timestamp.nullable();

export function toShanghaiIso(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

export const FieldErrorSchema = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'application/problem+json' });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

/** A list read by keyset pages: `nextCursor`/`prevCursor` (null at either end) beside the usual total. */
export function keysetListOf<T extends z.ZodType>(item: T) {
  return listOf(item).extend({
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: '下一页游标，作为 cursor 传回；没有下一页时为 null' }),
    prevCursor: z
      .string()
      .nullable()
      .meta({ description: '上一页游标，作为 cursor 传回；没有上一页时为 null' }),
  });
}

export const Ok = z.object({ ok: z.literal(true) });

/** Trimmed non-empty text with a Chinese message. */
export function text(max: number, label: string) {
  return z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过 ${max} 个字`);
}

export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
} as const;
