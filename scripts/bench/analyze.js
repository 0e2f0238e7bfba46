#!/usr/bin/env node
// Audio analysis speed and memory, end to end (compiled dist/node; run `npm run build` first).
//   npm run bench -- analyze [--pool N] [--keep]
// 1. CPU seconds per 30 s window, by stage: decode (ffmpeg seek + decode + soxr resample of one
//    window from a 44.1 kHz stereo MP3: the ffmpeg child's CPU plus ours), then every extractor
//    stage (STFT, chroma, spectral, rms/zcr, mel/MFCC, tempo, HPSS). One process, after warm-up.
// 2. Per format (mp3, flac, ogg, opus, m4a with its index at the end, wav), a 4-minute 44.1 kHz
//    stereo file analysed with the default windows (3): CPU seconds per track (probe + decode +
//    extract, ffmpeg children included, in this process after warm-up: what one dedicated core
//    spends on it), then in a fresh worker process the wall-clock seconds for the first file (cold
//    worker) and the second (warm), and the worker's peak RSS.
// CPU time is the measure because this machine is shared: wall clock mostly measures other load.
// 3. A 2-hour MP3 (the 4-minute one concatenated) in a fresh worker: seconds and peak RSS.
// 5. Inference inside the worker, right after the features: milliseconds per 4-minute track (3
//    windows) with the default SVC, and with SVC + KNN (a default and a personal model), for the
//    first file of a worker (onnxruntime and the model loaded) and the warm median; the worker's
//    peak RSS beside that of a worker computing features only.
// 4. The pool: N (default 24) 4-minute files of all formats scanned into a library and analysed
//    and predicted as `analyze` does (one worker per core): tracks/s.
// 0. The command itself, as a user runs it: `genrewise analyze` (a fresh Node process, its
//    workers, ffmpeg, inference with the default model) on a scanned library of --library N
//    (default 8) 4-minute tracks, two per format (mp3, flac, ogg, m4a): CPU seconds of the whole
//    process tree per track, start-up included, against ffmpeg decoding each of the same tracks
//    whole to 22.05 kHz (the analyser's own decode command without a seek: soxr, float32; the
//    channel mean is ours and not counted), measured before and after each run, and the ratio of
//    the two per run (their median is the figure).
//    --runs R (default 3) runs of the command on fresh copies of the database: each is printed,
//    the median is the figure; each paired with a run whose workers spawn ffmpeg themselves
//    instead of through their launcher (GENREWISE_FFMPEG_LAUNCHER=off), in alternating order.
//    Also where a run's CPU went: every Node process of it reports its own at exit
//    (lib/cpu-at-exit.js through NODE_OPTIONS), ffmpeg is what the tree used beyond them.
//    --only-command skips sections 1–5.
// Test audio is generated into a temp folder with the bundled ffmpeg (no system ffmpeg needed).
// Targets (issue 15): the command ≤ 0.5 CPU s per track and ≤ 1.5× the whole decode;
// ≤ 0.25 s per 30 s window per core; worker RSS ≤ 250 MB on the 2-hour file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/node/core/', import.meta.url));
const { resolveFfmpeg } = await import(join(dist, 'analysis/decode/ffmpeg-binary.js'));
const { decodeMono } = await import(join(dist, 'analysis/decode/ffmpeg.js'));
const { extractFeatures, extractFeaturesTimed, EXTRACT_STAGES } = await import(
  join(dist, 'analysis/features/extract.js')
);
const { analyseFile } = await import(join(dist, 'analysis/analyse-file.js'));
const { runPool } = await import(join(dist, 'analysis/pool.js'));
const { forkWorkerSpawner } = await import(join(dist, 'analysis/fork-spawner.js'));
const { analyzeAndPredict } = await import(join(dist, 'prediction/analyze-and-predict.js'));
const { loadGenreModel } = await import(join(dist, 'model/genre-model.js'));
const { modelRef } = await import(join(dist, 'model/window-inference.js'));
const { openLibrary } = await import(join(dist, 'service/library-schema.js'));
const { scanFolders } = await import(join(dist, 'library/scan.js'));

