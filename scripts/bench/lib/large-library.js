// The generated large library of the query bench (scripts/bench/query.js) and of the browser test
// at 100,000 tracks (tests/e2e/large-library-db.ts): one generator, so both measure the same
// library. Rows go straight into the real, migrated tables through the caller's open database;
// the library table's own rows (track_list) are then derived by the same triggers and refresh as
// after a real scan, analysis and review. Every status occurs (new, analysed, predicted, review,
// decided, skipped, written, error, gone), some files are untagged (the table shows and sorts
// them by their folders' names), and titles carry numbers ("Velvet 82", "Velvet 819").

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same library. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  'Neon',
  'Quiet',
  'Iron',
  'Honey',
];
const OTHER_TAGS = ['Electronic', 'Soundtrack', 'Ambient', 'Folk', 'Bossa Nova', 'Synthwave'];

/** What each generated track becomes, by share of the library. */
const FATES = [
  ['new', 0.08],
  ['failed', 0.01],
  ['analysed', 0.01],
  ['unreadable', 0.002],
  ['predicted', 1],
];

/** The fate whose share of the library `f` (uniform in [0, 1)) falls in. */
function fateOf(f) {
  let upTo = 0;
  for (const [fate, share] of FATES) {
    upTo += share;
    if (f < upTo) return fate;
  }
  return 'predicted';
}

/** @type {import('./large-library').buildLargeLibrary} */
export function buildLargeLibrary(db, options) {
  const { tracks: n, vocabulary } = options;
  const { genres, displayNames, analyzerVersion, windowPolicy } = vocabulary;
  const rnd = random(options.seed ?? 42);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const now = new Date().toISOString();
  const rootPath = '/srv/music';
  const root = db
    .prepare('INSERT INTO roots (path, added_at, last_scan_at) VALUES (?, ?, ?)')
    .run(rootPath, now, now).lastInsertRowid;
  db.prepare(
    "INSERT OR IGNORE INTO models (id, role, kind, path, card, created_at) VALUES ('gtzan-svc', 'default', 'svc', 'models/gtzan-svc.onnx', '{}', ?)",
  ).run(now);
  const track = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, format, container, codec, duration_sec, title, artist, album, year, track_no, disc_no, genres, status, added_at, updated_at, gone_at)
     VALUES (@root, @path, @size, 0, 'mp3', 'MPEG', 'MP3', @duration, @title, @artist, @album, @year, @trackNo, 1, @genres, @status, @now, @now, @goneAt)`,
  );
  const analysis = db.prepare(
    `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, error_kind, error_message, duration_sec, elapsed_ms, analysed_at)
     VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, 900, ?)`,
  );
  const prediction = db.prepare(
    `INSERT INTO predictions (track_id, model_id, analysis_id, genre, probability, ood_score, confidence, probabilities, windows, predicted_at)
     VALUES (?, 'gtzan-svc', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const current = db.prepare(
    "INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar) VALUES (?, 'gtzan-svc', 'default', ?, ?, ?)",
  );
  const decision = db.prepare(
    "INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, ?, ?, 'user', ?)",
  );
  const scanError = db.prepare(
    "INSERT INTO scan_errors (root_id, path, target, kind, message, at) VALUES (?, ?, 'file', 'unreadable', 'cannot parse the file', ?)",
  );
  let needles = 0;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const artist = `${pick(WORDS)} ${pick(WORDS)} ${i % 997}`;
      const album = `${pick(WORDS)} ${pick(WORDS)}`;
      const needle = i % 2713 === 0;
      if (needle) needles++;
      const title = needle ? `Needle ${i}` : `${pick(WORDS)} ${pick(WORDS)} ${i}`;
      const untagged = !needle && rnd() < 0.03;
      const genre = pick(genres);
      const r = rnd();
      const tags =
        untagged || r < 0.15 ? [] : r < 0.25 ? [pick(OTHER_TAGS)] : [displayNames[r < 0.7 ? genre : pick(genres)]];
      const size = 3_000_000 + Math.floor(rnd() * 6_000_000);
      const duration = 120 + rnd() * 300;
      const gone = !needle && rnd() < 0.005;
      const path = `${rootPath}/${artist}/${album}/${String(i % 14).padStart(2, '0')} ${title}.mp3`;
      const trackId = Number(
        track.run({
          root,
          path,
          size,
          duration,
          title: untagged ? null : title,
          artist: untagged ? null : artist,
          album: untagged ? null : album,
          year: 1960 + (i % 64),
          trackNo: i % 14,
          genres: JSON.stringify(tags),
          status: gone ? 'gone' : 'present',
          now,
          goneAt: gone ? now : null,
        }).lastInsertRowid,
      );
      const f = rnd();
      const fate = needle ? 'predicted' : fateOf(f);
      if (fate === 'new') continue;
      if (fate === 'unreadable') {
        scanError.run(root, path, now);
        continue;
      }
      const failed = fate === 'failed';
      const analysisId = Number(
        analysis.run(
          trackId,
          analyzerVersion,
          windowPolicy,
          size,
          failed ? 'error' : 'ok',
          failed ? 'too-short' : null,
          failed ? 'shorter than one analysis window' : null,
          duration,
          now,
        ).lastInsertRowid,
      );
      if (fate !== 'predicted') continue;
      const top = 0.2 + rnd() * 0.79;
      const probabilities = Object.fromEntries(
        genres.map((g) => [g, g === genre ? top : (1 - top) / (genres.length - 1)]),
      );
      const ood = rnd() * 1.4;
      const confidence = ood > 1.25 ? top * 0.5 : top;
      const windows = JSON.stringify([{ startSec: 30, durationSec: 30, genre, confidence }]);
      prediction.run(trackId, analysisId, genre, top, ood, confidence, JSON.stringify(probabilities), windows, now);
      current.run(trackId, genre, confidence, ood > 1.25 ? 1 : 0);
      const d = rnd();
      if (d < 0.05) decision.run(trackId, 'accept', genre, now);
      else if (d < 0.06) decision.run(trackId, 'skip', null, now);
    }
    // Files the scan found but could not read at all: problems without a track.
    for (let k = 0; k < Math.ceil(n / 20000); k++) scanError.run(root, `${rootPath}/broken/${k}.mp3`, now);
  })();
  return { tracks: n, needles };
}
