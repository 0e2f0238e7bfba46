import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import { scanFolders, type ScanSummary } from '../../core/library/scan.js';
import { TagReaderPool } from '../../core/library/tag-reader.js';
import { libraryStats, listScanErrors, listTracks } from '../../core/library/tracks.js';
import { copyFixtures, loadManifest } from './fixture-manifest.js';

const manifest = loadManifest();

/** What the tag reader calls each format's container and codec. */
const STREAM: Record<string, { container: string | RegExp; codec: string }> = {
  mp3: { container: 'MPEG', codec: 'MPEG 2 Layer 3' },
  flac: { container: 'FLAC', codec: 'FLAC' },
  ogg: { container: 'Ogg', codec: 'Vorbis I' },
  opus: { container: 'Ogg', codec: 'Opus' },
  m4a: { container: /^M4A\//, codec: 'MPEG-4/AAC' },
  wav: { container: 'WAVE', codec: 'PCM' },
  aiff: { container: 'AIFF', codec: 'PCM' },
  wma: { container: 'ASF/audio', codec: 'Windows Media Audio V8' },
  wv: { container: 'WavPack', codec: 'PCM' },
};
/** music-metadata's ASF reader reports neither sample rate nor channel count. */
const NOT_REPORTED: Record<string, readonly ('sampleRate' | 'channels')[]> = { wma: ['sampleRate', 'channels'] };

function scanInto(db: Database, folder: string, options: Parameters<typeof scanFolders>[2] = {}): Promise<ScanSummary> {
  return scanFolders(db, [folder], options);
}

describe.each([
  ['on the calling thread', false],
  ['in worker threads (compiled worker)', true],
] as const)('scanning the fixture library %s', (_label, threaded) => {
  let dir: string;
  let db: Database;
  let summary: ScanSummary;
  let pool: TagReaderPool | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-scan-fixtures-'));
    copyFixtures(join(dir, 'music'), { broken: true });
    db = openLibrary(join(dir, 'library.db'));
    if (threaded)
      pool = new TagReaderPool(2, new URL('../../dist/node/core/library/tag-reader-worker.js', import.meta.url));
    summary = await scanInto(db, join(dir, 'music'), pool ? { tagReader: pool } : { threads: 0 });
  });

  afterAll(async () => {
    await pool?.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts every audio-extension file and what became of it', () => {
    expect(summary).toMatchObject({
      files: manifest.files.length + manifest.broken.length,
      added: manifest.files.length,
      updated: 0,
      unchanged: 0,
      removed: 0,
      errors: manifest.broken.length,
      moved: 0,
      parsed: manifest.files.length + manifest.broken.length,
      folderErrors: 0,
      interrupted: false,
    });
  });

  it('stores each file with exactly the tags the manifest says it carries', () => {
    const tracks = listTracks(db);
    expect(tracks.map((t) => t.path).sort()).toEqual(
      manifest.files.map((f) => join(dir, 'music', 'library', f.path)).sort(),
    );
    for (const file of manifest.files) {
      const track = tracks.find((t) => t.path === join(dir, 'music', 'library', file.path));
      const { title, artist, album, albumArtist, year, trackNo, discNo, genres } = file.tags;
      expect({
        file: file.path,
        title: track?.title,
        artist: track?.artist,
        album: track?.album,
        albumArtist: track?.albumArtist,
        year: track?.year,
        trackNo: track?.trackNo,
        discNo: track?.discNo,
        genres: track?.genres,
      }).toEqual({ file: file.path, title, artist, album, albumArtist, year, trackNo, discNo, genres });
    }
  });

  it('stores stream facts: format, container, codec, duration, sample rate, channels, size', () => {
    for (const file of manifest.files) {
      const track = listTracks(db, { search: file.path }).find((t) => t.path.endsWith(file.path));
      expect(track, file.path).toBeDefined();
      if (!track) continue;
      const stream = STREAM[file.format];
      expect(track.format).toBe(file.format);
      expect(track.status).toBe('present');
      expect(track.size).toBe(file.size);
      expect(track.mtimeMs).toBe(Math.trunc(statSync(track.path).mtimeMs));
      if (stream) {
        if (typeof stream.container === 'string') expect(track.container, file.path).toBe(stream.container);
        else expect(track.container, file.path).toMatch(stream.container);
        // MPEG 1 at 44.1 kHz, MPEG 2 at 22.05 kHz.
        expect(track.codec, file.path).toBe(
          file.format === 'mp3' && file.sampleRate === 44100 ? 'MPEG 1 Layer 3' : stream.codec,
        );
      }
      // Lossy encoders pad the last frame: up to ~80 ms more than the 4 s generated.
      expect(track.durationSec, file.path).toBeGreaterThanOrEqual(file.durationSec - 0.01);
      expect(track.durationSec, file.path).toBeLessThan(file.durationSec + 0.1);
      const gaps = NOT_REPORTED[file.format] ?? [];
      expect(track.sampleRate, file.path).toBe(gaps.includes('sampleRate') ? null : file.sampleRate);
      expect(track.channels, file.path).toBe(gaps.includes('channels') ? null : file.channels);
      expect(track.bitrate, file.path).toBeGreaterThan(0);
    }
  });

  it('records each broken file as an error row of the expected kind, and no track for it', () => {
    const errors = listScanErrors(db);
    expect(
      errors
        .map((e) => ({ path: e.path, kind: e.kind, target: e.target }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    ).toEqual(
      manifest.broken
        .map((b) => ({ path: join(dir, 'music', 'broken', b.path), kind: b.kind, target: 'file' }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    );
    for (const e of errors) expect(e.message.length).toBeGreaterThan(10);
    expect(listTracks(db, { search: '/broken/' })).toEqual([]);
  });

  it('answers genre queries case-insensitively against whole values', () => {
    const rock = manifest.files.filter((f) => f.tags.genres.some((g) => g.toLowerCase() === 'rock'));
    expect(
      listTracks(db, { genre: 'ROCK' })
        .map((t) => t.path)
        .sort(),
    ).toEqual(rock.map((f) => join(dir, 'music', 'library', f.path)).sort());
    expect(listTracks(db, { genre: 'Roc' })).toEqual([]);
  });

  it('summarises the library by format, genre and error kind', () => {
    const stats = libraryStats(db);
    expect(stats.tracks).toBe(manifest.files.length);
    expect(stats.errors).toBe(manifest.broken.length);
    expect(stats.roots).toBe(1);
    const byFormat = new Map<string, number>();
    for (const f of manifest.files) byFormat.set(f.format, (byFormat.get(f.format) ?? 0) + 1);
    expect(Object.fromEntries(stats.byFormat.map((c) => [c.key, c.count]))).toEqual(Object.fromEntries(byFormat));
    const byGenre = new Map<string, number>();
    for (const f of manifest.files) for (const g of f.tags.genres) byGenre.set(g, (byGenre.get(g) ?? 0) + 1);
    expect(Object.fromEntries(stats.byGenre.map((c) => [c.key, c.count]))).toEqual(Object.fromEntries(byGenre));
    expect(stats.withoutGenre).toBe(manifest.files.filter((f) => f.tags.genres.length === 0).length);
    expect(stats.durationSec).toBeGreaterThan(manifest.files.length * 4 - 0.1);
  });

  it('stores the folder as a library root', () => {
    const roots = db.prepare('SELECT path, last_scan_at FROM roots').all() as {
      path: string;
      last_scan_at: string | null;
    }[];
    expect(roots).toHaveLength(1);
    expect(roots[0]?.path).toBe(resolve(dir, 'music'));
    expect(roots[0]?.last_scan_at).not.toBeNull();
  });
});
