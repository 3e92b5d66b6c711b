import { describe, expect, it } from 'vitest';
import { describeActual, describeCriterion, describeFactValue } from './describe.ts';

describe('criteria in words', () => {
  it('shows money in 万元, qualifications and regions by name', () => {
    expect(describeFactValue('annualRevenueFen', 2_000_000_000)).toBe('2,000 万元');
    expect(describeFactValue('qualifications', ['high_tech', 'sme'])).toBe('高新技术企业、中小企业');
    expect(describeFactValue('qualifications', [])).toBe('无');
    expect(describeFactValue('regionCode', '350206')).toContain('湖里');
  });

  it('says each operator the way a notice would', () => {
    expect(describeCriterion({ fact: 'employees', op: 'gte', value: 10 })).toBe('从业人员数不少于 10 人');
    expect(describeCriterion({ fact: 'registeredOn', op: 'yearsSinceGte', value: 1 })).toBe(
      '注册登记日期距今满 1 年',
    );
    expect(describeCriterion({ fact: 'qualifications', op: 'has', value: 'high_tech' })).toBe(
      '具有“高新技术企业”资质',
    );
    expect(describeCriterion({ fact: 'hasPartyOrg', op: 'eq', value: true })).toBe('已建立党组织');
    expect(describeActual({ fact: 'registeredOn', op: 'yearsSinceGte', actual: 3 })).toBe('满 3 年');
    expect(describeActual({ fact: 'employees', op: 'gte', actual: null })).toBe('尚未填写');
  });
});
