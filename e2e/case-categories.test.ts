import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  consolePage as openConsole,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

// Issue 5, categories and routing as data: `district` (湖里区委组织部) creates a category with a question,
// routes it in 兴隆社区 to the first grid without auto-dispatch; a resident files two cases; the dispatch
// dialog offers the routed grid first, and the merge dialog lists the similar open case by number + title.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiLogin(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post(`${server.baseUrl}/api/v1/auth/login`, {
    data: { username, password: 'Honglian@2026' },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).csrfToken as string;
}

function consolePage(username: string, url: string): Promise<Page> {
  return openConsole(browser, server.baseUrl, username, url);
}

/** Types into an OrgTreeSelect and picks the search result whose path ends with `name`. */
async function pickOrg(page: Page, label: string, name: string) {
  const scope = page.locator('.ant-drawer, .ant-modal').last();
  const field = scope.getByLabel(label);
  await field.click();
  // the tree shows the scope's roots at once and the search results when they arrive: wait for the
  // search, or the click can land on a root node that the results are about to replace
  const searched = page.waitForResponse((r) => r.url().includes('/api/v1/orgs?') && r.url().includes('q='));
  await field.fill(name);
  await searched;
  await page.locator('.ant-select-tree-treenode', { hasText: name }).first().click();
  // the chosen org now stands in the field instead of the placeholder
  const id = await field.getAttribute('id');
  await scope
    .locator('.ant-select', { has: page.locator(`[id="${id}"]`) })
    .getByText(name)
    .first()
    .waitFor();
}

