import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxGenreClassifier } from '../../core/model/inference.js';
import { getLibsvm } from '../../core/model/libsvm.js';
import { parseLibsvmModel } from '../../core/model/libsvm-format.js';
import { OnnxExportError } from '../../core/model/onnx/classifier-graph.js';
import { readOnnxModelHead } from '../../core/model/onnx/metadata.js';
import { exportSvcOnnx } from '../../core/model/onnx/svc-export.js';
import { applyTemperature } from '../../core/model/temperature.js';
import type { SvcModel } from '../../core/model/types.js';
import { blobs, fitScaler, standardise, toFloat32 } from './toy-data.js';

const { onnx } = onnxProto;
const FEATURES = ['f0', 'f1', 'f2', 'f3', 'f4'];

interface Trained {
  readonly model: SvcModel;
  /** Raw (unstandardised) rows, as float32 values: exactly what the ONNX graph receives. */
  readonly rows: number[][];
  /** libsvm's probabilities for those rows, in the model's labels order. */
  readonly expected: number[][];
  /** libsvm's most probable label of each row (what svm_predict_probability returns). */
  readonly predicted: string[];
}

/**
 * Trains a libsvm model on raw toy rows (standardised like training does), then asks libsvm
 * itself, from the same model text, for the probabilities of every row.
 */
async function train(
  labels: readonly string[],
  appearance: readonly number[],
  options: { c?: number; temperature?: number } = {},
): Promise<Trained> {
  const libsvm = await getLibsvm();
  const data = blobs(appearance, 20, FEATURES.length);
  const scaler = fitScaler(data.rows);
  const libsvmModel = libsvm.train(standardise(data.rows, scaler), data.classes, {
    c: options.c ?? 1,
    gamma: 0.2,
    probability: true,
  });
  const model: SvcModel = {
    kind: 'svc',
    labels,
    featureNames: FEATURES,
    scaler,
    libsvmModel,
    params: { c: options.c ?? 1, gamma: 0.2 },
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
  };
  const rows = toFloat32(data.rows);
  const result = libsvm.predictProbability(libsvmModel, standardise(rows, scaler));
  const expected = result.probabilities.map((p) => {
    const inLabelOrder = labels.map((_, index) => p[result.labels.indexOf(index)] ?? Number.NaN);
    return options.temperature !== undefined ? applyTemperature(inLabelOrder, options.temperature) : inLabelOrder;
  });
  const predicted = expected.map((p) => labels[p.indexOf(Math.max(...p))] ?? '?');
  return { model, rows, expected, predicted };
}

function maxAbsDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((row, i) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - (b[i]?.[j] ?? Number.NaN))))));
  return max;
}

async function classify(bytes: Uint8Array, rows: number[][]): Promise<{ labels: string[]; probabilities: number[][] }> {
  const classifier = await OnnxGenreClassifier.fromBytes(bytes);
  try {
    return await classifier.classify(rows);
  } finally {
    await classifier.release();
  }
}

function svmNode(bytes: Uint8Array): ReturnType<typeof onnx.NodeProto.decode> {
  const node = onnx.ModelProto.decode(bytes).graph?.node?.find((n) => n.opType === 'SVMClassifier');
  if (!node) throw new Error('no SVMClassifier node');
  return node as ReturnType<typeof onnx.NodeProto.decode>;
}

