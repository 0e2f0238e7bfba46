#!/usr/bin/env node
// Chooses the library-context model's parameters (core/learning/context-params.ts) by
// cross-validation grouped by library: every grid point is scored on every development library
// in two situations — decisions on a random 10 % of the tracks, and a random half of the tracks
// tagged — over several seeds; the objective is the mean negative log-likelihood of the
// not-labelled tracks of taught genres after the per-library temperature the app fits
// (context-calibration.ts).
// Among the points whose expected calibration error stays ≤ 0.05 on every library, the lowest
// mean wins. Leave-one-library-out shows how a choice made without a library does on it.
//   npm run build:node && node scripts/context-study.js [--library <library.db> <truth.tsv>]…
// PERSONAL_WEIGHTS=0,0.5,1 adds a fourth expert to every grid point: the personal SVC ("Learn from
// my library", core/learning/personal-fit.ts) fitted on the labelled tracks' windows, its mean
// window probabilities raised to each weight (labelled tracks get out-of-fold ones, 3 folds, so the
// temperature stays honest); it speaks only where every taught genre has PERSONAL_MIN labels
// (default 10, the app's --min-per-genre).
// Libraries: GTZAN (../shared/data, or $GENREWISE_DATA): all ten genres, and four 4-genre
// subsets, with artists from the artist-filtered split (a run of consecutive clips of one genre in
// one split part is one artist) and albums of at most ten consecutive clips of an artist; plus any
// `--library db truth.tsv` (an analysed library and path<TAB>genre of its tracks).
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/node/', import.meta.url));
const load = (p) => import(join(dist, p));
const { loadFeatureTable } = await load('core/model/dataset.js');
const { trackPoints } = await load('core/learning/track-vectors.js');
const { groupTracks } = await load('core/learning/track-groups.js');
const { predictFewShot, neighbourScale } = await load('core/learning/few-shot.js');
const { predictContext } = await load('core/learning/context-model.js');
const { fitContextTemperature, tempered } = await load('core/learning/context-calibration.js');
const { calibration } = await load('core/model/metrics.js');
const { seededRandom, shuffled } = await load('core/model/random.js');
const { FEATURE_NAMES } = await load('shared/features.js');
const { openLibrary } = await load('core/service/library-schema.js');
const { readContextLibrary } = await load('core/learning/context-library.js');
const { getLibsvm } = await load('core/model/libsvm.js');
const { fitPersonalSvc, DEFAULT_LIMITS } = await load('core/learning/personal-fit.js');
const { predictSvc } = await load('core/model/svc.js');
const { stratifiedGroupFolds } = await load('core/learning/group-folds.js');

const data = resolve(
  process.env.GENREWISE_DATA ?? join(fileURLToPath(new URL('../', import.meta.url)), '../shared/data'),
);
const args = process.argv.slice(2);
const SEEDS = [1, 2, 3];

function gtzanLibraries() {
  const csv = join(data, 'gtzan/features_30_sec.csv');
  if (!existsSync(csv)) return [];
  return loadFeatureTable(csv).then((table) => {
    const part = new Map();
    for (const name of ['train', 'validation', 'test']) {
      for (const line of readFileSync(join(data, `gtzan/splits/filtered/${name}.csv`), 'utf8').split('\n')) {
        if (line.trim()) part.set(line.trim().split('/').pop(), name);
      }
    }
    const order = table.ids.map((id, i) => i).sort((a, b) => (table.ids[a] < table.ids[b] ? -1 : 1));
    const tracks = [];
    let artist = 0;
    let previous = '';
    let run = 0;
    for (const i of order) {
      const key = `${table.labels[i]}/${part.get(table.ids[i]) ?? `none-${i}`}`;
      if (key !== previous) {
        artist++;
        run = 0;
        previous = key;
      }
      const album = `a${artist}-${Math.floor(run++ / 10)}`;
      tracks.push({ row: i, genre: table.labels[i], artist: `artist ${artist}`, album });
    }
    const make = (name, genres) => {
      const chosen = tracks.filter((t) => genres.includes(t.genre));
      return {
        name,
        points: trackPoints(
          chosen.map((t) => [table.rows[t.row]]),
          FEATURE_NAMES,
        ),
        groups: groupTracks(
          chosen.map((t) => ({ path: `/gtzan/${t.album}/x`, album: t.album, albumArtist: null, artist: t.artist })),
        ),
        windows: chosen.map((t) => [table.rows[t.row]]),
        truth: chosen.map((t) => t.genre),
      };
    };
    const all = [...new Set(table.labels)].sort();
    const random = seededRandom(7);
    const subsets = [0, 1, 2, 3].map(() => shuffled(all, random).slice(0, 4).sort());
    return [make('gtzan-10', all), ...subsets.map((g) => make(`gtzan-${g.join('+')}`, g))];
  });
}

