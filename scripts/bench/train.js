#!/usr/bin/env node
// Wall and CPU time of the whole `genrewise train` pipeline (nested 10-fold CV of SVC and KNN, the
// artist-filtered split, the final models; with --compare also logistic regression and a random
// forest, SGD, a decision tree and gradient boosting: the seed's seven) on the GTZAN table from
// ../shared/data (or GENREWISE_DATA). Uses the compiled dist/node
// (run `npm run build` first); writes the models to a temporary folder, not to models/.
// Target: ≤ 3 min wall time on 2 idle cores without --compare; with it, ≤ 10 min of CPU.
//   npm run bench -- train [--compare]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/node/core/model/', import.meta.url));
const { trainModels } = await import(join(dist, 'train.js'));
const { writeTrainedModels } = await import(join(dist, '../evaluation/write-models.js'));
const { PIPELINE_DATE } = await import(join(dist, 'card.js'));

const dataDir = [process.env.GENREWISE_DATA, resolve(fileURLToPath(import.meta.url), '../../../../shared/data')].find(
  (dir) => dir && existsSync(join(dir, 'gtzan', 'features_30_sec.csv')),
);
if (!dataDir) {
  process.stderr.write('bench train: the GTZAN table is not there (../shared/data or GENREWISE_DATA)\n');
  process.exit(2);
}
const datasetPath = join(dataDir, 'gtzan', 'features_30_sec.csv');
const splitsDir = join(dataDir, 'gtzan', 'splits', 'filtered');
const compare = process.argv.includes('--compare');

const out = mkdtempSync(join(tmpdir(), 'genrewise-bench-train-'));
const started = performance.now();
const cpu = process.cpuUsage();
const stages = new Map();
let last = started;
const result = await trainModels({
  datasetPath,
  splitsDir,
  compare,
  onProgress: (stage) => {
    const now = performance.now();
    stages.set(stage, (stages.get(stage) ?? 0) + (now - last));
    last = now;
  },
});
await writeTrainedModels(result, { outDir: out, prefix: 'gtzan', datasetPath, splitsDir, createdAt: PIPELINE_DATE });
const wall = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
rmSync(out, { recursive: true, force: true });

for (const [stage, ms] of stages) process.stdout.write(`${stage.padEnd(36)} ${(ms / 1000).toFixed(1)} s\n`);
process.stdout.write(`total: ${wall.toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU\n`);
process.stdout.write(
  `svc ${(result.svc.evaluation.cv.mean * 100).toFixed(1)} % ± ${(result.svc.evaluation.cv.std * 100).toFixed(1)} %, knn ${(result.knn.evaluation.cv.mean * 100).toFixed(1)} %\n`,
);
for (const [name, e] of Object.entries(result.compare ?? {})) {
  const filtered = e.filtered ? `, filtered ${(e.filtered.accuracy * 100).toFixed(1)} %` : '';
  process.stdout.write(
    `${name} ${(e.cv.mean * 100).toFixed(1)} % ± ${(e.cv.std * 100).toFixed(1)} %${filtered}, ECE ${e.cv.calibration.ece.toFixed(3)}\n`,
  );
}
