import type { VectorMatrix } from './matrix.js';

/** Column means and spreads (population, ddof 0); a column without spread gets spread 1. */
export interface ColumnScale {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

export function columnScale(m: VectorMatrix): ColumnScale {
  const mean = new Float64Array(m.cols);
  const sd = new Float64Array(m.cols);
  if (m.rows === 0) return { mean, sd: sd.fill(1) };
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) mean[j] = (mean[j] as number) + (m.data[i * m.cols + j] as number);
  }
  for (let j = 0; j < m.cols; j++) mean[j] = (mean[j] as number) / m.rows;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const d = (m.data[i * m.cols + j] as number) - (mean[j] as number);
      sd[j] = (sd[j] as number) + d * d;
    }
  }
  for (let j = 0; j < m.cols; j++) sd[j] = Math.sqrt((sd[j] as number) / m.rows) || 1;
  return { mean, sd };
}

/** z-scores: (x − mean) / sd per column, into a new matrix. */
export function standardise(m: VectorMatrix, scale: ColumnScale = columnScale(m)): VectorMatrix {
  const data = new Float32Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const k = i * m.cols + j;
      data[k] = ((m.data[k] as number) - (scale.mean[j] as number)) / (scale.sd[j] as number);
    }
  }
  return { rows: m.rows, cols: m.cols, data };
}
