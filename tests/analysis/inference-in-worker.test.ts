import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GTZAN_GENRES } from '../../shared/genres.js';
import { forkWorkerSpawner } from '../../core/analysis/fork-spawner.js';
import { runPool, type JobOutcome } from '../../core/analysis/pool.js';
import type { Database } from '../../core/library/db.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { scanFolders } from '../../core/library/scan.js';
import { updateSettings } from '../../core/library/settings.js';
import { loadGenreModel, type GenreModel } from '../../core/model/genre-model.js';
import { analyzeAndPredict, type AnalyzeAndPredictSummary } from '../../core/prediction/analyze-and-predict.js';
import { registerModel } from '../../core/prediction/models.js';
import { refreshPredictions } from '../../core/prediction/refresh.js';
import { shownConfidence } from '../../core/prediction/store.js';
import { modelRef } from '../../core/model/window-inference.js';
import { bundledFfmpeg, synthSignal, writeWav } from './helpers/audio.js';

/** The compiled worker: `npm test` builds first; a worker can only run compiled JavaScript. */
const WORKER = resolve(import.meta.dirname, '../../dist/node/core/analysis/worker.js');
const FIXTURE_LIBRARY = resolve(import.meta.dirname, '../fixtures/library');
const MODELS = resolve(import.meta.dirname, '../../models');
const ffmpeg = bundledFfmpeg();

interface PredictionRow {
  track_id: number;
  model_id: string;
  analysis_id: number;
  genre: string;
  probability: number;
  ood_score: number | null;
  confidence: number;
  probabilities: string;
  windows: string;
}

interface CurrentRow {
  track_id: number;
  model_id: string;
  source: string;
  genre: string;
  confidence: number;
  unfamiliar: number;
}

interface StoredWindowPrediction {
  startSec: number;
  durationSec: number;
  genre: string;
  confidence: number;
}

/** The fixture library plus two long tracks, so some tracks have several windows. */
async function library(prefix: string): Promise<{ dir: string; db: Database; total: number }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const music = join(dir, 'music');
  cpSync(FIXTURE_LIBRARY, music, { recursive: true });
  rmSync(join(music, 'manifest.json'));
  mkdirSync(join(music, 'long'));
  writeWav(join(music, 'long', 'two-windows.wav'), [synthSignal(130, 22050, 5)], 22050);
  writeWav(join(music, 'long', 'three-windows.wav'), [synthSignal(210, 22050, 6)], 22050);
  const db = openLibrary(join(dir, 'library.db'));
  const scan = await scanFolders(db, [music]);
  expect(scan.errors).toBe(0);
  return { dir, db, total: scan.added };
}

function predictions(db: Database): PredictionRow[] {
  return db.prepare('SELECT * FROM predictions ORDER BY track_id, model_id').all() as PredictionRow[];
}

