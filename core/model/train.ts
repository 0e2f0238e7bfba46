import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatasetError, loadFeatureTable, loadSplit, type FeatureTable, type Split } from './dataset.js';
import {
  crossValidate,
  fitCalibration,
  holdout,
  selectHyperParams,
  type CrossValidationResult,
  type HoldoutResult,
  type LabelledRows,
} from './evaluation.js';
import { treeLearner } from './decision-tree.js';
import { boostingLearner } from './gradient-boosting.js';
import { buildKnnModel, knnGrid, knnLearner } from './knn.js';
import type { Learner } from './learner.js';
import { getLibsvm } from './libsvm.js';
import { logisticLearner } from './logistic-regression.js';
import { buildOodReference } from './ood.js';
import { forestLearner } from './random-forest.js';
import { deriveSeed } from './random.js';
import { applyScaler, fitScaler, type Matrix } from './scaler.js';
import { sgdGrid, sgdLearner } from './sgd.js';
import { applyTemperature } from './temperature.js';
import { svcGrid, svcLearner, trainSvcModel } from './svc.js';
import type { KnnHyperParams, KnnModel, SvcHyperParams, SvcModel } from './types.js';

/**
 * The whole training pipeline: read the table, evaluate each model family honestly (nested
 * stratified k-fold; the artist-filtered split when given), then fit the shipped models on every
 * row with hyper-parameters chosen by cross-validation on those rows. Generic over the label set
 * and the feature columns, so personal models can reuse it.
 */

