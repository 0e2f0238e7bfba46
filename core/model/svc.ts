import type { Learner, TrainingSet } from './learner.js';
import type { Libsvm } from './libsvm.js';
import { applyScaler, type Matrix } from './scaler.js';
import { applyTemperature } from './temperature.js';
import type { ScalerParams } from './scaler.js';
import type { SvcHyperParams, SvcModel } from './types.js';

/**
 * C-SVC with an RBF kernel through libsvm (the library scikit-learn's SVC wraps), with Platt
 * probabilities. Class indices are passed to libsvm as its labels, so its predictions are class
 * indices directly.
 */

/** The default grid: C on a doubling scale; gamma around libsvm's and sklearn's 1/features. */
export function svcGrid(featureCount: number): SvcHyperParams[] {
  const costs = [1, 2, 4, 8, 16];
  const gammaFactors = [0.5, 1, 2];
  const grid: SvcHyperParams[] = [];
  for (const c of costs) {
    for (const factor of gammaFactors) {
      // 3 significant digits: libsvm writes gamma with %g, and the saved model must be the tested one.
      grid.push({ c, gamma: Number((factor / featureCount).toPrecision(3)) });
    }
  }
  return grid;
}

export function svcLearner(libsvm: Libsvm, grid: readonly SvcHyperParams[]): Learner<SvcHyperParams> {
  return {
    name: 'svc',
    grid,
    predictCandidates(train, test) {
      return grid.map((params) => libsvm.trainAndPredict(train.rows, train.classes, params, test));
    },
    fitPredictProbabilities(train, params, test) {
      const model = libsvm.train(train.rows, train.classes, { ...params, probability: true });
      return probabilitiesByClass(libsvm, model, test, train.classCount);
    },
    temperatureScaling: true,
    describe: (params) => ({ c: params.c, gamma: params.gamma }),
  };
}

/** libsvm probabilities rearranged so column c is class c (classes absent from training get 0). */
export function probabilitiesByClass(libsvm: Libsvm, modelText: string, rows: Matrix, classCount: number): number[][] {
  const { labels, probabilities } = libsvm.predictProbability(modelText, rows);
  return probabilities.map((p) => {
    const out = new Array<number>(classCount).fill(0);
    labels.forEach((label, j) => {
      out[label] = p[j] as number;
    });
    return out;
  });
}

/**
 * The shippable model. Classes are renumbered in order of first appearance in the training rows,
 * which is the order libsvm keeps them in, so libsvm's label line reads 0, 1, 2, … and `labels`
 * (the output order) is exactly libsvm's order: what the ONNX export relies on.
 */
export function trainSvcModel(
  libsvm: Libsvm,
  input: {
    classNames: readonly string[];
    featureNames: readonly string[];
    scaler: ScalerParams;
    train: TrainingSet;
    params: SvcHyperParams;
    temperature: number;
  },
): SvcModel {
  const order: number[] = [];
  for (const c of input.train.classes) if (!order.includes(c)) order.push(c);
  const local = input.train.classes.map((c) => order.indexOf(c));
  const libsvmModel = libsvm.train(input.train.rows, local, { ...input.params, probability: true });
  return {
    kind: 'svc',
    labels: order.map((c) => input.classNames[c] as string),
    featureNames: [...input.featureNames],
    scaler: input.scaler,
    libsvmModel,
    params: { c: input.params.c, gamma: input.params.gamma },
    temperature: input.temperature,
  };
}

/**
 * Probabilities in `model.labels` order for raw (unstandardised) feature rows, by libsvm itself,
 * then the model's temperature: the reference the ONNX export must reproduce.
 */
export function predictSvc(libsvm: Libsvm, model: SvcModel, rows: Matrix): number[][] {
  const temperature = model.temperature ?? 1;
  return probabilitiesByClass(libsvm, model.libsvmModel, applyScaler(model.scaler, rows), model.labels.length).map(
    (p) => applyTemperature(p, temperature),
  );
}
