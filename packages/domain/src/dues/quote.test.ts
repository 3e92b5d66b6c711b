import { describe, expect, it } from 'vitest';
import {
  applyPermille,
  checkFlatAmount,
  DUES_SOURCE,
  type DuesCategory,
  flatAmountsFrom,
  MAX_DUES_BASE_FEN,
  quoteDues,
} from './quote.ts';

const quote = (category: DuesCategory, baseFen: number) => quoteDues({ category, baseFen });

describe('quoteDues for on-job members (D1)', () => {
  it('answers the example of the API contract', () => {
    expect(quote('on_job', 300_000)).toEqual({
      monthlyFen: 1500,
      rate: '0.005',
      rule: { id: 'D1', source: DUES_SOURCE, article: '第一条、第二条' },
    });
  });

  it('charges 0.5% up to and including 3000 元', () => {
    expect(quote('on_job', 0)).toMatchObject({ monthlyFen: 0, rate: '0.005' });
    expect(quote('on_job', 200_000)).toMatchObject({ monthlyFen: 1000, rate: '0.005' });
    expect(quote('on_job', 300_000)).toMatchObject({ monthlyFen: 1500, rate: '0.005' });
  });

  it('charges 1% from one fen above 3000 元 up to and including 5000 元', () => {
    expect(quote('on_job', 300_001)).toMatchObject({ monthlyFen: 3000, rate: '0.01' });
    expect(quote('on_job', 500_000)).toMatchObject({ monthlyFen: 5000, rate: '0.01' });
  });

  it('charges 1.5% above 5000 元 up to and including 10000 元', () => {
    expect(quote('on_job', 500_001)).toMatchObject({ monthlyFen: 7500, rate: '0.015' });
    expect(quote('on_job', 1_000_000)).toMatchObject({ monthlyFen: 15_000, rate: '0.015' });
  });

  it('charges 2% above 10000 元', () => {
    expect(quote('on_job', 1_000_001)).toMatchObject({ monthlyFen: 20_000, rate: '0.02' });
    expect(quote('on_job', 2_500_000)).toMatchObject({ monthlyFen: 50_000, rate: '0.02' });
  });
});

describe('quoteDues for annual-salary and self-employed members (D2)', () => {
  it('uses the D1 tiers and cites D2', () => {
    for (const category of ['annual_salary', 'self_employed'] as const) {
      expect(quote(category, 300_000)).toEqual({
        monthlyFen: 1500,
        rate: '0.005',
        rule: { id: 'D2', source: DUES_SOURCE, article: '第三条、第四条' },
      });
      expect(quote(category, 300_001).rate).toBe('0.01');
      expect(quote(category, 500_001).rate).toBe('0.015');
      expect(quote(category, 1_000_001).rate).toBe('0.02');
    }
  });
});

describe('quoteDues for retirees (D3)', () => {
  it('charges 0.5% up to and including 5000 元', () => {
    expect(quote('retiree', 500_000)).toEqual({
      monthlyFen: 2500,
      rate: '0.005',
      rule: { id: 'D3', source: DUES_SOURCE, article: '第五条' },
    });
  });

  it('charges 1% above 5000 元, with no higher tier', () => {
    expect(quote('retiree', 500_001)).toMatchObject({ monthlyFen: 5000, rate: '0.01' });
    expect(quote('retiree', 2_000_000)).toMatchObject({ monthlyFen: 20_000, rate: '0.01' });
  });
});

describe('quoteDues for flat amounts (D4)', () => {
  it('charges the flat amount itself, with no rate', () => {
    expect(quote('flat', 20)).toEqual({
      monthlyFen: 20,
      rate: null,
      rule: { id: 'D4', source: DUES_SOURCE, article: '第六条' },
    });
    expect(quote('flat', 100)).toMatchObject({ monthlyFen: 100, rate: null });
  });

  it('keeps farmers within 0.2–1 元 and the others at 0.2 元, both bounds included', () => {
    const flat = (baseFen: number, flatGroup?: 'farmer' | 'student' | 'subsistence') => () =>
      quoteDues({ category: 'flat', baseFen, flatGroup });
    expect(flat(20, 'farmer')()).toMatchObject({ monthlyFen: 20 });
    expect(flat(100, 'farmer')()).toMatchObject({ monthlyFen: 100 });
    expect(flat(19, 'farmer')).toThrowError(
      expect.objectContaining({ code: 'dues.flat_amount', field: 'baseFen' }),
    );
    expect(flat(101, 'farmer')).toThrowError(/农民党员每月0\.20元至1\.00元/);
    expect(flat(20, 'student')()).toMatchObject({ monthlyFen: 20 });
    expect(flat(21, 'student')).toThrowError(
      /依据《关于中国共产党党费收缴、使用和管理的规定》（2008）第六条/,
    );
    expect(flat(50, 'subsistence')).toThrowError(expect.objectContaining({ code: 'dues.flat_amount' }));
    // without the group, the amount must be one of the published ones
    expect(flat(50)()).toMatchObject({ monthlyFen: 50 });
    expect(flat(19)).toThrowError(expect.objectContaining({ code: 'dues.flat_amount' }));
    expect(flat(101)).toThrowError(expect.objectContaining({ code: 'dues.flat_amount' }));
  });

  it('takes a region’s flat amounts from its parameters', () => {
    const regional = flatAmountsFrom({ farmerMinFen: 100, farmerMaxFen: 500, studentFen: 50, note: 'x' });
    expect(regional).toMatchObject({ farmerMinFen: 100, farmerMaxFen: 500, studentFen: 50, reliefFen: 20 });
    expect(quoteDues({ category: 'flat', baseFen: 500, flatGroup: 'farmer' }, regional).monthlyFen).toBe(500);
    expect(() => checkFlatAmount(50, 'farmer', regional)).toThrowError(/1\.00元至5\.00元/);
    expect(() => checkFlatAmount(50, 'student', regional)).not.toThrow();
  });
});

