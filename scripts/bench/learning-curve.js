#!/usr/bin/env node
// Learning curve (issue 11): a simulated user on a labelled library, through the app's own API.
// A fresh temporary SQLite library; roots.add + jobs.scan + jobs.analyze (the real analysis pool
// and ffmpeg); then, over and over, the top of review.queue answered from the truth (accept when
// the shown genre is right, else choose the genre exactly as labels.tsv spells it) and the app
// left to learn (--learning, one switch in core/evaluation/learning-curve.ts): 'explicit' presses
// "Learn from my library" after each decision (jobs.learn: the context model re-learned at once);
// 'service' only waits for the jobs the service starts by itself; 'auto' (default) is explicit
// until the service is seen starting a learn job of its own, then service.
// Prints the accuracy on the not-yet-decided tracks after 0, 5, 10, 20, 50 decisions and at 10 %
// of the library, and the decisions needed to reach 90 %. A prediction is right when the genre
// the app shows (display name of a genre id, a personal genre as stored) equals the label exactly;
// misses only by spelling (same genreMatchKey: case, spaces, punctuation) are counted apart.
//   --with-tags  half the tracks (seeded, stratified by album) get their genre tag written into a
//                copy of the file (the project's own tag writer) before the scan; the first point
//                is after learning from those tags with no decision, scored on the untagged half
//                (target ≥ 95 %), and decisions continue from there, scored on that half too.
//   --tag-split album  tag half of each genre's albums, whole, instead of half of each album's
//                tracks: the untagged albums must then be recognised by their sound alone
//   --seed N     which half is tagged (default 1)        --max N   stop after N decisions
//   --settle-ms N  how long the app must stay without jobs before a measurement (a service that
//                debounces its re-learning needs its debounce here; default 0)
//   --json       one JSON object on stdout               --trace   one line per decision
//   --no-cache   analyse from scratch (by default a library analysed once, keyed by the labels'
//                hash and variant, is kept in the cache and copied for each run; every learning
//                step still runs for real)
// Libraries: scripts/make-dev-libraries.sh. Uses dist/node: run `npm run build:node` first.
//   npm run bench -- learning-curve <labels.tsv> [--with-tags] [--json] [--seed N] [--max N]
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const dist = fileURLToPath(new URL('../../dist/node/', import.meta.url));
/** The first of these compiled modules that exists (modules move between stages; issue 10). */
async function load(...paths) {
  for (const path of paths) if (existsSync(join(dist, path))) return import(join(dist, path));
  throw new Error(`none of ${paths.join(', ')} in ${dist}: run npm run build:node`);
}
const { openLibrary } = await load('core/service/library-schema.js', 'core/library/db.js');
const { forkWorkerSpawner } = await load('core/worker/fork-spawner.js', 'core/analysis/fork-spawner.js');
const { createApiService } = await load('core/service/api-service.js');
const { safeWriteGenres } = await load('core/tags/safe-write.js');
const { simulateUser, waitForJob } = await load('core/evaluation/learning-curve.js');
const { checkpoints, decisionsToReach } = await load('core/evaluation/learning-curve-score.js');
const { taggedHalf } = await load('core/evaluation/tagged-half.js');

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'with-tags': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'tag-split': { type: 'string', default: 'track' },
    max: { type: 'string' },
    learning: { type: 'string', default: 'auto' },
    'settle-ms': { type: 'string', default: '0' },
  },
});
const usage =
  'usage: npm run bench -- learning-curve <labels.tsv> [--with-tags] [--json] [--seed N] [--max N] [--trace]';
if (positionals.length !== 1) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const withTags = opts['with-tags'];
const seed = Number(opts.seed);
const learning = opts.learning;
const split = opts['tag-split'];
if (
  !Number.isInteger(seed) ||
  !['auto', 'explicit', 'service'].includes(learning) ||
  !['track', 'album'].includes(split)
) {
  process.stderr.write(
    `${usage}\n  --seed takes an integer, --learning auto|explicit|service, --tag-split track|album\n`,
  );
  process.exit(2);
}
const log = (line) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);

