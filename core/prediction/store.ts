import type { Database } from 'better-sqlite3';
import type { PredictionSource } from '../../shared/api/types.js';
import { combineWindows, probabilitiesByGenre } from '../model/combine.js';

export interface WindowInfo {
  readonly startSec: number;
  readonly durationSec: number;
}

/** One model's verdict on one track, ready to store. */
export interface TrackVerdict {
  readonly trackId: number;
  readonly analysisId: number;
  readonly modelId: string;
  readonly genres: readonly string[];
  /** Per window, in `genres` order. */
  readonly windowProbabilities: readonly (readonly number[])[];
  readonly windows: readonly WindowInfo[];
  /** Distance from the training data (1 = the edge of what the model knows); null if unknown. */
  readonly oodScore: number | null;
}

/**
 * The pseudo-model id of the library-context model's predictions (context-store.ts,
 * learning/context-pass.ts).
 */
export const CONTEXT_MODEL_ID = 'library-context';

/** Above this OOD score a track is "unlike the training music". */
export const UNFAMILIAR_OOD = 1;

/** How fast the shown confidence falls beyond the edge: × e^(−4) per unit of OOD score past 1. */
const OOD_FALLOFF = 4;

/**
 * The confidence people see: the model's probability, tempered by how familiar the audio is. At
 * or below the edge of the training data it is the probability itself; beyond it, it falls
 * toward zero, so an unfamiliar track never looks certain whatever the classifier says. The fall
 * is steep because distances in ~50 standardised dimensions bunch together: on the default
 * model white noise scores 1.2, silence 1.4, a pure tone 1.7 (core/model/ood.ts), so each
 * 0.1 past the edge takes a third of the confidence away.
 */
export function shownConfidence(probability: number, oodScore: number | null): number {
  if (oodScore === null || oodScore <= UNFAMILIAR_OOD) return probability;
  return probability * Math.exp(-OOD_FALLOFF * (oodScore - UNFAMILIAR_OOD));
}

export function savePrediction(
  db: Database,
  verdict: TrackVerdict,
  now = new Date().toISOString(),
): { genre: string; confidence: number } {
  const track = combineWindows(verdict.genres, verdict.windowProbabilities);
  const confidence = shownConfidence(track.confidence, verdict.oodScore);
  const windows = track.windows.map((w, i) => ({
    startSec: verdict.windows[i]?.startSec ?? 0,
    durationSec: verdict.windows[i]?.durationSec ?? 0,
    genre: w.genre,
    confidence: w.confidence,
  }));
  db.prepare(
    `INSERT INTO predictions (track_id, model_id, analysis_id, genre, probability, ood_score, confidence, probabilities, windows, predicted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(track_id, model_id) DO UPDATE SET analysis_id = excluded.analysis_id, genre = excluded.genre,
       probability = excluded.probability, ood_score = excluded.ood_score, confidence = excluded.confidence,
       probabilities = excluded.probabilities, windows = excluded.windows, predicted_at = excluded.predicted_at`,
  ).run(
    verdict.trackId,
    verdict.modelId,
    verdict.analysisId,
    track.genre,
    track.confidence,
    verdict.oodScore,
    confidence,
    JSON.stringify(probabilitiesByGenre(verdict.genres, track.probabilities)),
    JSON.stringify(windows),
    now,
  );
  return { genre: track.genre, confidence };
}

interface StoredPrediction {
  model_id: string;
  genre: string;
  confidence: number;
  ood_score: number | null;
  reason: string | null;
}

/**
 * Chooses each track's current prediction: the library-context model's where it has one (it is in
 * the user's vocabulary and already weighs the models' evidence: context-store.ts), else the
 * personal model's where it is confident (at or above `personalMinConfidence`) and familiar,
 * otherwise the default model's; each labelled with its source. Only the tracks given (all when omitted) are recomputed.
 */
export function resolveCurrent(
  db: Database,
  models: { defaultId: string; personalId: string | null; personalMinConfidence: number },
  trackIds?: readonly number[],
): void {
  const select = db.prepare(
    'SELECT model_id, genre, confidence, ood_score, reason FROM predictions WHERE track_id = ? AND model_id IN (?, ?, ?)',
  );
  const upsert = db.prepare(
    `INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(track_id) DO UPDATE SET model_id = excluded.model_id, source = excluded.source, genre = excluded.genre,
       confidence = excluded.confidence, unfamiliar = excluded.unfamiliar, reason = excluded.reason`,
  );
  const remove = db.prepare('DELETE FROM current_predictions WHERE track_id = ?');
  const ids = trackIds ?? (db.prepare('SELECT DISTINCT track_id FROM predictions').pluck().all() as number[]);
  db.transaction(() => {
    for (const id of ids) {
      const rows = select.all(
        id,
        models.defaultId,
        models.personalId ?? models.defaultId,
        CONTEXT_MODEL_ID,
      ) as StoredPrediction[];
      const context = rows.find((r) => r.model_id === CONTEXT_MODEL_ID);
      const personal = models.personalId ? rows.find((r) => r.model_id === models.personalId) : undefined;
      const fallback = rows.find((r) => r.model_id === models.defaultId);
      const personalUsable =
        personal && personal.confidence >= models.personalMinConfidence && (personal.ood_score ?? 0) <= UNFAMILIAR_OOD;
      const chosen: [StoredPrediction, PredictionSource] | undefined = context
        ? [context, 'personal']
        : personalUsable
          ? [personal, 'personal']
          : fallback
            ? [fallback, 'default']
            : personal
              ? [personal, 'personal']
              : undefined;
      if (!chosen) {
        remove.run(id);
        continue;
      }
      const [p, source] = chosen;
      upsert.run(id, p.model_id, source, p.genre, p.confidence, (p.ood_score ?? 0) > UNFAMILIAR_OOD ? 1 : 0, p.reason);
    }
  })();
}
