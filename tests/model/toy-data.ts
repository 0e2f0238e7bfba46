/**
 * Small deterministic data sets for the model tests: Gaussian-ish blobs around per-class centres,
 * from a fixed-seed generator, so every run trains the same models.
 */

export function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

export interface ToySet {
  readonly rows: number[][];
  /** Class index of each row. */
  readonly classes: number[];
}

/**
 * `order` gives the class of row i as order[i % order.length], so order[0] is the class that
 * appears first (libsvm's first label). Classes overlap a little so probabilities are not all 0/1.
 */
export function blobs(order: readonly number[], perClass: number, features: number, seed = 7): ToySet {
  const random = lcg(seed);
  const rows: number[][] = [];
  const classes: number[] = [];
  for (let i = 0; i < order.length * perClass; i++) {
    const c = order[i % order.length] ?? 0;
    const row: number[] = [];
    // Features on very different scales, like the GTZAN table (variances next to means).
    for (let f = 0; f < features; f++) row.push((c * (1 + (f % 3)) + 2.2 * (random() - 0.5)) * 10 ** (f % 4) + 3 * f);
    rows.push(row);
    classes.push(c);
  }
  return { rows, classes };
}

/** Population mean and std per column, as the training side's scaler computes them. */
export function fitScaler(rows: readonly (readonly number[])[]): { mean: number[]; scale: number[] } {
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + (r[j] ?? 0), 0) / n);
  const scale = mean.map((m, j) => {
    const sd = Math.sqrt(rows.reduce((s, r) => s + ((r[j] ?? 0) - m) ** 2, 0) / n);
    return sd > 0 ? sd : 1;
  });
  return { mean, scale };
}

export function standardise(
  rows: readonly (readonly number[])[],
  scaler: { mean: readonly number[]; scale: readonly number[] },
): number[][] {
  return rows.map((r) => r.map((v, j) => (v - (scaler.mean[j] ?? 0)) / (scaler.scale[j] ?? 1)));
}

/** What the ONNX graph sees: features are fed as float32. */
export function toFloat32(rows: readonly (readonly number[])[]): number[][] {
  return rows.map((r) => r.map((v) => Math.fround(v)));
}
