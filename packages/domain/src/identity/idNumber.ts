import { DATE_FORMAT_MESSAGE, parseIsoDate } from '../calendar/dates.ts';
import { DomainError, type ValidationFailure } from '../errors.ts';
import { isProvincePrefix } from '../region/regions.ts';

/**
 * 公民身份号码, GB 11643-1999 (RULES.md, Identifiers): a 6-digit area code, the 8-digit birth
 * date, a 3-digit sequence (odd for men, even for women) and a check character computed with
 * ISO 7064 MOD 11-2.
 */

/** ISO 7064 MOD 11-2 weights, 2^(17−i) mod 11 for positions 1–17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by the weighted sum mod 11. */
const CHECK_CHARS = '10X98765432';
/** Birth dates before this are not credible for a living person in the register. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

export const ID_NUMBER_MESSAGES = {
  'id_number.format': '身份证号码格式不正确，应为18位',
  'id_number.area': '身份证号码的地区代码无效',
  'id_number.birth_date': '身份证号码中的出生日期无效',
  'id_number.checksum': '身份证号码校验位不正确',
} as const;

export type IdNumberErrorCode = keyof typeof ID_NUMBER_MESSAGES;
export type Gender = 'male' | 'female';

export interface IdNumberInfo {
  ok: true;
  /** Upper-case, trimmed: the form to store and compare. */
  normalized: string;
  areaCode: string;
  birthDate: string;
  gender: Gender;
}

export type IdNumberValidation = IdNumberInfo | (ValidationFailure & { code: IdNumberErrorCode });

function fail(code: IdNumberErrorCode): ValidationFailure & { code: IdNumberErrorCode } {
  return { ok: false, code, message: ID_NUMBER_MESSAGES[code] };
}

/**
 * The 18th character for the first 17 digits. Throws `DomainError('id_number.format')` unless
 * `first17` is exactly 17 ASCII digits.
 */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new DomainError('id_number.format', '身份证号码本体码应为17位数字');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' when it names a real day. */
function birthDateOf(yyyymmdd: string): string | undefined {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return parseIsoDate(iso) ? iso : undefined;
}

/**
 * Checks a 公民身份号码 and reads what it encodes. Surrounding spaces are ignored and a
 * lower-case `x` is accepted (both are common in typed and imported ledgers). Checks run from
 * the coarsest to the finest so the message names the part that is wrong: format, area (province
 * prefix, see `isProvincePrefix`), birth date (a real day from 1900-01-01 to `today`), check
 * character. The old 15-digit numbers are rejected: they have been replaced since 2013.
 *
 * @param today 'YYYY-MM-DD' upper bound for the birth date: today, from the caller's clock.
 */
export function validateIdNumber(value: string, today: string): IdNumberValidation {
  const normalized = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) return fail('id_number.format');
  if (!isProvincePrefix(normalized.slice(0, 2))) return fail('id_number.area');
  const birthDate = birthDateOf(normalized.slice(6, 14));
  if (birthDate === undefined || birthDate < EARLIEST_BIRTH_DATE || birthDate > today) {
    return fail('id_number.birth_date');
  }
  if (idNumberCheckChar(normalized.slice(0, 17)) !== normalized.charAt(17)) return fail('id_number.checksum');
  return {
    ok: true,
    normalized,
    areaCode: normalized.slice(0, 6),
    birthDate,
    gender: Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * Age in full years on `onDate` (RULES.md P1: an applicant is at least 18 on the application
 * date). The birthday is reached when (month, day) of `onDate` is not before that of the birth
 * date. For someone born on Feb 29 this means that in a common year the birthday is Mar 1, not
 * Feb 28 — the reading that never makes a person older than they are (born 2008-02-29: 17 on
 * 2026-02-28, 18 on 2026-03-01).
 *
 * Throws `DomainError('date.format')` for a malformed date and `DomainError('date.range')` when
 * `onDate` is before `birthDate`.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  if (!birth || !on) throw new DomainError('date.format', DATE_FORMAT_MESSAGE);
  if (onDate < birthDate) throw new DomainError('date.range', '计算日期早于出生日期');
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}

/**
 * Builds a valid 18-character number, for demo and test data. To keep generated numbers clearly
 * fictional, the demo generator should pair them with fictional names and sequences; this function
 * only guarantees that the result passes `validateIdNumber` (for a birth date not in the future).
 *
 * @param areaCode6 six digits with a real province prefix
 * @param birthDate 'YYYY-MM-DD', from 1900-01-01
 * @param sequence3 0–999 (or its 3-digit string); odd for a man, even for a woman
 */
export function makeIdNumber(areaCode6: string, birthDate: string, sequence3: number | string): string {
  if (!/^\d{6}$/.test(areaCode6) || !isProvincePrefix(areaCode6.slice(0, 2))) {
    throw new DomainError('id_number.area', ID_NUMBER_MESSAGES['id_number.area'], 'areaCode');
  }
  if (!parseIsoDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE) {
    throw new DomainError('id_number.birth_date', ID_NUMBER_MESSAGES['id_number.birth_date'], 'birthDate');
  }
  const sequence = typeof sequence3 === 'number' ? String(sequence3).padStart(3, '0') : sequence3;
  if (!/^\d{3}$/.test(sequence)) {
    throw new DomainError('id_number.sequence', '顺序码应为000至999之间的3位数字', 'sequence');
  }
  const first17 = areaCode6 + birthDate.replaceAll('-', '') + sequence;
  return first17 + idNumberCheckChar(first17);
}
