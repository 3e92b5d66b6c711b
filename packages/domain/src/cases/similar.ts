import { normalizeForSearch } from '../text/search.ts';

/**
 * Duplicate suggestions while someone files (CASES.md, after FixMyStreet: the same category within
 * 250 m, or similar text; Decidim: similarity of text). Text is compared in the normalized search
 * form, so Simplified and Traditional characters meet.
 */
export const NEARBY_METERS = 250;
export const SIMILAR_TEXT_THRESHOLD = 0.3;

/** Great-circle distance in metres (WGS-84 mean radius). */
export function distanceMeters(lat1: number, long1: number, lat2: number, long2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLong = (long2 - long1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLong / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Character bigrams of the normalized text, ignoring spaces and punctuation. */
export function bigrams(text: string): Set<string> {
  const chars = [...normalizeForSearch(text).replace(/[\s\p{P}\p{S}]/gu, '')];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Dice coefficient of the bigram sets, 0–1. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}
