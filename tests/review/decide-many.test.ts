import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideMany, matchingTrackIds } from '../../core/review/decide-many.js';
import { getDecision } from '../../core/decisions/decisions.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('one genre for many tracks', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/m/a.mp3', artist: 'Velvet', genres: ['Rock'], predicted: 'rock', confidence: 0.4 },
      { path: '/m/b.mp3', artist: 'Velvet', genres: [], predicted: 'pop', confidence: 0.4 },
      { path: '/m/c.mp3', artist: 'Other', genres: [], predicted: 'pop', confidence: 0.9 },
    ]);
  });
  afterEach(() => lib.close());

  it('decides the given tracks at once', () => {
    expect(decideMany(lib.db, [ids[0]!, ids[1]!, ids[0]!], { action: 'choose', genre: 'Shoegaze' })).toBe(2);
    expect(getDecision(lib.db, ids[0]!)).toMatchObject({ action: 'choose', genre: 'Shoegaze' });
    expect(getDecision(lib.db, ids[1]!)).toMatchObject({ action: 'choose', genre: 'Shoegaze' });
    expect(getDecision(lib.db, ids[2]!)).toBeNull();
  });

  it('finds every track a filter matches, and decides all or nothing', () => {
    expect(matchingTrackIds(lib.db, { search: 'velvet' }).sort()).toEqual([ids[0], ids[1]].sort());
    // "keep" cannot apply to a file without a genre: nothing is decided, not even the first track.
    expect(() => decideMany(lib.db, [ids[0]!, ids[1]!], { action: 'keep' })).toThrow(/no genre tag to keep/);
    expect(getDecision(lib.db, ids[0]!)).toBeNull();
  });
});
