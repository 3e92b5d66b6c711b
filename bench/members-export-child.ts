// The child of bench/members-export.ts: opens the bench database and runs the member export job's
// handler (the one the queue runs) as user 1 (the city administrator), then prints one JSON line:
// wall time, rows, file size, the RSS before the export began (Node, the modules, the open database)
// and the process's peak RSS (process.resourceUsage().maxRSS). It imports only what the export needs.
import pino from 'pino';
import { memberExportJob } from '../server/src/modules/members/exportJob.ts';
import { openPglite, openPostgres } from '../server/src/platform/db/database.ts';
import type { Job } from '../server/src/platform/db/schema.ts';
import { arg, round, time } from './lib.ts';

const engine = arg('engine', 'postgres');

const database =
  engine === 'pglite' ? await openPglite(arg('dir', '')) : await openPostgres(arg('url', ''), 4);
const rssBeforeMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
let batches = 0;
const t = await time(() =>
  memberExportJob.handler(
    { userId: 1, query: {} },
    {
      job: { id: 0 } as Job,
      db: database,
      log: pino({ level: 'silent' }),
      progress: async () => {
        batches++;
      },
    },
  ),
);
const result = t.value as { rows: number; sizeBytes: number };
await database.close();
console.log(
  JSON.stringify({
    ms: round(t.ms),
    rows: result.rows,
    sizeBytes: result.sizeBytes,
    progressCalls: batches,
    rssBeforeMiB,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(0);
