import fastifyMultipart from '@fastify/multipart';
import type { ImportProblem } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Insertable, type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Executor, RequestContext } from './context.ts';
import type { DB, ImportRowsTable } from './db/schema.ts';
import { AppError, fieldError, notFound } from './errors.ts';
import { contextOf } from './http.ts';
import { IdParam, problemResponses } from './schemas.ts';

/**
 * The import flow every ledger shares (members, organizations, 企业画像, an alliance's lists): an upload is read and checked
 * into an `import_batches` row and its `import_rows`, nothing else is written; the user reads the
 * bad rows, then commits the whole file (only when it is clean) or only its good rows, once.
 */

export type ImportKind = 'members' | 'orgs' | 'facts' | 'alliance_list';

export const MAX_IMPORT_ROWS = 100_000;
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const PREVIEW_ERROR_LIMIT = 1000;

// ------------------------------------------------------------------ schemas

export const ImportProblemSchema = z.object({ column: z.string(), code: z.string(), message: z.string() });

/** What every preview answers; a kind adds its own counts. */
export const ImportPreviewBase = z.object({
  batchId: z.number(),
  fileName: z.string(),
  totalRows: z.number(),
  goodRows: z.number(),
  badRows: z.number(),
  state: z.enum(['previewed', 'committed']),
  errors: z.array(
    z.object({ row: z.number(), name: z.string().nullable(), problems: z.array(ImportProblemSchema) }),
  ),
  errorsTruncated: z.boolean(),
});

export const CommitBody = z.object({
  mode: z.enum(['all', 'good_rows'], { message: '导入方式应为 all（全部）或 good_rows（仅正确的行）' }),
});
export const CommitResult = z.object({
  batchId: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
});
export const BatchParam = z.object({ batchId: IdParam.shape.id });

// ------------------------------------------------------------------ upload

/**
 * A POST route that takes one .xlsx as multipart/form-data (field `file`). Multipart is parsed
 * only in this route's scope: the rest of the API keeps its JSON body limit. A route below a record
 * (`/alliances/:id/…`) names its `params`, which reach `handle` checked.
 */
export function ledgerUploadRoute<T, P = Record<string, never>>(
  app: FastifyInstance,
  options: {
    url: string;
    tags: string[];
    summary: string;
    response: z.ZodType;
    defaultName: string;
    params?: z.ZodType<P>;
    handle: (ctx: RequestContext, file: { fileName: string; buffer: Buffer }, params: P) => Promise<T>;
  },
) {
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
    scope.withTypeProvider<ZodTypeProvider>().post(options.url, {
      schema: {
        tags: options.tags,
        summary: `${options.summary}；multipart/form-data，文件字段 file，最大 20 MB`,
        consumes: ['multipart/form-data'],
        ...(options.params ? { params: options.params } : {}),
        response: { 200: options.response, ...problemResponses },
      },
      handler: async (req) => {
        const ctx = contextOf(req);
        if (!req.isMultipart())
          throw new AppError('unsupported_media_type', {
            detail: '请以 multipart/form-data 上传 .xlsx 文件',
          });
        const part = await req.file();
        if (!part) throw fieldError('file', 'import.file', '请选择要上传的 .xlsx 文件');
        const buffer = await part.toBuffer();
        return options.handle(
          ctx,
          { fileName: part.filename || options.defaultName, buffer },
          req.params as P,
        );
      },
    });
  });
}

/** Refuses an empty file and one over the row limit. */
export function assertImportRows(count: number, what: string): void {
  if (count === 0) throw fieldError('file', 'import.file', `文件中没有${what}（从第 2 行起填写）`);
  if (count > MAX_IMPORT_ROWS)
    throw fieldError(
      'file',
      'import.file',
      `一次最多导入 ${MAX_IMPORT_ROWS.toLocaleString()} 行，请分成几个文件`,
    );
}

// ------------------------------------------------------------------ batches

/**
 * Stores a checked file as a batch of `kind`, in its own transaction (checking ran outside it: on
 * the embedded engine a transaction holds the one connection). `insertRows` writes the rows.
 */