describe('rounding to the fen', () => {
  it('rounds half a fen up at every rate', () => {
    expect(quote('on_job', 100).monthlyFen).toBe(1); // 0.5 fen
    expect(quote('on_job', 300).monthlyFen).toBe(2); // 1.5 fen
    expect(quote('on_job', 300_050).monthlyFen).toBe(3001); // 3000.5 fen
    expect(quote('on_job', 500_100).monthlyFen).toBe(7502); // 7501.5 fen
    expect(quote('on_job', 1_000_025).monthlyFen).toBe(20_001); // 20000.5 fen
    expect(quote('retiree', 500_050).monthlyFen).toBe(5001); // 5000.5 fen
  });

  it('rounds just under half a fen down', () => {
    expect(quote('on_job', 99).monthlyFen).toBe(0); // 0.495 fen
    expect(quote('on_job', 299).monthlyFen).toBe(1); // 1.495 fen
    expect(quote('on_job', 300_049).monthlyFen).toBe(3000); // 3000.49 fen
  });

  it('rounds just over half a fen up', () => {
    expect(quote('on_job', 101).monthlyFen).toBe(1); // 0.505 fen
    expect(quote('on_job', 1_000_026).monthlyFen).toBe(20_001); // 20000.52 fen
  });

  it('agrees with exact rational rounding (BigInt) across every tier boundary', () => {
    const exact = (base: number, permille: number) => {
      const numerator = BigInt(base) * BigInt(permille);
      const whole = numerator / 1000n;
      return Number(numerator % 1000n >= 500n ? whole + 1n : whole);
    };
    for (const bound of [0, 300_000, 500_000, 1_000_000, MAX_DUES_BASE_FEN - 1_000]) {
      for (let base = bound; base <= bound + 1_000; base++) {
        for (const permille of [5, 10, 15, 20]) {
          expect(applyPermille(base, permille), `${base}×${permille}‰`).toBe(exact(base, permille));
        }
      }
    }
  });

  it('stays exact at the largest accepted base', () => {
    expect(applyPermille(MAX_DUES_BASE_FEN, 20)).toBe(20_000_000_000);
    expect(applyPermille(MAX_DUES_BASE_FEN - 25, 20)).toBe(20_000_000_000); // 19 999 999 999.5 fen
    expect(applyPermille(MAX_DUES_BASE_FEN - 26, 20)).toBe(19_999_999_999); // 19 999 999 999.48 fen
  });
});

describe('invalid input', () => {
  it('rejects a negative base with a typed error naming the field', () => {
    expect(() => quote('on_job', -1)).toThrowError(
      expect.objectContaining({ name: 'DomainError', code: 'dues.base', field: 'baseFen' }),
    );
  });

  it('rejects a base that is not a whole number of fen', () => {
    for (const baseFen of [0.5, 300_000.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => quote('on_job', baseFen), String(baseFen)).toThrowError(
        expect.objectContaining({ code: 'dues.base', field: 'baseFen' }),
      );
    }
    expect(() => quote('flat', 20.5)).toThrowError(expect.objectContaining({ code: 'dues.base' }));
  });

  it('rejects a base above the maximum and accepts the maximum', () => {
    expect(() => quote('on_job', MAX_DUES_BASE_FEN + 1)).toThrowError(
      expect.objectContaining({ code: 'dues.base' }),
    );
    expect(quote('on_job', MAX_DUES_BASE_FEN).monthlyFen).toBe(20_000_000_000);
  });

  it('rejects an unknown category', () => {
    const input = { category: 'student', baseFen: 20 } as unknown as Parameters<typeof quoteDues>[0];
    expect(() => quoteDues(input)).toThrowError(
      expect.objectContaining({ code: 'dues.category', field: 'category' }),
    );
    const inherited = { category: 'toString', baseFen: 20 } as unknown as Parameters<typeof quoteDues>[0];
    expect(() => quoteDues(inherited)).toThrowError(expect.objectContaining({ code: 'dues.category' }));
  });
});

describe('the quoted rule', () => {
  it('is a fresh object each time, so a caller cannot alter the rule table', () => {
    const first = quote('on_job', 100);
    first.rule.article = 'changed';
    expect(quote('on_job', 100).rule.article).toBe('第一条、第二条');
  });
});
