import type { OodReference } from '../ood.js';
import { GraphBuilder, attr } from './builder.js';
import type { ExtraOutput } from './classifier-graph.js';
import { OOD_OUTPUT } from './names.js';

/**
 * The out-of-distribution score as an extra graph output `ood` float [N] (see core/model/ood.ts
 * for the statistic): squared distances to the reference rows as ‖x‖² − 2·x·tᵀ + ‖t‖² in double,
 * the k smallest (TopK), their square roots averaged, divided by the reference threshold.
 */

/** From the standardised queries `scaled` ([N, F], double): distances to the reference's rows first. */
export function appendOodOutput(g: GraphBuilder, scaled: string, reference: OodReference): ExtraOutput {
  const f = reference.rows[0]?.length ?? 0;
  const m = reference.rows.length;
  const axis1 = g.constant('ood_axis_1', 'int64', [1], [1]);
  const queryNorms = g.op(
    'ReduceSum',
    [g.op('Mul', [scaled, scaled], 'ood_scaled_squared'), axis1],
    'ood_query_norms',
    [attr.int('keepdims', 1)],
  );
  // Stored as float to halve the file; the distances are computed in double all the same.
  const rowsT = g.op(
    'Cast',
    [g.constant('ood_rows_t', 'float', [f, m], transpose(reference.rows, f))],
    'ood_rows_t_double',
    [attr.int('to', 11 /* DOUBLE */)],
  );
  const rowNorms = reference.rows.map((row) => row.reduce((s, v) => s + Math.fround(v) * Math.fround(v), 0));
  const cross = g.op('MatMul', [scaled, rowsT], 'ood_cross');
  const two = g.constant('ood_two', 'double', [], [2]);
  const norms = g.constant('ood_row_norms', 'double', [1, m], rowNorms);
  const raw = g.op(
    'Add',
    [g.op('Sub', [queryNorms, g.op('Mul', [cross, two], 'ood_cross_twice')], 'ood_partial_d2'), norms],
    'ood_raw_d2',
  );
  const d2 = g.op('Max', [raw, g.constant('ood_zero', 'double', [], [0])], 'ood_squared_distances');
  return appendOodFromSquaredDistances(g, d2, reference);
}

/** From squared distances to the reference rows ([N, M], double), e.g. the KNN graph's own. */
export function appendOodFromSquaredDistances(
  g: GraphBuilder,
  squaredDistances: string,
  reference: OodReference,
): ExtraOutput {
  const k = Math.min(reference.k, reference.rows.length);
  const [nearestD2] = g.node(
    'TopK',
    [squaredDistances, g.constant('ood_k', 'int64', [1], [k])],
    ['ood_nearest_d2', 'ood_nearest_rows'],
    [attr.int('axis', 1), attr.int('largest', 0), attr.int('sorted', 1)],
  );
  if (nearestD2 === undefined) throw new Error('unreachable: TopK outputs');
  const mean = g.op('ReduceMean', [g.op('Sqrt', [nearestD2], 'ood_nearest_distances')], 'ood_mean_distance', [
    attr.ints('axes', [1]),
    attr.int('keepdims', 0),
  ]);
  const score = g.op(
    'Div',
    [mean, g.constant('ood_threshold', 'double', [], [reference.threshold])],
    'ood_score_double',
  );
  const asFloat = g.op('Cast', [score], 'ood_score', [attr.int('to', 1 /* FLOAT */)]);
  return { from: asFloat, name: OOD_OUTPUT, type: 'float', shape: ['N'] };
}

function transpose(rows: readonly (readonly number[])[], columns: number): number[] {
  const out = new Array<number>(columns * rows.length);
  rows.forEach((row, i) => row.forEach((v, j) => (out[j * rows.length + i] = v)));
  return out;
}
