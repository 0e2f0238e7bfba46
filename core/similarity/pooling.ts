/**
 * One vector per track from its stored analysis windows: the mean of the windows, column by
 * column, with the variance columns (names ending in "_var") read as log(1 + x). The variances
 * span up to nine orders of magnitude (GTZAN's spectral-centroid variance reaches 1e9), so on a
 * linear scale a few loud outliers decide every distance; their logarithm is what differs between
 * genres (the same reading as learning/track-vectors.ts).
 */

/** Columns read on a log scale: the variance features. */
export function logColumns(featureNames: readonly string[]): boolean[] {
  return featureNames.map((name) => name.endsWith('_var'));
}

/** Mean of the windows, then log1p of the marked columns (a negative variance is clamped to 0). */
export function poolWindows(windows: readonly ArrayLike<number>[], logged: readonly boolean[]): Float64Array {
  const first = windows[0];
  if (!first) throw new RangeError('a track needs at least one window');
  const out = new Float64Array(first.length);
  for (const w of windows) {
    if (w.length !== out.length) throw new RangeError(`window of ${w.length} values, expected ${out.length}`);
    for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) + (w[j] as number);
  }
  for (let j = 0; j < out.length; j++) {
    const mean = (out[j] as number) / windows.length;
    out[j] = logged[j] ? Math.log1p(Math.max(0, mean)) : mean;
  }
  return out;
}
