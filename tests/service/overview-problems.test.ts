import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { libraryOverview } from '../../core/service/overview.js';
import { queryTracks } from '../../core/review/track-query.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

/**
 * Issue 13, item 19: the overview said "Problems 37 — files that could not be read", counting
 * too-short files that read fine and files already settled by hand, while its status bar said
 * "Error 32". Problems now have one definition (core/review/problems.ts) and one count.
 */
describe('one problem count', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    const ids = seedTracks(lib.db, [
      { path: '/music/short.mp3' }, // too short to analyse, undecided: a problem
      { path: '/music/short-decided.mp3' }, // too short, but decided by hand: settled
      { path: '/music/unreadable.mp3', predicted: 'rock', confidence: 0.9 }, // read once, now unreadable
      { path: '/music/fine.mp3', predicted: 'jazz', confidence: 0.9, genres: ['Jazz'] },
    ]);
    const failure = lib.db.prepare(
      `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, error_kind, error_message, analysed_at)
       VALUES (?, 'v', 'p', 1, 0, 'error', 'too-short', 'shorter than one window', '2026-01-01')`,
    );
    failure.run(ids[0]);
    failure.run(ids[1]);
    lib.db
      .prepare(
        "INSERT INTO decisions (track_id, action, genre, source, decided_at) VALUES (?, 'choose', 'rock', 'user', '2026-01-01')",
      )
      .run(ids[1]);
    const scanError = lib.db.prepare(
      "INSERT INTO scan_errors (root_id, path, target, kind, message, at) VALUES (1, ?, ?, 'unreadable', 'cannot parse', '2026-01-01')",
    );
    scanError.run('/music/unreadable.mp3', 'file');
    scanError.run('/music/never-read.mp3', 'file'); // found, never read: no track
  });
  afterEach(() => lib.close());

  it('is the same number on the Problems tile and in the status bar', () => {
    const stats = libraryOverview(lib.db);
    const errorInBar = stats.byStatus.find((s) => s.key === 'error')?.count;
    expect(stats.errors).toBe(3);
    expect(errorInBar).toBe(3);
    // The table's error filter lists the tracks among them; the file never read has no row.
    expect(queryTracks(lib.db, { status: 'error', sort: 'path' }).rows.map((r) => r.path)).toEqual([
      '/music/short.mp3',
      '/music/unreadable.mp3',
    ]);
  });
});
