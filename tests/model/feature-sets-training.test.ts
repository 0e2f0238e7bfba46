import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../shared/features.js';
import { PIPELINE_DATE, type ModelCard } from '../../core/model/card.js';
import { loadFeatureTable } from '../../core/model/dataset.js';
import {
  DEFAULT_FEATURE_SET,
  FEATURE_SETS,
  LEVEL_DEPENDENT_FEATURES,
  featureSet,
  featureSetOf,
} from '../../core/model/feature-sets.js';
import { OnnxGenreClassifier } from '../../core/model/inference.js';
import { oodScores } from '../../core/model/ood.js';
import { applyScaler } from '../../core/model/scaler.js';
import { trainModels } from '../../core/model/train.js';
import { writeTrainedModels } from '../../core/evaluation/write-models.js';
import type { AnalysedRecording } from '../../core/evaluation/recordings.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';
import { runCli } from '../helpers/cli.js';

describe('feature sets', () => {
  it('level-invariant is the 57 features without the 8 that follow the recording level, in extractor order', () => {
    const set = featureSet('level-invariant');
    expect(set).toHaveLength(49);
    expect(set.filter((n) => (LEVEL_DEPENDENT_FEATURES as readonly string[]).includes(n))).toEqual([]);
    expect(set).toEqual(FEATURE_NAMES.filter((n) => set.includes(n)));
    expect(featureSet('all')).toEqual(FEATURE_NAMES);
    expect(featureSet('gain-invariant')).toEqual(FEATURE_NAMES.filter((n) => set.includes(n) || n === 'mfcc1_var'));
    expect(DEFAULT_FEATURE_SET).toBe('level-invariant');
  });

  it('names a feature list that is a set, and refuses unknown names', () => {
    expect(featureSetOf(FEATURE_SETS['level-invariant'])).toBe('level-invariant');
    expect(featureSetOf(FEATURE_NAMES)).toBe('all');
    expect(featureSetOf(['tempo'])).toBeUndefined();
    expect(() => featureSet('loud')).toThrow(/unknown feature set "loud"/);
  });
});

/**
 * The training pipeline on a small GTZAN slice with the level-invariant features and a "real"
 * set: the card names the feature set, describes the out-of-distribution reference the ONNX file
 * carries, and holds the exported models' scores on the recordings.
 */
const GENRES = ['blues', 'classical', 'metal'];

const run = (argv: string[]) => runCli(argv, {});

describe.skipIf(!hasSharedData())('training on a feature set, with a real-recording set', () => {
  let dir: string;
  let csvPath: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-featureset-'));
    const lines = readFileSync(sharedDataPath('gtzan', 'features_30_sec.csv'), 'utf8').trim().split('\n');
    const keep = lines.slice(1).filter((line) => {
      const match = /^(\w+)\.(\d+)\.wav$/.exec(line.split(',')[0] ?? '');
      return match !== null && GENRES.includes(match[1] as string) && Number(match[2]) < 20;
    });
    csvPath = join(dir, 'slice.csv');
    writeFileSync(csvPath, `${[lines[0], ...keep].join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the feature set, the OOD reference and the real-recording scores into the cards', async () => {
    const names = featureSet('level-invariant');
    const result = await trainModels({ datasetPath: csvPath, featureNames: names, folds: 3, innerFolds: 3 });
    // Stand-ins for analysed recordings: rows of the table itself (all 57 features, extractor
    // order), labelled with their genres, and one labelled with a genre the model cannot know.
    const full = await loadFeatureTable(csvPath);
    const recordings: AnalysedRecording[] = [0, 25, 50, 59].map((i) => ({
      recording: {
        path: `/x/${full.ids[i]}`,
        genre: i === 59 ? 'jazz' : (full.labels[i] as string),
        label: full.labels[i] as string,
      },
      windows: [full.rows[i] as number[]],
    }));
    const written = await writeTrainedModels(result, {
      outDir: join(dir, 'out'),
      prefix: 'gtzan',
      datasetPath: csvPath,
      createdAt: PIPELINE_DATE,
      realWorld: { name: 'stand-in', recordings },
    });
    for (const w of written) {
      const card = JSON.parse(readFileSync(w.cardPath, 'utf8')) as ModelCard;
      expect(card.featureSet).toBe('level-invariant');
      expect(card.featureNames).toEqual(names);
      expect(card.outOfDistribution).toMatchObject({ k: 5, percentile: 99, trainingRows: 60 });
      expect(card.outOfDistribution?.threshold).toBeGreaterThan(0);
      const realWorld = card.evaluation.realWorld;
      expect(realWorld).toMatchObject({ set: 'stand-in', n: 4, unfamiliarRate: 0 });
      // Three training rows come back as their genre; the "jazz" one cannot.
      expect(realWorld?.accuracy).toBeCloseTo(0.75, 6);
      expect(realWorld?.perGenre.jazz).toEqual({ recall: 0, support: 1 });

      const classifier = await OnnxGenreClassifier.fromFile(w.onnxPath);
      const model = w.card.kind === 'svc' ? result.svc.model : result.knn.model;
      const rows = result.table.rows.slice(0, 5).map((r) => r.map((v) => Math.fround(v)));
      const { ood } = await classifier.classify(rows);
      const expected = oodScores(model.ood!, applyScaler(model.scaler, rows));
      ood?.forEach((s, i) => expect(s).toBeCloseTo(expected[i] as number, 4));
      await classifier.release();
    }
  }, 120_000);

  it('genrewise train --features and --realworld: the set in the JSON and the cards, bad names refused', async () => {
    const fixture = resolve(import.meta.dirname, '../fixtures/library/flac/untagged.flac');
    writeFileSync(join(dir, 'real.tsv'), `${fixture}\tblues\n`);
    const out = join(dir, 'cli');
    const { code, stdout, stderr } = await run([
      'train',
      '--dataset',
      csvPath,
      '--features',
      'all',
      '--realworld',
      join(dir, 'real.tsv'),
      '--out',
      out,
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      featureSet: string;
      svc: { realWorld: { n: number; accuracy: number } };
      knn: { realWorld: { n: number } };
    };
    expect(json.featureSet).toBe('all');
    expect(json.svc.realWorld.n).toBe(1);
    expect(json.knn.realWorld.n).toBe(1);
    const card = JSON.parse(readFileSync(join(out, 'gtzan-svc.card.json'), 'utf8')) as ModelCard;
    expect(card.featureSet).toBe('all');
    expect(card.evaluation.realWorld).toMatchObject({ set: 'real.tsv', n: 1 });
    expect((await run(['train', '--dataset', csvPath, '--features', 'loud', '--out', out])).code).toBe(2);
    expect(
      (await run(['train', '--dataset', csvPath, '--realworld', join(dir, 'absent.tsv'), '--out', out])).code,
    ).toBe(2);
  }, 120_000);
});
