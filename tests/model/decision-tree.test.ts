import { describe, expect, it } from 'vitest';
import { gini, growTree, treeDepth, treeShares } from '../../core/model/cart.js';
import { fitTree, predictTree, treeLearner } from '../../core/model/decision-tree.js';
import { blobs, fitScaler, standardise } from './toy-data.js';

describe('Gini impurity', () => {
  it('is 1 − Σ p², hand-computed', () => {
    expect(gini([2, 2], 4)).toBeCloseTo(0.5, 15);
    expect(gini([3, 1], 4)).toBeCloseTo(0.375, 15); // 1 − (9 + 1)/16
    expect(gini([5, 0, 0], 5)).toBe(0);
    expect(gini([0, 0], 0)).toBe(0);
  });
});

describe('CART split', () => {
  // Feature 0 only half separates the classes (best cut 1.5: Gini 3/4 · 4/9 = 1/3); feature 1
  // separates them exactly between 2 and 3.
  const toy = {
    rows: [
      [1, 1],
      [3, 2],
      [2, 3],
      [4, 4],
    ],
    classes: [0, 0, 1, 1],
    classCount: 2,
  };

  it('picks the feature and midpoint threshold with the lowest weighted Gini', () => {
    const tree = growTree(toy, [0, 1, 2, 3], { featuresPerSplit: 2 });
    expect(tree.leaf).toBe(false);
    if (tree.leaf) return;
    expect(tree.feature).toBe(1);
    expect(tree.threshold).toBe(2.5);
    expect(tree.shares).toEqual([0.5, 0.5]);
    expect(tree.left).toEqual({ leaf: true, shares: [1, 0] });
    expect(tree.right).toEqual({ leaf: true, shares: [0, 1] });
  });

  it('cuts where the weighted Gini is lowest when no cut is clean', () => {
    // Feature 0 alone: classes 0 1 0 1 along it; 1.5 gives 3/4 · 4/9 = 1/3, 2.5 gives 1/2, 3.5 gives 1/3 (the first wins).
    const tree = growTree({ ...toy, rows: toy.rows.map((r) => [r[0] as number]) }, [0, 1, 2, 3], {
      featuresPerSplit: 1,
    });
    expect(tree.leaf ? undefined : tree.threshold).toBe(1.5);
  });

  it('grows to purity, and reads to a depth limit as the node shares there', () => {
    // One feature, classes 0 0 1 1 0 0 along it: needs two splits.
    const line = { rows: [[1], [2], [3], [4], [5], [6]], classes: [0, 0, 1, 1, 0, 0], classCount: 2 };
    const tree = growTree(line, [0, 1, 2, 3, 4, 5], { featuresPerSplit: 1 });
    expect(treeDepth(tree)).toBe(2);
    for (const [i, row] of line.rows.entries()) expect(treeShares(tree, row)[line.classes[i] as number]).toBe(1);
    // At depth 0 every row gets the root's shares: 4 of 6 are class 0.
    expect(treeShares(tree, [3], 0)).toEqual([4 / 6, 2 / 6]);
  });

  it('makes a leaf of a node no split improves (identical rows, mixed classes)', () => {
    const tree = growTree({ rows: [[1], [1], [1]], classes: [0, 1, 1], classCount: 2 }, [0, 1, 2], {
      featuresPerSplit: 1,
    });
    expect(tree).toEqual({ leaf: true, shares: [1 / 3, 2 / 3] });
  });

  it('refuses a random feature subset without a random generator', () => {
    expect(() => growTree(toy, [0, 1], { featuresPerSplit: 1 })).toThrow(RangeError);
  });
});

describe('decision tree learner', () => {
  const raw = blobs([0, 1, 2], 30, 4, 11);
  const scaler = fitScaler(raw.rows);
  const train = { rows: standardise(raw.rows, scaler), classes: raw.classes, classCount: 3 };
  const test = blobs([0, 1, 2], 20, 4, 12);
  const testRows = standardise(test.rows, scaler);

  it('fits its training rows exactly when unlimited', () => {
    const predicted = predictTree(fitTree(train), { maxDepth: 0 }, train.rows);
    predicted.forEach((p, i) => expect(p[train.classes[i] as number]).toBe(1));
  });

  it('scores each depth candidate from one tree as a tree fitted for it would', () => {
    const learner = treeLearner();
    const candidates = learner.predictCandidates(train, testRows);
    expect(candidates).toHaveLength(learner.grid.length);
    learner.grid.forEach((params, i) => {
      const probabilities = learner.fitPredictProbabilities(train, params, testRows);
      expect(candidates[i]).toEqual(probabilities.map((p) => p.indexOf(Math.max(...p))));
    });
    const correct = (candidates[0] ?? []).filter((p, i) => p === test.classes[i]).length;
    expect(correct / test.rows.length).toBeGreaterThan(0.8);
  });

  it('describes an unlimited depth as "none"', () => {
    expect(treeLearner().describe({ maxDepth: 0 })).toEqual({ maxDepth: 'none' });
    expect(treeLearner().describe({ maxDepth: 6 })).toEqual({ maxDepth: 6 });
  });
});