function attribute(bytes: Uint8Array, name: string): ReturnType<typeof onnx.AttributeProto.decode> {
  const found = svmNode(bytes).attribute.find((a) => a.name === name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found as ReturnType<typeof onnx.AttributeProto.decode>;
}

describe('SVC export: ONNX agrees with libsvm', () => {
  // 'rock' appears first in the training data but is alphabetically last.
  const labels = ['rock', 'blues', 'jazz', 'country'];
  let trained: Trained;
  let bytes: Uint8Array;

  beforeAll(async () => {
    trained = await train(labels, [0, 1, 2, 3]);
    bytes = exportSvcOnnx(trained.model);
  });

  it("gives libsvm's probabilities (within 1e-5) and labels on every training row", async () => {
    const out = await classify(bytes, trained.rows);
    expect(maxAbsDiff(out.probabilities, trained.expected)).toBeLessThan(1e-5);
    expect(out.labels).toEqual(trained.predicted);
  });

  it("keeps classlabels in libsvm's label order (first appearance), not sorted", () => {
    const classLabels = attribute(bytes, 'classlabels_strings').strings.map((s) => new TextDecoder().decode(s));
    expect(classLabels).toEqual(['rock', 'blues', 'jazz', 'country']);
    expect(readOnnxModelHead(bytes)).toEqual({ kind: 'svc', labels, featureNames: FEATURES });
  });

  it('exports rho negated and coefficients as [(classes − 1) × support vectors]', () => {
    const svm = parseLibsvmModel(trained.model.libsvmModel);
    const rho = attribute(bytes, 'rho').floats;
    expect(rho).toEqual(svm.rho.map((r) => Math.fround(-r)));
    const coefficients = attribute(bytes, 'coefficients').floats;
    expect(coefficients).toHaveLength(3 * svm.totalSv);
    expect(coefficients.slice(svm.totalSv, 2 * svm.totalSv)).toEqual(svm.svCoef[1]!.map(Math.fround));
  });

  it('would disagree with libsvm without the rho sign flip (the fact the export relies on)', async () => {
    const model = onnx.ModelProto.decode(bytes);
    const node = model.graph?.node?.find((n) => n.opType === 'SVMClassifier');
    const rho = node?.attribute?.find((a) => a.name === 'rho');
    if (!rho?.floats) throw new Error('no rho');
    rho.floats = rho.floats.map((r) => -r);
    const out = await classify(onnx.ModelProto.encode(model).finish(), trained.rows);
    expect(maxAbsDiff(out.probabilities, trained.expected)).toBeGreaterThan(1e-2);
  });

  it('exports byte-identical files for the same model', () => {
    expect(Buffer.from(exportSvcOnnx(trained.model)).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('SVC export: label orders, two classes, temperature', () => {
  it("reorders outputs to the model's labels when libsvm's label line is not 0, 1, 2, …", async () => {
    // Class 2 appears first, so libsvm's label line reads "2 0 1".
    const trained = await train(['blues', 'jazz', 'rock'], [2, 0, 1]);
    expect(parseLibsvmModel(trained.model.libsvmModel).labels).toEqual([2, 0, 1]);
    const out = await classify(exportSvcOnnx(trained.model), trained.rows);
    expect(maxAbsDiff(out.probabilities, trained.expected)).toBeLessThan(1e-5);
    expect(out.labels).toEqual(trained.predicted);
  });

  it.each([
    ['first-appearing class first', [0, 1]],
    ['first-appearing class second', [1, 0]],
  ])('matches libsvm with two classes (%s)', async (_what, appearance) => {
    const trained = await train(['metal', 'classical'], appearance, { c: 0.5 });
    const out = await classify(exportSvcOnnx(trained.model), trained.rows);
    expect(maxAbsDiff(out.probabilities, trained.expected)).toBeLessThan(1e-5);
    expect(out.labels).toEqual(trained.predicted);
  });

  it("applies the model's temperature as softmax(log p / T)", async () => {
    const trained = await train(['rock', 'blues', 'jazz'], [0, 1, 2], { temperature: 1.7 });
    const out = await classify(exportSvcOnnx(trained.model), trained.rows);
    expect(maxAbsDiff(out.probabilities, trained.expected)).toBeLessThan(1e-5);
    // A temperature above 1 softens: the top probability is lower than libsvm's own.
    const plain = await train(['rock', 'blues', 'jazz'], [0, 1, 2]);
    const softer = out.probabilities.filter((p, i) => Math.max(...p) < Math.max(...plain.expected[i]!)).length;
    expect(softer).toBe(out.probabilities.length);
  });

  it('refuses a temperature that is not a positive number', async () => {
    const { model } = await train(['rock', 'blues', 'jazz'], [0, 1, 2]);
    expect(() => exportSvcOnnx({ ...model, temperature: 0 })).toThrow(/temperature must be a positive finite number/);
    expect(() => exportSvcOnnx({ ...model, temperature: Number.NaN })).toThrow(
      /temperature must be a positive finite number/,
    );
  });

  it('refuses a libsvm model without probability estimates', async () => {
    const libsvm = await getLibsvm();
    const data = blobs([0, 1, 2], 10, FEATURES.length);
    const scaler = fitScaler(data.rows);
    const libsvmModel = libsvm.train(standardise(data.rows, scaler), data.classes, {
      c: 1,
      gamma: 0.2,
      probability: false,
    });
    const model: SvcModel = {
      kind: 'svc',
      labels: ['a', 'b', 'c'],
      featureNames: FEATURES,
      scaler,
      libsvmModel,
      params: { c: 1, gamma: 0.2 },
    };
    expect(() => exportSvcOnnx(model)).toThrow(OnnxExportError);
    expect(() => exportSvcOnnx(model)).toThrow(/no probA\/probB/);
  });

  it('refuses labels that do not match the libsvm model', async () => {
    const { model } = await train(['rock', 'blues', 'jazz'], [0, 1, 2]);
    expect(() => exportSvcOnnx({ ...model, labels: ['rock', 'blues'] })).toThrow(/3 classes, the model lists 2 labels/);
    expect(() => exportSvcOnnx({ ...model, labels: ['rock', 'rock', 'jazz'] })).toThrow(/duplicate labels/);
    expect(() => exportSvcOnnx({ ...model, featureNames: ['f0'] })).toThrow(/5 means and 5 scales for 1 features/);
  });
});
