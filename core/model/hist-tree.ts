import type { BinnedRows } from './hist-binning.js';

/**
 * One regression tree of histogram-based gradient boosting, grown as scikit-learn's
 * HistGradientBoosting grows it: best-first (the leaf whose split gains most is split next) up to
 * `maxLeafNodes` leaves; a split sends bins ≤ b left; its gain is the second-order loss reduction
 * G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ); each child keeps at least `minSamplesLeaf` rows and
 * `minHessianToSplit` hessian; a leaf's value is −shrinkage·G/(H+λ). Histograms of gradient sums,
 * hessian sums and counts per bin are kept only for nodes with rows enough to split; the larger
 * child's is the parent's minus the smaller's when that is cheaper than counting its rows.
 */

export interface HistTreeOptions {
  readonly maxLeafNodes: number;
  readonly minSamplesLeaf: number;
  /** λ, the L2 penalty on leaf values. */
  readonly l2: number;
  readonly minHessianToSplit: number;
  /** Multiplies every leaf value: the learning rate. */
  readonly shrinkage: number;
}

export type RegressionNode =
  | { readonly leaf: true; readonly value: number }
  | {
      readonly leaf: false;
      readonly feature: number;
      readonly bin: number;
      readonly left: RegressionNode;
      readonly right: RegressionNode;
    };

interface Split {
  readonly feature: number;
  readonly bin: number;
  readonly gain: number;
}

interface Growing {
  readonly rows: Uint32Array;
  readonly g: number;
  readonly h: number;
  /** Only for nodes with rows enough to split (2 × minSamplesLeaf). */
  readonly histogram: Float64Array | undefined;
  readonly split: Split | undefined;
  children?: [Growing, Growing];
}

/** Where each feature's bins start in a histogram (3 numbers per bin: gradient, hessian, count). */
export function histogramOffsets(binCounts: readonly number[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const bins of binCounts) {
    offsets.push(at);
    at += bins * 3;
  }
  offsets.push(at);
  return offsets;
}

export function buildHistogram(
  data: BinnedRows,
  offsets: readonly number[],
  rows: Uint32Array,
  gradients: Float64Array,
  hessians: Float64Array,
): Float64Array {
  const histogram = new Float64Array(offsets[offsets.length - 1] as number);
  for (let f = 0; f < data.columns.length; f++) {
    const column = data.columns[f] as Uint8Array;
    const base = offsets[f] as number;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const at = base + (column[r] as number) * 3;
      histogram[at] = (histogram[at] as number) + (gradients[r] as number);
      histogram[at + 1] = (histogram[at + 1] as number) + (hessians[r] as number);
      histogram[at + 2] = (histogram[at + 2] as number) + 1;
    }
  }
  return histogram;
}

/** The rows whose bin is ≤ `bin`, and the others, each in their original order. */
function partition(rows: Uint32Array, column: Uint8Array, bin: number): [Uint32Array, Uint32Array] {
  let nLeft = 0;
  for (let i = 0; i < rows.length; i++) if ((column[rows[i] as number] as number) <= bin) nLeft++;
  const left = new Uint32Array(nLeft);
  const right = new Uint32Array(rows.length - nLeft);
  let l = 0;
  let r = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    if ((column[row] as number) <= bin) left[l++] = row;
    else right[r++] = row;
  }
  return [left, right];
}

function score(g: number, h: number, l2: number): number {
  return (g * g) / (h + l2);
}

/** The best split of a node from its histogram: highest gain, lowest feature then bin on ties. */
export function findSplit(
  histogram: Float64Array,
  offsets: readonly number[],
  totals: { g: number; h: number; n: number },
  options: HistTreeOptions,
): Split | undefined {
  const parent = score(totals.g, totals.h, options.l2);
  let best: Split | undefined;
  for (let feature = 0; feature < offsets.length - 1; feature++) {
    const start = offsets[feature] as number;
    const bins = ((offsets[feature + 1] as number) - start) / 3;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let bin = 0; bin < bins - 1; bin++) {
      const at = start + bin * 3;
      gl += histogram[at] as number;
      hl += histogram[at + 1] as number;
      nl += histogram[at + 2] as number;
      if (nl < options.minSamplesLeaf || hl < options.minHessianToSplit) continue;
      const hr = totals.h - hl;
      if (totals.n - nl < options.minSamplesLeaf || hr < options.minHessianToSplit) break;
      const gain = score(gl, hl, options.l2) + score(totals.g - gl, hr, options.l2) - parent;
      if (gain > 0 && (!best || gain > best.gain)) best = { feature, bin, gain };
    }
  }
  return best;
}

