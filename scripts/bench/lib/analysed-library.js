// A generated library with stored analysis windows, for the similarity and map benchmarks: the
// query bench's shape (scripts/bench/query.js: tracks with tags and current predictions) plus
// 1–3 windows of 57 features per track, drawn around GTZAN rows (or random centres without the
// table) so tracks of one genre lie near each other as real ones do. Uses dist/node.
const dist = new URL('../../../dist/node/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const { openLibrary } = await load('core/service/library-schema.js');
const { encodeFeatures } = await load('core/analysis/store.js');
const { ANALYZER_VERSION } = await load('shared/features.js');

/** Creates the library at dbPath; returns the open database and each track's genre, in id order. */
export async function generateAnalysedLibrary(dbPath, n, table) {
  let seed = 42;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock'];
  const base = table
    ? table.rows.map((r, i) => ({ row: r, genre: table.labels[i] }))
    : GENRES.flatMap((g) =>
        Array.from({ length: 20 }, () => ({ row: Array.from({ length: 57 }, () => 1000 * rnd()), genre: g })),
      );
  const spread = base[0].row.map((_, j) => {
    let s = 0;
    for (const b of base) s += Math.abs(b.row[j]);
    return (s / base.length) * 0.05;
  });
  const db = openLibrary(dbPath);
  const now = new Date().toISOString();
  const root = db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/music', now).lastInsertRowid;
  db.prepare(
    "INSERT INTO models (id, role, kind, path, card, created_at) VALUES ('m', 'default', 'svc', '/x', '{}', ?)",
  ).run(now);
  const track = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, duration_sec, title, artist, album, track_no, disc_no, genres, added_at, updated_at)
     VALUES (?, ?, 4000000, 0, 200, ?, ?, ?, 1, 1, '[]', ?, ?)`,
  );
  const analysis = db.prepare(
    `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, analysed_at)
     SELECT id, ?, 'p', size, mtime_ms, 'ok', ? FROM tracks WHERE id = ?`,
  );
  const windowRow = db.prepare(
    'INSERT INTO analysis_windows (analysis_id, window_index, start_sec, duration_sec, features) VALUES (?, ?, ?, 30, ?)',
  );
  const stored = db.prepare(
    `INSERT INTO predictions (track_id, model_id, analysis_id, genre, probability, confidence, probabilities, predicted_at) VALUES (?, 'm', ?, ?, ?, ?, '{}', ?)`,
  );
  const prediction = db.prepare(
    `INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar) VALUES (?, 'm', 'default', ?, ?, 0)`,
  );
  const genres = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const b = base[Math.floor(rnd() * base.length)];
      const id = Number(
        track.run(root, `/music/${i}.mp3`, `Track ${i}`, `Artist ${i % 5000}`, `Album ${i % 9000}`, now, now)
          .lastInsertRowid,
      );
      const a = Number(analysis.run(ANALYZER_VERSION, now, id).lastInsertRowid);
      const centre = b.row.map((v, j) => v + gauss() * spread[j]);
      const windows = 1 + Math.floor(rnd() * 3);
      for (let w = 0; w < windows; w++) {
        windowRow.run(a, w, w * 60, encodeFeatures(centre.map((v, j) => Math.abs(v + gauss() * spread[j] * 0.5))));
      }
      const confidence = 0.3 + 0.7 * rnd();
      stored.run(id, a, b.genre, confidence, confidence, now);
      prediction.run(id, b.genre, confidence);
      genres.push(b.genre);
    }
  })();
  return { db, genres };
}
