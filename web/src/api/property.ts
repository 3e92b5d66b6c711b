import type { RatingComponent } from '@honglian/domain';
import type { Id } from './types';

export type { RatingComponent };

/** 红色物业 (server/src/modules/property/schemas.ts). */
export interface Compound {
  id: Id;
  orgId: Id;
  orgName: string;
  name: string;
  households: number;
  companyUnitId: Id;
  companyName: string;
  address: string;
  lat: number | null;
  long: number | null;
  canManage: boolean;
}

export interface Inspection {
  id: Id;
  compoundId: Id;
  compoundName: string;
  companyName: string;
  inspectedOn: string;
  score: number;
  findings: string;
  inspector: string;
}

export interface RankingEntry {
  unitId: Id;
  name: string;
  compounds: Array<{ id: Id; name: string; households: number }>;
  households: number;
  cases: number;
  inspections: number;
  rated: boolean;
  total: number | null;
  stars: number | null;
  rank: number | null;
  list: 'red' | 'black' | null;
  reason: string | null;
  components: RatingComponent[];
}

export interface Ranking {
  orgId: Id;
  orgName: string;
  quarter: string;
  quarterLabel: string;
  from: string;
  to: string;
  rules: {
    source: string;
    weights: Record<string, number>;
    stars: number[];
    redMinStars: number;
    blackMaxStars: number;
    minWeight: number;
    minCasesForRate: number;
    minInspections: number;
  };
  items: RankingEntry[];
}

export interface PublishedSummary {
  id: Id;
  orgId: Id;
  quarter: string;
  title: string;
  red: Array<{ unitId: Id; name: string; stars: number; total: number }>;
  black: Array<{ unitId: Id; name: string; stars: number; total: number }>;
  publishedBy: string;
  publishedAt: string | null;
}

export interface PublishedDetail extends PublishedSummary {
  definition: string;
  ranking: Ranking;
}

/** `2026Q4` and the three quarters before it. */
export function recentQuarters(quarter: string, n = 4): string[] {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) return [quarter];
  let year = Number(m[1]);
  let q = Number(m[2]);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${year}Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

export function quarterText(quarter: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  return m ? `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度` : quarter;
}
