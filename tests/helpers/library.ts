import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';

export interface TempLibrary {
  readonly dir: string;
  readonly dbPath: string;
  readonly db: Database;
  close(): void;
}

/** A real library file in a fresh temp folder; close() removes it. */
export function tempLibrary(prefix = 'gw-lib-'): TempLibrary {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbPath = join(dir, 'library.db');
  const db = openLibrary(dbPath);
  return {
    dir,
    dbPath,
    db,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SeedTrack {
  readonly path: string;
  readonly genres?: readonly string[];
  readonly artist?: string;
  readonly title?: string;
  readonly predicted?: string;
  readonly confidence?: number;
  readonly source?: 'default' | 'personal';
  readonly unfamiliar?: boolean;
}

/**
 * Inserts tracks (and their current predictions) directly, for tests of later stages that need a
 * library in a known state without scanning and analysing audio.
 */
export function seedTracks(db: Database, tracks: readonly SeedTrack[], rootPath = '/music'): number[] {
  const now = new Date().toISOString();
  db.prepare('INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)').run(rootPath, now);
  const rootId = (db.prepare('SELECT id FROM roots WHERE path = ?').get(rootPath) as { id: number }).id;
  const insertTrack = db.prepare(
    `INSERT INTO tracks (root_id, path, size, mtime_ms, title, artist, genres, added_at, updated_at)
     VALUES (?, ?, 1000, 0, ?, ?, ?, ?, ?)`,
  );
  const insertPrediction = db.prepare(
    `INSERT INTO predictions (track_id, model_id, genre, probability, confidence, probabilities, predicted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCurrent = db.prepare(
    `INSERT INTO current_predictions (track_id, model_id, source, genre, confidence, unfamiliar) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction(() =>
    tracks.map((t) => {
      const id = Number(
        insertTrack.run(rootId, t.path, t.title ?? null, t.artist ?? null, JSON.stringify(t.genres ?? []), now, now)
          .lastInsertRowid,
      );
      if (t.predicted !== undefined) {
        const confidence = t.confidence ?? 0.5;
        insertPrediction.run(
          id,
          'test-model',
          t.predicted,
          confidence,
          confidence,
          JSON.stringify({ [t.predicted]: confidence }),
          now,
        );
        insertCurrent.run(id, 'test-model', t.source ?? 'default', t.predicted, confidence, t.unfamiliar ? 1 : 0);
      }
      return id;
    }),
  )();
}

/** FTS5's own integrity check of a text search index against `tracks`, and one entry per track. */
export function expectSearchIndexInStep(db: Database, index: 'tracks_search' | 'tracks_words'): void {
  expect(db.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`).run()).toBeDefined();
  expect(db.prepare(`SELECT count(*) FROM ${index}`).pluck().get()).toBe(
    db.prepare('SELECT count(*) FROM tracks').pluck().get(),
  );
}
