/**
 * 年终评比 (issue 15, seed 001: Xiushui's 书记领航 projects — "月有通报、季有调度、年终有评比", 8 projects
 * honoured in a 擂台比武): an organization ranks the projects it leads by their measured result (progress
 * at the evaluation date, 0–100) and the judges' scores (0–100 each), weighted as the evaluation sets.
 * A project no judge has scored yet is not ranked when the judges' part counts (待评分).
 */

export interface EvaluationEntryInput {
  projectId: number;
  /** Measured progress, 0–100 (the weight of completed milestones, rolled up for a parent). */
  progress: number;
  /** 超时序 (positive) or 滞后 (negative) at the evaluation date: the first tie-break. */
  aheadPoints: number;
  /** Each judge's score, 0–100. */
  scores: readonly number[];
}

export interface RankedEntry extends EvaluationEntryInput {
  /** The judges' mean, to one decimal; null before anyone scored. */
  judgesMean: number | null;
  /** measuredWeight% × progress + (100 − measuredWeight)% × judgesMean, to one decimal; null when unscored. */
  total: number | null;
  /** Competition ranking (1, 2, 2, 4); null for an entry without a total. */
  rank: number | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function rankEntries(entries: readonly EvaluationEntryInput[], measuredWeight: number): RankedEntry[] {
  if (!Number.isInteger(measuredWeight) || measuredWeight < 0 || measuredWeight > 100)
    throw new RangeError('measuredWeight must be an integer from 0 to 100');
  const scored = entries.map((e) => {
    const judgesMean = e.scores.length
      ? oneDecimal(e.scores.reduce((a, s) => a + s, 0) / e.scores.length)
      : null;
    const total =
      measuredWeight === 100
        ? oneDecimal(e.progress)
        : judgesMean === null
          ? null
          : oneDecimal((measuredWeight * e.progress + (100 - measuredWeight) * judgesMean) / 100);
    return { ...e, judgesMean, total, rank: null as number | null };
  });
  scored.sort(
    (a, b) =>
      (b.total ?? -1) - (a.total ?? -1) ||
      b.aheadPoints - a.aheadPoints ||
      b.progress - a.progress ||
      a.projectId - b.projectId,
  );
  let previous: { total: number; aheadPoints: number } | null = null;
  scored.forEach((e, i) => {
    if (e.total === null) return;
    const tied = previous && previous.total === e.total && previous.aheadPoints === e.aheadPoints;
    e.rank = tied ? scored[i - 1]!.rank : i + 1;
    previous = { total: e.total, aheadPoints: e.aheadPoints };
  });
  return scored;
}

/** The evaluation date of a year: its last day, or today while the year is still running. */
export function evaluationDate(year: number, today: string): string {
  const end = `${year}-12-31`;
  return today < end ? today : end;
}
