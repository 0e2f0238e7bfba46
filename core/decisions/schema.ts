import type { Migration } from '../library/migrations/types.js';

/**
 * Review decisions: one current decision per track, plus an append-only log so a personal model
 * can learn from every choice and nothing a user said is lost when they change their mind.
 */
export const decisionsMigration: Migration = {
  version: 4,
  name: 'decisions',
  up(db) {
    db.exec(`
      CREATE TABLE decisions (
        track_id    INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
        action      TEXT NOT NULL CHECK (action IN ('accept', 'choose', 'keep', 'skip')),
        genre       TEXT,
        source      TEXT NOT NULL CHECK (source IN ('user', 'model')),
        model_id    TEXT,
        confidence  REAL,
        decided_at  TEXT NOT NULL
      );
      CREATE INDEX decisions_genre ON decisions(genre);

      CREATE TABLE decision_log (
        id          INTEGER PRIMARY KEY,
        track_id    INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        action      TEXT NOT NULL,
        genre       TEXT,
        source      TEXT NOT NULL,
        decided_at  TEXT NOT NULL
      );
    `);
  },
};

/**
 * The decisions stage owns `decisions` and `decision_log`: schema here, queries in decisions.ts.
 * Versions are global (one order for the whole file, see core/service/library-schema.ts);
 * a new step takes the next free number and is appended here.
 */
export const DECISIONS_MIGRATIONS: readonly Migration[] = [decisionsMigration];
