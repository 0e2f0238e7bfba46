import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseApiParams } from '../../shared/api/schema.js';
import type { ApiService } from '../../core/service/types.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { serviceWithoutAnalysis } from '../helpers/service.js';
import { seedSyntheticLibrary, type SyntheticTrack } from '../learning/helpers/synthetic-library.js';

describe('review.album and review.decideAlbum', () => {
  let lib: TempLibrary;
  let service: ApiService;
  let tracks: SyntheticTrack[];

  beforeEach(() => {
    lib = tempLibrary('gw-albums-api-');
    tracks = seedSyntheticLibrary(
      lib.db,
      ['Drone', 'Chiptune'].map((name) => ({ name, tracks: 3, tags: [] })),
      { separation: 3 },
    );
    service = serviceWithoutAnalysis(lib.db);
  });
  afterEach(async () => {
    await service.close();
    lib.close();
  });

  it('shows the album of a track with every track on it, and settles it in one call', async () => {
    const drone = tracks.filter((t) => t.genre === 'Drone');
    const album = await service.handlers['review.album']({ id: drone[1]!.id });
    expect(album).toMatchObject({ key: 'folder:/music/Drone', album: null, folder: '/music/Drone' });
    expect(album.tracks.map((t) => t.id)).toEqual(drone.map((t) => t.id));
    expect(album.tracks[0]).toMatchObject({ decision: null, predicted: null, reason: null });

    const result = await service.handlers['review.decideAlbum']({
      album: album.key,
      genre: 'Drone',
      except: [drone[2]!.id],
    });
    expect(result).toMatchObject({ decided: 2, kept: 1 });
    expect(result.album.tracks.map((t) => t.decision?.genre ?? null)).toEqual(['Drone', 'Drone', null]);
    // The decisions start the background re-learning like any other.
    expect((await service.handlers['jobs.list']({})).some((j) => j.kind === 'learn')).toBe(true);
  });

  it("accepts an album's own key at the API boundary (found on the review screen: a control character in keys)", async () => {
    lib.db.prepare("UPDATE tracks SET album = 'Live', artist = 'Nina'").run();
    const album = await service.handlers['review.album']({ id: tracks[0]!.id });
    expect(album.key).toBe('album:nina␟live');
    const params = parseApiParams('review.decideAlbum', { album: album.key, genre: 'Drone' });
    expect((await service.handlers['review.decideAlbum'](params)).decided).toBe(tracks.length);
  });

  it('checks the params at the API boundary', () => {
    expect(parseApiParams('review.decideAlbum', { album: 3, genre: 'Metal' })).toEqual({ album: 3, genre: 'Metal' });
    expect(() => parseApiParams('review.decideAlbum', { album: 'folder:/x', genre: '  ' })).toThrow(/genre/);
    expect(() => parseApiParams('review.album', { id: -1 })).toThrow(/id/);
  });
});
