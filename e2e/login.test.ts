import { mkdirSync } from 'node:fs';
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

  it('logs admin in through the real form and shows the organization tree in Chinese', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByPlaceholder('请输入用户名').fill('admin');
    await page.getByPlaceholder('请输入密码').fill('Honglian@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
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
