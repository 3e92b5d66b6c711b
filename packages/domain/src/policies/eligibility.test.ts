import { describe, expect, it } from 'vitest';
import {
  blockingFailures,
  type Criteria,
  type Criterion,
  evaluateCriterion,
  evaluateEligibility,
  type Facts,
  isAlmostEligible,
  wholeYearsSince,
} from './eligibility.ts';
import { factValueProblem, validateCriteria } from './validate.ts';

const TODAY = '2026-06-15';
const met = (c: Omit<Criterion, 'clause'>, facts: Facts, today = TODAY) =>
  evaluateCriterion({ ...c, clause: '第一条' }, facts, today).met;

describe('whole years since a date', () => {
  it('counts an anniversary on the day itself, not the day before', () => {
    expect(wholeYearsSince('2020-06-15', '2026-06-14')).toBe(5);
    expect(wholeYearsSince('2020-06-15', '2026-06-15')).toBe(6);
  });

  it('takes 1 March as the anniversary of 29 February in a common year', () => {
    expect(wholeYearsSince('2024-02-29', '2025-02-28')).toBe(0);
    expect(wholeYearsSince('2024-02-29', '2025-03-01')).toBe(1);
    // in a leap year the anniversary is the day itself
    expect(wholeYearsSince('2024-02-29', '2028-02-28')).toBe(3);
    expect(wholeYearsSince('2024-02-29', '2028-02-29')).toBe(4);
  });

  it('is negative for a date after today', () => {
    expect(wholeYearsSince('2027-01-01', '2026-06-15')).toBe(-1);
  });
});

