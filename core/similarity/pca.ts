import { symmetricEigen } from './eigen.js';
import type { VectorMatrix } from './matrix.js';

/** Points of the map: `rows` × `components` coordinates, and the variance each component holds. */
export interface PrincipalComponents {
  readonly coordinates: VectorMatrix;
  /** Share of the total variance each component explains, in component order. */
  readonly explained: readonly number[];
}

/**
 * Principal component analysis: the rows centred and projected onto the `components` directions
 * of largest variance (eigenvectors of the covariance matrix). Each direction's sign is fixed so
 * its largest component is positive, so the same library always draws the same way round.
 */
export function principalComponents(m: VectorMatrix, components = 2): PrincipalComponents {
  const d = m.cols;
  const k = Math.min(components, d);
  const mean = new Float64Array(d);
  for (let r = 0; r < m.rows; r++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (m.data[r * d + j] as number) / m.rows;
  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < d; j++) x[j] = (m.data[r * d + j] as number) - (mean[j] as number);
    for (let i = 0; i < d; i++) {
      const xi = x[i] as number;
      for (let j = i; j < d; j++) cov[i * d + j] = (cov[i * d + j] as number) + xi * (x[j] as number);
    }
  }
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) cov[j * d + i] = cov[i * d + j] = (cov[i * d + j] as number) / Math.max(1, m.rows);
  const { values, vectors } = symmetricEigen(cov, d);
  const axes = Array.from({ length: k }, (_, c) => orientedColumn(vectors, d, c));
  const data = new Float32Array(m.rows * k);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < k; c++) {
      const axis = axes[c] as Float64Array;
      let s = 0;
      for (let j = 0; j < d; j++) s += ((m.data[r * d + j] as number) - (mean[j] as number)) * (axis[j] as number);
      data[r * k + c] = s;
    }
  }
  let total = 0;
  for (const v of values) total += Math.max(0, v);
  const explained = Array.from({ length: k }, (_, c) => (total > 0 ? Math.max(0, values[c] as number) / total : 0));
  return { coordinates: { rows: m.rows, cols: k, data }, explained };
}

function orientedColumn(vectors: Float64Array, d: number, c: number): Float64Array {
  const axis = Float64Array.from({ length: d }, (_, i) => vectors[i * d + c] as number);
  let largest = 0;
  for (const v of axis) if (Math.abs(v) > Math.abs(largest)) largest = v;
  if (largest < 0) for (let i = 0; i < d; i++) axis[i] = -(axis[i] as number);
  return axis;
}
