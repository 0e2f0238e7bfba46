import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confidenceHistogram } from '../../core/prediction/current.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('confidence histogram', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
  });
  afterEach(() => lib.close());

  it('bins present tracks with a prediction in tenths, 1.0 in the last bin, gone tracks left out', () => {
    const ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', predicted: 'jazz', confidence: 0.05 },
      { path: '/music/b.mp3', predicted: 'jazz', confidence: 0.15 },
      { path: '/music/c.mp3', predicted: 'rock', confidence: 0.5 },
      { path: '/music/d.mp3', predicted: 'rock', confidence: 0.95 },
      { path: '/music/e.mp3', predicted: 'pop', confidence: 1 },
      { path: '/music/f.mp3', predicted: 'pop', confidence: 0.55 },
      { path: '/music/g.mp3' },
    ]);
    lib.db.prepare("UPDATE tracks SET status = 'gone' WHERE id = ?").run(ids[5]);
    expect(confidenceHistogram(lib.db)).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});