describe('one criterion at its boundaries', () => {
  it('gte/gt/lte/lt on an integer fact', () => {
    expect(met({ fact: 'employees', op: 'gte', value: 10 }, { employees: 10 })).toBe(true);
    expect(met({ fact: 'employees', op: 'gte', value: 10 }, { employees: 9 })).toBe(false);
    expect(met({ fact: 'employees', op: 'gt', value: 10 }, { employees: 10 })).toBe(false);
    expect(met({ fact: 'employees', op: 'gt', value: 10 }, { employees: 11 })).toBe(true);
    expect(met({ fact: 'employees', op: 'lte', value: 300 }, { employees: 300 })).toBe(true);
    expect(met({ fact: 'employees', op: 'lte', value: 300 }, { employees: 301 })).toBe(false);
    expect(met({ fact: 'employees', op: 'lt', value: 300 }, { employees: 300 })).toBe(false);
    expect(met({ fact: 'employees', op: 'lt', value: 300 }, { employees: 299 })).toBe(true);
  });

  it('compares money in fen exactly, one fen either side', () => {
    const c = { fact: 'annualRevenueFen', op: 'gte', value: 2_000_000_000 } as const;
    expect(met(c, { annualRevenueFen: 2_000_000_000 })).toBe(true);
    expect(met(c, { annualRevenueFen: 1_999_999_999 })).toBe(false);
  });

  it('eq and in on codes and integers, eq on a boolean', () => {
    expect(met({ fact: 'regionCode', op: 'eq', value: '350206' }, { regionCode: '350206' })).toBe(true);
    expect(met({ fact: 'regionCode', op: 'eq', value: '350206' }, { regionCode: '350203' })).toBe(false);
    expect(met({ fact: 'industryCode', op: 'in', value: ['C39', 'I65'] }, { industryCode: 'I65' })).toBe(
      true,
    );
    expect(met({ fact: 'industryCode', op: 'in', value: ['C39', 'I65'] }, { industryCode: 'C3' })).toBe(
      false,
    );
    expect(met({ fact: 'employees', op: 'in', value: [1, 2] }, { employees: 2 })).toBe(true);
    expect(met({ fact: 'hasPartyOrg', op: 'eq', value: true }, { hasPartyOrg: true })).toBe(true);
    expect(met({ fact: 'hasPartyOrg', op: 'eq', value: true }, { hasPartyOrg: false })).toBe(false);
  });

  it('false is a fact, not a missing one', () => {
    expect(met({ fact: 'hasPartyOrg', op: 'eq', value: false }, { hasPartyOrg: false })).toBe(true);
    expect(met({ fact: 'employees', op: 'gte', value: 0 }, { employees: 0 })).toBe(true);
  });

  it('prefix: a GB/T 4754 section or division contains its classes', () => {
    const c = { fact: 'industryCode', op: 'prefix', value: 'C39' } as const;
    expect(met(c, { industryCode: 'C39' })).toBe(true);
    expect(met(c, { industryCode: 'C3971' })).toBe(true);
    expect(met(c, { industryCode: 'C3' })).toBe(false);
    expect(met(c, { industryCode: 'I39' })).toBe(false);
  });

  it('has: the qualification list contains the value', () => {
    const c = { fact: 'qualifications', op: 'has', value: 'high_tech' } as const;
    expect(met(c, { qualifications: ['sme', 'high_tech'] })).toBe(true);
    expect(met(c, { qualifications: ['sme'] })).toBe(false);
    // an empty list is a known answer (no qualification), not a missing fact
    expect(met(c, { qualifications: [] })).toBe(false);
  });

  it('yearsSinceGte and yearsSinceLte across a leap day', () => {
    const gte = { fact: 'registeredOn', op: 'yearsSinceGte', value: 1 } as const;
    expect(met(gte, { registeredOn: '2024-02-29' }, '2025-02-28')).toBe(false);
    expect(met(gte, { registeredOn: '2024-02-29' }, '2025-03-01')).toBe(true);
    const lte = { fact: 'registeredOn', op: 'yearsSinceLte', value: 0 } as const;
    expect(met(lte, { registeredOn: '2024-02-29' }, '2025-02-28')).toBe(true);
    expect(met(lte, { registeredOn: '2024-02-29' }, '2025-03-01')).toBe(false);
  });

  it('reports whole years as the actual value of a yearsSince criterion', () => {
    const r = evaluateCriterion(
      { fact: 'registeredOn', op: 'yearsSinceLte', value: 5, clause: '第二条' },
      { registeredOn: '2020-06-16' },
      TODAY,
    );
    expect(r).toEqual({
      fact: 'registeredOn',
      op: 'yearsSinceLte',
      value: 5,
      actual: 5,
      met: true,
      clause: '第二条',
    });
  });

  it('dates compare as dates with gte/lt', () => {
    expect(
      met({ fact: 'registeredOn', op: 'gte', value: '2020-01-01' }, { registeredOn: '2020-01-01' }),
    ).toBe(true);
    expect(met({ fact: 'registeredOn', op: 'lt', value: '2020-01-01' }, { registeredOn: '2020-01-01' })).toBe(
      false,
    );
  });

  it('is null when the fact is missing (absent, null or empty)', () => {
    expect(met({ fact: 'employees', op: 'gte', value: 1 }, {})).toBeNull();
    expect(met({ fact: 'employees', op: 'gte', value: 1 }, { employees: null })).toBeNull();
    expect(met({ fact: 'industryCode', op: 'prefix', value: 'C' }, { industryCode: '' })).toBeNull();
  });
});

const A: Criterion = { fact: 'employees', op: 'gte', value: 10, clause: '第三条第一款' };
const B: Criterion = { fact: 'qualifications', op: 'has', value: 'high_tech', clause: '第三条第二款' };
const C: Criterion = { fact: 'rdExpenseFen', op: 'gte', value: 100_000_00, clause: '第三条第三款' };

