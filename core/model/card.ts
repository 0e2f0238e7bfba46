import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { ANALYZER_VERSION } from '../../shared/features.js';
import type { CrossValidationResult, HoldoutResult, Scored } from './evaluation.js';
import type { Calibration, ClassScores } from './metrics.js';
import type { OodReference } from './ood.js';
import type { TrainingResult } from './train.js';

/**
 * The model card: everything needed to use a model correctly (genres in output order, feature
 * names in input order, the analyzer version the features must come from) and to judge it (the
 * honest evaluation, the training data's hash, the hyper-parameters). Written beside each ONNX file.
 */

/** Identifies this training pipeline in the card; bump when its results can change. */
export const TRAINING_PIPELINE = 'genrewise-train/1';

/**
 * Creation time when SOURCE_DATE_EPOCH is not set: the date of the TRAINING_PIPELINE version.
 * A wall-clock time would make every regeneration differ; the reproducible-builds convention
 * (SOURCE_DATE_EPOCH, seconds since 1970) overrides it.
 */
export const PIPELINE_DATE = '2026-11-21T00:00:00.000Z';

export class CardError extends Error {
  override name = 'CardError';
}

export function resolveCreatedAt(env: NodeJS.ProcessEnv): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return PIPELINE_DATE;
  if (!/^\d+$/.test(epoch))
    throw new CardError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000).toISOString();
}

export interface GenreScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface CardScores {
  readonly accuracy: number;
  /** Per genre, in `genres` order. */
  readonly perGenre: Readonly<Record<string, GenreScores>>;
  /** Rows: true genre, columns: predicted genre, both in `genres` order. */
  readonly confusion: readonly (readonly number[])[];
  /** Expected calibration error of the top-class confidence, 10 equal-width bins. */
  readonly ece: number;
  readonly calibrationBins: readonly {
    readonly upper: number;
    readonly count: number;
    readonly confidence: number;
    readonly accuracy: number;
  }[];
}

/** How the model did on real recordings (genrewise train --realworld; core/evaluation). */
export interface RealWorldScores {
  /** The set's name (its folder) and size. */
  readonly set: string;
  readonly n: number;
  readonly accuracy: number;
  /** Mean per-genre recall over the genres in the set. */
  readonly balancedAccuracy: number;
  readonly perGenre: Readonly<Record<string, { readonly recall: number; readonly support: number }>>;
  /** Wrong answers with confidence ≥ 0.8, as a share of the set. */
  readonly confidentlyWrongRate: number;
  /** Share of the set scored beyond the edge of the training data (OOD > 1). */
  readonly unfamiliarRate: number | null;
}

/** One model of the comparison (`genrewise train --compare`), scored as the card's own evaluation. */
export interface ComparisonEntry {
  /** Mean ± population sd of the fold accuracies of the stratified k-fold. */
  readonly cv: { readonly folds: number; readonly accuracy: number; readonly std: number };
  readonly filtered: { readonly accuracy: number } | null;
  /** Of the pooled out-of-fold probabilities of the k-fold. */
  readonly ece: number;
  /** The model fitted on every row, on the real-recording set; null without one. */
  readonly realWorld: { readonly n: number; readonly accuracy: number } | null;
  /** Hyper-parameters of the model fitted on every row (chosen by inner cross-validation). */
  readonly params: Readonly<Record<string, number | string>>;
}

/** Every classifier the seed project compared, on this card's features and protocol. */
export interface ComparisonCard {
  readonly note: string;
  /** By name: svc, knn, logistic, sgd, random-forest, decision-tree, gradient-boosting. */
  readonly models: Readonly<Record<string, ComparisonEntry>>;
}

export interface OutOfDistributionCard {
  readonly method: string;
  readonly k: number;
  readonly percentile: number;
  readonly threshold: number;
  readonly trainingRows: number;
}