function dbLibrary(dbPath, truthPath) {
  const truthOf = new Map(
    readFileSync(truthPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.split('\t')),
  );
  const db = openLibrary(resolve(dbPath));
  try {
    const lib = readContextLibrary(db);
    const keep = lib.tracks.map((t, i) => i).filter((i) => truthOf.has(lib.tracks[i].path));
    return {
      name: dbPath.split('/').pop(),
      points: trackPoints(
        keep.map((i) => lib.windows[i]),
        FEATURE_NAMES,
      ),
      groups: groupTracks(keep.map((i) => lib.tracks[i])),
      windows: keep.map((i) => lib.windows[i]),
      truth: keep.map((i) => truthOf.get(lib.tracks[i].path)),
    };
  } finally {
    db.close();
  }
}

const libraries = [...(await gtzanLibraries())];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--library') libraries.push(dbLibrary(args[++i], args[++i]));
}

// CONTEXT_GRID='[{…}, …]' scores just those points (to compare candidates quickly).
let grid = process.env.CONTEXT_GRID ? JSON.parse(process.env.CONTEXT_GRID) : [];
if (grid.length === 0)
  for (const neighbours of [1, 3, 5])
    for (const bandwidth of [0.25, 0.5, 1, 2, 4])
      for (const albumCoherence of [0.6, 0.8, 0.9, 0.95])
        for (const siblingWeight of [0, 0.1, 0.3, 1])
          for (const artistCoherence of [0, 0.5, 0.8])
            grid.push({ neighbours, bandwidth, albumCoherence, siblingWeight, artistCoherence });

const personalWeights = process.env.PERSONAL_WEIGHTS ? process.env.PERSONAL_WEIGHTS.split(',').map(Number) : [];
if (personalWeights.length > 0) grid = grid.flatMap((p) => personalWeights.map((w) => ({ ...p, personalWeight: w })));
const PERSONAL_MIN = Number(process.env.PERSONAL_MIN ?? 10);
const SMOOTH = 0.01;

/**
 * The personal SVC's mean window probabilities per track (Float64Array over all classes), or null
 * when a taught genre has fewer than PERSONAL_MIN labels (the app would leave it out).
 */
