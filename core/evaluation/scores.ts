/**
 * What a labelled set says about a model: accuracy, per-genre recall, the confusion matrix, and
 * the two failures that hurt a review queue most — wrong answers given with high confidence, and
 * tracks unlike anything the model learned from. Pure functions over predictions.
 */

/** One recording's outcome. */
export interface Outcome {
  readonly truth: string;
  readonly predicted: string;
  /** The confidence shown for `predicted` (the model's probability, lowered past the OOD edge). */
  readonly confidence: number;
  /** Out-of-distribution score (> 1: unlike the training music), null when the model has none. */
  readonly ood: number | null;
}

export interface GenreRecall {
  /** Share of this genre's recordings predicted as it (0 when it has none). */
  readonly recall: number;
  /** Share of the predictions of this genre that were right (0 when never predicted). */
  readonly precision: number;
  /** Recordings of this genre in the set. */
  readonly support: number;
}

export interface EvaluationScores {
  readonly n: number;
  readonly accuracy: number;
  /** Mean recall over the genres present in the set: accuracy that a dominant genre cannot carry. */
  readonly balancedAccuracy: number;
  /** For each genre present in the set (truth), in `labels` order. */
  readonly perGenre: Readonly<Record<string, GenreRecall>>;
  /** Rows: true genre, columns: predicted genre, both in `labels` order. */
  readonly confusion: { readonly labels: readonly string[]; readonly matrix: readonly (readonly number[])[] };
  readonly confidentlyWrong: {
    /** Confidence at or above which an answer counts as confident. */
    readonly threshold: number;
    readonly count: number;
    /** count / n. */
    readonly rate: number;
    /** count / wrong answers (0 when none was wrong). */
    readonly ofWrong: number;
  };
  /** Recordings scored beyond the edge of the training data; null when no outcome had a score. */
  readonly unfamiliar: { readonly threshold: number; readonly count: number; readonly rate: number } | null;
}

export const CONFIDENT = 0.8;

export interface ScoreOptions {
  /** Genres in matrix order; labels found in the outcomes but missing here are appended. */
  readonly genres?: readonly string[];
  readonly confidentAt?: number;
  /** The OOD edge (UNFAMILIAR_OOD in the prediction store). */
  readonly unfamiliarAbove?: number;
}

export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

export function scoreOutcomes(outcomes: readonly Outcome[], options: ScoreOptions = {}): EvaluationScores {
  if (outcomes.length === 0) throw new EvaluationError('no outcomes to score');
  const confidentAt = options.confidentAt ?? CONFIDENT;
  const unfamiliarAbove = options.unfamiliarAbove ?? 1;
  const labels = [...(options.genres ?? [])];
  for (const o of outcomes) {
    for (const g of [o.truth, o.predicted]) if (!labels.includes(g)) labels.push(g);
  }
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  let confidentlyWrong = 0;
  let scored = 0;
  let unfamiliar = 0;
  for (const o of outcomes) {
    const row = matrix[labels.indexOf(o.truth)] as number[];
    const column = labels.indexOf(o.predicted);
    row[column] = (row[column] as number) + 1;
    if (o.truth === o.predicted) correct++;
    else if (o.confidence >= confidentAt) confidentlyWrong++;
    if (o.ood !== null) {
      scored++;
      if (o.ood > unfamiliarAbove) unfamiliar++;
    }
  }
  const perGenre: Record<string, GenreRecall> = {};
  const recalls: number[] = [];
  labels.forEach((genre, c) => {
    const row = matrix[c] as number[];
    const support = row.reduce((a, b) => a + b, 0);
    if (support === 0) return;
    const predictedAs = matrix.reduce((sum, r) => sum + (r[c] as number), 0);
    const hits = row[c] as number;
    const recall = hits / support;
    recalls.push(recall);
    perGenre[genre] = { recall, precision: predictedAs === 0 ? 0 : hits / predictedAs, support };
  });
  const n = outcomes.length;
  const wrong = n - correct;
  return {
    n,
    accuracy: correct / n,
    balancedAccuracy: recalls.reduce((a, b) => a + b, 0) / recalls.length,
    perGenre,
    confusion: { labels, matrix },
    confidentlyWrong: {
      threshold: confidentAt,
      count: confidentlyWrong,
      rate: confidentlyWrong / n,
      ofWrong: wrong === 0 ? 0 : confidentlyWrong / wrong,
    },
    unfamiliar: scored === 0 ? null : { threshold: unfamiliarAbove, count: unfamiliar, rate: unfamiliar / scored },
  };
}
