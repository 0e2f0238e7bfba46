import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { libraryCounts } from '../../core/review/library-counts.js';
import { libraryStats } from '../../core/library/tracks.js';
import { countAnalyses } from '../../core/analysis/store.js';
import { confidenceHistogram, countByPredictedGenre } from '../../core/prediction/current.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

/**
 * The overview's counts read track_list's covering indexes; each equals what the owning stage
 * counts from its own tables, on a library with gone tracks, spellings differing in case, a failed
 * analysis and confidences on the bins' edges.
 */
describe('library counts off track_list', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    const ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', genres: ['Rock', 'Pop'], predicted: 'rock', confidence: 0.3 },
      { path: '/music/b.flac', genres: ['rock'], predicted: 'rock', confidence: 0.9 },
      { path: '/music/c.mp3', genres: ['ROCK'], predicted: 'jazz', confidence: 1 },
      { path: '/music/d.ogg', genres: ['Électro'], predicted: 'disco', confidence: 0 },
      { path: '/music/e.mp3', genres: ['électro'] },
      { path: '/music/f.mp3', genres: ['Jazz'], predicted: 'jazz', confidence: 0.55 }, // gone below
      { path: '/music/g.mp3' },
    ]);
    lib.db.prepare('UPDATE tracks SET format = substr(path, -3), duration_sec = 100 + id WHERE 1').run();
    const analysis = lib.db.prepare(
      `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, error_kind, analysed_at)
       VALUES (?, 'v', 'p', 1, 0, ?, ?, '2026-01-01')`,
    );
    for (const id of ids.slice(0, 4)) analysis.run(id, 'ok', null);
    analysis.run(ids[6], 'error', 'too-short');
    lib.db.prepare("UPDATE tracks SET status = 'gone' WHERE id = ?").run(ids[5]);
  });
  afterEach(() => lib.close());

  it('equal the stages’ own counts', () => {
    const counts = libraryCounts(lib.db);
    const scan = libraryStats(lib.db);
    expect(counts.tracks).toBe(scan.tracks);
    expect(counts.gone).toBe(scan.gone);
    expect(counts.durationSec).toBe(scan.durationSec);
    expect(counts.byFormat).toEqual(scan.byFormat);
    expect(counts.byGenre).toEqual(scan.byGenre);
    expect(counts.byPredicted).toEqual(countByPredictedGenre(lib.db));
    expect(counts.confidenceHistogram).toEqual(confidenceHistogram(lib.db));
    expect(counts.analysed).toBe(countAnalyses(lib.db).ok);
    expect([...counts.byStatus.values()].reduce((a, b) => a + b, 0)).toBe(scan.tracks);
  });
});
