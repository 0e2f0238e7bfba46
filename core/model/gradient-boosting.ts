import { applyBinner, fitBinner, type Binner, type BinnedRows } from './hist-binning.js';
import { growHistTree, regressionValue, type HistTreeOptions, type RegressionNode } from './hist-tree.js';
import type { Learner, TrainingSet } from './learner.js';
import { argmax } from './metrics.js';
import type { Matrix } from './scaler.js';

/**
 * Gradient-boosted trees for K classes as scikit-learn's HistGradientBoostingClassifier with its
 * defaults (learning rate 0.1, 31 leaves, 20 rows per leaf, no L2, 255 bins, no early stopping on
 * a table this small): raw scores start at the centred log class priors; every iteration computes
 * the softmax cross-entropy's gradients p − y and hessians p·(1 − p) once and fits one
 * histogram tree (hist-tree.ts) per class to them. Probabilities are the softmax of the raw scores.
 * The number of iterations is chosen by the inner cross-validation, all candidates from one fit
 * (the model after m iterations is the first m iterations of a longer fit). Written here because
 * npm has no maintained gradient-boosting library (ml-xgboost: one release, no documentation).
 */

export interface BoostingParams {
  readonly iterations: number;
  readonly learningRate: number;
}

export interface BoostedModel {
  readonly binner: Binner;
  readonly baseline: readonly number[];
  /** trees[m][c]: iteration m, class c. */
  readonly trees: readonly (readonly RegressionNode[])[];
}

export const DEFAULT_BOOSTING_GRID: readonly BoostingParams[] = [100].map((iterations) => ({
  iterations,
  learningRate: 0.1,
}));

const TREE_DEFAULTS: Omit<HistTreeOptions, 'shrinkage'> = {
  maxLeafNodes: 31,
  minSamplesLeaf: 20,
  l2: 0,
  minHessianToSplit: 1e-3,
};

/** log of each class's share of the rows, minus their mean (scikit-learn's fit_intercept_only). */
export function baselineScores(classes: readonly number[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const c of classes) counts[c] = (counts[c] as number) + 1;
  const logs = counts.map((n) => Math.log(Math.max(n, Number.MIN_VALUE) / classes.length));
  const mean = logs.reduce((a, b) => a + b, 0) / classCount;
  return logs.map((v) => v - mean);
}

/** Row-wise softmax of raw scores (rows × k, flat) into probabilities (same layout). */
function softmaxRows(raw: Float64Array, k: number): Float64Array {
  const out = new Float64Array(raw.length);
  for (let base = 0; base < raw.length; base += k) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) max = Math.max(max, raw[base + c] as number);
    let total = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((raw[base + c] as number) - max);
      out[base + c] = e;
      total += e;
    }
    for (let c = 0; c < k; c++) out[base + c] = (out[base + c] as number) / total;
  }
  return out;
}

function initialScores(baseline: readonly number[], rows: number): Float64Array {
  const k = baseline.length;
  const raw = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) raw.set(baseline, i * k);
  return raw;
}

/**
 * Boosts `iterations` rounds. `onIteration(m, raw)` sees the training rows' raw scores after
 * m + 1 rounds (the loss test reads them).
 */
export function fitBoosting(
  train: TrainingSet,
  params: BoostingParams,
  onIteration?: (iteration: number, raw: Float64Array) => void,
): BoostedModel {
  const k = train.classCount;
  const n = train.rows.length;
  const binner = fitBinner(train.rows);
  const binned = applyBinner(binner, train.rows);
  const baseline = baselineScores(train.classes, k);
  const raw = initialScores(baseline, n);
  const options: HistTreeOptions = { ...TREE_DEFAULTS, shrinkage: params.learningRate };
  const trees: RegressionNode[][] = [];
  const gradients = new Float64Array(n);
  const hessians = new Float64Array(n);
  for (let m = 0; m < params.iterations; m++) {
    const p = softmaxRows(raw, k);
    const round: RegressionNode[] = [];
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) {
        const pc = p[i * k + c] as number;
        gradients[i] = pc - (train.classes[i] === c ? 1 : 0);
        hessians[i] = pc * (1 - pc);
      }
      round.push(growHistTree(binned, gradients, hessians, options));
    }
    round.forEach((tree, c) => {
      for (let i = 0; i < n; i++) raw[i * k + c] = (raw[i * k + c] as number) + regressionValue(tree, binned, i);
    });
    trees.push(round);
    onIteration?.(m, raw);
  }
  return { binner, baseline, trees };
}

/** Probabilities of `rows` after each of the iteration counts in `stages` (each ≤ the model's). */
export function predictBoostingStaged(model: BoostedModel, rows: Matrix, stages: readonly number[]): number[][][] {
  const k = model.baseline.length;
  const binned: BinnedRows = applyBinner(model.binner, rows);
  const raw = initialScores(model.baseline, rows.length);
  const out = new Map<number, number[][]>();
  const wanted = new Set(stages);
  const snapshot = (m: number): void => {
    if (!wanted.has(m)) return;
    const p = softmaxRows(raw, k);
    out.set(
      m,
      Array.from({ length: rows.length }, (_, i) => Array.from(p.subarray(i * k, (i + 1) * k))),
    );
  };
  snapshot(0);
  model.trees.forEach((round, m) => {
    round.forEach((tree, c) => {
      for (let i = 0; i < rows.length; i++)
        raw[i * k + c] = (raw[i * k + c] as number) + regressionValue(tree, binned, i);
    });
    snapshot(m + 1);
  });
  return stages.map((m) => {
    const probabilities = out.get(m);
    if (!probabilities) throw new RangeError(`the model has ${model.trees.length} iterations, not ${m}`);
    return probabilities;
  });
}

export function predictBoosting(model: BoostedModel, rows: Matrix): number[][] {
  return predictBoostingStaged(model, rows, [model.trees.length])[0] as number[][];
}

export function boostingLearner(grid: readonly BoostingParams[] = DEFAULT_BOOSTING_GRID): Learner<BoostingParams> {
  const rate = grid[0]?.learningRate ?? 0.1;
  if (grid.some((p) => p.learningRate !== rate))
    throw new RangeError('the boosting grid varies the number of iterations only (one fit serves every candidate)');
  return {
    name: 'gradient-boosting',
    grid,
    predictCandidates: (train, test) => {
      const longest = Math.max(...grid.map((p) => p.iterations));
      const model = fitBoosting(train, { iterations: longest, learningRate: rate });
      return predictBoostingStaged(
        model,
        test,
        grid.map((p) => p.iterations),
      ).map((stage) => stage.map((p) => argmax(p)));
    },
    fitPredictProbabilities: (train, params, test) => predictBoosting(fitBoosting(train, params), test),
    temperatureScaling: false,
    describe: (p) => ({
      iterations: p.iterations,
      learningRate: p.learningRate,
      maxLeafNodes: 31,
      minSamplesLeaf: 20,
      maxBins: 255,
    }),
  };
}
