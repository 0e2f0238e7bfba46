#!/usr/bin/env node
// Re-learning the library-context model after a decision (issue 11): read the labels and every
// stored window, predict every track with its album and artist evidence, store the predictions
// and reasons. On a generated library of N tracks (default 1,000) with W windows each (default 3)
// in albums of A tracks (default 10) of G made-up genres (default 8), a share L of them labelled
// (default 0.1), in a real SQLite library; then the review queue's teaching order. Uses the
// compiled dist/node (run `npm run build:node` first).
// Target: well under a few seconds on 1,000 tracks (the app re-learns after every decision).
//   npm run bench -- context [--tracks N] [--windows W] [--album A] [--genres G] [--labelled L]
import { join } from 'node:path';
import { inTempDir, load, numberArg, secondsSince, seededRandom } from './lib/bench.js';
import { featureScale, saveWindows } from './lib/synthetic-library.js';

const { openLibrary } = await load('core/service/library-schema.js');
const { relearnLibraryContext } = await load('core/learning/context-pass.js');
const { reviewQueue } = await load('core/review/queue.js');
const { FEATURE_NAMES } = await load('shared/features.js');

const tracks = numberArg('tracks', 1000);
const windowsPerTrack = numberArg('windows', 3);
const albumSize = numberArg('album', 10);
const genreCount = numberArg('genres', 8);
const labelled = numberArg('labelled', 0.1);

const { random, gaussian } = seededRandom(7);
const SCALE = featureScale(FEATURE_NAMES);
const centres = Array.from({ length: genreCount }, () => SCALE.map((s) => 3 * s + s * 0.5 * gaussian()));

await inTempDir('context', async (dir) => {
  const db = openLibrary(join(dir, 'library.db'));
  const now = new Date().toISOString();
  db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/music', now);
  const insert = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, artist, album, genres, added_at, updated_at)
     VALUES (1, ?, 1000, 0, ?, ?, '[]', ?, ?)`,
  );
  const decide = db.prepare(
    "INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, 'choose', ?, 'user', ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < tracks; i++) {
      const album = Math.floor(i / albumSize);
      const g = album % genreCount;
      const path = `/music/${album}/${i}.mp3`;
      const id = Number(
        insert.run(path, `Artist ${Math.floor(album / 2)}`, `Album ${album}`, now, now).lastInsertRowid,
      );
      const albumOffset = SCALE.map((s) => s * 0.4 * gaussian());
      const trackOffset = SCALE.map((s) => s * 0.5 * gaussian());
      const windows = Array.from({ length: windowsPerTrack }, () =>
        centres[g].map((c, j) => c + albumOffset[j] + trackOffset[j] + SCALE[j] * 0.3 * gaussian()),
      );
      saveWindows(db, id, path, windows);
      if (random() < labelled) decide.run(id, `Genre ${g + 1}`, now);
    }
  })();
  console.log(
    `library: ${tracks} tracks × ${windowsPerTrack} windows, albums of ${albumSize}, ${genreCount} genres, ~${labelled * 100} % decided`,
  );
  for (let run = 1; run <= 3; run++) {
    const t = performance.now();
    const r = relearnLibraryContext(db);
    console.log(
      `re-learn ${run}: ${secondsSince(t)} s wall (${r.seconds.toFixed(3)} s in the pass) for ${r.tracks} tracks, ${r.labelled} labelled, ${r.genres.length} genres, T = ${r.temperature}`,
    );
  }
  const t = performance.now();
  const page = reviewQueue(db, { limit: 20 });
  console.log(`review queue (teaching order, first page of ${page.total}): ${secondsSince(t)} s`);
  const right = db
    .prepare(
      `SELECT count(*) FROM current_predictions c JOIN tracks t ON t.id = c.track_id LEFT JOIN decisions d ON d.track_id = t.id
        WHERE d.track_id IS NULL AND c.genre = 'Genre ' || ((CAST(substr(t.album, 7) AS INTEGER) % ${genreCount}) + 1)`,
    )
    .pluck()
    .get();
  const undecided = db
    .prepare('SELECT count(*) FROM tracks t LEFT JOIN decisions d ON d.track_id = t.id WHERE d.track_id IS NULL')
    .pluck()
    .get();
  console.log(`right on undecided: ${((100 * right) / undecided).toFixed(1)} % (${right}/${undecided})`);
  db.close();
});
