import { growTree, treeShares, type TreeNode } from './cart.js';
import type { Learner, TrainingSet } from './learner.js';
import { argmax } from './metrics.js';
import type { Matrix } from './scaler.js';

/**
 * A single CART decision tree (cart.ts: Gini impurity, every feature tried at every split), as
 * scikit-learn's DecisionTreeClassifier, with its maximum depth chosen by the inner
 * cross-validation. A greedy tree's splits do not depend on the depth limit, so one fully grown
 * tree serves every candidate: it is read only to the candidate's depth. Probabilities are the
 * class shares of the leaf. Written here because the npm candidate (ml-cart 2.1) scans every
 * threshold of every feature with a full pass over the node's rows (quadratic per node) and
 * predicts only a class, not probabilities.
 */

export interface TreeParams {
  /** Splits from the root to the deepest leaf; 0 = no limit (grown to purity). */
  readonly maxDepth: number;
}

/** No limit (scikit-learn's default) first, then shallower trees. */
export const DEFAULT_TREE_GRID: readonly TreeParams[] = [0, 4, 6, 8, 10, 12].map((maxDepth) => ({ maxDepth }));

export function fitTree(train: TrainingSet): TreeNode {
  const d = train.rows[0]?.length ?? 0;
  return growTree(
    train,
    train.rows.map((_, i) => i),
    { featuresPerSplit: d },
  );
}

export function predictTree(tree: TreeNode, params: TreeParams, rows: Matrix): number[][] {
  const depth = params.maxDepth === 0 ? Number.POSITIVE_INFINITY : params.maxDepth;
  return rows.map((row) => [...treeShares(tree, row, depth)]);
}

export function treeLearner(grid: readonly TreeParams[] = DEFAULT_TREE_GRID): Learner<TreeParams> {
  return {
    name: 'decision-tree',
    grid,
    predictCandidates: (train, test) => {
      const tree = fitTree(train);
      return grid.map((p) => predictTree(tree, p, test).map((probabilities) => argmax(probabilities)));
    },
    fitPredictProbabilities: (train, p, test) => predictTree(fitTree(train), p, test),
    temperatureScaling: false,
    describe: (p) => ({ maxDepth: p.maxDepth === 0 ? 'none' : p.maxDepth }),
  };
}
