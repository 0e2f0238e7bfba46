import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';
import { exportKnnOnnx } from '../../core/model/onnx/knn-export.js';
import { fitScaler, standardise } from './toy-data.js';
import { runCli as run } from '../helpers/cli.js';
import { wholeFileFeatureRows } from '../helpers/fixture-features.js';

/**
 * `genrewise classify` end to end on the committed fixtures, with a model made for the test:
 * a 1-nearest-neighbour model whose two training rows are the real features of two fixture files,
 * labelled with names no default model has. Each file must come back as its own label, certain.
 */
const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');
const FLAC = join(FIXTURES, 'flac/untagged.flac');
const OGG = join(FIXTURES, 'ogg/vorbis-semicolon.ogg');

describe('genrewise classify', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-classify-'));
    const rows = await wholeFileFeatureRows([FLAC, OGG]);
    const scaler = fitScaler(rows);
    const labels = ['plucked-flac', 'plucked-ogg'];
    writeFileSync(
      join(dir, 'gtzan-knn.onnx'),
      exportKnnOnnx({
        kind: 'knn',
        labels,
        featureNames: [...FEATURE_NAMES],
        scaler,
        k: 1,
        weighting: 'uniform',
        trainX: standardise(rows, scaler),
        trainY: [0, 1],
      }),
    );
    writeFileSync(
      join(dir, 'gtzan-knn.card.json'),
      JSON.stringify({ kind: 'knn', genres: labels, featureNames: FEATURE_NAMES, analyzerVersion: ANALYZER_VERSION }),
    );
    env = { ...process.env, GENREWISE_MODELS: dir };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract: [{path, genre, confidence, probabilities: {genre: p}}]', async () => {
    const { code, stdout } = await run(['classify', '--whole', '--model', 'knn', '--json', FLAC, OGG], env);
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as Record<string, unknown>[];
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      path: FLAC,
      genre: 'plucked-flac',
      confidence: 1,
      probabilities: { 'plucked-flac': 1, 'plucked-ogg': 0 },
    });
    expect(results[1]).toMatchObject({
      path: OGG,
      genre: 'plucked-ogg',
      confidence: 1,
      probabilities: { 'plucked-flac': 0, 'plucked-ogg': 1 },
    });
    expect(Object.keys(results[0]?.probabilities as object)).toEqual(['plucked-flac', 'plucked-ogg']);
    expect(results[0]?.windows).toEqual([
      { startSec: 0, durationSec: expect.closeTo(4, 1), genre: 'plucked-flac', confidence: 1 },
    ]);
  });

  it('takes a model by path and prints one line per file without --json', async () => {
    const { code, stdout } = await run(['classify', '--model', join(dir, 'gtzan-knn.card.json'), OGG], env);
    expect(code).toBe(0);
    expect(stdout).toBe(`${OGG}: plucked-ogg 100% (plucked-flac 0%)\n`);
  });

  it('reports files it cannot classify (stderr, an "error" entry in the JSON) and exits 1, keeping the others', async () => {
    const missing = join(dir, 'missing.mp3');
    const notAudio = join(dir, 'gtzan-knn.card.json');
    const { code, stdout, stderr } = await run(
      ['classify', '--whole', '--model', 'knn', '--json', missing, FLAC, notAudio],
      env,
    );
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { path: string; genre: string | null; error?: { kind: string } }[];
    expect(results.map((r) => [r.path, r.genre, r.error?.kind])).toEqual([
      [missing, null, 'missing'],
      [FLAC, 'plucked-flac', undefined],
      [notAudio, null, 'unreadable'],
    ]);
    expect(results[0]).toMatchObject({ confidence: null, probabilities: {}, windows: [] });
    expect(stderr).toContain(`${missing}: `);
    expect(stderr).toContain('(missing)');
    expect(stderr).toContain(`${notAudio}: `);
  });

  it('refuses bad usage and unusable models with exit 2', async () => {
    expect((await run(['classify'], env)).code).toBe(2);
    const unknown = await run(['classify', '--model', 'forest', FLAC], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/neither svc nor knn nor a path/);
    writeFileSync(join(dir, 'old.onnx'), '');
    writeFileSync(
      join(dir, 'old.card.json'),
      JSON.stringify({
        kind: 'knn',
        genres: ['a', 'b'],
        featureNames: FEATURE_NAMES,
        analyzerVersion: 'gtzan-librosa-0.7/1',
      }),
    );
    const old = await run(['classify', '--model', join(dir, 'old.onnx'), FLAC], env);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/analyzer gtzan-librosa-0\.7\/1/);
  });
});
