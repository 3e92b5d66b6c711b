import { describe, expect, it } from 'vitest';
import { formatFen, formatFullMemberOn, formatRate, formatYuan, parseYuan } from './format';

describe('formatFen', () => {
  it('shows fen as 元 with two decimals and separators, in integers', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(1500)).toBe('15.00');
    expect(formatFen(123456)).toBe('1,234.56');
    expect(formatFen(-20)).toBe('-0.20');
    expect(formatFen(900_719_925_474_099)).toBe('9,007,199,254,740.99');
    expect(formatYuan(9750)).toBe('97.50 元');
  });

  it('shows a dash for nothing or a non-integer', () => {
    expect(formatFen(null)).toBe('—');
    expect(formatFen(1.5)).toBe('—');
  });
});

describe('parseYuan', () => {
  it('parses 元 typed by a person to fen exactly, without floats', () => {
    expect(parseYuan('15')).toBe(1500);
    expect(parseYuan('15.5')).toBe(1550);
    expect(parseYuan('15.05')).toBe(1505);
    expect(parseYuan('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(parseYuan('1,234.56')).toBe(123456);
    expect(parseYuan(' 20. ')).toBe(2000);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '-1', '1e3', '.5', undefined]) expect(parseYuan(bad)).toBeNull();
  });
});

describe('formatRate', () => {
  it('moves the decimal point of the rate string', () => {
    expect(formatRate('0.005')).toBe('0.5%');
    expect(formatRate('0.01')).toBe('1%');
    expect(formatRate('0.015')).toBe('1.5%');
    expect(formatRate('0.02')).toBe('2%');
    expect(formatRate(null)).toBe('—');
  });
});

describe('formatFullMemberOn', () => {
  it('says 历史数据未录入 for a full member without a 转正日期, a dash for a 预备党员', () => {
    expect(formatFullMemberOn({ stage: 'full', fullMemberOn: '2016-07-01' })).toBe('2016-07-01');
    expect(formatFullMemberOn({ stage: 'full', fullMemberOn: null })).toBe('历史数据未录入');
    expect(formatFullMemberOn({ stage: 'probationary', fullMemberOn: null })).toBe('—');
  });
});
