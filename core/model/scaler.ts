/** A fitted standard scaler: x' = (x - mean) / scale, feature by feature. */
export interface ScalerParams {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

export type Matrix = readonly (readonly number[])[];

/**
 * Standardisation as scikit-learn's StandardScaler: mean and population standard deviation
 * (ddof 0) per column; a column without spread gets scale 1 so it maps to 0 instead of NaN.
 */
export function fitScaler(rows: Matrix): ScalerParams {
  const first = rows[0];
  if (!first) throw new RangeError('cannot fit a scaler on no rows');
  const width = first.length;
  const mean = new Array<number>(width).fill(0);
  for (const row of rows) {
    if (row.length !== width) throw new RangeError(`row of ${row.length} values in a table of ${width} columns`);
    for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  }
  for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) / rows.length;
  // Two-pass variance: the GTZAN variances reach 1e9, where E[x²] − E[x]² loses digits.
  const variance = new Array<number>(width).fill(0);
  for (const row of rows) {
    for (let j = 0; j < width; j++) {
      const d = (row[j] as number) - (mean[j] as number);
      variance[j] = (variance[j] as number) + d * d;
    }
  }
  const scale = variance.map((v) => {
    const sd = Math.sqrt(v / rows.length);
    return sd > 0 ? sd : 1;
  });
  return { mean, scale };
}

export function applyScaler(scaler: ScalerParams, rows: Matrix): number[][] {
  return rows.map((row) => {
    if (row.length !== scaler.mean.length) {
      throw new RangeError(`row of ${row.length} values for a scaler of ${scaler.mean.length} features`);
    }
    return row.map((v, j) => (v - (scaler.mean[j] as number)) / (scaler.scale[j] as number));
  });
}
