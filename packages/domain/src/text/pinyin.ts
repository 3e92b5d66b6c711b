import { pinyin } from 'pinyin-pro';
import { normalizeForSearch } from './search.ts';

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

/**
 * The search forms of an organization's name (or any name that is not a person's: no surname
 * readings). `syllables` keeps a space between syllables, so that a query can be matched at a
 * syllable boundary anywhere in the name: "huli" finds 中共厦门市湖里区委员会 (… shi hu li qu …)
 * but not 树立 (shu li). `initials` are one letter a character ("hlq" anywhere in "zgxmshlqwyh").
 * Traditional characters are read as their Simplified forms.
 */
export function textPinyin(text: string): { syllables: string; initials: string } {
  const simplified = normalizeForSearch(text);
  if (!simplified) return { syllables: '', initials: '' };
  const options = { toneType: 'none', type: 'array', nonZh: 'consecutive' } as const;
  const clean = (parts: string[]) =>
    parts.map((p) => p.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return {
    syllables: clean(pinyin(simplified, options)).join(' '),
    initials: clean(pinyin(simplified, { ...options, pattern: 'first' })).join(''),
  };
}

/**
 * A POSIX regular expression (PostgreSQL `~`) matching `syllables` of `textPinyin` that contain
 * the letters of `query` starting at a syllable boundary, with any syllable boundaries between
 * them: "huli" → `(^| )h ?u ?l ?i`. Undefined unless the query is Latin letters only.
 */
export function syllablePattern(query: string): string | undefined {
  const letters = query.toLowerCase().replace(/\s+/g, '');
  if (!/^[a-z]{1,50}$/.test(letters)) return undefined;
  return `(^| )${[...letters].join(' ?')}`;
}
