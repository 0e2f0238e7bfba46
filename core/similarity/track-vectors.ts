import type { Database } from 'better-sqlite3';
import { decodeFeatures } from '../analysis/store.js';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';
import type { VectorMatrix } from './matrix.js';
import { logColumns, poolWindows } from './pooling.js';

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
  const count = db
    .prepare(
      `SELECT count(*) FROM analyses a JOIN tracks t ON t.id = a.track_id
        WHERE t.status = 'present' AND a.status = 'ok' AND a.analyzer_version = ?
          AND EXISTS (SELECT 1 FROM analysis_windows w WHERE w.analysis_id = a.id)`,
    )
    .pluck()
    .get(analyzerVersion) as number;
  const trackIds = new Int32Array(count);
  const data = new Float32Array(count * cols);
  const stmt = db.prepare(
    `SELECT a.track_id AS trackId, w.features
       FROM analyses a JOIN tracks t ON t.id = a.track_id JOIN analysis_windows w ON w.analysis_id = a.id
      WHERE t.status = 'present' AND a.status = 'ok' AND a.analyzer_version = ?
      ORDER BY a.track_id, w.window_index`,
  );
  let rows = 0;
  let current = -1;
  let windows: Float64Array[] = [];
  const flush = (): void => {
    if (windows.length === 0 || rows >= count) return;
    trackIds[rows] = current;
    data.set(poolWindows(windows, logged), rows * cols);
    rows++;
  };
  for (const row of stmt.iterate(analyzerVersion) as Iterable<{ trackId: number; features: Buffer }>) {
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
 * the labels' history and the active personal model. The index is rebuilt when it changes.
 */
export function similarityFingerprint(db: Database, personalModel: string | null): string {
  const analyses = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(a.id), 0) AS s, coalesce(max(a.id), 0) AS m
         FROM analyses a JOIN tracks t ON t.id = a.track_id WHERE t.status = 'present' AND a.status = 'ok'`,
    )
    .get() as { n: number; s: number; m: number };
  if (personalModel === null) return `${analyses.n}:${analyses.s}:${analyses.m}`;
  const labels = db
    .prepare(
      `SELECT (SELECT coalesce(max(id), 0) FROM decision_log) AS d,
              (SELECT coalesce(total(length(genres) + id), 0) FROM tracks WHERE status = 'present' AND genres <> '[]') AS g`,
    )
    .get() as { d: number; g: number };
  return `${analyses.n}:${analyses.s}:${analyses.m}:${personalModel}:${labels.d}:${labels.g}`;
}
