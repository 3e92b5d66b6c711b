import { DomainError, type ValidationFailure } from '../errors.ts';

/**
 * 统一社会信用代码, GB 32100-2015 (RULES.md, Identifiers): 18 characters from a 31-character
 * alphabet (digits and upper-case letters without I, O, Z, S, V, which are easily misread);
 * the last is a check character over the first 17.
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i−1) mod 31 for positions 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export const CREDIT_CODE_MESSAGES = {
  'credit_code.format': '统一社会信用代码格式不正确，应为18位数字或大写字母（不含I、O、Z、S、V）',
  'credit_code.checksum': '统一社会信用代码校验位不正确',
} as const;

export type CreditCodeErrorCode = keyof typeof CREDIT_CODE_MESSAGES;

export type CreditCodeValidation =
  | { ok: true; normalized: string }
  | (ValidationFailure & { code: CreditCodeErrorCode });

function fail(code: CreditCodeErrorCode): ValidationFailure & { code: CreditCodeErrorCode } {
  return { ok: false, code, message: CREDIT_CODE_MESSAGES[code] };
}

/**
 * The check character for the first 17 characters: (31 − Σ value×weight mod 31) mod 31, read
 * back through the alphabet. Throws `DomainError('credit_code.format')` unless `first17` is 17
 * characters of the alphabet.
 */
export function creditCodeCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new DomainError(
      'credit_code.format',
      '统一社会信用代码本体码应为17位数字或大写字母（不含I、O、Z、S、V）',
    );
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Checks a 统一社会信用代码. Surrounding spaces are ignored and lower-case letters accepted
 * (then upper-cased in `normalized`); a letter outside the alphabet (I, O, Z, S, V) is a format
 * error, not silently mapped to a look-alike digit, because the user must correct the source.
 */
export function validateCreditCode(value: string): CreditCodeValidation {
  const normalized = value.trim().toUpperCase();
  if (!FORMAT.test(normalized)) return fail('credit_code.format');
  if (creditCodeCheckChar(normalized.slice(0, 17)) !== normalized.charAt(17))
    return fail('credit_code.checksum');
  return { ok: true, normalized };
}

/** Appends the check character to 17 valid characters; for demo and test data. */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}