describe('分类与派单规则 in the console', () => {
  it('creates a category with a question and a route, then dispatch and merge use pickers', async () => {
    const page = await consolePage('district', '/cases/categories');
    await page.getByRole('button', { name: '新建分类' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByLabel('分类代码').fill('ZSFW');
    await modal.getByLabel('分类名称').fill('噪声扰民');
    await modal.getByLabel('类别').fill('城市管理');
    await pickOrg(page, '适用组织', '中共厦门市湖里区委员会');
    await modal.getByRole('button', { name: '添加问题' }).click();
    await modal.getByLabel('代码', { exact: true }).fill('WHEN');
    await modal.getByLabel('问题', { exact: true }).fill('发生时段');
    // the rating window: 30 minutes by default, a cleared field is refused in Chinese, then 10
    const window = modal.getByLabel('评价可修改时限（分钟）');
    expect(await window.inputValue()).toBe('30');
    await modal.getByText('期满才生效').waitFor();
    await window.fill('');
    await window.blur();
    await modal.getByText('请填写评价可修改时限').waitFor();
    await window.fill('10');
    await modal.getByText('请填写评价可修改时限').waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'case-category-edit.png') });
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await modal.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /ZSFW/ });
    await row.getByText('中共厦门市湖里区委员会').waitFor();
    expect(await row.getByRole('button', { name: '编辑' }).count()).toBe(1);
    // the shared 食品安全 belongs to the top of the tree: the district may route it but not edit it
    const shared = page.getByRole('row', { name: /SPAQ/ });
    expect(await shared.getByRole('button', { name: '编辑' }).count()).toBe(0);

    await row.getByRole('button', { name: '派单规则' }).click();
    const drawer = page.locator('.ant-drawer');
    await pickOrg(page, '区域', '中共兴隆社区委员会');
    await pickOrg(page, '承办单位', '兴隆社区第1网格党支部');
    await drawer.getByLabel('提交后自动受理并派单').click();
    await drawer.getByRole('button', { name: '保存规则' }).click();
    await drawer.getByRole('cell', { name: '兴隆社区第1网格党支部' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'case-category-routes.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // a resident files two similar cases in 兴隆社区
    const request = browser.context.request;
    await browser.context.clearCookies();
    const csrf = await apiLogin(request, 'resident');
    const categories = await (await request.get(`${server.baseUrl}/api/v1/case-categories`)).json();
    const zsfw = categories.items.find((c: { code: string }) => c.code === 'ZSFW');
    expect(zsfw.ratingChangeMinutes).toBe(10);
    const ids: number[] = [];
    for (const title of ['兴隆路夜间施工噪声扰民', '兴隆路工地夜间施工噪声']) {
      const res = await request.post(`${server.baseUrl}/api/v1/cases`, {
        headers: { 'x-csrf-token': csrf },
        data: {
          categoryId: zsfw.id,
          title,
          description: '每晚十一点后仍在施工',
          attributes: { WHEN: '夜间' },
        },
      });
      expect(res.status()).toBe(201);
      ids.push((await res.json()).id);
    }

    const staff = await consolePage('district', `/cases/${ids[0]}`);
    await staff.getByRole('button', { name: '受理', exact: true }).click();
    await staff
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await staff.getByRole('dialog').waitFor({ state: 'hidden' });
    await staff.getByRole('button', { name: '派单', exact: true }).click();
    const dispatch = staff.getByRole('dialog');
    await dispatch.getByTestId('suggested-lead').getByText('兴隆社区第1网格党支部').waitFor();
    await staff.screenshot({ path: path.join(SCREENSHOTS, 'case-dispatch-picker.png') });
    await dispatch.getByRole('button', { name: /确\s*定/ }).click();
    await dispatch.waitFor({ state: 'hidden' });
    await staff.getByText('待签收').first().waitFor();
    await staff.getByText('主办单位').first().waitFor();

    await staff.goto(`${server.baseUrl}/cases/${ids[1]}`);
    await staff.getByRole('button', { name: '合并重复件', exact: true }).click();
    const merge = staff.getByRole('dialog');
    await merge.getByLabel('合并到（重复的工单）').click();
    await staff.locator('.ant-select-item-option', { hasText: `#${ids[0]} 兴隆路夜间施工噪声扰民` }).click();
    await staff.screenshot({ path: path.join(SCREENSHOTS, 'case-merge-picker.png') });
    await merge.getByRole('button', { name: /确\s*定/ }).click();
    await merge.waitFor({ state: 'hidden' });
    await staff.getByText(`合并至 #${ids[0]}`).waitFor();
  });

  it('企业服务日: a district sets a day, an enterprise signs up on the phone, the case is in the queue', async () => {
    const request = browser.context.request;
    await browser.context.clearCookies();
    const csrf = await apiLogin(request, 'district');
    const orgs = await (
      await request.get(`${server.baseUrl}/api/v1/orgs`, { params: { q: '湖里区委员会' } })
    ).json();
    const huli = orgs.items.find((o: { name: string }) => o.name === '中共厦门市湖里区委员会');
    const cats = await (await request.get(`${server.baseUrl}/api/v1/case-categories`)).json();
    const qyyg = cats.items.find((c: { code: string }) => c.code === 'QYYG');
    const created = await request.post(`${server.baseUrl}/api/v1/service-days`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        orgId: huli.id,
        name: '亲清会客厅',
        dayOfMonth: 8,
        categoryId: qyyg.id,
        location: '湖里区行政服务中心',
      },
    });
    expect(created.status()).toBe(201);

    await browser.context.clearCookies();
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.baseUrl}/m/login`);
    await phone.getByPlaceholder('请输入用户名').fill('enterprise');
    await phone.getByPlaceholder('请输入密码').fill('Honglian@2026');
    await phone.getByRole('button', { name: /登\s*录/ }).click();
    await phone.getByText('企业服务日').first().click();
    await phone.getByTestId('next-date').waitFor();
    await phone.getByLabel('企业名称').fill('厦门鹭岛智造科技有限公司');
    await phone.getByLabel('诉求事项').fill('数控技工招聘难');
    await phone.getByLabel('具体内容').fill('急需数控技工 20 名，希望对接职业院校');
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'service-day-phone.png') });
    await phone.getByRole('button', { name: '报名并提交诉求' }).click();
    await phone.waitForURL(/\/m\/cases\/\d+/);
    await phone.getByText('数控技工招聘难').first().waitFor();

    const staff = await consolePage('district', '/cases');
    await staff.getByRole('tab', { name: '全部工单' }).click();
    await staff.getByLabel('渠道').click();
    await staff.locator('.ant-select-item-option', { hasText: '企业服务日' }).click();
    await staff.getByRole('link', { name: /亲清会客厅.*数控技工招聘难/ }).waitFor();
    await staff.goto(`${server.baseUrl}/cases/categories`);
    await staff.getByRole('cell', { name: '亲清会客厅' }).waitFor();
    await staff.getByRole('cell', { name: '亲清会客厅' }).scrollIntoViewIfNeeded();
    await staff.screenshot({ path: path.join(SCREENSHOTS, 'service-day-console.png'), fullPage: true });
  });
});
