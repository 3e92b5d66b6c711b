import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  expectPageErrors,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

let server: RunningServer;
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('console', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads the login page compressed, under 500 KB of initial JavaScript, and records how long it took', async () => {
    // a fresh browser: nothing cached, as a newcomer's first visit
    const fresh = await launchBrowser();
    try {
      const page = await fresh.context.newPage();
      await page.goto(`${server.baseUrl}/login`);
      await page.getByPlaceholder('请输入用户名').waitFor();
      const load = await page.evaluate(() => {
        const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
          (r) => r.name.endsWith('.js'),
        );
        return {
          readyMs: Math.round(performance.now()),
          scripts: scripts.length,
          // bytes on the wire (compressed) and after decompression
          transferred: scripts.reduce((sum, r) => sum + r.encodedBodySize, 0),
          decoded: scripts.reduce((sum, r) => sum + r.decodedBodySize, 0),
        };
      });
      // the figure goes to the log and to .tmp for the record; timings are never a pass/fail threshold
      console.log(
        `[首次加载] 登录页可输入 ${load.readyMs} ms，脚本 ${load.scripts} 个，传输 ${Math.round(load.transferred / 1024)} KB（解压后 ${Math.round(load.decoded / 1024)} KB）`,
      );
      writeFileSync(path.join(SCREENSHOTS, '..', 'first-load.json'), JSON.stringify(load));
      expect(load.transferred).toBeLessThan(500 * 1024);
      // sent compressed: far fewer bytes on the wire than the scripts themselves
      expect(load.transferred).toBeLessThan(load.decoded / 2);
      await page.close();
    } finally {
      await fresh.close();
    }
  });

  it('logs admin in through the real form, lands on 工作台 and shows the organization tree in Chinese', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByPlaceholder('请输入用户名').fill('admin');
    await page.getByPlaceholder('请输入密码').fill('Honglian@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/home$/);
    await page.getByTestId('figure-orgs').waitFor();
    await page.getByRole('menuitem', { name: '组织架构' }).click();
    await page.waitForURL(/\/orgs/);
    await page.getByRole('tree').getByText('中共厦门市委员会').first().waitFor({ timeout: 15_000 });
    await page.getByRole('tree').getByText('中共福安市委员会').first().waitFor({ timeout: 15_000 });
    await page
      .getByText(/演示模式/)
      .first()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-orgs.png') });
    const lang = await page.evaluate(() => document.documentElement.lang);
    expect(lang).toBe('zh-CN');
  });

  it('refuses a wrong password with a Chinese message and stays on the login page', async () => {
    expectPageErrors(/status of 401/); // the refused login, logged by Chromium
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByPlaceholder('请输入用户名').fill('district');
    await page.getByPlaceholder('请输入密码').fill('wrong-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误').first().waitFor({ timeout: 15_000 });
    expect(page.url()).toContain('/login');
  });
});

describe('phone pages', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser({ width: 390, height: 844, mobile: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('logs a member in at /m/ and shows their page with their branch', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/m/`);
    await page.waitForURL(/\/m\/login/);
    await page.getByPlaceholder('请输入用户名').fill('member');
    await page.getByPlaceholder('请输入密码').fill('Honglian@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('陈嘉怡（党员）').first().waitFor({ timeout: 15_000 });
    await page.getByText('厦门鹭岛智造科技有限公司党支部').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mobile-me.png') });
  });
});
