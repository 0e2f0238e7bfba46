import { describe, expect, it } from 'vitest';
import { buildKnnModel, knnLearner, nearestNeighbours, predictKnn, voteProbabilities } from '../../core/model/knn.js';

// Five standardised training rows on a line: classes a a b b c at x = 0, 1, 3, 4, 10.
const train = [[0], [1], [3], [4], [10]];
const classes = [0, 0, 1, 1, 2];

describe('nearestNeighbours', () => {
  it('orders by distance, ties by training-row order', () => {
    // x = 2: distances 2, 1, 1, 2, 8 → rows 1, 2 (tie, lower index first), then 0, 3 (tie), 4.
    const [neighbours] = nearestNeighbours(train, [[2]], 5);
    expect(neighbours?.map((n) => n.index)).toEqual([1, 2, 0, 3, 4]);
    expect(neighbours?.map((n) => n.distance)).toEqual([1, 1, 2, 2, 8]);
  });
});

describe('voteProbabilities', () => {
  const [neighbours] = nearestNeighbours(train, [[2.5]], 5); // distances 2.5 1.5 .5 1.5 7.5
  it('uniform: shares of the k votes', () => {
    // k = 3: rows 2 (b), 1 (a), 3 (b) → a 1/3, b 2/3.
    expect(voteProbabilities(neighbours ?? [], classes, 3, { k: 3, weighting: 'uniform' })).toEqual([1 / 3, 2 / 3, 0]);
  });
  it('distance: votes weighted by 1/d', () => {
    const p = voteProbabilities(neighbours ?? [], classes, 3, { k: 3, weighting: 'distance' });
    const a = 1 / 1.5;
    const b = 1 / 0.5 + 1 / 1.5;
    expect(p[0]).toBeCloseTo(a / (a + b), 15);
    expect(p[1]).toBeCloseTo(b / (a + b), 15);
    expect(p[2]).toBe(0);
  });
  it('distance: an exact match takes all the weight', () => {
    const [exact] = nearestNeighbours(train, [[3]], 3);
    expect(voteProbabilities(exact ?? [], classes, 3, { k: 3, weighting: 'distance' })).toEqual([0, 1, 0]);
  });
});

describe('KNN model', () => {
  it('predicts from raw rows through its scaler, probabilities in label order', () => {
    const model = buildKnnModel({
      labels: ['a', 'b', 'c'],
      featureNames: ['x'],
      scaler: { mean: [100], scale: [10] },
      standardisedRows: train,
      classes,
      params: { k: 1, weighting: 'uniform' },
    });
    // Raw 130 → standardised 3 → nearest row 2 (class b).
    expect(predictKnn(model, [[130], [199]])).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(() =>
      buildKnnModel({ ...model, standardisedRows: train, classes, params: { k: 6, weighting: 'uniform' } }),
    ).toThrow(RangeError);
  });

  it('learner scores every candidate from one neighbour search, same as fitting each', () => {
    const grid = [
      { k: 1, weighting: 'uniform' as const },
      { k: 3, weighting: 'uniform' as const },
      { k: 3, weighting: 'distance' as const },
    ];
    const learner = knnLearner(grid);
    const set = { rows: train, classes, classCount: 3 };
    const queries = [[0.4], [2.6], [7.5]];
    const candidates = learner.predictCandidates(set, queries);
    grid.forEach((params, i) => {
      const probabilities = learner.fitPredictProbabilities(set, params, queries);
      expect(candidates[i]).toEqual(probabilities.map((p) => p.indexOf(Math.max(...p))));
    });
    expect(candidates[0]).toEqual([0, 1, 2]);
  });
});