describe('three-valued logic', () => {
  it('all: every criterion met → eligible, with a reason for each naming its clause', () => {
    const e = evaluateEligibility({ all: [A, B] }, { employees: 10, qualifications: ['high_tech'] }, TODAY);
    expect(e.result).toBe('eligible');
    expect(e.reasons.map((r) => [r.clause, r.met])).toEqual([
      ['第三条第一款', true],
      ['第三条第二款', true],
    ]);
    expect(e.missingFacts).toEqual([]);
    expect(e.shortBy).toBe(0);
  });

  it('all: one failed criterion → ineligible whatever is missing', () => {
    const e = evaluateEligibility({ all: [A, B] }, { employees: 3 }, TODAY);
    expect(e.result).toBe('ineligible');
    expect(e.missingFacts).toEqual([]);
    expect(e.reasons.map((r) => r.met)).toEqual([false, null]);
  });

  it('all: nothing failed but a fact missing → unknown, naming the fact', () => {
    const e = evaluateEligibility({ all: [A, B] }, { employees: 30 }, TODAY);
    expect(e.result).toBe('unknown');
    expect(e.missingFacts).toEqual(['qualifications']);
    expect(e.shortBy).toBeNull();
  });

  it('any: one met → eligible whatever is missing or failed', () => {
    const e = evaluateEligibility({ any: [A, B] }, { qualifications: ['high_tech'] }, TODAY);
    expect(e.result).toBe('eligible');
    expect(e.missingFacts).toEqual([]);
  });

  it('any: none met, one missing → unknown; all failed → ineligible', () => {
    expect(evaluateEligibility({ any: [A, B] }, { employees: 3 }, TODAY)).toMatchObject({
      result: 'unknown',
      missingFacts: ['qualifications'],
    });
    expect(evaluateEligibility({ any: [A, B] }, { employees: 3, qualifications: [] }, TODAY)).toMatchObject({
      result: 'ineligible',
      missingFacts: [],
      shortBy: 1,
    });
  });

  it('nested: only the missing facts that still decide are asked for', () => {
    const tree: Criteria = { all: [A, { any: [B, C] }] };
    // the any-branch is already met by B: rdExpense is not needed
    expect(evaluateEligibility(tree, { employees: 20, qualifications: ['high_tech'] }, TODAY).result).toBe(
      'eligible',
    );
    // B failed, C missing → unknown asking for rdExpenseFen only
    const e = evaluateEligibility(tree, { employees: 20, qualifications: [] }, TODAY);
    expect(e).toMatchObject({ result: 'unknown', missingFacts: ['rdExpenseFen'] });
    // employees missing too
    expect(evaluateEligibility(tree, { qualifications: [] }, TODAY).missingFacts).toEqual([
      'employees',
      'rdExpenseFen',
    ]);
    // a failure at the top decides: nothing is asked for
    expect(evaluateEligibility(tree, { employees: 2 }, TODAY)).toMatchObject({
      result: 'ineligible',
      missingFacts: [],
    });
  });

  it('almost eligible: exactly one criterion short', () => {
    const tree: Criteria = { all: [A, B, C] };
    const one = evaluateEligibility(
      tree,
      { employees: 20, qualifications: ['high_tech'], rdExpenseFen: 5 },
      TODAY,
    );
    expect(one.shortBy).toBe(1);
    expect(isAlmostEligible(one)).toBe(true);
    const two = evaluateEligibility(
      tree,
      { employees: 2, qualifications: [], rdExpenseFen: 5_000_000_00 },
      TODAY,
    );
    expect(two.shortBy).toBe(2);
    expect(isAlmostEligible(two)).toBe(false);
    // one short but a fact also missing: not "almost", it is unknowable
    const blocked = evaluateEligibility(tree, { employees: 2, qualifications: ['high_tech'] }, TODAY);
    expect(blocked.result).toBe('ineligible');
    expect(isAlmostEligible(blocked)).toBe(false);
    // any: the cheapest branch counts
    const any = evaluateEligibility(
      { any: [{ all: [A, B] }, C] },
      { employees: 2, qualifications: [], rdExpenseFen: 1 },
      TODAY,
    );
    expect(any.shortBy).toBe(1);
  });
});

