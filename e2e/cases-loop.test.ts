import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../server/src/platform/clock.ts';
import {
  type Browser,
  caseAction,
  launchBrowser,
  consolePage as openConsole,
  phonePage,
  type RunningServer,
  SCREENSHOTS,
  setRatingWindow,
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
  await setRatingWindow(server.baseUrl, 'SPAQ', 0);
});

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

function consolePage(username: string, url: string): Promise<Page> {
  return openConsole(browser, server.baseUrl, username, url);
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
    let page = await phonePage(browser, server.baseUrl, 'resident');
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
    await caseAction(page, '签收（接单）');
    await caseAction(page, '开始办理');
    await caseAction(page, '回单', {
      答复内容: '已责令下架过期饮料',
      '办理凭证（现场照片、文书编号等说明）': '现场检查笔录 HL-2026-001',
    });
    await page.getByText('已回单').first().waitFor();
    await page.close();

    // 3. the resident is not satisfied: redo under supervision, no points yet
    page = await phonePage(browser, server.baseUrl, 'resident');
    await page.goto(`${server.baseUrl}/m/cases/${id}`);
    await rateOnPhone(page, '不满意', '冰柜里仍有过期饮料');
    await page.getByTestId('case-state').filter({ hasText: '办理中' }).waitFor();
    await page.getByText('一般督办').waitFor();
    expect(Number(await balance(page))).toBe(before);
    await page.close();

    // 4. the handler replies again
    page = await consolePage('handler', `/cases/${id}`);
    await page.getByText('一般督办').first().waitFor();
    await caseAction(page, '回单', {
      答复内容: '已全部下架并立案查处',
      '办理凭证（现场照片、文书编号等说明）': '立案决定书 湖市监立〔2026〕8号',
    });
    await page.close();

    // 5. satisfied: closed, and only now the points
    page = await phonePage(browser, server.baseUrl, 'resident');
    await page.goto(`${server.baseUrl}/m/cases/${id}`);
    await rateOnPhone(page, '满意');
    await page.getByTestId('case-state').filter({ hasText: '办结' }).waitFor();
    await page.getByTestId('case-points').waitFor();
    expect(Number(await balance(page))).toBe(before + 10);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cases-phone-points.png') });

    // 5b. the points are spent at the community's 暖“新”驿站: confirmed first, then the balance drops
    await page.getByRole('button', { name: '去驿站兑换' }).click();
    await page.waitForURL(/\/m\/stations$/);
    const station = page.getByTestId('station').filter({ hasText: '兴隆社区暖“新”驿站' });
    const voucher = station.getByTestId('reward').filter({ hasText: '充电宝免费租借券' });
    await voucher.getByRole('button', { name: '兑换' }).click();
    await page.getByRole('button', { name: '确认兑换' }).click();
    await page.getByText(/兑换成功，剩余 \d+ 积分/).waitFor();
    await expect
      .poll(async () => Number(await page.getByTestId('stations-balance').textContent()))
      .toBe(before);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cases-phone-station.png') });
    await page.goto(`${server.baseUrl}/m/points`);
    await page
      .getByTestId('points-items')
      .getByText('兑换「充电宝免费租借券」× 1（兴隆社区暖“新”驿站）')
      .waitFor();
    await page.close();

    // 5c. the district that runs the station sees what to hand over
    page = await consolePage('district', '/stations');
    await page.getByRole('button', { name: '兑换记录' }).first().click();
    await page.locator('.ant-drawer').getByText('充电宝免费租借券').waitFor();
    await page.keyboard.press('Escape');
    // and stocks a new reward: a missing cost is named on its field, then it is saved and listed
    await page.getByRole('button', { name: '新增物品' }).first().click();
    const dialog = page.getByRole('dialog', { name: /新增兑换物品/ });
    await dialog.getByLabel('物品名称').fill('防晒冰袖');
    await dialog.getByLabel('库存').fill('12');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请填写所需积分').waitFor();
    await dialog.getByLabel('所需积分').fill('20');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: '防晒冰袖', exact: true }).waitFor();
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

