import { ANALYZER_VERSION } from '../../shared/features';
import { DEFAULT_DISPLAY_NAMES, GTZAN_GENRES } from '../../shared/genres';
import { openLibrary } from '../../core/service/library-schema';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows';

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same library. */
function random(seed: number): () => number {
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

export interface LargeLibrary {
  readonly tracks: number;
  /** Titles containing "Needle": a search with a known answer. */
  readonly needles: number;
}

/**
 * A library of `n` tracks written straight into a database opened through openLibrary (so the
 * schema is the real, migrated one): tags, an analysis and a current prediction per track, and a
 * decision on some — what a large analysed library looks like to the table, without decoding
 * 100,000 files.
 */
export function buildLargeLibrary(path: string, n = 100_000): LargeLibrary {
  const db = openLibrary(path);
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const now = new Date().toISOString();
  let needles = 0;
  const root = db
    .prepare('INSERT INTO roots (path, added_at, last_scan_at) VALUES (?, ?, ?)')
    .run('/srv/music', now, now).lastInsertRowid;
  const track = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, format, container, codec, duration_sec, title, artist, album, year, track_no, disc_no, genres, status, added_at, updated_at)
     VALUES (@root, @path, @size, 0, 'MPEG', 'MPEG', 'MP3', @duration, @title, @artist, @album, @year, @trackNo, 1, @genres, 'present', @now, @now)`,
  );
  const analysis = db.prepare(
    `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, duration_sec, elapsed_ms, analysed_at)
     VALUES (?, ?, ?, ?, 0, 'ok', ?, 900, ?)`,
  );
  const prediction = db.prepare(
    `INSERT INTO predictions (track_id, model_id, analysis_id, genre, probability, ood_score, confidence, probabilities, windows, predicted_at)
     VALUES (?, 'gtzan-svc', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const current = db.prepare(
    "INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar) VALUES (?, 'gtzan-svc', 'default', ?, ?, ?)",
  );
  const decision = db.prepare(
    "INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, 'accept', ?, 'user', ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const artist = `${pick(WORDS)} ${pick(WORDS)} ${i % 997}`;
      const album = `${pick(WORDS)} ${pick(WORDS)}`;
      const needle = i % 2713 === 0;
      if (needle) needles++;
      const title = needle ? `Needle ${i}` : `${pick(WORDS)} ${pick(WORDS)} ${i}`;
      const genre = pick(GTZAN_GENRES);
      const r = rnd();
      const tags =
        r < 0.15 ? [] : r < 0.25 ? [pick(OTHER_TAGS)] : [DEFAULT_DISPLAY_NAMES[r < 0.7 ? genre : pick(GTZAN_GENRES)]];
      const size = 3_000_000 + Math.floor(rnd() * 6_000_000);
      const duration = 120 + rnd() * 300;
      const trackId = Number(
        track.run({
          root,
          path: `/srv/music/${artist}/${album}/${String(i % 14).padStart(2, '0')} ${title}.mp3`,
          size,
          duration,
          title,
          artist,
          album,
          year: 1960 + (i % 64),
          trackNo: i % 14,
          genres: JSON.stringify(tags),
          now,
        }).lastInsertRowid,
      );
      const analysisId = Number(
        analysis.run(trackId, ANALYZER_VERSION, WINDOW_POLICY_ID, size, duration, now).lastInsertRowid,
      );
      const top = 0.2 + rnd() * 0.79;
      const probabilities = Object.fromEntries(GTZAN_GENRES.map((g) => [g, g === genre ? top : (1 - top) / 9]));
      const ood = rnd() * 1.4;
      const confidence = ood > 1.25 ? top * 0.5 : top;
      const windows = JSON.stringify([{ startSec: 30, durationSec: 30, genre, confidence }]);
      prediction.run(trackId, analysisId, genre, top, ood, confidence, JSON.stringify(probabilities), windows, now);
      current.run(trackId, genre, confidence, ood > 1.25 ? 1 : 0);
      if (rnd() < 0.05) decision.run(trackId, genre, now);
    }
  })();
  db.close();
  return { tracks: n, needles };
}
