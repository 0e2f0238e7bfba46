import { rowOf, type VectorMatrix } from './matrix.js';
import { nearestRows } from './nearest.js';

/**
 * A smooth path through the library, as bliss makes its song paths: start at `seed`, then step
 * each time to the nearest track not yet on the path, until the path has `length` tracks (or the
 * library runs out). Returns the rows in playing order, the seed first, with each step's distance
 * from the track before it (0 for the seed).
 */
export function nearestNeighbourPath(m: VectorMatrix, seed: number, length: number): { row: number; step: number }[] {
  rowOf(m, seed);
  const visited = new Uint8Array(m.rows);
  const path = [{ row: seed, step: 0 }];
  visited[seed] = 1;
  const skip = (row: number): boolean => visited[row] === 1;
  while (path.length < Math.min(length, m.rows)) {
    const [next] = nearestRows(m, rowOf(m, (path[path.length - 1] as { row: number }).row), 1, skip);
    if (!next) break;
    visited[next.row] = 1;
    path.push({ row: next.row, step: next.distance });
  }
  return path;
}
