import type { Database } from 'better-sqlite3';
import type { ReviewItem, Settings } from '../../shared/api/types.js';
import { registerTagAgreement, tagAgreement } from './tag-agreement.js';

/**
 * The review rule, written once: a current prediction needs a person's look when the model is
 * not sure (below the threshold, or the audio is unlike the music it learned from), or when it is
 * sure but the file's own genre tag names another genre. An undecided track with such a
 * prediction is in the review queue; the library table's `review` status, the overview's
 * counters and bulk accept apply this same rule, playlists and tag writes its confident half.
 *
 * It exists twice only because SQL needs it too: REVIEW_REASON_SQL for queries that filter, sort
 * or count 100,000 tracks, reviewReason for code holding a row. tests/review/needs-review.test.ts
 * checks the two agree on every combination. isConfident is the model's half alone.
 */

export type ReviewReason = ReviewItem['reason'];

/** What the rule reads of a track with a current prediction. */
export interface ReviewCandidate {
  /** Shown confidence of the current prediction, in [0, 1]. */
  readonly confidence: number;
  readonly unfamiliar: boolean;
  readonly predicted: string;
  /** The genre values in the file. */
  readonly genres: readonly string[];
}

/**
 * The model's side of the rule: the prediction is at or above `threshold` and the audio is
 * familiar. Playlists by prediction and the tag-write selection use this half alone, as their
 * commands document: they act on what the model says even where a file's tag says otherwise
 * (such a track also waits in the review queue; bulk accept leaves it to a person).
 */
export function isConfident(c: Pick<ReviewCandidate, 'confidence' | 'unfamiliar'>, threshold: number): boolean {
  return !c.unfamiliar && c.confidence >= threshold;
}

/**
 * The rule with the alias table prepared once, for code that applies it to many rows: why the
 * prediction needs review (in the queue's order of precedence), or null when it does not.
 */
export function reviewRule(
  settings: Pick<Settings, 'aliases' | 'displayNames'>,
): (c: ReviewCandidate, threshold: number) => ReviewReason | null {
  const agrees = tagAgreement(settings);
  return (c, threshold) => {
    if (c.unfamiliar) return 'unfamiliar';
    if (c.confidence < threshold) return 'low-confidence';
    if (c.genres.length > 0 && !agrees(c.genres, c.predicted)) return 'disagrees-with-tag';
    return null;
  };
}

/** Why one prediction needs review, or null when it does not. */
export function reviewReason(
  c: ReviewCandidate,
  threshold: number,
  settings: Pick<Settings, 'aliases' | 'displayNames'>,
): ReviewReason | null {
  return reviewRule(settings)(c, threshold);
}

/**
 * The same two halves in SQL, over `tracks t` joined to `current_predictions p` (the prediction
 * must exist), with the threshold bound as @reviewThreshold. Call prepareReviewSql(db) first: it
 * registers the tag-agreement function these use.
 */
export const CONFIDENT_SQL = '(p.unfamiliar = 0 AND p.confidence >= @reviewThreshold)';

export const REVIEW_REASON_SQL = `(CASE
      WHEN p.unfamiliar = 1 THEN 'unfamiliar'
      WHEN p.confidence < @reviewThreshold THEN 'low-confidence'
      WHEN t.genres <> '[]' AND gw_tag_agrees(t.genres, p.genre) = 0 THEN 'disagrees-with-tag'
    END)`;

/** Registers what REVIEW_REASON_SQL calls on this connection (with the current alias table). */
export function prepareReviewSql(db: Database): void {
  registerTagAgreement(db);
}
