import { rowOf, type VectorMatrix } from './matrix.js';
import { nearestRows } from './nearest.js';

/**
 * Leave-one-out neighbour agreement: for each row in `queries` (default: every row), the share of
 * its `k` nearest other rows that carry the same label, averaged over the queries. What the bench
 * reports for "does 'similar' follow genre": 10 % is chance on ten balanced genres, 100 % means
 * every neighbour shares the genre.
 */
export function neighbourAgreement(
  m: VectorMatrix,
  labels: readonly number[],
  k: number,
  queries: readonly number[] = Array.from({ length: m.rows }, (_, i) => i),
): number {
  if (labels.length !== m.rows) throw new RangeError(`${labels.length} labels for ${m.rows} rows`);
  let same = 0;
  let total = 0;
  for (const q of queries) {
    for (const n of nearestRows(m, rowOf(m, q), k, (r) => r === q)) {
      if (labels[n.row] === labels[q]) same++;
      total++;
    }
  }
  return total === 0 ? Number.NaN : same / total;
}

/**
 * Neighbour agreement of a learned metric, measured out of fold: for each fold, the metric is
 * fitted on the other folds' rows only, every row is mapped through it, and the fold's rows are
 * the queries (their neighbours come from the whole table, as in a library where the queried
 * track was never labelled). Returns the agreement over all queries.
 */
export function outOfFoldAgreement(
  m: VectorMatrix,
  labels: readonly number[],
  k: number,
  folds: readonly (readonly number[])[],
  fitAndMap: (train: readonly number[]) => VectorMatrix,
): number {
  let weighted = 0;
  let queries = 0;
  for (const test of folds) {
    const inTest = new Set(test);
    const train = Array.from({ length: m.rows }, (_, i) => i).filter((i) => !inTest.has(i));
    const mapped = fitAndMap(train);
    weighted += neighbourAgreement(mapped, labels, k, test) * test.length;
    queries += test.length;
  }
  return weighted / queries;
}
