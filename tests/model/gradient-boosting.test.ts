import { describe, expect, it } from 'vitest';
import {
  baselineScores,
  boostingLearner,
  fitBoosting,
  predictBoosting,
  predictBoostingStaged,
} from '../../core/model/gradient-boosting.js';
import { applyBinner, binOf, fitBinner, percentileMidpoint } from '../../core/model/hist-binning.js';
import { growHistTree, regressionValue, type HistTreeOptions } from '../../core/model/hist-tree.js';
import { blobs, fitScaler, standardise } from './toy-data.js';

describe('histogram binning', () => {
  it('puts thresholds midway between distinct values when there are few', () => {
    const binner = fitBinner([[3], [1], [2], [2], [5]], 255);
    expect(Array.from(binner.thresholds[0] ?? [])).toEqual([1.5, 2.5, 4]);
    const binned = applyBinner(binner, [[0], [1], [1.5], [1.6], [2], [4], [4.1], [9]]);
    expect(Array.from(binned.columns[0] ?? [])).toEqual([0, 0, 0, 1, 1, 2, 3, 3]);
    expect(binned.binCounts).toEqual([4]);
  });

  it("uses NumPy's midpoint percentiles when there are more distinct values than bins", () => {
    // np.percentile(np.arange(1, 11), [25, 50, 75], method="midpoint") == [3.5, 5.5, 7.5]
    const binner = fitBinner(
      Array.from({ length: 10 }, (_, i) => [10 - i]),
      4,
    );
    expect(Array.from(binner.thresholds[0] ?? [])).toEqual([3.5, 5.5, 7.5]);
    expect(percentileMidpoint(Float64Array.from([1, 2, 3, 4]), 50)).toBe(2.5);
    expect(percentileMidpoint(Float64Array.from([1, 2, 3, 4, 5]), 50)).toBe(3);
  });

  it('finds the first bin whose threshold a value does not exceed', () => {
    const t = Float64Array.from([1, 2, 3]);
    expect([0.5, 1, 1.0001, 3, 3.5].map((v) => binOf(t, v))).toEqual([0, 0, 1, 2, 3]);
  });
});

describe('histogram tree', () => {
  const options: HistTreeOptions = {
    maxLeafNodes: 31,
    minSamplesLeaf: 1,
    l2: 0,
    minHessianToSplit: 1e-3,
    shrinkage: 1,
  };

  it('splits where the gradients change sign, leaves at −G/H (hand-computed)', () => {
    const data = applyBinner(fitBinner([[0], [1], [2], [3]], 255), [[0], [1], [2], [3]]);
    const gradients = Float64Array.from([-1, -1, 1, 1]);
    const hessians = Float64Array.from([1, 1, 1, 1]);
    // Gain of the cut after bin 1: 2²/2 + 2²/2 − 0 = 4; any other cut gains 1²/1 + 1²/3 = 4/3.
    const tree = growHistTree(data, gradients, hessians, options);
    if (tree.leaf) throw new Error('expected a split');
    expect([tree.feature, tree.bin]).toEqual([0, 1]);
    expect(tree.left.leaf && tree.left.value).toBeCloseTo(1, 12);
    expect(tree.right.leaf && tree.right.value).toBeCloseTo(-1, 12);
  });

  it('keeps minSamplesLeaf rows per leaf, shrinks leaf values, stops at maxLeafNodes', () => {
    const rows = Array.from({ length: 8 }, (_, i) => [i]);
    const data = applyBinner(fitBinner(rows, 255), rows);
    const gradients = Float64Array.from([-3, 1, 1, 1, 1, 1, 1, -3]);
    const hessians = new Float64Array(8).fill(2);
    const stump = growHistTree(data, gradients, hessians, {
      ...options,
      maxLeafNodes: 2,
      minSamplesLeaf: 3,
      shrinkage: 0.5,
    });
    if (stump.leaf) throw new Error('expected a split');
    // Cuts keeping ≥ 3 rows a side: after bins 2, 3, 4. Gains: (−1)²/6 + 1/10 = 0.2667, 0/8 + 0/8 = 0,
    // 1/10 + 1/6; the first wins. Leaves −0.5 · G/H: −0.5 · (−1/6), −0.5 · (1/10).
    expect(stump.bin).toBe(2);
    expect(stump.left.leaf && stump.left.value).toBeCloseTo(0.5 / 6, 12);
    expect(stump.right.leaf && stump.right.value).toBeCloseTo(-0.05, 12);
    expect(regressionValue(stump, data, 7)).toBeCloseTo(-0.05, 12);
    expect(regressionValue(stump, data, 0)).toBeCloseTo(0.5 / 6, 12);
  });
});

