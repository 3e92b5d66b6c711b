import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../calendar/workdays.ts';
import type { CaseMeasureRow } from '../cases/measures.ts';
import {
  firstWorkdayOfQuarter,
  PROPERTY_RULES,
  previousQuarter,
  quarterLabel,
  quarterOf,
  quarterRange,
  rankCompanies,
  rateCompany,
  rulesFor,
  starsFor,
} from './rating.ts';

const rules = PROPERTY_RULES[0]!;

function closed(onTime: boolean, rating: CaseMeasureRow['rating'] = null): CaseMeasureRow {
  return {
    state: 'closed',
    closureReason: 'resolved',
    completionBreached: !onTime,
    signedOnTime: true,
    rating,
    redoCount: 0,
    returnCount: 0,
    dispatched: true,
  };
}

const points = (r: ReturnType<typeof rateCompany>, key: string) =>
  r.components.find((c) => c.key === key)!.points;

describe('rateCompany', () => {
  it('gives full complaint points at fullAt per 100 households and none at zeroAt, linear between', () => {
    const base = { inspectionScores: [80] };
    // 2 cases / 200 households = 1 per 100 → full
    expect(
      points(
        rateCompany({ ...base, households: 200, cases: [closed(true), closed(true)] }, rules),
        'complaints',
      ),
    ).toBe(25);
    // 12 / 200 = 6 per 100 → 0
    const twelve = Array.from({ length: 12 }, () => closed(true));
    expect(points(rateCompany({ ...base, households: 200, cases: twelve }, rules), 'complaints')).toBe(0);
    // 7 / 200 = 3.5 per 100 → half
    const seven = Array.from({ length: 7 }, () => closed(true));
    expect(points(rateCompany({ ...base, households: 200, cases: seven }, rules), 'complaints')).toBe(12.5);
    // none at all → full
    expect(points(rateCompany({ ...base, households: 200, cases: [] }, rules), 'complaints')).toBe(25);
  });

  it('leaves duplicates and rejected cases out of the complaint count', () => {
    const dup = { ...closed(true), closureReason: 'duplicate' as const };
    const r = rateCompany(
      { households: 100, cases: [dup, dup, closed(true)], inspectionScores: [90] },
      rules,
    );
    expect(r.components.find((c) => c.key === 'complaints')!.numerator).toBe(1);
  });

  it('counts a rate only from minCasesForRate cases on, saying why not below', () => {
    const two = rateCompany(
      { households: 500, cases: [closed(true), closed(false)], inspectionScores: [90] },
      rules,
    );
    const onTime = two.components.find((c) => c.key === 'onTime')!;
    expect(onTime.points).toBeNull();
    expect(onTime.explanation).toContain('数据不足');
    const three = rateCompany(
      { households: 500, cases: [closed(true), closed(true), closed(false)], inspectionScores: [90] },
      rules,
    );
    const t = three.components.find((c) => c.key === 'onTime')!;
    expect(t.numerator).toBe(2);
    expect(t.denominator).toBe(3);
    expect(t.points).toBe(16.7);
    expect(t.explanation).toContain('2 ÷ 3');
  });

  it('a late case lowers the on-time points', () => {
    const onTime = [closed(true), closed(true), closed(true)];
    const a = rateCompany({ households: 1000, cases: onTime, inspectionScores: [90] }, rules);
    const b = rateCompany(
      { households: 1000, cases: [...onTime.slice(1), closed(false)], inspectionScores: [90] },
      rules,
    );
    expect(points(a, 'onTime')).toBe(25);
    expect(points(b, 'onTime')!).toBeLessThan(25);
    expect(b.total!).toBeLessThan(a.total!);
  });

  it('uses the last rating per case: satisfied and basically satisfied over rated', () => {
    const cases = [
      closed(true, 'satisfied'),
      closed(true, 'basic'),
      closed(true, 'unsatisfied'),
      closed(true),
    ];
    const r = rateCompany({ households: 1000, cases, inspectionScores: [] }, rules);
    const s = r.components.find((c) => c.key === 'satisfaction')!;
    expect([s.numerator, s.denominator]).toEqual([2, 3]);
  });

  it('averages inspections and needs minInspections', () => {
    const r = rateCompany({ households: 100, cases: [], inspectionScores: [80, 90] }, rules);
    const i = r.components.find((c) => c.key === 'inspection')!;
    expect(i.value).toBe(85);
    expect(i.points).toBe(21.3);
    const none = rateCompany({ households: 100, cases: [], inspectionScores: [] }, rules);
    expect(none.components.find((c) => c.key === 'inspection')!.points).toBeNull();
  });

  it('says too little data instead of rating on nothing', () => {
    // only the complaints component (25) has data: below minWeight 50
    const r = rateCompany({ households: 100, cases: [], inspectionScores: [] }, rules);
    expect(r.rated).toBe(false);
    expect(r.stars).toBeNull();
    expect(r.total).toBeNull();
    expect(r.reason).toContain('数据不足');
    // no households and no inspections: nothing at all
    expect(rateCompany({ households: 0, cases: [], inspectionScores: [] }, rules).rated).toBe(false);
  });

  it('rates at exactly minWeight and scales to 100', () => {
    const r = rateCompany({ households: 100, cases: [], inspectionScores: [60] }, rules);
    expect(r.rated).toBe(true);
    expect(r.availableWeight).toBe(50);
    // (25 + 15) × 100 ÷ 50 = 80
    expect(r.total).toBe(80);
    expect(r.stars).toBe(4);
    expect(r.reason).toContain('折算');
  });

  it('all components with data: the total is the sum', () => {
    const cases = [closed(true, 'satisfied'), closed(true, 'satisfied'), closed(true, 'satisfied')];
    const r = rateCompany({ households: 300, cases, inspectionScores: [100] }, rules);
    expect(r.total).toBe(100);
    expect(r.stars).toBe(5);
    expect(r.reason).toBeNull();
    for (const c of r.components) expect(c.explanation.length).toBeGreaterThan(5);
  });
});

