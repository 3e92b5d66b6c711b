import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { addMonths, makeIdNumber } from '@honglian/domain';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../server/src/platform/clock.ts';
import { apiClient } from '../server/src/test/process.ts';
import { type Browser, launchBrowser, type RunningServer, SCREENSHOTS, startServer } from './harness.ts';

// 我的提醒 on a 390 px phone: a branch secretary sees the open findings the sweep reminded them of (rule,
// reason, since when), opens one, and sees it leave the list once the data no longer shows it.

let server: RunningServer;
let browser: Browser;
const today = clock.today();
const lastMonth = addMonths(today.slice(0, 7), -1);
let branchId = 0;
const WIDTH = 390;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser({ width: WIDTH, height: 844, mobile: true });
  const admin = await apiClient(server.baseUrl, 'admin');
  const parent = (await admin('GET', `/api/v1/orgs?q=${encodeURIComponent('湖里区非公有制经济组织')}`))
    .items[0];
  // set up at the start of last month, nothing held since: last month's 支委会 and 主题党日 are missing
  const branch = await admin('POST', '/api/v1/orgs', {
    name: '厦门手机提醒测试科技有限公司党支部',
    type: 'branch',
    parentId: parent.id,
    establishedOn: `${lastMonth}-01`,
  });
  branchId = branch.id;
  await admin('POST', '/api/v1/members', {
    orgId: branchId,
    name: '许文静',
    idNumber: makeIdNumber('350206', '1990-03-18', '042'),
    gender: 'female',
    birthDate: '1990-03-18',
    phone: '17000000042',
  });
  const user = await admin('POST', '/api/v1/users', {
    username: 'm.secretary',
    displayName: '许文静（支部书记）',
    password: 'Honglian2026phone',
    orgId: branchId,
  });
  await admin('POST', `/api/v1/users/${user.id}/roles`, { role: 'branch_admin', orgId: branchId });
  await admin('POST', '/api/v1/compliance/sweep', { orgId: branchId });
}, 420_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string, password: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.goto(`${server.baseUrl}/m/login`);
  await page.getByPlaceholder('请输入用户名').fill(username);
  await page.getByPlaceholder('请输入密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/m/login'));
  return page;
}

/** Nothing wider than the phone: no sideways scrolling, no clipped Chinese text. */
async function fitsThePhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(WIDTH);
}

describe('我的提醒（手机）', () => {
  it('shows the secretary their open reminders with rule, reason and since when, opens one, and drops it once fixed', async () => {
    let page = await signIn('m.secretary', 'Honglian2026phone');
    await page.goto(`${server.baseUrl}/m/`);
    const entry = page.locator('.adm-list-item', { hasText: '我的提醒' });
    await entry.waitFor();
    await page.getByTestId('unread').waitFor();
    await entry.click();
    await page.waitForURL(/\/m\/reminders$/);

    const items = page.getByTestId('reminders').locator('.adm-list-item');
    const themeDay = items.filter({ hasText: '该期间内没有登记已召开的主题党日' });
    await themeDay.first().waitFor();
    const text = (await themeDay.first().textContent()) ?? '';
    expect(text).toContain('"三会一课"和主题党日按期召开');
    expect(text).toContain(
      `厦门手机提醒测试科技有限公司党支部${Number(lastMonth.slice(0, 4))}年${Number(lastMonth.slice(5))}月未召开主题党日`,
    );
    expect(text).toContain(`自 ${addMonths(lastMonth, 1)}-01 起`);
    expect(text).toContain('依据《中国共产党支部工作条例（试行）》（2018）第十一条（支部党员大会）');
    expect(text).toContain('未整改');
    expect(text).toContain('提醒');
    await expect(page.getByTestId('reminders-summary').textContent()).resolves.toMatch(
      /^共 \d+ 条，未读 \d+ 条$/,
    );
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'm-reminders.png'), fullPage: true });

    // open it: the finding with its rule, article, reason, start date and who is reminded
    await themeDay.first().click();
    await page.waitForURL(/\/m\/findings\/\d+$/);
    const finding = page.getByTestId('finding');
    await finding.waitFor();
    await expect(finding.textContent()).resolves.toContain('未召开主题党日');
    await page
      .getByText(
        '依据《中国共产党支部工作条例（试行）》（2018）第十一条（支部党员大会）、第十二条（支部委员会会议）、第十三条（党小组会）；第五章（组织生活）第十六条（党课、主题党日）[待核]',
        { exact: true },
      )
      .waitFor();
    await page.getByText('该期间内没有登记已召开的主题党日', { exact: true }).waitFor();
    await page.getByText('许文静（支部书记）', { exact: true }).waitFor();
    await page.getByText('发现问题 · 系统（合规检查）').waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'm-finding.png'), fullPage: true });

    // a note from the phone lands on the finding's record
    await page.getByPlaceholder('说明整改情况或安排，上级督办时可见').fill('已安排本周五补开主题党日');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('已安排本周五补开主题党日').waitFor();
    await page.close();

    // the meeting is recorded and the next sweep resolves the finding by itself
    const admin = await apiClient(server.baseUrl, 'admin');
    await admin('POST', '/api/v1/orglife/meetings/held', {
      orgId: branchId,
      kind: 'theme_day',
      title: '主题党日（补开）',
      heldOn: `${lastMonth}-20`,
    });
    await admin('POST', '/api/v1/compliance/sweep', { orgId: branchId });
    page = await signIn('m.secretary', 'Honglian2026phone');
    await page.goto(`${server.baseUrl}/m/reminders`);
    await page.getByTestId('reminders').locator('.adm-list-item').first().waitFor();
    expect(
      await page.getByTestId('reminders').locator('.adm-list-item', { hasText: '未召开主题党日' }).count(),
    ).toBe(0);
    await page.getByText('全部', { exact: true }).click();
    const done = page.getByTestId('reminders').locator('.adm-list-item', { hasText: '未召开主题党日' });
    await done.first().waitFor();
    await expect(done.first().textContent()).resolves.toContain('已整改');
    await page.close();

    // a member without any reminder sees an empty page that says who gets them
    page = await signIn('member', 'Honglian@2026');
    await page.goto(`${server.baseUrl}/m/reminders`);
    await page.getByText('没有待整改的提醒').waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'm-reminders-empty.png'), fullPage: true });
    await page.close();
  }, 300_000);
});
