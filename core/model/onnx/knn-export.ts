import type { KnnModel } from '../types.js';
import { GraphBuilder, attr } from './builder.js';
import { OnnxExportError, checkHead, finishClassifier } from './classifier-graph.js';
import { FEATURES_INPUT } from './names.js';
import { appendOodFromSquaredDistances, appendOodOutput } from './ood-graph.js';
import type { OodReference } from '../ood.js';

/**
 * KNN → ONNX with standard operators only, computed in double precision:
 * standardise (Sub, Div) → squared distances to every training row as ‖x‖² − 2·x·tᵀ + ‖t‖²
 * (MatMul + ReduceSum, clamped at 0) → the k nearest (TopK, ties to the lower row index, as the
 * ONNX spec requires) → their one-hot labels (Gather) → weighted votes (ReduceSum) → normalised.
 *
 * Weighting as scikit-learn's KNeighborsClassifier: 'uniform' counts each neighbour once;
 * 'distance' weighs by 1/d, and when a query coincides with training rows those rows alone
 * vote, with weight 1 each.
 */

/**
 * Standardised distance under which a neighbour counts as the query itself. Features enter the
 * graph as float32, so a training row fed back in lands about 1e-6 away from its stored double
 * copy, never at exactly 0; genuinely different GTZAN rows lie orders of magnitude further apart.
 */
export const EXACT_MATCH_DISTANCE = 1e-4;

function checkKnn(model: KnnModel): void {
  const m = model.trainX.length;
  const f = model.featureNames.length;
  if (m === 0) throw new OnnxExportError('KNN model has no training rows');
  if (model.trainY.length !== m) throw new OnnxExportError(`KNN model has ${m} rows but ${model.trainY.length} labels`);
  model.trainX.forEach((row, i) => {
    if (row.length !== f) throw new OnnxExportError(`training row ${i} has ${row.length} values for ${f} features`);
  });
  model.trainY.forEach((y, i) => {
    if (!Number.isInteger(y) || y < 0 || y >= model.labels.length)
      throw new OnnxExportError(`training label ${y} of row ${i} is not an index into labels`);
  });
  if (!Number.isInteger(model.k) || model.k < 1)
    throw new OnnxExportError(`k must be a positive integer, got ${model.k}`);
}

export interface KnnExportOptions {
  /** Temperature scaling of the vote shares (see calibration.ts); KnnModel itself carries none. */
  readonly temperature?: number;
}

