#!/usr/bin/env node
// Genre tag write speed per format (compiled dist/node; run `npm run build` first).
//   npm run bench -- write [--files N] [--minutes M] [--keep]
// For each format (mp3, flac, ogg, opus, m4a, wav, aiff, wma, wv) a tagged M-minute (default 4)
// 44.1 kHz stereo file, with a 600×600 cover where the format takes one, is copied N times
// (default 30) into a library, scanned, then written with `writeBatch` (the full path: checks,
// temporary copy, fsync, music-metadata re-read, audio hash before and after, rename, folder
// fsync, journal, library row refresh):
//   pass 1 "Rock" → "Blues"            (same length: fits where the old value was)
//   pass 2 "Blues" → "Hip-Hop", "Jazz" (grows: padding absorbs it or the audio moves)
// and once more as bare `safeWriteGenres` calls without the journal. Reports files/s and MB/s,
// next to the "copy ceiling": the same files merely read, copied to a new file, fsynced and
// renamed, 4 at a time — what the disk allows any write-a-copy-then-rename scheme, the floor of
// the safety design. Target: ≥ 50 files/s for every format. Test audio comes from the bundled ffmpeg.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, numberArg } from './lib/bench.js';

const { resolveFfmpeg } = await load('core/analysis/decode/ffmpeg-binary.js');
const { openLibrary } = await load('core/service/library-schema.js');
const { scanFolders } = await load('core/library/scan.js');
const { writeBatch } = await load('core/tags/batch.js');
const { safeWriteGenres } = await load('core/tags/safe-write.js');

const files = numberArg('files', 30);
const minutes = numberArg('minutes', 4);
const keep = process.argv.includes('--keep');
const ffmpeg = resolveFfmpeg();
const work = mkdtempSync(join(tmpdir(), 'genrewise-bench-write-'));
const TARGET = 50;

