import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../server/src/platform/clock.ts';
import {
  type Browser,
  landed,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

// 党费: a branch secretary records a payment in the console; the member sees and confirms their dues on the phone.
// The demo data has this year's bases and ledgers, about a third of the branch unpaid this month.

let server: RunningServer;
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('党费管理 (console)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('Honglian@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await landed(page);
    return page;
  }

  it('records a payment for an unpaid member of this month and shows it as 已交', async () => {
    const page = await signIn('secretary');
    await page.getByRole('menuitem', { name: '党费管理' }).click();
    await page.waitForURL(/\/dues/);
    await page.getByTestId('ledger-totals').waitFor();

    const unpaid = page
      .getByRole('row')
      .filter({ has: page.getByText('未交', { exact: true }) })
      .first();
    const name = ((await unpaid.getByRole('cell').nth(1).textContent()) ?? '').trim();
    expect(name).not.toBe('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dues-ledger.png') });

    await page.getByRole('button', { name: `为 ${name} 登记缴费` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`登记缴费：${name}`).waitFor();
    // More than is owed is refused before sending, with the way to record the rest.
    const owed = await dialog.getByLabel('金额（元）').inputValue();
    expect(owed).toMatch(/^\d+\.\d{2}$/);
    await dialog.getByLabel('金额（元）').fill('100000');
    await dialog.getByText(/本次最多登记/).waitFor();
    await dialog.getByLabel('金额（元）').fill(owed);
    await dialog.getByRole('button', { name: '登记' }).click();
    await page.getByText(`已登记 ${name}`).first().waitFor();

    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByText('已交', { exact: true }).waitFor();
    expect(await row.getByText('未交', { exact: true }).count()).toBe(0);

    const tabs = { 缴费基数: 'bases', 欠缴提醒: 'arrears', 收缴统计: 'summary' } as const;
    for (const [tab, file] of Object.entries(tabs)) {
      await page.getByRole('tab', { name: tab }).click();
      if (tab === '缴费基数') await page.getByTestId('bases-count').waitFor();
      if (tab === '欠缴提醒') await page.getByText(/D11：依据/).waitFor();
      if (tab === '收缴统计') await page.getByTestId('dues-summary').locator('canvas').first().waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, `dues-${file}.png`), fullPage: true });
    }
    await page.close();
  });
});

describe('我的党费 (phone)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser({ width: 390, height: 844, mobile: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the member this year’s amount with its rule and lets them confirm it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/m/login`);
    await page.getByPlaceholder('请输入用户名').fill('member');
    await page.getByPlaceholder('请输入密码').fill('Honglian@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('我的党费').click();
    await page.waitForURL(/\/m\/dues/);
    const year = clock.today().slice(0, 4);
    await page.getByText(`${year} 年核定`).waitFor();
    await page.getByText(/依据《关于中国共产党党费收缴、使用和管理的规定》/).waitFor();
    await page.getByText('党费请向所在党支部交纳').waitFor();
    // No online payment: there is no button to pay.
    expect(await page.getByRole('button', { name: /缴费|支付/ }).count()).toBe(0);

    await page.getByRole('button', { name: '确认本年度党费' }).click();
    await page.getByRole('button', { name: '确认无误' }).click();
    await page.getByTestId('dues-confirmed').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mobile-dues.png'), fullPage: true });
    await page.close();
  });
});
