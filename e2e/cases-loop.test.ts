import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  consolePage as openConsole,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

// Issue 5's loop: a resident files with a photo on the phone, the case is routed to `handler`, signed and
// handled, rated unsatisfied, redone under supervision, rated satisfied and closed; `admin` sees every step
// and the points arrive only at the close.

let server: RunningServer;
let browser: Browser;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  // this file walks the loop itself: ratings of 食品安全 take effect at once (the 30-minute change
  // window is walked in case-people.test.ts)
  await setRatingWindow('SPAQ', 0);
});

/** Sets a category's rating change window as the city administrator, through the API. */
async function setRatingWindow(code: string, minutes: number) {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Honglian@2026' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const list = (await (await fetch(`${server.baseUrl}/api/v1/case-categories`, { headers })).json()) as {
    items: Array<{ id: number; code: string }>;
  };
  const id = list.items.find((c) => c.code === code)!.id;
  const res = await fetch(`${server.baseUrl}/api/v1/case-categories/${id}`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ ratingChangeMinutes: minutes }),
  });
  if (!res.ok) throw new Error(`setting the rating window failed: ${res.status} ${await res.text()}`);
}

/** 评价 on the phone: choose, give the reason, submit, confirm. */
async function rateOnPhone(page: Page, label: string, reason?: string) {
  await page.getByRole('button', { name: label, exact: true }).click();
  if (reason) await page.getByPlaceholder('请写明不满意的原因（必填）').fill(reason);
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByRole('button', { name: '确认提交' }).click();
}
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(username: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.baseUrl}/m/login`);
  await page.getByPlaceholder('请输入用户名').fill(username);
  await page.getByPlaceholder('请输入密码').fill('Honglian@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('我的服务').waitFor();
  return page;
}

function consolePage(username: string, url: string): Promise<Page> {
  return openConsole(browser, server.baseUrl, username, url);
}

async function act(page: Page, button: string, fields: Record<string, string> = {}) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function balance(page: Page): Promise<string> {
  await page.goto(`${server.baseUrl}/m/points`);
  const el = page.getByTestId('points-balance');
  await el.filter({ hasText: /^\d+$/ }).waitFor();
  return (await el.textContent()) ?? '';
}

describe('点单→派单→接单→评单', () => {
  it('walks the whole loop across the phone and the console', async () => {
    // 1. the resident files 随手拍 with a photo
    let page = await phone('resident');
    await page.getByText('随手拍').first().click();
    await page.getByText('食品安全').click();
    await page.getByPlaceholder('一句话说明问题').fill('兴隆路小吃店售卖过期饮料');
    await page.getByPlaceholder('时间、地点、情况').fill('冰柜里有多瓶过期饮料，店主不予处理');
    await page
      .getByTestId('photo-input')
      .setInputFiles({ name: 'shop.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('photo-count').filter({ hasText: '已选 1 张' }).waitFor();
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/m\/cases\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByText('承办：厦门市湖里区市场监督管理局', { exact: true }).waitFor();
    // the rider holds the points of a year of closed reports (the demo's case history); filing adds none
    const before = Number(await balance(page));
    expect(before).toBeGreaterThan(0);
    await page.close();

    // 2. the handler signs, handles and replies with evidence
    page = await consolePage('handler', `/cases/${id}`);
    await page.getByText('按「食品安全」派单规则派至').waitFor();
    await act(page, '签收（接单）');
    await act(page, '开始办理');
    await act(page, '回单', {
      答复内容: '已责令下架过期饮料',
      '办理凭证（现场照片、文书编号等说明）': '现场检查笔录 HL-2026-001',
    });
    await page.getByText('已回单').first().waitFor();
    await page.close();

    // 3. the resident is not satisfied: redo under supervision, no points yet
    page = await phone('resident');
    await page.goto(`${server.baseUrl}/m/cases/${id}`);
    await rateOnPhone(page, '不满意', '冰柜里仍有过期饮料');
    await page.getByTestId('case-state').filter({ hasText: '办理中' }).waitFor();
    await page.getByText('一般督办').waitFor();
    expect(Number(await balance(page))).toBe(before);
    await page.close();

    // 4. the handler replies again
    page = await consolePage('handler', `/cases/${id}`);
    await page.getByText('一般督办').first().waitFor();
    await act(page, '回单', {
      答复内容: '已全部下架并立案查处',
      '办理凭证（现场照片、文书编号等说明）': '立案决定书 湖市监立〔2026〕8号',
    });
    await page.close();

    // 5. satisfied: closed, and only now the points
    page = await phone('resident');
    await page.goto(`${server.baseUrl}/m/cases/${id}`);
    await rateOnPhone(page, '满意');
    await page.getByTestId('case-state').filter({ hasText: '办结' }).waitFor();
    await page.getByTestId('case-points').waitFor();
    expect(Number(await balance(page))).toBe(before + 10);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cases-phone-points.png') });
    await page.close();

    // 6. the city sees every step
    page = await consolePage('admin', `/cases/${id}`);
    await page.getByText('办结').first().waitFor();
    const events = page.getByTestId('case-event');
    await events.nth(8).waitFor();
    const text = (await events.allTextContents()).join('\n');
    for (const step of ['提交诉求', '受理', '派单', '签收（接单）', '开始办理', '回单', '评价（评单）'])
      expect(text).toContain(step);
    expect(text).toContain('不满意');
    expect(text).toContain('满意');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cases-admin-detail.png'), fullPage: true });
    await page.close();
  });
});