describe('gradient boosting', () => {
  const raw = blobs([0, 1, 2], 40, 4, 21);
  const scaler = fitScaler(raw.rows);
  const train = { rows: standardise(raw.rows, scaler), classes: raw.classes, classCount: 3 };
  const testRaw = blobs([0, 1, 2], 20, 4, 22);
  const test = standardise(testRaw.rows, scaler);

  it('starts from the centred log class priors', () => {
    const b = baselineScores([0, 0, 0, 1], 2);
    expect(b[0]).toBeCloseTo((Math.log(0.75) - Math.log(0.25)) / 2, 15);
    expect((b[0] as number) + (b[1] as number)).toBeCloseTo(0, 15);
  });

  it('lowers the training cross-entropy at every iteration', () => {
    const losses: number[] = [];
    fitBoosting(train, { iterations: 30, learningRate: 0.1 }, (_, scores) => {
      let loss = 0;
      train.classes.forEach((c, i) => {
        const z = [0, 1, 2].map((k) => scores[i * 3 + k] as number);
        const max = Math.max(...z);
        const logTotal = max + Math.log(z.reduce((a, v) => a + Math.exp(v - max), 0));
        loss += logTotal - (z[c] as number);
      });
      losses.push(loss / train.rows.length);
    });
    expect(losses).toHaveLength(30);
    for (let m = 1; m < losses.length; m++) expect(losses[m]).toBeLessThan(losses[m - 1] as number);
    expect(losses[29]).toBeLessThan(0.5 * Math.log(3));
  });

  it('classifies held-out blobs, with probabilities that sum to 1, reproducibly', () => {
    const model = fitBoosting(train, { iterations: 40, learningRate: 0.1 });
    const probabilities = predictBoosting(model, test);
    const correct = probabilities.filter((p, i) => p.indexOf(Math.max(...p)) === testRaw.classes[i]).length;
    expect(correct / test.length).toBeGreaterThan(0.9);
    for (const p of probabilities) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(predictBoosting(fitBoosting(train, { iterations: 40, learningRate: 0.1 }), test)).toEqual(probabilities);
  });

  it('reads the model after m iterations as the model fitted for m iterations', () => {
    const long = fitBoosting(train, { iterations: 12, learningRate: 0.1 });
    const [after5, after12] = predictBoostingStaged(long, test, [5, 12]);
    expect(after5).toEqual(predictBoosting(fitBoosting(train, { iterations: 5, learningRate: 0.1 }), test));
    expect(after12).toEqual(predictBoosting(long, test));
    expect(() => predictBoostingStaged(long, test, [13])).toThrow(RangeError);
  });

  it('as a learner: every iteration candidate from one fit', () => {
    const learner = boostingLearner([
      { iterations: 8, learningRate: 0.1 },
      { iterations: 3, learningRate: 0.1 },
    ]);
    const candidates = learner.predictCandidates(train, test);
    learner.grid.forEach((params, i) => {
      const probabilities = learner.fitPredictProbabilities(train, params, test);
      expect(candidates[i]).toEqual(probabilities.map((p) => p.indexOf(Math.max(...p))));
    });
    expect(() =>
      boostingLearner([
        { iterations: 8, learningRate: 0.1 },
        { iterations: 8, learningRate: 0.2 },
      ]),
    ).toThrow(RangeError);
  });
});
