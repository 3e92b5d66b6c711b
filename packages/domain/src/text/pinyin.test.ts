import { describe, expect, it } from 'vitest';
import { namePinyin, syllablePattern, textPinyin } from './pinyin.ts';

describe('namePinyin', () => {
  it('gives full pinyin and initials without tones', () => {
    expect(namePinyin('陈嘉怡')).toEqual({ pinyin: 'chenjiayi', initials: 'cjy' });
  });
  it('reads a surname as a surname', () => {
    expect(namePinyin('曾志伟').pinyin.startsWith('zeng')).toBe(true);
    expect(namePinyin('单雄').pinyin.startsWith('shan')).toBe(true);
  });
  it('keeps latin letters and digits and drops the rest', () => {
    expect(namePinyin(' 李A1 ')).toEqual({ pinyin: 'lia1', initials: 'la1' });
    expect(namePinyin('')).toEqual({ pinyin: '', initials: '' });
  });
});

describe('textPinyin and syllablePattern', () => {
  it('gives spaced syllables and initials of an organization name, Traditional read as Simplified', () => {
    expect(textPinyin('中共厦门市湖里区委员会')).toEqual({
      syllables: 'zhong gong xia men shi hu li qu wei yuan hui',
      initials: 'zgxmshlqwyh',
    });
    expect(textPinyin('湖裡區')).toEqual(textPinyin('湖里区'));
    // no surname readings for names that are not people's
    expect(textPinyin('单位党支部').syllables.startsWith('dan ')).toBe(true);
    expect(textPinyin('兴隆社区第1网格党支部').syllables).toContain('di 1 wang ge');
    expect(textPinyin('  ')).toEqual({ syllables: '', initials: '' });
  });

  it('matches a query at a syllable boundary only', () => {
    const pattern = syllablePattern('HuLi');
    expect(pattern).toBe('(^| )h ?u ?l ?i');
    const re = new RegExp(pattern!);
    expect(re.test(textPinyin('中共厦门市湖里区委员会').syllables)).toBe(true);
    expect(re.test(textPinyin('树立党支部').syllables)).toBe(false);
    expect(syllablePattern('湖里')).toBeUndefined();
    expect(syllablePattern('hu1')).toBeUndefined();
  });
});