async function personalExpert(lib, labels, classCount, seed) {
  const counts = new Array(classCount).fill(0);
  for (const l of labels) if (l >= 0) counts[l]++;
  const taught = counts.map((_, g) => g).filter((g) => counts[g] > 0);
  if (taught.length < 2 || taught.some((g) => counts[g] < PERSONAL_MIN)) return null;
  const labelled = [...labels.keys()].filter((i) => labels[i] >= 0).sort((a, b) => labels[a] - labels[b] || a - b);
  const local = new Map(taught.map((g, j) => [g, j]));
  const rowsOf = (i) => lib.windows[i].map((w) => Array.from(w));
  const set = {
    genres: taught.map(String),
    featureNames: FEATURE_NAMES,
    tracks: labelled.map((i) => ({ trackId: i, genre: local.get(labels[i]), source: 'tag', windows: rowsOf(i) })),
    leftOut: [],
    unanalysed: 0,
  };
  const libsvm = await getLibsvm();
  const out = new Array(labels.length);
  const predictInto = (fit, indices) => {
    const probs = predictSvc(libsvm, fit.model, indices.flatMap(rowsOf));
    let r = 0;
    for (const i of indices) {
      const mean = new Float64Array(classCount).fill(SMOOTH / classCount);
      const n = lib.windows[i].length;
      for (let w = 0; w < n; w++) {
        const p = probs[r++];
        fit.model.labels.forEach((name, j) => (mean[taught[Number(name)]] += ((1 - SMOOTH) * p[j]) / n));
      }
      out[i] = mean;
    }
  };
  const all = set.tracks.map((_, k) => k);
  predictInto(
    fitPersonalSvc(libsvm, set, all, DEFAULT_LIMITS, seed),
    [...labels.keys()].filter((i) => labels[i] < 0),
  );
  for (const test of stratifiedGroupFolds(
    set.tracks.map((t) => t.genre),
    3,
    seed,
  )) {
    const inTest = new Set(test);
    const fit = fitPersonalSvc(
      libsvm,
      set,
      all.filter((k) => !inTest.has(k)),
      DEFAULT_LIMITS,
      seed,
    );
    predictInto(
      fit,
      test.map((k) => labelled[k]),
    );
  }
  return out;
}

/** p · s^w, renormalised: the context model's logits plus w · log s. */
function withPersonal(probabilities, personal, weight) {
  const out = probabilities.map((p, g) => p * personal[g] ** weight);
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((p) => p / sum);
}

const SCENARIOS = { decisions10: 0.1, tags50: 0.5 };

async function score(lib) {
  const classes = [...new Set(lib.truth)].sort();
  const truth = Int32Array.from(lib.truth.map((g) => classes.indexOf(g)));
  const scale = neighbourScale(lib.points);
  const results = grid.map(() => ({ nll: 0, correct: 0, n: 0, probs: [], truths: [], byScenario: {} }));
  for (const [scenario, share] of Object.entries(SCENARIOS)) {
    for (const seed of SEEDS) {
      const order = shuffled(
        truth.map((_, i) => i),
        seededRandom(seed * 101 + share * 1000),
      );
      const labels = new Int32Array(truth.length).fill(-1);
      for (const i of order.slice(0, Math.max(2, Math.round(share * truth.length)))) labels[i] = truth[i];
      const taught = new Set(Array.from(labels).filter((l) => l >= 0));
      const audioCache = new Map();
      const personal = personalWeights.length > 0 ? await personalExpert(lib, labels, classes.length, seed) : null;
      if (personal) personalRuns.push(`${lib.name}/${scenario}/${seed}`);
      grid.forEach((params, p) => {
        const key = `${params.neighbours}/${params.bandwidth}`;
        if (!audioCache.has(key))
          audioCache.set(key, predictFewShot(lib.points, labels, classes.length, params, scale));
        const context = predictContext(
          { points: lib.points, labels, classCount: classes.length, groups: lib.groups, audio: audioCache.get(key) },
          params,
        );
        const tracks =
          personal && params.personalWeight > 0
            ? context.map((t, i) => ({
                ...t,
                probabilities: withPersonal(t.probabilities, personal[i], params.personalWeight),
              }))
            : context;
        const t = fitContextTemperature(tracks, labels);
        const r = results[p];
        tracks.forEach((track, i) => {
          // Unlabelled tracks of genres with at least one label: a genre nobody taught cannot be named
          // by any parameter (it is the unfamiliar case), and its cost would only measure luck.
          if (labels[i] >= 0 || !taught.has(truth[i])) return;
          const probs = tempered(track.probabilities, t);
          r.nll -= Math.log(Math.max(probs[truth[i]], 1e-12));
          let top = 0;
          probs.forEach((v, g) => {
            if (v > probs[top]) top = g;
          });
          if (top === truth[i]) r.correct++;
          r.n++;
          const s = (r.byScenario[scenario] ??= { correct: 0, n: 0 });
          s.n++;
          if (top === truth[i]) s.correct++;
          if (scenario === 'tags50') {
            r.probs.push(probs);
            r.truths.push(truth[i]);
          }
        });
      });
    }
  }
  return results.map((r) => ({
    nll: r.nll / r.n,
    acc: r.correct / r.n,
    d10: r.byScenario.decisions10.correct / r.byScenario.decisions10.n,
    t50: r.byScenario.tags50.correct / r.byScenario.tags50.n,
    ece: calibration(r.truths, r.probs).ece,
  }));
}

