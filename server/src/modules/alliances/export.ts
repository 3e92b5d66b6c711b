import ExcelJS from 'exceljs';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { LIST_COLUMNS, LIST_KIND_TEXT, LIST_SHEET, type TemplateColumn } from './listImport.ts';
import { allianceInScope, listItems } from './service.ts';

const STATUS = { open: '待对接', dispatched: '已派单', done: '已办结', closed: '已关闭' } as const;
const MAX_ROWS = 10_000;

/**
 * The three lists as one sheet, in the columns of the import template (listImport.ts) with the
 * item's number, status, case and date around them, so the file can be edited and imported again
 * (an alliance's lists are hundreds of rows, not more).
 */
export async function exportListItems(db: Executor, ctx: RequestContext, allianceId: number) {
  const a = await allianceInScope(db, ctx, allianceId);
  const { items } = await listItems(db, ctx, allianceId, { page: 1, pageSize: MAX_ROWS });
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(LIST_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '编号', width: 8 },
    ...LIST_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
    { header: '状态', width: 10 },
    { header: '工单编号', width: 10 },
    { header: '发布日期', width: 12 },
  ];
  for (const i of items) {
    const cells: Record<TemplateColumn, string | number | null> = {
      kind: LIST_KIND_TEXT[i.kind],
      title: i.title,
      org: i.orgName,
      category: i.category,
      tags: i.tags.join('、'),
      description: i.description,
      amount: i.kind === 'resource' ? i.capacity : i.quantity,
      validFrom: i.validFrom,
      validTo: i.validTo,
      // the 文号 finds the policy again on import (its title too, when it has none)
      policy: i.policy ? i.policy.docNumber || i.policy.title : null,
    };
    sheet.addRow([i.id, ...LIST_COLUMNS.map((c) => cells[c.key]), STATUS[i.status], i.caseId, i.createdOn]);
  }
  sheet.getRow(1).font = { bold: true };
  return { name: a.row.name, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}
