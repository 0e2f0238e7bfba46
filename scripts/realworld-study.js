#!/usr/bin/env node
// Which default model survives real audio? Scores model configurations (feature set × classifier)
// two ways: GTZAN nested stratified 10-fold CV (as `genrewise train`), and the real-recording
// development set built by scripts/make-realworld-devset.sh (fitted on all GTZAN rows,
// hyper-parameters and temperature by inner CV, each recording as the library would see it:
// spread windows, mean of the windows' probabilities).
//   npm run build && node scripts/realworld-study.js [labels.tsv] [--quick]
// --quick replaces nested CV by a plain 10-fold CV at the hyper-parameters chosen on all rows
// (optimistic by a point or so; for screening). Features of the recordings are cached beside
// the labels (features-cache.json), keyed by path and analyzer version.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';

const dist = fileURLToPath(new URL('../dist/node/', import.meta.url));
const load = (p) => import(join(dist, p));
const { loadFeatureTable } = await load('core/model/dataset.js');
const { crossValidate, selectHyperParams, fitCalibration } = await load('core/model/evaluation.js');
const { svcLearner, svcGrid } = await load('core/model/svc.js');
const { knnLearner, knnGrid } = await load('core/model/knn.js');
const { logisticLearner } = await load('core/model/logistic-regression.js');
const { getLibsvm } = await load('core/model/libsvm.js');
const { fitScaler, applyScaler } = await load('core/model/scaler.js');
const { applyTemperature } = await load('core/model/temperature.js');
const { stratifiedKFold, complement, pick, meanAndStd } = await load('core/model/cross-validation.js');
const { argmax } = await load('core/model/metrics.js');
const { deriveSeed } = await load('core/model/random.js');
const { FEATURE_SETS, featureSetNames } = await load('core/model/feature-sets.js');
const { readLabelledSet } = await load('core/evaluation/labelled-set.js');
const { analyseLabelledSet } = await load('core/evaluation/recordings.js');
const { scoreOutcomes } = await load('core/evaluation/scores.js');
const { resolveFfmpeg } = await load('core/analysis/decode/ffmpeg-binary.js');
const { FEATURE_NAMES, ANALYZER_VERSION } = await load('shared/features.js');
const { buildOodReference, oodScores, trackOodScore } = await load('core/model/ood.js');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const labelsPath = resolve(
  args.find((a) => !a.startsWith('--')) ??
    join(
      process.env.GENREWISE_REALWORLD ??
        join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'genrewise-test-data', 'realworld'),
      'labels.tsv',
    ),
);
const dataDir = [process.env.GENREWISE_DATA, resolve(fileURLToPath(import.meta.url), '../../../shared/data')].find(
  (d) => d && existsSync(join(d, 'gtzan', 'features_30_sec.csv')),
);
if (!dataDir || !existsSync(labelsPath)) {
  process.stderr.write('realworld-study: needs ../shared/data and the dev set (scripts/make-realworld-devset.sh)\n');
  process.exit(2);
}

// --- the recordings' features, cached -------------------------------------------------------
const set = readLabelledSet(labelsPath);
const cachePath = join(dirname(labelsPath), 'features-cache.json');
const cache = existsSync(cachePath) ? JSON.parse(readFileSync(cachePath, 'utf8')) : {};
const missing = set.recordings.filter((r) => cache[r.path]?.analyzer !== ANALYZER_VERSION);
if (missing.length > 0) {
  process.stderr.write(`analysing ${missing.length} recordings…\n`);
  const analysed = await analyseLabelledSet({ source: set.source, recordings: missing }, { ffmpeg: resolveFfmpeg() });
  for (const a of analysed) if (!a.error) cache[a.recording.path] = { analyzer: ANALYZER_VERSION, windows: a.windows };
  writeFileSync(cachePath, JSON.stringify(cache));
}
const recordings = set.recordings.filter((r) => cache[r.path]).map((r) => ({ ...r, windows: cache[r.path].windows }));

// --- learners --------------------------------------------------------------------------------
const libsvm = await getLibsvm();
/** Mean of two learners' probabilities; hyper-parameters: the first learner's grid. */
function averaged(a, b) {
  return {
    name: `${a.name}+${b.name}`,
    grid: a.grid,
    predictCandidates: (train, test) => {
      const pb = b.fitPredictProbabilities(train, b.grid[0], test);
      return a.grid.map((p) =>
        a.fitPredictProbabilities(train, p, test).map((row, i) => argmax(row.map((v, j) => (v + pb[i][j]) / 2))),
      );
    },
    fitPredictProbabilities: (train, p, test) => {
      const pa = a.fitPredictProbabilities(train, p, test);
      const pb = b.fitPredictProbabilities(train, b.grid[0], test);
      return pa.map((row, i) => row.map((v, j) => (v + pb[i][j]) / 2));
    },
    temperatureScaling: false,
    describe: (p) => a.describe(p),
  };
}
const learners = {
  svc: (f) => svcLearner(libsvm, svcGrid(f)),
  knn: () => knnLearner(knnGrid()),
  logistic: () => logisticLearner(),
  'svc+logistic': (f) => averaged(svcLearner(libsvm, svcGrid(f)), logisticLearner()),
};

