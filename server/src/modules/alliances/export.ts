import ExcelJS from 'exceljs';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { allianceInScope, listItems } from './service.ts';

const KIND = { demand: '需求清单', resource: '资源清单', policy: '政策清单' } as const;
const STATUS = { open: '待对接', dispatched: '已派单', done: '已办结', closed: '已关闭' } as const;
const MAX_ROWS = 10_000;

/** The three lists as one workbook, a sheet each (an alliance's lists are hundreds of rows, not more). */
export async function exportListItems(db: Executor, ctx: RequestContext, allianceId: number) {
  const a = await allianceInScope(db, ctx, allianceId);
  const { items } = await listItems(db, ctx, allianceId, { page: 1, pageSize: MAX_ROWS });
  const book = new ExcelJS.Workbook();
  for (const kind of ['demand', 'resource', 'policy'] as const) {
    const sheet = book.addWorksheet(KIND[kind]);
    sheet.columns = [
      { header: '编号', width: 8 },
      { header: '标题', width: 36 },
      { header: '发布单位', width: 36 },
      { header: '类别', width: 10 },
      { header: '标签', width: 24 },
      { header: '说明', width: 50 },
      { header: kind === 'resource' ? '可提供数量' : '需要数量', width: 12 },
      { header: '有效期起', width: 12 },
      { header: '有效期止', width: 12 },
      { header: '状态', width: 10 },
      { header: '工单编号', width: 10 },
      { header: '发布日期', width: 12 },
    ];
    for (const i of items.filter((x) => x.kind === kind))
      sheet.addRow([
        i.id,
        i.title,
        i.orgName,
        i.category,
        i.tags.join('、'),
        i.description,
        kind === 'resource' ? i.capacity : i.quantity,
        i.validFrom,
        i.validTo,
        STATUS[i.status],
        i.caseId,
        i.createdOn,
      ]);
    sheet.getRow(1).font = { bold: true };
  }
  return { name: a.row.name, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}
