import type { Matrix } from './scaler.js';

/**
 * Feature binning for histogram-based gradient boosting, as scikit-learn's
 * HistGradientBoostingClassifier bins (its _find_binning_thresholds): a feature with at most
 * `maxBins` distinct values gets a threshold midway between each pair of neighbouring values;
 * otherwise the `maxBins − 1` thresholds are the evenly spaced percentiles of the training values
 * (the "midpoint" method). A value goes to the first bin whose threshold it does not exceed.
 */

export interface Binner {
  /** Ascending thresholds per feature; bin b holds values in (thresholds[b−1], thresholds[b]]. */
  readonly thresholds: readonly Float64Array[];
}

/** Rows as bin indices, one array per feature (column-major: the histograms read by column). */
export interface BinnedRows {
  readonly columns: readonly Uint8Array[];
  readonly rows: number;
  /** Bins per feature (thresholds + 1). */
  readonly binCounts: readonly number[];
}

export const MAX_BINS = 255;

/** Percentile `q` (0–100) of ascending `sorted`, NumPy's method="midpoint". */
export function percentileMidpoint(sorted: Float64Array, q: number): number {
  const position = (q / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return ((sorted[lower] as number) + (sorted[upper] as number)) / 2;
}

function featureThresholds(values: Float64Array, maxBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (const v of sorted) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  if (distinct.length <= maxBins) {
    return Float64Array.from(distinct.slice(1), (v, i) => ((distinct[i] as number) + v) / 2);
  }
  return Float64Array.from({ length: maxBins - 1 }, (_, i) => percentileMidpoint(sorted, (100 * (i + 1)) / maxBins));
}

export function fitBinner(rows: Matrix, maxBins = MAX_BINS): Binner {
  if (maxBins < 2 || maxBins > 256) throw new RangeError(`maxBins must be 2–256, got ${maxBins}`);
  const d = rows[0]?.length ?? 0;
  const thresholds: Float64Array[] = [];
  for (let j = 0; j < d; j++)
    thresholds.push(
      featureThresholds(
        Float64Array.from(rows, (row) => row[j] as number),
        maxBins,
      ),
    );
  return { thresholds };
}

/** The bin of `value`: the number of thresholds below it (binary search). */
export function binOf(thresholds: Float64Array, value: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((thresholds[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function applyBinner(binner: Binner, rows: Matrix): BinnedRows {
  const columns = binner.thresholds.map((t, j) => Uint8Array.from(rows, (row) => binOf(t, row[j] as number)));
  return { columns, rows: rows.length, binCounts: binner.thresholds.map((t) => t.length + 1) };
}
