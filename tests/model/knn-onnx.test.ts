import { describe, expect, it } from 'vitest';
import { OnnxGenreClassifier } from '../../core/model/inference.js';
import { OnnxExportError } from '../../core/model/onnx/classifier-graph.js';
import { predictKnn } from '../../core/model/knn.js';
import { exportKnnOnnx } from '../../core/model/onnx/knn-export.js';
import type { KnnModel } from '../../core/model/types.js';
import { blobs, fitScaler, standardise, toFloat32 } from './toy-data.js';

/**
 * The reference: KNN written out plainly (direct distances, stable ordering by distance then
 * row, scikit-learn's weighting), to compare the ONNX graph against.
 */
function referenceKnn(model: KnnModel, rows: readonly (readonly number[])[]): number[][] {
  return standardise(rows, model.scaler).map((x) => {
    const distances = model.trainX.map((t, index) => ({
      index,
      d: Math.sqrt(t.reduce((s, v, j) => s + (v - (x[j] ?? 0)) ** 2, 0)),
    }));
    distances.sort((a, b) => a.d - b.d || a.index - b.index);
    const nearest = distances.slice(0, model.k);
    const exact = nearest.filter((n) => n.d === 0);
    const votes = new Array<number>(model.labels.length).fill(0);
    for (const n of nearest) {
      const weight = model.weighting === 'uniform' ? 1 : exact.length > 0 ? (n.d === 0 ? 1 : 0) : 1 / n.d;
      votes[model.trainY[n.index] ?? 0]! += weight;
    }
    const total = votes.reduce((a, b) => a + b, 0);
    return votes.map((v) => v / total);
  });
}

function knnModel(
  weighting: 'uniform' | 'distance',
  k: number,
  labels = ['rock', 'blues', 'jazz'],
): { model: KnnModel; rows: number[][] } {
  const data = blobs(
    labels.map((_, i) => i),
    15,
    4,
    11,
  );
  const scaler = fitScaler(data.rows);
  const model: KnnModel = {
    kind: 'knn',
    labels,
    featureNames: ['a', 'b', 'c', 'd'],
    scaler,
    k,
    weighting,
    trainX: standardise(data.rows, scaler),
    trainY: data.classes,
  };
  return { model, rows: data.rows };
}

async function classify(
  model: KnnModel,
  rows: readonly (readonly number[])[],
): Promise<{ labels: string[]; probabilities: number[][] }> {
  const classifier = await OnnxGenreClassifier.fromBytes(exportKnnOnnx(model));
  try {
    return await classifier.classify(rows);
  } finally {
    await classifier.release();
  }
}

function expectClose(
  actual: readonly (readonly number[])[],
  expected: readonly (readonly number[])[],
  tolerance: number,
): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => expect(Math.abs(v - (expected[i]?.[j] ?? Number.NaN))).toBeLessThan(tolerance)),
  );
}

function argmaxLabels(model: KnnModel, probabilities: readonly (readonly number[])[]): string[] {
  return probabilities.map((p) => model.labels[p.indexOf(Math.max(...p))] ?? '?');
}

