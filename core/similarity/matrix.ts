/**
 * A dense row-major matrix of track vectors: one Float32Array for the whole library, so 100,000
 * tracks × 57 features is one 23 MB block that a query scans front to back without allocating.
 */
export interface VectorMatrix {
  readonly rows: number;
  readonly cols: number;
  /** rows × cols values, row after row. */
  readonly data: Float32Array;
}

export function matrixFromRows(rows: readonly ArrayLike<number>[], cols?: number): VectorMatrix {
  const width = cols ?? rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    if (row.length !== width) throw new RangeError(`row ${i} has ${row.length} values, expected ${width}`);
    for (let j = 0; j < width; j++) data[i * width + j] = row[j] as number;
  });
  return { rows: rows.length, cols: width, data };
}

/** Row `i` as a view (no copy). */
export function rowOf(m: VectorMatrix, i: number): Float32Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.rows) throw new RangeError(`row ${i} outside 0..${m.rows - 1}`);
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** The given rows, copied in that order. */
export function selectRows(m: VectorMatrix, indices: readonly number[]): VectorMatrix {
  const data = new Float32Array(indices.length * m.cols);
  indices.forEach((r, i) => data.set(rowOf(m, r), i * m.cols));
  return { rows: indices.length, cols: m.cols, data };
}
