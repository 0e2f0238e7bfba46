import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackStatus } from '../../shared/api/types.js';
import { queryTracks } from '../../core/review/track-query.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

const STATUSES: readonly TrackStatus[] = [
  'new',
  'analysed',
  'predicted',
  'review',
  'error',
  'decided',
  'skipped',
  'written',
];

describe('library table status filter', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    const ids = seedTracks(lib.db, [
      { path: '/music/1.mp3', predicted: 'jazz', confidence: 0.9, genres: ['Jazz'] },
      { path: '/music/2.mp3', predicted: 'metal', confidence: 0.4, genres: ['Metal'] },
      { path: '/music/3.mp3', predicted: 'disco', confidence: 0.95, genres: ['Hip Hop'] },
      { path: '/music/4.mp3', predicted: 'rock', confidence: 0.3 },
      { path: '/music/5.mp3', predicted: 'pop', confidence: 0.99 },
      { path: '/music/6.mp3' },
      { path: '/music/7.mp3', predicted: 'blues', confidence: 0.2 },
      { path: '/music/8.mp3', predicted: 'jazz', confidence: 0.8, genres: ['Jazz'] },
      { path: '/music/9.mp3' }, // analysed
      { path: '/music/10.mp3' }, // error: its analysis failed
      { path: '/music/11.mp3', predicted: 'pop', confidence: 0.3 }, // error: its rescan failed
    ]);
    const analysis = lib.db.prepare(
      `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, error_kind, analysed_at)
       VALUES (?, 'v', 'p', 1, 0, ?, ?, '2026-01-01')`,
    );
    analysis.run(ids[8], 'ok', null);
    analysis.run(ids[9], 'error', 'too-short');
    analysis.run(ids[10], 'ok', null);
    lib.db
      .prepare(
        "INSERT INTO scan_errors (path, kind, message, at) VALUES ('/music/11.mp3', 'unreadable', 'gone bad', '2026-01-01')",
      )
      .run();
    const decide = lib.db.prepare(
      "INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, ?, ?, 'user', '2026-01-01')",
    );
    decide.run(ids[0], 'accept', 'jazz'); // written: the tag already says Jazz
    decide.run(ids[3], 'choose', 'bossa nova'); // decided
    decide.run(ids[6], 'skip', null); // skipped
    decide.run(ids[7], 'accept', 'jazz'); // then gone: a decision on a gone track
    lib.db.prepare("UPDATE tracks SET status = 'gone' WHERE id = ?").run(ids[7]);
  });
  afterEach(() => lib.close());

  it('returns for each status exactly the tracks the unfiltered table shows with it', () => {
    const all = queryTracks(lib.db, { sort: 'path' }).rows;
    expect(new Set(all.map((r) => r.status))).toEqual(
      new Set(['written', 'review', 'decided', 'predicted', 'new', 'skipped', 'analysed', 'error']),
    );
    for (const status of STATUSES) {
      const expected = all.filter((r) => r.status === status).map((r) => r.id);
      const page = queryTracks(lib.db, { status, sort: 'path' });
      expect(
        page.rows.map((r) => r.id),
        status,
      ).toEqual(expected);
      expect(page.total, status).toBe(expected.length);
    }
    expect(queryTracks(lib.db, { status: 'gone' }).rows.map((r) => r.path)).toEqual(['/music/8.mp3']);
  });
});
