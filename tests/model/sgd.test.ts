import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from '../../core/model/logistic-regression.js';
import { fitSgd, predictLinear, sgdGrid, sgdLearner, type SgdParams } from '../../core/model/sgd.js';
import { blobs, fitScaler, standardise } from './toy-data.js';

function standardisedBlobs(
  perClass: number,
  seed: number,
): { rows: number[][]; classes: number[]; classCount: number } {
  const raw = blobs([0, 1, 2], perClass, 3, seed);
  return { rows: standardise(raw.rows, fitScaler(raw.rows)), classes: raw.classes, classCount: 3 };
}

describe('SGD linear classifier (log loss)', () => {
  const train = standardisedBlobs(30, 5);

  it('converges to the L-BFGS logistic regression solution of the same objective (C = 1/(α·n))', () => {
    const alpha = 0.05;
    const sgd = fitSgd(train, { alpha, epochs: 400, seed: 3 });
    const exact = fitLogistic(train, { c: 1 / (alpha * train.rows.length) });
    // The optimum is unique up to adding one vector to every class's weights, which the penalty
    // pins to a zero sum over classes for the weights; intercepts are compared after centring.
    const centred = (v: readonly number[]): number[] => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return v.map((x) => x - mean);
    };
    sgd.weights.forEach((w, c) =>
      w.forEach((v, j) => expect(v).toBeCloseTo((exact.weights[c] as number[])[j] as number, 2)),
    );
    centred(sgd.intercepts).forEach((v, c) => expect(v).toBeCloseTo(centred(exact.intercepts)[c] as number, 2));
    const a = predictLinear(sgd, train.rows);
    const b = predictLogistic(exact, train.rows);
    a.forEach((p, i) => p.forEach((v, c) => expect(v).toBeCloseTo((b[i] as number[])[c] as number, 2)));
  });

  it('separates separable data completely, with probabilities that sum to 1', () => {
    const model = fitSgd(train, { alpha: 1e-4, epochs: 30, seed: 1 });
    const probabilities = predictLinear(model, train.rows);
    probabilities.forEach((p, i) => {
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      expect(p.indexOf(Math.max(...p))).toBe(train.classes[i]);
    });
  });

  it('shrinks the weights more with a larger α', () => {
    const norm = (alpha: number): number =>
      fitSgd(train, { alpha, epochs: 30, seed: 1 })
        .weights.flat()
        .reduce((s, w) => s + w * w, 0);
    expect(norm(0.1)).toBeLessThan(norm(0.001));
  });

  it('is reproducible for a seed, and the order of the rows matters only through it', () => {
    const one = fitSgd(train, { alpha: 1e-3, epochs: 5, seed: 7 });
    expect(fitSgd(train, { alpha: 1e-3, epochs: 5, seed: 7 })).toEqual(one);
    expect(fitSgd(train, { alpha: 1e-3, epochs: 5, seed: 8 })).not.toEqual(one);
  });

  it('as a learner: one prediction list per α candidate, each the argmax of that fit', () => {
    const learner = sgdLearner(sgdGrid(2, 10));
    const test = standardisedBlobs(10, 6);
    const candidates = learner.predictCandidates(train, test.rows);
    expect(candidates).toHaveLength(4);
    learner.grid.forEach((params, i) => {
      const probabilities = learner.fitPredictProbabilities(train, params, test.rows);
      expect(candidates[i]).toEqual(probabilities.map((p) => p.indexOf(Math.max(...p))));
    });
    expect(learner.describe(learner.grid[0] as SgdParams)).toEqual({ loss: 'log', alpha: 1e-4, epochs: 10, seed: 2 });
  });
});
