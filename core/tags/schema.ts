import type { Migration } from '../library/migrations/types.js';

/**
 * The tag-write journal: one row per batch (a write or an undo) and one per file in it, with the
 * genres before and after, so any batch can be undone and an interrupted one recovered.
 * An entry is recorded as `pending` just before the new version replaces the file and becomes
 * `ok` after; a batch killed in between leaves `pending` rows that the next batch resolves by
 * reading the file (see core/tags/journal.ts).
 */
export const tagJournalMigration: Migration = {
  version: 5,
  name: 'tag-journal',
  up(db) {
    db.exec(`
      CREATE TABLE tag_write_batches (
        id               INTEGER PRIMARY KEY,
        created_at       TEXT NOT NULL,
        finished_at      TEXT,
        kind             TEXT NOT NULL CHECK (kind IN ('write', 'undo')),
        mode             TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'interrupted')),
        keep_mtime       INTEGER NOT NULL DEFAULT 0,
        undo_of          INTEGER REFERENCES tag_write_batches(id),
        undone_by        INTEGER REFERENCES tag_write_batches(id),
        pid              INTEGER,
        host             TEXT
      );
      CREATE INDEX tag_write_batches_undo_of ON tag_write_batches(undo_of);

      CREATE TABLE tag_write_entries (
        id               INTEGER PRIMARY KEY,
        batch_id         INTEGER NOT NULL REFERENCES tag_write_batches(id) ON DELETE CASCADE,
        track_id         INTEGER REFERENCES tracks(id) ON DELETE SET NULL,
        path             TEXT NOT NULL,
        genres_before    TEXT,
        genres_after     TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'failed', 'skipped')),
        error_kind       TEXT,
        error            TEXT,
        size_before      INTEGER,
        mtime_ms_before  INTEGER,
        size_after       INTEGER,
        mtime_ms_after   INTEGER,
        at               TEXT NOT NULL
      );
      CREATE INDEX tag_write_entries_batch ON tag_write_entries(batch_id);
      CREATE INDEX tag_write_entries_path ON tag_write_entries(path);
      CREATE INDEX tag_write_entries_status ON tag_write_entries(status);
    `);
  },
};

/**
 * The temporary copies a batch is making, recorded just before each is created and removed once
 * it was renamed over the original or deleted: after a kill, exactly these are cleaned up
 * (earlier, any file matching the name pattern was deleted, a real track named like one too).
 */
export const tagTempFilesMigration: Migration = {
  version: 8,
  name: 'tag-temp-files',
  up(db) {
    db.exec(`
      CREATE TABLE tag_write_temp_files (
        path             TEXT PRIMARY KEY,
        batch_id         INTEGER REFERENCES tag_write_batches(id) ON DELETE SET NULL,
        created_at       TEXT NOT NULL
      );
    `);
  },
};

/**
 * The tags stage owns `tag_write_batches` and `tag_write_entries`: schema here, queries in journal.ts.
 * Versions are global (one order for the whole file, see core/service/library-schema.ts);
 * a new step takes the next free number and is appended here.
 */
export const TAGS_MIGRATIONS: readonly Migration[] = [tagJournalMigration, tagTempFilesMigration];
