import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../core/library/db.js';
import { getTrack, listScanErrors } from '../../core/library/tracks.js';
import { getSetting } from '../../core/library/settings.js';
import { listAnalysisFailures } from '../../core/analysis/store.js';
import { currentPredictions } from '../../core/prediction/current.js';
import { getDecision } from '../../core/decisions/decisions.js';
import { listBatches } from '../../core/tags/journal.js';
import { LIBRARY_SCHEMA, openLibrary } from '../../core/service/library-schema.js';
import { deriveTrackList } from '../../core/review/track-list.js';
import { queryTracks } from '../../core/review/track-query.js';

/**
 * tests/fixtures/db/library-schema-6.sqlite was written by Genrewise before each stage took its
 * tables' migrations (all six steps then lived in core/library/migrations), with one row in every
 * table. It stands for an existing user's library: it must open as it is, with nothing re-applied,
 * and end up with exactly the schema a new library gets.
 */
const FIXTURE = new URL('../fixtures/db/library-schema-6.sqlite', import.meta.url);

function schemaOf(db: Database): unknown[] {
  return db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all();
}

function appliedSteps(db: Database): unknown[] {
  return db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
}

describe('library schema', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-schema-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the versions and names databases already recorded, in one global order', () => {
    expect(LIBRARY_SCHEMA.map((m) => [m.version, m.name])).toEqual([
      [1, 'library'],
      [2, 'analysis'],
      [3, 'predictions'],
      [4, 'decisions'],
      [5, 'tag-journal'],
      [6, 'track-order-indexes'],
      [7, 'prediction-reasons'],
      [8, 'tag-temp-files'],
      [9, 'track-search'],
      [10, 'track-list'],
      [11, 'drop-track-order-indexes'],
      [12, 'track-list-prediction-dirty'],
      [13, 'review-order'],
      [14, 'track-search-deferred'],
      [15, 'track-search-words'],
      [16, 'track-search-accents'],
    ]);
  });

  it('opens a database created by the earlier migrations without re-applying a step, reaching the new schema', () => {
    const path = join(dir, 'library.db');
    copyFileSync(FIXTURE, path);
    // Read as it is on disk (opening it through the schema read-only refuses an older version).
    const before = new BetterSqlite3(path, { readonly: true });
    const applied = appliedSteps(before);
    before.close();
    expect(applied).toHaveLength(6);

    const db = openLibrary(path);
    const fresh = openLibrary(join(dir, 'fresh.db'));
    try {
      // The steps recorded stay as they were; the later ones are applied once, on this open.
      expect(appliedSteps(db).slice(0, applied.length)).toEqual(applied);
      expect(appliedSteps(db).map((s) => (s as { version: number }).version)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
      ]);
      expect(schemaOf(db)).toEqual(schemaOf(fresh));
      expect(schemaOf(db).length).toBeGreaterThan(20);

      // Every owner reads its rows from the old file.
      expect(getTrack(db, 1)).toMatchObject({ path: '/music/a.mp3', genres: ['Rock'] });
      expect(listScanErrors(db)).toMatchObject([{ path: '/music/bad.mp3', kind: 'empty' }]);
      expect(getSetting(db, 'reviewThreshold')).toBe(0.7);
      expect(listAnalysisFailures(db)).toMatchObject([{ path: '/music/b.flac', kind: 'too-short' }]);
      expect(currentPredictions(db, [1, 2]).get(1)).toEqual({
        predicted: 'rock',
        confidence: 0.9,
        source: 'default',
        reason: "the default model (GTZAN's ten genres) hears rock",
      });
      expect(getDecision(db, 1)).toMatchObject({ action: 'accept', genre: 'rock', source: 'user' });
      expect(listBatches(db)).toMatchObject([{ id: 1, kind: 'write', mode: 'replace' }]);
    } finally {
      db.close();
      fresh.close();
    }
  });

  it('step 10 derives the library table of an existing library on its first read', () => {
    const path = join(dir, 'library.db');
    copyFileSync(FIXTURE, path);
    const db = openLibrary(path);
    try {
      // Every existing track is marked for the first read, which derives its row.
      expect(db.prepare('SELECT count(*) FROM track_list_dirty').pluck().get()).toBe(
        db.prepare('SELECT count(*) FROM tracks').pluck().get(),
      );
      const page = queryTracks(db, { sort: 'path' });
      expect(page.rows.map((r) => [r.path, r.status])).toEqual([
        ['/music/a.mp3', 'written'],
        ['/music/b.flac', 'error'],
      ]);
      expect(db.prepare('SELECT count(*) FROM track_list_dirty').pluck().get()).toBe(0);
      expect(db.prepare('SELECT track_id, status, title_key FROM track_list ORDER BY track_id').all()).toEqual(
        deriveTrackList(db).rows.map((r) => ({ track_id: r.track_id, status: r.status, title_key: r.title_key })),
      );
    } finally {
      db.close();
    }
  });

  it('step 11 drops the old order indexes of step 6, and the table still sorts', () => {
    const path = join(dir, 'library.db');
    copyFileSync(FIXTURE, path);
    const before = new BetterSqlite3(path, { readonly: true });
    const indexes = (d: Database): string[] =>
      d
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'tracks_order_%'")
        .pluck()
        .all() as string[];
    expect(indexes(before)).toHaveLength(4);
    before.close();
    const db = openLibrary(path);
    try {
      expect(indexes(db)).toEqual([]);
      expect(queryTracks(db, { sort: 'artist', descending: true }).total).toBe(2);
    } finally {
      db.close();
    }
  });

  it('step 12 marks a prediction-only change apart, and the next read brings the row up to date', () => {
    const path = join(dir, 'library.db');
    copyFileSync(FIXTURE, path);
    const db = openLibrary(path);
    const dirty = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    try {
      queryTracks(db, { sort: 'path' });
      db.prepare('UPDATE current_predictions SET confidence = 0.5 WHERE track_id = 1').run();
      expect([dirty('track_list_dirty'), dirty('track_list_prediction_dirty')]).toEqual([0, 1]);
      queryTracks(db, { sort: 'path' });
      expect([dirty('track_list_dirty'), dirty('track_list_prediction_dirty')]).toEqual([0, 0]);
      expect(db.prepare('SELECT * FROM track_list ORDER BY track_id').all()).toEqual(deriveTrackList(db).rows);
      expect(db.prepare('SELECT confidence FROM track_list WHERE track_id = 1').pluck().get()).toBe(0.5);
    } finally {
      db.close();
    }
  });
});
