import { DEFAULT_OOD_K, DEFAULT_OOD_PERCENTILE, OodError, percentile, type OodReference } from '../model/ood.js';
import type { Matrix } from '../model/scaler.js';

/**
 * The out-of-distribution reference of a personal model (the statistic of model/ood.ts: mean
 * distance to the k nearest training windows, divided by that statistic's 99th percentile over
 * the training windows themselves), with one difference that matters for windows: each training
 * window is measured against the windows of OTHER tracks only. A window's nearest neighbours are
 * otherwise its own track's other windows, near-copies of it, and the threshold would come out so
 * small that every new track — never in training — looked unlike anything the model knows, and
 * the personal model's answers would never be shown.
 */

export const OOD_METHOD_BY_TRACK =
  'mean Euclidean distance to the k nearest training windows in the standardised feature space, divided by the given percentile ' +
  'of the same statistic over the training windows, each measured against the windows of other tracks only; a track scores the ' +
  'median of its windows';

/** For each row, the mean distance to its k nearest rows of other groups (tracks). */
export function leaveOneTrackOutDistances(rows: Matrix, groups: readonly number[], k: number): number[] {
  const n = rows.length;
  const nearest = Array.from({ length: n }, () => [] as number[]);
  const keep = (list: number[], d: number): void => {
    if (list.length === k && d >= (list[k - 1] as number)) return;
    if (list.length === k) list.pop();
    let i = list.length;
    list.push(d);
    while (i > 0 && (list[i - 1] as number) > d) {
      list[i] = list[i - 1] as number;
      i--;
    }
    list[i] = d;
  };
  for (let i = 0; i < n; i++) {
    const a = rows[i] as readonly number[];
    for (let j = i + 1; j < n; j++) {
      if (groups[i] === groups[j]) continue;
      const b = rows[j] as readonly number[];
      let sum = 0;
      for (let f = 0; f < a.length; f++) {
        const d = (a[f] as number) - (b[f] as number);
        sum += d * d;
      }
      const d = Math.sqrt(sum);
      keep(nearest[i] as number[], d);
      keep(nearest[j] as number[], d);
    }
  }
  return nearest.map((list) => {
    if (list.length < k)
      throw new OodError(`a training window has only ${list.length} windows of other tracks, fewer than k = ${k}`);
    return list.reduce((a, b) => a + b, 0) / list.length;
  });
}

/** The reference for a model fitted on `standardisedRows`, `groups[i]` naming row i's track. */
export function trackOodReference(
  standardisedRows: Matrix,
  groups: readonly number[],
  options: { readonly k?: number; readonly percentile?: number } = {},
): OodReference {
  const k = options.k ?? DEFAULT_OOD_K;
  const p = options.percentile ?? DEFAULT_OOD_PERCENTILE;
  const threshold = percentile(leaveOneTrackOutDistances(standardisedRows, groups, k), p);
  if (!(threshold > 0)) throw new OodError('training windows coincide: no spread to measure distances against');
  // 6 significant digits: the value in the card is the value in the graph.
  return { k, percentile: p, threshold: Number(threshold.toPrecision(6)), rows: standardisedRows.map((r) => [...r]) };
}