export async function saveImportBatch(
  db: Kysely<DB>,
  ctx: RequestContext,
  batch: {
    kind: ImportKind;
    /** the top of the caller's scope for the import permission */
    orgPath: string | undefined;
    fileName: string;
    totalRows: number;
    badRows: number;
    regionFallback: string | null;
    /** the record the batch imports into, for a kind that has one (an alliance) */
    targetId?: number;
  },
  insertRows: (trx: Executor, batchId: number) => Promise<void>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const home = await trx
      .selectFrom('orgs')
      .select('region_code')
      .where('path', '=', batch.orgPath ?? '')
      .executeTakeFirst();
    const row = await trx
      .insertInto('import_batches')
      .values({
        region_code: home?.region_code ?? batch.regionFallback ?? '000000',
        kind: batch.kind,
        org_path: batch.orgPath ?? '/',
        file_name: batch.fileName.slice(0, 200),
        created_by: ctx.actor.userId,
        total_rows: batch.totalRows,
        bad_rows: batch.badRows,
        target_id: batch.targetId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertRows(trx, row.id);
    return row.id;
  });
}

/** Stores a batch's checked rows, 2,000 to a statement (a kind keeps what is its own in `data`). */
export async function insertImportRows(
  db: Executor,
  batchId: number,
  rows: Array<Omit<Insertable<ImportRowsTable>, 'batch_id'>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insertInto('import_rows')
      .values(rows.slice(i, i + 2000).map((r) => ({ batch_id: batchId, ...r })))
      .execute();
  }
}

/**
 * A batch of `kind` started by the caller (into `targetId` when given); anyone else's, another kind's
 * or another record's does not exist.
 */
export async function findImportBatch(
  db: Executor,
  ctx: RequestContext,
  batchId: number,
  kind: ImportKind,
  targetId?: number,
) {
  const batch = await db
    .selectFrom('import_batches')
    .selectAll()
    .where('id', '=', batchId)
    .where('kind', '=', kind)
    .where('created_by', '=', ctx.actor.userId)
    .$if(targetId !== undefined, (q) => q.where('target_id', '=', targetId!))
    .executeTakeFirst();
  if (!batch) throw notFound('未找到该导入批次');
  return batch;
}

/**
 * Locks a batch for its commit (two clicks on 导入 must not both write) and refuses a batch
 * already committed, or `all` while some rows are bad.
 */
export async function lockImportBatch(
  trx: Executor,
  ctx: RequestContext,
  batchId: number,
  kind: ImportKind,
  mode: 'all' | 'good_rows',
  targetId?: number,
) {
  await findImportBatch(trx, ctx, batchId, kind, targetId);
  await trx.selectFrom('import_batches').select('id').where('id', '=', batchId).forUpdate().execute();
  const batch = await findImportBatch(trx, ctx, batchId, kind, targetId);
  if (batch.state === 'committed') throw new AppError('import.committed');
  if (mode === 'all' && batch.bad_rows > 0)
    throw new AppError('import.has_errors', { detail: `还有 ${batch.bad_rows} 行有错误` });
  return batch;
}

export async function markImportCommitted(trx: Executor, batchId: number, committedRows: number) {
  await trx
    .updateTable('import_batches')
    .set({ state: 'committed', committed_rows: committedRows, committed_at: sql`now()` })
    .where('id', '=', batchId)
    .execute();
}

/** A batch's summary and its bad rows (the first 1,000), each with row number, column and reason. */
export async function importSummary(
  db: Executor,
  ctx: RequestContext,
  batchId: number,
  kind: ImportKind,
  targetId?: number,
) {
  const batch = await findImportBatch(db, ctx, batchId, kind, targetId);
  const bad = await db
    .selectFrom('import_rows')
    .select(['row_no', 'name', 'errors'])
    .where('batch_id', '=', batchId)
    .where('ok', '=', false)
    .orderBy('row_no')
    .limit(PREVIEW_ERROR_LIMIT)
    .execute();
  return {
    batchId: batch.id,
    fileName: batch.file_name,
    totalRows: batch.total_rows,
    goodRows: batch.total_rows - batch.bad_rows,
    badRows: batch.bad_rows,
    state: batch.state,
    errors: bad.map((b) => ({ row: b.row_no, name: b.name, problems: b.errors as ImportProblem[] })),
    errorsTruncated: batch.bad_rows > bad.length,
  };
}
