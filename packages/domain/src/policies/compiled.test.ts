import { describe, expect, it } from 'vitest';
import { compileCriteria, factRow, metOf } from './compiled.ts';
import {
  type Criteria,
  type CriteriaNode,
  evaluateEligibility,
  type Facts,
  openFacts,
} from './eligibility.ts';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const LEAVES: CriteriaNode[] = [
  { fact: 'employees', op: 'gte', value: 10, clause: '一' },
  { fact: 'employees', op: 'lt', value: 300, clause: '一' },
  { fact: 'annualRevenueFen', op: 'gt', value: 5_000_000_00, clause: '二' },
  { fact: 'rdExpenseFen', op: 'lte', value: 100, clause: '二' },
  { fact: 'industryCode', op: 'prefix', value: 'C39', clause: '三' },
  { fact: 'industryCode', op: 'in', value: ['I65', 'C3971'], clause: '三' },
  { fact: 'regionCode', op: 'eq', value: '350206', clause: '四' },
  { fact: 'qualifications', op: 'has', value: 'high_tech', clause: '四' },
  { fact: 'hasPartyOrg', op: 'eq', value: true, clause: '五' },
  { fact: 'registeredOn', op: 'yearsSinceGte', value: 1, clause: '五' },
  { fact: 'registeredOn', op: 'yearsSinceLte', value: 3, clause: '五' },
  { fact: 'registeredOn', op: 'gte', value: '2024-02-29', clause: '五' },
];

function tree(r: () => number, depth: number): Criteria {
  const n = 1 + Math.floor(r() * 4);
  const items: CriteriaNode[] = [];
  for (let i = 0; i < n; i++)
    items.push(depth > 0 && r() < 0.3 ? tree(r, depth - 1) : LEAVES[Math.floor(r() * LEAVES.length)]!);
  return r() < 0.5 ? { all: items } : { any: items };
}

function facts(r: () => number): Facts {
  const f: Facts = {};
  const maybe = <T>(v: T) => (r() < 0.2 ? undefined : v);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const set = (k: keyof Facts, v: unknown) => {
    if (v !== undefined) (f as Record<string, unknown>)[k] = v;
  };
  set('employees', maybe(pick([0, 9, 10, 11, 299, 300, 301])));
  set('annualRevenueFen', maybe(pick([5_000_000_00, 5_000_000_01])));
  set('rdExpenseFen', maybe(pick([99, 100, 101])));
  set('industryCode', maybe(pick(['C39', 'C3971', 'C3', 'I65'])));
  set('regionCode', maybe(pick(['350206', '350203'])));
  set('qualifications', maybe(pick([[], ['high_tech'], ['sme']])));
  set('hasPartyOrg', maybe(pick([true, false])));
  set('registeredOn', maybe(pick(['2024-02-29', '2025-02-28', '2025-03-01', '2022-02-28', '2021-03-01'])));
  return f;
}

describe('the compiled evaluation', () => {
  it('agrees with the reference evaluation on random trees and facts, across a leap day', () => {
    const r = rng(7);
    for (const today of ['2025-02-28', '2025-03-01', '2028-02-29', '2026-06-15']) {
      for (let i = 0; i < 400; i++) {
        const criteria = tree(r, 2);
        const compiled = compileCriteria(criteria, today);
        for (let j = 0; j < 10; j++) {
          const f = facts(r);
          const ref = evaluateEligibility(criteria, f, today);
          expect(compiled.decide(f), JSON.stringify({ criteria, f, today })).toEqual({
            result: ref.result,
            shortBy: ref.shortBy,
          });
          expect(
            openFacts(
              criteria,
              ref.reasons.map((x) => x.met),
            ),
          ).toEqual(ref.missingFacts);
          expect([...compiled.outcomes(factRow(f))].map(metOf)).toEqual(ref.reasons.map((x) => x.met));
        }
      }
    }
  });
});