export interface ModelCard {
  readonly cardVersion: 1;
  readonly id: string;
  readonly kind: 'svc' | 'knn';
  readonly modelFile: string;
  readonly modelSha256: string;
  /** Output order of the model's probabilities. */
  readonly genres: readonly string[];
  /** Input order of the model's features. */
  readonly featureNames: readonly string[];
  /** The named feature set (core/model/feature-sets.ts) `featureNames` is, when it is one. */
  readonly featureSet?: string;
  readonly analyzerVersion: string;
  readonly createdAt: string;
  readonly trainer: {
    readonly pipeline: string;
    readonly seed: number;
    readonly folds: number;
    readonly innerFolds: number;
  };
  readonly trainingData: {
    readonly file: string;
    readonly sha256: string;
    readonly rows: number;
    readonly perGenre: Readonly<Record<string, number>>;
  };
  readonly hyperParameters: Readonly<Record<string, number | string>>;
  readonly hyperParameterSearch: {
    readonly method: string;
    readonly candidates: readonly Readonly<Record<string, number | string>>[];
  };
  readonly probabilities: { readonly method: string; readonly temperature?: number };
  /** Present when the ONNX file has the `ood` output (core/model/ood.ts). */
  readonly outOfDistribution?: OutOfDistributionCard;
  readonly evaluation: {
    readonly note: string;
    readonly cv: CardScores & {
      readonly folds: number;
      /** Mean of the per-fold accuracies, and their population standard deviation. */
      readonly meanAccuracy: number;
      readonly std: number;
      readonly foldAccuracies: readonly number[];
      readonly chosenPerFold: readonly Readonly<Record<string, number | string>>[];
    };
    readonly filtered:
      | (CardScores & {
          readonly split: string;
          readonly splitSha256: string;
          readonly trainRows: number;
          readonly testRows: number;
          readonly chosen: Readonly<Record<string, number | string>>;
        })
      | null;
    /** Present when training was given a real-recording set. */
    readonly realWorld?: RealWorldScores;
  };
  /** Present on the default model's card when trained with --compare. */
  readonly comparison?: ComparisonCard;
}

/** Metrics keep 6 decimals in the card: enough to compare, short enough to read. */
function round(value: number): number {
  return Number(value.toFixed(6));
}

/** A Scored evaluation in the card's shape (also used by personal models' cards, core/learning). */
export function cardScores(scored: Scored, genres: readonly string[]): CardScores {
  return {
    accuracy: round(scored.accuracy),
    perGenre: Object.fromEntries(genres.map((genre, c) => [genre, genreScores(scored.perClass[c])])),
    confusion: scored.confusion.map((row) => [...row]),
    ece: round(scored.calibration.ece),
    calibrationBins: binsOf(scored.calibration),
  };
}

function genreScores(scores: ClassScores | undefined): GenreScores {
  if (!scores) return { precision: 0, recall: 0, f1: 0, support: 0 };
  return {
    precision: round(scores.precision),
    recall: round(scores.recall),
    f1: round(scores.f1),
    support: scores.support,
  };
}

function binsOf(calibration: Calibration): CardScores['calibrationBins'] {
  return calibration.bins.map((b) => ({
    upper: round(b.upper),
    count: b.count,
    confidence: round(b.confidence),
    accuracy: round(b.accuracy),
  }));
}

export interface CardInput<P> {
  readonly id: string;
  readonly kind: 'svc' | 'knn';
  readonly modelFile: string;
  readonly modelBytes: Uint8Array;
  readonly genres: readonly string[];
  readonly featureNames: readonly string[];
  readonly params: P;
  readonly grid: readonly P[];
  readonly describe: (params: P) => Record<string, number | string>;
  readonly probabilities: ModelCard['probabilities'];
  readonly cv: CrossValidationResult<P>;
  readonly filtered?: HoldoutResult<P>;
  readonly training: Pick<TrainingResult, 'table' | 'split' | 'classNames' | 'options'>;
  readonly datasetPath: string;
  readonly splitsName?: string;
  readonly createdAt: string;
  readonly featureSet?: string;
  readonly ood?: OodReference;
  readonly realWorld?: RealWorldScores;
  readonly comparison?: ComparisonCard;
}

export const OOD_METHOD =
  'mean Euclidean distance to the k nearest training rows in the standardised feature space, divided by the given percentile of the same statistic computed leave-one-out on the training rows; a track scores the median of its windows';

function oodCard(reference: OodReference): OutOfDistributionCard {
  return {
    method: OOD_METHOD,
    k: reference.k,
    percentile: reference.percentile,
    threshold: reference.threshold,
    trainingRows: reference.rows.length,
  };
}

