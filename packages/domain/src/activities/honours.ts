/**
 * 评选表彰 (issue 14 item 7): a selection for an honour (最美小哥, 红领工匠, 党员示范岗) passes through
 * nomination, a public vote or the judges' review in a window of days, and a decision. These are its
 * rules: the phase on a day, the ranking, and who the decision honours when places are tied.
 */

export const SELECTION_METHODS = { vote: '公众投票', review: '评审打分' } as const;
export type SelectionMethod = keyof typeof SELECTION_METHODS;

export const SELECTION_PHASES = {
  nominating: '推荐提名',
  voting: '投票评审中',
  counting: '待决定',
  decided: '已公布',
  cancelled: '已取消',
} as const;
export type SelectionPhase = keyof typeof SELECTION_PHASES;

/**
 * The phase on `today`: nominations until the day before voting opens, votes or scores from
 * `votingFrom` to `votingTo` inclusive, then waiting for the decision.
 */
export function selectionPhase(
  s: { votingFrom: string; votingTo: string; status: 'open' | 'decided' | 'cancelled' },
  today: string,
): SelectionPhase {
  if (s.status === 'decided') return 'decided';
  if (s.status === 'cancelled') return 'cancelled';
  if (today < s.votingFrom) return 'nominating';
  if (today <= s.votingTo) return 'voting';
  return 'counting';
}

export interface NomineeTally {
  id: number;
  votes: number;
  /** the judges' scores (review), 0–100 */
  scores: number[];
}

export interface RankedNominee {
  id: number;
  /** votes (vote) or the judges' mean score with one decimal (review); null: nobody scored yet */
  result: number | null;
  /** 1-based; equal results share a rank (1, 2, 2, 4); unscored nominees have none */
  rank: number | null;
}

const mean = (xs: number[]) =>
  xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) * 10) / xs.length) / 10;

/** Nominees by result, best first; ties keep the nomination order (their ids) but share a rank. */
export function rankNominees(nominees: readonly NomineeTally[], method: SelectionMethod): RankedNominee[] {
  const rows = nominees.map((n) => ({ id: n.id, result: method === 'vote' ? n.votes : mean(n.scores) }));
  rows.sort((a, b) => {
    if (a.result === null || b.result === null)
      return a.result === null ? (b.result === null ? a.id - b.id : 1) : -1;
    return b.result - a.result || a.id - b.id;
  });
  const out: RankedNominee[] = [];
  rows.forEach((r, i) => {
    const prev = out[i - 1];
    const rank =
      r.result === null ? null : prev && prev.result === r.result && prev.rank !== null ? prev.rank : i + 1;
    out.push({ id: r.id, result: r.result, rank });
  });
  return out;
}

export interface Choice {
  /** honoured by the ranking alone */
  chosen: number[];
  /** tied across the last place: the organization must pick `open` of them */
  tied: number[];
  open: number;
}

/**
 * Who the ranking honours with `quota` places. Nominees without a result (no score) are never chosen
 * by the ranking; when equal results straddle the last place, the ranking does not pick among them.
 */
export function chooseByRanking(ranked: readonly RankedNominee[], quota: number): Choice {
  const scored = ranked.filter((r) => r.rank !== null && (r.result ?? 0) > 0);
  if (scored.length <= quota) return { chosen: scored.map((r) => r.id), tied: [], open: 0 };
  const boundary = scored[quota - 1]!.result;
  const above = scored.filter((r) => (r.result ?? 0) > (boundary ?? 0));
  const tied = scored.filter((r) => r.result === boundary);
  if (above.length + tied.length <= quota)
    return { chosen: [...above, ...tied].map((r) => r.id), tied: [], open: 0 };
  return { chosen: above.map((r) => r.id), tied: tied.map((r) => r.id), open: quota - above.length };
}
