import type { Migration } from '../library/migrations/types.js';

/**
 * Audio analyses: one current analysis per track and its windows' features.
 *
 * `analyses` says what was analysed and how: the file as the library knew it (size, mtime), the
 * analyzer version and window policy. A track needs analysis again only when one of those differs
 * from the track row and the code (see core/analysis/store.ts); a failure is a row too
 * (status 'error', with its kind and message), so a broken file is not retried on every run.
 * Re-analysis replaces the row and its windows; ids are AUTOINCREMENT so a new analysis never
 * reuses an old id, and a prediction's analysis_id tells whether it was made from the current one.
 *
 * `analysis_windows.features` holds the 57 values as one BLOB of 57 little-endian float64 in
 * FEATURE_NAMES order (456 bytes), not 57 REAL columns: retraining reads every window of 10,000+
 * tracks in one scan, and one blob per row is a single column fetch turned into a Float64Array
 * with no per-column marshalling; float64 keeps the extractor's values exactly, so stored
 * features reproduce the features CLI bit for bit. No query filters on a single feature.
 */
export const analysisMigration: Migration = {
  version: 2,
  name: 'analysis',
  up(db) {
    db.exec(`
      CREATE TABLE analyses (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        track_id          INTEGER NOT NULL UNIQUE REFERENCES tracks(id) ON DELETE CASCADE,
        analyzer_version  TEXT NOT NULL,
        window_policy     TEXT NOT NULL,
        file_size         INTEGER NOT NULL,
        file_mtime_ms     INTEGER NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error_kind        TEXT,
        error_message     TEXT,
        duration_sec      REAL,
        elapsed_ms        INTEGER,
        analysed_at       TEXT NOT NULL,
        CHECK ((status = 'ok') = (error_kind IS NULL))
      );
      CREATE INDEX analyses_status ON analyses(status);

      CREATE TABLE analysis_windows (
        analysis_id   INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
        window_index  INTEGER NOT NULL,
        start_sec     REAL NOT NULL,
        duration_sec  REAL NOT NULL,
        features      BLOB NOT NULL CHECK (length(features) % 8 = 0),
        PRIMARY KEY (analysis_id, window_index)
      ) WITHOUT ROWID;
    `);
  },
};

/**
 * The analysis stage owns `analyses` and `analysis_windows`: their schema is here, their queries in store.ts.
 * Versions are global (one order for the whole file, see core/service/library-schema.ts);
 * a new step takes the next free number and is appended here.
 */
export const ANALYSIS_MIGRATIONS: readonly Migration[] = [analysisMigration];
