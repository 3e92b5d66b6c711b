/**
 * How long the demo city takes to load on an in-memory PGlite: every integration test file and every
 * browser-test server pays it. `npx tsx bench/demo-load.ts [runs]`.
 */
import { loadDemoIfEmpty } from '../server/src/demo/load.ts';
import { systemNow } from '../server/src/platform/clock.ts';
import { openPglite } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';

const runs = Number(process.argv[2] ?? 3);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const database = await openPglite(undefined);
  await migrate(database);
  const started = systemNow().getTime();
  await loadDemoIfEmpty(database);
  times.push(systemNow().getTime() - started);
  await database.close();
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `demo load on PGlite: ${times.map((t) => `${t} ms`).join(', ')} (median ${sorted[Math.floor(runs / 2)]} ms)`,
);