export function exportKnnOnnx(model: KnnModel, options: KnnExportOptions = {}): Uint8Array {
  checkHead(model, model.scaler);
  checkKnn(model);
  const m = model.trainX.length;
  const f = model.featureNames.length;
  const c = model.labels.length;
  const k = Math.min(model.k, m);
  const g = new GraphBuilder('genrewise_knn', [FEATURES_INPUT]);

  const x = g.op('Cast', [FEATURES_INPUT], 'features_double', [attr.int('to', 11 /* DOUBLE */)]);
  const mean = g.constant('mean', 'double', [f], model.scaler.mean);
  const scale = g.constant('scale', 'double', [f], model.scaler.scale);
  const scaled = g.op('Div', [g.op('Sub', [x, mean], 'centred'), scale], 'scaled');
  const axis1 = g.constant('axis_1', 'int64', [1], [1]);

  const queryNorms = g.op('ReduceSum', [g.op('Mul', [scaled, scaled], 'scaled_squared'), axis1], 'query_norms', [
    attr.int('keepdims', 1),
  ]);
  const trainT = g.constant('train_rows_t', 'double', [f, m], transpose(model.trainX, f));
  const cross = g.op('MatMul', [scaled, trainT], 'cross');
  const two = g.constant('two', 'double', [], [2]);
  const trainNorms = g.constant(
    'train_norms',
    'double',
    [1, m],
    model.trainX.map((row) => row.reduce((s, v) => s + v * v, 0)),
  );
  const rawD2 = g.op(
    'Add',
    [g.op('Sub', [queryNorms, g.op('Mul', [cross, two], 'cross_twice')], 'partial_d2'), trainNorms],
    'raw_d2',
  );
  const zero = g.constant('zero', 'double', [], [0]);
  // Rounding can push a true 0 slightly below it.
  const d2 = g.op('Max', [rawD2, zero], 'squared_distances');

  const kTensor = g.constant('k', 'int64', [1], [k]);
  const [nearestD2, nearest] = g.node(
    'TopK',
    [d2, kTensor],
    ['nearest_d2', 'nearest_rows'],
    [attr.int('axis', 1), attr.int('largest', 0), attr.int('sorted', 1)],
  );
  if (nearestD2 === undefined || nearest === undefined) throw new Error('unreachable: TopK outputs');
  const oneHot = g.constant(
    'train_one_hot',
    'double',
    [m, c],
    model.trainY.flatMap((y) => model.labels.map((_, j) => (j === y ? 1 : 0))),
  );
  const votes = g.op('Gather', [oneHot, nearest], 'neighbour_votes', [attr.int('axis', 0)]);

  const weighted =
    model.weighting === 'distance' ? g.op('Mul', [votes, distanceWeights(g, nearestD2)], 'weighted_votes') : votes;
  const sums = g.op('ReduceSum', [weighted, axis1], 'class_sums', [attr.int('keepdims', 0)]);
  const total = g.op('ReduceSum', [sums, axis1], 'total_weight', [attr.int('keepdims', 1)]);
  const probabilities = g.op('Div', [sums, total], 'knn_probabilities');
  const head = { ...model, ...(options.temperature !== undefined ? { temperature: options.temperature } : {}) };
  // The KNN graph already has the distances to its training rows: reuse them when those are the reference.
  const ood = model.ood
    ? [
        sameRows(model.ood, model.trainX)
          ? appendOodFromSquaredDistances(g, d2, model.ood)
          : appendOodOutput(g, scaled, model.ood),
      ]
    : [];
  return finishClassifier(
    g,
    probabilities,
    'double',
    head,
    `KNN (k=${k}, ${model.weighting}) over ${m} standardised training rows of ${f} features`,
    ood,
  );
}

function sameRows(reference: OodReference, rows: KnnModel['trainX']): boolean {
  return (
    reference.rows === rows ||
    (reference.rows.length === rows.length && reference.rows.every((r, i) => r.every((v, j) => v === rows[i]?.[j])))
  );
}

/** Weights [N, k, 1]: 1/d, or 1 for exact matches and 0 for the rest when any neighbour matches. */
function distanceWeights(g: GraphBuilder, nearestD2: string): string {
  const tolerance = g.constant('exact_match_distance', 'double', [], [EXACT_MATCH_DISTANCE]);
  const d = g.op('Sqrt', [nearestD2], 'nearest_distances');
  const exact = g.op('Cast', [g.op('Less', [d, tolerance], 'is_exact_bool')], 'is_exact', [
    attr.int('to', 11 /* DOUBLE */),
  ]);
  const anyExact = g.op('ReduceMax', [exact], 'any_exact', [attr.ints('axes', [1]), attr.int('keepdims', 1)]);
  const anyExactBool = g.op('Cast', [anyExact], 'any_exact_bool', [attr.int('to', 9 /* BOOL */)]);
  const inverse = g.op('Reciprocal', [g.op('Max', [d, tolerance], 'safe_distances')], 'inverse_distances');
  const weights = g.op('Where', [anyExactBool, exact, inverse], 'neighbour_weights');
  const axis2 = g.constant('axis_2', 'int64', [1], [2]);
  return g.op('Unsqueeze', [weights, axis2], 'neighbour_weights_3d');
}

function transpose(rows: readonly (readonly number[])[], columns: number): number[] {
  const out = new Array<number>(columns * rows.length);
  rows.forEach((row, i) => row.forEach((v, j) => (out[j * rows.length + i] = v)));
  return out;
}
