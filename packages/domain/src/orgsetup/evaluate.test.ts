import { describe, expect, it } from 'vitest';
import { coveragePercent, coverageRates } from './coverage.ts';
import {
  evaluateOrg,
  evaluateUnit,
  type OrgFacts,
  termEndsOn,
  termRemindFrom,
  termYearsFor,
} from './evaluate.ts';
import { ORG_SETUP_RULES } from './rules.ts';

const TODAY = '2026-06-15';

function branch(overrides: Partial<OrgFacts> = {}): OrgFacts {
  return {
    orgType: 'branch',
    members: 10,
    fullMembers: 8,
    term: { kind: 'committee', electedOn: '2025-01-10', endsOn: '2028-01-10', committeeSize: 3 },
    ...overrides,
  };
}

const checks = (facts: OrgFacts, today = TODAY) => evaluateOrg(facts, today).map((f) => f.check);

describe('rules as data', () => {
  it('carry an id, parameters, source and article', () => {
    for (const rule of Object.values(ORG_SETUP_RULES)) {
      expect(rule.id).toMatch(/^O\d$/);
      expect(rule.source).toMatch(/^《/);
      expect(rule.article).toMatch(/第.+条/);
      expect(Object.keys(rule.parameters).length).toBeGreaterThan(0);
    }
  });
});

describe('O1 unit with full members and no branch', () => {
  it('says nothing with 2 full members', () => {
    expect(evaluateUnit({ unitName: '甲公司', hasOwnOrg: false, fullMembers: 2 })).toEqual([]);
  });

  it('raises a finding at 3 full members, citing the regulation', () => {
    const [f, ...rest] = evaluateUnit({ unitName: '甲公司', hasOwnOrg: false, fullMembers: 3 });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ check: 'O1.unit_without_branch', severity: 'violation' });
    expect(f!.rule).toEqual({
      id: 'O1',
      source: '《中国共产党支部工作条例（试行）》',
      article: '第四条',
      uncertain: false,
    });
    expect(f!.message).toContain('「甲公司」有正式党员3名');
    expect(f!.message).toContain('依据《中国共产党支部工作条例（试行）》第四条');
  });

  it('says nothing when the unit has its own organization', () => {
    expect(evaluateUnit({ unitName: '甲公司', hasOwnOrg: true, fullMembers: 30 })).toEqual([]);
  });
});

describe('O1 branch size and O4 general branch / committee', () => {
  it('accepts a branch of 50 members', () => {
    const found = checks(branch({ members: 50 }));
    expect(found).not.toContain('O1.branch_over_50');
    expect(found).not.toContain('O4.general_branch_advised');
  });

  it('flags a branch of 51 members and advises a 总支', () => {
    const found = checks(branch({ members: 51 }));
    expect(found).toContain('O1.branch_over_50');
    expect(found).toContain('O4.general_branch_advised');
    expect(found).not.toContain('O4.committee_advised');
  });

  it('advises a committee from 100 members, not at 99', () => {
    expect(checks(branch({ members: 99 }))).toContain('O4.general_branch_advised');
    expect(checks(branch({ members: 99 }))).not.toContain('O4.committee_advised');
    const found = checks(branch({ members: 100 }));
    expect(found).toContain('O4.committee_advised');
    expect(found).not.toContain('O4.general_branch_advised');
    expect(checks({ ...branch({ members: 100 }), orgType: 'general_branch' })).toContain(
      'O4.committee_advised',
    );
    expect(checks({ ...branch({ members: 99 }), orgType: 'general_branch' })).not.toContain(
      'O4.committee_advised',
    );
  });

  it('marks O4 as advice only', () => {
    const f = evaluateOrg(branch({ members: 60 }), TODAY).find((x) => x.rule.id === 'O4');
    expect(f?.severity).toBe('info');
  });

  it('applies the size limit to temporary branches but not to committees', () => {
    expect(checks({ ...branch({ members: 51 }), orgType: 'temporary_branch' })).toContain(
      'O1.branch_over_50',
    );
    expect(checks({ ...branch({ members: 500 }), orgType: 'committee' })).not.toContain('O1.branch_over_50');
  });
});

