/**
 * Masks for personal data shown in lists, exports and logs (STYLE.md: an ID number or phone
 * must not leak by accident). They never throw, and for input shorter than the value they are
 * made for they hide everything rather than reveal a larger share than the pattern does.
 * Characters are counted as code points, so a rare name character outside the BMP (e.g. 𠮷) is
 * one character and is never cut in half.
 */

const MASK = '*';

function chars(value: string | null | undefined): string[] {
  return typeof value === 'string' ? Array.from(value.trim()) : [];
}

/** Keeps `head` and `tail` characters when the value has at least `minLength`; else masks it all. */
function maskMiddle(value: string | null | undefined, head: number, tail: number, minLength: number): string {
  const list = chars(value);
  if (list.length < minLength) return MASK.repeat(list.length);
  return list.slice(0, head).join('') + MASK.repeat(list.length - head - tail) + list.slice(-tail).join('');
}

/**
 * 公民身份号码: first 4 (province and city) and last 4 shown, birth date hidden:
 * '350203199001011234' → '3502**********1234'. The old 15-digit numbers are masked the same
 * way; anything shorter is masked entirely.
 */
export function maskIdNumber(value: string | null | undefined): string {
  return maskMiddle(value, 4, 4, 15);
}

/** Mobile number: '13812341234' → '138****1234'. Fewer than 11 characters are masked entirely. */
export function maskPhone(value: string | null | undefined): string {
  return maskMiddle(value, 3, 4, 11);
}

/**
 * Name: the first character and, from three characters on, the last: '张三丰' → '张*丰',
 * '张三' → '张*', '欧阳娜娜' → '欧**娜'; a single character becomes '*'.
 */
export function maskName(value: string | null | undefined): string {
  const list = chars(value);
  if (list.length <= 1) return MASK.repeat(list.length);
  if (list.length === 2) return `${list[0]}${MASK}`;
  return maskMiddle(value, 1, 1, 3);
}
