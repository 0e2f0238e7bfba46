import { createHash } from 'node:crypto';
import { ANALYZER_VERSION } from '../../shared/features.js';
import { cardScores, type CardScores } from '../model/card.js';
import { featureSetOf } from '../model/feature-sets.js';
import type { OodReference } from '../model/ood.js';
import type { SvcHyperParams } from '../model/types.js';
import { OOD_METHOD_BY_TRACK } from './ood-reference.js';
import type { TrackCrossValidation } from './cross-validate.js';
import type { FitLimits } from './personal-fit.js';
import type { LabelSource } from './trusted-labels.js';
import type { GenreCount, PersonalTrainingSet } from './training-set.js';
import { tracksPerGenre } from './training-set.js';

/**
 * The card written beside a personal model. It has the fields the app reads from every card
 * (model-registry.ts: kind, genres, featureNames, analyzerVersion; prediction/models.ts: the
 * evaluation) in the same places as the default models' cards (model/card.ts), and says what the
 * model learned from: how many tracks of each genre, labelled by decisions or by tags.
 */

export const LEARN_PIPELINE = 'genrewise-learn/1';

export interface PersonalModelCard {
  readonly cardVersion: 1;
  readonly id: string;
  readonly kind: 'svc';
  readonly role: 'personal';
  readonly modelFile: string;
  readonly modelSha256: string;
  /** Output order: the user's own spellings, and our ids where the alias table matched. */
  readonly genres: readonly string[];
  readonly featureNames: readonly string[];
  /** The named set those features form (model/feature-sets.ts), if any. */
  readonly featureSet: string | null;
  readonly analyzerVersion: string;
  readonly createdAt: string;
  readonly trainer: {
    readonly pipeline: string;
    readonly seed: number;
    readonly folds: number;
    readonly limits: FitLimits;
  };
  readonly trainingData: {
    /** The library database the labels and features came from (file name only). */
    readonly library: string;
    /** SHA-256 over the labelled windows in training order: identifies the training data. */
    readonly sha256: string;
    readonly tracks: number;
    readonly windows: number;
    /** What the final SVC was fitted on (a balanced sample when the library is large). */
    readonly trainingTracks: number;
    readonly trainingWindows: number;
    readonly minPerGenre: number;
    /** Tracks per genre. */
    readonly perGenre: Readonly<Record<string, number>>;
    readonly labelSources: Readonly<Record<LabelSource, number>>;
    /** Labelled genres with too few tracks to learn. */
    readonly leftOut: readonly GenreCount[];
  };
  readonly hyperParameters: Readonly<Record<string, number>>;
  readonly hyperParameterSearch: {
    readonly method: string;
    readonly candidates: readonly Readonly<Record<string, number>>[];
  };
  readonly probabilities: { readonly method: string; readonly temperature: number };
  /** The ONNX file's `ood` output (ood-reference.ts). */
  readonly outOfDistribution: {
    readonly method: string;
    readonly k: number;
    readonly percentile: number;
    readonly threshold: number;
    readonly trainingRows: number;
  };
  readonly evaluation: {
    readonly note: string;
    readonly cv: CardScores & {
      readonly level: 'track';
      readonly folds: number;
      readonly meanAccuracy: number;
      readonly std: number;
      readonly foldAccuracies: readonly number[];
      readonly chosenPerFold: readonly Readonly<Record<string, number>>[];
      /** Where the app would show this model's answer: confident (≥ threshold) and familiar. */
      readonly shown: {
        readonly threshold: number;
        readonly familiar: number;
        readonly share: number;
        readonly accuracy: number | null;
      };
    };
    readonly filtered: null;
  };
}

/** Identifies the training data: genres and every window's features, in training order. */
export function trainingDataHash(set: PersonalTrainingSet): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ genres: set.genres, featureNames: set.featureNames }));
  for (const track of set.tracks) {
    hash.update(`\n${track.genre}:${track.windows.length}:`);
    for (const w of track.windows) hash.update(new Uint8Array(Float64Array.from(w).buffer));
  }
  return hash.digest('hex');
}

