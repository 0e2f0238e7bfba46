import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../core/decisions/decisions.js';
import { getTrackRow, queryTracks } from '../../core/review/track-query.js';
import { libraryOverview } from '../../core/service/overview.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('a skipped track', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/m/a.mp3', predicted: 'jazz', confidence: 0.3, genres: ['Blues'] },
      { path: '/m/b.mp3', predicted: 'rock', confidence: 0.4, genres: [] },
      { path: '/m/c.mp3', predicted: 'pop', confidence: 0.2, genres: [] },
    ]);
    decide(lib.db, ids[0]!, { action: 'skip' });
    decide(lib.db, ids[1]!, { action: 'choose', genre: 'metal' });
  });
  afterEach(() => lib.close());

  it('has its own status, not "decided"', () => {
    expect(getTrackRow(lib.db, ids[0]!)?.status).toBe('skipped');
    expect(getTrackRow(lib.db, ids[1]!)?.status).toBe('decided');
    expect(queryTracks(lib.db, { status: 'skipped' }).rows.map((r) => r.id)).toEqual([ids[0]]);
    expect(queryTracks(lib.db, { status: 'decided' }).rows.map((r) => r.id)).toEqual([ids[1]]);
  });

  it('is not counted as decided in the overview', () => {
    const byStatus = Object.fromEntries(libraryOverview(lib.db).byStatus.map((s) => [s.key, s.count]));
    expect(byStatus).toMatchObject({ skipped: 1, decided: 1, review: 1 });
  });
});
