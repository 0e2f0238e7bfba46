import type { Database } from 'better-sqlite3';
import type { PredictionSource } from '../../shared/api/types.js';

/** A track's current prediction as lists show it: genre, shown confidence and which model said so. */
export interface CurrentPrediction {
  readonly predicted: string | null;
  readonly confidence: number | null;
  readonly source: PredictionSource | null;
}

export const NO_PREDICTION: CurrentPrediction = { predicted: null, confidence: null, source: null };

/** SQLite's default limit on bound parameters is 32766; stay well under it. */
const CHUNK = 900;

/**
 * The current prediction (resolveCurrent's choice between the personal and the default model)
 * of each given track; tracks without one are absent from the map. For callers outside the
 * prediction stage, such as `ls`, which must not know how predictions are chosen.
 */
export function currentPredictions(db: Database, trackIds: readonly number[]): Map<number, CurrentPrediction> {
  const out = new Map<number, CurrentPrediction>();
  for (let start = 0; start < trackIds.length; start += CHUNK) {
    const ids = trackIds.slice(start, start + CHUNK);
    const rows = db
      .prepare(
        `SELECT track_id AS id, genre, confidence, source FROM current_predictions WHERE track_id IN (${ids.map(() => '?').join(', ')})`,
      )
      .all(...ids) as { id: number; genre: string; confidence: number; source: PredictionSource }[];
    for (const r of rows) out.set(r.id, { predicted: r.genre, confidence: r.confidence, source: r.source });
  }
  return out;
}
