import type { Migration } from './types.js';

/** Library roots, tracks with their tags, per-file scan errors, and key/value settings. */
export const libraryMigration: Migration = {
  version: 1,
  name: 'library',
  up(db) {
    db.exec(`
      CREATE TABLE roots (
        id            INTEGER PRIMARY KEY,
        path          TEXT NOT NULL UNIQUE,
        added_at      TEXT NOT NULL,
        last_scan_at  TEXT
      );

      CREATE TABLE tracks (
        id            INTEGER PRIMARY KEY,
        root_id       INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        path          TEXT NOT NULL UNIQUE,
        size          INTEGER NOT NULL,
        mtime_ms      INTEGER NOT NULL,
        fingerprint   TEXT,
        format        TEXT,
        container     TEXT,
        codec         TEXT,
        duration_sec  REAL,
        sample_rate   INTEGER,
        channels      INTEGER,
        bitrate       INTEGER,
        title         TEXT,
        artist        TEXT,
        album         TEXT,
        album_artist  TEXT,
        year          INTEGER,
        track_no      INTEGER,
        disc_no       INTEGER,
        genres        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(genres) AND json_type(genres) = 'array'),
        status        TEXT NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'gone')),
        added_at      TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        gone_at       TEXT
      );
      CREATE INDEX tracks_root ON tracks(root_id);
      CREATE INDEX tracks_status ON tracks(status);
      CREATE INDEX tracks_size_mtime ON tracks(size, mtime_ms);

      CREATE TABLE scan_errors (
        id        INTEGER PRIMARY KEY,
        root_id   INTEGER REFERENCES roots(id) ON DELETE CASCADE,
        path      TEXT NOT NULL UNIQUE,
        target    TEXT NOT NULL DEFAULT 'file' CHECK (target IN ('file', 'folder')),
        kind      TEXT NOT NULL,
        message   TEXT NOT NULL,
        size      INTEGER,
        mtime_ms  INTEGER,
        at        TEXT NOT NULL
      );

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );
    `);
  },
};
