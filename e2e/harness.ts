import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/src/demo/load.ts';
import { spawnServer } from '../server/src/test/process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the real server process (as `npm start` does, without the build step) on a new demo database. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'honglian-e2e-'));
  const server = await spawnServer({
    HONGLIAN_DATA_DIR: dataDir,
    HONGLIAN_DEMO: '1',
    DATABASE_URL: '',
    ...env,
  });
  return {
    baseUrl: server.baseUrl,
    async stop() {
      await server.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** The system Chromium (never a downloaded one), headless, with a fresh profile. */
export async function launchBrowser(
  options: { width?: number; height?: number; mobile?: boolean } = {},
): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'honglian-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // the same 2-core machine runs the server, Chromium and sometimes other test tiers: give each wait a
  // minute instead of Playwright's 30 s before calling it a failure (vitest's 120 s still bounds a test)
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOTS = path.join(root, '.tmp', 'screenshots');

/** Logs a demo account in through the console's login form (fresh cookies), then opens `url`. */
export async function consolePage(
  browser: Browser,
  baseUrl: string,
  username: string,
  url: string,
): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`${baseUrl}${url}`);
  return page;
}
