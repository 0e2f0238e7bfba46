#!/usr/bin/env node
// Retraining a personal model and re-predicting from stored features, on a generated library of
// N labelled tracks (default 10,000) with W windows each (default 3, a 4-minute song) in G made-up
// genres (default 10) whose feature distributions overlap (--separation, in feature spreads;
// the default 0.2 gives a CV accuracy in the range real libraries reach, so the SVC has as many
// support vectors as on real music). Uses a real SQLite library in a temp folder and the compiled
// dist/node (run `npm run build` first). Prints the learn time per stage, the CV accuracy, and
// the time to re-predict every track with the default and the personal model.
// Target (issue 5): retraining in seconds for 10,000 tracks, without decoding audio.
//   npm run bench -- learn [--tracks N] [--windows W] [--genres G] [--separation S]
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { inTempDir, load, numberArg, secondsSince, seededRandom } from './lib/bench.js';
import { featureScale, saveWindows } from './lib/synthetic-library.js';

const { openLibrary } = await load('core/service/library-schema.js');
const { updateSettings } = await load('core/library/settings.js');
const { learnPersonalModel } = await load('core/learning/learn.js');
const { refreshPredictions } = await load('core/prediction/refresh.js');
const { getLibsvm } = await load('core/model/libsvm.js');
const { fitScaler, applyScaler } = await load('core/model/scaler.js');
const { trainSvcModel } = await load('core/model/svc.js');
const { exportSvcOnnx } = await load('core/model/onnx/svc-export.js');
const { FEATURE_NAMES, ANALYZER_VERSION } = await load('shared/features.js');

const tracks = numberArg('tracks', 10_000);
const windowsPerTrack = numberArg('windows', 3);
const genreCount = numberArg('genres', 10);
const separation = numberArg('separation', 0.2);

const { gaussian } = seededRandom(42);
const SCALE = featureScale(FEATURE_NAMES);
const centres = Array.from({ length: genreCount }, () => SCALE.map((s) => 3 * s + s * separation * gaussian()));
const trackWindows = (centre, n) => {
  const offset = SCALE.map((s) => s * 0.5 * gaussian());
  return Array.from({ length: n }, () => centre.map((c, j) => c + offset[j] + SCALE[j] * 0.3 * gaussian()));
};
const GENRES = [
  'Synthwave',
  'Bossa Nova',
  'Soundtrack',
  'Drum & Bass',
  'Ambient',
  'Folk',
  'Punk',
  'Soul',
  'Techno',
  'Chanson',
  'Grime',
  'Ska',
];
const genreName = (g) => GENRES[g] ?? `Genre ${g + 1}`;

const seconds = (t) => secondsSince(t, 2);
// CPU time beside wall time: on a shared machine the wall time also counts other processes' turns.
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
await inTempDir('learn', async (dir) => {
  const db = openLibrary(join(dir, 'library.db'));
  let t = performance.now();
  const now = new Date().toISOString();
  db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/music', now);
  const insert = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, genres, added_at, updated_at) VALUES (1, ?, 1000, 0, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < tracks; i++) {
      const g = i % genreCount;
      const id = Number(insert.run(`/music/${i}.mp3`, JSON.stringify([genreName(g)]), now, now).lastInsertRowid);
      saveWindows(db, id, `/music/${i}.mp3`, trackWindows(centres[g], windowsPerTrack));
    }
  })();
  console.log(
    `library: ${tracks} tracks × ${windowsPerTrack} windows in ${genreCount} genres (separation ${separation}), generated in ${seconds(t)} s`,
  );

  // A stand-in default model (the committed one may not be built): same pipeline, GTZAN-like ids.
  const defaultRows = [];
  const defaultClasses = [];
  for (let g = 0; g < 3; g++)
    for (let k = 0; k < 40; k++)
      for (const w of trackWindows(centres[g], 2)) {
        defaultRows.push(w);
        defaultClasses.push(g);
      }
  const scaler = fitScaler(defaultRows);
  const defaultModel = trainSvcModel(await getLibsvm(), {
    classNames: ['rock', 'jazz', 'classical'],
    featureNames: FEATURE_NAMES,
    scaler,
    train: { rows: applyScaler(scaler, defaultRows), classes: defaultClasses, classCount: 3 },
    params: { c: 4, gamma: 0.0175 },
    temperature: 1,
  });
  writeFileSync(join(dir, 'bench-default.onnx'), exportSvcOnnx(defaultModel));
  writeFileSync(
    join(dir, 'bench-default.card.json'),
    JSON.stringify({
      id: 'bench-default',
      kind: 'svc',
      genres: defaultModel.labels,
      featureNames: FEATURE_NAMES,
      analyzerVersion: ANALYZER_VERSION,
    }),
  );
  updateSettings(db, { defaultModel: join(dir, 'bench-default.onnx') });
  t = performance.now();
  await refreshPredictions(db);
  console.log(`default model predictions for every track: ${seconds(t)} s`);

  // Once on the calling thread, once with the fits in worker threads (same model either way).
  const ids = [];
  for (const [run, threads] of [
    [1, 1],
    [2, undefined],
  ]) {
    t = performance.now();
    const cpu = cpuSeconds();
    const stages = [];
    let last = t;
    const result = await learnPersonalModel(db, {
      fromTags: true,
      ...(threads === undefined ? {} : { threads }),
      onProgress: (stage, done) => {
        const at = performance.now();
        if (done > 0)
          stages.push(`${stage === 'cross-validating' ? `fold ${done}` : stage} ${((at - last) / 1000).toFixed(2)} s`);
        last = at;
      },
    });
    console.log(
      `learn #${run} (${threads === 1 ? 'one thread' : `fits in ${Math.min(4, availableParallelism())} worker threads`}): ${seconds(t)} s (CPU ${(cpuSeconds() - cpu).toFixed(2)} s, all threads) for ${result.tracks} tracks (${result.windows} windows; final SVC on ${result.card.trainingData.trainingWindows}), ` +
        `CV accuracy ${(result.cv.accuracy * 100).toFixed(1)} % (${result.cv.folds} folds), T ${result.temperature}, C ${result.card.hyperParameters.c}, gamma ${result.card.hyperParameters.gamma}`,
    );
    console.log(`  stages: ${stages.join(', ')}`);
    ids.push(result.modelId);
    if (run === 2) updateSettings(db, { personalModel: result.modelId });
  }
  console.log(`  same model both times: ${ids[0] === ids[1] ? 'yes' : 'NO'} (${ids.join(', ')})`);

  t = performance.now();
  const refreshCpu = cpuSeconds();
  const refreshed = await refreshPredictions(db, { force: true });
  const elapsed = (performance.now() - t) / 1000;
  console.log(
    `re-predict from stored features (default + personal model, ${refreshed.predicted} track predictions, ${tracks * windowsPerTrack * 2} windows): ` +
      `${elapsed.toFixed(2)} s (CPU ${(cpuSeconds() - refreshCpu).toFixed(2)} s) = ${Math.round(refreshed.predicted / elapsed)} track predictions/s`,
  );
  const sources = db.prepare('SELECT source, count(*) AS n FROM current_predictions GROUP BY source').all();
  console.log(`  current predictions by source: ${sources.map((s) => `${s.source} ${s.n}`).join(', ')}`);
  db.close();
});
