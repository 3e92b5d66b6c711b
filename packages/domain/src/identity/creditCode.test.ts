import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  CREDIT_CODE_ALPHABET,
  type CreditCodeValidation,
  creditCodeCheckChar,
  makeCreditCode,
  validateCreditCode,
} from './creditCode.ts';

// Codes of well-known companies as printed on their business licences.
const PUBLISHED = [
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91110000710925462X', // 中国石油天然气股份有限公司
  '91440300192317458F', // 比亚迪股份有限公司
];

function codeOf(result: CreditCodeValidation): string | undefined {
  return result.ok ? undefined : result.code;
}

describe('creditCodeCheckChar', () => {
  it('reproduces the check character of published codes', () => {
    for (const code of PUBLISHED) {
      expect(creditCodeCheckChar(code.slice(0, 17)), code).toBe(code.charAt(17));
    }
  });

  it('answers 0 when the weighted sum is a multiple of 31, not the 32nd character', () => {
    expect(creditCodeCheckChar('91350200MA2Y00004')).toBe('0');
  });

  it('can answer the last letter of the alphabet', () => {
    expect(creditCodeCheckChar('91350200MA2Y00023')).toBe('Y');
  });

  it('throws a format error for anything but 17 characters of the alphabet', () => {
    for (const value of [
      '91350200MA2Y0000',
      '91350200MA2Y000040',
      '91350200MI2Y00004',
      '91350200ma2y00004',
    ]) {
      expect(() => creditCodeCheckChar(value), value).toThrow(DomainError);
    }
  });
});

describe('validateCreditCode', () => {
  it('accepts published codes', () => {
    for (const code of PUBLISHED) {
      expect(validateCreditCode(code), code).toEqual({ ok: true, normalized: code });
    }
  });

  it('accepts lower case and surrounding spaces, normalizing to upper case', () => {
    expect(validateCreditCode(' 91440300708461136t ')).toEqual({
      ok: true,
      normalized: '91440300708461136T',
    });
  });

  it('rejects a check character that does not match', () => {
    expect(validateCreditCode('914403001922038217')).toEqual({
      ok: false,
      code: 'credit_code.checksum',
      message: '统一社会信用代码校验位不正确',
    });
  });

  it('rejects any single corrupted character', () => {
    const code = '91110108551385082Q';
    for (let i = 0; i < 18; i++) {
      const current = CREDIT_CODE_ALPHABET.indexOf(code.charAt(i));
      const replacement = CREDIT_CODE_ALPHABET.charAt((current + 1) % 31);
      const corrupted = code.slice(0, i) + replacement + code.slice(i + 1);
      expect(validateCreditCode(corrupted), corrupted).toMatchObject({
        ok: false,
        code: 'credit_code.checksum',
      });
    }
  });

  it('rejects the letters I, O, Z, S and V as a format error', () => {
    for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
      expect(validateCreditCode(`91350200M${letter}2Y00004`), letter).toEqual({
        ok: false,
        code: 'credit_code.format',
        message: '统一社会信用代码格式不正确，应为18位数字或大写字母（不含I、O、Z、S、V）',
      });
    }
  });

  it('rejects wrong lengths and punctuation as a format error', () => {
    for (const value of [
      '',
      '91350200MA2Y0000',
      '91350200MA2Y0000400',
      '91350200-MA2Y0000',
      '９１３５０２００ＭＡ２Ｙ００００４',
    ]) {
      expect(codeOf(validateCreditCode(value)), value).toBe('credit_code.format');
    }
  });
});

describe('makeCreditCode', () => {
  it('round-trips through validation', () => {
    for (const first17 of [
      '91350200MA2Y00000',
      '52350200MJ0000000',
      '12350200000000000',
      '91350206MA34ABCDE',
    ]) {
      const code = makeCreditCode(first17);
      expect(code.slice(0, 17)).toBe(first17);
      expect(validateCreditCode(code), code).toEqual({ ok: true, normalized: code });
    }
  });

  it('appends the independently computed check character', () => {
    expect(makeCreditCode('91350200MA2Y00000')).toBe('91350200MA2Y00000K');
    expect(makeCreditCode('52350200MJ0000000')).toBe('52350200MJ0000000B');
  });

  it('refuses an invalid body', () => {
    expect(() => makeCreditCode('91350200MA2Y0000O')).toThrowError(
      expect.objectContaining({ code: 'credit_code.format' }),
    );
  });
});
