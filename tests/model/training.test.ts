import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';
import { PIPELINE_DATE, resolveCreatedAt, type ModelCard } from '../../core/model/card.js';
import { hasSharedData } from '../helpers/data.js';
import { trainSliceInto, writeGtzanSlice } from '../helpers/gtzan-slice.js';
import { runCli as run } from '../helpers/cli.js';

/**
 * The whole pipeline on a small slice of GTZAN (3 genres × 20 clips, with the matching rows of
 * the artist-filtered split), small enough for the test suite: determinism of the written files,
 * the card's content, and the CLI's JSON contract.
 */
const GENRES = ['blues', 'classical', 'metal'];

describe.skipIf(!hasSharedData())('training pipeline on a GTZAN slice', () => {
  let dir: string;
  let csvPath: string;
  let splitsDir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-train-'));
    ({ csvPath, splitsDir } = writeGtzanSlice(dir, GENRES, 20));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes byte-identical models and cards when trained twice', async () => {
    const outputs: Record<string, Buffer>[] = [];
    for (const run of [1, 2]) outputs.push(await trainSliceInto({ csvPath, splitsDir }, join(dir, `out-${run}`)));
    const [first, second] = outputs as [Record<string, Buffer>, Record<string, Buffer>];
    expect(Object.keys(first).sort()).toEqual([
      'gtzan-knn.card.json',
      'gtzan-knn.onnx',
      'gtzan-svc.card.json',
      'gtzan-svc.onnx',
    ]);
    for (const name of Object.keys(first)) expect(second[name]?.equals(first[name] as Buffer), name).toBe(true);

    const card = JSON.parse((first['gtzan-svc.card.json'] as Buffer).toString('utf8')) as ModelCard;
    expect(card.id).toBe('gtzan-svc');
    expect(card.kind).toBe('svc');
    expect(card.genres).toEqual(GENRES);
    expect(card.featureNames).toEqual(FEATURE_NAMES);
    expect(card.analyzerVersion).toBe(ANALYZER_VERSION);
    expect(card.createdAt).toBe(PIPELINE_DATE);
    expect(card.trainingData.rows).toBe(60);
    expect(card.trainingData.perGenre).toEqual({ blues: 20, classical: 20, metal: 20 });
    expect(card.trainingData.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.probabilities.temperature).toBeGreaterThan(0);
    expect(card.evaluation.cv.folds).toBe(3);
    expect(card.evaluation.cv.foldAccuracies.length).toBe(3);
    expect(card.evaluation.cv.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expect(Object.keys(card.evaluation.cv.perGenre)).toEqual(GENRES);
    expect(card.evaluation.filtered?.testRows).toBe(
      card.evaluation.filtered?.confusion.flat().reduce((a, b) => a + b, 0),
    );
    // Three very different genres: the slice is easy, and a broken pipeline would not be.
    expect(card.evaluation.cv.accuracy).toBeGreaterThan(0.85);
  });

  it('genrewise train --json keeps the contract and writes the four files', async () => {
    const outDir = join(dir, 'cli');
    const { code, stdout, stderr } = await run(
      ['train', '--dataset', csvPath, '--splits', splitsDir, '--out', outDir, '--json'],
      {
        SOURCE_DATE_EPOCH: '1700000000',
      },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<
      string,
      { cv: { folds: number; accuracy: number; std: number }; filtered: { accuracy: number }; ece: number }
    >;
    for (const name of ['svc', 'knn']) {
      const entry = json[name];
      expect(entry?.cv.folds).toBe(10);
      expect(entry?.cv.accuracy).toBeGreaterThan(0.8);
      expect(entry?.cv.accuracy).toBeLessThanOrEqual(1);
      expect(entry?.cv.std).toBeGreaterThanOrEqual(0);
      expect(entry?.filtered.accuracy).toBeGreaterThan(0.5);
      expect(entry?.ece).toBeGreaterThanOrEqual(0);
      expect(entry?.ece).toBeLessThan(0.5);
    }
    expect(json.compare).toBeUndefined();
    expect(readdirSync(outDir).sort()).toEqual([
      'gtzan-knn.card.json',
      'gtzan-knn.onnx',
      'gtzan-svc.card.json',
      'gtzan-svc.onnx',
    ]);
    const card = JSON.parse(readFileSync(join(outDir, 'gtzan-knn.card.json'), 'utf8')) as ModelCard;
    expect(card.createdAt).toBe('2023-11-14T22:13:20.000Z');
  });

  it('reports bad usage with exit 2', async () => {
    expect((await run(['train'], {})).code).toBe(2);
    const missing = await run(['train', '--dataset', join(dir, 'absent.csv'), '--out', join(dir, 'x')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the feature table/);
  });
});

describe('resolveCreatedAt', () => {
  it('takes SOURCE_DATE_EPOCH, else the pipeline date, and refuses garbage', () => {
    expect(resolveCreatedAt({ SOURCE_DATE_EPOCH: '0' })).toBe('1970-01-01T00:00:00.000Z');
    expect(resolveCreatedAt({})).toBe(PIPELINE_DATE);
    expect(() => resolveCreatedAt({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH/);
  });
});