export function growHistTree(
  data: BinnedRows,
  gradients: Float64Array,
  hessians: Float64Array,
  options: HistTreeOptions,
): RegressionNode {
  const offsets = histogramOffsets(data.binCounts);
  const width = offsets[offsets.length - 1] as number;
  const splittable = (rows: Uint32Array): boolean => rows.length >= 2 * options.minSamplesLeaf;
  const make = (rows: Uint32Array, histogram: Float64Array | undefined): Growing => {
    let g = 0;
    let h = 0;
    for (let i = 0; i < rows.length; i++) {
      g += gradients[rows[i] as number] as number;
      h += hessians[rows[i] as number] as number;
    }
    const split = histogram ? findSplit(histogram, offsets, { g, h, n: rows.length }, options) : undefined;
    return { rows, g, h, histogram, split };
  };
  const direct = (rows: Uint32Array): Float64Array => buildHistogram(data, offsets, rows, gradients, hessians);
  /** Histograms for the children that can split; the larger by subtraction when that is cheaper. */
  const childHistograms = (parent: Float64Array, small: Uint32Array, large: Uint32Array) => {
    const smallHistogram = splittable(small) ? direct(small) : undefined;
    if (!splittable(large)) return { smallHistogram, largeHistogram: undefined };
    if (!smallHistogram || large.length * data.columns.length * 3 < width)
      return { smallHistogram, largeHistogram: direct(large) };
    const largeHistogram = new Float64Array(width);
    for (let i = 0; i < width; i++) largeHistogram[i] = (parent[i] as number) - (smallHistogram[i] as number);
    return { smallHistogram, largeHistogram };
  };
  const all = Uint32Array.from({ length: data.rows }, (_, i) => i);
  const root = make(all, splittable(all) ? direct(all) : undefined);
  const leaves: Growing[] = [root];
  while (leaves.length < options.maxLeafNodes) {
    let pick = -1;
    leaves.forEach((leaf, i) => {
      if (leaf.split && (pick < 0 || leaf.split.gain > (leaves[pick]?.split?.gain ?? 0))) pick = i;
    });
    const parent = leaves[pick];
    if (!parent?.split || !parent.histogram) break;
    const [left, right] = partition(parent.rows, data.columns[parent.split.feature] as Uint8Array, parent.split.bin);
    const leftSmaller = left.length <= right.length;
    const { smallHistogram, largeHistogram } = childHistograms(
      parent.histogram,
      leftSmaller ? left : right,
      leftSmaller ? right : left,
    );
    const children: [Growing, Growing] = leftSmaller
      ? [make(left, smallHistogram), make(right, largeHistogram)]
      : [make(left, largeHistogram), make(right, smallHistogram)];
    parent.children = children;
    leaves.splice(pick, 1, ...children);
  }
  const finish = (node: Growing): RegressionNode => {
    if (!node.children || !node.split)
      return { leaf: true, value: (-options.shrinkage * node.g) / (node.h + options.l2 + 1e-15) };
    return {
      leaf: false,
      feature: node.split.feature,
      bin: node.split.bin,
      left: finish(node.children[0]),
      right: finish(node.children[1]),
    };
  };
  return finish(root);
}

/** The tree's value for row `r` of binned rows. */
export function regressionValue(tree: RegressionNode, data: BinnedRows, r: number): number {
  let node = tree;
  while (!node.leaf)
    node = ((data.columns[node.feature] as Uint8Array)[r] as number) <= node.bin ? node.left : node.right;
  return node.value;
}