// --- out-of-distribution rates: held-out GTZAN rows (10 folds) vs the real recordings ---------
function oodRates(data, columns, scaler, standardisedAll) {
  const out = {};
  for (const percentile of [95, 99]) {
    let outside = 0;
    for (const test of stratifiedKFold(data.classes, 10, 1)) {
      const trainRows = complement(data.rows.length, test);
      const foldScaler = fitScaler(pick(data.rows, trainRows));
      const reference = buildOodReference(applyScaler(foldScaler, pick(data.rows, trainRows)), { percentile });
      outside += oodScores(reference, applyScaler(foldScaler, pick(data.rows, test))).filter((s) => s > 1).length;
    }
    const reference = buildOodReference(standardisedAll, { percentile });
    const real = recordings.map((r) =>
      trackOodScore(
        oodScores(
          reference,
          applyScaler(
            scaler,
            r.windows.map((w) => columns.map((c) => w[c])),
          ),
        ),
      ),
    );
    out[percentile] = {
      gtzan: outside / data.rows.length,
      real: real.filter((s) => s > 1).length / real.length,
      median: [...real].sort((a, b) => a - b)[real.length >> 1],
    };
  }
  return out;
}

// --- one configuration -------------------------------------------------------------------------
const table = await loadFeatureTable(join(dataDir, 'gtzan', 'features_30_sec.csv'));
const classNames = [...new Set(table.labels)];

async function study(featureSet, learnerName) {
  const names = FEATURE_SETS[featureSet];
  const columns = names.map((n) => FEATURE_NAMES.indexOf(n));
  const tableColumns = names.map((n) => table.featureNames.indexOf(n));
  const data = {
    rows: table.rows.map((r) => tableColumns.map((c) => r[c])),
    classes: table.labels.map((l) => classNames.indexOf(l)),
    classCount: classNames.length,
  };
  const learner = learners[learnerName](names.length);
  const started = performance.now();
  const finalSeed = deriveSeed(1, 1000);
  const choice = selectHyperParams(learner, data, 5, finalSeed);
  const temperature = fitCalibration(learner, data, choice.params, 5, deriveSeed(finalSeed, 1));
  let cv;
  if (quick) {
    const accs = [];
    for (const test of stratifiedKFold(data.classes, 10, 1)) {
      const trainRows = complement(data.rows.length, test);
      const scaler = fitScaler(pick(data.rows, trainRows));
      const train = {
        rows: applyScaler(scaler, pick(data.rows, trainRows)),
        classes: pick(data.classes, trainRows),
        classCount: data.classCount,
      };
      const p = learner.fitPredictProbabilities(train, choice.params, applyScaler(scaler, pick(data.rows, test)));
      accs.push(p.filter((row, i) => argmax(row) === data.classes[test[i]]).length / test.length);
    }
    cv = meanAndStd(accs);
  } else {
    cv = await crossValidate(learner, data, { folds: 10, innerFolds: 5, seed: 1 });
  }
  const scaler = fitScaler(data.rows);
  const train = { rows: applyScaler(scaler, data.rows), classes: data.classes, classCount: data.classCount };
  const outcomes = [];
  for (const r of recordings) {
    const windows = applyScaler(
      scaler,
      r.windows.map((w) => columns.map((c) => w[c])),
    );
    const probs = learner
      .fitPredictProbabilities(train, choice.params, windows)
      .map((p) => applyTemperature(p, temperature));
    const mean = classNames.map((_, j) => probs.reduce((s, p) => s + p[j], 0) / probs.length);
    const best = argmax(mean);
    outcomes.push({ truth: r.genre, predicted: classNames[best], confidence: mean[best], ood: null });
  }
  const scores = scoreOutcomes(outcomes, { genres: classNames });
  const ood = oodRates(data, columns, scaler, train.rows);
  return {
    ood,
    featureSet,
    learner: learnerName,
    features: names.length,
    params: learner.describe(choice.params),
    temperature,
    cv,
    scores,
    seconds: (performance.now() - started) / 1000,
  };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const only = args.filter((a) => a.startsWith('--only=')).map((a) => a.slice(7).split(','))[0];
process.stdout.write(
  `${recordings.length} recordings (${set.source}); GTZAN ${quick ? 'plain' : 'nested'} 10-fold CV\n`,
);
process.stdout.write(
  `${'features'.padEnd(16)} ${'classifier'.padEnd(13)} ${'GTZAN CV'.padEnd(15)} ${'real acc'.padEnd(9)} ${'balanced'.padEnd(9)} conf.wrong  params\n`,
);
for (const featureSet of featureSetNames()) {
  for (const learnerName of Object.keys(learners)) {
    if (
      only &&
      !only.includes(`${featureSet}/${learnerName}`) &&
      !only.includes(featureSet) &&
      !only.includes(learnerName)
    )
      continue;
    const r = await study(featureSet, learnerName);
    process.stdout.write(
      `${featureSet.padEnd(16)} ${learnerName.padEnd(13)} ${`${pct(r.cv.mean)} ± ${pct(r.cv.std)}`.padEnd(15)} ${pct(r.scores.accuracy).padEnd(9)} ${pct(r.scores.balancedAccuracy).padEnd(9)} ${String(r.scores.confidentlyWrong.count).padEnd(10)}  ${JSON.stringify(r.params)} T=${r.temperature} (${r.seconds.toFixed(0)} s)\n`,
    );
    process.stdout.write(
      `    OOD > 1: ${Object.entries(r.ood)
        .map(([p, o]) => `p${p}: GTZAN held-out ${pct(o.gtzan)}, real ${pct(o.real)} (median ${o.median.toFixed(2)})`)
        .join('; ')}\n`,
    );
    process.stdout.write(
      `    recall ${Object.entries(r.scores.perGenre)
        .map(([g, s]) => `${g} ${s.recall.toFixed(2)}/${s.support}`)
        .join(', ')}\n`,
    );
  }
}
