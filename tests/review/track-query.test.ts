import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../core/decisions/decisions.js';
import { getTrackRow, queryTracks } from '../../core/review/track-query.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('library table query', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      {
        path: '/music/1.mp3',
        title: 'Blue Train',
        artist: 'Coltrane',
        predicted: 'jazz',
        confidence: 0.9,
        genres: ['Jazz'],
      },
      {
        path: '/music/2.mp3',
        title: 'Paranoid',
        artist: 'Black Sabbath',
        predicted: 'metal',
        confidence: 0.4,
        genres: ['Metal'],
      },
      {
        path: '/music/3.mp3',
        title: '100%_pure',
        artist: 'ABBA',
        predicted: 'disco',
        confidence: 0.95,
        genres: ['Hip Hop'],
      },
      { path: '/music/4.mp3', title: 'Untitled', artist: 'Zed' },
    ]);
  });
  afterEach(() => lib.close());

  it('derives each status with the review rule', () => {
    decide(lib.db, ids[0]!, { action: 'accept' }); //            the file's tag already says Jazz
    decide(lib.db, ids[3]!, { action: 'choose', genre: 'Bossa Nova' }); // not in the file yet
    const statuses = Object.fromEntries(queryTracks(lib.db).rows.map((r) => [r.path, r.status]));
    expect(statuses).toEqual({
      '/music/1.mp3': 'written',
      '/music/2.mp3': 'review',
      '/music/3.mp3': 'review',
      '/music/4.mp3': 'decided',
    });
    expect(queryTracks(lib.db, { status: 'written' }).rows.map((r) => r.id)).toEqual([ids[0]]);
    expect(getTrackRow(lib.db, ids[0]!)?.decision).toMatchObject({ action: 'accept', genre: 'jazz', source: 'user' });
  });

  it('filters, searches (with LIKE wildcards escaped), sorts and pages', () => {
    expect(queryTracks(lib.db, { search: 'sabb' }).rows.map((r) => r.id)).toEqual([ids[1]]);
    expect(queryTracks(lib.db, { search: '0%_' }).rows.map((r) => r.id)).toEqual([ids[2]]);
    expect(queryTracks(lib.db, { search: '%' }).total).toBe(1);
    expect(queryTracks(lib.db, { genre: 'metal' }).rows.map((r) => r.id)).toEqual([ids[1]]);
    expect(queryTracks(lib.db, { minConfidence: 0.9 }).total).toBe(2);
    expect(queryTracks(lib.db, { status: 'review' }).total).toBe(2);
    expect(queryTracks(lib.db, { sort: 'status' }).rows.map((r) => r.status)).toEqual([
      'new',
      'predicted',
      'review',
      'review',
    ]);
    expect(queryTracks(lib.db, { sort: 'confidence', descending: true }).rows.map((r) => r.id)).toEqual([
      ids[2],
      ids[0],
      ids[1],
      ids[3],
    ]);
    const page = queryTracks(lib.db, { sort: 'artist', offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.artist)).toEqual(['Black Sabbath', 'Coltrane']);
  });
});