const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const poolFiles = Number(argValue('--pool', '24'));
const libraryFiles = Number(argValue('--library', '8'));
const commandRuns = Number(argValue('--runs', '3'));
const onlyCommand = process.argv.includes('--only-command');
const keep = process.argv.includes('--keep');
const ffmpeg = resolveFfmpeg();
const work = mkdtempSync(join(tmpdir(), 'genrewise-bench-analyze-'));
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function ff(args) {
  const run = spawnSync(ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${run.stderr}`);
}

// A 4-minute "song": a chord progression whose root changes every 2 s, a kick-like thump on each
// beat (120 BPM) and pink noise, in stereo with different balances per side.
const MINUTES = 4;
const seconds = MINUTES * 60;
const source = join(work, 'source.wav');
const chord = (f) => `sine=f=${f}:r=44100:d=${seconds}`;
ff([
  '-f',
  'lavfi',
  '-i',
  chord(220),
  '-f',
  'lavfi',
  '-i',
  chord(277.2),
  '-f',
  'lavfi',
  '-i',
  chord(329.6),
  '-f',
  'lavfi',
  '-i',
  `sine=f=55:beep_factor=8:r=44100:d=${seconds}`,
  '-f',
  'lavfi',
  '-i',
  `anoisesrc=d=${seconds}:c=pink:r=44100:a=0.08:s=7`,
  '-filter_complex',
  '[0][1][2]amix=inputs=3,vibrato=f=0.5:d=0.5[tonal];[3]volume=0.6[beat];[tonal][beat][4]amix=inputs=3,asplit[l][r];' +
    '[l]aformat=channel_layouts=mono[l2];[r]volume=0.8,aecho=0.8:0.7:40:0.3,aformat=channel_layouts=mono[r2];[l2][r2]join=inputs=2:channel_layout=stereo',
  '-ar',
  '44100',
  '-c:a',
  'pcm_s16le',
  source,
]);
const formats = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '192k'],
  flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '5'],
  opus: ['-c:a', 'libopus', '-b:a', '128k'],
  // ffmpeg writes the moov atom after the audio unless told +faststart: the hard m4a case.
  m4a: ['-c:a', 'aac', '-b:a', '192k'],
  wav: ['-c:a', 'pcm_s16le'],
};
const files = {};
for (const [format, codec] of Object.entries(formats)) {
  files[format] = join(work, `song.${format}`);
  ff(['-i', source, ...codec, files[format]]);
}

// CPU seconds of this process and of its finished children (ffmpeg), from /proc on Linux.
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function childrenCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return (Number(fields[13]) + Number(fields[14])) / clockTicks; // cutime + cstime
  } catch {
    return Number.NaN;
  }
}
function cpuNow() {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6 + childrenCpu();
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `ffmpeg: ${ffmpeg.source} (${ffmpeg.version.slice(0, 40)}…), resampler ${ffmpeg.resampler}; ${availableParallelism()} cores, load average ${load()}`,
);

// 0. `genrewise analyze` on a library, whole process tree, against whole-file decodes.
const cli = fileURLToPath(new URL('../../bin/genrewise.js', import.meta.url));
const commandFormats = ['mp3', 'flac', 'ogg', 'm4a'];
const commandLibrary = join(work, 'command-library');
mkdirSync(commandLibrary);
const commandTracks = [];
for (let i = 0; i < libraryFiles; i++) {
  const format = commandFormats[i % commandFormats.length];
  const path = join(commandLibrary, `track-${String(i).padStart(3, '0')}.${format}`);
  copyFileSync(files[format], path);
  commandTracks.push(path);
}
const scannedDb = join(work, 'command.db');
{
  const db = openLibrary(scannedDb);
  await scanFolders(db, [commandLibrary]);
  db.close();
}
// Each run is paired with one whose workers spawn ffmpeg themselves (GENREWISE_FFMPEG_LAUNCHER=off)
// instead of through their launcher process, in alternating order, so the two share the load. The
// whole decode is measured again beside every run: CPU seconds per unit of work vary by 10–20 %
// with this shared machine's load, so each run's ratio is taken against a decode done in the
// same minute, and the median of those ratios is the figure.
const wholeDecodeCpu = async () => {
  const c0 = childrenCpu();
  for (const path of commandTracks) await decodeMono(path, undefined, { ffmpeg });
  return (childrenCpu() - c0) / libraryFiles;
};
// Where each run's CPU went, from the processes' own accounts at exit; ffmpeg is the rest.
const cpuAtExit = fileURLToPath(new URL('./lib/cpu-at-exit.js', import.meta.url));
const commandSplits = [];
function splitOf(logPath, total) {
  const split = { cli: 0, launcher: 0, workers: 0, other: 0 };
  for (const line of readFileSync(logPath, 'utf8').trim().split('\n')) {
    const [role, seconds] = line.split(' ');
    split[role] += Number(seconds);
  }
  const node = split.cli + split.launcher + split.workers + split.other;
  return { ...split, ffmpeg: total - node };
}
const commandCpu = { on: [], off: [] };
const commandLoads = { on: [], off: [] };
const wholeDecodes = [];
for (let run = 0; run < commandRuns; run++) {
  const decodedBefore = await wholeDecodeCpu();
  for (const launcher of run % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
    const db = join(work, `command-${run}-${launcher}.db`);
    copyFileSync(scannedDb, db);
    const loadBefore = load();
    const c0 = childrenCpu();
    const cpuLog = join(work, `cpu-${run}-${launcher}.log`);
    const result = spawnSync(process.execPath, [cli, 'analyze', '--db', db, '--json'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GENREWISE_FFMPEG_LAUNCHER: launcher,
        GENREWISE_BENCH_CPU_LOG: cpuLog,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(cpuAtExit).href}`.trim(),
      },
    });
    const cpu = childrenCpu() - c0;
    if (launcher === 'on') commandSplits.push(splitOf(cpuLog, cpu));
    const summary = result.status === 0 ? JSON.parse(result.stdout) : undefined;
    if (summary?.analysed !== libraryFiles)
      throw new Error(`genrewise analyze failed: ${result.stderr}${result.stdout}`);
    commandCpu[launcher].push(cpu / libraryFiles);
    commandLoads[launcher].push(`${loadBefore} → ${load()}`);
  }
  wholeDecodes.push((decodedBefore + (await wholeDecodeCpu())) / 2);
}
const ratios = (cpus) => cpus.map((cpu, i) => cpu / wholeDecodes[i]);
const perTrack = median(commandCpu.on);
const perTrackDirect = median(commandCpu.off);
console.log(
  `\n0. \`genrewise analyze\` on ${libraryFiles} ${MINUTES}-minute tracks (${commandFormats.join(', ')}), ` +
    `default model, ${availableParallelism()} workers: CPU s per track, whole process tree, start-up included; ` +
    `ffmpeg decoding the same tracks whole to 22.05 kHz before and after each run`,
);
commandCpu.on.forEach((cpu, i) =>
  console.log(
    `   run ${i + 1}: ${cpu.toFixed(3)} = ${ratios(commandCpu.on)[i].toFixed(2)}× the whole decode's ${wholeDecodes[i].toFixed(3)}   (load average ${commandLoads.on[i]}); ` +
      `ffmpeg spawned by the workers themselves: ${commandCpu.off[i].toFixed(3)} = ${ratios(commandCpu.off)[i].toFixed(2)}× (${commandLoads.off[i]})`,
  ),
);
console.log(
  `   median ${perTrack.toFixed(3)} CPU s per track (target ≤ 0.5), median ${median(ratios(commandCpu.on)).toFixed(2)}× the whole decode ` +
    `(target ≤ 1.5; the whole decode: median ${median(wholeDecodes).toFixed(3)} CPU s per track), ` +
    `${(availableParallelism() / perTrack).toFixed(1)} tracks/s on ${availableParallelism()} cores by CPU`,
);
console.log(
  `   without the ffmpeg launcher: median ${perTrackDirect.toFixed(3)} CPU s per track, median ${median(ratios(commandCpu.off)).toFixed(2)}× the whole decode`,
);
const parts = ['workers', 'ffmpeg', 'cli', 'launcher'];
console.log(
  `   where it went (with the launcher; CPU s per track, median of runs): ` +
    parts
      .map((part) => `${part} ${median(commandSplits.map((split) => split[part] / libraryFiles)).toFixed(3)}`)
      .join(', '),
);
if (onlyCommand) {
  if (keep) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

// 1. Stages per 30 s window, one core.
const starts = [41, 105, 169];
const stage = Object.fromEntries(['decode', ...EXTRACT_STAGES].map((s) => [s, 0]));
const windowOf = (start) => decodeMono(files.mp3, { startSec: start, durationSec: 30 }, { ffmpeg });
// Warm-up: JIT tiers (V8 runs new WebAssembly in its baseline compiler for the first windows),
// kernels, filter banks. A worker is warm after its first file; cold costs show in section 2.
for (let run = 0; run < 2; run++) for (const start of starts) extractFeaturesTimed(await windowOf(start));
let windows = 0;
let wall = 0;
for (let run = 0; run < 3; run++) {
  for (const start of starts) {
    const t0 = performance.now();
    const c0 = cpuNow();
    const y = await windowOf(start);
    stage.decode += cpuNow() - c0;
    const { seconds } = extractFeaturesTimed(y);
    wall += (performance.now() - t0) / 1000;
    for (const s of EXTRACT_STAGES) stage[s] += seconds[s];
    windows++;
  }
}
const perWindow = Object.values(stage).reduce((a, b) => a + b, 0) / windows;
const extractPerWindow = (perWindow * windows - stage.decode) / windows;
console.log(
  '\n1. CPU seconds per 30 s window, by stage (MP3 44.1 kHz stereo source; decode = ffmpeg child + this process)',
);
for (const [name, total] of Object.entries(stage)) console.log(`   ${name.padEnd(9)} ${(total / windows).toFixed(4)}`);
console.log(`   ${'extract'.padEnd(9)} ${extractPerWindow.toFixed(4)}   (target ≤ 0.25 per core)`);
console.log(
  `   ${'total'.padEnd(9)} ${perWindow.toFixed(4)}   (wall clock ${(wall / windows).toFixed(3)} s under this machine's load)`,
);

// 2a. CPU per 4-minute track, in this process (no worker start-up), after one warm-up track.
async function trackCpu(path) {
  await analyseFile(path, { ffmpeg, extract: extractFeatures });
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const c0 = cpuNow();
    await analyseFile(path, { ffmpeg, extract: extractFeatures });
    best = Math.min(best, cpuNow() - c0);
  }
  return best;
}

