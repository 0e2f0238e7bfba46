import type { TrainingSet } from './learner.js';
import type { Random } from './random.js';

/**
 * CART classification trees as scikit-learn grows them: binary splits `x[feature] <= threshold`
 * (the midpoint between neighbouring distinct values), chosen to minimise the weighted Gini
 * impurity of the children, grown until a node is pure or no split lowers the impurity. Shared by
 * the random forest (a random subset of features per split) and the single decision tree (every
 * feature, in column order, so a tree is the same whatever depth it is later read to).
 */

export type TreeNode =
  | { readonly leaf: true; readonly shares: readonly number[] }
  | {
      readonly leaf: false;
      /** Class shares of the node's rows: the prediction when the tree is read only to this depth. */
      readonly shares: readonly number[];
      readonly feature: number;
      readonly threshold: number;
      readonly left: TreeNode;
      readonly right: TreeNode;
    };

export interface GrowOptions {
  /** Features tried at each split; the full width tries all, in column order, and needs no `random`. */
  readonly featuresPerSplit: number;
  readonly random?: Random;
}

/** Gini impurity 1 − Σ p² of class counts over `total` rows. */
export function gini(counts: readonly number[], total: number): number {
  if (total === 0) return 0;
  let s = 0;
  for (const c of counts) s += c * c;
  return 1 - s / (total * total);
}

interface Split {
  readonly feature: number;
  readonly threshold: number;
  readonly impurity: number;
}

/** The best threshold on one feature for `rows` (class counts `counts`), if it beats `best`. */
function bestOnFeature(
  train: TrainingSet,
  rows: readonly number[],
  counts: readonly number[],
  feature: number,
  best: Split | undefined,
): Split | undefined {
  const value = (r: number): number => (train.rows[r] as readonly number[])[feature] as number;
  const sorted = [...rows].sort((a, b) => value(a) - value(b));
  const left = new Array<number>(counts.length).fill(0);
  const right = [...counts];
  let found = best;
  for (let i = 0; i < sorted.length - 1; i++) {
    const c = train.classes[sorted[i] as number] as number;
    left[c] = (left[c] as number) + 1;
    right[c] = (right[c] as number) - 1;
    const here = value(sorted[i] as number);
    const next = value(sorted[i + 1] as number);
    if (here === next) continue;
    const nLeft = i + 1;
    const nRight = sorted.length - nLeft;
    const impurity = (nLeft * gini(left, nLeft) + nRight * gini(right, nRight)) / sorted.length;
    if (!found || impurity < found.impurity) found = { feature, threshold: (here + next) / 2, impurity };
  }
  return found;
}

/** Grows a tree on the training rows listed in `sample` (repeats allowed: a bootstrap). */
export function growTree(train: TrainingSet, sample: readonly number[], options: GrowOptions): TreeNode {
  const d = train.rows[0]?.length ?? 0;
  const k = train.classCount;
  const quota = Math.min(options.featuresPerSplit, d);
  const random = options.random;
  if (quota < d && !random) throw new RangeError('a random feature subset needs a random generator');
  const grow = (rows: readonly number[]): TreeNode => {
    const counts = new Array<number>(k).fill(0);
    for (const r of rows) {
      const c = train.classes[r] as number;
      counts[c] = (counts[c] as number) + 1;
    }
    const shares = counts.map((c) => c / rows.length);
    if (counts.filter((c) => c > 0).length <= 1) return { leaf: true, shares };

    let best: Split | undefined;
    // Draw features without replacement; like scikit-learn, keep drawing past the quota while no
    // valid split has been found (a feature constant on this node gives none).
    const order = Array.from({ length: d }, (_, j) => j);
    for (let tried = 0; tried < d && (tried < quota || !best); tried++) {
      if (random) {
        const pickAt = tried + Math.floor(random() * (d - tried));
        [order[tried], order[pickAt]] = [order[pickAt] as number, order[tried] as number];
      }
      best = bestOnFeature(train, rows, counts, order[tried] as number, best);
    }
    if (!best || best.impurity >= gini(counts, rows.length)) return { leaf: true, shares };
    const { feature, threshold } = best;
    const goesLeft = (r: number): boolean => ((train.rows[r] as readonly number[])[feature] as number) <= threshold;
    const left = grow(rows.filter(goesLeft));
    const right = grow(rows.filter((r) => !goesLeft(r)));
    return { leaf: false, shares, feature, threshold, left, right };
  };
  return grow(sample);
}

/** The class shares of the leaf `row` falls in, reading the tree at most `maxDepth` splits deep. */
export function treeShares(
  tree: TreeNode,
  row: readonly number[],
  maxDepth = Number.POSITIVE_INFINITY,
): readonly number[] {
  let node = tree;
  for (let depth = 0; !node.leaf && depth < maxDepth; depth++)
    node = (row[node.feature] as number) <= node.threshold ? node.left : node.right;
  return node.shares;
}

/** Splits from the root to the deepest leaf. */
export function treeDepth(tree: TreeNode): number {
  return tree.leaf ? 0 : 1 + Math.max(treeDepth(tree.left), treeDepth(tree.right));
}