describe('starsFor', () => {
  it('uses each threshold inclusively', () => {
    expect(starsFor(90, rules)).toBe(5);
    expect(starsFor(89.9, rules)).toBe(4);
    expect(starsFor(80, rules)).toBe(4);
    expect(starsFor(79.9, rules)).toBe(3);
    expect(starsFor(70, rules)).toBe(3);
    expect(starsFor(60, rules)).toBe(2);
    expect(starsFor(59.9, rules)).toBe(1);
    expect(starsFor(0, rules)).toBe(1);
  });
});

describe('rankCompanies', () => {
  const rated = (total: number) => ({
    rated: true,
    total,
    stars: starsFor(total, rules),
    reason: null,
    components: [],
    availableWeight: 100,
  });
  it('shares ranks on equal totals, puts the unrated last and sorts red and black', () => {
    const out = rankCompanies(
      [
        { item: { name: '乙' }, rating: rated(85) },
        { item: { name: '甲' }, rating: rated(92) },
        { item: { name: '丙' }, rating: rated(85) },
        { item: { name: '丁' }, rating: { ...rated(0), rated: false, total: null, stars: null } },
        { item: { name: '戊' }, rating: rated(55) },
      ],
      rules,
    );
    expect(out.map((e) => [e.item.name, e.rank, e.list])).toEqual([
      ['甲', 1, 'red'],
      ['丙', 2, 'red'],
      ['乙', 2, 'red'],
      ['戊', 4, 'black'],
      ['丁', null, null],
    ]);
    expect(rankCompanies([{ item: { name: '己' }, rating: rated(70) }], rules)[0]!.list).toBeNull();
  });
});

describe('quarters', () => {
  it('knows their ranges, labels and neighbours', () => {
    expect(quarterRange('2026Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterRange('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterOf('2026-12-31')).toBe('2026Q4');
    expect(quarterOf('2027-01-01')).toBe('2027Q1');
    expect(previousQuarter('2027Q1')).toBe('2026Q4');
    expect(previousQuarter('2026Q3')).toBe('2026Q2');
    expect(quarterLabel('2026Q4')).toBe('2026年第四季度');
    expect(() => quarterRange('2026Q5')).toThrow();
  });
  it('finds the first working day of a quarter by the calendar', () => {
    const cal = WorkCalendar.official([2026, 2027]);
    // 2026-10-01..07 National Day; 2026-10-08 is a working day? the calendar decides, never a holiday
    const q4 = firstWorkdayOfQuarter('2026-11-15', cal);
    expect(q4 >= '2026-10-01').toBe(true);
    expect(cal.isWorkday(q4)).toBe(true);
    expect(q4 > '2026-10-01').toBe(true);
    // 2026-04-01 is a Wednesday, not a holiday
    expect(firstWorkdayOfQuarter('2026-05-20', cal)).toBe('2026-04-01');
  });
});

describe('rulesFor', () => {
  it('takes the longest matching prefix', () => {
    const local = { ...rules, regionPrefix: '3502', source: 'x' };
    expect(rulesFor('350206', [rules, local]).source).toBe('x');
    expect(rulesFor('440000', [rules, local])).toBe(rules);
    expect(() =>
      rulesFor(
        '350206',
        [local].map((r) => ({ ...r, regionPrefix: '44' })),
      ),
    ).toThrow();
  });
});
