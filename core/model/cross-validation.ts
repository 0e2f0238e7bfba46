import { seededRandom, shuffled } from './random.js';

/**
 * Stratified k-fold assignment: each class's rows are shuffled (seeded) and dealt round-robin to
 * the folds, continuing where the previous class stopped, so every fold gets each class within one
 * row of its share and fold sizes differ by at most one. Returns the test rows of each fold, in
 * ascending order (keeping the table's order keeps libsvm's label order stable).
 */
export function stratifiedKFold(classes: readonly number[], folds: number, seed: number): number[][] {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`need at least 2 folds, got ${folds}`);
  if (classes.length < folds) throw new RangeError(`${classes.length} rows cannot fill ${folds} folds`);
  const random = seededRandom(seed);
  const byClass = new Map<number, number[]>();
  classes.forEach((c, i) => {
    const rows = byClass.get(c);
    if (rows) rows.push(i);
    else byClass.set(c, [i]);
  });
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of shuffled(byClass.get(c) ?? [], random)) {
      (out[next] as number[]).push(row);
      next = (next + 1) % folds;
    }
  }
  return out.map((rows) => rows.sort((a, b) => a - b));
}

/** The training rows that go with a fold's test rows: everything else, ascending. */
export function complement(size: number, test: readonly number[]): number[] {
  const inTest = new Uint8Array(size);
  for (const i of test) inTest[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (!inTest[i]) out.push(i);
  return out;
}

export function pick<T>(items: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => items[i] as T);
}

/** Population mean and standard deviation (ddof 0, as scikit-learn's cross_val_score reports). */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