// 2 and 3. One file at a time in a fresh worker.
async function inFreshWorker(path, durationHintSec, times) {
  const outcomes = [];
  const jobs = Array.from({ length: times }, (_, i) => ({ id: i, path, mode: 'spread', durationHintSec }));
  await runPool(jobs, { spawn: forkWorkerSpawner(), ffmpeg, concurrency: 1, onOutcome: (o) => outcomes.push(o) });
  for (const o of outcomes) if (!o.ok) throw new Error(`${path}: ${o.failure.kind}: ${o.failure.message}`);
  return outcomes;
}
console.log(`\n2. One ${MINUTES}-minute 44.1 kHz stereo track, default windows (duration probed by ffmpeg)`);
console.log(
  '   format  windows  CPU s/track  | fresh worker, wall clock: cold s  warm s  (decode+probe / extract)  peak RSS',
);
let worstCpu = 0;
let worstWarm = 0;
for (const [format, path] of Object.entries(files)) {
  const cpu = await trackCpu(path);
  worstCpu = Math.max(worstCpu, cpu);
  const [cold, warm] = await inFreshWorker(path, null, 2);
  const t = warm.analysis.timings;
  worstWarm = Math.max(worstWarm, warm.elapsedMs / 1000);
  console.log(
    `   ${format.padEnd(6)}  ${String(warm.analysis.windows.length).padStart(7)}  ${cpu.toFixed(3).padStart(11)}  |` +
      `${(cold.elapsedMs / 1000).toFixed(2).padStart(33)}  ${(warm.elapsedMs / 1000).toFixed(2).padStart(6)}  ` +
      `(${((t.decodeMs + t.probeMs) / 1000).toFixed(2)} / ${(t.extractMs / 1000).toFixed(2)})`.padEnd(26) +
      `  ${mb(Math.max(cold.maxRssBytes, warm.maxRssBytes))}`,
  );
}
console.log(
  `   most CPU per track ${worstCpu.toFixed(3)} s   (target ≤ 1 s); slowest warm track ${worstWarm.toFixed(2)} s wall clock at load ${load()}`,
);

