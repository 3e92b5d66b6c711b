import { parseIsoDate } from '../calendar/dates.ts';

/**
 * What every Excel ledger (台账) import shares, whatever it registers (members, organizations):
 * the cells as the parser hands them over, the template's columns and the headers people write
 * instead, dates as people type them, and the per-row problem the preview lists.
 */

/** A cell as the parser hands it over: text, a number, a date, or nothing. */
export type LedgerCell = string | number | Date | null | undefined;

export interface ImportProblem {
  /** The Chinese header of the column at fault ('' for the row as a whole). */
  column: string;
  code: string;
  message: string;
}

/** One column of an import template. `required` columns carry a `*` in the header. */
export interface LedgerColumn<K extends string = string> {
  readonly key: K;
  readonly header: string;
  readonly required: boolean;
  readonly width: number;
  readonly example: string;
}

/** The key a header names ('*姓名', ' 身份证号 ', an alias from another system), or undefined. */
export function ledgerColumnOf<K extends string>(
  columns: readonly LedgerColumn<K>[],
  aliases: Readonly<Record<string, K>>,
  header: string,
): K | undefined {
  const h = header.replace(/[\s*＊（）()]/g, '').toLowerCase();
  const direct = columns.find((c) => c.header.replace(/[\s（）()]/g, '').toLowerCase() === h);
  return direct?.key ?? (Object.hasOwn(aliases, h) ? aliases[h] : undefined);
}

/** The Chinese header of a column key (the key itself when unknown). */
export function ledgerHeaderOf<K extends string>(columns: readonly LedgerColumn<K>[], key: K): string {
  return columns.find((c) => c.key === key)?.header ?? key;
}

/** A cell as trimmed text ('' for an empty cell; a date cell as YYYY-MM-DD). */
export function ledgerText(value: LedgerCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

export const LEDGER_DATE_MESSAGE = '日期格式不正确，应为 YYYY-MM-DD（如 2020-07-01）';

/**
 * A date as people type it in a ledger: 2020-07-01, 2020/7/1, 2020.7.1, 20200701, 2020年7月1日,
 * an Excel date cell, or an Excel serial number. Answers 'YYYY-MM-DD', null for an empty cell,
 * or 'invalid'.
 */
export function parseLedgerDate(value: LedgerCell): string | null | 'invalid' {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'invalid';
    // Excel date cells carry no zone: exceljs gives midnight UTC of the day shown
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') {
    // Excel's serial day (1900 date system): 1 = 1900-01-01, with its phantom 1900-02-29
    if (!Number.isInteger(value) || value < 61 || value > 2958465) return 'invalid';
    return new Date(Date.UTC(1899, 11, 30) + value * 86_400_000).toISOString().slice(0, 10);
  }
  const text = value.trim();
  if (!text) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return 'invalid';
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return parseIsoDate(iso) ? iso : 'invalid';
}

/**
 * Rows whose key appeared on an earlier row: row number → the first row with it. Only the later
 * rows are marked, so fixing or deleting them leaves the first one importable.
 */
export function duplicateRows(rows: Array<{ rowNo: number; key: string | null }>): Map<number, number> {
  const first = new Map<string, number>();
  const dup = new Map<number, number>();
  for (const r of rows) {
    if (!r.key) continue;
    const seen = first.get(r.key);
    if (seen === undefined) first.set(r.key, r.rowNo);
    else dup.set(r.rowNo, seen);
  }
  return dup;
}