const personalRuns = [];
const scores = [];
for (const lib of libraries) {
  const started = Date.now();
  const s = await score(lib);
  scores.push(s);
  process.stderr.write(`${lib.name}: ${lib.truth.length} tracks, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
if (personalWeights.length > 0)
  console.log(`The personal SVC spoke in ${personalRuns.length} runs: ${personalRuns.join(', ') || 'none'}`);
const mean = (p, libs) => libs.reduce((a, l) => a + scores[l][p].nll, 0) / libs.length;
// The calibration target (ECE ≤ 0.05 once genres have ten labels: the half-tagged runs) is a
// requirement, not a trade-off: among the points meeting it on every library, the lowest mean NLL.
const MAX_ECE = 0.05;
const calibrated = (p, libs) => libs.every((l) => scores[l][p].ece <= MAX_ECE);
const best = (libs) => {
  const points = grid.map((_, p) => p);
  const ok = points.filter((p) => calibrated(p, libs));
  return (ok.length > 0 ? ok : points).sort((a, b) => mean(a, libs) - mean(b, libs))[0];
};
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const describe = (p) => JSON.stringify(grid[p]);

console.log('Leave one library out (parameters chosen on the others):');
libraries.forEach((lib, l) => {
  const others = libraries.map((_, i) => i).filter((i) => i !== l);
  const p = best(others);
  const s = scores[l][p];
  console.log(
    `  ${lib.name}: accuracy ${pct(s.acc)}, NLL ${s.nll.toFixed(3)}, ECE (tags50) ${s.ece.toFixed(3)} with ${describe(p)}`,
  );
});
const all = libraries.map((_, i) => i);
const chosen = best(all);
console.log(`Chosen on all libraries: ${describe(chosen)}`);
libraries.forEach((lib, l) => {
  const s = scores[l][chosen];
  console.log(
    `  ${lib.name}: accuracy 10 % decided ${pct(s.d10)}, half tagged ${pct(s.t50)}; NLL ${s.nll.toFixed(3)}, ECE (half tagged) ${s.ece.toFixed(3)}`,
  );
});
if (process.env.CONTEXT_GRID) {
  grid.forEach((params, p) => {
    console.log(`Scores of ${describe(p)}:`);
    libraries.forEach((lib, l) => {
      const s = scores[l][p];
      console.log(
        `  ${lib.name}: accuracy 10 % decided ${pct(s.d10)}, half tagged ${pct(s.t50)}; NLL ${s.nll.toFixed(3)}, ECE (half tagged) ${s.ece.toFixed(3)}`,
      );
    });
  });
} else {
  const audioOnly = grid.findIndex(
    (g) =>
      g.neighbours === grid[chosen].neighbours &&
      g.bandwidth === grid[chosen].bandwidth &&
      g.siblingWeight === 0 &&
      g.artistCoherence === 0 &&
      g.albumCoherence === 0.8,
  );
  console.log(`For comparison, audio and album labels only (no sibling audio, no artist) (${describe(audioOnly)}):`);
  libraries.forEach((lib, l) =>
    console.log(
      `  ${lib.name}: accuracy 10 % decided ${pct(scores[l][audioOnly].d10)}, half tagged ${pct(scores[l][audioOnly].t50)}`,
    ),
  );
}
