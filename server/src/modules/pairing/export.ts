import ExcelJS from 'exceljs';
import { audit } from '../../platform/audit.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { overviewRows } from './service.ts';

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);

/**
 * 结对帮扶台账 of a year: one row per pairing running in it with the year's figures (each computed from the
 * rows recorded), and a 合计 row that is their sum. A region has hundreds of pairings, not more.
 */
export async function exportLedger(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined; pairingTeamId?: number | undefined; year?: number | undefined },
) {
  const { year, rows, orgName } = await overviewRows(db, ctx, query);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(`${year}年结对台账`);
  sheet.columns = [
    { header: '帮扶组团', width: 20 },
    { header: '帮扶单位', width: 36 },
    { header: '结对村', width: 36 },
    { header: '结对期', width: 14 },
    { header: '走访次数', width: 10 },
    { header: '最近走访', width: 12 },
    { header: '发现问题', width: 10 },
    { header: '转为工单', width: 10 },
    { header: '消费帮扶金额（元）', width: 18 },
    { header: '认领亩田（亩）', width: 14 },
    { header: '帮扶项目', width: 10 },
    { header: '帮扶资金（元）', width: 16 },
    { header: '村集体经济收入目标（元）', width: 22 },
    { header: '村集体经济收入实际（元）', width: 22 },
    { header: '完成率（%）', width: 12 },
    { header: '完成情况', width: 10 },
    { header: '实际数来源', width: 24 },
  ];
  for (const r of rows) {
    const f = r.figures;
    sheet.addRow([
      r.teamName ?? '',
      r.helperName,
      r.villageName,
      r.periodLabel,
      f.visits,
      f.lastVisitOn ?? '',
      f.problems,
      f.problemsFiled,
      yuan(f.purchaseFen),
      f.plotMu,
      f.projects,
      yuan(f.aidActualFen),
      yuan(f.incomeTargetFen),
      yuan(f.incomeActualFen),
      f.income.percent,
      f.income.statusLabel,
      f.incomeSource ?? '',
    ]);
  }
  const sum = (pick: (f: (typeof rows)[number]['figures']) => number | null) =>
    rows.reduce((acc, r) => acc + (pick(r.figures) ?? 0), 0);
  const total = sheet.addRow([
    '合计',
    `${rows.length} 对`,
    '',
    '',
    sum((f) => f.visits),
    '',
    sum((f) => f.problems),
    sum((f) => f.problemsFiled),
    yuan(sum((f) => f.purchaseFen)),
    Math.round(sum((f) => f.plotMu) * 100) / 100,
    sum((f) => f.projects),
    yuan(sum((f) => f.aidActualFen)),
    yuan(sum((f) => f.incomeTargetFen)),
    yuan(sum((f) => f.incomeActualFen)),
    null,
    '',
    '',
  ]);
  total.font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  for (const col of [9, 12, 13, 14]) sheet.getColumn(col).numFmt = '#,##0.00';
  await audit(db, ctx, {
    action: 'pairing.export',
    entityType: 'pairing',
    entityId: null,
    orgPath: ctx.actor.orgPath ?? '/',
    after: { year, rows: rows.length, orgId: query.orgId ?? null },
  });
  return { name: `${orgName}${year}年结对帮扶台账`, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}
