import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { addMonths, makeIdNumber } from '@honglian/domain';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../server/src/platform/clock.ts';
import { apiClient } from '../server/src/test/process.ts';
import {
  type Browser,
  landed,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

// A missed branch committee meeting followed from the finding to the secretary's reminder, the
// escalation to the district (督办), and the resolution once the meeting is recorded.

let server: RunningServer;
let browser: Browser;
const today = clock.today();
const lastMonth = addMonths(today.slice(0, 7), -1);
let branchId = 0;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const admin = await apiClient(server.baseUrl, 'admin');
  const parent = (await admin('GET', `/api/v1/orgs?q=${encodeURIComponent('湖里区非公有制经济组织')}`))
    .items[0];
  // a branch set up at the start of last month: last month's 支委会 and 主题党日 are due
  const branch = await admin('POST', '/api/v1/orgs', {
    name: '厦门测试督办科技有限公司党支部',
    type: 'branch',
    parentId: parent.id,
    establishedOn: `${lastMonth}-01`,
  });
  branchId = branch.id;
  await admin('POST', '/api/v1/members', {
    orgId: branchId,
    name: '郑文华',
    idNumber: makeIdNumber('350206', '1988-05-12', '031'),
    gender: 'male',
    birthDate: '1988-05-12',
    phone: '17000000031',
  });
  const user = await admin('POST', '/api/v1/users', {
    username: 'e2esecretary',
    displayName: '郑文华（支部书记）',
    password: 'Honglian2026e2e',
    orgId: branchId,
  });
  await admin('POST', `/api/v1/users/${user.id}/roles`, { role: 'branch_admin', orgId: branchId });
  await admin('POST', '/api/v1/orglife/meetings/held', {
    orgId: branchId,
    kind: 'theme_day',
    title: '主题党日',
    heldOn: `${lastMonth}-15`,
  });
  // the daily sweep, run now through its route
  await admin('POST', '/api/v1/compliance/sweep', { orgId: branchId });
}, 420_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string, password = 'Honglian@2026'): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await landed(page);
  return page;
}

describe('合规监测：漏开支委会 → 提醒 → 督办 → 销号', () => {
  it('follows a missed meeting from finding to reminder to escalation to resolution', async () => {
    // 1. the secretary finds the reminder in 我的提醒 and opens the finding with its rule and article
    let page = await signIn('e2esecretary', 'Honglian2026e2e');
    await page.goto(`${server.baseUrl}/reminders`);
    const reminder = page.locator('.ant-list-item', { hasText: '未召开支部委员会' });
    await reminder.first().waitFor();
    await expect(reminder.first().textContent()).resolves.toContain('合规提醒');
    await reminder.first().getByRole('link', { name: '查看问题' }).click();
    await page.getByText('依据《中国共产党支部工作条例（试行）》（2018）第十一条').first().waitFor();
    await page.getByRole('heading', { name: /O6/ }).waitFor();
    const findingUrl = page.url();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compliance-finding.png'), fullPage: true });
    await page.close();

    // 2. Xiamen escalates O6 findings at once (a regional parameter), the next sweep hands it to the district
    const admin = await apiClient(server.baseUrl, 'admin');
    await admin('PUT', '/api/v1/compliance/rules/O6/overrides/350206', {
      params: { escalateAfterWorkdays: 0 },
      note: '浏览器测试',
    });
    await admin('POST', '/api/v1/compliance/sweep', { orgId: branchId });
    await admin('DELETE', '/api/v1/compliance/rules/O6/overrides/350206');

    page = await signIn('district');
    await page.goto(`${server.baseUrl}/reminders`);
    const escalated = page
      .locator('.ant-list-item', { hasText: '厦门测试督办科技有限公司党支部' })
      .filter({ hasText: '督办' });
    await escalated.first().waitFor();
    await escalated.first().getByRole('link', { name: '查看问题' }).click();
    await page.getByText('督办 1 级').waitFor();
    await page.getByText('提级督办', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: '督办意见' }).click();
    await page.getByRole('dialog').locator('textarea').fill('请本周内补开支委会并上传会议记录');
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByText('请本周内补开支委会并上传会议记录').waitFor();
    await page.close();

    // 3. the secretary records the meeting on the 组织生活 page
    page = await signIn('e2esecretary', 'Honglian2026e2e');
    await page.goto(`${server.baseUrl}/orglife?org=${branchId}&month=${lastMonth}`);
    await page.getByRole('button', { name: '登记已召开的会议' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('会议主题').fill('支部委员会会议（补开）');
    await dialog.getByLabel('召开日期').click();
    await dialog.getByLabel('召开日期').fill(`${lastMonth}-28`);
    await dialog.getByLabel('召开日期').press('Enter');
    await dialog.getByLabel('会议记录').fill('研究整改事项');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('会议已登记').waitFor();
    await page.close();

    // 4. the district runs a check now: the finding resolves by itself
    page = await signIn('district');
    await page.goto(`${server.baseUrl}/compliance`);
    await page.getByRole('button', { name: /立即检查/ }).click();
    await page.getByText(/检查完成/).waitFor();
    await page.goto(findingUrl);
    await page.getByText('已整改').first().waitFor();
    await page.getByText('数据显示该问题已不存在，自动销号').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compliance-resolved.png'), fullPage: true });
    await page.close();
  }, 300_000);
});

describe('项目管理：滞后项目 → 登记节点完成 → 进度更新', () => {
  it('shows the branch’s lagging project, completes a milestone with evidence and the figures follow', async () => {
    const page = await signIn('secretary');
    await page.locator('.hl-menu').getByText('项目管理').click();
    await page.waitForURL(/\/projects$/);
    // the demo branch's 党建联创 project: 20 of 70 planned points done, 滞后 50
    const row = page.locator('tr', { hasText: '党建联创“四好园区”共建' });
    await row.getByText('滞后 50 个百分点').waitFor();
    await row.getByText('20% / 计划 70%').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'projects-lagging.png'), fullPage: true });

    await row.getByRole('button', { name: '查看' }).click();
    const drawer = page.locator('.ant-drawer');
    const milestone = drawer.locator('tr', { hasText: '联合安全生产培训' });
    await milestone.getByText('逾期未完成').waitFor();
    await milestone.getByRole('button', { name: '登记完成' }).click();
    const dialog = page.getByRole('dialog', { name: /登记完成/ });
    // evidence is required
    await dialog.getByRole('button', { name: '登记完成' }).click();
    await dialog.getByText('请填写完成佐证').waitFor();
    await dialog.getByLabel('完成佐证').fill('已联合园区企业开展安全生产培训，签到表和照片已归档');
    await dialog.getByRole('button', { name: '登记完成' }).click();
    await page.getByText('节点已登记完成').waitFor();
    await milestone.getByText(/已完成 \d{4}-\d{2}-\d{2}/).waitFor();
    await drawer.getByText('滞后 20 个百分点').waitFor();
    await drawer.getByText('50% / 计划 70%').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'projects-completed.png'), fullPage: true });
    // the list behind the drawer follows
    await row.getByText('滞后 20 个百分点').waitFor();
    await page.close();
  }, 180_000);
});

