#!/usr/bin/env node
// `npm run bench -- query [--tracks N]`: the library table's queries on a large generated library
// (tags, analyses, predictions, some decisions), as the UI sends them. Target: filtering ≤ 100 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const dist = new URL('../../dist/node/', import.meta.url);
const { openLibrary } = await import(new URL('core/service/library-schema.js', dist).href);
const { queryTracks } = await import(new URL('core/review/track-query.js', dist).href);
const { libraryOverview } = await import(new URL('core/service/overview.js', dist).href);
const { reviewQueue } = await import(new URL('core/review/queue.js', dist).href);

const { values } = parseArgs({ options: { tracks: { type: 'string', default: '100000' } } });
const n = Number(values.tracks);
const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];
const NAMES = ['Blues', 'Classical', 'Country', 'Disco', 'Hip-Hop', 'Jazz', 'Metal', 'Pop', 'Reggae', 'Rock'];
const WORDS = [
  'Blue',
  'Night',
  'River',
  'Static',
  'Golden',
  'Echo',
  'Paper',
  'Signal',
  'Velvet',
  'Storm',
  'Glass',
  'Summer',
];

let seed = 42;
const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

const dir = mkdtempSync(join(tmpdir(), 'gw-bench-query-'));
try {
  const db = openLibrary(join(dir, 'library.db'));
  const now = new Date().toISOString();
  const root = db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/music', now).lastInsertRowid;
  const track = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, duration_sec, title, artist, album, track_no, disc_no, genres, added_at, updated_at)
     VALUES (?, ?, 4000000, 0, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const analysis = db.prepare(
    `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, analysed_at) VALUES (?, 'v', 'p', 1, 0, 'ok', ?)`,
  );
  const prediction = db.prepare(
    `INSERT INTO predictions (track_id, model_id, analysis_id, genre, probability, confidence, probabilities, predicted_at) VALUES (?, 'm', ?, ?, ?, ?, '{}', ?)`,
  );
  const current = db.prepare(
    `INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar) VALUES (?, 'm', 'default', ?, ?, ?)`,
  );
  const decision = db.prepare(
    `INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, 'accept', ?, 'user', ?)`,
  );
  let t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const artist = `${pick(WORDS)} ${pick(WORDS)} ${i % 997}`;
      const g = Math.floor(rnd() * 10);
      const tags = rnd() < 0.2 ? [] : [NAMES[rnd() < 0.7 ? g : Math.floor(rnd() * 10)]];
      const id = Number(
        track.run(
          root,
          `/music/${artist}/${i}.mp3`,
          120 + rnd() * 300,
          `${pick(WORDS)} ${i}`,
          artist,
          `${pick(WORDS)} ${pick(WORDS)}`,
          i % 14,
          JSON.stringify(tags),
          now,
          now,
        ).lastInsertRowid,
      );
      if (rnd() < 0.9) {
        const a = Number(analysis.run(id, now).lastInsertRowid);
        const c = 0.2 + rnd() * 0.8;
        prediction.run(id, a, GENRES[g], c, c, now);
        current.run(id, GENRES[g], c, rnd() < 0.05 ? 1 : 0);
        if (rnd() < 0.05) decision.run(id, GENRES[g], now);
      }
    }
  })();
  db.exec('ANALYZE');
  console.log(
    `built ${n} tracks in ${((performance.now() - t0) / 1000).toFixed(1)} s (load average ${loadavg()[0].toFixed(1)})`,
  );

  const cases = [
    ['first page, by artist', { limit: 100 }],
    ['page at offset 90%, by artist', { limit: 100, offset: Math.floor(n * 0.9) }],
    ['by title, descending', { limit: 100, sort: 'title', descending: true }],
    ['by confidence', { limit: 100, sort: 'confidence' }],
    ['filter: status review', { limit: 100, status: 'review' }],
    ['filter: status decided', { limit: 100, status: 'decided' }],
    ['filter: predicted jazz ≥ 0.8', { limit: 100, predicted: 'jazz', minConfidence: 0.8 }],
    ['filter: genre tag Rock', { limit: 100, genre: 'Rock' }],
    ['search "Echo 12"', { limit: 100, search: 'Echo 12' }],
    ['sort by status', { limit: 100, sort: 'status' }],
  ];
  const time = (fn) => {
    const samples = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      fn();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    return samples[2];
  };
  for (const [name, q] of cases) {
    let total = 0;
    const ms = time(() => (total = queryTracks(db, q).total));
    console.log(`${name.padEnd(32)} ${ms.toFixed(1).padStart(8)} ms   (${total} matches)`);
  }
  console.log(
    `${'library.stats (overview)'.padEnd(32)} ${time(() => libraryOverview(db))
      .toFixed(1)
      .padStart(8)} ms`,
  );
  console.log(
    `${'review queue, first 50'.padEnd(32)} ${time(() => reviewQueue(db, { limit: 50 }))
      .toFixed(1)
      .padStart(8)} ms`,
  );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
