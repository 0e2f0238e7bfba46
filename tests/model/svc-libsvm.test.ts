import { describe, expect, it } from 'vitest';
import { getLibsvm, LibsvmError, survivesLibsvmText } from '../../core/model/libsvm.js';
import { predictSvc, svcGrid, svcLearner, trainSvcModel } from '../../core/model/svc.js';
import { seededRandom } from '../../core/model/random.js';

/** Three well separated 2-D clusters, 15 points each, listed class 2 first, then 0, then 1. */
function clusters(): { rows: number[][]; classes: number[] } {
  const random = seededRandom(3);
  const centres: Record<number, [number, number]> = { 0: [0, 0], 1: [4, 0], 2: [0, 4] };
  const rows: number[][] = [];
  const classes: number[] = [];
  for (const c of [2, 0, 1]) {
    for (let i = 0; i < 15; i++) {
      const [x, y] = centres[c] as [number, number];
      rows.push([x + random() - 0.5, y + random() - 0.5]);
      classes.push(c);
    }
  }
  return { rows, classes };
}

describe('libsvm (private, deterministic instance)', () => {
  it('separates a separable toy set and gives confident probabilities', async () => {
    const libsvm = await getLibsvm();
    const { rows, classes } = clusters();
    const model = libsvm.train(rows, classes, { c: 1, gamma: 0.5, probability: true });
    expect(model).toMatch(/^svm_type c_svc$/m);
    expect(model).toMatch(/^kernel_type rbf$/m);
    expect(model).toMatch(/^gamma 0\.5$/m);
    expect(model).toMatch(/^probA /m);
    const queries = [
      [0.1, -0.1],
      [3.9, 0.2],
      [-0.2, 4.1],
    ];
    expect(libsvm.predict(model, queries)).toEqual([0, 1, 2]);
    const { labels, probabilities } = libsvm.predictProbability(model, queries);
    expect(labels).toEqual([2, 0, 1]); // libsvm keeps the order of first appearance
    probabilities.forEach((p, i) => {
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(p[labels.indexOf(i)]).toBeGreaterThan(0.8);
    });
  });

  it('gives byte-identical probability models however many fits ran before', async () => {
    const libsvm = await getLibsvm();
    const { rows, classes } = clusters();
    const first = libsvm.train(rows, classes, { c: 2, gamma: 0.25, probability: true });
    // Other fits advance libsvm's rand(); the restore before each fit must undo that.
    libsvm.train(rows, classes, { c: 8, gamma: 1, probability: true });
    libsvm.trainAndPredict(rows, classes, { c: 1, gamma: 0.5 }, rows);
    expect(libsvm.train(rows, classes, { c: 2, gamma: 0.25, probability: true })).toBe(first);
  });

  it('does not leave libsvm-js’s process-exiting unhandledRejection handler installed', async () => {
    await getLibsvm();
    const sources = process.listeners('unhandledRejection').map((l) => String(l));
    expect(sources.some((s) => s.includes('process["exit"]'))).toBe(false);
  });

  it('refuses parameters the model text would round, and probabilities from a model without them', async () => {
    const libsvm = await getLibsvm();
    const { rows, classes } = clusters();
    expect(survivesLibsvmText(0.0175)).toBe(true);
    expect(survivesLibsvmText(1 / 57)).toBe(false);
    expect(() => libsvm.train(rows, classes, { c: 1, gamma: 1 / 57, probability: false })).toThrow(LibsvmError);
    const plain = libsvm.train(rows, classes, { c: 1, gamma: 0.5, probability: false });
    expect(() => libsvm.predictProbability(plain, rows)).toThrow(LibsvmError);
  });
});

describe('SVC model', () => {
  it('renumbers classes by first appearance so libsvm labels read 0,1,2 and match `labels`', async () => {
    const libsvm = await getLibsvm();
    const { rows, classes } = clusters();
    const model = trainSvcModel(libsvm, {
      classNames: ['zero', 'one', 'two'],
      featureNames: ['x', 'y'],
      scaler: { mean: [0, 0], scale: [1, 1] },
      train: { rows, classes, classCount: 3 },
      params: { c: 1, gamma: 0.5 },
      temperature: 0.5,
    });
    expect(model.labels).toEqual(['two', 'zero', 'one']);
    expect(model.libsvmModel).toMatch(/^label 0 1 2$/m);
    const [p] = predictSvc(libsvm, model, [[-0.1, 3.8]]);
    expect(p?.indexOf(Math.max(...(p ?? [])))).toBe(0); // 'two'
    expect(p?.[0]).toBeGreaterThan(0.9);
  });

  it('learner: candidates predict like their own fits; the default grid survives the text format', async () => {
    const libsvm = await getLibsvm();
    const { rows, classes } = clusters();
    const grid = svcGrid(57);
    expect(grid.every((p) => survivesLibsvmText(p.gamma))).toBe(true);
    expect(grid.map((p) => p.gamma)).toContain(0.0175);
    const learner = svcLearner(libsvm, [{ c: 1, gamma: 0.5 }]);
    const set = { rows, classes, classCount: 3 };
    const [predicted] = learner.predictCandidates(set, [[4.2, 0.1]]);
    expect(predicted).toEqual([1]);
    const probabilities = learner.fitPredictProbabilities(set, { c: 1, gamma: 0.5 }, [[4.2, 0.1]]);
    expect(probabilities[0]?.length).toBe(3);
    expect(probabilities[0]?.[1]).toBeGreaterThan(0.8);
  });
});