describe('月度通报', () => {
  it('the district generates last month’s bulletin and it is listed with its Word and PDF', async () => {
    const page = await signIn('district');
    await page.locator('.hl-menu').getByText('月度通报').click();
    await page.waitForURL(/\/bulletins$/);
    await page.getByRole('button', { name: '生成通报' }).click();
    const dialog = page.getByRole('dialog', { name: '生成月度通报' });
    await dialog.locator('.ant-select').first().click();
    await page
      .locator('.ant-select-tree-node-content-wrapper', { hasText: '中共厦门市湖里区委员会' })
      .first()
      .click();
    await dialog.getByRole('button', { name: '生成' }).click();
    await page.getByText(/已编号 湖组通〔\d{4}〕\d+号/).waitFor();
    const row = page.locator('tr', { hasText: '中共厦门市湖里区委员会' }).first();
    await row.getByRole('button', { name: /Word/ }).waitFor({ timeout: 60_000 });
    await row.getByRole('button', { name: /PDF/ }).waitFor();
    await row.getByText('已生成').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bulletins.png'), fullPage: true });
    await page.close();
  }, 180_000);
});

describe('项目管理：年终评比', () => {
  it('the branch scores its projects as judges and decides the ranking', async () => {
    const secretary = await apiClient(server.baseUrl, 'secretary');
    const year = Number(today.slice(0, 4));
    const opened = await secretary('POST', '/api/v1/project-evaluations', {
      orgId: (await secretary('GET', '/api/v1/orgs')).items[0].id,
      year,
      title: `${year}年度支部项目评比`,
      measuredWeight: 40,
    });
    const page = await signIn('secretary');
    await page.locator('.hl-menu').getByText('项目管理').click();
    await page.waitForURL(/\/projects$/);
    await page
      .getByRole('link', { name: `${year}年度支部项目评比` })
      .or(page.getByText(`${year}年度支部项目评比`))
      .first()
      .click();
    const drawer = page.locator('.ant-drawer', { hasText: `${year}年度支部项目评比` });
    const row = drawer.locator('tr', { hasText: '党建联创“四好园区”共建' });
    await row.getByText('待评分').waitFor();
    await row.getByLabel('为党建联创“四好园区”共建评分').fill('90');
    await row.getByRole('button', { name: '保存' }).click();
    await page.getByText('已为“党建联创“四好园区”共建”评分 90').waitFor();
    await row.getByText('90（1 人）').waitFor();
    // rank 1 once scored: the only project of the branch, or the best of them
    expect(opened.entries.length).toBeGreaterThan(0);
    await drawer.getByRole('button', { name: '评定' }).click();
    await page
      .getByRole('button', { name: '确 定' })
      .or(page.getByRole('button', { name: '确定' }))
      .click();
    await page.getByText('已评定，名次不再变动').waitFor();
    await drawer.getByText(/已于 \d{4}-\d{2}-\d{2} 由/).waitFor();
    expect(await drawer.getByRole('button', { name: '保存' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'projects-evaluation.png'), fullPage: true });
    await page.close();
  }, 180_000);

  it('红色物业: the quarter’s ranking shows stars, and a company’s explanation opens with every component', async () => {
    const page = await signIn('district');
    await page.locator('.hl-menu').getByText('红色物业').click();
    await page.waitForURL(/\/property$/);
    const row = page.locator('tr', { hasText: '鹭岛红邻物业服务有限公司（演示）' });
    await row.locator('.ant-rate').waitFor();
    expect(await row.locator('.ant-rate-star-full').count()).toBeGreaterThan(0);
    await row.getByText('鹭岛红邻物业服务有限公司（演示）').click();
    const drawer = page.locator('.ant-drawer', { hasText: '得分说明' });
    for (const label of ['每百户投诉量', '按时办结率', '居民满意率', '检查考评平均分'])
      await drawer.getByText(label, { exact: true }).waitFor();
    await drawer.getByText(/件 × 100 ÷ 1600 户/).waitFor();
    await page.waitForTimeout(500); // the drawer's opening animation, for the screenshot
    await page.screenshot({ path: path.join(SCREENSHOTS, 'property-ranking.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
