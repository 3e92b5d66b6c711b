import { bigrams } from '../cases/similar.ts';
import { normalizeForSearch } from '../text/search.ts';

/**
 * Matching the alliance's lists (需求清单 ↔ 资源清单, seed 001: 青拓集团点单 → 轮值单位派单 → 成员单位接单
 * → 企业评单). A resource can meet an open demand when they share a tag, a category, or enough of their
 * words; region, capacity and validity then move the score. Every point of the score has a reason the
 * office reads. Pure: the server reads an alliance's open demands and valid resources in two
 * statements and scores the pairs here.
 */
export interface MatchDemand {
  id: number;
  orgId: number;
  category: string;
  tags: readonly string[];
  title: string;
  description: string;
  regionCode: string;
  /** how much is needed (people, tonnes, 万元 …), when said */
  quantity: number | null;
}

export interface MatchResource {
  id: number;
  orgId: number;
  category: string;
  tags: readonly string[];
  title: string;
  description: string;
  regionCode: string;
  /** how much it can give, when said; 0 = used up */
  capacity: number | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface MatchResult {
  score: number;
  reasons: string[];
}

/** Weights of each kind of evidence; the score is their sum, capped at 100. */
export const MATCH_POINTS = {
  perTag: 20,
  maxTags: 60,
  category: 25,
  text: 30,
  sameRegion: 10,
  sameCity: 5,
  capacityShort: -15,
} as const;

/** Below this a pair is not shown. */
export const MATCH_THRESHOLD = 30;
/** Word overlap (of character bigrams, over the shorter text) that counts as evidence on its own. */
export const TEXT_EVIDENCE = 0.15;

const normTag = (t: string) => normalizeForSearch(t);

/**
 * Similarity of two bigram sets, 0..1: the share of the shorter text's bigrams found in the other
 * (the overlap coefficient; a short demand inside a long resource description counts fully).
 */
export function overlapSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / Math.min(a.size, b.size);
}

/**
 * Scores a resource against a demand on `today`, or null when it cannot meet it: the demand's own
 * organization, a resource not yet or no longer valid, used up, or no evidence (no shared tag, other
 * category, words too far apart).
 */
export function scoreMatch(
  demand: MatchDemand,
  resource: MatchResource,
  today: string,
  prepared?: { demandGrams?: Set<string>; resourceGrams?: Set<string> },
): MatchResult | null {
  if (demand.orgId === resource.orgId) return null;
  if (resource.validFrom !== null && resource.validFrom > today) return null;
  if (resource.validTo !== null && resource.validTo < today) return null;
  if (resource.capacity !== null && resource.capacity <= 0) return null;

  const reasons: string[] = [];
  let score = 0;
  let evidence = false;

  const resourceTags = new Set(resource.tags.map(normTag));
  const shared = [...new Set(demand.tags.map(normTag))].filter((t) => t && resourceTags.has(t));
  if (shared.length > 0) {
    evidence = true;
    score += Math.min(MATCH_POINTS.maxTags, shared.length * MATCH_POINTS.perTag);
    reasons.push(`共同标签：${shared.join('、')}`);
  }
  if (demand.category && normTag(demand.category) === normTag(resource.category)) {
    evidence = true;
    score += MATCH_POINTS.category;
    reasons.push(`同属类别：${demand.category}`);
  }
  const sim = overlapSimilarity(
    prepared?.demandGrams ?? bigrams(`${demand.title} ${demand.description}`),
    prepared?.resourceGrams ?? bigrams(`${resource.title} ${resource.description}`),
  );
  if (sim >= TEXT_EVIDENCE) {
    evidence = true;
    score += Math.round(Math.min(1, sim * 2) * MATCH_POINTS.text);
    reasons.push(`描述相近（相似度 ${sim.toFixed(2)}）`);
  }
  if (!evidence) return null;

  if (demand.regionCode === resource.regionCode) {
    score += MATCH_POINTS.sameRegion;
    reasons.push('同一县（市、区）');
  } else if (demand.regionCode.slice(0, 4) === resource.regionCode.slice(0, 4)) {
    score += MATCH_POINTS.sameCity;
    reasons.push('同一设区市');
  }
  if (resource.capacity !== null && demand.quantity !== null) {
    if (resource.capacity >= demand.quantity) {
      reasons.push(`可提供 ${resource.capacity}，满足需求 ${demand.quantity}`);
    } else {
      score += MATCH_POINTS.capacityShort;
      reasons.push(`可提供 ${resource.capacity}，只能部分满足需求 ${demand.quantity}`);
    }
  }
  if (resource.validTo !== null) reasons.push(`有效期至 ${resource.validTo}`);
  score = Math.max(0, Math.min(100, score));
  if (score < MATCH_THRESHOLD) return null;
  return { score, reasons };
}

/** Every pair above the threshold, best first (score, then demand, then resource). */
export function matchAll(
  demands: readonly MatchDemand[],
  resources: readonly MatchResource[],
  today: string,
): Array<{ demandId: number; resourceId: number } & MatchResult> {
  const rg = resources.map((r) => bigrams(`${r.title} ${r.description}`));
  const out: Array<{ demandId: number; resourceId: number } & MatchResult> = [];
  for (const d of demands) {
    const dg = bigrams(`${d.title} ${d.description}`);
    resources.forEach((r, i) => {
      const m = scoreMatch(d, r, today, { demandGrams: dg, resourceGrams: rg[i]! });
      if (m) out.push({ demandId: d.id, resourceId: r.id, ...m });
    });
  }
  return out.sort((a, b) => b.score - a.score || a.demandId - b.demandId || a.resourceId - b.resourceId);
}
