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

  it('says why not, in display names only (never "classical 2, Dance 1")', () => {
    analysed(lib, ids.slice(0, 3));
    decide(lib.db, ids[0]!, { action: 'choose', genre: 'classical' });
    decide(lib.db, ids[1]!, { action: 'choose', genre: 'classical' });
    decide(lib.db, ids[2]!, { action: 'choose', genre: 'Dance' });
    decide(lib.db, ids[3]!, { action: 'choose', genre: 'jazz' }); // labelled, not analysed
    const r = learningReadiness(lib.db);
    expect(r.ready).toBe(false);
    expect(r.genres).toEqual([
      { genre: 'Classical', tracks: 2 },
      { genre: 'Dance', tracks: 1 },
    ]);
    expect(r.unanalysed).toBe(1);
    expect(r.reason).toContain('you have Classical 2, Dance 1');
    expect(r.reason).not.toContain('classical');
  });

  it('is ready with enough analysed tracks in two genres, counting tags when asked', () => {
    analysed(lib, ids);
    updateSettings(lib.db, { displayNames: { rock: 'Rock & Roll' } });
    for (const id of ids.slice(12, 22)) decide(lib.db, id, { action: 'choose', genre: 'rock' });
    expect(learningReadiness(lib.db).ready).toBe(false);
    const withTags = learningReadiness(lib.db, { fromTags: true });
    expect(withTags).toMatchObject({ ready: true, reason: null });
    expect(withTags.genres.map((g) => g.genre)).toEqual(['Dance', 'Rock & Roll']);
  });
});
