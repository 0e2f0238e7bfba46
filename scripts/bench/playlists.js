#!/usr/bin/env node
// Time to export playlists by genre from a library of N tracks (default 50,000, the library size
// the app is designed for), per format: a first export (every file written) and a re-export of
// the unchanged library (hashes compared, nothing rewritten). Uses a generated SQLite library in
// a temp folder and the compiled dist/node (run `npm run build` first).
// Target: ≤ 2 s for a first export of 50,000 tracks in any format, so the UI can do it inline.
//   npm run bench -- playlists [--tracks N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, numberArg } from './lib/bench.js';

const { openLibrary } = await load('core/service/library-schema.js');
const { exportLibraryPlaylists } = await load('core/playlists/export.js');

const n = numberArg('tracks', 50_000);
const GENRES = [
  'Rock',
  'Pop',
  'Jazz',
  'Hip-Hop',
  'Electronic',
  'Ambient',
  'Classical',
  'Metal',
  'Country',
  'Reggae',
  'Blues',
  'Disco',
  'Soundtrack',
  'Bossa Nova',
  'Synthwave',
  'Folk',
  'Punk',
  'Soul',
  'R&B',
  'Drum & Bass',
];

const dir = mkdtempSync(join(tmpdir(), 'gw-bench-playlists-'));
try {
  const db = openLibrary(join(dir, 'library.db'));
  // mulberry32: a fixed seed gives the same library on every run.
  let seed = 42;
  const rand = (k) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
  };
  const now = new Date().toISOString();
  db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/music', now);
  const insert = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, duration_sec, title, artist, album, track_no, disc_no, genres, added_at, updated_at)
     VALUES (1, ?, 1000, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const artist = `Artist ${rand(2000)} Ünïcode`;
      const album = `Album #${rand(50)} & Friends`;
      const genres = [GENRES[rand(GENRES.length)]];
      if (rand(4) === 0) genres.push(GENRES[rand(GENRES.length)].toLowerCase());
      insert.run(
        `/music/${artist}/${album}/${String(i).padStart(6, '0')} Track ${i}.flac`,
        120 + rand(300),
        `Track ${i}`,
        artist,
        album,
        1 + rand(15),
        1 + rand(2),
        JSON.stringify(genres),
        now,
        now,
      );
    }
  })();

  console.log(`${n} tracks, ${GENRES.length} genres (a quarter of the tracks in two)`);
  for (const format of ['m3u8', 'pls', 'xspf']) {
    const out = join(dir, `out-${format}`);
    const t0 = performance.now();
    const first = exportLibraryPlaylists(db, { out, format, source: 'tags' });
    const t1 = performance.now();
    const again = exportLibraryPlaylists(db, { out, format, source: 'tags' });
    const t2 = performance.now();
    const entries = first.playlists.reduce((s, p) => s + p.tracks, 0);
    if (!again.playlists.every((p) => p.unchanged)) throw new Error('re-export rewrote unchanged playlists');
    console.log(
      `${format.padEnd(5)} first export ${((t1 - t0) / 1000).toFixed(2)} s (${first.playlists.length} files, ${entries} entries, ${Math.round(entries / ((t1 - t0) / 1000))} entries/s); unchanged re-export ${((t2 - t1) / 1000).toFixed(2)} s`,
    );
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
