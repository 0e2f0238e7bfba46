import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../shared/features.js';
import { loadGenreModel } from '../../core/model/genre-model.js';
import { ClassifierCache, ModelLoadError, OnnxGenreClassifier } from '../../core/model/inference.js';
import { exportKnnOnnx } from '../../core/model/onnx/knn-export.js';
import { card, knn } from './knn-fixture.js';

// Models loaded with { session: 'lazy' } are checked without onnxruntime (card, metadata, the
// graph's input and output names) and open their session at the first classification.
const { onnx } = onnxProto;
const row = (tempo: number, rms: number, mfcc2: number): number[] =>
  FEATURE_NAMES.map((name) =>
    name === 'tempo' ? tempo : name === 'rms_mean' ? rms : name === 'mfcc2_mean' ? mfcc2 : 0,
  );

/** The exported KNN with its decoded graph changed by `edit`, re-encoded. */
function edited(edit: (graph: onnxProto.onnx.IGraphProto) => void): Uint8Array {
  const model = onnx.ModelProto.decode(exportKnnOnnx(knn()));
  edit(model.graph!);
  return onnx.ModelProto.encode(model).finish();
}

describe('lazily opened model sessions', () => {
  let dir: string;
  const write = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, `${name}.onnx`);
    writeFileSync(path, bytes);
    writeFileSync(join(dir, `${name}.card.json`), card());
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-lazy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('classifies exactly as an eagerly opened model does', async () => {
    const path = write('good', exportKnnOnnx(knn()));
    const rows = [row(140, 0.15, 80), row(100, 0.05, 20), row(121, 0.1, 51)];
    const lazy = await loadGenreModel(path, { cache: new ClassifierCache(), session: 'lazy' });
    const eager = await loadGenreModel(path, { cache: new ClassifierCache() });
    expect(lazy.hasOod).toBe(eager.hasOod);
    const a = await lazy.classifyRows(rows);
    expect(a.labels).toEqual(['synthwave', 'bossa nova', 'synthwave']);
    expect(a).toEqual(await eager.classifyRows(rows));
  });

  it('opens the session again after a release, whether it was opened eagerly or lazily', async () => {
    const bytes = exportKnnOnnx(knn());
    for (const mode of ['eager', 'lazy'] as const) {
      const classifier = await OnnxGenreClassifier.fromBytes(bytes, undefined, 'knn', mode);
      const rows = [row(140, 0.15, 80), row(100, 0.05, 20)].map((r) =>
        classifier.featureNames.map((name) => r[FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number])]!),
      );
      const before = await classifier.classify(rows);
      await classifier.release();
      expect(await classifier.classify(rows)).toEqual(before);
      await classifier.release();
    }
  });

  it('refuses at load a graph without the outputs every genre model has, without onnxruntime', async () => {
    const path = write(
      'renamed',
      edited((graph) => {
        for (const output of graph.output ?? []) if (output.name === 'label') output.name = 'lbl';
      }),
    );
    await expect(loadGenreModel(path, { cache: new ClassifierCache(), session: 'lazy' })).rejects.toThrow(
      /expected input "features" and outputs "label", "probabilities"/,
    );
  });

  it('loads a graph onnxruntime cannot run, and fails its first classification with ModelLoadError', async () => {
    const path = write(
      'bad-op',
      edited((graph) => {
        graph.node![0]!.opType = 'NoSuchOperator';
      }),
    );
    const cache = new ClassifierCache();
    const model = await loadGenreModel(path, { cache, session: 'lazy' });
    await expect(model.classifyRows([row(140, 0.15, 80)])).rejects.toThrow(ModelLoadError);
    await expect(model.classifyRows([row(140, 0.15, 80)])).rejects.toThrow(/onnxruntime cannot load it/);
    // Asking the same cache for the model eagerly opens the session, so the failure shows at load.
    await expect(loadGenreModel(path, { cache })).rejects.toThrow(/onnxruntime cannot load it/);
  });

  it('never loads the onnxruntime addon in a process that only checks a model', () => {
    if (!existsSync('/proc/self/maps')) return; // the check reads Linux's map of loaded libraries
    const path = write('unopened', exportKnnOnnx(knn()));
    const script = `
      import { readFileSync } from 'node:fs';
      const { loadGenreModel } = await import(${JSON.stringify(new URL('../../dist/node/core/model/genre-model.js', import.meta.url).href)});
      const model = await loadGenreModel(${JSON.stringify(path)}, { session: process.argv[1] });
      const before = /onnxruntime/.test(readFileSync('/proc/self/maps', 'utf8'));
      await model.classifyRows([Array(57).fill(0)]);
      const after = /onnxruntime/.test(readFileSync('/proc/self/maps', 'utf8'));
      process.stdout.write(JSON.stringify({ before, after }));
    `;
    const run = (mode: string): unknown =>
      JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, mode], { encoding: 'utf8' }));
    expect(run('lazy')).toEqual({ before: false, after: true });
    expect(run('eager')).toEqual({ before: true, after: true });
  });
});