export interface EvaluateOptions {
  readonly folds?: number;
  readonly innerFolds?: number;
  readonly seed?: number;
  /**
   * Also evaluate the comparison models (logistic regression, an SGD-trained linear model, a
   * random forest, a decision tree, gradient-boosted trees) the same way.
   */
  readonly compare?: boolean;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface TrainOptions extends EvaluateOptions {
  readonly datasetPath: string;
  /** Folder with train/validation/test lists; when absent, no filtered-split evaluation. */
  readonly splitsDir?: string;
  /** Feature columns to use (default: the 57 GTZAN features). */
  readonly featureNames?: readonly string[];
}

export interface FamilyEvaluation<P> {
  readonly cv: CrossValidationResult<P>;
  readonly filtered?: HoldoutResult<P>;
}

export interface TrainedFamily<M, P> {
  readonly model: M;
  /** Chosen on all rows by inner cross-validation. */
  readonly params: P;
  /** The candidates the inner cross-validation chose from. */
  readonly grid: readonly P[];
  readonly selectionScores: readonly number[];
  readonly evaluation: FamilyEvaluation<P>;
}

export interface TrainingResult {
  readonly table: FeatureTable;
  readonly split?: Split;
  /** Class names, index = class index used in every evaluation matrix. */
  readonly classNames: readonly string[];
  readonly options: Required<Pick<EvaluateOptions, 'folds' | 'innerFolds' | 'seed'>>;
  readonly svc: TrainedFamily<SvcModel, SvcHyperParams> & { readonly temperature: number };
  readonly knn: TrainedFamily<KnnModel, KnnHyperParams>;
  /** With `compare`: each comparison model by its name (see COMPARISON_MODELS), in that order. */
  readonly compare?: Readonly<Record<string, ComparedModel>>;
}

/** A comparison model: evaluated as the shipped ones are, and fitted on every row on request. */
export interface ComparedModel extends FamilyEvaluation<unknown> {
  /** Chosen on every row by inner cross-validation, as the card states hyper-parameters. */
  readonly params: Record<string, number | string>;
  /**
   * Fits the final model (every row, `params`, a scaler fitted on every row) and returns the class
   * probabilities of raw `rows` (the table's feature columns). Fits anew on each call: pass all
   * rows at once.
   */
  readonly predict: (rows: Matrix) => number[][];
}

/** The comparison models' names, in the order they are evaluated and reported. */
export const COMPARISON_MODELS = ['logistic', 'sgd', 'random-forest', 'decision-tree', 'gradient-boosting'] as const;

function comparisonLearners(seed: number): Learner<unknown>[] {
  return [
    logisticLearner(),
    sgdLearner(sgdGrid(seed)),
    forestLearner({ trees: 200, seed }),
    treeLearner(),
    boostingLearner(),
  ] as Learner<unknown>[];
}

export class TrainingAbortedError extends Error {
  override name = 'TrainingAbortedError';
}

export const DEFAULT_SEED = 1;
export const DEFAULT_FOLDS = 10;
export const DEFAULT_INNER_FOLDS = 5;

/** `<dataset dir>/splits/filtered` when it exists: where the GTZAN data keeps the artist-filtered split. */
export function defaultSplitsDir(datasetPath: string): string | undefined {
  const dir = join(dirname(datasetPath), 'splits', 'filtered');
  return existsSync(join(dir, 'test.csv')) ? dir : undefined;
}

/** Class names in order of first appearance: the order libsvm keeps, and the model output order. */
export function classNamesOf(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}

/** Reads the feature table (and split lists) from files, then trains. */
export async function trainModels(options: TrainOptions): Promise<TrainingResult> {
  const table = await loadFeatureTable(
    options.datasetPath,
    options.featureNames ? { featureNames: options.featureNames } : {},
  );
  const split = options.splitsDir ? await loadSplit(options.splitsDir, table) : undefined;
  return trainOnTable(table, split, options);
}

/**
 * Evaluates and trains both model families on a table in memory (from a CSV, or built from stored
 * features and trusted labels). `split` adds the hold-out evaluation.
 */
export async function trainOnTable(
  table: FeatureTable,
  split: Split | undefined,
  options: EvaluateOptions = {},
): Promise<TrainingResult> {
  const folds = options.folds ?? DEFAULT_FOLDS;
  const innerFolds = options.innerFolds ?? DEFAULT_INNER_FOLDS;
  const seed = options.seed ?? DEFAULT_SEED;
  const classNames = classNamesOf(table.labels);
  if (classNames.length < 2)
    throw new DatasetError(`training needs at least 2 genres, the table has ${classNames.length}`);
  if (table.rows.length < folds)
    throw new DatasetError(`${table.rows.length} rows are too few for ${folds}-fold cross-validation`);
  const data: LabelledRows = {
    rows: table.rows,
    classes: table.labels.map((l) => classNames.indexOf(l)),
    classCount: classNames.length,
  };
  const libsvm = await getLibsvm();
  const svc = svcLearner(libsvm, svcGrid(table.featureNames.length));
  const knn = knnLearner(knnGrid());

  const comparison = options.compare ? comparisonLearners(seed) : [];
  const families = [svc, knn, ...comparison].length;
  const stepsPerFamily = folds + (split ? 1 : 0);
  const total = families * stepsPerFamily + 2 + comparison.length;
  let done = 0;
  const step = (stage: string) => async (): Promise<void> => {
    done++;
    options.onProgress?.(stage, done, total);
    // The fits are synchronous: let signal handlers run between them.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new TrainingAbortedError('training stopped');
  };

  const evaluate = async <P>(learner: Learner<P>): Promise<FamilyEvaluation<P>> => {
    const onStep = step(`${learner.name}: evaluating`);
    const cv = await crossValidate(learner, data, { folds, innerFolds, seed, onStep });
    const filtered = split
      ? await holdout(
          learner,
          data,
          [...split.train, ...split.validation].sort((a, b) => a - b),
          split.test,
          {
            innerFolds,
            seed: deriveSeed(seed, 2000),
            onStep,
          },
        )
      : undefined;
    return filtered ? { cv, filtered } : { cv };
  };

  const featureNames = table.featureNames;
  const scaler = fitScaler(data.rows);
  const standardisedAll = { rows: applyScaler(scaler, data.rows), classes: data.classes, classCount: data.classCount };
  const finalSeed = deriveSeed(seed, 1000);
  // Both shipped models are fitted on these rows: one reference serves both (onnx/ood-graph.ts).
  const ood = buildOodReference(standardisedAll.rows);

  const svcEvaluation = await evaluate(svc);
  const svcChoice = selectHyperParams(svc, data, innerFolds, finalSeed);
  const temperature = fitCalibration(svc, data, svcChoice.params, innerFolds, deriveSeed(finalSeed, 1));
  const svcModel: SvcModel = {
    ...trainSvcModel(libsvm, {
      classNames,
      featureNames,
      scaler,
      train: standardisedAll,
      params: svcChoice.params,
      temperature,
    }),
    ood,
  };
  await step('svc: final model')();

  const knnEvaluation = await evaluate(knn);
  const knnChoice = selectHyperParams(knn, data, innerFolds, finalSeed);
  const knnModel: KnnModel = {
    ...buildKnnModel({
      labels: classNames,
      featureNames,
      scaler,
      standardisedRows: standardisedAll.rows,
      classes: data.classes,
      params: knnChoice.params,
    }),
    ood,
  };
  await step('knn: final model')();

  let compare: TrainingResult['compare'];
  if (comparison.length > 0) {
    const entries: [string, ComparedModel][] = [];
    for (const learner of comparison) {
      const evaluation = await evaluate(learner);
      const { params } = selectHyperParams(learner, data, innerFolds, finalSeed);
      const temperature = fitCalibration(learner, data, params, innerFolds, deriveSeed(finalSeed, 1));
      const predict = (rows: Matrix): number[][] =>
        learner
          .fitPredictProbabilities(standardisedAll, params, applyScaler(scaler, rows))
          .map((p) => applyTemperature(p, temperature));
      entries.push([learner.name, { ...evaluation, params: learner.describe(params), predict }]);
      await step(`${learner.name}: final model`)();
    }
    compare = Object.fromEntries(entries);
  }

  return {
    table,
    ...(split ? { split } : {}),
    classNames,
    options: { folds, innerFolds, seed },
    svc: {
      model: svcModel,
      params: svcChoice.params,
      grid: svc.grid,
      selectionScores: svcChoice.correct,
      evaluation: svcEvaluation,
      temperature,
    },
    knn: {
      model: knnModel,
      params: knnChoice.params,
      grid: knn.grid,
      selectionScores: knnChoice.correct,
      evaluation: knnEvaluation,
    },
    ...(compare ? { compare } : {}),
  };
}