describe('validating criteria', () => {
  const ok = (c: unknown) => validateCriteria(c, ['第一条']);
  const first = (c: unknown) => {
    const r = ok(c);
    return r.ok ? null : r.issues[0];
  };
  const leaf = { fact: 'employees', op: 'gte', value: 1, clause: '第一条' };

  it('accepts nested all/any trees', () => {
    expect(ok({ all: [leaf, { any: [leaf, { all: [leaf] }] }] }).ok).toBe(true);
  });

  it('names the field path of an unknown fact or operator', () => {
    expect(first({ all: [leaf, { ...leaf, fact: 'profit' }] })).toMatchObject({
      field: 'criteria.all.1.fact',
      code: 'policy.unknown_fact',
    });
    expect(first({ any: [{ all: [{ ...leaf, op: 'between' }] }] })).toMatchObject({
      field: 'criteria.any.0.all.0.op',
      code: 'policy.unknown_op',
    });
  });

  it('refuses an operator the fact does not take, and an operand of the wrong kind', () => {
    expect(first({ all: [{ ...leaf, op: 'has' }] })).toMatchObject({ code: 'policy.op_not_for_fact' });
    expect(first({ all: [{ ...leaf, value: '10' }] })).toMatchObject({
      field: 'criteria.all.0.value',
      code: 'policy.criteria_value',
    });
    expect(
      first({ all: [{ fact: 'registeredOn', op: 'yearsSinceGte', value: -1, clause: '第一条' }] }),
    ).toMatchObject({ field: 'criteria.all.0.value' });
    expect(first({ all: [{ fact: 'industryCode', op: 'in', value: [], clause: '第一条' }] })).toMatchObject({
      field: 'criteria.all.0.value',
    });
  });

  it('refuses a top level that is not a group, an empty group, both all and any', () => {
    expect(first(leaf)).toMatchObject({ field: 'criteria', code: 'policy.criteria_shape' });
    expect(first({ all: [] })).toMatchObject({ field: 'criteria.all', code: 'policy.criteria_empty' });
    expect(first({ all: [leaf], any: [leaf] })).toMatchObject({ code: 'policy.criteria_shape' });
    expect(first(null)).toMatchObject({ field: 'criteria' });
  });

  it('wants every criterion to cite one of the policy clauses', () => {
    expect(first({ all: [{ ...leaf, clause: '' }] })).toMatchObject({ field: 'criteria.all.0.clause' });
    expect(first({ all: [{ ...leaf, clause: '第九条' }] })).toMatchObject({
      field: 'criteria.all.0.clause',
      code: 'policy.criteria_clause',
    });
  });

  it('limits depth', () => {
    let tree: unknown = { all: [leaf] };
    for (let i = 0; i < 5; i++) tree = { all: [tree] };
    expect(first(tree)).toMatchObject({ code: 'policy.criteria_depth' });
  });
});

describe('validating a fact value', () => {
  it('checks each kind', () => {
    expect(factValueProblem('employees', 0)).toBeNull();
    expect(factValueProblem('employees', -1)).not.toBeNull();
    expect(factValueProblem('employees', 1.5)).not.toBeNull();
    expect(factValueProblem('registeredOn', '2024-02-29')).toBeNull();
    expect(factValueProblem('registeredOn', '2023-02-29')).not.toBeNull();
    expect(factValueProblem('qualifications', ['high_tech'])).toBeNull();
    expect(factValueProblem('qualifications', 'high_tech')).not.toBeNull();
    expect(factValueProblem('hasPartyOrg', 'yes')).not.toBeNull();
    expect(factValueProblem('industryCode', 'C39')).toBeNull();
    expect(factValueProblem('industryCode', 'c39')).not.toBeNull();
  });
});

describe('the failures that stand in the way', () => {
  it('leaves out a failure under an any that another criterion met', () => {
    const tree: Criteria = { all: [A, { any: [B, C] }] };
    expect(blockingFailures(tree, [false, false, true])).toEqual([0]);
    expect(blockingFailures(tree, [true, false, false])).toEqual([1, 2]);
    expect(blockingFailures(tree, [true, true, false])).toEqual([]);
  });
});
