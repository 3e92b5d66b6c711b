// npm run bench:console-load -- [--runs=7]
// The console's first load as a newcomer's browser sees it: the real server (built pages, an empty
// embedded database: the login page needs no data) and the system Chromium, each run in a fresh browser
// profile (nothing cached), then once more in the same profile (what a returning user waits for).
// Measured in the page: from the start of navigation until the login form can be typed into.
// Also the build's initial JavaScript for the console page (the entry and every chunk index.html
// preloads), as sent: gzip and brotli. Writes its section of docs/PERFORMANCE.md.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { systemNow } from '../server/src/platform/clock.ts';
import { spawnServer } from '../server/src/test/process.ts';
import { arg, machine, root, writeSection } from './lib.ts';

const runs = Number(arg('runs', '7'));
const dist = path.join(root, 'web', 'dist');

/** The console's initial scripts: the entry module and the chunks index.html preloads. */
function initialScripts(): Array<{ file: string; raw: number; gzip: number; brotli: number }> {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return files.map((file) => {
    const bytes = readFileSync(path.join(dist, file));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes).length,
    };
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'honglian-bench-'));
const server = await spawnServer({ DATABASE_URL: '', HONGLIAN_DATA_DIR: dataDir, HONGLIAN_DEMO: '0' });
const kb = (n: number) => Math.round(n / 102.4) / 10;

interface Sample {
  readyMs: number;
  domContentLoadedMs: number;
  transferredKb: number;
}

async function load(context: import('playwright-core').BrowserContext): Promise<Sample> {
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').waitFor();
  const sample = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      readyMs: performance.now(),
      domContentLoadedMs: nav.domContentLoadedEventEnd,
      transferred: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    };
  });
  await page.close();
  return {
    readyMs: Math.round(sample.readyMs),
    domContentLoadedMs: Math.round(sample.domContentLoadedMs),
    transferredKb: kb(sample.transferred),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const profile = mkdtempSync(path.join(tmpdir(), 'honglian-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      locale: 'zh-CN',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const first = await load(context);
      const again = await load(context);
      // the first browser start warms the machine's file cache: not counted
      if (i > 0) {
        cold.push(first);
        warm.push(again);
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  const scripts = initialScripts();
  const sum = (key: 'raw' | 'gzip' | 'brotli') => kb(scripts.reduce((s, f) => s + f[key], 0));
  const result = {
    runs,
    coldReadyMs: median(cold.map((s) => s.readyMs)),
    coldWorstMs: Math.max(...cold.map((s) => s.readyMs)),
    coldDomContentLoadedMs: median(cold.map((s) => s.domContentLoadedMs)),
    coldTransferredKb: median(cold.map((s) => s.transferredKb)),
    warmReadyMs: median(warm.map((s) => s.readyMs)),
    warmTransferredKb: median(warm.map((s) => s.transferredKb)),
    initialJs: { files: scripts.length, rawKb: sum('raw'), gzipKb: sum('gzip'), brotliKb: sum('brotli') },
  };
  const date = systemNow().toISOString().slice(0, 10);
  writeSection(
    'console-load',
    `### 管理后台首次加载（登录页，本机回环） (${date})

机器：${machine()}。命令：\`npm run bench:console-load -- --runs=${runs}\`。每次用全新的浏览器配置（无缓存）打开
\`/login\`，从开始导航到“用户名”输入框可输入为止（页面内 \`performance.now()\`），取 ${runs} 次中位数；随后在同一配置中
再打开一次（资源已缓存）。

| 指标 | 结果 |
|---|---|
| 首次加载（无缓存），中位数 / 最慢 | ${result.coldReadyMs} ms / ${result.coldWorstMs} ms |
| 首次加载的 DOMContentLoaded，中位数 | ${result.coldDomContentLoadedMs} ms |
| 首次加载传输量（含页面、脚本、样式） | ${result.coldTransferredKb} KB |
| 再次打开（已缓存），中位数 | ${result.warmReadyMs} ms，传输 ${result.warmTransferredKb} KB |
| 初始脚本（入口 + 预加载的 ${result.initialJs.files} 个分块） | 原始 ${result.initialJs.rawKb} KB；gzip ${result.initialJs.gzipKb} KB；brotli ${result.initialJs.brotliKb} KB |

服务端直接发送构建时写好的 \`.br\`/\`.gz\` 副本（\`web/vite.config.ts\` 的 precompress），带哈希的资源
\`Cache-Control: public, max-age=31536000, immutable\`，页面 \`no-cache\`。`,
  );
  console.log(JSON.stringify(result));
} finally {
  await server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
