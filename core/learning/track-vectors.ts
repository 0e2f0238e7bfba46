/**
 * One point per track for the few-shot model: the mean of its stored windows' 57 features, with
 * the variance features on a log scale, standardised over the whole library. The variances span
 * up to nine orders of magnitude (GTZAN's spectral-centroid variance reaches 1e9), so on a linear
 * scale a few loud outliers decide every distance; their logarithm is what differs between genres.
 * Standardising over every analysed track (labels are not needed for it) makes the space the same
 * whether the user has labelled two tracks or two thousand.
 */

/** Mean of a track's windows, column by column. */
export function meanWindow(windows: readonly ArrayLike<number>[]): number[] {
  const first = windows[0];
  if (!first) throw new RangeError('a track needs at least one window');
  const mean = new Array<number>(first.length).fill(0);
  for (const w of windows) for (let j = 0; j < mean.length; j++) mean[j] = (mean[j] as number) + (w[j] as number);
  return mean.map((v) => v / windows.length);
}

/** Columns read on a log scale: the variance features (names ending in "_var"). */
export function logColumns(featureNames: readonly string[]): boolean[] {
  return featureNames.map((name) => name.endsWith('_var'));
}

/** log(1 + x) for the marked columns (variances are never negative; a negative value is clamped to 0). */
export function logScaled(vector: readonly number[], logged: readonly boolean[]): number[] {
  return vector.map((v, j) => (logged[j] ? Math.log1p(Math.max(0, v)) : v));
}

/** z-scores over the given rows (population spread; a column without spread maps to 0). */
export function standardised(rows: readonly (readonly number[])[]): Float64Array[] {
  const first = rows[0];
  if (!first) return [];
  const width = first.length;
  const mean = new Float64Array(width);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) + (r[j] as number) / rows.length;
  const sd = new Float64Array(width);
  for (const r of rows) {
    for (let j = 0; j < width; j++) {
      const d = (r[j] as number) - (mean[j] as number);
      sd[j] = (sd[j] as number) + (d * d) / rows.length;
    }
  }
  for (let j = 0; j < width; j++) sd[j] = Math.sqrt(sd[j] as number) || 1;
  return rows.map((r) => Float64Array.from(r, (v, j) => (v - (mean[j] as number)) / (sd[j] as number)));
}

/** Track windows → standardised track points, in the order given. */
export function trackPoints(
  tracks: readonly (readonly ArrayLike<number>[])[],
  featureNames: readonly string[],
): Float64Array[] {
  const logged = logColumns(featureNames);
  return standardised(tracks.map((windows) => logScaled(meanWindow(windows), logged)));
}
