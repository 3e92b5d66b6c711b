import type { Writable } from 'node:stream';
import type { LedgerCell, LedgerColumn } from '@honglian/domain';
import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { fieldError } from './errors.ts';
import { writeSheetStream } from './xlsx-writer.ts';

/**
 * The .xlsx side of every ledger (台账): a template people fill in, reading an upload back into
 * rows keyed by column, and the answer headers of a download. Modules bring their columns.
 */

/**
 * exceljs, loaded when a workbook is first read or a template made: it is ~20 MiB of a process's memory,
 * and a process that only streams exports (xlsx-writer.ts) or serves requests need not carry it (issue 11:
 * the export job's peak memory).
 */
async function excel() {
  return (await import('exceljs')).default;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDECEC' } };

/** Sets the headers of an .xlsx download; `asciiName` is for clients that cannot read `filename*`. */
export function xlsxAttachment(reply: FastifyReply, fileName: string, asciiName = 'ledger.xlsx') {
  return reply
    .header('content-type', XLSX_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
}

export type XlsxCell = string | number | null;

/**
 * Streams a one-sheet export (xlsx-writer.ts): a batch of rows at a time, with backpressure, so
 * 300,000 rows never sit in memory. `batches` yields the rows in order; `onBatch` hears the count
 * written so far after each batch (for a job's progress). Ends `stream`.
 */
export function writeXlsxStream<T>(
  stream: Writable,
  options: {
    sheet: string;
    columns: ReadonlyArray<{ header: string; width: number }>;
    batches: AsyncIterable<T[]>;
    row: (item: T) => XlsxCell[];
    onBatch?: (rowsSoFar: number) => Promise<void>;
  },
): Promise<number> {
  return writeSheetStream(stream, options);
}

/**
 * A template: Chinese headers (* = required), one example row, every column as text (so ID
 * numbers, codes with leading zeros and dates stay exactly as typed), and a 说明 sheet.
 */
export async function buildLedgerTemplate(options: {
  sheet: string;
  columns: readonly LedgerColumn[];
  notes: ReadonlyArray<readonly [string, string]>;
}): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  wb.creator = '红链';
  const ws = wb.addWorksheet(options.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = options.columns.map((c) => ({
    header: c.required ? `*${c.header}` : c.header,
    key: c.key,
    width: c.width,
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  ws.addRow(Object.fromEntries(options.columns.map((c) => [c.key, c.example])));
  const notes = wb.addWorksheet('说明');
  notes.columns = [
    { header: '栏目', key: 'col', width: 16 },
    { header: '填写说明', key: 'text', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const [col, text] of options.notes) notes.addRow({ col, text });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function cellValue(v: ExcelJS.CellValue): LedgerCell {
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

export interface LedgerRow<K extends string> {
  rowNo: number;
  raw: Partial<Record<K, LedgerCell>>;
}

/**
 * Reads the sheet named `sheet` (else the first): header row 1 mapped through `columnOf`, data
 * from row 2, empty rows skipped. A file that is not an .xlsx, or whose header lacks what
 * `missing` names, is refused as a whole (400 on the field `file`).
 */
export async function readLedgerRows<K extends string>(
  buffer: Buffer,
  options: {
    sheet: string;
    columnOf: (header: string) => K | undefined;
    /** the headers the file must have but lacks, given the keys it has */
    missing: (keys: ReadonlySet<K>) => string[];
  },
): Promise<LedgerRow<K>[]> {
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw fieldError('file', 'import.file', '无法读取该文件，请上传 Excel（.xlsx）格式的文件');
  }
  const ws = wb.getWorksheet(options.sheet) ?? wb.worksheets[0];
  if (!ws) throw fieldError('file', 'import.file', '文件中没有工作表');
  const columns = new Map<number, K>();
  ws.getRow(1).eachCell((cell, col) => {
    const key = options.columnOf(String(cellValue(cell.value) ?? ''));
    if (key && ![...columns.values()].includes(key)) columns.set(col, key);
  });
  const missing = options.missing(new Set(columns.values()));
  if (missing.length) {
    throw fieldError('file', 'import.file', `第 1 行表头缺少：${missing.join('、')}。请使用下载的模板填写`);
  }
  const rows: LedgerRow<K>[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) return;
    const raw: LedgerRow<K>['raw'] = {};
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

/** The required columns the header lacks. */
export function missingRequired<K extends string>(
  columns: readonly LedgerColumn<K>[],
  keys: ReadonlySet<K>,
): string[] {
  return columns.filter((c) => c.required && !keys.has(c.key)).map((c) => c.header);
}
