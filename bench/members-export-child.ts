// The child of bench/members-export.ts and bench/members.ts (`memberExportInChild` in lib.ts): opens the
// bench database and runs the member export job's handler (the one the queue runs) as user 1 (the city
// administrator), then prints one JSON line: wall time, rows, file size, the RSS before the export began
// (Node, the modules, the open database), the JS heap's sampled peak, PGlite's WebAssembly memory, and
// the process's peak RSS (`VmHWM` of /proc/self/status). It imports only what the export needs.
//
// Not process.resourceUsage().maxRSS: Linux carries the parent's RSS into a child's maxRSS (the fork's copy
// of its address space counts until exec), so a child of a bench holding a generated city reported the
// parent's 360 MiB, and one of a 3 GiB process 3 GiB. VmHWM is the high-water mark of this process's own
// address space, which starts at exec.

import { readFileSync } from 'node:fs';
import pino from 'pino';
import { memberExportJob } from '../server/src/modules/members/exportJob.ts';
import { openPglite, openPostgres } from '../server/src/platform/db/database.ts';
import type { Job } from '../server/src/platform/db/schema.ts';
import { arg, round, time } from './args.ts';

const engine = arg('engine', 'postgres');
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

const database =
  engine === 'pglite' ? await openPglite(arg('dir', '')) : await openPostgres(arg('url', ''), 4);
let wasmBytes = () => 0;
if (database.native.engine === 'pglite')
  await database.native.exclusive(async (pglite) => {
    // the module's memory (PGlite's shared buffers and every palloc); it grows and never shrinks
    const mod = (pglite as unknown as { mod: { HEAPU8: Uint8Array } }).mod;
    wasmBytes = () => mod.HEAPU8.length;
  });
const rssBeforeMiB = mib(process.memoryUsage().rss);
let heapPeak = 0;
const sample = setInterval(() => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}, 100);
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
clearInterval(sample);
const result = t.value as { rows: number; sizeBytes: number };
const wasmMiB = mib(wasmBytes());
await database.close();
console.log(
  JSON.stringify({
    ms: round(t.ms),
    rows: result.rows,
    sizeBytes: result.sizeBytes,
    progressCalls: batches,
    rssBeforeMiB,
    heapPeakMiB: mib(heapPeak),
    wasmMiB,
    maxRssMiB: Math.round(peakRssKiB() / 1024),
  }),
);
process.exit(0);

/** This process's peak resident set (kB), from the kernel's high-water mark of its address space. */
function peakRssKiB(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Number(line.split(/\s+/)[1]) : process.resourceUsage().maxRSS;
}
