import type { SvcModel } from '../types.js';
import { densify, parseLibsvmModel, type LibsvmKernelType, type LibsvmModel } from '../libsvm-format.js';
import { GraphBuilder, ML_DOMAIN, attr } from './builder.js';
import { OnnxExportError, checkHead, finishClassifier } from './classifier-graph.js';
import { FEATURES_INPUT } from './names.js';
import { appendOodOutput } from './ood-graph.js';

/**
 * SVC → ONNX: ai.onnx.ml Scaler → SVMClassifier (with Platt parameters, so its second output is
 * libsvm's pairwise-coupled probability estimates; for two classes see appendBinaryPlatt)
 * → reorder to `labels` order if needed → shared tail (temperature, label) in classifier-graph.ts.
 *
 * The facts that make ONNX agree with libsvm, each checked by tests/model/onnx-export.test.ts:
 * - libsvm's decision value is Σ coef·K − rho, ONNX's is Σ coef·K + rho: export rho negated.
 * - classlabels, vectors_per_class, the support vector groups and prob_a/prob_b all follow
 *   libsvm's label order (first appearance in the training data), not sorted order.
 * - coefficients are libsvm's sv_coef as written: [(classes − 1) × total SVs], row-major.
 */

const KERNELS: Partial<Record<LibsvmKernelType, string>> = {
  linear: 'LINEAR',
  polynomial: 'POLY',
  rbf: 'RBF',
  sigmoid: 'SIGMOID',
};

function checkLibsvm(model: SvcModel, svm: LibsvmModel): void {
  if (svm.svmType !== 'c_svc' && svm.svmType !== 'nu_svc')
    throw new OnnxExportError(`cannot export svm_type ${svm.svmType} as a classifier`);
  if (KERNELS[svm.kernel.type] === undefined) throw new OnnxExportError(`cannot export kernel_type ${svm.kernel.type}`);
  if (svm.probA === undefined || svm.probB === undefined) {
    throw new OnnxExportError('libsvm model has no probA/probB: train it with probability estimates');
  }
  if (svm.nrClass !== model.labels.length) {
    throw new OnnxExportError(`libsvm model has ${svm.nrClass} classes, the model lists ${model.labels.length} labels`);
  }
  const sorted = [...svm.labels].sort((a, b) => a - b);
  if (sorted.some((label, i) => label !== i)) {
    throw new OnnxExportError(
      `libsvm labels ${svm.labels.join(' ')} are not the indices 0…${svm.nrClass - 1} into the model's labels`,
    );
  }
}

/** libsvm clamps each pairwise probability to [min_prob, 1 − min_prob]. */
const LIBSVM_MIN_PROB = 1e-7;

/**
 * Two classes: onnxruntime's SVMClassifier couples the two Platt probabilities iteratively and
 * lands up to 1e-4 away from libsvm, which returns the sigmoid itself. So the SVM here outputs
 * its decision values ([−d, d] for two classes) and the sigmoid is applied with standard ops:
 * p(first class) = 1 / (1 + exp(d·A + B)), clamped as libsvm does.
 */
function appendBinaryPlatt(g: GraphBuilder, scores: string, probA: number, probB: number): string {
  const secondColumn = g.constant('decision_column', 'int64', [1], [1]);
  const decision = g.op('Gather', [scores, secondColumn], 'decision_value', [attr.int('axis', 1)]);
  const a = g.constant('prob_a', 'float', [], [probA]);
  const b = g.constant('prob_b', 'float', [], [probB]);
  const fApB = g.op('Add', [g.op('Mul', [decision, a], 'decision_times_a'), b], 'f_a_plus_b');
  const first = g.op('Sigmoid', [g.op('Neg', [fApB], 'minus_f_a_plus_b')], 'platt_first');
  const lo = g.constant('min_prob', 'float', [], [LIBSVM_MIN_PROB]);
  const hi = g.constant('max_prob', 'float', [], [1 - LIBSVM_MIN_PROB]);
  const clamped = g.op('Clip', [first, lo, hi], 'platt_first_clamped');
  const one = g.constant('one', 'float', [], [1]);
  const second = g.op('Sub', [one, clamped], 'platt_second');
  return g.op('Concat', [clamped, second], 'svm_probabilities', [attr.int('axis', 1)]);
}

