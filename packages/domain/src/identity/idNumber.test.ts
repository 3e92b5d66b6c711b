import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  ageOn,
  type IdNumberValidation,
  idNumberCheckChar,
  makeIdNumber,
  validateIdNumber,
} from './idNumber.ts';

const TODAY = '2026-11-23';

function codeOf(result: IdNumberValidation): string | undefined {
  return result.ok ? undefined : result.code;
}

describe('idNumberCheckChar (ISO 7064 MOD 11-2)', () => {
  it('computes the example printed in GB 11643-1999', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('maps every remainder through "10X98765432"', () => {
    // A run of sequence numbers whose weighted sums step through all eleven remainders.
    const expected: Record<string, string> = {
      '100': '2',
      '101': '0',
      '102': '9',
      '103': '7',
      '104': '5',
      '105': '3',
      '106': '1',
      '107': 'X',
      '108': '8',
      '109': '6',
      '110': '9',
      '111': '7',
    };
    for (const [sequence, check] of Object.entries(expected)) {
      expect(idNumberCheckChar(`35020319900101${sequence}`), sequence).toBe(check);
    }
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });

  it('throws a format error unless given exactly 17 digits', () => {
    for (const value of ['1101051949123100', '110105194912310021', '1101051949123100X', '']) {
      expect(() => idNumberCheckChar(value), value).toThrow(DomainError);
    }
  });
});

describe('validateIdNumber', () => {
  it('accepts a valid number and reads area, birth date and gender', () => {
    expect(validateIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      areaCode: '110105',
      birthDate: '1949-12-31',
      gender: 'female',
    });
  });

  it('reads an odd sequence as male and an even one as female', () => {
    const male = validateIdNumber('350203199001011010', TODAY);
    const female = validateIdNumber('350203199001011029', TODAY);
    expect(male.ok && male.gender).toBe('male');
    expect(female.ok && female.gender).toBe('female');
  });

  it('accepts a lower-case x and normalizes it to upper case', () => {
    const result = validateIdNumber('11010519491231002x', TODAY);
    expect(result.ok && result.normalized).toBe('11010519491231002X');
  });

  it('ignores surrounding spaces', () => {
    const result = validateIdNumber('  350203199001011002\t', TODAY);
    expect(result.ok && result.normalized).toBe('350203199001011002');
  });

  it('rejects a check digit that does not match', () => {
    expect(validateIdNumber('350203199001011234', TODAY)).toEqual({
      ok: false,
      code: 'id_number.checksum',
      message: '身份证号码校验位不正确',
    });
    expect(validateIdNumber('110105194912310021', TODAY)).toMatchObject({ code: 'id_number.checksum' });
  });

  it('rejects a single changed digit in the area or sequence as a checksum error', () => {
    const valid = '350203199001011002';
    expect(validateIdNumber(valid, TODAY).ok).toBe(true);
    for (const i of [2, 3, 4, 5, 14, 15, 16]) {
      for (let delta = 1; delta <= 9; delta++) {
        const digit = String((Number(valid[i]) + delta) % 10);
        const changed = valid.slice(0, i) + digit + valid.slice(i + 1);
        expect(codeOf(validateIdNumber(changed, TODAY)), changed).toBe('id_number.checksum');
      }
    }
  });

  it('rejects two swapped neighbouring digits', () => {
    expect(codeOf(validateIdNumber('350203199001010102', TODAY))).toBe('id_number.checksum');
  });

  it('rejects wrong lengths and characters as a format error', () => {
    for (const value of [
      '',
      '35020319900101100', // 17
      '3502031990010110090', // 19
      '350203900101100', // old 15-digit form
      '35020319900101100Y',
      '3502031990010X1009',
      '350203 99001011009',
      '３５０２０３１９９００１０１１００９', // full-width digits
    ]) {
      expect(validateIdNumber(value, TODAY), value).toEqual({
        ok: false,
        code: 'id_number.format',
        message: '身份证号码格式不正确，应为18位',
      });
    }
  });

  it('rejects an area code whose province prefix does not exist', () => {
    const first17 = '00020319900101100';
    const value = first17 + idNumberCheckChar(first17);
    expect(validateIdNumber(value, TODAY)).toEqual({
      ok: false,
      code: 'id_number.area',
      message: '身份证号码的地区代码无效',
    });
    for (const prefix of [
      '10',
      '16',
      '20',
      '24',
      '30',
      '38',
      '40',
      '47',
      '49',
      '55',
      '60',
      '66',
      '70',
      '72',
      '80',
      '83',
      '91',
    ]) {
      const body = `${prefix}020319900101100`;
      expect(codeOf(validateIdNumber(body + idNumberCheckChar(body), TODAY)), prefix).toBe('id_number.area');
    }
  });

  it('accepts Taiwan, Hong Kong and Macao prefixes', () => {
    expect(validateIdNumber('710000199912310043', TODAY).ok).toBe(true);
    expect(validateIdNumber('820000200001010032', TODAY).ok).toBe(true);
  });

  it('rejects a birth date that is not a calendar day', () => {
    for (const birth of ['19900230', '19901301', '19900001', '19900100', '20260229']) {
      const body = `350203${birth}100`;
      expect(validateIdNumber(body + idNumberCheckChar(body), TODAY), birth).toEqual({
        ok: false,
        code: 'id_number.birth_date',
        message: '身份证号码中的出生日期无效',
      });
    }
  });

  it('accepts a 29 February birth date in a leap year', () => {
    expect(validateIdNumber('350206200802290018', TODAY)).toMatchObject({
      ok: true,
      birthDate: '2008-02-29',
    });
  });

  it('accepts 1900-01-01 and rejects the day before', () => {
    expect(validateIdNumber('350206190001010016', TODAY).ok).toBe(true);
    expect(codeOf(validateIdNumber('440524188001010014', TODAY))).toBe('id_number.birth_date');
    const body = '35020618991231001';
    expect(codeOf(validateIdNumber(body + idNumberCheckChar(body), TODAY))).toBe('id_number.birth_date');
  });

  it('accepts a birth date of today and rejects tomorrow', () => {
    expect(validateIdNumber('350203202601010016', '2026-01-01').ok).toBe(true);
    expect(codeOf(validateIdNumber('350203202601010016', '2025-12-31'))).toBe('id_number.birth_date');
  });

  it('reports the format before the area, the area before the date, the date before the checksum', () => {
    expect(codeOf(validateIdNumber('00020319901301100', TODAY))).toBe('id_number.format');
    expect(codeOf(validateIdNumber('000203199013011000', TODAY))).toBe('id_number.area');
    expect(codeOf(validateIdNumber('350203199013011000', TODAY))).toBe('id_number.birth_date');
  });

  it('refuses a birth date after the given today, and accepts today itself', () => {
    const body = '35020320260705100';
    expect(codeOf(validateIdNumber(body + idNumberCheckChar(body), '2026-07-04'))).toBe(
      'id_number.birth_date',
    );
    expect(validateIdNumber(body + idNumberCheckChar(body), '2026-07-05').ok).toBe(true);
  });
});

