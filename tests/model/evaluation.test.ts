import { describe, expect, it } from 'vitest';
import { crossValidate, fitCalibration, holdout, selectHyperParams } from '../../core/model/evaluation.js';
import { knnLearner } from '../../core/model/knn.js';
import type { Learner } from '../../core/model/learner.js';
import { seededRandom } from '../../core/model/random.js';

/**
 * Leakage checks with a memoriser: 1-nearest-neighbour recalls any row it was fitted on exactly.
 * On labels drawn independently of the features, it can only beat chance on rows it has seen —
 * so chance-level scores prove that no scored row reached the fit (nor its scaler).
 */
function noise(rows: number, seed: number): { rows: number[][]; classes: number[]; classCount: number } {
  const random = seededRandom(seed);
  return {
    rows: Array.from({ length: rows }, () => [random(), random() * 100, random() - 5]),
    classes: Array.from({ length: rows }, () => Math.floor(random() * 3)),
    classCount: 3,
  };
}

describe('nested evaluation', () => {
  const data = noise(300, 11);
  const memoriser = knnLearner([{ k: 1, weighting: 'uniform' }]);

  it('scores a memoriser at chance on random labels in cross-validation (no test row in any fit)', async () => {
    const cv = await crossValidate(memoriser, data, { folds: 5, innerFolds: 3, seed: 1 });
    expect(cv.accuracy).toBeLessThan(0.5);
    expect(cv.accuracy).toBeGreaterThan(0.2);
    expect(cv.foldAccuracies).toHaveLength(5);
    expect(cv.probabilities).toHaveLength(300);
    expect(cv.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
    // …whereas scored on its own training rows it would be perfect.
    const seen = memoriser.fitPredictProbabilities(data, { k: 1, weighting: 'uniform' }, data.rows);
    expect(seen.every((p, i) => p[data.classes[i] as number] === 1)).toBe(true);
  });

  it('scores a memoriser at chance on a hold-out split too', async () => {
    const train = Array.from({ length: 200 }, (_, i) => i);
    const test = Array.from({ length: 100 }, (_, i) => 200 + i);
    const result = await holdout(memoriser, data, train, test, { innerFolds: 3, seed: 2 });
    expect(result.accuracy).toBeLessThan(0.5);
    expect(result.testRows).toBe(100);
  });

  it('chooses hyper-parameters only from inner folds of the rows it is given', () => {
    const grid = [
      { k: 1, weighting: 'uniform' as const },
      { k: 15, weighting: 'uniform' as const },
    ];
    // Two heavily overlapping classes on one axis: 1-NN chases the noise, 15-NN averages it out.
    const random = seededRandom(5);
    const rows: number[][] = [];
    const classes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const c = i % 2;
      rows.push([c + (random() + random() + random() - 1.5) * 1.5]);
      classes.push(c);
    }
    const selection = selectHyperParams(knnLearner(grid), { rows, classes, classCount: 2 }, 4, 3);
    expect(selection.correct).toHaveLength(2);
    expect(selection.params).toEqual(grid[1]);
    expect(selection.correct[1]).toBeGreaterThan(selection.correct[0] as number);
  });

  it('is deterministic for a seed', async () => {
    const a = await crossValidate(memoriser, data, { folds: 4, innerFolds: 3, seed: 9 });
    const b = await crossValidate(memoriser, data, { folds: 4, innerFolds: 3, seed: 9 });
    expect(b.probabilities).toEqual(a.probabilities);
    expect(b.foldAccuracies).toEqual(a.foldAccuracies);
  });

  it('fits no temperature for learners without temperature scaling, and a positive one otherwise', () => {
    expect(fitCalibration(memoriser, data, { k: 1, weighting: 'uniform' }, 3, 1)).toBe(1);
    const flattened: Learner<null> = {
      name: 'flat',
      grid: [null],
      // Always right, but only 40 % sure: temperature scaling must sharpen (T < 1).
      predictCandidates: (train, test) => [test.map((row) => ((row[0] as number) > 0 ? 1 : 0))],
      fitPredictProbabilities: (_train, _params, test) =>
        test.map((row) => ((row[0] as number) > 0 ? [0.3, 0.4, 0.3] : [0.4, 0.3, 0.3])),
      temperatureScaling: true,
      describe: () => ({}),
    };
    const rows = Array.from({ length: 60 }, (_, i) => [i % 2 === 0 ? -1 : 1]);
    const classes = rows.map((r) => ((r[0] as number) > 0 ? 1 : 0));
    const t = fitCalibration(flattened, { rows, classes, classCount: 3 }, null, 3, 1);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
  });
});
