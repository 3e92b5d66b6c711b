import { describe, expect, it } from 'vitest';
import {
  isProvincePrefix,
  isRegionCode,
  PROVINCES,
  REGION_CODES,
  REGIONS,
  regionAncestors,
  regionName,
} from './regions.ts';

describe('PROVINCES', () => {
  it('lists the 34 province-level divisions', () => {
    expect(Object.keys(PROVINCES)).toHaveLength(34);
  });

  it('accepts each GB/T 2260 province prefix and nothing between them', () => {
    const valid = [
      ...[11, 12, 13, 14, 15],
      ...[21, 22, 23],
      ...[31, 32, 33, 34, 35, 36, 37],
      ...[41, 42, 43, 44, 45, 46],
      ...[50, 51, 52, 53, 54],
      ...[61, 62, 63, 64, 65],
      ...[71, 81, 82],
    ];
    for (let n = 0; n <= 99; n++) {
      const prefix = String(n).padStart(2, '0');
      expect(isProvincePrefix(prefix), prefix).toBe(valid.includes(n));
    }
  });
});

describe('REGIONS', () => {
  it('gives every region a parent that follows the code structure', () => {
    for (const code of REGION_CODES) {
      const { parent } = REGIONS[code];
      if (code.endsWith('0000')) expect(parent, code).toBeNull();
      else if (code.endsWith('00')) expect(parent, code).toBe(`${code.slice(0, 2)}0000`);
      else expect(parent, code).toBe(`${code.slice(0, 4)}00`);
    }
  });

  it('names each region under a real province', () => {
    for (const code of REGION_CODES) {
      expect(isProvincePrefix(code.slice(0, 2)), code).toBe(true);
    }
    expect(REGIONS['350000'].name).toBe(PROVINCES['35']);
  });
});

describe('isRegionCode', () => {
  it('accepts the codes the product knows', () => {
    expect(isRegionCode('350206')).toBe(true);
    expect(isRegionCode('445302')).toBe(true);
  });

  it('rejects a well-formed code it does not know, even under a known province', () => {
    expect(isRegionCode('350204')).toBe(false); // 开元区, merged into 思明区 in 2003
    expect(isRegionCode('110105')).toBe(false);
  });

  it('rejects anything that is not 6 digits', () => {
    for (const code of ['35020', '3502060', '35020a', '', ' 350206', 'hasOwnProperty']) {
      expect(isRegionCode(code), code).toBe(false);
    }
  });
});

describe('regionName', () => {
  it('names known regions', () => {
    expect(regionName('350206')).toBe('湖里区');
    expect(regionName('350582')).toBe('晋江市');
    expect(regionName('370614')).toBe('蓬莱区');
  });

  it('answers undefined for an unknown code', () => {
    expect(regionName('999999')).toBeUndefined();
    expect(regionName('toString')).toBeUndefined();
  });
});

describe('regionAncestors', () => {
  it('lists province then city for a district', () => {
    expect(regionAncestors('350203')).toEqual(['350000', '350200']);
    expect(regionAncestors('360424')).toEqual(['360000', '360400']);
    expect(regionAncestors('445302')).toEqual(['440000', '445300']);
  });

  it('lists the province for a city', () => {
    expect(regionAncestors('350800')).toEqual(['350000']);
  });

  it('is empty for a province or an unknown code', () => {
    expect(regionAncestors('350000')).toEqual([]);
    expect(regionAncestors('350204')).toEqual([]);
  });
});
