import type { Learner, TrainingSet } from './learner.js';
import { argmax } from './metrics.js';
import { seededRandom, shuffled } from './random.js';
import type { Matrix } from './scaler.js';

/**
 * A linear classifier trained by stochastic gradient descent on the log loss (multinomial, so it
 * has probabilities for the calibration score): minimises (1/n)·Σ cross-entropy + (α/2)·‖W‖²
 * (intercepts unpenalised), the objective of logistic-regression.ts with C = 1/(α·n), one row at a
 * time in a seeded random order each epoch. Steps η_t = η₀/(1 + α·η₀·t) with η₀ = 1/mean‖x‖²
 * (the log loss's gradient is bounded, so a large step cannot diverge), and the answer is the
 * average of the iterates after the first epoch (averaged SGD), which converges to the minimiser
 * without a tolerance test. α is chosen by the inner cross-validation. Written here because
 * scikit-learn's SGDClassifier has no npm counterpart that fits an intercept and gives
 * probabilities; hinge loss would give none, so log loss it is.
 */

export interface SgdParams {
  /** L2 penalty strength α. */
  readonly alpha: number;
  readonly epochs: number;
  readonly seed: number;
}

export interface LinearModel {
  /** weights[c][j] for class c and feature j; intercepts[c]. */
  readonly weights: number[][];
  readonly intercepts: number[];
}

export function sgdGrid(seed: number, epochs = 30): SgdParams[] {
  return [1e-4, 1e-3, 1e-2, 1e-1].map((alpha) => ({ alpha, epochs, seed }));
}

/** Softmax of the linear scores of `row` into `out` (theta: per class, d weights then the intercept). */
function softmaxInto(theta: Float64Array, row: readonly number[], k: number, out: Float64Array): void {
  const d = row.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const base = c * (d + 1);
    let z = theta[base + d] as number;
    for (let j = 0; j < d; j++) z += (theta[base + j] as number) * (row[j] as number);
    out[c] = z;
    if (z > max) max = z;
  }
  let total = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((out[c] as number) - max);
    out[c] = e;
    total += e;
  }
  for (let c = 0; c < k; c++) out[c] = (out[c] as number) / total;
}

export function fitSgd(train: TrainingSet, params: SgdParams): LinearModel {
  const n = train.rows.length;
  const d = train.rows[0]?.length ?? 0;
  const k = train.classCount;
  const width = d + 1;
  const theta = new Float64Array(k * width);
  const average = new Float64Array(k * width);
  const p = new Float64Array(k);
  const meanSquaredNorm = train.rows.reduce((a, row) => a + row.reduce((b, v) => b + v * v, 0), 0) / Math.max(n, 1);
  const eta0 = 1 / Math.max(meanSquaredNorm, 1);
  const random = seededRandom(params.seed);
  const indices = Array.from({ length: n }, (_, i) => i);
  let t = 0;
  let averaged = 0;
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    for (const i of shuffled(indices, random)) {
      const row = train.rows[i] as readonly number[];
      const truth = train.classes[i] as number;
      const eta = eta0 / (1 + params.alpha * eta0 * t);
      softmaxInto(theta, row, k, p);
      const shrink = 1 - eta * params.alpha;
      for (let c = 0; c < k; c++) {
        const base = c * width;
        const residual = eta * ((p[c] as number) - (c === truth ? 1 : 0));
        for (let j = 0; j < d; j++)
          theta[base + j] = shrink * (theta[base + j] as number) - residual * (row[j] as number);
        theta[base + d] = (theta[base + d] as number) - residual;
      }
      t++;
      if (epoch > 0 || params.epochs === 1) {
        averaged++;
        for (let m = 0; m < theta.length; m++)
          average[m] = (average[m] as number) + ((theta[m] as number) - (average[m] as number)) / averaged;
      }
    }
  }
  const weights: number[][] = [];
  const intercepts: number[] = [];
  for (let c = 0; c < k; c++) {
    weights.push(Array.from(average.subarray(c * width, c * width + d)));
    intercepts.push(average[c * width + d] as number);
  }
  return { weights, intercepts };
}

export function predictLinear(model: LinearModel, rows: Matrix): number[][] {
  const k = model.weights.length;
  const d = model.weights[0]?.length ?? 0;
  const theta = new Float64Array(k * (d + 1));
  model.weights.forEach((w, c) => {
    theta.set(w, c * (d + 1));
    theta[c * (d + 1) + d] = model.intercepts[c] as number;
  });
  const p = new Float64Array(k);
  return rows.map((row) => {
    softmaxInto(theta, row, k, p);
    return Array.from(p);
  });
}

export function sgdLearner(grid: readonly SgdParams[] = sgdGrid(1)): Learner<SgdParams> {
  return {
    name: 'sgd',
    grid,
    predictCandidates: (train, test) =>
      grid.map((params) => predictLinear(fitSgd(train, params), test).map((p) => argmax(p))),
    fitPredictProbabilities: (train, params, test) => predictLinear(fitSgd(train, params), test),
    temperatureScaling: false,
    describe: (p) => ({ loss: 'log', alpha: p.alpha, epochs: p.epochs, seed: p.seed }),
  };
}
