import { pinyin } from 'pinyin-pro';

/**
 * Full pinyin and initials of a Chinese name, for search ("chenjiayi", "cjy" both find 陈嘉怡).
 * Surnames use their surname reading (曾 → zeng, 单 → shan).
 */
export function namePinyin(name: string): { pinyin: string; initials: string } {
  const text = name.trim();
  if (!text) return { pinyin: '', initials: '' };
  const full = pinyin(text, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const first = pinyin(text, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    surname: 'head',
    nonZh: 'consecutive',
  });
  const clean = (parts: string[]) =>
    parts
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  return { pinyin: clean(full), initials: clean(first) };
}
