import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveAnalysis } from '../../core/analysis/store.js';
import { decide } from '../../core/decisions/decisions.js';
import { similarityHandlers } from '../../core/service/similarity.js';
import { toApiError } from '../../core/service/errors.js';
import { MAP_FLAG_DECIDED, MAP_FLAG_REVIEW } from '../../shared/api/similarity.js';
import { FEATURE_NAMES } from '../../shared/features.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

const TEMPO = FEATURE_NAMES.indexOf('tempo');
const CENTROID = FEATURE_NAMES.indexOf('spectral_centroid_mean');

function analyse(lib: TempLibrary, trackId: number, tempo: number, centroid: number): void {
  const features = new Array<number>(FEATURE_NAMES.length).fill(1);
  features[TEMPO] = tempo;
  features[CENTROID] = centroid;
  saveAnalysis(
    lib.db,
    { trackId, path: `/music/${trackId}`, size: 1000, mtimeMs: 0, durationSec: 30 },
    {
      durationSec: 30,
      policy: 'test',
      windows: [{ index: 0, startSec: 0, durationSec: 30, features }],
      timings: { probeMs: 0, decodeMs: 0, extractMs: 0 },
    },
  );
}

describe('the similarity area of the API', () => {
  let lib: TempLibrary;
  let ids: number[];
  let out: string;

  beforeEach(() => {
    lib = tempLibrary('gw-similar-api-');
    out = mkdtempSync(join(tmpdir(), 'gw-similar-out-'));
    ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', title: 'A', artist: 'X', predicted: 'jazz', confidence: 0.9 },
      { path: '/music/b.mp3', title: 'B', predicted: 'rock', confidence: 0.3 },
      { path: '/music/c.mp3', title: 'C', predicted: 'rock', confidence: 0.9 },
      { path: '/music/new.mp3', title: 'New' },
    ]);
    analyse(lib, ids[0]!, 100, 10);
    analyse(lib, ids[1]!, 120, 30);
    analyse(lib, ids[2]!, 200, 20);
    decide(lib.db, ids[2]!, { action: 'choose', genre: 'metal' });
  });
  afterEach(() => {
    lib.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('lists the neighbours and walks the path with titles and genres', async () => {
    const api = similarityHandlers(lib.db);
    const similar = await api['similar.tracks']({ id: ids[0]!, n: 5 });
    expect(similar.seed).toMatchObject({ id: ids[0], title: 'A', artist: 'X', genre: 'jazz', distance: 0 });
    expect(similar.metric).toEqual({ kind: 'standardised' });
    expect(similar.tracks.map((t) => [t.id, t.genre])).toEqual([
      [ids[1], 'rock'],
      [ids[2], 'metal'],
    ]);
    const path = await api['similar.path']({ id: ids[2]! });
    expect([path.seed.id, ...path.tracks.map((t) => t.id)]).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('refuses a track without analysis as a bad request, and an unknown one as not found', async () => {
    const api = similarityHandlers(lib.db);
    const noAnalysis = await api['similar.tracks']({ id: ids[3]! }).catch((err: unknown) => toApiError(err));
    expect(noAnalysis).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/no analysis yet/) });
    const unknown = await api['similar.tracks']({ id: 9999 }).catch((err: unknown) => toApiError(err));
    expect(unknown).toMatchObject({ code: 'not-found' });
  });

  it('maps every analysed track with its genre and marks, and keeps the map until an analysis changes', async () => {
    const api = similarityHandlers(lib.db);
    const map = await api['library.map']({});
    expect(map.ids).toEqual([ids[0], ids[1], ids[2]]);
    expect(map.ids.map((_, i) => map.genres[map.genre[i]!])).toEqual(['jazz', 'rock', 'metal']);
    // b: confidence 0.3, below the review threshold; c: decided.
    expect(map.flags).toEqual([0, MAP_FLAG_REVIEW, MAP_FLAG_DECIDED]);
    expect(map.explained[0]! + map.explained[1]!).toBeCloseTo(1, 6);
    const again = await api['library.map']({});
    expect(again.x).toEqual(map.x);
    analyse(lib, ids[3]!, 150, 25);
    expect((await api['library.map']({})).ids).toHaveLength(4);
  });

  it('exports the path beside an existing playlist without touching it', async () => {
    writeFileSync(join(out, 'Mine.m3u8'), '#EXTM3U\n/music/x.mp3\n');
    const api = similarityHandlers(lib.db);
    const result = await api['similar.export']({ id: ids[0]!, n: 2, out, format: 'pls' });
    expect(result.playlists).toEqual([
      {
        genre: `similar:${ids[0]}`,
        name: 'More like X – A',
        file: join(out, 'More like X – A.pls'),
        tracks: 2,
        unchanged: false,
      },
    ]);
    expect(readFileSync(join(out, 'More like X – A.pls'), 'utf8')).toMatch(/a\.mp3[\s\S]*b\.mp3/);
    expect(readFileSync(join(out, 'Mine.m3u8'), 'utf8')).toBe('#EXTM3U\n/music/x.mp3\n');
  });
});
