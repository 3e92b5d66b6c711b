import { describe, expect, it } from 'vitest';
import {
  addMonths,
  arrearsLevel,
  checkPaymentManner,
  checkPaymentMonth,
  dueAfterAdjustment,
  firstDuesMonth,
  lastEndedMonth,
  monthsBetween,
  owesDuesFor,
} from './ledger.ts';

describe('months', () => {
  it('counts and adds across year ends', () => {
    expect(monthsBetween('2025-11', '2026-02')).toBe(3);
    expect(monthsBetween('2026-02', '2025-11')).toBe(-3);
    expect(addMonths('2025-11', 3)).toBe('2026-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
  it('rejects a malformed month', () => {
    expect(() => monthsBetween('2026-13', '2026-01')).toThrow('月份格式');
  });
});

describe('back-payment (D10)', () => {
  it('allows the current month and 6 before it, refuses the 7th, citing D10', () => {
    expect(checkPaymentMonth('2026-05', '2026-11').ok).toBe(true);
    const refused = checkPaymentMonth('2026-04', '2026-11');
    expect(refused.ok).toBe(false);
    expect(refused.rule?.id).toBe('D10');
    expect(refused.message).toContain('最多补交 6 个月');
  });
  it('allows paying up to 2 months ahead, not 3', () => {
    expect(checkPaymentMonth('2027-01', '2026-11').ok).toBe(true);
    expect(checkPaymentMonth('2027-02', '2026-11').ok).toBe(false);
  });
});

describe('arrears (D11)', () => {
  it('warns at 5 consecutive unpaid months and raises a finding at 6', () => {
    expect(arrearsLevel(4)).toBe('none');
    expect(arrearsLevel(5)).toBe('warning');
    expect(arrearsLevel(6)).toBe('finding');
  });
  it('counts only months that have ended: on the first and the last day of a month, the month before', () => {
    expect(lastEndedMonth('2026-07-01')).toBe('2026-06');
    expect(lastEndedMonth('2026-07-31')).toBe('2026-06');
    expect(lastEndedMonth('2027-01-01')).toBe('2026-12');
    expect(lastEndedMonth('2026-12-31')).toBe('2026-11');
    expect(lastEndedMonth('2028-02-29')).toBe('2028-01');
  });
});

describe('reductions and exemptions (D5)', () => {
  it('applies until the month named, inclusive', () => {
    const exempt = { kind: 'exempt' as const, untilMonth: '2026-06' };
    expect(dueAfterAdjustment(1500, exempt, '2026-06')).toBe(0);
    expect(dueAfterAdjustment(1500, exempt, '2026-07')).toBe(1500);
    expect(dueAfterAdjustment(1500, { kind: 'reduced', reducedFen: 500, untilMonth: null }, '2030-01')).toBe(
      500,
    );
    expect(dueAfterAdjustment(1500, { kind: 'none' }, '2026-01')).toBe(1500);
  });
});

describe('dues from the branch meeting (D6) and until leaving', () => {
  it('owes the month of the branch meeting, never a month before it, across a year end', () => {
    const admitted = { joinedOn: '2026-12-20' };
    expect(firstDuesMonth('2026-12-20')).toBe('2026-12');
    expect(owesDuesFor('2026-11', admitted)).toBe(false);
    expect(owesDuesFor('2026-12', admitted)).toBe(true);
    expect(owesDuesFor('2027-01', admitted)).toBe(true);
    // the first and the last day of a month both make it the first month owed
    expect(owesDuesFor('2027-01', { joinedOn: '2027-01-01' })).toBe(true);
    expect(owesDuesFor('2026-12', { joinedOn: '2027-01-01' })).toBe(false);
    expect(owesDuesFor('2026-12', { joinedOn: '2026-12-31' })).toBe(true);
  });
  it('owes the month of leaving unless they left on its first day, and never a month after', () => {
    const left = (leftOn: string) => ({ joinedOn: '2010-07-01', leftOn });
    expect(owesDuesFor('2027-02', left('2027-03-01'))).toBe(true);
    expect(owesDuesFor('2027-03', left('2027-03-01'))).toBe(false);
    expect(owesDuesFor('2027-03', left('2027-03-02'))).toBe(true);
    expect(owesDuesFor('2027-04', left('2027-03-02'))).toBe(false);
    expect(owesDuesFor('2027-01', left('2026-12-31'))).toBe(false);
  });
  it('owes every month when the joining day is not recorded (members registered without it)', () => {
    expect(owesDuesFor('2001-01', { joinedOn: null })).toBe(true);
  });
});

describe('collection (D12)', () => {
  it('refuses deduction from pay, payment in advance by the organization and a "special" levy, citing 第十四条', () => {
    expect(checkPaymentManner({ method: 'payroll' })).toMatchObject({
      ok: false,
      field: 'method',
      rule: { id: 'D12', article: '第十四条' },
    });
    expect(checkPaymentManner({ method: 'payroll' }).message).toContain('不得从工资中扣缴');
    expect(checkPaymentManner({ method: 'advance' }).message).toContain('不得为党员垫交党费');
    expect(checkPaymentManner({ kind: 'special' })).toMatchObject({ ok: false, field: 'kind' });
    for (const method of ['cash', 'transfer', 'bank', 'other'] as const)
      expect(checkPaymentManner({ method, kind: 'voluntary' }).ok).toBe(true);
  });
});
