import { PassThrough, Readable, Writable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { loadActor } from './auth.ts';
import type { Executor, RequestContext } from './context.ts';
import type { Database } from './db/database.ts';
import { AppError, notFound } from './errors.ts';
import { contextOf } from './http.ts';
import type { JobDefinition, JobQueue } from './jobs.ts';
import { IdParam, NullableTimestamp, problemResponses, Timestamp } from './schemas.ts';
import { XLSX_TYPE, xlsxAttachment } from './xlsx.ts';

/**
 * Exports of every register (台账导出): up to EXPORT_DIRECT_LIMIT rows are streamed straight to the
 * browser; more run as a durable job that writes the workbook into `files`, with its progress on
 * `GET /api/v1/exports/:id` and the file on `…/download`, for the user who started it only.
 * A module brings its rows and columns; this file brings the plumbing.
 */

export const EXPORT_DIRECT_LIMIT = 10_000;

/** How long a generated export stays downloadable. */
const KEEP_DAYS = 7;

export const ExportJob = z
  .object({
    id: z.number(),
    state: z.enum(['queued', 'running', 'done', 'failed']),
    progress: z.number(),
    note: z.string().nullable(),
    rows: z.number().nullable(),
    fileName: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: Timestamp,
    finishedAt: NullableTimestamp,
  })
  .meta({ id: 'ExportJob' });

/** A direct export asked for more than EXPORT_DIRECT_LIMIT rows: the client should start a job. */
export function assertDirectExport(rows: number, limit = EXPORT_DIRECT_LIMIT): void {
  if (rows > limit)
    throw new AppError('export.too_large', { detail: `共 ${rows.toLocaleString()} 行，请使用后台导出` });
}

/** Answers with an .xlsx that `write` streams; a failure midway ends the download, logged. */
export function sendXlsxStream(
  reply: FastifyReply,
  log: FastifyBaseLogger,
  file: { fileName: string; asciiName: string },
  write: (stream: Writable) => Promise<unknown>,
) {
  const stream = new PassThrough();
  write(stream).catch((err: Error) => {
    log.error({ err }, 'export stream failed');
    stream.destroy(err);
  });
  return xlsxAttachment(reply, file.fileName, file.asciiName).send(stream);
}

// ---------------------------------------------------------------- the job

/** What an export job writes, decided when it runs (with the user's permissions of that moment). */
export interface ExportRun {
  /** rows expected, for the progress bar */
  total: number;
  /** the org the file belongs to (files.org_path) */
  orgPath: string | null;
  fileName: string;
  /** Streams the workbook, calling `onBatch` with the rows written so far; answers the row count. */
  write(stream: Writable, onBatch: (rowsSoFar: number) => Promise<void>): Promise<number>;
  /** more facts for the job's result (e.g. whether the file is unmasked) */
  result?: Record<string, unknown>;
}

export interface ExportPayload<Q = unknown> {
  userId: number;
  query: Q;
}

/** A job definition that is an export: `/api/v1/exports/:id` serves the jobs that carry this. */
export interface ExportJobDefinition extends JobDefinition {
  export: { asciiName: string };
}

export function isExportJob(definition: JobDefinition | undefined): definition is ExportJobDefinition {
  return !!definition && 'export' in definition;
}

/**
 * An export job named `name` (also the `files.kind` of what it writes). The workbook is stored as it
 * streams, in chunks (`file_chunks`), for its owner for 7 days.
 * The user's permissions are read again when the job runs, so a role revoked meanwhile counts.
 */
export function exportJobDefinition<Q>(
  name: string,
  options: {
    label: string;
    /** the file name for clients that cannot read `filename*` */
    asciiName: string;
    prepare(db: Executor, ctx: RequestContext, query: Q): Promise<ExportRun>;
  },
): ExportJobDefinition {
  return {
    label: options.label,
    maxAttempts: 2,
    export: { asciiName: options.asciiName },
    handler: async (payload, { db, progress }) => {
      const { userId, query } = payload as ExportPayload<Q>;
      const actor = await loadActor(db.db, userId);
      if (!actor) throw new Error('导出用户已停用');
      const ctx = { actor, ip: '', requestId: 'job' };
      await db.db.deleteFrom('files').where('expires_at', '<', sql<Date>`now()`).execute();
      const run = await options.prepare(db.db, ctx, query);
      const total = run.total;
      await progress(0, `共 ${total.toLocaleString()} 行`);
      // the file row first, then its content as ~32 KiB chunks while the workbook streams: memory stays
      // flat in the row count (a job that fails leaves a file nobody points to, swept when it expires)
      const file = await db.db
        .insertInto('files')
        .values({
          owner_id: userId,
          org_path: run.orgPath,
          region_code: null,
          kind: name,
          name: run.fileName,
          content_type: XLSX_TYPE,
          content: null,
          expires_at: sql<Date>`now() + make_interval(days => ${KEEP_DAYS})`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const sink = fileChunkSink(db.db, file.id);
      const finished = new Promise<void>((resolve, reject) => {
        sink.on('finish', resolve);
        sink.on('error', reject);
      });
      let lastReported = 0;
      const rows = await run.write(sink, async (n) => {
        const percent = total ? Math.floor((n / total) * 95) : 95;
        if (percent > lastReported) {
          lastReported = percent;
          await progress(percent, `已写入 ${n.toLocaleString()} / ${total.toLocaleString()} 行`);
        }
      });
      await finished;
      await db.db.updateTable('files').set({ size_bytes: sink.bytes }).where('id', '=', file.id).execute();
      return {
        progress: 100,
        fileId: file.id,
        rows,
        fileName: run.fileName,
        ...run.result,
        sizeBytes: sink.bytes,
      };
    },
  };
}

/**
 * Queues the export job `name` for the caller and writes its audit event in the same transaction
 * (`audit` gets the job id). Answers the job's status with the rows counted now.
 */
export async function startExportJob(
  db: Executor,
  queue: JobQueue,
  ctx: RequestContext,
  options: {
    name: string;
    query: unknown;
    rows: number;
    orgPath: string | null;
    audit: (trx: Executor, jobId: number) => Promise<void>;
  },
) {
  const jobId = await db.transaction().execute(async (trx) => {
    const payload: ExportPayload = { userId: ctx.actor.userId, query: options.query };
    const id = await queue.enqueue(trx, options.name, payload, {
      createdBy: ctx.actor.userId,
      orgPath: options.orgPath,
    });
    if (id === null) throw new Error(`export job ${options.name} was not queued`);
    await options.audit(trx, id);
    return id;
  });
  const job = await findExportJob(db, ctx, jobId, [options.name]);
  return { ...exportStatus(job), rows: options.rows };
}

// ---------------------------------------------------------------- chunked file content

/**
 * A `file_chunks` row holds 32 KiB. On the embedded database a chunk travels as text (PGlite's bytea
 * parameter is hex): at 1 MiB each was a 2 MiB string and message in V8's large-object space, which only
 * a full collection frees, and the 300,000-member export peaked ~60 MiB higher than with 32 KiB chunks
 * (docs/PERFORMANCE.md). A download reads about `READ_BYTES` a statement, as many rows as that is of the
 * file's widest (files written before 2026-12-06 have 1 MiB rows: one a statement).
 */
const CHUNK_BYTES = 32 << 10;
const READ_BYTES = 1 << 20;

/** A writable that stores what it is given as `file_chunks` rows of ~32 KiB; `bytes` counts them. */
export function fileChunkSink(db: Executor, fileId: number): Writable & { bytes: number } {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await db.insertInto('file_chunks').values({ file_id: fileId, seq: seq++, data }).execute();
  };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      sink.bytes += chunk.length;
      if (pendingBytes < CHUNK_BYTES) return callback();
      flush().then(() => callback(), callback);
    },
    final(callback) {
      flush().then(() => callback(), callback);
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** A file's content: `files.content` if it has it, else its chunks in order, ~`READ_BYTES` a statement. */
export function fileContent(db: Executor, file: { id: number; content: Buffer | null }): Buffer | Readable {
  if (file.content) return file.content;
  return Readable.from(
    (async function* () {
      // octet_length reads the stored size, not the bytes
      const widest = await db
        .selectFrom('file_chunks')
        .select(sql<number | null>`max(octet_length(data))`.as('bytes'))
        .where('file_id', '=', file.id)
        .executeTakeFirst();
      const rows = Math.max(1, Math.floor(READ_BYTES / Math.max(1, Number(widest?.bytes ?? 1))));
      for (let from = 0; ; from += rows) {
        const chunks = await db
          .selectFrom('file_chunks')
          .select('data')
          .where('file_id', '=', file.id)
          .where('seq', '>=', from)
          .where('seq', '<', from + rows)
          .orderBy('seq')
          .execute();
        for (const chunk of chunks) yield chunk.data;
        if (chunks.length < rows) return;
      }
    })(),
  );
}

// ---------------------------------------------------------------- status and download

/** An export job of this user among the jobs named `names`; anyone else's is not found. */
export async function findExportJob(db: Executor, ctx: RequestContext, id: number, names: readonly string[]) {
  const job = names.length
    ? await db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', id)
        .where('name', 'in', names)
        .where('created_by', '=', ctx.actor.userId)
        .executeTakeFirst()
    : undefined;
  if (!job) throw notFound('未找到该导出任务');
  return job;
}

export function exportStatus(job: Awaited<ReturnType<typeof findExportJob>>) {
  const result = (job.result ?? {}) as { progress?: number; note?: string; rows?: number; fileName?: string };
  return {
    id: job.id,
    state: job.state,
    progress: job.state === 'done' ? 100 : (result.progress ?? 0),
    note: result.note ?? null,
    rows: result.rows ?? null,
    fileName: result.fileName ?? null,
    error: job.state === 'failed' ? job.last_error : null,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
  };
}

export async function exportFile(db: Executor, ctx: RequestContext, id: number, names: readonly string[]) {
  const job = await findExportJob(db, ctx, id, names);
  if (job.state !== 'done') throw new AppError('export.not_ready');
  const fileId = (job.result as { fileId?: number } | null)?.fileId;
  const file = fileId
    ? await db
        .selectFrom('files')
        .selectAll()
        .where('id', '=', fileId)
        .where('owner_id', '=', ctx.actor.userId)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst()
    : undefined;
  if (!file) throw notFound('导出文件已过期，请重新导出');
  return { ...file, content: fileContent(db, file), jobName: job.name };
}

/** `GET /api/v1/exports/:id` and `…/download` for every export job the queue knows. */
export function exportRoutes(app: FastifyInstance, { db }: Database, queue: JobQueue) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['导出'];
  const names = Object.keys(queue.definitions).filter((n) => isExportJob(queue.definitions[n]));

  r.get('/api/v1/exports/:id', {
    schema: {
      tags,
      summary: '导出任务的状态与进度（仅限本人发起的导出）',
      params: IdParam,
      response: { 200: ExportJob, ...problemResponses },
    },
    handler: async (req) => exportStatus(await findExportJob(db, contextOf(req), req.params.id, names)),
  });

  r.get('/api/v1/exports/:id/download', {
    schema: {
      tags,
      summary: '下载导出文件（仅限本人发起的导出）',
      params: IdParam,
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const file = await exportFile(db, contextOf(req), req.params.id, names);
      const definition = queue.definitions[file.jobName];
      const asciiName = isExportJob(definition) ? definition.export.asciiName : 'export.xlsx';
      return xlsxAttachment(reply, file.name, asciiName).send(file.content);
    },
  });
}