export function exportSvcOnnx(model: SvcModel): Uint8Array {
  checkHead(model, model.scaler);
  const svm = parseLibsvmModel(model.libsvmModel);
  checkLibsvm(model, svm);
  const features = model.featureNames.length;
  const libsvmOrder = svm.labels.map((index) => model.labels[index] ?? '');

  const g = new GraphBuilder('genrewise_svc', [FEATURES_INPUT]);
  const scaled = g.op(
    'Scaler',
    [FEATURES_INPUT],
    'scaled',
    [
      attr.floats('offset', model.scaler.mean),
      attr.floats(
        'scale',
        model.scaler.scale.map((s) => 1 / s),
      ),
    ],
    ML_DOMAIN,
  );
  const binary = svm.nrClass === 2;
  const [, scores] = g.node(
    'SVMClassifier',
    [scaled],
    ['svm_label', binary ? 'svm_scores' : 'svm_probabilities'],
    [
      attr.strings('classlabels_strings', libsvmOrder),
      attr.floats('coefficients', svm.svCoef.flat()),
      attr.floats('kernel_params', [svm.kernel.gamma, svm.kernel.coef0, svm.kernel.degree]),
      attr.string('kernel_type', KERNELS[svm.kernel.type] ?? 'RBF'),
      attr.string('post_transform', 'NONE'),
      ...(binary ? [] : [attr.floats('prob_a', svm.probA ?? []), attr.floats('prob_b', svm.probB ?? [])]),
      attr.floats(
        'rho',
        svm.rho.map((r) => -r),
      ),
      attr.floats(
        'support_vectors',
        svm.supportVectors.flatMap((sv) => densify(sv, features)),
      ),
      attr.ints('vectors_per_class', svm.nrSv),
    ],
    ML_DOMAIN,
  );
  if (scores === undefined) throw new Error('unreachable: SVMClassifier without scores');
  const libsvmProbabilities = binary ? appendBinaryPlatt(g, scores, svm.probA?.[0] ?? 0, svm.probB?.[0] ?? 0) : scores;

  // Column p of the SVM output is class svm.labels[p]; the model's outputs are in labels order.
  let probabilities = libsvmProbabilities;
  if (svm.labels.some((label, position) => label !== position)) {
    const columns = model.labels.map((_, index) => svm.labels.indexOf(index));
    const perm = g.constant('labels_order', 'int64', [columns.length], columns);
    probabilities = g.op('Gather', [libsvmProbabilities, perm], 'probabilities_in_label_order', [attr.int('axis', 1)]);
  }
  // The OOD score needs the standardised row in double: x − mean and / scale again, not the Scaler's float output.
  const ood = model.ood ? [appendOodOutput(g, standardisedDouble(g, model.scaler), model.ood)] : [];
  return finishClassifier(
    g,
    probabilities,
    'float',
    model,
    `SVC (C=${model.params.c}, gamma=${model.params.gamma}) on ${features} standardised features`,
    ood,
  );
}

function standardisedDouble(g: GraphBuilder, scaler: SvcModel['scaler']): string {
  const f = scaler.mean.length;
  const x = g.op('Cast', [FEATURES_INPUT], 'features_double', [attr.int('to', 11 /* DOUBLE */)]);
  const mean = g.constant('mean', 'double', [f], scaler.mean);
  const scale = g.constant('scale', 'double', [f], scaler.scale);
  return g.op('Div', [g.op('Sub', [x, mean], 'centred'), scale], 'scaled_double');
}
