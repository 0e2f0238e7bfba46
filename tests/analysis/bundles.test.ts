import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelsBuiltHere } from '../../core/analysis/features/wasm/runtime.js';
import { forkWorkerSpawner } from '../../core/analysis/fork-spawner.js';
import { runWindowKernels } from '../../core/analysis/window-kernels.js';
import { runPool, type JobOutcome } from '../../core/analysis/pool.js';
import { loadGenreModel } from '../../core/model/genre-model.js';
import { modelRef } from '../../core/model/window-inference.js';
import { bundledFfmpeg, synthSignal, writeWav } from './helpers/audio.js';

// `npm test` builds first; the bundles are part of that build (scripts/bundle-node.js).
const DIST = resolve(import.meta.dirname, '../../dist/node');
const BUNDLED_WORKER = join(DIST, 'bundles/analysis-worker.js');
const UNBUNDLED_WORKER = join(DIST, 'core/analysis/worker.js');
const ffmpeg = bundledFfmpeg();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genrewise-bundles-'));
  // 210 s: three windows, so the launcher starts an ffmpeg for each.
  writeWav(join(dir, 'song.wav'), [synthSignal(210, 22050, 21), synthSignal(210, 22050, 22)], 22050, 'int16');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyseWith(workerPath: string): Promise<JobOutcome> {
  const svc = await loadGenreModel('svc');
  const outcomes: JobOutcome[] = [];
  // Strict: the bundled worker fails rather than build a kernel its table lacks.
  const env = { ...process.env, GENREWISE_STRICT_KERNELS: '1' };
  await runPool([{ id: 1, path: join(dir, 'song.wav'), mode: 'spread', durationHintSec: null }], {
    spawn: forkWorkerSpawner({ workerPath, env }),
    ffmpeg,
    models: [modelRef(svc)],
    concurrency: 1,
    onOutcome: (o) => outcomes.push(o),
  });
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

describe('the bundled analysis processes', () => {
  it('are what the compiled CLI starts', async () => {
    const spawner = (await import(pathToFileURL(join(DIST, 'core/analysis/fork-spawner.js')).href)) as {
      defaultWorkerPath(): string;
    };
    const launcher = (await import(pathToFileURL(join(DIST, 'core/analysis/decode/launched-ffmpeg.js')).href)) as {
      defaultLauncherPath(): string;
    };
    expect(spawner.defaultWorkerPath()).toBe(BUNDLED_WORKER);
    expect(launcher.defaultLauncherPath()).toBe(join(DIST, 'bundles/launcher-process.js'));
  });

  it('compute the same features and predictions as the modules they are made of', async () => {
    const bundled = await analyseWith(BUNDLED_WORKER);
    const modules = await analyseWith(UNBUNDLED_WORKER);
    if (!bundled.ok || !modules.ok) throw new Error('analysis failed');
    expect(bundled.analysis.windows).toHaveLength(3);
    expect(bundled.analysis.windows).toEqual(modules.analysis.windows);
    expect(bundled.inference?.error ?? null).toBeNull();
    expect(bundled.inference?.predictions.length).toBeGreaterThan(0);
    expect(bundled.inference?.predictions).toEqual(modules.inference?.predictions);
  });

  it('carry the bytes of every kernel a window needs, as the builders make them today', () => {
    // The bundle's table was made when it was built; the builders here are the sources as they are
    // now, so a kernel changed since the build (or one the table missed) shows up as a difference.
    runWindowKernels();
    const built = [...kernelsBuiltHere()];
    expect(built.map(([key]) => key)).toEqual(
      expect.arrayContaining(['stft/2048', 'median-lanes/31', 'hpss-mask', 'stereo-downmix', 'peak', 'crossings']),
    );
    const bundle = readFileSync(BUNDLED_WORKER, 'utf8');
    const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    for (const [key, bytes] of built) {
      // esbuild writes a key that is an identifier without quotes.
      const entry = `(?:"${escape(key)}"|${escape(key)}): "${escape(Buffer.from(bytes).toString('base64'))}"`;
      expect(bundle, key).toMatch(new RegExp(entry));
    }
  });
});
