import type { Database } from 'better-sqlite3';
import { FEATURE_NAMES } from '../../shared/features.js';
import { argmax } from '../model/metrics.js';
import { fallBackFromContext, saveContextPredictions, type ContextPredictionRow } from '../prediction/context-store.js';
import { shownConfidence } from '../prediction/store.js';
import {
  confidenceCeiling,
  contextOodReference,
  contextOodScore,
  fitContextTemperature,
  heldOutScore,
  tempered,
  type HeldOutScore,
} from './context-calibration.js';
import { collectContextLabels, type ContextLabelSource } from './context-labels.js';
import { readContextLibrary } from './context-library.js';
import { predictContext, type ContextParams } from './context-model.js';
import { CONTEXT_PARAMS } from './context-params.js';
import { explainContext } from './context-reasons.js';
import { groupTracks } from './track-groups.js';
import { trackPoints } from './track-vectors.js';

/**
 * Re-learns the library-context model and re-predicts every analysed track with it, from stored
 * features only (pure TypeScript; a fraction of a second on a thousand tracks): the user's labels
 * (context-labels.ts) → track points, album and artist groups → the model (context-model.ts) →
 * the per-library temperature, the few-label confidence ceiling and the unfamiliarity reference
 * (context-calibration.ts) → one
 * prediction with its reason per track, stored as the track's current prediction. With labels in
 * fewer than two genres there is nothing to choose between: context predictions are dropped and
 * the models' own answers stand.
 */

export interface ContextPassOptions {
  readonly params?: ContextParams;
  /** Learn from genre tags too (default true: a tag is the user's own statement). */
  readonly fromTags?: boolean;
  readonly now?: Date;
}

export interface ContextPassResult {
  /** False when the labels name fewer than two genres (no context predictions). */
  readonly active: boolean;
  readonly genres: readonly string[];
  /** Tracks predicted. */
  readonly tracks: number;
  /** Labelled tracks among them. */
  readonly labelled: number;
  readonly temperature: number;
  /** Highest confidence shown while too few labels allow calibration (1: no cap). */
  readonly confidenceCeiling: number;
  readonly oodReference: number | null;
  /** Labelled tracks predicted right with their own label left out (context-calibration.ts heldOutScore). */
  readonly heldOut: HeldOutScore;
  readonly seconds: number;
}

export function relearnLibraryContext(db: Database, options: ContextPassOptions = {}): ContextPassResult {
  const started = performance.now();
  const params = options.params ?? CONTEXT_PARAMS;
  const library = readContextLibrary(db);
  const labelOf = new Map(collectContextLabels(db, { fromTags: options.fromTags ?? true }).map((l) => [l.trackId, l]));
  const genres = [...new Set(library.tracks.flatMap((t) => labelOf.get(t.id)?.genre ?? []))].sort((a, b) =>
    a.localeCompare(b, 'en'),
  );
  const finish = (rows: readonly ContextPredictionRow[], extra: Partial<ContextPassResult>): ContextPassResult => {
    const dropped = saveContextPredictions(db, rows, (options.now ?? new Date()).toISOString());
    fallBackFromContext(db, dropped);
    return {
      active: rows.length > 0,
      genres,
      tracks: rows.length,
      labelled: 0,
      temperature: 1,
      confidenceCeiling: 1,
      oodReference: null,
      heldOut: { right: 0, n: 0 },
      ...extra,
      seconds: (performance.now() - started) / 1000,
    };
  };
  if (genres.length < 2) return finish([], {});

  const classOf = new Map(genres.map((g, i) => [g, i]));
  const labels = Int32Array.from(library.tracks, (t) => classOf.get(labelOf.get(t.id)?.genre ?? '') ?? -1);
  const sources = library.tracks.map((t): ContextLabelSource | null => labelOf.get(t.id)?.source ?? null);
  const points = trackPoints(library.windows, FEATURE_NAMES);
  const groups = groupTracks(library.tracks);
  const predicted = predictContext({ points, labels, classCount: genres.length, groups }, params);
  const temperature = fitContextTemperature(predicted, labels);
  const ceiling = confidenceCeiling(predicted, labels);
  const reference = contextOodReference(points, groups);
  const rows = library.tracks.map((t, i): ContextPredictionRow => {
    const track = predicted[i] as (typeof predicted)[number];
    const probabilities = tempered(track.probabilities, temperature);
    const top = argmax(probabilities);
    const oodScore = contextOodScore(track, reference);
    const probability = probabilities[top] as number;
    return {
      trackId: t.id,
      analysisId: t.analysisId,
      genre: genres[top] as string,
      probability,
      confidence: shownConfidence(Math.min(probability, ceiling), oodScore),
      oodScore,
      probabilities: Object.fromEntries(genres.map((g, h) => [g, probabilities[h] as number])),
      reason: explainContext(i, track, probabilities, oodScore, { genres, labels, sources, groups }),
    };
  });
  return finish(rows, {
    labelled: labels.filter((l) => l >= 0).length,
    temperature,
    confidenceCeiling: ceiling,
    oodReference: reference,
    heldOut: heldOutScore(predicted, labels),
  });
}

/**
 * One line on what a pass learnt, for the job bar and the Settings screen: "re-learned your 3
 * genres from 40 labelled tracks (36 of 38 right, each predicted with its own label left out)
 * and re-predicted 120 in 0.05 s".
 */
export function describeContextPass(result: ContextPassResult): string {
  if (!result.active) return 'your labels name fewer than two genres: the models answer on their own';
  const { right, n } = result.heldOut;
  const heldOut =
    n > 0
      ? ` (${right} of ${n} right, ${Math.round((100 * right) / n)} %, each predicted with its own label left out)`
      : '';
  return (
    `re-learned your ${result.genres.length} genres from ${result.labelled} labelled tracks${heldOut} ` +
    `and re-predicted ${result.tracks} in ${result.seconds.toFixed(2)} s`
  );
}