const longList = join(work, 'two-hours.txt');
const repeats = Math.round(120 / MINUTES);
writeFileSync(
  longList,
  Array.from({ length: repeats }, () => `file '${files.mp3.replaceAll("'", "'\\''")}'`).join('\n'),
);
const longFile = join(work, 'two-hours.mp3');
ff(['-f', 'concat', '-safe', '0', '-i', longList, '-c', 'copy', longFile]);
const [long] = await inFreshWorker(longFile, null, 1);
console.log(
  `\n3. A 2-hour MP3 (${long.analysis.durationSec.toFixed(0)} s, ${long.analysis.windows.length} windows), fresh worker`,
);
console.log(`   ${(long.elapsedMs / 1000).toFixed(2)} s, worker peak RSS ${mb(long.maxRssBytes)}   (target ≤ 250 MB)`);

// 4. The pool over a scanned library.
const music = join(work, 'library');
mkdirSync(music);
const names = Object.keys(files);
for (let i = 0; i < poolFiles; i++) {
  const format = names[i % names.length];
  copyFileSync(files[format], join(music, `track-${String(i).padStart(3, '0')}.${format}`));
}
const db = openLibrary(join(work, 'library.db'));
await scanFolders(db, [music]);
const poolCpu0 = cpuNow();
const summary = await analyzeAndPredict({ db, spawn: forkWorkerSpawner(), ffmpeg });
const poolCpu = (cpuNow() - poolCpu0) / summary.analysed;
db.close();
console.log(
  `\n4. Pool: ${summary.analysed} ${MINUTES}-minute tracks (${summary.windows} windows) analysed and predicted with ${availableParallelism()} workers`,
);
console.log(
  `   ${summary.seconds.toFixed(1)} s, ${(summary.analysed / summary.seconds).toFixed(2)} tracks/s, ${summary.failed} failed, ` +
    `${summary.predictedInWorkers} predicted in the workers, worker peak RSS ${mb(summary.maxWorkerRssBytes)}`,
);
console.log(
  `   ${poolCpu.toFixed(3)} CPU s per track (workers, ffmpeg and this process; no command start-up), load average ${load()}`,
);

