import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackQuery, TrackRow, TrackSortKey } from '../../shared/api/types.js';
import { queryTracks } from '../../core/review/track-query.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

/**
 * The table picks each page by one of two plans (the filter's index and a sort, or a walk of the
 * sort's index), by how many tracks match, and reads pages past the middle from the far end.
 * Whatever the plan, a filtered page must be exactly the unfiltered order restricted to the
 * matches, and its total the true count: checked here on 3,600 tracks, so both plans run.
 */
const GENRES = ['jazz', 'rock', 'pop', 'metal'];
const TAGS = [[], ['Rock'], ['Jazz'], ['rock', 'Pop']];

describe('every filter and sort, whatever the plan', () => {
  let lib: TempLibrary;
  beforeAll(() => {
    lib = tempLibrary();
    seedTracks(
      lib.db,
      Array.from({ length: 3600 }, (_, i) => ({
        path: `/music/Artist ${i % 37}/Album ${i % 11}/${i}.mp3`,
        title: i % 5 === 0 ? undefined : `Song ${i % 300}`,
        artist: i % 7 === 0 ? undefined : `Artist ${i % 37}`,
        genres: TAGS[i % 4],
        ...(i % 9 === 0 ? {} : { predicted: GENRES[i % 4], confidence: ((i * 7919) % 1000) / 1000 }),
      })),
    );
  });
  afterAll(() => lib.close());

  const all = (sort: TrackSortKey, descending: boolean): TrackRow[] =>
    queryTracks(lib.db, { sort, descending, limit: 5000 }).rows as TrackRow[];

  const filters: [string, TrackQuery, (r: TrackRow) => boolean][] = [
    ['status review', { status: 'review' }, (r) => r.status === 'review'],
    ['status predicted', { status: 'predicted' }, (r) => r.status === 'predicted'],
    ['status new', { status: 'new' }, (r) => r.status === 'new'],
    ['predicted jazz', { predicted: 'jazz' }, (r) => r.predicted === 'jazz'],
    ['confidence ≥ 0.3', { minConfidence: 0.3 }, (r) => (r.confidence ?? -1) >= 0.3],
    [
      'predicted rock, 0.2–0.7',
      { predicted: 'rock', minConfidence: 0.2, maxConfidence: 0.7 },
      (r) => r.predicted === 'rock' && (r.confidence ?? -1) >= 0.2 && (r.confidence ?? 2) <= 0.7,
    ],
    [
      'review, tag rock',
      { status: 'review', genre: 'ROCK' },
      (r) => r.status === 'review' && r.genres.some((g) => g.toLowerCase() === 'rock'),
    ],
    ['search "song 1"', { search: 'song 1' }, (r) => (r.title ?? '').toLowerCase().includes('song 1')],
    // More than 3,000 matches: these walk the sort's index.
    ['confidence ≥ 0.02', { minConfidence: 0.02 }, (r) => (r.confidence ?? -1) >= 0.02],
    ['search "music"', { search: 'music' }, () => true],
  ];

  for (const sort of ['artist', 'title', 'predicted', 'confidence', 'status', 'path'] as const) {
    it(`sorted by ${sort}`, () => {
      for (const descending of [false, true]) {
        const order = all(sort, descending);
        expect(order.length).toBe(3600);
        for (const [name, filter, keep] of filters) {
          const expected = order.filter(keep).map((r) => r.id);
          const q = { ...filter, sort, descending };
          expect(queryTracks(lib.db, { ...q, limit: 5000 }).total, name).toBe(expected.length);
          for (const offset of [0, Math.floor(expected.length / 2), Math.max(0, expected.length - 30)]) {
            const page = queryTracks(lib.db, { ...q, offset, limit: 30 }).rows.map((r) => r.id);
            expect(page, `${name} ${descending ? 'desc' : 'asc'} @${offset}`).toEqual(
              expected.slice(offset, offset + 30),
            );
          }
        }
      }
    });
  }
});
