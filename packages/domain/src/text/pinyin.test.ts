import { describe, expect, it } from 'vitest';
import { namePinyin } from './pinyin.ts';

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
