import type { VectorMatrix } from './matrix.js';

/** A neighbour: its row in the matrix and its Euclidean distance to the query. */
export interface Neighbour {
  readonly row: number;
  readonly distance: number;
}

/**
 * The `k` rows nearest to `query` (Euclidean), closest first, skipping rows for which `skip`
 * returns true. Exact: one pass over the matrix, keeping the best k in a sorted buffer, so a
 * candidate farther than the current k-th costs one comparison. Ties keep the lower row first.
 */
export function nearestRows(
  m: VectorMatrix,
  query: ArrayLike<number>,
  k: number,
  skip: (row: number) => boolean = () => false,
): Neighbour[] {
  if (query.length !== m.cols) throw new RangeError(`query has ${query.length} values, matrix ${m.cols} columns`);
  const want = Math.max(0, Math.min(Math.floor(k), m.rows));
  const bestRow = new Int32Array(want);
  const bestD = new Float64Array(want).fill(Infinity);
  let filled = 0;
  const { cols, data } = m;
  for (let r = 0; r < m.rows; r++) {
    const worst = filled < want ? Infinity : (bestD[want - 1] as number);
    let s = 0;
    const base = r * cols;
    for (let j = 0; j < cols && s < worst; j++) {
      const diff = (data[base + j] as number) - (query[j] as number);
      s += diff * diff;
    }
    if (s >= worst || want === 0 || skip(r)) continue;
    let pos = Math.min(filled, want - 1);
    while (pos > 0 && (bestD[pos - 1] as number) > s) {
      bestD[pos] = bestD[pos - 1] as number;
      bestRow[pos] = bestRow[pos - 1] as number;
      pos--;
    }
    bestD[pos] = s;
    bestRow[pos] = r;
    if (filled < want) filled++;
  }
  return Array.from({ length: filled }, (_, i) => ({
    row: bestRow[i] as number,
    distance: Math.sqrt(bestD[i] as number),
  }));
}