describe('KNN export with standard ONNX operators', () => {
  // Unseen rows from the same blobs, drawn with another seed.
  const unseen = blobs([0, 1, 2], 10, 4, 99).rows;

  it.each([
    ['uniform', 1],
    ['uniform', 5],
    ['distance', 5],
    ['distance', 9],
  ] as const)('%s weighting, k=%i, matches the reference on unseen rows', async (weighting, k) => {
    const { model } = knnModel(weighting, k);
    const queries = toFloat32(unseen);
    const out = await classify(model, queries);
    const expected = referenceKnn(model, queries);
    expectClose(out.probabilities, expected, 1e-6);
    expect(out.labels).toEqual(argmaxLabels(model, expected));
    // The training side's own KNN (what the evaluation scores) agrees as well.
    expectClose(out.probabilities, predictKnn(model, queries), 1e-6);
  });

  it('distance weighting: a training row fed back in gets its own label with probability 1', async () => {
    const { model, rows } = knnModel('distance', 5);
    const out = await classify(model, rows);
    out.probabilities.forEach((p, i) => expect(p[model.trainY[i]!]).toBeCloseTo(1, 12));
    expect(out.labels).toEqual(model.trainY.map((y) => model.labels[y]));
  });

  it('distance weighting: duplicate training rows with different labels share the vote', async () => {
    const trainX = [
      [0, 0],
      [0, 0],
      [0, 0],
      [3, 3],
      [3.5, 3],
    ];
    const model: KnnModel = {
      kind: 'knn',
      labels: ['a', 'b'],
      featureNames: ['x', 'y'],
      scaler: { mean: [0, 0], scale: [1, 1] },
      k: 4,
      weighting: 'distance',
      trainX,
      trainY: [0, 1, 1, 0, 0],
    };
    const out = await classify(model, [
      [0, 0],
      [2.5, 2.5],
    ]);
    expectClose(
      out.probabilities,
      referenceKnn(model, [
        [0, 0],
        [2.5, 2.5],
      ]),
      1e-7,
    );
    expectClose([out.probabilities[0]!], [[1 / 3, 2 / 3]], 1e-7);
  });

  it('breaks distance ties towards the earlier training row, as the reference does', async () => {
    const model: KnnModel = {
      kind: 'knn',
      labels: ['left', 'right'],
      featureNames: ['x'],
      scaler: { mean: [0], scale: [1] },
      k: 1,
      weighting: 'uniform',
      trainX: [[1], [-1]],
      trainY: [1, 0],
    };
    const out = await classify(model, [[0]]);
    expect(out.labels).toEqual(['right']);
    expectClose(out.probabilities, referenceKnn(model, [[0]]), 1e-12);
  });

  it('uses all rows when k exceeds the training set', async () => {
    const model: KnnModel = {
      kind: 'knn',
      labels: ['a', 'b', 'c'],
      featureNames: ['x'],
      scaler: { mean: [10], scale: [2] },
      k: 10,
      weighting: 'uniform',
      trainX: [[0], [1], [2]],
      trainY: [0, 1, 1],
    };
    const out = await classify(model, [[10]]);
    expectClose(out.probabilities, [[1 / 3, 2 / 3, 0]], 1e-7);
  });

  it("standardises inside the graph with the model's scaler", async () => {
    const { model } = knnModel('distance', 3);
    const shifted: KnnModel = {
      ...model,
      scaler: { mean: model.scaler.mean.map((m) => m + 5), scale: model.scaler.scale.map((s) => s * 2) },
    };
    const queries = toFloat32(unseen);
    expectClose((await classify(shifted, queries)).probabilities, referenceKnn(shifted, queries), 1e-6);
  });

  it('applies a temperature when one is given', async () => {
    const { model } = knnModel('distance', 7);
    const out = await OnnxGenreClassifier.fromBytes(exportKnnOnnx(model, { temperature: 2 }));
    const queries = toFloat32(unseen);
    const softened = (await out.classify(queries)).probabilities;
    await out.release();
    const plain = referenceKnn(model, queries);
    softened.forEach((p, i) => {
      const logits = plain[i]!.map((v) => Math.log(v) / 2);
      const z = logits.reduce((s, l) => s + Math.exp(l), 0);
      p.forEach((v, j) => expect(Math.abs(v - Math.exp(logits[j]!) / z)).toBeLessThan(1e-6));
    });
  });

  it('exports byte-identical files for the same model', () => {
    const { model } = knnModel('distance', 5);
    expect(Buffer.from(exportKnnOnnx(model)).equals(Buffer.from(exportKnnOnnx(model)))).toBe(true);
  });

  it('refuses inconsistent models', () => {
    const { model } = knnModel('uniform', 5);
    expect(() => exportKnnOnnx({ ...model, trainY: model.trainY.slice(1) })).toThrow(OnnxExportError);
    expect(() => exportKnnOnnx({ ...model, trainY: model.trainY.map(() => 3) })).toThrow(/not an index into labels/);
    expect(() => exportKnnOnnx({ ...model, k: 0 })).toThrow(/k must be a positive integer/);
    expect(() => exportKnnOnnx({ ...model, trainX: [], trainY: [] })).toThrow(/no training rows/);
  });
});
