import { complement, meanAndStd, pick, stratifiedKFold } from './cross-validation.js';
import type { Learner, TrainingSet } from './learner.js';
import {
  accuracy,
  argmax,
  calibration,
  confusionMatrix,
  perClassScores,
  type Calibration,
  type ClassScores,
} from './metrics.js';
import { deriveSeed } from './random.js';
import { applyScaler, fitScaler, type Matrix } from './scaler.js';
import { applyTemperature, fitTemperature } from './temperature.js';

/**
 * Honest evaluation: every score comes from rows the model (and its scaler, and its
 * hyper-parameter choice) never saw. Hyper-parameters are chosen by an inner stratified
 * cross-validation on the training rows only (nested cross-validation).
 */

/** Raw (unstandardised) rows with class indices. */
export interface LabelledRows {
  readonly rows: Matrix;
  readonly classes: readonly number[];
  readonly classCount: number;
}

export interface EvaluationOptions {
  readonly folds: number;
  readonly innerFolds: number;
  readonly seed: number;
  /**
   * Awaited after each fitted fold: progress display, and a chance for the event loop to run
   * (Ctrl-C handlers) in between the long synchronous fits. Throw to stop.
   */
  readonly onStep?: (done: number) => void | Promise<void>;
}

export interface Selection<P> {
  readonly params: P;
  /** Inner-CV correct predictions of each grid candidate (same order as the grid). */
  readonly correct: readonly number[];
  readonly rows: number;
}

export interface Scored {
  readonly accuracy: number;
  readonly confusion: number[][];
  readonly perClass: ClassScores[];
  readonly calibration: Calibration;
}

export interface CrossValidationResult<P> extends Scored {
  readonly folds: number;
  readonly foldAccuracies: readonly number[];
  readonly mean: number;
  readonly std: number;
  readonly chosen: readonly P[];
  readonly temperatures: readonly number[];
  /** Out-of-fold probabilities for every row (column c = class c). */
  readonly probabilities: readonly (readonly number[])[];
}

export interface HoldoutResult<P> extends Scored {
  readonly chosen: P;
  readonly temperature: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly probabilities: readonly (readonly number[])[];
}

function standardised(
  data: LabelledRows,
  trainRows: readonly number[],
  testRows: readonly number[],
): { train: TrainingSet; test: number[][] } {
  const rawTrain = pick(data.rows, trainRows);
  const scaler = fitScaler(rawTrain);
  return {
    train: { rows: applyScaler(scaler, rawTrain), classes: pick(data.classes, trainRows), classCount: data.classCount },
    test: applyScaler(scaler, pick(data.rows, testRows)),
  };
}

/** Picks the candidate with the most inner-CV correct predictions (the first on ties). */
export function selectHyperParams<P>(
  learner: Learner<P>,
  data: LabelledRows,
  innerFolds: number,
  seed: number,
): Selection<P> {
  const only = learner.grid[0];
  if (learner.grid.length === 1 && only !== undefined) return { params: only, correct: [], rows: data.rows.length };
  const correct = new Array<number>(learner.grid.length).fill(0);
  for (const testRows of stratifiedKFold(data.classes, innerFolds, seed)) {
    const { train, test } = standardised(data, complement(data.rows.length, testRows), testRows);
    const truth = pick(data.classes, testRows);
    learner.predictCandidates(train, test).forEach((predicted, candidate) => {
      let hits = 0;
      predicted.forEach((p, i) => {
        if (p === truth[i]) hits++;
      });
      correct[candidate] = (correct[candidate] as number) + hits;
    });
  }
  const best = argmax(correct);
  return { params: learner.grid[best] as P, correct, rows: data.rows.length };
}

/**
 * The temperature for `learner` with `params` on these rows: fitted on out-of-fold probabilities of
 * an inner stratified cross-validation (each inner fold with its own scaler). 1 for learners
 * without temperature scaling.
 */
