import type { Database } from 'better-sqlite3';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';
import type { VectorMatrix } from './matrix.js';
import { logColumns, poolWindows } from './pooling.js';
import { analysesVersion, decodeFeatures, presentTrackWindows } from '../analysis/store.js';
import { decisionsVersion } from '../decisions/decisions.js';
import { genreTagsVersion } from '../library/tracks.js';

/** Every analysed present track's pooled vector (pooling.ts), rows in track-id order. */
export interface PooledTracks {
  readonly trackIds: Int32Array;
  readonly vectors: VectorMatrix;
}

/**
 * Reads the stored windows of every present track with a successful analysis by this analyzer
 * and pools them per track, in one streaming scan: no audio is decoded.
 */
export function loadPooledTracks(db: Database, analyzerVersion: string = ANALYZER_VERSION): PooledTracks {
  const cols = FEATURE_NAMES.length;
  const logged = logColumns(FEATURE_NAMES);
  const { count, rows: windowRows } = presentTrackWindows(db, analyzerVersion);
  const trackIds = new Int32Array(count);
  const data = new Float32Array(count * cols);
  let rows = 0;
  let current = -1;
  let windows: Float64Array[] = [];
  const flush = (): void => {
    if (windows.length === 0 || rows >= count) return;
    trackIds[rows] = current;
    data.set(poolWindows(windows, logged), rows * cols);
    rows++;
  };
  for (const row of windowRows) {
    if (row.trackId !== current) {
      flush();
      current = row.trackId;
      windows = [];
    }
    windows.push(decodeFeatures(row.features));
  }
  flush();
  return { trackIds: trackIds.subarray(0, rows), vectors: { rows, cols, data: data.subarray(0, rows * cols) } };
}

/**
 * What the index depends on, cheap to read on every request: the set of current analyses (a new
 * analysis always gets a new row id, and a rescan that marks a track gone changes the count),
 * and the labels' history (decisions and genre tags). The index is rebuilt when it changes.
 */
export function similarityFingerprint(db: Database): string {
  return `${analysesVersion(db)}:${decisionsVersion(db)}:${genreTagsVersion(db)}`;
}
