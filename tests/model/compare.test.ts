import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../shared/features.js';
import { batchRealWorld } from '../../core/evaluation/comparison.js';
import type { AnalysedRecording } from '../../core/evaluation/recordings.js';
import { serializeCard, type ModelCard } from '../../core/model/card.js';
import { runCli as run } from '../helpers/cli.js';
import { hasSharedData } from '../helpers/data.js';
import { trainSliceInto, writeGtzanSlice } from '../helpers/gtzan-slice.js';

/**
 * `train --compare`: all seven of the seed's classifiers, evaluated the same way, stored on the
 * default model's card without changing anything else in it, deterministically.
 */
const SEVEN = ['svc', 'knn', 'logistic', 'sgd', 'random-forest', 'decision-tree', 'gradient-boosting'];
const GENRES = ['blues', 'classical', 'metal'];

describe.skipIf(!hasSharedData())('train --compare on a GTZAN slice', () => {
  let dir: string;
  let csvPath: string;
  let splitsDir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-compare-'));
    ({ csvPath, splitsDir } = writeGtzanSlice(dir, GENRES, 20));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const trainInto = (name: string, compare: boolean): Promise<Record<string, Buffer>> =>
    trainSliceInto({ csvPath, splitsDir }, join(dir, name), compare);

  it('adds a comparison section to the SVC card and changes nothing else, the same on every run', async () => {
    const plain = await trainInto('plain', false);
    const compared = await trainInto('compared', true);
    const again = await trainInto('again', true);
    for (const name of Object.keys(compared)) expect(again[name]?.equals(compared[name] as Buffer), name).toBe(true);
    for (const name of ['gtzan-svc.onnx', 'gtzan-knn.onnx', 'gtzan-knn.card.json'])
      expect(compared[name]?.equals(plain[name] as Buffer), name).toBe(true);

    const card = JSON.parse((compared['gtzan-svc.card.json'] as Buffer).toString('utf8')) as ModelCard;
    const { comparison, ...rest } = card;
    expect(serializeCard(rest as ModelCard)).toBe((plain['gtzan-svc.card.json'] as Buffer).toString('utf8'));
    expect(Object.keys(card).at(-1)).toBe('comparison');

    expect(Object.keys(comparison?.models ?? {})).toEqual(SEVEN);
    for (const name of SEVEN) {
      const entry = comparison?.models[name];
      expect(entry?.cv.folds, name).toBe(3);
      expect(entry?.cv.accuracy, name).toBeGreaterThan(0.6);
      expect(entry?.cv.std, name).toBeGreaterThanOrEqual(0);
      // The slice's filtered training part is under 40 rows: too few for one boosting split
      // (20 rows a leaf), so gradient boosting predicts its majority class there. Range only.
      expect(entry?.filtered?.accuracy, name).toBeGreaterThanOrEqual(0);
      expect(entry?.filtered?.accuracy, name).toBeLessThanOrEqual(1);
      expect(entry?.ece, name).toBeGreaterThanOrEqual(0);
      expect(entry?.realWorld, name).toBeNull();
    }
    // The shipped models' entries are their own evaluations, as the card states them.
    expect(comparison?.models.svc?.cv.accuracy).toBe(card.evaluation.cv.meanAccuracy);
    expect(comparison?.models.svc?.ece).toBe(card.evaluation.cv.ece);
    expect(comparison?.models.svc?.filtered?.accuracy).toBe(card.evaluation.filtered?.accuracy);
    expect(comparison?.models['decision-tree']?.params).toHaveProperty('maxDepth');
    expect(comparison?.models.sgd?.params).toMatchObject({ loss: 'log' });
  });

  it('genrewise train --compare --json reports all seven models in the issue-16 shape', async () => {
    const { code, stdout, stderr } = await run(
      ['train', '--dataset', csvPath, '--splits', splitsDir, '--out', join(dir, 'cli'), '--compare', '--json'],
      {},
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      compare: Record<
        string,
        { cv: { folds: number; accuracy: number; std: number }; filtered: { accuracy: number } | null; ece: number }
      >;
    };
    expect(Object.keys(json.compare)).toEqual(SEVEN);
    for (const name of SEVEN) {
      const entry = json.compare[name];
      expect(entry?.cv.folds, name).toBe(10);
      expect(entry?.cv.accuracy, name).toBeGreaterThan(0.6);
      expect(entry?.cv.accuracy, name).toBeLessThanOrEqual(1);
      expect(entry?.cv.std, name).toBeGreaterThanOrEqual(0);
      expect(entry?.filtered?.accuracy, name).toBeGreaterThanOrEqual(0);
      expect(entry?.ece, name).toBeLessThan(0.5);
    }
  });
});

describe('real-recording score of a comparison model', () => {
  const genres = ['classical', 'metal'];
  const window = (v: number): number[] => FEATURE_NAMES.map((_, j) => (j === 0 ? v : 0));
  const recordings: AnalysedRecording[] = [
    // Windows whose first feature is > 0 are "metal" to the stub predictor below.
    { recording: { path: 'a.ogg', genre: 'metal', label: 'metal' }, windows: [window(1), window(1), window(-1)] },
    { recording: { path: 'b.ogg', genre: 'classical', label: 'classical' }, windows: [window(-1)] },
    { recording: { path: 'c.ogg', genre: 'classical', label: 'classical' }, windows: [window(1)] },
    {
      recording: { path: 'd.ogg', genre: 'metal', label: 'metal' },
      windows: [],
      error: { kind: 'extract', message: 'unreadable' },
    },
  ];

  it('predicts every window in one batch, in the model’s columns, and scores each recording by its mean', async () => {
    const calls: number[][][] = [];
    const predict = (rows: readonly (readonly number[])[]): number[][] => {
      calls.push(rows.map((r) => [...r]));
      return rows.map((r) => ((r[0] as number) > 0 ? [0.1, 0.9] : [0.8, 0.2]));
    };
    const scores = await batchRealWorld(
      predict,
      { genres, featureNames: [FEATURE_NAMES[1] as string, FEATURE_NAMES[0] as string] },
      recordings,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(5);
    // The model reads feature 1 then feature 0: the batch carries them in that order.
    expect(calls[0]?.[0]).toEqual([0, 1]);
    // Read as [feature 1, feature 0], r[0] is always 0: every window is "classical" → a wrong,
    // b right, c right; the unreadable d is left out.
    expect(scores).toEqual({ n: 3, accuracy: 2 / 3 });
    const direct = await batchRealWorld(predict, { genres, featureNames: [FEATURE_NAMES[0] as string] }, recordings);
    // a: mean of (0.9, 0.9, 0.2) for metal → metal, right; b right; c: metal, wrong.
    expect(direct).toEqual({ n: 3, accuracy: 2 / 3 });
  });
});