describe('analyse and predict in one pass', () => {
  let dir: string;
  let db: Database;
  let total: number;
  let svc: GenreModel;
  let knn: GenreModel;
  let summary: AnalyzeAndPredictSummary;
  /** After every finished track: predictions and current predictions stored so far, against tracks finished. */
  const progress: { done: number; svc: number; knn: number; current: number }[] = [];

  beforeAll(async () => {
    expect(existsSync(WORKER), `${WORKER} missing: run npm run build`).toBe(true);
    ({ dir, db, total } = await library('genrewise-infer-'));
    svc = await loadGenreModel('svc');
    knn = await loadGenreModel('knn');
    // KNN stands in for a personal model, so the workers classify with two models at once.
    registerModel(db, knn, 'personal');
    updateSettings(db, { defaultModel: 'svc', personalModel: knn.id });
    const count = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    summary = await analyzeAndPredict({
      db,
      spawn: forkWorkerSpawner({ workerPath: WORKER }),
      ffmpeg,
      concurrency: 2,
      onProgress: (p) =>
        progress.push({
          done: p.done,
          svc: count('SELECT count(*) FROM predictions WHERE model_id = ?', svc.id),
          knn: count('SELECT count(*) FROM predictions WHERE model_id = ?', knn.id),
          current: count('SELECT count(*) FROM current_predictions'),
        }),
    });
  }, 120_000);
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('predicts every track in the workers and stores it with its analysis, track by track', () => {
    expect(summary).toMatchObject({
      analysed: total,
      failed: 0,
      predicted: total,
      predictedInWorkers: total,
      inferenceFailures: 0,
      inferenceErrors: [],
    });
    // Each progress report comes after a track's transaction: its predictions are already there.
    expect(progress).toHaveLength(total);
    expect(progress).toEqual(progress.map((p) => ({ done: p.done, svc: p.done, knn: p.done, current: p.done })));
  });

  it('stores for every analysed track and model: the current analysis, probabilities summing to 1, one entry per window', () => {
    const rows = predictions(db);
    expect(rows).toHaveLength(2 * total);
    const analyses = new Map(
      (
        db.prepare("SELECT track_id AS trackId, id FROM analyses WHERE status = 'ok'").all() as {
          trackId: number;
          id: number;
        }[]
      ).map((a) => [a.trackId, a.id]),
    );
    expect(analyses.size).toBe(total);
    const windowsOf = db.prepare(
      'SELECT start_sec AS startSec, duration_sec AS durationSec FROM analysis_windows WHERE analysis_id = ? ORDER BY window_index',
    );
    let multiWindow = 0;
    for (const row of rows) {
      expect([svc.id, knn.id]).toContain(row.model_id);
      expect(row.analysis_id).toBe(analyses.get(row.track_id));
      const probabilities = JSON.parse(row.probabilities) as Record<string, number>;
      expect(Object.keys(probabilities)).toEqual([...(row.model_id === svc.id ? svc : knn).genres]);
      expect(Object.values(probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.genre).toBe(Object.entries(probabilities).sort((a, b) => b[1] - a[1])[0]![0]);
      expect(GTZAN_GENRES as readonly string[]).toContain(row.genre);
      const stored = windowsOf.all(row.analysis_id) as { startSec: number; durationSec: number }[];
      const windows = JSON.parse(row.windows) as StoredWindowPrediction[];
      expect(windows.map((w) => ({ startSec: w.startSec, durationSec: w.durationSec }))).toEqual(stored);
      if (windows.length > 1) multiWindow++;
    }
    expect(multiWindow).toBe(2 * 2);
    const current = db.prepare('SELECT track_id, source FROM current_predictions').all() as { source: string }[];
    expect(current).toHaveLength(total);
  });

  it('gives exactly what predicting again from the stored features gives', async () => {
    const fromWorkers = predictions(db);
    const current = db.prepare('SELECT * FROM current_predictions ORDER BY track_id').all() as CurrentRow[];
    const refreshed = await refreshPredictions(db, { force: true });
    expect(refreshed.predicted).toBe(2 * total);
    const fromStore = predictions(db);
    expect(fromStore).toHaveLength(fromWorkers.length);
    let largest = 0;
    fromWorkers.forEach((w, i) => {
      const s = fromStore[i]!;
      expect([s.track_id, s.model_id, s.analysis_id, s.genre]).toEqual([
        w.track_id,
        w.model_id,
        w.analysis_id,
        w.genre,
      ]);
      const pw = JSON.parse(w.probabilities) as Record<string, number>;
      const ps = JSON.parse(s.probabilities) as Record<string, number>;
      for (const genre of Object.keys(pw)) largest = Math.max(largest, Math.abs(pw[genre]! - ps[genre]!));
      // The model's own out-of-distribution score travels with the worker's verdict.
      expect(w.ood_score).toEqual(expect.any(Number));
      largest = Math.max(largest, Math.abs(w.ood_score! - s.ood_score!), Math.abs(w.confidence - s.confidence));
      const ww = JSON.parse(w.windows) as StoredWindowPrediction[];
      const ws = JSON.parse(s.windows) as StoredWindowPrediction[];
      expect(ws.map((x) => x.genre)).toEqual(ww.map((x) => x.genre));
      ww.forEach((x, j) => (largest = Math.max(largest, Math.abs(x.confidence - ws[j]!.confidence))));
    });
    expect(largest).toBeLessThan(1e-6);
    // The same choice for every track; confidences equal up to float32 rounding (onnxruntime
    // may sum in another order for a batch of many tracks than for one track's windows).
    const after = db.prepare('SELECT * FROM current_predictions ORDER BY track_id').all() as CurrentRow[];
    expect(after.map(({ confidence: _c, ...rest }) => rest)).toEqual(
      current.map(({ confidence: _c, ...rest }) => rest),
    );
    after.forEach((row, i) => expect(Math.abs(row.confidence - current[i]!.confidence)).toBeLessThan(1e-6));
  });

  it('predicts nothing again on the next run', async () => {
    const again = await analyzeAndPredict({
      db,
      spawn: forkWorkerSpawner({ workerPath: WORKER }),
      ffmpeg,
      concurrency: 2,
    });
    expect(again).toMatchObject({ analysed: 0, skipped: total, predicted: 0, predictedInWorkers: 0 });
  });
});

describe('an out-of-distribution scorer given to the prediction stage', () => {
  it('overrides the score the workers report, as it does when predicting from stored features', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genrewise-infer-ood-'));
    const db = openLibrary(join(dir, 'library.db'));
    try {
      cpSync(join(FIXTURE_LIBRARY, 'mp3'), join(dir, 'music'), { recursive: true });
      const { added } = await scanFolders(db, [join(dir, 'music')]);
      const seen: number[] = [];
      const summary = await analyzeAndPredict({
        db,
        spawn: forkWorkerSpawner({ workerPath: WORKER }),
        ffmpeg,
        prediction: {
          ood: (_model, windows) => {
            seen.push(windows.length);
            return 2;
          },
        },
      });
      expect(summary).toMatchObject({ analysed: added, predictedInWorkers: added });
      expect(seen).toEqual(Array(added).fill(1));
      const rows = db
        .prepare(
          'SELECT p.probability, p.ood_score, p.confidence, c.unfamiliar FROM predictions p JOIN current_predictions c USING (track_id)',
        )
        .all() as {
        probability: number;
        ood_score: number;
        confidence: number;
        unfamiliar: number;
      }[];
      expect(rows).toHaveLength(added);
      for (const r of rows)
        expect(r).toEqual({
          probability: r.probability,
          ood_score: 2,
          confidence: shownConfidence(r.probability, 2),
          unfamiliar: 1,
        });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('inference failures in the worker', () => {
  it('keep the features; those tracks are predicted from the stored features', async () => {
    const { dir, db, total } = await library('genrewise-infer-fail-');
    try {
      // The model the run loaded vanishes before any worker loads it (a model folder being
      // replaced mid-run): every worker's inference fails, the parent's loaded session does not.
      const models = join(dir, 'models');
      mkdirSync(models);
      for (const f of ['gtzan-svc.onnx', 'gtzan-svc.card.json']) copyFileSync(join(MODELS, f), join(models, f));
      updateSettings(db, { defaultModel: join(models, 'gtzan-svc.card.json') });
      let removed = false;
      const summary = await analyzeAndPredict({
        db,
        spawn: forkWorkerSpawner({ workerPath: WORKER }),
        ffmpeg,
        concurrency: 2,
        onStart: () => {
          if (!removed) rmSync(join(models, 'gtzan-svc.onnx'));
          removed = true;
        },
      });
      expect(summary).toMatchObject({
        analysed: total,
        failed: 0,
        predicted: total,
        predictedInWorkers: 0,
        inferenceFailures: total,
      });
      expect(summary.inferenceErrors).toHaveLength(1);
      expect(summary.inferenceErrors[0]).toMatch(/gtzan-svc\.onnx does not exist/);
      expect(db.prepare("SELECT count(*) FROM analyses WHERE status = 'ok'").pluck().get()).toBe(total);
      expect(db.prepare('SELECT count(*) FROM analysis_windows').pluck().get()).toBe(summary.windows);
      const rows = predictions(db);
      expect(rows).toHaveLength(total);
      const current = db.prepare('SELECT count(*) FROM current_predictions').pluck().get();
      expect(current).toBe(total);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('are reported per file by the pool beside intact features; a model that changed on disk is refused', async () => {
    const model = await loadGenreModel('svc');
    const svc = modelRef(model);
    const path = join(FIXTURE_LIBRARY, 'mp3/id3v23-slash-cover.mp3');
    const outcomes: JobOutcome[] = [];
    const job = { path, mode: 'spread' as const, durationHintSec: null };
    for (const models of [
      [],
      [svc],
      [{ ...svc, id: 'svc-of-another-day' }],
      [{ id: 'gone', onnxPath: '/nonexistent/model.onnx', cardPath: '/nonexistent/model.card.json' }, svc],
    ]) {
      await runPool([{ id: outcomes.length, ...job }], {
        spawn: forkWorkerSpawner({ workerPath: WORKER }),
        ffmpeg,
        models,
        onOutcome: (o) => outcomes.push(o),
      });
    }
    const ok = outcomes.map((o) => {
      if (!o.ok) throw new Error(o.failure.message);
      expect(o.analysis.windows).toHaveLength(1);
      return o;
    });
    expect(ok.map((o) => o.analysis.windows[0]!.features)).toEqual(Array(4).fill(ok[0]!.analysis.windows[0]!.features));
    expect(ok[0]!.inference).toBeNull();
    expect(ok[1]!.inference).toMatchObject({
      error: null,
      predictions: [{ modelId: svc.id, genres: [...model.genres], oodScore: expect.any(Number) }],
    });
    expect(ok[1]!.inference!.predictions[0]!.windowProbabilities).toHaveLength(1);
    expect(ok[2]!.inference).toMatchObject({
      predictions: [],
      error: expect.stringMatching(/ModelChangedError: model svc-of-another-day changed on disk/),
    });
    // One model failing costs only that model's verdict.
    expect(ok[3]!.inference!.error).toMatch(/^model gone: ModelNotFoundError: .*does not exist$/);
    expect(ok[3]!.inference!.predictions.map((p) => p.modelId)).toEqual([svc.id]);
  }, 60_000);
});
