import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateSettings } from '../../core/library/settings.js';
import { learningReadiness } from '../../core/learning/readiness.js';
import { decide } from '../../core/decisions/decisions.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

function analysed(lib: TempLibrary, ids: readonly number[]): void {
  const insert = lib.db.prepare(
    `INSERT INTO analyses (track_id, analyzer_version, window_policy, file_size, file_mtime_ms, status, analysed_at)
     VALUES (?, 'test', 'test', 1000, 0, 'ok', '2026-01-01T00:00:00Z')`,
  );
  for (const id of ids) insert.run(id);
}

describe('whether learning can work', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(
      lib.db,
      Array.from({ length: 24 }, (_, i) => ({
        path: `/m/${i}.mp3`,
        predicted: 'rock',
        genres: i < 12 ? ['Dance'] : [],
      })),
    );
  });
  afterEach(() => lib.close());

  it('says why not, in display names only (never "classical 2"), counting labels not analysed yet', () => {
    analysed(lib, ids.slice(12, 15));
    decide(lib.db, ids[12]!, { action: 'choose', genre: 'classical' });
    decide(lib.db, ids[13]!, { action: 'choose', genre: 'classical' });
    decide(lib.db, ids[3]!, { action: 'choose', genre: 'jazz' }); // labelled, not analysed (its Dance tag gives way)
    const r = learningReadiness(lib.db);
    expect(r.ready).toBe(false);
    expect(r.genres).toEqual([{ genre: 'Classical', tracks: 2 }]);
    // The other eleven tracks' Dance tags are labels too, waiting for their analysis.
    expect(r.unanalysed).toBe(12);
    expect(r.reason).toContain('you have Classical 2; 12 more labelled tracks are not analysed yet');
    expect(r.reason).toContain('at least 2 genres');
    expect(r.reason).not.toContain('classical');
  });

  it('is ready once decisions and tags name two genres, one track of a genre being enough', () => {
    analysed(lib, ids);
    updateSettings(lib.db, { displayNames: { rock: 'Rock & Roll' } });
    expect(learningReadiness(lib.db)).toMatchObject({ ready: false, genres: [{ genre: 'Dance', tracks: 12 }] });
    decide(lib.db, ids[20]!, { action: 'choose', genre: 'rock' });
    const r = learningReadiness(lib.db);
    expect(r).toMatchObject({ ready: true, reason: null, minPerGenre: 1 });
    expect(r.genres).toEqual([
      { genre: 'Dance', tracks: 12 },
      { genre: 'Rock & Roll', tracks: 1 },
    ]);
  });
});