// 5. Inference in the worker, per track.
const inferenceRuns = 8;
console.log(
  `\n5. Inference in the worker after the features, one ${MINUTES}-minute MP3 (3 windows), ${inferenceRuns} files in a fresh worker`,
);
for (const specs of [[], ['svc'], ['svc', 'knn']]) {
  const models = await Promise.all(specs.map(async (spec) => modelRef(await loadGenreModel(spec))));
  const outcomes = [];
  const jobs = Array.from({ length: inferenceRuns }, (_, i) => ({
    id: i,
    path: files.mp3,
    mode: 'spread',
    durationHintSec: seconds,
  }));
  await runPool(jobs, {
    spawn: forkWorkerSpawner(),
    ffmpeg,
    concurrency: 1,
    models,
    onOutcome: (o) => outcomes.push(o),
  });
  const rss = mb(Math.max(...outcomes.map((o) => o.maxRssBytes ?? 0)));
  if (specs.length === 0) {
    console.log(`   ${'no model'.padEnd(9)}  worker peak RSS ${rss}`);
    continue;
  }
  for (const o of outcomes) {
    if (!o.ok || o.inference?.error !== null || o.inference.predictions.length !== specs.length) {
      throw new Error(`inference in the worker failed: ${o.ok ? o.inference?.error : o.failure.message}`);
    }
  }
  const ms = outcomes.map((o) => o.inference.ms);
  const trackMs = median(outcomes.slice(1).map((o) => o.elapsedMs));
  console.log(
    `   ${specs.join(' + ').padEnd(9)}  first file ${ms[0].toFixed(1)} ms (loads onnxruntime and the model), then median ${median(ms.slice(1)).toFixed(2)} ms ` +
      `per track (${((100 * median(ms.slice(1))) / trackMs).toFixed(2)} % of the track's ${(trackMs / 1000).toFixed(2)} s in the worker), worker peak RSS ${rss}`,
  );
}

console.log(`\nload average at the end: ${load()}`);
if (keep) console.log(`\nkept ${work}`);
else rmSync(work, { recursive: true, force: true });
