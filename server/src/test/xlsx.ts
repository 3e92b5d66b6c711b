import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';

/** Ledger files for import tests: a sheet written with exceljs, sent as a browser sends it, and read back. */

/** A workbook with one sheet: the header row, then each row's cells by header (missing ones empty). */
export async function xlsxOf(
  sheet: string,
  headers: string[],
  rows: Array<Record<string, string | number | Date>>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The payload and headers of a multipart/form-data upload of `buffer` in the field `file`. */
export function multipart(buffer: Buffer, fileName = '台账.xlsx') {
  const boundary = `----hl${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, buffer, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** The first sheet's rows as text. */
export async function readXlsx(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}
