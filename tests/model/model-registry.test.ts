import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../shared/features.js';
import { loadGenreModel } from '../../core/model/genre-model.js';
import { ClassifierCache, ModelLoadError } from '../../core/model/inference.js';
import {
  IncompatibleModelError,
  ModelCardError,
  ModelNotFoundError,
  checkCompatibility,
  defaultModelsDir,
  locateModel,
  modelPaths,
} from '../../core/model/model-registry.js';
import { exportKnnOnnx } from '../../core/model/onnx/knn-export.js';
import { FEATURES, GENRES, card, knn } from './knn-fixture.js';

describe('model registry', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-models-'));
    writeFileSync(join(dir, 'mine.onnx'), exportKnnOnnx(knn()));
    writeFileSync(join(dir, 'mine.card.json'), card());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function withCard(name: string, cardText: string): string {
    writeFileSync(join(dir, `${name}.onnx`), exportKnnOnnx(knn()));
    writeFileSync(join(dir, `${name}.card.json`), cardText);
    return join(dir, `${name}.onnx`);
  }

  it('maps svc/knn to the models folder and a path to its .onnx/.card.json pair', () => {
    expect(modelPaths('svc', { modelsDir: dir })).toEqual({
      onnxPath: join(dir, 'gtzan-svc.onnx'),
      cardPath: join(dir, 'gtzan-svc.card.json'),
    });
    expect(modelPaths(join(dir, 'mine.card.json'))).toEqual({
      onnxPath: join(dir, 'mine.onnx'),
      cardPath: join(dir, 'mine.card.json'),
    });
    expect(modelPaths(join(dir, 'mine.onnx'))).toEqual({
      onnxPath: join(dir, 'mine.onnx'),
      cardPath: join(dir, 'mine.card.json'),
    });
    expect(() => modelPaths('forest')).toThrow(ModelNotFoundError);
  });

  it("locates a model and maps its features to the extractor's columns", async () => {
    const located = await locateModel(join(dir, 'mine.onnx'));
    expect(located.card.genres).toEqual(GENRES);
    expect(located.featureColumns).toEqual(
      FEATURES.map((f) => FEATURE_NAMES.indexOf(f as (typeof FEATURE_NAMES)[number])),
    );
    expect(located.id).toMatch(/^knn-[0-9a-f]{12}$/);
  });

  it('uses the id a card declares', async () => {
    const path = withCard('named', card({ id: 'personal-2025-01' }));
    expect((await locateModel(path)).id).toBe('personal-2025-01');
  });

  it('loads the file a card names in modelFile, and refuses one whose bytes differ from modelSha256', async () => {
    const bytes = exportKnnOnnx(knn());
    writeFileSync(join(dir, 'v2.onnx'), bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(dir, 'personal.card.json'), card({ modelFile: 'v2.onnx', modelSha256: sha }));
    expect((await locateModel(join(dir, 'personal.card.json'))).onnxPath).toBe(join(dir, 'v2.onnx'));
    writeFileSync(join(dir, 'stale.onnx'), exportKnnOnnx({ ...knn(), k: 2 }));
    writeFileSync(join(dir, 'stale.card.json'), card({ modelSha256: sha }));
    await expect(locateModel(join(dir, 'stale.onnx'))).rejects.toThrow(ModelCardError);
    await expect(locateModel(join(dir, 'stale.onnx'))).rejects.toThrow(/describes another model file/);
    writeFileSync(join(dir, 'escape.card.json'), card({ modelFile: '../elsewhere.onnx' }));
    await expect(locateModel(join(dir, 'escape.card.json'))).rejects.toThrow(/file name beside the card/);
  });

  it('refuses a model made for another analyzer version, saying so', async () => {
    const path = withCard('old', card({ analyzerVersion: 'gtzan-librosa-0.8/0' }));
    await expect(locateModel(path)).rejects.toThrow(IncompatibleModelError);
    await expect(locateModel(path)).rejects.toThrow(
      /analyzer gtzan-librosa-0\.8\/0, this extractor is gtzan-librosa-0\.8\/1/,
    );
  });

  it('refuses a model that needs features the extractor does not produce', async () => {
    const path = withCard('alien', card({ featureNames: ['tempo', 'loudness_lufs', 'mfcc2_mean'] }));
    await expect(locateModel(path)).rejects.toThrow(IncompatibleModelError);
    await expect(locateModel(path)).rejects.toThrow(/does not produce: loudness_lufs/);
  });

  it('checks compatibility against any extractor identity (injectable)', () => {
    const essentials = { kind: 'knn', genres: GENRES, featureNames: ['b', 'a'], analyzerVersion: 'x/1' };
    expect(checkCompatibility(essentials, 'm', { featureNames: ['a', 'b', 'c'], analyzerVersion: 'x/1' })).toEqual([
      1, 0,
    ]);
    expect(() => checkCompatibility(essentials, 'm', { featureNames: ['a'], analyzerVersion: 'x/1' })).toThrow(
      /does not produce: b/,
    );
  });

  it.each([
    ['no genres', card({ genres: [] }), /"genres" must be a non-empty list/],
    ['one genre', card({ genres: ['rock'] }), /at least 2 genres/],
    ['a feature twice', card({ featureNames: ['tempo', 'tempo', 'rms_mean'] }), /lists a name twice/],
    ['no analyzer version', card({ analyzerVersion: undefined }), /"analyzerVersion" must be a string/],
    ['no kind', card({ kind: 3 }), /"kind" must be a string/],
    ['a JSON array', '[]', /not a JSON object/],
    ['broken JSON', '{"kind": ', /not valid JSON/],
  ])('refuses a card with %s (ModelCardError)', async (_what, text, message) => {
    const path = withCard(`bad-${_what.replace(/\W/g, '-')}`, text);
    await expect(locateModel(path)).rejects.toThrow(ModelCardError);
    await expect(locateModel(path)).rejects.toThrow(message);
  });

  it('says which file is missing', async () => {
    await expect(locateModel(join(dir, 'nothing.onnx'))).rejects.toThrow(
      /model card .*nothing\.card\.json does not exist/,
    );
    writeFileSync(join(dir, 'orphan.card.json'), card());
    await expect(locateModel(join(dir, 'orphan.card.json'))).rejects.toThrow(
      /model file .*orphan\.onnx does not exist/,
    );
  });

  it('loads and runs a located model, picking its features from full extractor vectors', async () => {
    const model = await loadGenreModel(join(dir, 'mine.onnx'), { cache: new ClassifierCache() });
    const row = (tempo: number, rms: number, mfcc2: number): number[] =>
      FEATURE_NAMES.map((name) =>
        name === 'tempo' ? tempo : name === 'rms_mean' ? rms : name === 'mfcc2_mean' ? mfcc2 : 1e6,
      );
    const result = await model.classifyRows([row(140, 0.15, 80), row(100, 0.05, 20)]);
    expect(result.labels).toEqual(['synthwave', 'bossa nova']);
    const track = await model.classifyTrack([row(140, 0.15, 80), row(141, 0.16, 81), row(100, 0.05, 20)]);
    expect(track.genre).toBe('synthwave');
    expect(track.confidence).toBeCloseTo(2 / 3, 6);
    expect(track.windows).toHaveLength(3);
  });

  it('refuses an ONNX file whose genres differ from its card', async () => {
    const path = withCard('swapped', card({ genres: ['bossa nova', 'synthwave'] }));
    await expect(loadGenreModel(path, { cache: new ClassifierCache() })).rejects.toThrow(ModelLoadError);
    await expect(loadGenreModel(path, { cache: new ClassifierCache() })).rejects.toThrow(
      /outputs genres \[synthwave, bossa nova\], its card says \[bossa nova, synthwave\]/,
    );
  });

  it('refuses a file that is not ONNX', async () => {
    writeFileSync(join(dir, 'junk.onnx'), 'not a model');
    writeFileSync(join(dir, 'junk.card.json'), card());
    await expect(loadGenreModel(join(dir, 'junk.onnx'), { cache: new ClassifierCache() })).rejects.toThrow(
      ModelLoadError,
    );
  });

  it('reuses a cached session until the file changes', async () => {
    const cache = new ClassifierCache();
    const path = withCard('cached', card());
    const a = await cache.get(path);
    expect(await cache.get(path)).toBe(a);
    writeFileSync(path, exportKnnOnnx({ ...knn(), k: 2 }));
    expect(await cache.get(path)).not.toBe(a);
    await cache.clear();
  });
});