const round = (x: number): number => Number(x.toFixed(6));
const describe = (p: SvcHyperParams): Record<string, number> => ({ c: p.c, gamma: p.gamma });

export interface PersonalCardInput {
  readonly id: string;
  readonly modelFile: string;
  readonly modelBytes: Uint8Array;
  readonly set: PersonalTrainingSet;
  readonly library: string;
  readonly minPerGenre: number;
  readonly seed: number;
  readonly limits: FitLimits;
  readonly params: SvcHyperParams;
  readonly grid: readonly SvcHyperParams[];
  readonly ood: OodReference;
  readonly trainingTracks: number;
  readonly trainingWindows: number;
  readonly cv: TrackCrossValidation;
  readonly createdAt: string;
}

export function buildPersonalCard(input: PersonalCardInput): PersonalModelCard {
  const { set, cv } = input;
  const labelSources: Record<LabelSource, number> = { decision: 0, tag: 0 };
  for (const t of set.tracks) labelSources[t.source]++;
  return {
    cardVersion: 1,
    id: input.id,
    kind: 'svc',
    role: 'personal',
    modelFile: input.modelFile,
    modelSha256: createHash('sha256').update(input.modelBytes).digest('hex'),
    genres: [...set.genres],
    featureNames: [...set.featureNames],
    featureSet: featureSetOf(set.featureNames) ?? null,
    analyzerVersion: ANALYZER_VERSION,
    createdAt: input.createdAt,
    trainer: { pipeline: LEARN_PIPELINE, seed: input.seed, folds: cv.folds, limits: input.limits },
    trainingData: {
      library: input.library,
      sha256: trainingDataHash(set),
      tracks: set.tracks.length,
      windows: set.tracks.reduce((n, t) => n + t.windows.length, 0),
      trainingTracks: input.trainingTracks,
      trainingWindows: input.trainingWindows,
      minPerGenre: input.minPerGenre,
      perGenre: tracksPerGenre(set),
      labelSources,
      leftOut: set.leftOut,
    },
    hyperParameters: describe(input.params),
    hyperParameterSearch: {
      method:
        `grid search, most correct window predictions in a stratified ${input.limits.searchFolds}-fold cross-validation grouped by track ` +
        `on a genre-balanced sample of at most ${input.limits.maxSearchWindows} training windows (first candidate on ties)`,
      candidates: input.grid.map(describe),
    },
    probabilities: {
      method:
        'libsvm Platt scaling with pairwise coupling per window, then temperature scaling softmax(log(p)/T) with T fitted on the ' +
        'cross-validated track predictions (mean of window probabilities)',
      temperature: cv.temperature,
    },
    outOfDistribution: {
      method: OOD_METHOD_BY_TRACK,
      k: input.ood.k,
      percentile: input.ood.percentile,
      threshold: input.ood.threshold,
      trainingRows: input.ood.rows.length,
    },
    evaluation: {
      note:
        'Stratified k-fold cross-validation grouped by track (all windows of a track on the same side), scored per track as the app ' +
        'predicts (mean of the window probabilities). Each fold was tuned and fitted on the other folds only; its temperature was ' +
        "fitted on the other folds' out-of-fold predictions. shown: the held-out tracks whose answer the app would show (shown " +
        'confidence at least the review threshold, and familiar), and the accuracy on them.',
      cv: {
        ...cardScores(cv, set.genres),
        level: 'track',
        folds: cv.folds,
        meanAccuracy: round(cv.mean),
        std: round(cv.std),
        foldAccuracies: cv.foldAccuracies.map(round),
        chosenPerFold: cv.chosen.map(describe),
        shown: {
          threshold: cv.shown.threshold,
          familiar: round(cv.shown.familiar),
          share: round(cv.shown.share),
          accuracy: Number.isNaN(cv.shown.accuracy) ? null : round(cv.shown.accuracy),
        },
      },
      filtered: null,
    },
  };
}

export function serializePersonalCard(card: PersonalModelCard): string {
  return `${JSON.stringify(card, null, 2)}\n`;
}
