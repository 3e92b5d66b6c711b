import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../server/src/platform/clock.ts';
import { apiClient } from '../server/src/test/process.ts';
import {
  type Browser,
  expectPageErrors,
  landed,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

// The console's pages driven through their labels, as a person would use them, on a fresh demo database.

let server: RunningServer;
let browser: Browser;
const RUN = String(randomInt(10_000, 100_000));

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new browser page signed in as `username` (each test gets its own cookies). */
/** Signs in through the login form and lands on 工作台; with `open`, goes on to that page. */
async function signIn(username: string, open?: string): Promise<Page> {
  const context = browser.context;
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Honglian@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await landed(page);
  if (open) await page.goto(`${server.baseUrl}${open}`);
  return page;
}

const dialog = (page: Page) => page.getByRole('dialog');

/** Pick an organization in an OrgTreeSelect by typing part of its name. */
async function pickOrg(page: Page, label: string, search: string, name: string) {
  await page.getByLabel(label).click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: name }).first().click();
}

describe('组织架构', () => {
  it('creates, renames, refuses a cycle, dissolves and shows the history of an organization', async () => {
    // the refused move (422) and the missing organization (404) are answers Chromium logs as errors
    expectPageErrors(/status of (409|422|404)/);
    const page = await signIn('admin', '/orgs');
    await page.waitForURL(/\/orgs/);
    const tree = page.getByRole('tree');
    await tree.getByText('中共厦门市委员会').first().waitFor();

    // Lazy tree: open the city committee, then select the Siming district committee.
    await page
      .locator('.ant-tree-treenode', { hasText: '中共厦门市委员会' })
      .locator('.ant-tree-switcher')
      .first()
      .click();
    await tree.getByText('中共厦门市思明区委员会').click();
    await page.getByTestId('org-detail').getByText('全部下属组织数').waitFor();

    const name = `厦门测试${RUN}科技有限公司党支部`;
    await page.getByRole('button', { name: '新建下级组织' }).click();
    await dialog(page).getByLabel('名称').fill(name);
    await dialog(page).getByRole('button', { name: '确定' }).click();
    await page.getByText(`已新建党组织「${name}」`).waitFor();

    // Search finds it with its path; open it from the results.
    await page.getByLabel('搜索党组织').fill(`测试${RUN}`);
    const results = page.getByTestId('org-search-results');
    await results.getByText('中共厦门市委员会 / 中共厦门市思明区委员会').waitFor();
    await results.getByRole('button').first().click();
    await page.getByTestId('org-detail').getByText(name).first().waitFor();

    await page.getByRole('button', { name: '修改' }).click();
    await dialog(page).getByLabel('名称').fill(`厦门测试${RUN}科技有限公司联合党支部`);
    await dialog(page).getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存修改').waitFor();

    // The district committee cannot move under its own branch.
    await page.getByLabel('搜索党组织').fill('');
    await tree.getByText('中共厦门市思明区委员会').click();
    await page.getByRole('button', { name: '调整隶属关系' }).click();
    await pickOrg(page, '新的上级组织', `测试${RUN}`, `测试${RUN}`);
    await dialog(page).getByRole('button', { name: '确定调整' }).click();
    await dialog(page).getByText(/不能/).first().waitFor();
    await dialog(page).getByRole('button', { name: '取消' }).click();

    // Dissolving needs a reason.
    await page.getByLabel('搜索党组织').fill(`测试${RUN}`);
    await results.getByRole('button').first().click();
    await page.getByRole('button', { name: '撤销' }).click();
    await dialog(page).getByRole('button', { name: '确认撤销' }).click();
    await dialog(page).getByText('请填写撤销原因').waitFor();
    await dialog(page).getByLabel('撤销原因').fill('企业注销，党员组织关系已转出');
    await dialog(page).getByRole('button', { name: '确认撤销' }).click();
    await page.getByText(/已撤销党组织/).waitFor();

    // Hidden from the tree until "显示已撤销" is on, then greyed with its tag.
    await page.getByLabel('搜索党组织').fill('');
    await page.getByRole('switch', { name: '显示已撤销' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-org-dissolved.png') });

    await page.getByRole('link', { name: '详情页' }).click();
    await page.waitForURL(/\/orgs\/\d+$/);
    await page.getByText('变更记录').waitFor();
    for (const action of ['新建党组织', '修改党组织', '撤销党组织']) {
      await page.getByText(action, { exact: true }).first().waitFor();
    }
    await page.getByText('撤销原因：— → 企业注销，党员组织关系已转出').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-org-history.png'), fullPage: true });

    await page.goto(`${server.baseUrl}/orgs/99999999`);
    await page.getByText('未找到该党组织，或您无权查看').waitFor();
    await page.close();
  });
});

describe('组织架构 › 规则检查', () => {
  it('pages an organization’s findings by keyset pages: next, previous and first', async () => {
    const admin = await apiClient(server.baseUrl, 'admin');
    const city = (await admin('GET', `/api/v1/orgs?q=${encodeURIComponent('中共厦门市委员会')}`)).items[0];
    const first = await admin('GET', `/api/v1/orgs/${city.id}/findings?pageSize=10`);
    const second = await admin(
      'GET',
      `/api/v1/orgs/${city.id}/findings?pageSize=10&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    const pages = Math.ceil(first.total / 10);
    expect(pages).toBeGreaterThan(2);
    const page = await signIn('admin', `/orgs/${city.id}`);
    const card = page.getByTestId('org-findings');
    const row = (item: { org: { name: string }; message: string }) =>
      card.locator('tr', { hasText: item.org.name }).filter({ hasText: item.message }).first();
    await card.getByText(`第 1 / ${pages} 页，共 ${first.total} 项`).waitFor();
    await row(first.items[0]).waitFor();
    await card.getByRole('button', { name: '下一页' }).click();
    await card.getByText(`第 2 / ${pages} 页`).waitFor();
    await row(second.items[0]).waitFor();
    await row(second.items.at(-1)).waitFor();
    await card.screenshot({ path: path.join(SCREENSHOTS, 'console-org-findings-page2.png') });
    await card.getByRole('button', { name: '下一页' }).click();
    await card.getByText(`第 3 / ${pages} 页`).waitFor();
    await card.getByRole('button', { name: '上一页' }).click();
    await card.getByText(`第 2 / ${pages} 页`).waitFor();
    await row(second.items[0]).waitFor();
    await card.getByRole('button', { name: '首页' }).click();
    await card.getByText(`第 1 / ${pages} 页`).waitFor();
    await row(first.items[0]).waitFor();
    expect(await card.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);
    await page.close();
  });
});

describe('单位、用户、令牌', () => {
  it('puts the server’s credit-code error under the field and creates a unit', async () => {
    expectPageErrors(/status of 409/); // the code already registered
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: '单位管理' }).click();
    await page.getByRole('button', { name: '新建单位' }).click();
    await dialog(page).getByLabel('单位名称').fill(`厦门测试${RUN}有限公司`);
    await dialog(page).getByLabel('行政区划代码').fill('350206');
    await pickOrg(page, '属地管理党组织', '湖里区委', '中共厦门市湖里区委员会');
    // A well-formed code that is already registered: only the server knows.
    await dialog(page).getByLabel('统一社会信用代码').fill('91350206000011230T');
    await dialog(page).getByRole('button', { name: '确定' }).click();
    await dialog(page).getByText('该统一社会信用代码已登记').waitFor();
    // A wrong check character is caught before sending.
    await dialog(page).getByLabel('统一社会信用代码').fill('91350206000011230A');
    await dialog(page).getByText('统一社会信用代码校验位不正确').waitFor();
    await dialog(page).getByLabel('统一社会信用代码').fill('');
    await dialog(page).getByRole('button', { name: '确定' }).click();
    await page.getByText(`已新建单位「厦门测试${RUN}有限公司」`).waitFor();
    await page.close();
  });

  it('creates a user, assigns a role on an organization, and disables the account', async () => {
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    await dialog(page).getByLabel('用户名').fill(`e2e${RUN}`);
    await dialog(page).getByLabel('姓名').fill(`测试${RUN}`);
    await dialog(page).getByLabel('初始密码').fill('Test@2026-e2e');
    await pickOrg(page, '所属组织', '瑞丰', '厦门瑞丰信息有限公司党支部');
    await dialog(page).getByRole('button', { name: '确定' }).click();
    await page.getByText(/已新建用户/).waitFor();

    await page.getByLabel('搜索用户').fill(`e2e${RUN}`);
    await page.getByLabel('搜索用户').press('Enter');
    await page.getByRole('cell', { name: `e2e${RUN}` }).waitFor();
    await page.getByRole('button', { name: '分配角色' }).first().click();
    await dialog(page).getByLabel('角色').click();
    await page.locator('.ant-select-item-option', { hasText: '支部书记 / 党务工作者' }).click();
    await dialog(page).getByRole('button', { name: '确定' }).click();
    await page.getByText(/分配角色：支部书记/).waitFor();
    await page.getByRole('button', { name: '移除角色 支部书记 / 党务工作者' }).waitFor();

    await page.getByRole('button', { name: '停用' }).first().click();
    await page.getByRole('tooltip').getByRole('button', { name: '停用' }).click();
    await page.getByText(/已停用账号/).waitFor();
    await page.getByRole('cell', { name: '已停用' }).waitFor();
    await page.close();
  });

  it('shows a new API token once, with the warning, and revokes it', async () => {
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: '接口令牌' }).click();
    await page.getByRole('button', { name: '新建令牌' }).click();
    await dialog(page).getByLabel('令牌名称').fill(`12345 热线 ${RUN}`);
    await dialog(page).getByLabel('所属用户').click();
    await page.keyboard.type('handler');
    await page.locator('.ant-select-item-option', { hasText: 'handler' }).first().click();
    await dialog(page).getByRole('button', { name: '生成令牌' }).click();
    await page.getByText('令牌只显示这一次，请立即复制保存').waitFor();
    const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
    expect(token.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: '我已保存' }).click();

    const res = await fetch(`${server.baseUrl}/api/v1/orgs`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);

    await page
      .getByRole('row', { name: new RegExp(`12345 热线 ${RUN}`) })
      .getByRole('button', { name: '吊销' })
      .click();
    await page.getByRole('tooltip').getByRole('button', { name: '吊销' }).click();
    await page.getByText(/已吊销令牌/).waitFor();
    await page.close();
  });
});

describe('系统管理', () => {
  it('opens an audit record with its before/after comparison', async () => {
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByRole('row', { name: /登录/ }).first().waitFor();
    await page
      .getByRole('row', { name: /修改党组织|新建党组织|登录/ })
      .first()
      .click();
    await page.getByText('审计记录详情').waitFor();
    await page.getByText('变更前后对比').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-audit.png') });
    await page.close();
  });

  it('lists the permission matrix and the background jobs in Chinese', async () => {
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: '角色权限' }).click();
    await page.getByRole('columnheader', { name: '支部书记 / 党务工作者' }).waitFor();
    await page.getByRole('cell', { name: '组织部 / 上级党委管理员：调整隶属关系' }).waitFor();
    expect(await page.getByRole('cell', { name: '党员：调整隶属关系' }).count()).toBe(0);

    await page.getByRole('menuitem', { name: '后台任务' }).click();
    for (const label of ['排队中', '运行中', '已完成', '失败', '定时任务'])
      await page.getByText(label).first().waitFor();
    await page.getByRole('cell', { name: '清理过期会话与记录' }).waitFor();
    await page.close();
  });

  it('marks a day as a holiday in the work calendar and restores it', async () => {
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: '工作日历' }).click();
    const year = clock.today().slice(0, 4);
    const day = page.locator(`[data-date="${year}-12-30"]`);
    await day.click();
    await dialog(page).getByLabel('备注').fill('端到端测试');
    await dialog(page).getByRole('button', { name: '设为节假日' }).click();
    await page.getByText(`已将 ${year}-12-30 设为节假日`).waitFor();
    await page.getByRole('cell', { name: '端到端测试' }).waitFor();
    await day.click();
    await dialog(page).getByRole('button', { name: '恢复默认' }).click();
    await page.getByText('本年度没有人工调整').waitFor();

    await page.getByRole('button', { name: '下一年' }).click();
    await page.getByRole('button', { name: '下一年' }).click();
    await page.getByText('该年度尚无官方节假日数据，按周末计算，结果为暂定').waitFor();
    await page.close();
  });
});

describe('按角色显示', () => {
  it('gives a branch secretary their branch without the administrator’s menu or buttons', async () => {
    const page = await signIn('secretary', '/orgs');
    await page.waitForURL(/\/orgs/);
    await page.getByRole('tree').getByText('厦门鹭岛智造科技有限公司党支部').waitFor();
    await page.getByTestId('org-detail').getByRole('button', { name: '修改' }).waitFor();
    expect(await page.getByRole('button', { name: '新建下级组织' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: '接口令牌' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
    await page.close();
  });

  it('shows a member only what they may open, and 403 elsewhere', async () => {
    const page = await signIn('member');
    // no console work: the member lands on 工作台 with their own figures (dues, meetings, cases, points)
    await page.waitForURL(/\/home$/);
    await page.getByTestId('home-member').waitFor();
    await page.getByTestId('home-citizen').waitFor();
    expect(await page.getByRole('menuitem', { name: '组织架构' }).count()).toBe(0);
    await page.goto(`${server.baseUrl}/orgs`);
    await page.getByText('无权访问').waitFor();
    await page.close();
  });

  it('keeps the page a user chose while the organization tree was still loading', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    // the tree's answers held back, as on a slow network: admin opens 组织架构 and moves on at once
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const isOrgs = (url: URL) => url.pathname === '/api/v1/orgs';
    await page.route(isOrgs, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('Honglian@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await landed(page);
    await page.getByRole('menuitem', { name: '组织架构' }).click();
    await page.waitForURL(/\/orgs$/);
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(/\/system\/audit$/);
    release();
    // the late answer (if the page had not been left yet) used to select the first organization, which
    // wrote /orgs?id=… into the address; a left page's request is cancelled instead
    await page.getByRole('cell').first().waitFor();
    await page.waitForTimeout(1000);
    expect(new URL(page.url()).pathname).toBe('/system/audit');
    await page.close();
  });

  it('sends a user whose session ended back to the login page', async () => {
    expectPageErrors(/status of 401/); // the request that finds the session gone
    const page = await signIn('district', '/orgs');
    await page.waitForURL(/\/orgs/);
    // let the first screen's own requests (the tree, the reminders badge) finish while signed in
    await page.getByRole('tree').first().waitFor();
    await page.waitForLoadState('networkidle');
    await browser.context.clearCookies();
    // The next request finds the session gone: the click on a menu item, or a background refresh (the
    // unread badge) that may come first and take the menu away mid-click. Either way: the login page.
    const menuClick = page.getByRole('menuitem', { name: '单位管理' }).click({ timeout: 15_000 });
    await Promise.race([menuClick.catch(() => undefined), page.waitForURL(/\/login/)]);
    await page.waitForURL(/\/login/);
    await page.getByText('登录已过期，请重新登录').waitFor();
    await page.close();
  });
});

describe('窄屏（390 px）', () => {
  /** How far the page itself scrolls sideways (0: it fits; tables scroll inside themselves). */
  const sideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('keeps the console within the screen: a menu drawer, tables that scroll inside, 退出登录 in reach', async () => {
    const page = await signIn('district');
    await page.setViewportSize({ width: 390, height: 844 });
    // 工作台 fits: its figures stack two by two
    await page.waitForURL(/\/home$/);
    await page.getByTestId('figure-orgs').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await sideways(page)).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-390-home.png'), fullPage: true });
    await page.goto(`${server.baseUrl}/orgs`);
    await page.waitForURL(/\/orgs/);
    await page.getByRole('tree').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await sideways(page)).toBe(0);
    // no side menu taking the width: the header opens it as a drawer
    expect(await page.locator('.hl-sider').count()).toBe(0);
    await page.getByTestId('narrow-hint').getByRole('link', { name: '手机页面' }).waitFor();
    const logout = page.getByRole('button', { name: '退出登录' });
    const box = await logout.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-390-orgs.png') });

    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '党员名册' }).click();
    await page.waitForURL(/\/members/);
    await page.getByRole('table').first().waitFor();
    await page
      .getByRole('cell', { name: /3502\*+/ })
      .first()
      .waitFor();
    // the drawer closed itself and the wide table scrolls inside its box, not the page
    await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0);
    expect(await sideways(page)).toBe(0);
    const table = await page
      .locator('.hl-content .ant-table-content')
      .first()
      .evaluate((el) => ({
        scroll: el.scrollWidth,
        client: el.clientWidth,
      }));
    expect(table.scroll).toBeGreaterThan(table.client);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-390-members.png') });

    await logout.click();
    await page.waitForURL(/\/login/);
    await page.close();
  });
});
