import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveAnalysis } from '../../core/analysis/store.js';
import { decide } from '../../core/decisions/decisions.js';
import { buildSimilarityIndex, SimilarityIndexCache } from '../../core/similarity/library-index.js';
import { similarTrackIds } from '../../core/similarity/similar.js';
import { FEATURE_NAMES } from '../../shared/features.js';
import { runCli } from '../helpers/cli.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

const TEMPO = FEATURE_NAMES.indexOf('tempo');
const CENTROID = FEATURE_NAMES.indexOf('spectral_centroid_mean');

/** A window whose features are all 1 except the given columns. */
function windowWith(values: Readonly<Record<number, number>>): Float64Array {
  const w = new Float64Array(FEATURE_NAMES.length).fill(1);
  for (const [col, v] of Object.entries(values)) w[Number(col)] = v;
  return w;
}

function analyse(lib: TempLibrary, trackId: number, windows: readonly Float64Array[]): void {
  saveAnalysis(
    lib.db,
    { trackId, path: `/music/${trackId}`, size: 1000, mtimeMs: 0, durationSec: 200 },
    {
      durationSec: 200,
      policy: 'test',
      windows: windows.map((features, index) => ({
        index,
        startSec: index * 30,
        durationSec: 30,
        features: Array.from(features),
      })),
      timings: { probeMs: 0, decodeMs: 0, extractMs: 0 },
    },
  );
}

