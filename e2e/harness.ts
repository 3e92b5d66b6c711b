import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterEach, inject } from 'vitest';
import { DEMO_PASSWORD } from '../server/src/demo/load.ts';
import { apiClient, spawnServer } from '../server/src/test/process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the real server process (as `npm start` does, without the build step) on a new demo database:
 * a copy of the demo city the run built once (server/src/test/templates.ts), which the server finds
 * already loaded. Without that copy (a file run outside the e2e project), the server loads it itself.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'honglian-e2e-'));
  const template = inject('e2eDemoFolder');
  if (template) cpSync(template, dataDir, { recursive: true });
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

/** An uncaught error in a page, or a line the page logged to the console as an error. */
export interface PageProblem {
  kind: 'pageerror' | 'console';
  text: string;
  url: string;
}

// Every page of every browser the harness launches reports here; after each test the problems the test
// did not declare with `expectPageErrors` fail it. A page error is a bug the user would meet (a blank
// screen, a dialog that stops working); a console error is a failed request or a React warning.
let problems: PageProblem[] = [];
let expected: RegExp[] = [];

/** Declares errors the current test provokes on purpose (a wrong password answers 401, logged by Chromium). */
export function expectPageErrors(...patterns: RegExp[]): void {
  expected.push(...patterns);
}

/** The problems seen so far in the current test (for tests that check them themselves). */
export function pageProblems(): PageProblem[] {
  return [...problems];
}

function watch(page: Page): void {
  page.on('pageerror', (error) => {
    problems.push({ kind: 'pageerror', text: `${error.name}: ${error.message}`, url: page.url() });
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const location = message.location().url;
    problems.push({
      kind: 'console',
      text: location ? `${message.text()} (${location})` : message.text(),
      url: page.url(),
    });
  });
}

afterEach(() => {
  const unexpected = problems.filter((p) => !expected.some((re) => re.test(p.text)));
  problems = [];
  expected = [];
  if (unexpected.length > 0) {
    throw new Error(
      `页面出现未预期的错误 (unexpected page errors):\n${unexpected
        .map((p) => `  [${p.kind}] ${p.text}\n    at ${p.url}`)
        .join('\n')}`,
    );
  }
});

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
  for (const page of context.pages()) watch(page);
  context.on('page', watch);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOTS = path.join(root, '.tmp', 'screenshots');

/**
 * Waits until a console login has landed: off the login page, past the `/` that redirects each role to its
 * work, with the header showing the user. A menu click before that can be undone by the redirect.
 */
export async function landed(page: Page): Promise<void> {
  await page.waitForURL((u) => u.pathname !== '/' && !u.pathname.startsWith('/login'));
  await page.getByTestId('current-user').waitFor();
}

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
  await landed(page);
  await page.goto(`${baseUrl}${url}`);
  return page;
}

/** Logs a demo account in through the phone pages' login form at 390×844 (fresh cookies); lands on 我的. */
export async function phonePage(browser: Browser, baseUrl: string, username: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl}/m/login`);
  await page.getByPlaceholder('请输入用户名').fill(username);
  await page.getByPlaceholder('请输入密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('我的服务').waitFor();
  return page;
}

/** A case action in the console: its button, the dialog's fields by label, 确定, and the dialog gone. */
export async function caseAction(page: Page, button: string, fields: Record<string, string> = {}) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * Sets a case category's rating change window as the city administrator, through the API: 0 lets a
 * rating take effect at once (the statistics and points count it), for tests that are not about the window.
 */
export async function setRatingWindow(baseUrl: string, code: string, minutes: number): Promise<void> {
  const admin = await apiClient(baseUrl, 'admin');
  const { items } = (await admin('GET', '/api/v1/case-categories')) as {
    items: Array<{ id: number; code: string }>;
  };
  const category = items.find((c) => c.code === code);
  if (!category) throw new Error(`no case category ${code}`);
  await admin('PATCH', `/api/v1/case-categories/${category.id}`, { ratingChangeMinutes: minutes });
}
