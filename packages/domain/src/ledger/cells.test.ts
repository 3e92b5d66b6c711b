import { describe, expect, it } from 'vitest';
import { duplicateRows, type LedgerColumn, ledgerColumnOf, ledgerText, parseLedgerDate } from './cells.ts';

describe('parseLedgerDate', () => {
  it('reads the ways people type dates in a ledger', () => {
    for (const v of ['2020-07-01', '2020/7/1', '2020.07.01', '20200701', '2020年7月1日'])
      expect(parseLedgerDate(v), v).toBe('2020-07-01');
  });
  it('reads an Excel date cell and an Excel serial number', () => {
    expect(parseLedgerDate(new Date(Date.UTC(2020, 6, 1)))).toBe('2020-07-01');
    expect(parseLedgerDate(44013)).toBe('2020-07-01');
  });
  it('answers null for an empty cell and invalid for a day that does not exist', () => {
    expect(parseLedgerDate('')).toBeNull();
    expect(parseLedgerDate(undefined)).toBeNull();
    expect(parseLedgerDate('2021-02-29')).toBe('invalid');
    expect(parseLedgerDate('2020-13-01')).toBe('invalid');
    expect(parseLedgerDate('七月一日')).toBe('invalid');
    expect(parseLedgerDate(1.5)).toBe('invalid');
  });
});

describe('ledgerColumnOf', () => {
  const columns: LedgerColumn<'name' | 'code'>[] = [
    { key: 'name', header: '组织名称', required: true, width: 10, example: '' },
    { key: 'code', header: '统一社会信用代码', required: false, width: 10, example: '' },
  ];
  it('reads a header with the required mark, spaces or an alias, and nothing else', () => {
    expect(ledgerColumnOf(columns, {}, '*组织名称')).toBe('name');
    expect(ledgerColumnOf(columns, {}, ' 组织 名称 ')).toBe('name');
    expect(ledgerColumnOf(columns, { 信用代码: 'code' }, '信用代码')).toBe('code');
    expect(ledgerColumnOf(columns, {}, '备注')).toBeUndefined();
    expect(ledgerColumnOf(columns, {}, 'constructor')).toBeUndefined();
  });
});

describe('ledgerText and duplicateRows', () => {
  it('trims text and writes date cells as YYYY-MM-DD', () => {
    expect(ledgerText('  甲 ')).toBe('甲');
    expect(ledgerText(null)).toBe('');
    expect(ledgerText(new Date(Date.UTC(2020, 6, 1)))).toBe('2020-07-01');
  });
  it('marks each later row with a key already seen, pointing at the first', () => {
    const dup = duplicateRows([
      { rowNo: 2, key: 'A' },
      { rowNo: 3, key: null },
      { rowNo: 4, key: 'A' },
    ]);
    expect([...dup]).toEqual([[4, 2]]);
  });
});
