import type { VectorMatrix } from './matrix.js';

/** A linear map of track vectors: out[k] = Σ_i x[i] · weights[i * outDim + k]. */
export interface Projection {
  readonly inDim: number;
  readonly outDim: number;
  readonly weights: Float64Array;
}

export function project(m: VectorMatrix, p: Projection): VectorMatrix {
  if (m.cols !== p.inDim) throw new RangeError(`matrix has ${m.cols} columns, projection expects ${p.inDim}`);
  const data = new Float32Array(m.rows * p.outDim);
  const acc = new Float64Array(p.outDim);
  for (let r = 0; r < m.rows; r++) {
    acc.fill(0);
    for (let i = 0; i < p.inDim; i++) {
      const x = m.data[r * m.cols + i] as number;
      if (x === 0) continue;
      const base = i * p.outDim;
      for (let k = 0; k < p.outDim; k++) acc[k] = (acc[k] as number) + x * (p.weights[base + k] as number);
    }
    data.set(acc, r * p.outDim);
  }
  return { rows: m.rows, cols: p.outDim, data };
}