/** labels.tsv: path<TAB>genre first; a header row names album / artist / album_artist columns. */
function readLabels(file) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0]?.split('\t').map((c) => c.trim().toLowerCase()) ?? [];
  const header = first.includes('path') && first.includes('genre') ? first : null;
  const col = (name, fallback) => (header ? header.indexOf(name) : fallback);
  const [pathCol, genreCol] = [col('path', 0), col('genre', 1)];
  const [albumCol, artistCol, albumArtistCol] = [col('album', -1), col('artist', -1), col('album_artist', -1)];
  const base = dirname(file);
  return (header ? lines.slice(1) : lines).map((line) => {
    const cells = line.split('\t');
    const path = resolve(base, cells[pathCol]);
    const album = albumCol >= 0 ? (cells[albumCol] ?? '').trim() : '';
    const owner = ((albumArtistCol >= 0 && cells[albumArtistCol]) || (artistCol >= 0 && cells[artistCol]) || '').trim();
    return { path, genre: cells[genreCol].trim(), album: album ? `${owner}\u0000${album}` : dirname(path) };
  });
}

function commonFolder(paths) {
  let parts = dirname(paths[0]).split(sep);
  for (const p of paths) {
    const other = dirname(p).split(sep);
    let i = 0;
    while (i < parts.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

const labelsFile = resolve(positionals[0]);
const labels = readLabels(labelsFile);
if (labels.length === 0) throw new Error(`${labelsFile}: no labelled tracks`);
for (const l of labels) if (!existsSync(l.path)) throw new Error(`${l.path} (in ${labelsFile}) does not exist`);
const sourceFolder = commonFolder(labels.map((l) => l.path));

const cacheRoot = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'genrewise-test-data',
  'bench',
  'learning-curve',
);
const key = createHash('sha256').update(readFileSync(labelsFile)).digest('hex').slice(0, 16);
const variant = withTags ? `tagged-${split === 'track' ? '' : 'albums-'}seed${seed}` : 'untagged';
const cacheDir = join(cacheRoot, `${key}-${variant}`);
mkdirSync(cacheDir, { recursive: true });

// The library the user has: the files as they are, or (--with-tags) a copy with half tagged.
let folder = sourceFolder;
let tagged = new Set();
if (withTags) {
  folder = join(cacheDir, 'music');
  const half = taggedHalf(labels, seed, split);
  const marker = join(cacheDir, 'tagged.json');
  if (!existsSync(marker)) {
    rmSync(folder, { recursive: true, force: true });
    for (const l of labels) {
      const copy = join(folder, relative(sourceFolder, l.path));
      mkdirSync(dirname(copy), { recursive: true });
      copyFileSync(l.path, copy);
      if (half.has(l.path)) await safeWriteGenres(copy, [l.genre]);
    }
    writeFileSync(marker, JSON.stringify([...half].map((p) => relative(sourceFolder, p))));
  }
  tagged = new Set(JSON.parse(readFileSync(marker, 'utf8')).map((p) => join(folder, p)));
}
const libraryPath = (l) => (withTags ? join(folder, relative(sourceFolder, l.path)) : l.path);
const truth = new Map(labels.map((l) => [libraryPath(l), l.genre]));
const albumOf = new Map(labels.map((l) => [libraryPath(l), l.album]));
const scored = withTags ? new Set([...truth.keys()].filter((p) => !tagged.has(p))) : undefined;

const perGenre = new Map();
for (const l of labels) perGenre.set(l.genre, (perGenre.get(l.genre) ?? 0) + 1);
const tenPercent = Math.ceil(labels.length / 10);
const maxDecisions = opts.max !== undefined ? Number(opts.max) : labels.length;
const CHECKPOINTS = [0, 5, 10, 20, 50, tenPercent];

const work = mkdtempSync(join(tmpdir(), 'gw-learning-curve-'));
const template = join(cacheDir, 'template.db');
const dbPath = join(work, 'library.db');
const useCache = !opts['no-cache'];
if (useCache && existsSync(template)) copyFileSync(template, dbPath);
const db = openLibrary(dbPath);
const service = createApiService({ db, spawnWorker: forkWorkerSpawner(), mediaUrl: (id) => `/media/${id}` });
const api = { call: (method, params) => service.handlers[method](params) };
const seconds = (t) => (performance.now() - t) / 1000;

try {
  log(
    `learning-curve: ${labelsFile}\n  ${labels.length} tracks in ${perGenre.size} genres (${[...perGenre]
      .map(([g, n]) => `${g} ${n}`)
      .join(', ')}), ${new Set(labels.map((l) => l.album)).size} albums` +
      (withTags
        ? `; ${tagged.size} tagged (${split === 'track' ? 'half of each album' : 'half the albums of each genre'}, seed ${seed}), scored on the ${scored.size} untagged`
        : '; no genre tags'),
  );
  let t = performance.now();
  await api.call('roots.add', { path: folder });
  const scan = await waitForJob(api, await api.call('jobs.scan', {}));
  const scanSec = seconds(t);
  t = performance.now();
  const analysis = await waitForJob(api, await api.call('jobs.analyze', {}));
  const analyseSec = seconds(t);
  if (scan.state !== 'done' || analysis.state !== 'done')
    throw new Error(`scan ${scan.state} (${scan.message}), analysis ${analysis.state} (${analysis.message})`);
  const analysed = Number(/^(\d+) analysed/.exec(analysis.message ?? '')?.[1] ?? 0);
  if (useCache && analysed > 0) await db.backup(template);
  log(
    `  scan ${scanSec.toFixed(1)} s (${scan.message}); analysis ${analyseSec.toFixed(1)} s (${analysis.message}${analysed === 0 ? ', from the cached analysed library' : ''})`,
  );
  const how = {
    explicit: 'jobs.learn (activate) after each decision, as "Learn from my library"',
    service: 'whatever the service starts by itself',
    auto: 'jobs.learn (activate) after each decision until the service is seen learning by itself',
  };
  log(`  learning: ${how[learning]}; right = shown genre equals the label exactly`);

  const started = performance.now();
  const result = await simulateUser(api, {
    truth,
    ...(scored && { scored }),
    learning,
    fromTags: withTags,
    maxDecisions,
    settleMs: Number(opts['settle-ms']),
    enough: (points) => points.length - 1 >= Math.max(50, tenPercent) && decisionsToReach(points, 0.9) !== null,
    onPoint: (p, step) => {
      if (!opts.trace) return;
      const learn = step.learn ? `${step.learn.by} ${step.learn.state}: ${step.learn.message}` : '-';
      const track = step.track
        ? `${relative(folder, step.track.path)} shown ${step.track.shown} → ${step.track.answer}`
        : '';
      log(
        `  ${String(p.decisions).padStart(3)} ${(p.accuracy * 100).toFixed(1).padStart(5)} % (${p.right}/${p.undecided}) learn ${step.learnSeconds.toFixed(1)} s [${learn}] ${track}`,
      );
    },
  });
  const totalSec = seconds(started);
  const marks = checkpoints(result.points, CHECKPOINTS);
  const to90 = decisionsToReach(result.points, 0.9);
  const lastPoint = result.points.at(-1);
  const frozen = result.stopped === 'queue-empty' || result.stopped === 'all-decided';
  const learnStates = {};
  for (const s of result.steps) if (s.learn) learnStates[s.learn.state] = (learnStates[s.learn.state] ?? 0) + 1;
  const refusals = result.steps.filter((s) => s.learn?.state === 'failed').map((s) => s.learn.message);
  const learnSec = result.steps.reduce((sum, s) => sum + s.learnSeconds, 0);
  // What the first ten prompts covered: a queue that teaches covers many albums and every genre.
  const firstTen = result.steps.filter((s) => s.track).slice(0, 10);
  const coverage = {
    prompts: firstTen.length,
    albums: new Set(firstTen.map((s) => albumOf.get(s.track.path))).size,
    albumsInLibrary: new Set(labels.map((l) => l.album)).size,
    genres: new Set(firstTen.map((s) => s.track.answer)).size,
    genresInLibrary: perGenre.size,
  };

  const report = {
    labels: labelsFile,
    tracks: labels.length,
    genres: Object.fromEntries(perGenre),
    withTags,
    seed: withTags ? seed : null,
    tagSplit: withTags ? split : null,
    tagged: tagged.size,
    scored: scored ? scored.size : labels.length,
    learning,
    serviceLearning: result.serviceLearning,
    comparison: 'exact',
    tenPercent,
    // After an empty queue (or every track decided) nothing changes any more: later checkpoints
    // carry the last point, marked as not reached. After --max they are unknown (null).
    checkpoints: marks.map((m) => {
      const p = m.point ?? (frozen ? lastPoint : null);
      return {
        decisions: m.decisions,
        accuracy: p?.accuracy ?? null,
        right: p?.right ?? null,
        undecided: p?.undecided ?? null,
        spellingOnly: p?.spellingOnly ?? null,
        meanConfidence: p?.meanConfidence ?? null,
        byGenre: p?.byGenre ?? null,
        reached: m.point !== null,
      };
    }),
    decisionsTo90: to90,
    decisions: lastPoint?.decisions ?? 0,
    stopped: result.stopped,
    learnJobs: learnStates,
    learnRefusals: { count: refusals.length, first: refusals[0] ?? null, last: refusals.at(-1) ?? null },
    firstTenPrompts: coverage,
    seconds: { scan: scanSec, analyse: analyseSec, simulation: totalSec, learning: learnSec },
    points: result.points.map((p) => ({ ...p, byGenre: undefined })),
    steps: result.steps.map((s) => ({
      decisions: s.decisions,
      track: s.track && relative(folder, s.track.path),
      shown: s.track?.shown ?? null,
      answer: s.track?.answer ?? null,
      learn: s.learn ? `${s.learn.by}: ${s.learn.state}` : null,
      learnSeconds: s.learnSeconds,
    })),
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    log('  decisions   right on undecided               mean shown confidence');
    for (const c of report.checkpoints) {
      const label = `${c.decisions}${c.decisions === tenPercent ? ' (10 %)' : ''}`.padStart(11);
      if (c.accuracy === null) {
        log(`${label}   -        (stopped after ${report.decisions}: ${result.stopped})`);
        continue;
      }
      const count = `(${c.right}/${c.undecided}${c.spellingOnly ? `; ${c.spellingOnly} only by spelling` : ''})`.padEnd(
        20,
      );
      const confidence = c.meanConfidence === null ? '' : `${(c.meanConfidence * 100).toFixed(0)} %`;
      const figure = `${(c.accuracy * 100).toFixed(1).padStart(5)} % ${count}   ${confidence.padStart(4)}`;
      log(`${label}   ${figure}${c.reached ? '' : `  (as after ${report.decisions}: ${result.stopped})`}`);
    }
    log(`  decisions to reach 90 %: ${to90 ?? `not reached in ${report.decisions}`}`);
    const byGenre = report.checkpoints.find((c) => c.decisions === tenPercent)?.byGenre;
    if (byGenre)
      log(
        `  at 10 %, per genre: ${Object.entries(byGenre)
          .map(([g, n]) => `${g} ${n.right}/${n.total}`)
          .join(', ')}`,
      );
    log(
      `  first ${coverage.prompts} prompts: ${coverage.albums} of ${coverage.albumsInLibrary} albums, ${coverage.genres} of ${coverage.genresInLibrary} genres`,
    );
    log(
      `  stopped: ${result.stopped} after ${report.decisions} decisions; learn jobs ${JSON.stringify(learnStates)}; ` +
        `${learnSec.toFixed(1)} s learning of ${totalSec.toFixed(1)} s`,
    );
    log(
      `  learning left to the service: ${result.serviceLearning ? 'yes (it learned by itself)' : 'no (the user pressed Learn)'}`,
    );
    if (refusals.length > 0)
      log(`  learn refused ${refusals.length} times; first: ${refusals[0]}; last: ${refusals.at(-1)}`);
  }
} finally {
  await service.close();
  db.close();
  rmSync(work, { recursive: true, force: true });
}
