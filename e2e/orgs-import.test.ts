import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type Browser,
  landed,
  launchBrowser,
  type RunningServer,
  SCREENSHOTS,
  startServer,
} from './harness.ts';

// The 湖里区 organization department imports an organization ledger from the 组织架构 page: a child
// listed before its parent, one bad row shown in Chinese; only the good rows are imported, then the
// new organization is found by its pinyin initials.

let server: RunningServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  dir = mkdtempSync(path.join(tmpdir(), 'honglian-orgs-xlsx-'));
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ledger(file: string, rows: Array<[string, string, string]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党组织信息');
  ws.addRow(['*组织名称', '*组织类别', '*上级组织']);
  for (const row of rows) ws.addRow(row);
  const target = path.join(dir, file);
  await wb.xlsx.writeFile(target);
  return target;
}

describe('导入党组织台账', () => {
  it('shows the bad row’s reason in Chinese and imports the good rows', async () => {
    const file = await ledger('组织台账.xlsx', [
      ['筼筜试点第一党支部', '党支部', '筼筜试点党委'],
      ['筼筜试点党委', '党委', '中共厦门市湖里区委员会'],
      ['筼筜试点第二党支部', '支部', '筼筜试点党委'],
    ]);
    const page = await browser.context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('用户名').fill('district');
    await page.getByLabel('密码').fill('Honglian@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await landed(page);
    await page.goto(`${server.baseUrl}/orgs`);

    await page.getByRole('button', { name: '导入' }).click();
    const dialog = page.getByRole('dialog', { name: '导入党组织台账' });
    await dialog.locator('input[type=file]').setInputFiles(file);
    const preview = dialog.getByTestId('import-preview');
    await preview.getByText(/组织类别应为：党委、党总支/).waitFor();
    await preview
      .getByRole('row', { name: /筼筜试点第二党支部/ })
      .getByRole('cell', { name: '组织类别', exact: true })
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'orgs-import-errors.png') });

    await preview.getByRole('button', { name: '仅导入正确的行' }).click();
    await dialog.getByText('新建 2 个党组织，已存在 0 个，跳过 1 行').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'orgs-import-done.png') });
    await dialog.getByRole('button', { name: '查看组织架构' }).click();

    await page.getByLabel('搜索党组织').fill('ydsd');
    const results = page.getByTestId('org-search-results');
    await results.getByRole('button', { name: /^筼筜试点党委/ }).waitFor();
    await results.getByRole('button', { name: /^筼筜试点第一党支部/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'orgs-search-initials.png') });
    await page.close();
  });
});
