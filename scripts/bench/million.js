#!/usr/bin/env node
// `npm run bench -- million [--files N] [--keep]`: what a library of a million files costs the
// scanner, for the README's "A million tracks" section (the compiled scanner from dist/node; run
// `npm run build` first). Query times at that size come from `npm run bench -- query --tracks 1000000`.
//
// The library is N (default 1,000,000) hard links to copies of the 13 small fixture files of
// tests/fixtures/library, in artist/album folders of 20 files like a real collection: the scanner
// opens, reads and parses every path as it would a copy (hard links share content, so the page
// cache holds everything and the disk costs nothing: this measures the CPU, memory and database,
// not a disk). Prints the cold scan's rate, CPU time and peak RSS, the no-change rescan's time and
// peak RSS, and the database's size.
import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const count = Number(argValue('--files', '1000000'));
const keep = process.argv.includes('--keep');

/** A file system allows only so many links to one file (ext4: 65,000). */
const LINKS_PER_MASTER = 50_000;

/**
 * N hard links to copies of the fixture files (one copy per LINKS_PER_MASTER links), 20 to an
 * album folder, 10 albums to an artist.
 */
function buildLinkedLibrary(work, folder, n) {
  const manifest = JSON.parse(readFileSync(join(repo, 'tests/fixtures/library/manifest.json'), 'utf8'));
  const sources = manifest.files.map((f) => join(repo, 'tests/fixtures/library', f.path));
  const copies = Math.ceil(n / sources.length / LINKS_PER_MASTER);
  mkdirSync(join(work, 'masters'));
  const masters = sources.flatMap((source, s) =>
    Array.from({ length: copies }, (_, c) => {
      const master = join(work, 'masters', `${s}-${c}${extname(source)}`);
      copyFileSync(source, master);
      return master;
    }),
  );
  for (let i = 0; i < n; i++) {
    const master = masters[(i % sources.length) * copies + (Math.floor(i / sources.length) % copies)];
    const dir = join(folder, `Artist ${Math.floor(i / 200)}`, `Album ${Math.floor(i / 20) % 10}`);
    if (i % 20 === 0) mkdirSync(dir, { recursive: true });
    linkSync(master, join(dir, `${String(i % 20).padStart(2, '0')} Track ${i}${extname(master)}`));
  }
}

function scan(dbPath, folder) {
  // The scan bench's child: one scan in a fresh process, its summary, CPU time and peak RSS as JSON.
  const child = spawnSync(process.execPath, [join(repo, 'scripts/bench/scan.js'), '--child', dbPath, folder], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`scan child failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout);
}

const fileSize = (path) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};
const work = mkdtempSync(join(tmpdir(), 'genrewise-bench-million-'));
try {
  const folder = join(work, 'music');
  const dbPath = join(work, 'library.db');
  let t = performance.now();
  buildLinkedLibrary(work, folder, count);
  process.stdout.write(
    `${count.toLocaleString('en')} hard-linked files built in ${((performance.now() - t) / 1000).toFixed(0)} s ` +
      `(load ${loadavg()[0].toFixed(1)})\n`,
  );
  const cold = scan(dbPath, folder);
  const dbMb = (fileSize(dbPath) + fileSize(`${dbPath}-wal`)) / 1e6;
  process.stdout.write(
    `cold scan: ${cold.files.toLocaleString('en')} files in ${cold.seconds.toFixed(0)} s ` +
      `(${Math.round(cold.files / cold.seconds)} files/s), ${((cold.cpuSeconds / cold.files) * 1000).toFixed(2)} ms CPU/file, ` +
      `peak RSS ${cold.maxRssMb.toFixed(0)} MB, ${cold.errors} errors\n`,
  );
  t = performance.now();
  const again = scan(dbPath, folder);
  process.stdout.write(
    `rescan, nothing changed: ${again.seconds.toFixed(1)} s (${again.unchanged.toLocaleString('en')} unchanged), ` +
      `${again.cpuSeconds.toFixed(1)} CPU s, peak RSS ${again.maxRssMb.toFixed(0)} MB\n`,
  );
  process.stdout.write(
    `database: ${dbMb.toFixed(0)} MB after the scan (${((dbMb * 1e6) / count).toFixed(0)} bytes per track, tags only)\n`,
  );
  process.stdout.write(`load average at the end: ${loadavg()[0].toFixed(1)}\n`);
} finally {
  if (keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
