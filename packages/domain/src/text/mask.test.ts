import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask.ts';

describe('maskIdNumber', () => {
  it('shows the first 4 and last 4 characters of an 18-character number', () => {
    expect(maskIdNumber('350203199001011234')).toBe('3502**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('masks the old 15-digit form the same way', () => {
    expect(maskIdNumber('350203900101123')).toBe('3502*******1123');
  });

  it('ignores surrounding spaces', () => {
    expect(maskIdNumber(' 350203199001011234 ')).toBe('3502**********1234');
  });

  it('masks anything shorter entirely, keeping only its length', () => {
    expect(maskIdNumber('35020319900101')).toBe('**************');
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('1')).toBe('*');
  });

  it('answers an empty string for empty or missing input', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('   ')).toBe('');
    expect(maskIdNumber(null)).toBe('');
    expect(maskIdNumber(undefined)).toBe('');
  });

  it('never shows the birth date of a full number', () => {
    expect(maskIdNumber('350203199001011234')).not.toContain('19900101');
  });
});

describe('maskPhone', () => {
  it('shows the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('keeps the pattern for a longer number', () => {
    expect(maskPhone('059212345678')).toBe('059*****5678');
  });

  it('masks a number shorter than 11 characters entirely', () => {
    expect(maskPhone('1381234123')).toBe('**********');
    expect(maskPhone('1234')).toBe('****');
  });

  it('never throws on empty or missing input', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
    expect(maskPhone(undefined)).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the first and last character of a three-character name', () => {
    expect(maskName('张三丰')).toBe('张*丰');
  });

  it('keeps only the surname of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });

  it('masks every middle character of a longer name', () => {
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('阿依古丽·买买提')).toBe('阿******提');
  });

  it('masks a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('counts a character outside the BMP as one', () => {
    expect(maskName('𠮷三')).toBe('𠮷*');
    expect(maskName('张𠮷丰')).toBe('张*丰');
    expect(maskName('张三𠮷')).toBe('张*𠮷');
  });

  it('never throws on empty or missing input', () => {
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe('');
    expect(maskName(undefined)).toBe('');
  });
});