function ff(args) {
  const run = spawnSync(ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${run.stderr}`);
}

const seconds = minutes * 60;
const source = join(work, 'source.wav');
ff([
  '-f',
  'lavfi',
  '-i',
  `sine=f=220:r=44100:d=${seconds}`,
  '-f',
  'lavfi',
  '-i',
  `anoisesrc=d=${seconds}:c=pink:r=44100:a=0.1:s=3`,
  '-filter_complex',
  '[0][1]amix=inputs=2,asplit[l][r];[l][r]join=inputs=2:channel_layout=stereo',
  '-c:a',
  'pcm_s16le',
  source,
]);
const cover = join(work, 'cover.jpg');
ff(['-f', 'lavfi', '-i', 'testsrc2=s=600x600:d=1', '-frames:v', '1', '-q:v', '3', cover]);

const META = [
  '-metadata',
  'title=Benchmark Song',
  '-metadata',
  'artist=The Benchmarks',
  '-metadata',
  'album=Numbers',
  '-metadata',
  'track=3/12',
  '-metadata',
  'date=2020',
  '-metadata',
  'genre=Rock',
];
const withCover = ['-i', cover, '-map', '0:a', '-map', '1:v', '-c:v', 'copy', '-disposition:v', 'attached_pic'];
const FORMATS = [
  { name: 'mp3', args: [...withCover, '-c:a', 'libmp3lame', '-b:a', '192k', '-id3v2_version', '3'] },
  { name: 'flac', args: [...withCover, '-c:a', 'flac'] },
  { name: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '5'] },
  { name: 'opus', args: ['-c:a', 'libopus', '-b:a', '128k'] },
  { name: 'm4a', args: [...withCover, '-c:a', 'aac', '-b:a', '192k'] },
  { name: 'wav', args: ['-c:a', 'pcm_s16le'] },
  { name: 'aiff', args: ['-c:a', 'pcm_s16be', '-write_id3v2', '1'] },
  { name: 'wma', args: ['-c:a', 'wmav2', '-b:a', '192k'] },
  { name: 'wv', args: ['-c:a', 'wavpack'] },
];

const results = [];
for (const format of FORMATS) {
  const master = join(work, `master.${format.name}`);
  ff(['-i', source, ...format.args, ...META, master]);
  const size = statSync(master).size;
  const folder = join(work, format.name);
  mkdirSync(folder);
  for (let i = 0; i < files; i++) copyFileSync(master, join(folder, `${String(i).padStart(3, '0')}.${format.name}`));
  const db = openLibrary(join(work, `${format.name}.db`));
  await scanFolders(db, [folder], { threads: 0 });
  const rows = () => db.prepare('SELECT id, path, size, mtime_ms FROM tracks ORDER BY path').all();
  const items = (genres) =>
    rows().map((r) => ({ trackId: r.id, path: r.path, expectedSize: r.size, expectedMtimeMs: r.mtime_ms, genres }));

  let cpuMs = 0;
  const timed = async (label, run, countCpu = false) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const written = await run();
    const sec = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (countCpu) cpuMs += (c.user + c.system) / 1000;
    if (written !== files) throw new Error(`${format.name} ${label}: wrote ${written} of ${files}`);
    return files / sec;
  };
  const pass1 = await timed(
    'pass 1',
    async () => (await writeBatch(db, items(['Blues']), { mode: 'replace' })).written,
    true,
  );
  const pass2 = await timed(
    'pass 2',
    async () => (await writeBatch(db, items(['Hip-Hop', 'Jazz']), { mode: 'replace' })).written,
    true,
  );
  const ceiling = await timed('ceiling', async () => {
    const paths = rows().map((r) => r.path);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < paths.length) {
          const path = paths[next++];
          const data = await readFile(path);
          const handle = await open(`${path}.copy`, 'wx');
          await handle.write(data);
          await handle.sync();
          await handle.close();
          await rename(`${path}.copy`, path);
          const dirHandle = await open(folder, 'r');
          await dirHandle.sync();
          await dirHandle.close();
        }
      }),
    );
    return paths.length;
  });
  const bare = await timed('bare', async () => {
    let n = 0;
    for (const r of rows()) if ((await safeWriteGenres(r.path, ['Country'])).changed) n++;
    return n;
  });
  db.close();
  results.push({ format: format.name, mb: size / 2 ** 20, pass1, pass2, bare, ceiling, cpu: cpuMs / (2 * files) });
  rmSync(folder, { recursive: true, force: true });
}

const pad = (s, n) => String(s).padStart(n);
const [load1] = loadavg();
console.log(`\nGenre writes, ${files} files of ${minutes} min per format (files/s; MB/s of audio files).`);
console.log(
  `Machine: ${availableParallelism()} cores, load average ${load1.toFixed(1)} at the end. "CPU ms" is this process's`,
);
console.log('user+system time per file in the batches; 1000 / CPU ms is what one otherwise idle core sustains.');
console.log(
  `${'format'.padEnd(7)}${pad('file MB', 9)}${pad('batch same-len', 16)}${pad('batch grow', 12)}${pad('bare 1-by-1', 13)}${pad('MB/s', 8)}${pad('copy ceiling', 14)}${pad('CPU ms', 8)}${pad('per core', 10)}  target ≥ ${TARGET}/s`,
);
for (const r of results) {
  const worst = Math.min(r.pass1, r.pass2);
  console.log(
    `${r.format.padEnd(7)}${pad(r.mb.toFixed(1), 9)}${pad(r.pass1.toFixed(1), 16)}${pad(r.pass2.toFixed(1), 12)}${pad(r.bare.toFixed(1), 13)}${pad((worst * r.mb).toFixed(0), 8)}${pad(r.ceiling.toFixed(1), 14)}${pad(r.cpu.toFixed(1), 8)}${pad((1000 / r.cpu).toFixed(0), 10)}  ${worst >= TARGET ? 'ok' : 'BELOW'}`,
  );
}
if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
