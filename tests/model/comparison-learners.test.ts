import { describe, expect, it } from 'vitest';
import { minimiseLbfgs } from '../../core/model/lbfgs.js';
import { fitLogistic, logisticLearner, predictLogistic } from '../../core/model/logistic-regression.js';
import { fitForest, forestLearner, predictForest } from '../../core/model/random-forest.js';
import { seededRandom } from '../../core/model/random.js';

/** Three Gaussian-ish 3-D clusters (the third feature is noise), 30 rows each. */
function blobs(seed: number): { rows: number[][]; classes: number[] } {
  const random = seededRandom(seed);
  const centres = [
    [0, 0],
    [3, 0],
    [0, 3],
  ];
  const rows: number[][] = [];
  const classes: number[] = [];
  centres.forEach(([x, y], c) => {
    for (let i = 0; i < 30; i++) {
      rows.push([(x as number) + random() - 0.5, (y as number) + random() - 0.5, random() * 4 - 2]);
      classes.push(c);
    }
  });
  return { rows, classes };
}

describe('L-BFGS', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    // f = (x−1)² + 100·(y+2)²
    const x = minimiseLbfgs(
      (v, g) => {
        const a = (v[0] as number) - 1;
        const b = (v[1] as number) + 2;
        g[0] = 2 * a;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
      },
      new Float64Array([10, 10]),
    );
    expect(x[0]).toBeCloseTo(1, 6);
    expect(x[1]).toBeCloseTo(-2, 6);
  });
});

describe('logistic regression', () => {
  const train = { ...blobs(1), classCount: 3 };
  const test = blobs(2);

  it('separates the blobs with probabilities that sum to 1', () => {
    const model = fitLogistic(train, { c: 1 });
    const probabilities = predictLogistic(model, test.rows);
    let correct = 0;
    probabilities.forEach((p, i) => {
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      if (p.indexOf(Math.max(...p)) === test.classes[i]) correct++;
    });
    expect(correct / test.rows.length).toBeGreaterThan(0.95);
  });

  it('shrinks the weights more with a smaller C (the L2 penalty)', () => {
    const norm = (c: number): number =>
      fitLogistic(train, { c })
        .weights.flat()
        .reduce((a, w) => a + w * w, 0);
    expect(norm(0.01)).toBeLessThan(norm(1));
  });

  it('as a learner: one candidate, probabilities per class', () => {
    const learner = logisticLearner();
    expect(learner.grid).toHaveLength(1);
    expect(learner.fitPredictProbabilities(train, { c: 1 }, [[3, 0, 0]])[0]?.[1]).toBeGreaterThan(0.8);
  });
});

describe('random forest', () => {
  const train = { ...blobs(3), classCount: 3 };
  const test = blobs(4);

  it('separates the blobs, reproducibly for a seed', () => {
    const forest = fitForest(train, { trees: 25, seed: 9 });
    const probabilities = predictForest(forest, test.rows);
    const correct = probabilities.filter((p, i) => p.indexOf(Math.max(...p)) === test.classes[i]).length;
    expect(correct / test.rows.length).toBeGreaterThan(0.9);
    expect(predictForest(fitForest(train, { trees: 25, seed: 9 }), test.rows)).toEqual(probabilities);
    for (const p of probabilities) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('fits its training rows (trees grown to purity, bootstrap aside)', () => {
    const learner = forestLearner({ trees: 15, seed: 2 });
    const [predicted] = learner.predictCandidates(train, train.rows);
    const correct = (predicted ?? []).filter((p, i) => p === train.classes[i]).length;
    expect(correct / train.rows.length).toBeGreaterThan(0.97);
  });
});