export function fitCalibration<P>(
  learner: Learner<P>,
  data: LabelledRows,
  params: P,
  innerFolds: number,
  seed: number,
): number {
  if (!learner.temperatureScaling) return 1;
  const probabilities: number[][] = new Array<number[]>(data.rows.length);
  for (const testRows of stratifiedKFold(data.classes, innerFolds, seed)) {
    const { train, test } = standardised(data, complement(data.rows.length, testRows), testRows);
    learner.fitPredictProbabilities(train, params, test).forEach((p, i) => {
      probabilities[testRows[i] as number] = p;
    });
  }
  return fitTemperature(probabilities, data.classes);
}

/** Tune, calibrate and fit on `trainRows`; probabilities for `testRows`. Nothing of the test rows is used. */
export function fitAndPredict<P>(
  learner: Learner<P>,
  data: LabelledRows,
  trainRows: readonly number[],
  testRows: readonly number[],
  innerFolds: number,
  seed: number,
): { params: P; temperature: number; probabilities: number[][] } {
  const inner = subset(data, trainRows);
  const { params } = selectHyperParams(learner, inner, innerFolds, seed);
  const temperature = fitCalibration(learner, inner, params, innerFolds, deriveSeed(seed, 1));
  const { train, test } = standardised(data, trainRows, testRows);
  const probabilities = learner
    .fitPredictProbabilities(train, params, test)
    .map((p) => applyTemperature(p, temperature));
  return { params, temperature, probabilities };
}

function score(truth: readonly number[], probabilities: readonly (readonly number[])[], classCount: number): Scored {
  const predicted = probabilities.map((p) => argmax(p));
  const confusion = confusionMatrix(truth, predicted, classCount);
  return {
    accuracy: accuracy(truth, predicted),
    confusion,
    perClass: perClassScores(confusion),
    calibration: calibration(truth, probabilities),
  };
}

/** Stratified k-fold with nested hyper-parameter selection; pooled out-of-fold scores. */
export async function crossValidate<P>(
  learner: Learner<P>,
  data: LabelledRows,
  options: EvaluationOptions,
): Promise<CrossValidationResult<P>> {
  const probabilities: number[][] = new Array<number[]>(data.rows.length);
  const foldAccuracies: number[] = [];
  const chosen: P[] = [];
  const temperatures: number[] = [];
  for (const [fold, testRows] of stratifiedKFold(data.classes, options.folds, options.seed).entries()) {
    const trainRows = complement(data.rows.length, testRows);
    const fitted = fitAndPredict(
      learner,
      data,
      trainRows,
      testRows,
      options.innerFolds,
      deriveSeed(options.seed, fold + 1),
    );
    testRows.forEach((row, i) => {
      probabilities[row] = fitted.probabilities[i] as number[];
    });
    foldAccuracies.push(
      accuracy(
        pick(data.classes, testRows),
        fitted.probabilities.map((p) => argmax(p)),
      ),
    );
    chosen.push(fitted.params);
    temperatures.push(fitted.temperature);
    await options.onStep?.(fold + 1);
  }
  const { mean, std } = meanAndStd(foldAccuracies);
  return {
    ...score(data.classes, probabilities, data.classCount),
    folds: options.folds,
    foldAccuracies,
    mean,
    std,
    chosen,
    temperatures,
    probabilities,
  };
}

/** Fit on `trainRows` (hyper-parameters by inner CV on them), score on `testRows`. */
export async function holdout<P>(
  learner: Learner<P>,
  data: LabelledRows,
  trainRows: readonly number[],
  testRows: readonly number[],
  options: Omit<EvaluationOptions, 'folds'>,
): Promise<HoldoutResult<P>> {
  const { params, temperature, probabilities } = fitAndPredict(
    learner,
    data,
    trainRows,
    testRows,
    options.innerFolds,
    options.seed,
  );
  await options.onStep?.(1);
  return {
    ...score(pick(data.classes, testRows), probabilities, data.classCount),
    chosen: params,
    temperature,
    trainRows: trainRows.length,
    testRows: testRows.length,
    probabilities,
  };
}

export function subset(data: LabelledRows, rows: readonly number[]): LabelledRows {
  return { rows: pick(data.rows, rows), classes: pick(data.classes, rows), classCount: data.classCount };
}
