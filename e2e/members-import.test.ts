import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeIdNumber } from '@honglian/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  landed,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

// A branch secretary imports a member ledger: one bad row is shown in Chinese, the file is fixed and imported.

let server: RunningServer;
let browser: Browser;
let dir: string;
const RUN = randomInt(100, 1000);

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  dir = mkdtempSync(path.join(tmpdir(), 'honglian-xlsx-'));
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A small ledger as a secretary would fill it in, written with exceljs. */
async function ledger(file: string, rows: Array<[string, string, string]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(['*所在党组织', '*姓名', '*公民身份号码', '手机号码', '入党日期']);
  for (const [name, idNumber, phone] of rows)
    ws.addRow(['厦门鹭岛智造科技有限公司党支部', name, idNumber, phone, '2019-07-01']);
  const target = path.join(dir, file);
  await wb.xlsx.writeFile(target);
  return target;
}

describe('导入党员台账', () => {
  it('shows the bad row’s error in Chinese, then imports the fixed file', async () => {
    const good = makeIdNumber('110101', '1988-08-08', (RUN % 400) * 2 + 1);
    const fixed = makeIdNumber('110101', '1989-09-09', (RUN % 400) * 2 + 3);
    const broken = `${fixed.slice(0, 17)}${fixed[17] === '1' ? '2' : '1'}`;
    const first = await ledger('台账-有错.xlsx', [
      ['欧阳测试', good, '17066660001'],
      ['司马测试', broken, '17066660002'],
    ]);

    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('用户名').fill('secretary');
    await page.getByLabel('密码').fill('Honglian@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await landed(page);

    await page.getByRole('menuitem', { name: '导入台账' }).click();
    await page.waitForURL(/\/members\/import/);
    await page.locator('input[type=file]').setInputFiles(first);

    const preview = page.getByTestId('import-preview');
    await preview.getByText('身份证号码校验位不正确').waitFor();
    const row = preview.getByRole('row', { name: /司马测试/ });
    await expect(row.getByRole('cell').first().textContent()).resolves.toBe('3');
    await row.getByRole('cell', { name: '公民身份号码' }).waitFor();
    expect(await preview.getByRole('button', { name: '全部导入' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'members-import-errors.png'), fullPage: true });

    const second = await ledger('台账-已改.xlsx', [
      ['欧阳测试', good, '17066660001'],
      ['司马测试', fixed, '17066660002'],
    ]);
    await page.locator('input[type=file]').setInputFiles(second);
    await preview.getByText('全部行检查通过，可以导入。').waitFor();
    await preview.getByRole('button', { name: '全部导入' }).click();
    await page.getByText('导入完成', { exact: true }).waitFor();
    await page.getByText('新增 2 名，更新 0 名，未变化 0 名，跳过 0 行').waitFor();

    await page.getByRole('button', { name: '查看党员名册' }).click();
    await page.waitForURL(/\/members$/);
    await page.getByLabel('搜索党员').fill('司马测试');
    await page.getByLabel('搜索党员').press('Enter');
    const listed = page.getByRole('row', { name: /司马测试/ });
    await listed.waitFor();
    // the list masks the ID number
    await listed.getByText(`${fixed.slice(0, 4)}**********${fixed.slice(-4)}`).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'members-list.png') });

    // the detail shows the full number only on request, with the audit notice
    await listed.getByRole('link', { name: '司马测试' }).click();
    await page.getByTestId('member-detail').getByText('导入党员台账').first().waitFor();
    // ... and only with a reason, which the audit entry keeps
    await page.getByRole('button', { name: '查看完整信息' }).click();
    const ask = page.getByRole('dialog');
    await ask.getByRole('button', { name: /查\s*看/ }).click();
    await ask.getByText('请填写查看完整信息的事由').waitFor();
    await ask.getByLabel('查看事由').fill('核对导入的身份证号码');
    await ask.getByRole('button', { name: /查\s*看/ }).click();
    await page.getByText(fixed).waitFor();
    await page.getByText(/本次查看已记入审计日志/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'members-detail.png'), fullPage: true });
    await page.close();
  });
});
