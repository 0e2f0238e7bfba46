import type { Settings, TrackRow } from '../../shared/api/types.js';
import { genreMatchKey } from '../../shared/genre-key.js';
import { displayName } from '../library/settings.js';

/**
 * Scoring for the learning-curve simulation: how many of the tracks the user has not decided yet
 * does the library show with their true genre. "Shown" is what the app displays: a genre id
 * (ours, like "metal") through the display names ("Metal"), a personal genre as it is stored.
 * The comparison with the truth label is exact: the contract is that a user's genre name
 * is stored and shown exactly as typed, so "metal" for a user who typed "Metal" is wrong. Tracks
 * whose shown genre names the truth only by the app's genre-name rule (genreMatchKey: case, spaces
 * and punctuation aside) are counted apart (`spellingOnly`), so such a failure is visible at once.
 */

export interface UndecidedScore {
  /** Undecided tracks scored (present, in the truth, in the scored set). */
  readonly undecided: number;
  readonly right: number;
  /** Wrong only by spelling ("metal" or "METAL" shown, "Metal" typed): same genreMatchKey. */
  readonly spellingOnly: number;
  /** Scored tracks with no prediction at all (not analysed, analysis failed). */
  readonly unpredicted: number;
  /** right / undecided; 1 when nothing is left to score. */
  readonly accuracy: number;
  /**
   * Mean shown confidence of the scored tracks (unpredicted count as 0): next to `accuracy` it
   * says whether the confidence the app shows is honest. Null when nothing is left to score.
   */
  readonly meanConfidence: number | null;
  /** Per true genre: scored tracks and how many show it. */
  readonly byGenre: Readonly<Record<string, { readonly right: number; readonly total: number }>>;
}

/** The genre the app shows for a prediction: a display name for our ids, else as stored. */
export function shownGenre(predicted: string | null, displayNames: Settings['displayNames']): string | null {
  return predicted === null ? null : displayName({ displayNames }, predicted);
}

/**
 * Scores the undecided tracks among `rows` against `truth` (path → genre as the user types it).
 * `scored`, when given, limits the score to those paths (the untagged half of a tagged library).
 */
export function scoreUndecided(
  rows: readonly TrackRow[],
  truth: ReadonlyMap<string, string>,
  displayNames: Settings['displayNames'],
  scored?: ReadonlySet<string>,
): UndecidedScore {
  let undecided = 0;
  let right = 0;
  let spellingOnly = 0;
  let unpredicted = 0;
  let confidence = 0;
  const byGenre: Record<string, { right: number; total: number }> = {};
  for (const row of rows) {
    const expected = truth.get(row.path);
    if (expected === undefined || row.decision !== null || row.status === 'gone') continue;
    if (scored && !scored.has(row.path)) continue;
    undecided++;
    confidence += row.confidence ?? 0;
    const genre = (byGenre[expected] ??= { right: 0, total: 0 });
    genre.total++;
    const shown = shownGenre(row.predicted, displayNames);
    if (shown === null) unpredicted++;
    else if (shown === expected) {
      right++;
      genre.right++;
    } else if (genreMatchKey(shown) === genreMatchKey(expected)) spellingOnly++;
  }
  return {
    undecided,
    right,
    spellingOnly,
    unpredicted,
    accuracy: undecided === 0 ? 1 : right / undecided,
    meanConfidence: undecided === 0 ? null : confidence / undecided,
    byGenre,
  };
}

export interface CurvePoint extends UndecidedScore {
  readonly decisions: number;
}

export interface CurveCheckpoint {
  readonly decisions: number;
  /** The point measured after that many decisions; null when the simulation stopped before. */
  readonly point: CurvePoint | null;
}

/** The points at the given decision counts (each count once, in increasing order). */
export function checkpoints(points: readonly CurvePoint[], counts: readonly number[]): CurveCheckpoint[] {
  const unique = [...new Set(counts)].sort((a, b) => a - b);
  return unique.map((decisions) => ({ decisions, point: points.find((p) => p.decisions === decisions) ?? null }));
}

/**
 * The fewest decisions after which the accuracy reached `target` with tracks left to score; null
 * when it never did.
 */
export function decisionsToReach(points: readonly CurvePoint[], target: number): number | null {
  return points.find((p) => p.undecided > 0 && p.accuracy >= target)?.decisions ?? null;
}