describe('志愿活动：发布→报名→扫码签到→审核时长→积分', () => {
  it('the district publishes, a resident signs up and checks in by the QR token, approved hours raise the balance', async () => {
    const title = `兴隆社区助老志愿服务${randomInt(10_000, 100_000)}`;
    const at = (minutes: number) => {
      // Asia/Shanghai wall time of now + minutes, as the RangePicker takes it
      const d = new Date(clock.now().getTime() + 8 * 3600_000 + minutes * 60_000).toISOString();
      return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
    };

    // 1. the district publishes in the console
    let page = await consolePage('district', '/activities');
    await page.getByRole('button', { name: /发布活动/ }).click();
    const dialog = page.getByRole('dialog', { name: '发布活动' });
    await dialog.getByLabel('发布组织').click();
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/orgs?') && r.url().includes('q='));
    await dialog.getByLabel('发布组织').fill('兴隆社区委员会');
    await searched;
    await page.locator('.ant-select-tree-treenode', { hasText: '中共兴隆社区委员会' }).first().click();
    await dialog.getByLabel('活动名称').fill(title);
    await dialog.getByLabel('人数上限').fill('5');
    await dialog.getByLabel('活动地点').fill('兴隆社区党群服务中心');
    await dialog.getByLabel('纬度（扫码签到核对距离）').fill('24.5096');
    await dialog.getByLabel('经度').fill('118.1425');
    const range = dialog.locator('.ant-picker-range input');
    await range.first().click();
    await range.first().fill(at(-10));
    await page.keyboard.press('Enter');
    await range.last().fill(at(110));
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: /发\s*布/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // 2. the organizer shows the QR code on the spot (its token lives five minutes)
    const row = page.getByRole('row').filter({ hasText: title });
    await row.getByRole('button', { name: /签到码/ }).click();
    await page.getByTestId('checkin-qr').waitFor();
    const link = page.getByTestId('checkin-url');
    await link.waitFor();
    const url = (await link.getAttribute('href')) ?? '';
    expect(url).toMatch(/\/m\/check-in\?token=/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'activities-console-qr.png') });
    await page.close();

    // 3. the resident signs up on the phone, opens what the QR code encodes and checks in with its position
    const resident = async () => {
      const p = await phonePage(browser, server.baseUrl, 'resident');
      await p.goto(`${server.baseUrl}/m/points`);
      const el = p.getByTestId('points-balance');
      await el.filter({ hasText: /^\d+$/ }).waitFor();
      return { p, balance: Number(await el.textContent()) };
    };
    const { p: phone, balance: before } = await resident();
    await browser.context.grantPermissions(['geolocation'], { origin: server.baseUrl });
    await browser.context.setGeolocation({ latitude: 24.5097, longitude: 118.1426 });
    await phone.goto(`${server.baseUrl}/m/activities`);
    const card = phone.getByTestId('activity').filter({ hasText: title });
    await card.getByRole('button', { name: '报名' }).click();
    await card.getByTestId('activity-status').filter({ hasText: '报名成功' }).waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'activities-phone-list.png') });
    await phone.goto(url);
    await phone
      .getByTestId('checkin-result')
      .getByText(/已签到/)
      .waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'activities-phone-checkin.png') });
    await phone.close();

    // 4. the organizer approves the computed hours: checked in now, no check-out, so until the end —
    // about 109 minutes, 1.5 hours by half hours, 15 points at the region's 10 an hour
    page = await consolePage('district', '/activities');
    await page
      .getByRole('row')
      .filter({ hasText: title })
      .getByRole('button', { name: '报名与签到' })
      .click();
    const person = page.locator('.ant-drawer').getByRole('row').filter({ hasText: '黄师傅' });
    await person.getByRole('button', { name: '审核时长' }).click();
    const approve = page.getByRole('dialog', { name: /审核服务时长/ });
    await approve.getByText(/按签到、签退计算为 90 分钟/).waitFor();
    await approve.getByRole('button', { name: /核\s*定/ }).click();
    await approve.waitFor({ state: 'hidden' });
    await person.getByText(/已核定 1.5 小时，\+15 积分/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'activities-console-approved.png') });
    await page.close();

    // 5. the resident's balance rose, and the hours are on their record
    const { p: again, balance: after } = await resident();
    expect(after).toBe(before + 15);
    await again.goto(`${server.baseUrl}/m/service`);
    await again.getByTestId('service-summary').waitFor();
    await again.locator('.adm-list-item').filter({ hasText: title }).getByText('1.5 小时 / +15').waitFor();
    await again.screenshot({ path: path.join(SCREENSHOTS, 'activities-phone-service.png') });
    await again.close();
  });
});

