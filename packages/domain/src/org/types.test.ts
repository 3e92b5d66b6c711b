import { describe, expect, it } from 'vitest';
import {
  canContain,
  isOrgStatus,
  isOrgType,
  isUnitKind,
  ORG_STATUS,
  ORG_TYPE_CODES,
  ORG_TYPES,
  type OrgType,
  UNIT_KIND_CODES,
  UNIT_KINDS,
} from './types.ts';

describe('catalogues', () => {
  it('labels every organization type in Chinese', () => {
    expect(ORG_TYPES).toEqual({
      committee: '党委',
      general_branch: '党总支',
      branch: '党支部',
      joint_branch: '联合党支部',
      temporary_branch: '临时党支部',
      functional: '功能型党组织',
    });
    expect(ORG_TYPE_CODES).toHaveLength(6);
  });

  it('labels every unit kind in Chinese', () => {
    expect(UNIT_KINDS.enterprise).toBe('企业');
    expect(UNIT_KINDS.social_org).toBe('社会组织');
    expect(UNIT_KIND_CODES).toEqual([
      'enterprise',
      'government',
      'public_institution',
      'community',
      'village',
      'school',
      'social_org',
    ]);
  });

  it('labels the organization statuses', () => {
    expect(ORG_STATUS).toEqual({ active: '正常', dissolved: '已撤销' });
  });
});

describe('type guards', () => {
  it('recognise known codes only', () => {
    expect(isOrgType('joint_branch')).toBe(true);
    expect(isOrgType('党支部')).toBe(false);
    expect(isOrgType('toString')).toBe(false);
    expect(isUnitKind('village')).toBe(true);
    expect(isUnitKind('Village')).toBe(false);
    expect(isOrgStatus('dissolved')).toBe(true);
    expect(isOrgStatus('deleted')).toBe(false);
  });
});

describe('canContain', () => {
  const allowed: Record<OrgType, OrgType[]> = {
    committee: ['committee', 'general_branch', 'branch', 'joint_branch', 'temporary_branch', 'functional'],
    general_branch: ['branch', 'joint_branch', 'temporary_branch', 'functional'],
    branch: [],
    joint_branch: [],
    temporary_branch: [],
    functional: ['branch', 'temporary_branch'],
  };

  for (const parent of ORG_TYPE_CODES) {
    for (const child of ORG_TYPE_CODES) {
      const expected = allowed[parent].includes(child);
      it(`${expected ? 'lets' : 'does not let'} a ${ORG_TYPES[parent]} contain a ${ORG_TYPES[child]}`, () => {
        expect(canContain(parent, child)).toBe(expected);
      });
    }
  }

  it('refuses an unknown parent type instead of throwing', () => {
    expect(canContain('unknown' as OrgType, 'branch')).toBe(false);
  });
});
