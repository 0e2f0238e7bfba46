import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, FEATURE_NAMES } from '../../shared/features.js';
import { exportKnnOnnx } from '../../core/model/onnx/knn-export.js';
import { buildOodReference } from '../../core/model/ood.js';
import { applyScaler, fitScaler } from '../../core/model/scaler.js';
import { runCli as run } from '../helpers/cli.js';
import { wholeFileFeatureRows } from '../helpers/fixture-features.js';

/**
 * `genrewise evaluate` end to end on committed fixtures, decoded and analysed for real, with a
 * model made for the test: a 1-nearest-neighbour model whose two training rows are two fixture
 * files (labels "alpha" and "beta") and whose out-of-distribution reference is those two rows.
 * The set labels both files right and a copy of the first wrong, so every number is known.
 */
const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');
const FLAC = join(FIXTURES, 'flac/untagged.flac');
const OGG = join(FIXTURES, 'ogg/vorbis-semicolon.ogg');

interface EvaluateJson {
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  perGenre: Record<string, { recall: number; precision: number; support: number }>;
  confusion: { labels: string[]; matrix: number[][] };
  confidentlyWrong: { threshold: number; count: number; rate: number; ofWrong: number };
  unfamiliar: { threshold: number; count: number; rate: number } | null;
  model: string;
  failed: number;
  recordings: {
    path: string;
    truth: string;
    predicted: string | null;
    confidence: number | null;
    ood: number | null;
    error?: { kind: string };
  }[];
}

describe('genrewise evaluate', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-evaluate-'));
    const rows = await wholeFileFeatureRows([FLAC, OGG]);
    const scaler = fitScaler(rows);
    const standardised = applyScaler(scaler, rows);
    const labels = ['alpha', 'beta'];
    const model = {
      kind: 'knn' as const,
      labels,
      featureNames: [...FEATURE_NAMES],
      scaler,
      k: 1,
      weighting: 'uniform' as const,
      trainX: standardised,
      trainY: [0, 1],
    };
    writeFileSync(
      join(dir, 'test.onnx'),
      exportKnnOnnx({ ...model, ood: buildOodReference(standardised, { k: 1, percentile: 100 }) }),
    );
    writeFileSync(
      join(dir, 'test.card.json'),
      JSON.stringify({ kind: 'knn', genres: labels, featureNames: FEATURE_NAMES, analyzerVersion: ANALYZER_VERSION }),
    );
    env = { ...process.env, GENREWISE_MODELS: dir };

    // A folder set: alpha/ holds the FLAC, beta/ the OGG and (wrongly) the FLAC again.
    mkdirSync(join(dir, 'set', 'Alpha'), { recursive: true });
    mkdirSync(join(dir, 'set', 'beta'));
    symlinkSync(FLAC, join(dir, 'set', 'Alpha', 'a.flac'));
    symlinkSync(OGG, join(dir, 'set', 'beta', 'b.ogg'));
    symlinkSync(FLAC, join(dir, 'set', 'beta', 'c.flac'));
    // The same as a TSV with the shared labels.tsv header, paths relative to it, plus a missing file.
    writeFileSync(
      join(dir, 'labels.tsv'),
      `file\tlabel_gtzan\tconfidence\nset/Alpha/a.flac\talpha\thigh\nset/beta/b.ogg\tbeta\thigh\nset/beta/c.flac\tbeta\tlow\nmissing.mp3\talpha\thigh\n`,
    );
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract with the known scores of a folder set', async () => {
    const { code, stdout, stderr } = await run(
      ['evaluate', join(dir, 'set'), '--whole', '--model', join(dir, 'test.onnx'), '--json'],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as EvaluateJson;
    expect(json.n).toBe(3);
    expect(json.accuracy).toBeCloseTo(2 / 3, 12);
    expect(json.perGenre).toEqual({
      alpha: { recall: 1, precision: 0.5, support: 1 },
      beta: { recall: 0.5, precision: 1, support: 2 },
    });
    expect(json.balancedAccuracy).toBeCloseTo(0.75, 12);
    expect(json.confusion).toEqual({
      labels: ['alpha', 'beta'],
      matrix: [
        [1, 0],
        [1, 1],
      ],
    });
    // A 1-NN model is certain: its one wrong answer is confidently wrong.
    expect(json.confidentlyWrong).toEqual({ threshold: 0.8, count: 1, rate: 1 / 3, ofWrong: 1 });
    // Every file is one of the two training rows: as familiar as can be.
    expect(json.unfamiliar).toEqual({ threshold: 1, count: 0, rate: 0 });
    expect(json.recordings.map((r) => [r.truth, r.predicted, r.confidence])).toEqual([
      ['alpha', 'alpha', 1],
      ['beta', 'beta', 1],
      ['beta', 'alpha', 1],
    ]);
    for (const r of json.recordings) expect(r.ood).toBeCloseTo(0, 3);
  }, 60_000);

  it('reads the TSV, lists a file it cannot analyse, leaves it out of the scores and exits 1', async () => {
    const { code, stdout, stderr } = await run(
      [
        'evaluate',
        join(dir, 'labels.tsv'),
        '--whole',
        '--model',
        join(dir, 'test.card.json'),
        '--json',
        '--confident',
        '1',
      ],
      env,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/missing\.mp3/);
    const json = JSON.parse(stdout) as EvaluateJson;
    expect(json.n).toBe(3);
    expect(json.failed).toBe(1);
    expect(json.recordings[3]).toMatchObject({
      path: join(dir, 'missing.mp3'),
      truth: 'alpha',
      predicted: null,
      error: { kind: 'missing' },
    });
    expect(json.confidentlyWrong.count).toBe(1);
  }, 60_000);

  it('prints a readable report, and refuses bad usage with exit 2', async () => {
    const { code, stdout } = await run(
      ['evaluate', join(dir, 'set'), '--whole', '--model', join(dir, 'test.onnx')],
      env,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/accuracy 66\.7%, balanced \(mean recall per genre\) 75\.0%/);
    expect(stdout).toMatch(/confidently wrong \(≥ 80\.0%\): 1 /);
    expect((await run(['evaluate'], env)).code).toBe(2);
    expect((await run(['evaluate', join(dir, 'nothing-here')], env)).code).toBe(2);
    expect((await run(['evaluate', join(dir, 'set'), '--confident', '2'], env)).code).toBe(2);
  }, 60_000);
});