describe('O3 committee or secretary', () => {
  const secretary = {
    kind: 'secretary' as const,
    electedOn: '2025-01-10',
    endsOn: '2028-01-10',
    committeeSize: 1,
  };

  it('accepts a secretary with 6 full members', () => {
    expect(checks(branch({ fullMembers: 6, term: secretary }))).not.toContain('O3.committee_required');
  });

  it('requires a committee with 7 full members', () => {
    const f = evaluateOrg(branch({ fullMembers: 7, term: secretary }), TODAY).find(
      (x) => x.check === 'O3.committee_required',
    );
    expect(f?.severity).toBe('violation');
    expect(f?.message).toContain('正式党员7名');
    expect(f?.message).toContain(
      '依据《中国共产党支部工作条例（试行）》第六章（党支部委员会建设）[条款号待核]',
    );
    expect(f?.rule.uncertain).toBe(true);
  });

  it('treats a branch with no recorded term as having no committee', () => {
    expect(checks(branch({ fullMembers: 7, term: null }))).toContain('O3.committee_required');
    expect(checks(branch({ fullMembers: 6, term: null }))).not.toContain('O3.committee_required');
  });

  it('is satisfied by a committee of 3 to 7, not 2 or 8', () => {
    const withSize = (committeeSize: number) =>
      checks(branch({ term: { ...branch().term!, committeeSize } }));
    expect(withSize(2)).toContain('O3.committee_size');
    expect(withSize(3)).not.toContain('O3.committee_size');
    expect(withSize(7)).not.toContain('O3.committee_size');
    expect(withSize(8)).toContain('O3.committee_size');
  });

  it('notes that fewer than 7 full members need only a secretary', () => {
    expect(checks(branch({ fullMembers: 6 }))).toContain('O3.secretary_only');
    expect(checks(branch({ fullMembers: 7 }))).not.toContain('O3.secretary_only');
  });
});

describe('O5 terms', () => {
  it('knows the usual term lengths', () => {
    expect(termYearsFor('committee')).toBe(5);
    expect(termYearsFor('functional')).toBe(5);
    expect(termYearsFor('general_branch')).toBe(3);
    expect(termYearsFor('branch', 'enterprise')).toBe(3);
    expect(termYearsFor('branch', 'village')).toBe(5);
    expect(termYearsFor('general_branch', 'community')).toBe(5);
    expect(termEndsOn('2023-06-30', 3)).toBe('2026-06-30');
    expect(termEndsOn('2024-02-29', 5)).toBe('2029-02-28');
  });

  const ending = (endsOn: string) => branch({ term: { ...branch().term!, endsOn } });

  it('reminds the secretary exactly 6 months before the term ends, not the day before that', () => {
    expect(termRemindFrom('2026-12-15')).toBe('2026-06-15');
    const f = evaluateOrg(ending('2026-12-15'), '2026-06-15').find((x) => x.rule.id === 'O5');
    expect(f).toMatchObject({
      check: 'O5.term_expiring',
      severity: 'warning',
      since: '2026-06-15',
      due: '2026-12-15',
    });
    expect(checks(ending('2026-12-15'), '2026-06-14')).not.toContain('O5.term_expiring');
  });

  it('clamps the reminder at month ends', () => {
    expect(termRemindFrom('2026-08-31')).toBe('2026-02-28');
  });

  it('is still expiring on the last day and overdue the day after', () => {
    expect(checks(ending('2026-12-15'), '2026-12-15')).toContain('O5.term_expiring');
    const f = evaluateOrg(ending('2026-12-15'), '2026-12-16').find((x) => x.rule.id === 'O5');
    expect(f).toMatchObject({ check: 'O5.term_overdue', severity: 'violation', since: '2026-12-16' });
    expect(f?.message).toContain('已于2026-12-15届满');
    expect(f?.message).toContain('《中国共产党章程》第三十一条');
  });

  it('asks for the term to be recorded, except for a temporary branch', () => {
    expect(checks(branch({ term: null }))).toContain('O5.no_term');
    expect(checks({ ...branch({ term: null }), orgType: 'temporary_branch' })).not.toContain('O5.no_term');
  });
});

describe('coverage rates', () => {
  it('computes both rates with their formulas', () => {
    const r = coverageRates({ inScope: 20, ownOrg: 12, jointOrg: 3, instructorReached: 4 });
    expect(r.organizationRate).toBe(75);
    expect(r.workRate).toBe(95);
    expect(r.uncovered).toBe(1);
    expect(r.organizationFormula).toBe('组织覆盖率 =（12 + 3）÷ 20 = 75.0%');
    expect(r.workFormula).toBe('工作覆盖率 =（12 + 3 + 4）÷ 20 = 95.0%');
  });

  it('rounds to one decimal and has no rate for an empty scope', () => {
    expect(coveragePercent(1, 3)).toBe(33.3);
    expect(coveragePercent(2, 3)).toBe(66.7);
    expect(coverageRates({ inScope: 0, ownOrg: 0, jointOrg: 0, instructorReached: 0 }).organizationRate).toBe(
      null,
    );
  });
});
