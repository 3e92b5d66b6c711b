import type { Writable } from 'node:stream';
import {
  GENDER_LABELS,
  importColumnOf,
  type LedgerCell,
  MEMBER_IMPORT_COLUMNS,
  MEMBER_STAGE_LABELS,
  MEMBER_STATUS_LABELS,
  type MemberImportKey,
  maskIdNumber,
  maskPhone,
} from '@honglian/domain';
import ExcelJS from 'exceljs';
import { fieldError } from '../../platform/errors.ts';
import type { MemberRow } from './repository.ts';

/** The .xlsx side of the member ledger: the template, reading an upload, and streaming an export. */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATA_SHEET = '党员信息';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDECEC' } };

/** A template people fill in: Chinese headers (* = required), one example row, all columns as text, and a 说明 sheet. */
export async function buildTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '红链';
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = MEMBER_IMPORT_COLUMNS.map((c) => ({
    header: c.required ? `*${c.header}` : c.header,
    key: c.key,
    width: c.width,
    // text format keeps 18-digit ID numbers, leading zeros and dates exactly as typed
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  ws.addRow(Object.fromEntries(MEMBER_IMPORT_COLUMNS.map((c) => [c.key, c.example])));
  const notes = wb.addWorksheet('说明');
  notes.columns = [
    { header: '栏目', key: 'col', width: 16 },
    { header: '填写说明', key: 'text', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  const lines: Array<[string, string]> = [
    [
      '总体',
      '请在“党员信息”工作表中从第 2 行起逐行填写，每行一名党员；第 2 行是示例，导入前请删除或改为真实数据。',
    ],
    ['总体', '带 * 的栏目必须填写。表头请勿修改；不需要的可选栏目可以留空。'],
    ['总体', '导入前会先预览并逐行检查，有错误的行会列出行号、栏目和原因；在您确认之前不会写入任何数据。'],
    [
      '总体',
      '同一文件可以重复导入：已在同一党组织登记的党员（按身份证号码识别）只更新其信息，不会重复新增。',
    ],
    [
      '所在党组织',
      '填写党组织全称，须在您的管理范围内；如有重名的党组织，请同时填写“党组织编号”（可在组织架构页面查看）。',
    ],
    [
      '公民身份号码',
      '18 位，最后一位可以是 X。请保持本列为“文本”格式，否则 Excel 会把号码改成科学计数法并丢失末几位。',
    ],
    ['性别 / 出生日期', '可不填，系统按身份证号码自动得出；如填写，必须与身份证号码一致。'],
    ['手机号码', '11 位手机号码，可不填。'],
    [
      '党员类别',
      '“正式党员”或“预备党员”，不填视为正式党员。入党申请人、积极分子和发展对象请在“发展党员”中登记。',
    ],
    ['日期', '格式为 YYYY-MM-DD，如 2015-07-01；也可写作 2015/7/1 或 2015年7月1日。'],
    ['组织关系转接', '已在其他党组织登记的党员不能通过导入改变所在组织，请使用“组织关系转接”。'],
  ];
  for (const [col, text] of lines) notes.addRow({ col, text });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellValue(v: ExcelJS.CellValue): LedgerCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue((v.result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return String(v);
}

export interface ParsedRow {
  rowNo: number;
  raw: Partial<Record<MemberImportKey, LedgerCell>>;
}

/** Reads the first worksheet (or 党员信息): header row 1, data from row 2, empty rows skipped. */
export async function parseMemberWorkbook(buffer: Buffer): Promise<ParsedRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw fieldError('file', 'import.file', '无法读取该文件，请上传 Excel（.xlsx）格式的文件');
  }
  const ws = wb.getWorksheet(DATA_SHEET) ?? wb.worksheets[0];
  if (!ws) throw fieldError('file', 'import.file', '文件中没有工作表');
  const columns = new Map<number, MemberImportKey>();
  ws.getRow(1).eachCell((cell, col) => {
    const key = importColumnOf(String(cellValue(cell.value) ?? ''));
    if (key && ![...columns.values()].includes(key)) columns.set(col, key);
  });
  const keys = new Set(columns.values());
  const missing = MEMBER_IMPORT_COLUMNS.filter(
    (c) => c.required && !keys.has(c.key) && !(c.key === 'orgName' && keys.has('orgId')),
  );
  if (missing.length) {
    throw fieldError(
      'file',
      'import.file',
      `第 1 行表头缺少：${missing.map((c) => c.header).join('、')}。请使用下载的模板填写`,
    );
  }
  const rows: ParsedRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) return;
    const raw: ParsedRow['raw'] = {};
    let any = false;
    for (const [col, key] of columns) {
      const v = cellValue(row.getCell(col).value);
      if (v !== null && !(typeof v === 'string' && v.trim() === '')) any = true;
      raw[key] = v;
    }
    if (any) rows.push({ rowNo, raw });
  });
  return rows;
}

/** The export's columns: the import template's (so a full export can be imported again), then status. */
const EXPORT_HEADERS = [
  ...MEMBER_IMPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
  { header: '党员状态', width: 10 },
  { header: '流动去向', width: 20 },
];

function exportRow(m: MemberRow, full: boolean): Array<string | number | null> {
  return [
    m.org_name,
    m.org_id,
    m.name,
    full ? m.id_number : maskIdNumber(m.id_number),
    GENDER_LABELS[m.gender],
    full ? m.birth_date : null,
    m.ethnicity,
    m.education,
    full ? m.phone : m.phone ? maskPhone(m.phone) : null,
    m.work_unit,
    MEMBER_STAGE_LABELS[m.stage as keyof typeof MEMBER_STAGE_LABELS] ?? m.stage,
    m.joined_on,
    m.full_member_on,
    MEMBER_STATUS_LABELS[m.status as keyof typeof MEMBER_STATUS_LABELS] ?? m.status,
    m.mobile_location,
  ];
}

/**
 * Streams an export with exceljs's WorkbookWriter: each row is committed as soon as it is written,
 * so 300,000 members never sit in memory as a workbook. `batches` yields members in id order.
 */
export async function writeMembersXlsx(
  stream: Writable,
  batches: AsyncIterable<MemberRow[]>,
  options: { full: boolean; onBatch?: (rowsSoFar: number) => Promise<void> },
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_HEADERS.map((h) => ({ header: h.header, width: h.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  for await (const batch of batches) {
    for (const m of batch) ws.addRow(exportRow(m, options.full)).commit();
    n += batch.length;
    await options.onBatch?.(n);
  }
  ws.commit();
  await wb.commit();
  return n;
}
