#!/usr/bin/env node
// Library scan speed and memory (the compiled scanner from dist/node; run `npm run build` first).
//   npm run bench -- scan [--files N] [--long N] [--keep]
// 1. A library of N (default 10,000) small tagged files: copies of tests/fixtures/library, 13
//    files of 9 formats, at distinct paths in artist/album folders. Prints the cold-scan rate, the
//    no-change rescan time and the scanning process's peak RSS. Where the page cache was dropped
//    before the rescan, a second rescan with the folders and inodes left cached follows.
// 2. A library of 500 full-length tracks (4 min, 3–5 MB each: MP3, M4A and Ogg Vorbis made once
//    with ffmpeg, then copied). Skipped when no ffmpeg is found.
// Each scan runs in a fresh process (`--child`), so its peak RSS is its own. "Cold" means the
// library database is new; the files themselves are in the page cache unless the kernel allows
// dropping it (root with a writable /proc/sys/vm/drop_caches), which the output states.
// Targets on a 2-core machine: cold ≥ 2,000 files/s, rescan of 10,000 unchanged ≤ 2 s (issue 15:
// ≤ 0.3 s), RSS ≤ 300 MB.
// Anchor: Python's mutagen reading the same small library's tags and lengths on one core
// (mutagen-scan.py; Debian's python3-mutagen), in the same run: the ratio is printed, target ≥ 1.0.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

if (process.argv[2] === '--child') {
  // One scan, in this process: prints the summary plus peak RSS as JSON.
  const [, , , dbPath, folder] = process.argv;
  const { openLibrary } = await import(join(repo, 'dist/node/core/service/library-schema.js'));
  const { scanFolders } = await import(join(repo, 'dist/node/core/library/scan.js'));
  const db = openLibrary(dbPath);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summary = await scanFolders(db, [folder]);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const withoutDuration = db
    .prepare("SELECT count(*) FROM tracks WHERE status = 'present' AND duration_sec IS NULL")
    .pluck()
    .get();
  db.close();
  // CPU time covers every thread of the process (the tag-reader workers too): a figure that
  // does not depend on how busy the machine is, unlike the wall-clock rate.
  process.stdout.write(
    JSON.stringify({
      ...summary,
      seconds,
      withoutDuration,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0);
}

const smallCount = Number(argValue('--files', '10000'));
const longCount = Number(argValue('--long', '500'));
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'genrewise-bench-scan-'));

const warm = process.argv.includes('--warm');

