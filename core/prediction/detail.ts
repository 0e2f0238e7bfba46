import type { Database } from 'better-sqlite3';
import type { TrackDetail, WindowPrediction } from '../../shared/api/types.js';
import { UNFAMILIAR_OOD } from './store.js';

export type PredictionDetail = Pick<TrackDetail, 'probabilities' | 'windows' | 'oodScore' | 'reason' | 'modelId'>;

const NONE: PredictionDetail = { probabilities: {}, windows: [], oodScore: null, reason: null, modelId: null };

/** Why the shown confidence is what it is, in words a person can act on. */
export function explainConfidence(
  probability: number,
  confidence: number,
  oodScore: number | null,
  threshold: number,
): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  if (oodScore !== null && oodScore > UNFAMILIAR_OOD) {
    return (
      `Unlike the training music: the model says ${pct(probability)}, but this track sounds unlike anything it learned from ` +
      `(${oodScore.toFixed(2)}× farther from the nearest training tracks than 99 % of the training music is), so the confidence is lowered to ${pct(confidence)}.`
    );
  }
  if (confidence < threshold)
    return `The model is unsure (${pct(confidence)}, below the ${pct(threshold)} review threshold).`;
  return `The model is confident (${pct(confidence)}).`;
}

/** The library-context model's reason for the genre ("4 tracks of this album are decided Metal"), then the confidence's. */
export function withEvidence(evidence: string | null, confidence: string): string {
  if (!evidence) return confidence;
  return `${evidence.charAt(0).toUpperCase()}${evidence.slice(1)}. ${confidence}`;
}

/** The current prediction's full detail: every genre's probability, each window, and why. */
export function predictionDetail(db: Database, trackId: number, reviewThreshold: number): PredictionDetail {
  const row = db
    .prepare(
      `SELECT p.model_id, p.probability, p.confidence, p.ood_score, p.probabilities, p.windows, p.reason
         FROM current_predictions c JOIN predictions p ON p.track_id = c.track_id AND p.model_id = c.model_id
        WHERE c.track_id = ?`,
    )
    .get(trackId) as
    | {
        model_id: string;
        probability: number;
        confidence: number;
        ood_score: number | null;
        probabilities: string;
        windows: string;
        reason: string | null;
      }
    | undefined;
  if (!row) return NONE;
  return {
    modelId: row.model_id,
    probabilities: JSON.parse(row.probabilities) as Record<string, number>,
    windows: JSON.parse(row.windows) as WindowPrediction[],
    oodScore: row.ood_score,
    reason: withEvidence(
      row.reason,
      explainConfidence(row.probability, row.confidence, row.ood_score, reviewThreshold),
    ),
  };
}