describe('similar tracks in a library', () => {
  let lib: TempLibrary;
  let ids: number[];

  beforeEach(() => {
    lib = tempLibrary('gw-similar-');
    ids = seedTracks(lib.db, [
      { path: '/music/a.mp3', title: 'A', artist: 'X', predicted: 'jazz', confidence: 0.9 },
      { path: '/music/b.mp3', title: 'B', artist: 'Y', predicted: 'rock', confidence: 0.9 },
      { path: '/music/c.mp3', title: 'C', predicted: 'jazz', confidence: 0.9 },
      { path: '/music/d.mp3', title: 'D' },
      { path: '/music/unanalysed.mp3', title: 'E' },
    ]);
    // Tempo alone differs: 100 (two windows, 90 and 110), 110, 130, 200.
    analyse(lib, ids[0]!, [windowWith({ [TEMPO]: 90 }), windowWith({ [TEMPO]: 110 })]);
    analyse(lib, ids[1]!, [windowWith({ [TEMPO]: 110 })]);
    analyse(lib, ids[2]!, [windowWith({ [TEMPO]: 130 })]);
    analyse(lib, ids[3]!, [windowWith({ [TEMPO]: 200 })]);
    decide(lib.db, ids[1]!, { action: 'choose', genre: 'blues' });
  });
  afterEach(() => lib.close());

  // Pooled tempos 100, 110, 130, 200: mean 135, population sd √1525.
  const sd = Math.sqrt(1525);

  it('lists the nearest tracks closest first, never the track itself, in the JSON contract', async () => {
    const r = await runCli(['similar', String(ids[0]), '--n', '2', '--json', '--db', lib.dbPath]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => Object.keys(row))).toEqual([
      ['id', 'path', 'title', 'artist', 'genre', 'distance'],
      ['id', 'path', 'title', 'artist', 'genre', 'distance'],
    ]);
    expect(rows.map((row) => row.id)).toEqual([ids[1], ids[2]]);
    expect(rows[0]).toMatchObject({ path: '/music/b.mp3', title: 'B', artist: 'Y', genre: 'blues' });
    expect(rows[1]).toMatchObject({ genre: 'jazz', artist: null });
    expect(rows[0]!.distance as number).toBeCloseTo(10 / sd, 5);
    expect(rows[1]!.distance as number).toBeCloseTo(30 / sd, 5);
  });

  it('finds the track by path and prints a readable list', async () => {
    const r = await runCli(['similar', '/music/d.mp3', '--db', lib.dbPath]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toContain('like');
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[1])).toEqual([ids[2], ids[1], ids[0]].map(String));
  });

  it('refuses a track without analysis with exit 2 and a clear message', async () => {
    const r = await runCli(['similar', String(ids[4]), '--db', lib.dbPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no analysis yet/);
    expect((await runCli(['similar', '999', '--db', lib.dbPath])).code).toBe(2);
    expect((await runCli(['similar', String(ids[0]), '--n', '0', '--db', lib.dbPath])).code).toBe(2);
  });

  it('rebuilds the cached index when an analysis changes', () => {
    const cache = new SimilarityIndexCache();
    const first = cache.get(lib.db);
    expect(cache.get(lib.db)).toBe(first);
    analyse(lib, ids[4]!, [windowWith({ [TEMPO]: 101 })]);
    const second = cache.get(lib.db);
    expect(second).not.toBe(first);
    expect(similarTrackIds(second, ids[0]!, 1)[0]!.trackId).toBe(ids[4]);
  });

  it('writes a similarity playlist that walks the path and leaves the genre playlists alone', async () => {
    const out = join(lib.dir, 'lists');
    const genre = await runCli([
      'playlists',
      '--out',
      out,
      '--source',
      'predicted',
      '--min-confidence',
      '0.5',
      '--db',
      lib.dbPath,
    ]);
    expect(genre.code).toBe(0);
    const r = await runCli(['playlists', '--similar-to', String(ids[2]), '--out', out, '--json', '--db', lib.dbPath]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { playlists: { file: string; tracks: number }[]; tracks: { id: number }[] };
    // From 130: 110 (20), then 100 (10), then 200 (100).
    expect(result.tracks.map((t) => t.id)).toEqual([ids[2], ids[1], ids[0], ids[3]]);
    expect(result.playlists).toHaveLength(1);
    expect(result.playlists[0]!.file).toBe(join(out, 'More like C.m3u8'));
    const lines = readFileSync(result.playlists[0]!.file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual(['c', 'b', 'a', 'd'].map((name) => relative(out, `/music/${name}.mp3`)));
    expect(readFileSync(join(out, 'Jazz.m3u8'), 'utf8')).toContain('a.mp3');
  });

  it('refuses genre-playlist options with --similar-to, and --n without it', async () => {
    const out = join(lib.dir, 'lists');
    const mixed = await runCli([
      'playlists',
      '--similar-to',
      '1',
      '--source',
      'tags',
      '--out',
      out,
      '--db',
      lib.dbPath,
    ]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--source does not apply with --similar-to/);
    const stray = await runCli(['playlists', '--n', '5', '--out', out, '--db', lib.dbPath]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--n applies only with --similar-to/);
    const unanalysed = await runCli(['playlists', '--similar-to', String(ids[4]), '--out', out, '--db', lib.dbPath]);
    expect(unanalysed.code).toBe(2);
    expect(unanalysed.stderr).toMatch(/no analysis yet/);
  });

  it('follows the user’s genres once their labels name two genres, with or without a personal model', () => {
    // Two genres that differ in spectral centroid; tempo is noise that decides the plain distance.
    const more = seedTracks(
      lib.db,
      Array.from({ length: 8 }, (_, i) => ({ path: `/music/l${i}.mp3`, title: `L${i}` })),
    );
    const genreOf = (i: number): string => (i % 2 === 0 ? 'Lo' : 'Hi');
    more.forEach((id, i) => {
      analyse(lib, id, [
        windowWith({ [TEMPO]: 100 + 40 * Math.floor(i / 2), [CENTROID]: genreOf(i) === 'Lo' ? 1000 : 1100 + i }),
      ]);
    });
    const plain = buildSimilarityIndex(lib.db);
    expect(plain.metric).toEqual({ kind: 'standardised' });
    expect(similarTrackIds(plain, more[0]!, 1)[0]!.trackId).toBe(more[1]);
    more.forEach((id, i) => decide(lib.db, id, { action: 'choose', genre: genreOf(i) }));
    const index = buildSimilarityIndex(lib.db);
    // The one "blues" decision of beforeEach is a genre with a single track: left out.
    expect(index.metric).toEqual({ kind: 'learned', genres: ['Hi', 'Lo'], labelledTracks: 8 });
    expect(similarTrackIds(index, more[0]!, 1)[0]!.trackId).toBe(more[2]);
    // The cache notices the new labels without a rebuild being asked for.
    const cache = new SimilarityIndexCache();
    expect(cache.get(lib.db).metric.kind).toBe('learned');
  });

  it('rebuilds the cached index when a decision changes the labels', () => {
    const cache = new SimilarityIndexCache();
    const before = cache.get(lib.db);
    expect(before.metric.kind).toBe('standardised');
    decide(lib.db, ids[0]!, { action: 'choose', genre: 'blues' });
    decide(lib.db, ids[2]!, { action: 'choose', genre: 'jazz' });
    decide(lib.db, ids[3]!, { action: 'choose', genre: 'jazz' });
    const after = cache.get(lib.db);
    expect(after).not.toBe(before);
    expect(after.metric).toEqual({ kind: 'learned', genres: ['blues', 'jazz'], labelledTracks: 4 });
  });
});
