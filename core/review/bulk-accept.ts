import type { Database } from 'better-sqlite3';
import { DECISION_JOIN, DecisionError, record } from '../decisions/decisions.js';
import { prepareReviewSql, REVIEW_REASON_SQL } from './needs-review.js';

/**
 * Bulk accept: every present track whose prediction does not need review at `threshold`
 * (needs-review.ts: confident, familiar, and not contradicted by the file's current genre tag),
 * and that the user has not decided yet, gets an `accept` decision with source `model`. A
 * confident prediction that disagrees with the user's own tag stays in the review queue for a
 * person to settle.
 */
export function acceptAbove(db: Database, threshold: number): number {
  if (!(threshold >= 0 && threshold <= 1))
    throw new DecisionError(`threshold must be between 0 and 1, got ${threshold}`);
  const decidedAt = new Date().toISOString();
  return db.transaction(() => {
    const candidates = acceptCandidates(db, threshold);
    for (const c of candidates) record(db, { ...c, action: 'accept', source: 'model', decidedAt });
    return candidates.length;
  })();
}

export interface AcceptCandidate {
  readonly trackId: number;
  readonly genre: string;
  readonly modelId: string;
  readonly confidence: number;
}

/**
 * The tracks acceptAbove(threshold) would accept, with the genre each would get: undecided ones,
 * and earlier bulk accepts whose prediction has since changed (a bulk accept that still says what
 * the model says is not accepted and logged again on every run).
 */
export function acceptCandidates(db: Database, threshold: number): AcceptCandidate[] {
  if (!(threshold >= 0 && threshold <= 1))
    throw new DecisionError(`threshold must be between 0 and 1, got ${threshold}`);
  prepareReviewSql(db);
  return db
    .prepare(
      `SELECT t.id AS trackId, p.genre, p.model_id AS modelId, p.confidence
         FROM current_predictions p
         JOIN tracks t ON t.id = p.track_id AND t.status = 'present'
         ${DECISION_JOIN}
        WHERE (d.track_id IS NULL OR (d.source = 'model' AND d.genre IS NOT p.genre))
          AND ${REVIEW_REASON_SQL} IS NULL`,
    )
    .all({ reviewThreshold: threshold }) as AcceptCandidate[];
}
