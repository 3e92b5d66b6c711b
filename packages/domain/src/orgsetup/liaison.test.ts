import { describe, expect, it } from 'vitest';
import { liaisonCoverage, liaisonQuarter, shanghaiDay, visitedInQuarter } from './liaison.ts';

describe('liaisonQuarter', () => {
  it('runs from the quarter’s first day to today, at every quarter boundary', () => {
    expect(liaisonQuarter('2026-12-31')).toEqual({
      quarter: '2026Q4',
      label: '2026年第四季度',
      from: '2026-10-01',
      to: '2026-12-31',
      end: '2026-12-31',
    });
    expect(liaisonQuarter('2027-01-01')).toMatchObject({
      quarter: '2027Q1',
      from: '2027-01-01',
      to: '2027-01-01',
    });
    expect(liaisonQuarter('2027-03-31')).toMatchObject({
      quarter: '2027Q1',
      from: '2027-01-01',
      end: '2027-03-31',
    });
    expect(liaisonQuarter('2027-04-01')).toMatchObject({
      quarter: '2027Q2',
      from: '2027-04-01',
      end: '2027-06-30',
    });
    expect(liaisonQuarter('2027-06-30')).toMatchObject({ quarter: '2027Q2', from: '2027-04-01' });
    expect(liaisonQuarter('2027-07-01')).toMatchObject({
      quarter: '2027Q3',
      from: '2027-07-01',
      end: '2027-09-30',
    });
    expect(liaisonQuarter('2027-09-30')).toMatchObject({ quarter: '2027Q3' });
    expect(liaisonQuarter('2027-10-01')).toMatchObject({ quarter: '2027Q4', end: '2027-12-31' });
  });

  it('takes the day in Asia/Shanghai: 16:00 UTC on 31 December is already the next year', () => {
    expect(shanghaiDay(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(liaisonQuarter(shanghaiDay(new Date('2027-03-31T16:00:00Z'))).quarter).toBe('2027Q2');
    expect(liaisonQuarter(shanghaiDay(new Date('2027-03-31T15:59:59Z'))).quarter).toBe('2027Q1');
  });
});

describe('visitedInQuarter', () => {
  it('counts a visit from the quarter’s first day through today only', () => {
    expect(visitedInQuarter(['2027-01-01'], '2027-01-01')).toBe(true);
    expect(visitedInQuarter(['2026-12-31'], '2027-01-01')).toBe(false);
    expect(visitedInQuarter(['2027-03-31'], '2027-04-01')).toBe(false);
    expect(visitedInQuarter(['2027-03-31', '2027-04-01'], '2027-04-01')).toBe(true);
    // a date after today does not count yet
    expect(visitedInQuarter(['2027-05-02'], '2027-05-01')).toBe(false);
    expect(visitedInQuarter([], '2027-05-01')).toBe(false);
  });
});

describe('liaisonCoverage', () => {
  it('gives the unvisited as the difference and the rate with its formula', () => {
    expect(liaisonCoverage(8, 6)).toEqual({
      assigned: 8,
      visited: 6,
      unvisited: 2,
      rate: 75,
      formula: '走访覆盖率 = 6 ÷ 8 = 75.0%',
    });
    expect(liaisonCoverage(0, 0)).toMatchObject({
      unvisited: 0,
      rate: null,
      formula: '走访覆盖率 = 0 ÷ 0 = —（无挂钩企业）',
    });
  });
});
