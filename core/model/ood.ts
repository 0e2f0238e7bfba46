import type { Matrix } from './scaler.js';

/**
 * "Unlike anything I know": how far a feature row lies from a model's training data, in the
 * model's own standardised feature space.
 *
 * Statistic: the mean Euclidean distance to the k nearest training rows. Its scale: the same
 * statistic for each training row against the others (leave-one-out), at a high percentile.
 * score = statistic / that percentile, so ≤ 1 means "as close to the training music as typical
 * training music is", and > 1 means outside what the model learned from (at the 99th percentile,
 * 1 % of held-out training-like rows land there by chance).
 *
 * The reference travels inside each exported ONNX model as an extra output `ood` (onnx/ood-graph.ts),
 * so the analysis worker, the CLI and re-prediction from stored features get it with the
 * probabilities, from the same bytes the card's hash pins.
 */

export interface OodReference {
  /** Neighbours averaged over. */
  readonly k: number;
  /** The leave-one-out percentile that maps to score 1. */
  readonly percentile: number;
  /** The statistic's value at that percentile: the divisor. */
  readonly threshold: number;
  /** Standardised training rows (the model's scaler applied), in the model's feature order. */
  readonly rows: Matrix;
}

export const DEFAULT_OOD_K = 5;
export const DEFAULT_OOD_PERCENTILE = 99;

export class OodError extends Error {
  override name = 'OodError';
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    const d = (a[j] as number) - (b[j] as number);
    sum += d * d;
  }
  return sum;
}

/** Keeps the k smallest values seen, sorted ascending (k is small: insertion is cheapest). */
class SmallestK {
  private readonly values: number[] = [];
  constructor(private readonly k: number) {}

  add(v: number): void {
    const values = this.values;
    if (values.length === this.k) {
      if (v >= (values[this.k - 1] as number)) return;
      values.pop();
    }
    let i = values.length;
    values.push(v);
    while (i > 0 && (values[i - 1] as number) > v) {
      values[i] = values[i - 1] as number;
      i--;
    }
    values[i] = v;
  }

  mean(): number {
    return this.values.reduce((a, b) => a + b, 0) / this.values.length;
  }
}

/** Linear interpolation between order statistics, as numpy.percentile's default. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new OodError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + (position - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** For each row, the mean distance to its k nearest other rows (each pair's distance computed once). */
export function leaveOneOutDistances(rows: Matrix, k: number): number[] {
  const nearest = rows.map(() => new SmallestK(k));
  for (let i = 0; i < rows.length; i++) {
    const a = rows[i] as readonly number[];
    for (let j = i + 1; j < rows.length; j++) {
      const d = Math.sqrt(squaredDistance(a, rows[j] as readonly number[]));
      (nearest[i] as SmallestK).add(d);
      (nearest[j] as SmallestK).add(d);
    }
  }
  return nearest.map((n) => n.mean());
}

/**
 * The reference for a model trained on `standardisedRows` (its scaler already applied). Call it
 * with the same rows the final model was fitted on; personal models do the same.
 */
export function buildOodReference(
  standardisedRows: Matrix,
  options: { readonly k?: number; readonly percentile?: number } = {},
): OodReference {
  const k = options.k ?? DEFAULT_OOD_K;
  const p = options.percentile ?? DEFAULT_OOD_PERCENTILE;
  if (!Number.isInteger(k) || k < 1) throw new OodError(`k must be a positive integer, got ${k}`);
  if (standardisedRows.length <= k)
    throw new OodError(`${standardisedRows.length} training rows are too few for k = ${k}`);
  if (!(p > 0 && p <= 100)) throw new OodError(`percentile must be in (0, 100], got ${p}`);
  const threshold = percentile(leaveOneOutDistances(standardisedRows, k), p);
  if (!(threshold > 0)) throw new OodError('training rows coincide: no spread to measure distances against');
  // 6 significant digits: the value in the card is the value in the graph.
  return { k, percentile: p, threshold: Number(threshold.toPrecision(6)), rows: standardisedRows.map((r) => [...r]) };
}

/** Scores of standardised query rows against a reference: the JS twin of the ONNX output. */
export function oodScores(reference: OodReference, standardisedQueries: Matrix): number[] {
  return standardisedQueries.map((q) => {
    const nearest = new SmallestK(reference.k);
    for (const row of reference.rows) nearest.add(Math.sqrt(squaredDistance(q, row)));
    return nearest.mean() / reference.threshold;
  });
}

/**
 * One score per track from its windows' scores: the median, so one odd window (a silent intro,
 * a spoken outro) does not mark a track unfamiliar while its music is familiar, and a track
 * whose music is mostly unfamiliar is marked whatever one window says.
 */
export function trackOodScore(windowScores: readonly number[]): number | null {
  if (windowScores.length === 0) return null;
  const sorted = [...windowScores].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
