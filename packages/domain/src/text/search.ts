import * as OpenCC from 'opencc-js/t2cn';

/**
 * Search across Simplified and Traditional characters (DOMAIN.md "Language": one seed is in
 * Traditional characters, and 「紅色勤務員」 must be found by 「红色勤务员」 and the reverse).
 * Both the stored text and the query go through `normalizeForSearch`, so they meet in one form.
 *
 * The `opencc-js/t2cn` entry point carries only the Traditional → mainland dictionaries
 * (about a tenth of the full package), which matters because the web client bundles this package.
 */

let converter: OpenCC.ConverterFunction | undefined;

/**
 * Traditional (including Taiwan and Hong Kong forms) → mainland Simplified, with OpenCC's phrase
 * dictionaries, so that one-to-many characters are resolved in context. The converter's tries
 * are built on first use, not at import time.
 */
export function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: 't', to: 'cn' });
  return converter(text);
}

/**
 * The form in which text is indexed and queried: NFKC (full-width letters and digits, compatibility
 * ideographs → their ordinary form), Simplified characters, lower case, runs of white space
 * collapsed to one space, trimmed.
 */
export function normalizeForSearch(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/gu, ' ').trim();
}