describe('default models folder', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'genrewise-app-'));
    mkdirSync(join(root, 'checkout', 'models'), { recursive: true });
    mkdirSync(join(root, 'checkout', 'dist', 'node', 'electron', 'model'), { recursive: true });
    writeFileSync(join(root, 'checkout', 'package.json'), '{}');
    writeFileSync(join(root, 'checkout', 'models', 'gtzan-svc.card.json'), card());
    mkdirSync(join(root, 'resources', 'models'), { recursive: true });
    writeFileSync(join(root, 'resources', 'models', 'gtzan-knn.card.json'), card());
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("finds the checkout's models/ from the compiled module in dist/node", () => {
    const moduleDir = join(root, 'checkout', 'dist', 'node', 'electron', 'model');
    expect(defaultModelsDir({ moduleDir, env: {}, resourcesPath: join(root, 'none') })).toBe(
      join(root, 'checkout', 'models'),
    );
  });

  it("prefers the packaged app's resources, then GENREWISE_MODELS, then an explicit folder", () => {
    const moduleDir = join(root, 'checkout', 'dist', 'node', 'electron', 'model');
    expect(defaultModelsDir({ moduleDir, env: {}, resourcesPath: join(root, 'resources') })).toBe(
      join(root, 'resources', 'models'),
    );
    expect(
      defaultModelsDir({ moduleDir, env: { GENREWISE_MODELS: '/somewhere' }, resourcesPath: join(root, 'resources') }),
    ).toBe('/somewhere');
    expect(defaultModelsDir({ modelsDir: '/explicit', env: { GENREWISE_MODELS: '/somewhere' } })).toBe('/explicit');
  });

  it('says so when there is no models folder at all', () => {
    expect(() => defaultModelsDir({ moduleDir: tmpdir(), env: {}, resourcesPath: join(root, 'none') })).toThrow(
      ModelNotFoundError,
    );
  });
});
