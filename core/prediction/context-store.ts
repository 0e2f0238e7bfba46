import type { Database } from 'better-sqlite3';
import { CONTEXT_MODEL_ID, UNFAMILIAR_OOD } from './store.js';

export { CONTEXT_MODEL_ID };

/**
 * The library-context model's predictions (learning/context-pass.ts) are stored like any model's:
 * one `predictions` row per track under the pseudo-model id CONTEXT_MODEL_ID, with its reason.
 * They are in the user's own vocabulary and already weigh every other piece of evidence, so where
 * one exists it is the track's current prediction (resolveCurrent), with source 'personal'.
 */

export interface ContextPredictionRow {
  readonly trackId: number;
  readonly analysisId: number;
  readonly genre: string;
  /** Calibrated probability of `genre`. */
  readonly probability: number;
  /** Probability after the unfamiliarity fall-off (shownConfidence): what people see and bulk accept uses. */
  readonly confidence: number;
  readonly oodScore: number | null;
  /** Every genre's calibrated probability. */
  readonly probabilities: Readonly<Record<string, number>>;
  readonly reason: string;
}

/**
 * Replaces every context prediction with `rows` and makes each the track's current prediction,
 * in one transaction. Tracks that had one and are not in `rows` fall back to their other models
 * (the caller passes their ids to resolveCurrent's choice through `fallback`).
 */
export function saveContextPredictions(db: Database, rows: readonly ContextPredictionRow[], now: string): number[] {
  const upsertPrediction = db.prepare(
    `INSERT INTO predictions (track_id, model_id, analysis_id, genre, probability, ood_score, confidence, probabilities, windows, predicted_at, reason)
     VALUES (@trackId, '${CONTEXT_MODEL_ID}', @analysisId, @genre, @probability, @oodScore, @confidence, @probabilities, '[]', @now, @reason)
     ON CONFLICT(track_id, model_id) DO UPDATE SET analysis_id = excluded.analysis_id, genre = excluded.genre,
       probability = excluded.probability, ood_score = excluded.ood_score, confidence = excluded.confidence,
       probabilities = excluded.probabilities, predicted_at = excluded.predicted_at, reason = excluded.reason`,
  );
  const upsertCurrent = db.prepare(
    `INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar, reason)
     VALUES (@trackId, '${CONTEXT_MODEL_ID}', 'personal', @genre, @confidence, @unfamiliar, @reason)
     ON CONFLICT(track_id) DO UPDATE SET model_id = excluded.model_id, source = excluded.source, genre = excluded.genre,
       confidence = excluded.confidence, unfamiliar = excluded.unfamiliar, reason = excluded.reason`,
  );
  return db.transaction(() => {
    const before = db
      .prepare(`SELECT track_id FROM predictions WHERE model_id = '${CONTEXT_MODEL_ID}'`)
      .pluck()
      .all() as number[];
    const kept = new Set(rows.map((r) => r.trackId));
    const dropped = before.filter((id) => !kept.has(id));
    const remove = db.prepare(`DELETE FROM predictions WHERE model_id = '${CONTEXT_MODEL_ID}' AND track_id = ?`);
    for (const id of dropped) remove.run(id);
    for (const r of rows) {
      const values = {
        ...r,
        probabilities: JSON.stringify(r.probabilities),
        now,
        unfamiliar: r.oodScore !== null && r.oodScore > UNFAMILIAR_OOD ? 1 : 0,
      };
      upsertPrediction.run(values);
      upsertCurrent.run(values);
    }
    return dropped;
  })();
}

/**
 * After context predictions were dropped (the user's labels no longer name two genres), each
 * such track's current prediction goes back to the newest registered model that predicted it:
 * the next refresh re-applies the full choice between the active models.
 */
export function fallBackFromContext(db: Database, trackIds: readonly number[]): void {
  const pick = db.prepare(
    `SELECT p.model_id, m.role, p.genre, p.confidence, p.ood_score FROM predictions p JOIN models m ON m.id = p.model_id
      WHERE p.track_id = ? ORDER BY m.role = 'default' DESC, m.created_at DESC LIMIT 1`,
  );
  const upsert = db.prepare(
    `INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar, reason) VALUES (?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT(track_id) DO UPDATE SET model_id = excluded.model_id, source = excluded.source, genre = excluded.genre,
       confidence = excluded.confidence, unfamiliar = excluded.unfamiliar, reason = NULL`,
  );
  db.transaction(() => {
    for (const id of trackIds) {
      const row = pick.get(id) as
        | {
            model_id: string;
            role: 'default' | 'personal';
            genre: string;
            confidence: number;
            ood_score: number | null;
          }
        | undefined;
      if (row)
        upsert.run(
          id,
          row.model_id,
          row.role,
          row.genre,
          row.confidence,
          (row.ood_score ?? 0) > UNFAMILIAR_OOD ? 1 : 0,
        );
    }
  })();
}