function scan(dbPath, folder, { keepCaches = warm } = {}) {
  if (!keepCaches) dropCaches();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dbPath, folder], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: process.env,
  });
  if (child.status !== 0) throw new Error(`scan child failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout);
}

let cachesDropped = false;
function dropCaches() {
  spawnSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3\n');
    cachesDropped = true;
  } catch {
    cachesDropped = false;
  }
}

function buildSmallLibrary(folder, count) {
  const manifest = JSON.parse(readFileSync(join(repo, 'tests/fixtures/library/manifest.json'), 'utf8'));
  const sources = manifest.files.map((f) => join(repo, 'tests/fixtures/library', f.path));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const dir = join(
      folder,
      `Artist ${String(Math.floor(i / 200)).padStart(3, '0')}`,
      `Album ${String(Math.floor(i / 20) % 10).padStart(2, '0')}`,
    );
    if (i % 20 === 0) mkdirSync(dir, { recursive: true });
    const target = join(dir, `${String(i % 20).padStart(2, '0')} Track ${i}${source.slice(source.lastIndexOf('.'))}`);
    copyFileSync(source, target);
    bytes += statSync(target).size;
  }
  return bytes;
}

/** Runs the mutagen anchor over the folder with a Python that has mutagen; undefined when none has. */
function mutagenScan(folder) {
  const script = join(repo, 'scripts/bench/mutagen-scan.py');
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(python, ['-c', 'import mutagen'], { stdio: 'ignore' }).status !== 0) continue;
    if (!warm) dropCaches();
    const run = spawnSync(python, [script, folder], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status === 0) return JSON.parse(run.stdout);
  }
  return undefined;
}

function findFfmpeg() {
  for (const candidate of ['ffmpeg', join(repo, 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg')]) {
    if (spawnSync(candidate, ['-version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

function buildLongLibrary(folder, count, ffmpeg) {
  const masters = join(work, 'masters');
  mkdirSync(masters, { recursive: true });
  const formats = [
    { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '160k', '-id3v2_version', '3'] },
    { ext: 'm4a', args: ['-c:a', 'aac', '-b:a', '128k'] },
    { ext: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '4'] },
  ];
  const sources = [];
  for (const f of formats) {
    const out = join(masters, `master.${f.ext}`);
    const r = spawnSync(
      ffmpeg,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        "aevalsrc='0.3*sin(2*PI*220*t)*(0.4+0.6*exp(-4*mod(t,0.5)))+0.2*sin(2*PI*277.2*t)+0.1*sin(2*PI*329.6*t)+0.05*(2*random(0)-1)':s=44100:c=stereo:d=240",
        '-ac',
        '2',
        ...f.args,
        '-metadata',
        'title=Long Track',
        '-metadata',
        'artist=Bench Artist',
        '-metadata',
        'album=Bench Album',
        '-metadata',
        'genre=Rock',
        '-metadata',
        'date=2020',
        '-metadata',
        'track=1/10',
        out,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) {
      process.stdout.write(`  (${f.ext} master failed: ${r.stderr.trim().split('\n').pop()})\n`);
      continue;
    }
    sources.push(out);
  }
  let bytes = 0;
  for (let i = 0; i < count && sources.length > 0; i++) {
    const source = sources[i % sources.length];
    const dir = join(
      folder,
      `Artist ${String(Math.floor(i / 50)).padStart(2, '0')}`,
      `Album ${String(Math.floor(i / 10) % 5)}`,
    );
    if (i % 10 === 0) mkdirSync(dir, { recursive: true });
    const target = join(dir, `${String(i % 10).padStart(2, '0')} Long ${i}${source.slice(source.lastIndexOf('.'))}`);
    copyFileSync(source, target);
    bytes += statSync(target).size;
  }
  return {
    bytes,
    sizes: sources.map((s) => `${s.slice(s.lastIndexOf('.') + 1)} ${(statSync(s).size / 1e6).toFixed(1)} MB`),
  };
}

const mb = (n) => `${n.toFixed(0)} MB`;
try {
  if (!existsSync(join(repo, 'dist/node/core/library/scan.js')))
    throw new Error('dist/node is missing: run `npm run build` first');
  process.stdout.write(`scan benchmark in ${work}\n`);

  if (smallCount > 0) {
    const small = join(work, 'small');
    const t = performance.now();
    const smallBytes = buildSmallLibrary(small, smallCount);
    process.stdout.write(
      `small library: ${smallCount} files, ${mb(smallBytes / 1e6)}, built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    const smallDb = join(work, 'small.db');
    const loadBefore = loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const cold = scan(smallDb, small);
    process.stdout.write(
      `  cold scan:        ${cold.seconds.toFixed(2)} s = ${Math.round(cold.files / cold.seconds)} files/s (added ${cold.added}, errors ${cold.errors}), peak RSS ${mb(cold.maxRssMb)}` +
        `${cachesDropped ? ', page cache dropped' : ', files in page cache'}\n`,
    );
    process.stdout.write(
      `                    CPU ${cold.cpuSeconds.toFixed(2)} s (${((1000 * cold.cpuSeconds) / cold.files).toFixed(2)} ms per file, all threads); load average before: ${loadBefore}\n`,
    );
    const rescan = scan(smallDb, small);
    process.stdout.write(
      `  no-change rescan: ${rescan.seconds.toFixed(2)} s (unchanged ${rescan.unchanged}, parsed ${rescan.parsed}), CPU ${rescan.cpuSeconds.toFixed(2)} s, peak RSS ${mb(rescan.maxRssMb)}   target ≤ 0.3 s` +
        `${cachesDropped ? ' (page cache dropped: folders and inodes come from the disk)' : ''}\n`,
    );
    if (cachesDropped) {
      // What a rescan usually meets: the folders and inodes still cached from the last walk.
      const again = scan(smallDb, small, { keepCaches: true });
      process.stdout.write(
        `  rescan, cached:   ${again.seconds.toFixed(2)} s (unchanged ${again.unchanged}), CPU ${again.cpuSeconds.toFixed(2)} s, peak RSS ${mb(again.maxRssMb)}   target ≤ 0.3 s\n`,
      );
    }
    const anchorLoad = loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    const anchor = mutagenScan(small);
    if (anchor) {
      const ours = cold.files / cold.seconds;
      const theirs = anchor.files / anchor.seconds;
      process.stdout.write(
        `  mutagen (anchor): ${anchor.seconds.toFixed(2)} s = ${Math.round(theirs)} files/s on one core, CPU ${((1000 * anchor.cpuSeconds) / anchor.files).toFixed(2)} ms per file (${anchor.failed} unreadable); load average before: ${anchorLoad}\n` +
          `  ratio to mutagen: ${(ours / theirs).toFixed(2)}× files/s, ${(cold.cpuSeconds / cold.files / (anchor.cpuSeconds / anchor.files)).toFixed(2)}× CPU per file   target ≥ 1.0× files/s\n`,
      );
    } else {
      process.stdout.write('  mutagen (anchor): skipped (no python3 with mutagen; apt-get install python3-mutagen)\n');
    }
    const smallOk =
      cold.files / cold.seconds >= 2000 && rescan.seconds <= 2 && Math.max(cold.maxRssMb, rescan.maxRssMb) <= 300;
    process.stdout.write(`  targets (≥ 2000 files/s, ≤ 2 s, ≤ 300 MB): ${smallOk ? 'met' : 'NOT met'}\n`);
    rmSync(small, { recursive: true, force: true });
  }

  const ffmpeg = longCount > 0 ? findFfmpeg() : undefined;
  if (!ffmpeg) {
    process.stdout.write(`long library: skipped (${longCount > 0 ? 'no ffmpeg' : '--long 0'})\n`);
  } else {
    const long = join(work, 'long');
    const t = performance.now();
    const built = buildLongLibrary(long, longCount, ffmpeg);
    process.stdout.write(
      `long library: ${longCount} files (${built.sizes.join(', ')}), ${mb(built.bytes / 1e6)}, built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    const longDb = join(work, 'long.db');
    const coldLong = scan(longDb, long);
    process.stdout.write(
      `  cold scan:        ${coldLong.seconds.toFixed(2)} s = ${Math.round(coldLong.files / coldLong.seconds)} files/s (added ${coldLong.added}, errors ${coldLong.errors}), peak RSS ${mb(coldLong.maxRssMb)}` +
        `${cachesDropped ? ', page cache dropped' : ', files in page cache'}\n`,
    );
    const rescanLong = scan(longDb, long);
    process.stdout.write(
      `                    CPU ${coldLong.cpuSeconds.toFixed(2)} s (${((1000 * coldLong.cpuSeconds) / coldLong.files).toFixed(2)} ms per file); tracks without a duration: ${coldLong.withoutDuration}\n`,
    );
    process.stdout.write(
      `  no-change rescan: ${rescanLong.seconds.toFixed(2)} s, peak RSS ${mb(rescanLong.maxRssMb)}\n`,
    );
  }
} finally {
  if (keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
