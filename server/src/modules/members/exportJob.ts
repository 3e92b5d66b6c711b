import { exportJobDefinition } from '../../platform/exports.ts';
import { writeMembersXlsx } from './excel.ts';
import * as repo from './repository.ts';
import type { ListMembersFilter } from './schemas.ts';
import { exportFileName, exportPlan, memberBatches } from './service.ts';

/**
 * Members per keyset page. Measured (bench:members-export, 234,820 members, PostgreSQL): 5,000 peaked at
 * 363 MiB RSS, 2,000 at 322 MiB, 1,000 at 315 MiB and 500 at 320 MiB, all in 5.6–6.3 s. On PGlite
 * (300,000 members, the bundled server, 32 KiB file chunks; three runs each): 2,000 peaked at 284–318 MiB
 * with a JS heap of 58–82 MiB, 1,000 at 267–288 MiB with 41–45 MiB, 500 at 279–298 MiB.
 */
const EXPORT_BATCH = 1000;

/**
 * The member export job (exports over 10,000 rows): keyset pages of members streamed into the
 * workbook, masked unless the user may read in full everywhere the export reaches.
 */
export const memberExportJob = exportJobDefinition<ListMembersFilter>('members.export', {
  label: '导出党员台账',
  asciiName: 'members.xlsx',
  prepare: async (db, ctx, query) => {
    const { filter, full } = await exportPlan(db, ctx, query);
    return {
      total: await repo.countMembers(db, filter),
      orgPath: filter.subtreePath ?? filter.scope[0] ?? null,
      fileName: exportFileName(),
      write: (stream, onBatch) =>
        writeMembersXlsx(stream, memberBatches(db, filter, EXPORT_BATCH), { full, onBatch }),
      result: { full },
    };
  },
});
