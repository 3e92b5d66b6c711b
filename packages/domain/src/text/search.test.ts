import { describe, expect, it } from 'vitest';
import { normalizeForSearch, toSimplified } from './search.ts';

describe('toSimplified', () => {
  it('converts Traditional characters to mainland Simplified', () => {
    expect(toSimplified('晉江經濟開發區')).toBe('晋江经济开发区');
    expect(toSimplified('紅色勤務員')).toBe('红色勤务员');
  });

  it('converts Taiwan and Hong Kong forms', () => {
    expect(toSimplified('臺灣')).toBe('台湾');
    expect(toSimplified('裡面')).toBe('里面');
  });

  it('leaves Simplified text and other scripts unchanged', () => {
    expect(toSimplified('红色勤务员 ABC 123')).toBe('红色勤务员 ABC 123');
    expect(toSimplified('')).toBe('');
  });

  it('uses phrases to pick among one-to-many characters', () => {
    expect(toSimplified('頭髮')).toBe('头发');
    expect(toSimplified('發展黨員')).toBe('发展党员');
  });
});

describe('normalizeForSearch', () => {
  it('makes Traditional and Simplified spellings equal', () => {
    expect(normalizeForSearch('紅色勤務員')).toBe(normalizeForSearch('红色勤务员'));
    expect(normalizeForSearch('紅色勤務員')).toBe('红色勤务员');
  });

  it('folds full-width letters and digits and lower-cases', () => {
    expect(normalizeForSearch('ＡＢＣ１２３')).toBe('abc123');
    expect(normalizeForSearch('Open311')).toBe('open311');
  });

  it('trims and collapses white space, including the ideographic space', () => {
    expect(normalizeForSearch('  晉江\u3000經濟   開發區 \n')).toBe('晋江 经济 开发区');
  });

  it('is idempotent', () => {
    const once = normalizeForSearch(' 晉江經濟開發區 ＡＢＣ ');
    expect(normalizeForSearch(once)).toBe(once);
  });
});