/** The real-recording scores as the card keeps them (6 decimals). */
export function realWorldCard(
  set: string,
  scores: {
    n: number;
    accuracy: number;
    balancedAccuracy: number;
    perGenre: Readonly<Record<string, { recall: number; support: number }>>;
    confidentlyWrong: { rate: number };
    unfamiliar: { rate: number } | null;
  },
): RealWorldScores {
  return {
    set,
    n: scores.n,
    accuracy: round(scores.accuracy),
    balancedAccuracy: round(scores.balancedAccuracy),
    perGenre: Object.fromEntries(
      Object.entries(scores.perGenre).map(([g, s]) => [g, { recall: round(s.recall), support: s.support }]),
    ),
    confidentlyWrongRate: round(scores.confidentlyWrong.rate),
    unfamiliarRate: scores.unfamiliar ? round(scores.unfamiliar.rate) : null,
  };
}

export function buildCard<P>(input: CardInput<P>): ModelCard {
  const { training } = input;
  // Evaluation matrices are indexed by class index (first appearance in the table); the card
  // states them in the model's output order.
  const evaluationGenres = training.classNames;
  if (evaluationGenres.join('\n') !== input.genres.join('\n')) {
    throw new CardError(
      `model output order (${input.genres.join(', ')}) differs from the evaluation's (${evaluationGenres.join(', ')})`,
    );
  }
  const perGenre = Object.fromEntries(
    input.genres.map((g) => [g, training.table.labels.filter((l) => l === g).length]),
  );
  const filtered = input.filtered;
  return {
    cardVersion: 1,
    id: input.id,
    kind: input.kind,
    modelFile: input.modelFile,
    modelSha256: createHash('sha256').update(input.modelBytes).digest('hex'),
    genres: [...input.genres],
    featureNames: [...input.featureNames],
    ...(input.featureSet !== undefined ? { featureSet: input.featureSet } : {}),
    analyzerVersion: ANALYZER_VERSION,
    createdAt: input.createdAt,
    trainer: {
      pipeline: TRAINING_PIPELINE,
      seed: training.options.seed,
      folds: training.options.folds,
      innerFolds: training.options.innerFolds,
    },
    trainingData: {
      file: basename(input.datasetPath),
      sha256: training.table.sha256,
      rows: training.table.rows.length,
      perGenre,
    },
    hyperParameters: input.describe(input.params),
    hyperParameterSearch: {
      method: `grid search, most correct predictions in stratified ${training.options.innerFolds}-fold cross-validation on the training rows (first candidate on ties)`,
      candidates: input.grid.map((p) => input.describe(p)),
    },
    probabilities: input.probabilities,
    ...(input.ood ? { outOfDistribution: oodCard(input.ood) } : {}),
    evaluation: {
      note:
        'Every score is on rows the scored model was not fitted on; hyper-parameters and the probability temperature were chosen inside the training rows (nested cross-validation). ' +
        'cv: pooled out-of-fold predictions of the stratified k-fold; filtered: fitted on train+validation of the artist-filtered split, scored on its test rows.',
      cv: {
        ...cardScores(input.cv, input.genres),
        folds: input.cv.folds,
        meanAccuracy: round(input.cv.mean),
        std: round(input.cv.std),
        foldAccuracies: input.cv.foldAccuracies.map(round),
        chosenPerFold: input.cv.chosen.map((p) => input.describe(p)),
      },
      filtered:
        filtered && training.split
          ? {
              ...cardScores(filtered, input.genres),
              split: input.splitsName ?? 'filtered',
              splitSha256: training.split.sha256,
              trainRows: filtered.trainRows,
              testRows: filtered.testRows,
              chosen: input.describe(filtered.chosen),
            }
          : null,
      ...(input.realWorld ? { realWorld: input.realWorld } : {}),
    },
    ...(input.comparison ? { comparison: input.comparison } : {}),
  };
}

/** A comparison entry as the card keeps it (6 decimals). */
export function comparisonEntry(
  scores: {
    readonly cv: { readonly folds: number; readonly mean: number; readonly std: number; readonly ece: number };
    readonly filtered: number | null;
    readonly realWorld: { readonly n: number; readonly accuracy: number } | null;
  },
  params: Readonly<Record<string, number | string>>,
): ComparisonEntry {
  return {
    cv: { folds: scores.cv.folds, accuracy: round(scores.cv.mean), std: round(scores.cv.std) },
    filtered: scores.filtered === null ? null : { accuracy: round(scores.filtered) },
    ece: round(scores.cv.ece),
    realWorld: scores.realWorld ? { n: scores.realWorld.n, accuracy: round(scores.realWorld.accuracy) } : null,
    params: { ...params },
  };
}

/** The card as written to disk: stable key order (as built), 2-space indent, final newline. */
export function serializeCard(card: ModelCard): string {
  return `${JSON.stringify(card, null, 2)}\n`;
}
