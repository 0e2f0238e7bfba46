import type { Matrix } from './scaler.js';

/** Standardised training rows with their class indices (0..classCount−1). */
export interface TrainingSet {
  readonly rows: Matrix;
  readonly classes: readonly number[];
  readonly classCount: number;
}

/**
 * A classifier family the evaluation can tune and score without knowing what it is: SVC, KNN and
 * the comparison models all implement this. Rows given to it are already standardised with a
 * scaler fitted on the training rows only.
 */
export interface Learner<P> {
  readonly name: string;
  /** Hyper-parameter candidates for the inner cross-validation; on equal scores the earlier wins. */
  readonly grid: readonly P[];
  /** For each candidate in `grid` (same order), the predicted class of each test row. */
  predictCandidates(train: TrainingSet, test: Matrix): number[][];
  /** Class probabilities of each test row (column c = class c) after fitting with `params`. */
  fitPredictProbabilities(train: TrainingSet, params: P, test: Matrix): number[][];
  /**
   * Whether its probabilities get a temperature fitted on out-of-fold predictions of the training
   * rows (see temperature.ts); costs one more inner cross-validation per fit.
   */
  readonly temperatureScaling: boolean;
  /** The hyper-parameters as they go into the model card. */
  describe(params: P): Record<string, number | string>;
}