describe('产业链党委: the chain office runs its alliance', () => {
  it('members and the chair, a joint meeting with a resolution done, a demand matched and dispatched, handled and rated', async () => {
    // 1. `chain` lands on its 工作台 and opens its alliances: members with roles, the chain map, the chair
    let page = await consolePage('chain', '/');
    await page.waitForURL(/\/home$/);
    await page.getByTestId('figure-alliances').click();
    await page.waitForURL(/\/alliances$/);
    await page.getByTestId('alliance-members').getByText('链主单位').waitFor();
    await page.getByTestId('alliance-members').getByText('核心单位').first().waitFor();
    await page
      .getByTestId('chain-map')
      .getByText(/上游（\d+）/)
      .waitFor();
    const now = await page.getByTestId('chair-now').textContent();
    const next = await page.getByTestId('chair-next').textContent();
    expect(now).toMatch(/\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    expect(next).toMatch(/\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alliance-overview.png'), fullPage: true });

    // 2. a joint meeting: called, held with a resolution, the resolution followed to done
    await page.getByRole('tab', { name: '联席会议' }).click();
    await page.getByRole('button', { name: '召集联席会议' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('会议名称').fill('金铜产业链用工专题联席会议');
    await dialog.getByLabel('议题（每行一项）').fill('电工用工缺口');
    await dialog.getByRole('button', { name: /召\s*集/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const meeting = page.locator('[data-testid^="alliance-meeting-"]', {
      hasText: '金铜产业链用工专题联席会议',
    });
    await meeting.getByRole('button', { name: '登记召开' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('会议纪要').fill('议定由链主单位组织电工支援。');
    await dialog.getByRole('button', { name: '添加议定事项' }).click();
    await dialog.getByPlaceholder('议定事项').fill('组织持证电工支援新产线');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await meeting.getByText('组织持证电工支援新产线').waitFor();
    await meeting.getByRole('button', { name: '登记办结' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('办结情况').fill('已派电工 12 名到岗');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await meeting.getByText('已办结', { exact: false }).waitFor();
    // last month's open resolution is followed as a case of the loop, sent to its owner
    const open = page.locator('tr', { hasText: '梳理链上企业物流需求清单' });
    await open.getByRole('button', { name: '转为工单' }).click();
    await open.getByRole('link', { name: /工单 \d+/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alliance-meetings.png'), fullPage: true });

    // 3. the electricians demand matched to the 链主's resource, with reasons, and dispatched
    await page.getByRole('tab', { name: '三张清单' }).click();
    const row = page
      .getByTestId('alliance-matches')
      .locator('tr', { hasText: '铜箔新产线调试急需持证高压电工' })
      .filter({ hasText: '链主电工实训基地可派持证电工' });
    await row.getByText('共同标签：电工').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alliance-lists.png'), fullPage: true });
    await row.getByRole('button', { name: '派单' }).click();
    const dispatched = page
      .getByTestId('alliance-lists')
      .locator('tr', { hasText: '铜箔新产线调试急需持证高压电工' });
    const caseLink = dispatched.getByRole('link', { name: /工单 \d+/ });
    await caseLink.waitFor();
    const caseId = Number(((await caseLink.textContent()) ?? '').replace(/\D/g, ''));
    await page.close();

    // 4. the 链主's office takes the order (接单) and answers
    page = await consolePage('chain-leader', `/cases/${caseId}`);
    await page
      .getByText(/派单至成员单位/)
      .first()
      .waitFor();
    await caseAction(page, '签收（接单）');
    await caseAction(page, '开始办理');
    await caseAction(page, '回单', {
      答复内容: '已派持证高压电工 20 名到岗',
      '办理凭证（现场照片、文书编号等说明）': '到岗签到表',
    });
    await page.getByText('已回单').first().waitFor();
    await page.close();

    // 5. the enterprise that asked rates it on the phone (评单)
    page = await phonePage(browser, server.baseUrl, 'chain-member');
    await page.getByText('我的联盟').click();
    await page.getByTestId('my-alliance-items').getByText('铜箔新产线调试急需持证高压电工').waitFor();
    await page
      .getByTestId('my-alliance')
      .getByText(/当前轮值主席/)
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alliance-phone.png') });
    await page.goto(`${server.baseUrl}/m/cases/${caseId}`);
    await rateOnPhone(page, '满意');
    await page.getByTestId('case-state').filter({ hasText: '办结' }).waitFor();
    await page.close();

    // the office sees the demand done, rated
    page = await consolePage('chain', '/alliances');
    await page.getByRole('tab', { name: '三张清单' }).click();
    await page
      .getByTestId('alliance-lists')
      .locator('tr', { hasText: '铜箔新产线调试急需持证高压电工' })
      .getByText('已办结')
      .waitFor();
    await page.close();
  });
});
