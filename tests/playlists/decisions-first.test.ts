import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../core/decisions/decisions.js';
import { resolvePlaylistFolder } from '../../core/playlists/output-path.js';
import { previewPlaylists } from '../../core/playlists/preview.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('playlists by prediction, decisions first', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', title: 'A', predicted: 'rock', confidence: 0.95 },
      { path: '/music/b.mp3', title: 'B', predicted: 'jazz', confidence: 0.2 },
      { path: '/music/c.mp3', title: 'C', predicted: 'pop', confidence: 0.3 },
      { path: '/music/d.mp3', title: 'D', predicted: 'blues', confidence: 0.99 },
      { path: '/music/e.mp3', title: 'E', predicted: 'metal', confidence: 0.1 },
    ]);
    decide(lib.db, ids[1]!, { action: 'choose', genre: 'metal' }); // low confidence, decided
    decide(lib.db, ids[2]!, { action: 'skip' });
    decide(lib.db, ids[3]!, { action: 'choose', genre: 'jazz' }); // the decision beats the prediction
  });
  afterEach(() => lib.close());

  it('keeps decided low-confidence tracks under their decided genre, leaves skipped ones out', () => {
    const preview = previewPlaylists(lib.db, 'predicted', { minConfidence: 0.6 });
    const byName = Object.fromEntries(preview.playlists.map((p) => [p.name, p.sample.map((t) => t.title)]));
    expect(byName).toEqual({ Jazz: ['D'], Metal: ['B'], Rock: ['A'] });
    expect(preview.playlists.map((p) => p.tracks)).toEqual([1, 1, 1]);
  });

  it('previews each playlist’s tracks from any source', () => {
    const decided = previewPlaylists(lib.db, 'decided');
    expect(decided.playlists.map((p) => [p.name, p.tracks])).toEqual([
      ['Jazz', 1],
      ['Metal', 1],
    ]);
    expect(decided.playlists[0]?.sample[0]).toEqual({ path: '/music/d.mp3', title: 'D', artist: null });
  });
});

describe('the preview of playlists from tags', () => {
  it('counts a track with two genres once in the total, and in both playlists', () => {
    const lib = tempLibrary();
    try {
      seedTracks(lib.db, [
        { path: '/music/a.mp3', title: 'A', genres: ['Rock', 'Blues'] },
        { path: '/music/b.mp3', title: 'B', genres: ['Rock'] },
      ]);
      const preview = previewPlaylists(lib.db, 'tags');
      expect(preview.playlists.map((p) => [p.name, p.tracks])).toEqual([
        ['Blues', 1],
        ['Rock', 2],
      ]);
      expect(preview.tracks).toBe(2);
    } finally {
      lib.close();
    }
  });
});

describe('where a typed playlist folder goes', () => {
  it('keeps full paths, puts ~ in the home folder and a relative path in the one library folder', () => {
    expect(resolvePlaylistFolder('/srv/lists/../playlists', ['/music'], '/home/me')).toBe('/srv/playlists');
    expect(resolvePlaylistFolder('~/Playlists', ['/music'], '/home/me')).toBe('/home/me/Playlists');
    expect(resolvePlaylistFolder(' Playlists ', ['/music'], '/home/me')).toBe('/music/Playlists');
  });

  it('refuses a relative path when there is no single library folder to put it in, saying what to type', () => {
    expect(() => resolvePlaylistFolder('Playlists', ['/a', '/b'], '/home/me')).toThrow(
      /relative path and the library has 2 folders: give the full path .* \/home\/me\/Music\/Playlists/,
    );
    expect(() => resolvePlaylistFolder('Playlists', [], '/home/me')).toThrow(/no library folder/);
  });
});
