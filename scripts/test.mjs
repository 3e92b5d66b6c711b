// npm test: every tier this machine can run, and an honest account of what it skipped and why.
//   lint        biome (lint + format) and the TypeScript compiler over every workspace
//   unit        pure rules (packages/domain, server *.unit.test.ts)
//   pglite      integration tests on the embedded database
//   postgres    the same integration tests on PostgreSQL (TEST_DATABASE_URL), on HONGLIAN_TEST_TODAY_POSTGRES if set
//   browser     Playwright driving the system Chromium against the built pages (CHROMIUM_PATH or /usr/bin/chromium)
// Under CI=true a skipped tier fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfStale } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const ci = process.env.CI === 'true' || process.env.CI === '1';
const results = [];
const counts = { passed: 0, failed: 0, skipped: 0 };
mkdirSync(path.join(root, '.tmp'), { recursive: true });

function run(cmd, args, env = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return { ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function vitest(tier, project, env = {}) {
  const out = path.join(root, '.tmp', `vitest-${tier}.json`);
  const r = run(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${out}`],
    env,
  );
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    counts.passed += report.numPassedTests ?? 0;
    counts.failed += report.numFailedTests ?? 0;
    counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if ((report.numTotalTests ?? 0) === 0) return { ...r, ok: false, note: '没有执行任何测试' };
  }
  return r;
}

function tier(name, label, fn, skipReason) {
  if (only.length && !only.includes(name)) return;
  if (skipReason) {
    results.push({ name, label, status: 'skipped', note: skipReason });
    return;
  }
  console.log(`\n━━━ ${label} (${name}) ━━━`);
  const r = fn();
  results.push({ name, label, status: r.ok ? 'passed' : 'failed', note: r.note ?? `${r.seconds}s` });
}

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && existsSync(p),
);
const pgUrl = process.env.TEST_DATABASE_URL;

tier('lint', '代码检查与类型检查', () => {
  const a = run('npx', ['biome', 'ci', '.']);
  const b = run('npx', ['tsc', '-p', '.']);
  const c = run('npx', ['tsc', '-p', 'web']);
  return {
    ok: a.ok && b.ok && c.ok,
    seconds: (Number(a.seconds) + Number(b.seconds) + Number(c.seconds)).toFixed(1),
  };
});
tier('unit', '单元测试（纯规则）', () => vitest('unit', 'unit'));
tier('pglite', '集成测试（内嵌 PGlite）', () =>
  vitest('pglite', 'integration', { HONGLIAN_TEST_ENGINE: 'pglite' }),
);
// HONGLIAN_TEST_TODAY fixes "today" for the whole run (server/src/platform/clock.ts);
// HONGLIAN_TEST_TODAY_POSTGRES, when set, fixes it for the PostgreSQL tier only, so one CI run covers
// the real date on one engine and a hard date (a year end into an unpublished calendar year) on the other.
const pgToday = process.env.HONGLIAN_TEST_TODAY_POSTGRES || process.env.HONGLIAN_TEST_TODAY;
tier(
  'postgres',
  `集成测试（PostgreSQL${pgToday ? `，今天 = ${pgToday}` : ''}）`,
  () =>
    vitest('postgres', 'integration', {
      HONGLIAN_TEST_ENGINE: 'postgres',
      ...(pgToday ? { HONGLIAN_TEST_TODAY: pgToday } : {}),
    }),
  pgUrl ? undefined : '未设置 TEST_DATABASE_URL（例如 postgres://postgres@127.0.0.1:5432/postgres）',
);
tier(
  'browser',
  '浏览器测试（系统 Chromium）',
  () => {
    // `npm install` built the pages (the `prepare` script); rebuild only if a source is newer
    const started = Date.now();
    if (buildWebIfStale('源文件有改动') !== 0)
      return { ok: false, seconds: ((Date.now() - started) / 1000).toFixed(1), note: '前端构建失败' };
    return vitest('browser', 'e2e', { CHROMIUM_PATH: chromium });
  },
  chromium ? undefined : '未找到 Chromium（apt-get install chromium fonts-noto-cjk，或设置 CHROMIUM_PATH）',
);

console.log('\n━━━ 测试结果 / summary ━━━');
for (const r of results)
  console.log(
    `${r.status === 'passed' ? '✓' : r.status === 'skipped' ? '–' : '✗'} ${r.label} (${r.name}): ${r.status}${r.note ? ` — ${r.note}` : ''}`,
  );
const failed = results.filter((r) => r.status === 'failed');
const skipped = results.filter((r) => r.status === 'skipped');
if (skipped.length && ci)
  console.log(`CI=true：不允许跳过测试层级：${skipped.map((s) => s.name).join(', ')}`);
console.log(
  `今天 / today: ${process.env.HONGLIAN_TEST_TODAY || '真实日期 (real date)'}${pgToday && pgToday !== process.env.HONGLIAN_TEST_TODAY ? `；PostgreSQL 层 ${pgToday}` : ''}`,
);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failed.length || (ci && skipped.length) ? 1 : 0);
