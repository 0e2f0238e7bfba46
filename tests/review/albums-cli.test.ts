import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { albumOfTrack, resolveAlbum } from '../../core/review/albums.js';
import { decide } from '../../core/decisions/decisions.js';
import { runCli } from '../helpers/cli.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { seedSyntheticLibrary, type SyntheticTrack } from '../learning/helpers/synthetic-library.js';

/** Albums as folders of a real SQLite library with stored windows: /music/<genre>/NNNN.mp3, no tags. */
describe('deciding a whole album', () => {
  let lib: TempLibrary;
  let tracks: SyntheticTrack[];
  const inAlbum = (genre: string) => tracks.filter((t) => t.genre === genre);

  beforeEach(() => {
    lib = tempLibrary('gw-albums-');
    tracks = seedSyntheticLibrary(
      lib.db,
      ['Drone', 'Chiptune', 'Noise'].map((name) => ({ name, tracks: 4, tags: [] })),
      { separation: 3 },
    );
  });
  afterEach(() => lib.close());

  it('finds an album by a track on it, its folder or its key', () => {
    const drone = inAlbum('Drone');
    const album = albumOfTrack(lib.db, drone[2]!.id);
    expect(album.key).toBe('folder:/music/Drone');
    expect(album.tracks.map((t) => t.id)).toEqual(drone.map((t) => t.id));
    expect(resolveAlbum(lib.db, '/music/Drone').key).toBe(album.key);
    expect(resolveAlbum(lib.db, drone[0]!.path).key).toBe(album.key);
    expect(resolveAlbum(lib.db, album.key).tracks).toHaveLength(4);
    expect(() => resolveAlbum(lib.db, '/music/Nothing')).toThrow(/no track, album or album folder/);
  });

  it('decide --album gives every track the genre as typed, keeps earlier decisions and exceptions, and re-predicts the rest', async () => {
    const drone = inAlbum('Drone');
    decide(lib.db, drone[1]!.id, { action: 'choose', genre: 'Ambient' });
    const r = await runCli([
      'decide',
      String(drone[0]!.id),
      '--album',
      'Drone',
      '--except',
      String(drone[3]!.id),
      '--db',
      lib.dbPath,
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ key: 'folder:/music/Drone', decided: 2, kept: 2, genre: 'Drone' });
    const decided = (id: number) =>
      lib.db.prepare('SELECT genre FROM decisions WHERE track_id = ?').pluck().get(id) as string | undefined;
    expect([drone[0], drone[1], drone[2], drone[3]].map((t) => decided(t!.id))).toEqual([
      'Drone',
      'Ambient',
      'Drone',
      undefined,
    ]);

    // A second album in another genre: from now on every track shows one of the user's genres.
    expect((await runCli(['decide', '/music/Chiptune', '--album', 'Chiptune', '--db', lib.dbPath])).stdout).toMatch(
      /4 tracks → Chiptune/,
    );
    const ls = JSON.parse((await runCli(['ls', '--db', lib.dbPath, '--json'])).stdout) as Record<string, unknown>[];
    const except = ls.find((t) => t.id === drone[3]!.id);
    expect(except).toMatchObject({ predicted: 'Drone', source: 'personal' });
    // Its album's labels disagree (Drone, Drone, Ambient: under three quarters), so it is on its own.
    expect(except?.reason).toBe('its album is mixed; sounds like 2 tracks you decided Drone');
    expect(typeof except?.confidence).toBe('number');
    for (const t of ls) expect(['Drone', 'Ambient', 'Chiptune']).toContain(t.predicted);
  });

  it('refuses an album it cannot find, and --album without a genre', async () => {
    expect((await runCli(['decide', '/music/Nothing', '--album', 'Drone', '--db', lib.dbPath])).code).not.toBe(0);
    const empty = await runCli(['decide', '/music/Drone', '--album', ' ', '--db', lib.dbPath]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--album needs a genre name/);
  });
});
