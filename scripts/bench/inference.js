#!/usr/bin/env node
// Genre-model inference time with onnxruntime-node on the CPU (compiled dist/node; run
// `npm run build` first): session load, one track of 1, 3 and 5 windows (what the analysis
// worker does per track; a 4-minute song has 3 windows), and re-predicting stored features in
// bulk (what changing the active model does). Feature rows come from the GTZAN table when
// ../shared/data (or GENREWISE_DATA) is there, else from jittered copies of the model's means.
// Target: ≤ 2 ms median per 3-window track, ≥ 5,000 rows/s in bulk, on one core.
//   npm run bench -- inference [--model svc|knn|<path>] [--tracks N]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/node/core/model/', import.meta.url));
const { loadGenreModel } = await import(join(dist, 'genre-model.js'));
const { ClassifierCache } = await import(join(dist, 'inference.js'));
const { FEATURE_NAMES } = await import(fileURLToPath(new URL('../../dist/node/shared/features.js', import.meta.url)));

function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const specs = argument('model') ? [argument('model')] : ['svc', 'knn'];
const tracks = Number(argument('tracks', '300'));

function tableRows() {
  for (const dir of [process.env.GENREWISE_DATA, resolve(fileURLToPath(import.meta.url), '../../../../shared/data')]) {
    const csv = dir && join(dir, 'gtzan', 'features_30_sec.csv');
    if (csv && existsSync(csv)) {
      const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
      const columns = header.split(',');
      const index = FEATURE_NAMES.map((n) => columns.indexOf(n));
      return lines.map((line) => {
        const cells = line.split(',');
        return index.map((i) => Number(cells[i]));
      });
    }
  }
  return undefined;
}

function syntheticRows(model, n) {
  const { mean, scale } = model.located.cardJson.scaler ?? {};
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  return Array.from({ length: n }, () => FEATURE_NAMES.map((_, j) => (mean?.[j] ?? 1) + (scale?.[j] ?? 1) * random()));
}

function stats(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  return `mean ${mean.toFixed(3)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(3)} ms`;
}

for (const spec of specs) {
  const cache = new ClassifierCache();
  let t = performance.now();
  const model = await loadGenreModel(spec, { cache });
  const loadMs = performance.now() - t;
  const rows = tableRows() ?? syntheticRows(model, 1000);
  console.log(`${spec} (${model.id}): load ${loadMs.toFixed(1)} ms, ${rows.length} feature rows`);
  for (let i = 0; i < 20; i++) await model.classifyTrack(rows.slice(i, i + 3)); // warm-up
  for (const windows of [1, 3, 5]) {
    const times = [];
    for (let i = 0; i < tracks; i++) {
      const start = (i * 7) % (rows.length - windows);
      t = performance.now();
      await model.classifyTrack(rows.slice(start, start + windows));
      times.push(performance.now() - t);
    }
    console.log(`  per track, ${windows} window${windows > 1 ? 's' : ''}: ${stats(times)}`);
  }
  t = performance.now();
  await model.classifyRows(rows);
  const bulkMs = performance.now() - t;
  console.log(
    `  bulk: ${rows.length} rows in ${bulkMs.toFixed(1)} ms = ${Math.round((rows.length / bulkMs) * 1000)} rows/s`,
  );
  await cache.clear();
}