describe('ageOn', () => {
  it('counts full years, turning one year older on the birthday', () => {
    expect(ageOn('2008-06-15', '2026-06-14')).toBe(17);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(18);
    expect(ageOn('2008-06-15', '2026-06-16')).toBe(18);
  });

  it('compares month before day', () => {
    expect(ageOn('2008-12-01', '2026-11-30')).toBe(17);
    expect(ageOn('2008-01-31', '2026-02-01')).toBe(18);
  });

  it('is 0 on the day of birth', () => {
    expect(ageOn('2026-03-01', '2026-03-01')).toBe(0);
  });

  it('lets someone born on 29 February turn a year older on 1 March of a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('lets someone born on 29 February turn a year older on 29 February of a leap year', () => {
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('rejects a date before the birth date', () => {
    expect(() => ageOn('2008-06-15', '2008-06-14')).toThrowError(
      expect.objectContaining({ code: 'date.range' }),
    );
  });

  it('rejects malformed dates', () => {
    expect(() => ageOn('2008-02-30', '2026-01-01')).toThrowError(
      expect.objectContaining({ code: 'date.format' }),
    );
    expect(() => ageOn('2008-02-01', '2026/01/01')).toThrow(DomainError);
  });
});

describe('makeIdNumber', () => {
  it('builds a number that validates and encodes its inputs', () => {
    const value = makeIdNumber('350206', '1985-07-01', 23);
    expect(value).toBe(`35020619850701023${idNumberCheckChar('35020619850701023')}`);
    expect(validateIdNumber(value, TODAY)).toEqual({
      ok: true,
      normalized: value,
      areaCode: '350206',
      birthDate: '1985-07-01',
      gender: 'male',
    });
  });

  it('accepts the sequence as a 3-digit string', () => {
    expect(makeIdNumber('110105', '1949-12-31', '002')).toBe('11010519491231002X');
  });

  it('makes valid numbers for every sequence', () => {
    for (let sequence = 0; sequence <= 999; sequence += 37) {
      const value = makeIdNumber('445302', '2000-02-29', sequence);
      const result = validateIdNumber(value, TODAY);
      expect(result.ok, value).toBe(true);
      expect(result.ok && result.gender).toBe(sequence % 2 === 1 ? 'male' : 'female');
    }
  });

  it('refuses an area code without a real province prefix', () => {
    expect(() => makeIdNumber('990000', '1990-01-01', 1)).toThrowError(
      expect.objectContaining({ code: 'id_number.area', field: 'areaCode' }),
    );
    expect(() => makeIdNumber('35020', '1990-01-01', 1)).toThrow(DomainError);
  });

  it('refuses a birth date that is not a day or is before 1900', () => {
    expect(() => makeIdNumber('350206', '1990-02-30', 1)).toThrowError(
      expect.objectContaining({ code: 'id_number.birth_date' }),
    );
    expect(() => makeIdNumber('350206', '1899-12-31', 1)).toThrow(DomainError);
  });

  it('refuses a sequence outside 000–999', () => {
    for (const sequence of [-1, 1000, 1.5, '12', '1000', 'abc']) {
      expect(() => makeIdNumber('350206', '1990-01-01', sequence), String(sequence)).toThrowError(
        expect.objectContaining({ code: 'id_number.sequence' }),
      );
    }
  });
});
