import { KindedError } from '../../shared/api/contract.js';
import { rowOf } from './matrix.js';
import { nearestRows } from './nearest.js';
import { nearestNeighbourPath } from './path-walk.js';
import type { SimilarityIndex } from './library-index.js';

/** A track of the library and its distance in the index's space. */
export interface SimilarTrackId {
  readonly trackId: number;
  readonly distance: number;
}

/** The track has no stored analysis (never analysed, failed, or changed since): a clear, fixable error. */
export class NoAnalysisError extends KindedError {
  override name = 'NoAnalysisError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

function rowFor(index: SimilarityIndex, trackId: number): number {
  const row = index.rowOfTrack.get(trackId);
  if (row === undefined) {
    throw new NoAnalysisError(`track ${trackId} has no analysis yet; run \`genrewise analyze\` first`);
  }
  return row;
}

/** The `n` tracks nearest to `trackId`, closest first, never the track itself. */
export function similarTrackIds(index: SimilarityIndex, trackId: number, n: number): SimilarTrackId[] {
  const self = rowFor(index, trackId);
  return nearestRows(index.space, rowOf(index.space, self), n, (r) => r === self).map((nb) => ({
    trackId: index.trackIds[nb.row] as number,
    distance: nb.distance,
  }));
}

/** A path of up to `length` tracks from `trackId`, each step to the nearest track not yet on it. */
export function similarPathIds(index: SimilarityIndex, trackId: number, length: number): SimilarTrackId[] {
  return nearestNeighbourPath(index.space, rowFor(index, trackId), length).map((p) => ({
    trackId: index.trackIds[p.row] as number,
    distance: p.step,
  }));
}
