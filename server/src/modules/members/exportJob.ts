import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { loadActor } from '../../platform/auth.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { XLSX_TYPE } from '../../platform/xlsx.ts';
import { writeMembersXlsx } from './excel.ts';
import * as repo from './repository.ts';
import type { ListMembersFilter } from './schemas.ts';
import { exportFileName, exportPlan, memberBatches } from './service.ts';

export interface ExportPayload {
  userId: number;
  query: ListMembersFilter;
}

/** How long a generated export stays downloadable. */
const KEEP_DAYS = 7;

/**
 * The export job (exports over 10,000 rows): streams the workbook into memory batch by batch (keyset
 * pages of 5,000 members), reporting progress, and stores it in `files` for its owner to download.
 * The user's permissions are read again when the job runs, so a role revoked meanwhile counts.
 */
export const memberExportJob: JobDefinition = {
  label: '导出党员台账',
  maxAttempts: 2,
  handler: async (payload, { db, progress }) => {
    const { userId, query } = payload as ExportPayload;
    const actor = await loadActor(db.db, userId);
    if (!actor) throw new Error('导出用户已停用');
    const ctx = { actor, ip: '', requestId: 'job' };
    await db.db.deleteFrom('files').where('expires_at', '<', sql<Date>`now()`).execute();
    const { filter, full } = await exportPlan(db.db, ctx, query);
    const total = await repo.countMembers(db.db, filter);
    await progress(0, `共 ${total.toLocaleString()} 行`);
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    let lastReported = 0;
    const rows = await writeMembersXlsx(stream, memberBatches(db.db, filter), {
      full,
      onBatch: async (n) => {
        const percent = total ? Math.floor((n / total) * 95) : 95;
        if (percent > lastReported) {
          lastReported = percent;
          await progress(percent, `已写入 ${n.toLocaleString()} / ${total.toLocaleString()} 行`);
        }
      },
    });
    await ended;
    const content = Buffer.concat(chunks);
    const fileName = exportFileName();
    const file = await db.db
      .insertInto('files')
      .values({
        owner_id: userId,
        org_path: filter.subtreePath ?? filter.scope[0] ?? null,
        region_code: null,
        kind: 'members.export',
        name: fileName,
        content_type: XLSX_TYPE,
        size_bytes: content.length,
        content,
        expires_at: sql<Date>`now() + make_interval(days => ${KEEP_DAYS})`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { progress: 100, fileId: file.id, rows, fileName, full, sizeBytes: content.length };
  },
};
