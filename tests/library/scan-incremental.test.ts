import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import { scanFolders, scanKnownRoots } from '../../core/library/scan.js';
import { getTrack, listScanErrors, listTracks, type LibraryTrack } from '../../core/library/tracks.js';
import { BROKEN_FIXTURES, copyFixtures, LIBRARY_FIXTURES, loadManifest } from './fixture-manifest.js';

const manifest = loadManifest();
const N = manifest.files.length;

let dir: string;
let music: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-scan-incr-'));
  music = join(dir, 'music');
  copyFixtures(music);
  db = openLibrary(join(dir, 'library.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const scan = (folder = music): ReturnType<typeof scanFolders> => scanFolders(db, [folder], { threads: 0 });
const at = (relative: string): string => join(music, 'library', relative);
const byPath = (path: string): LibraryTrack | undefined =>
  listTracks(db, { includeGone: true }).find((t) => t.path === path);
const trackCount = (): number => db.prepare('SELECT count(*) FROM tracks').pluck().get() as number;

describe('incremental scanning', () => {
  it('reads nothing on a rescan of an unchanged library', async () => {
    await scan();
    const again = await scan();
    expect(again).toMatchObject({ files: N, added: 0, updated: 0, unchanged: N, removed: 0, errors: 0, parsed: 0 });
  });

  it('re-reads only a touched file and keeps its id', async () => {
    await scan();
    const path = at('ogg/vorbis-semicolon.ogg');
    const before = byPath(path);
    const later = new Date(statSync(path).mtimeMs + 5000);
    utimesSync(path, later, later);
    const again = await scan();
    expect(again).toMatchObject({ files: N, added: 0, updated: 1, unchanged: N - 1, parsed: 1 });
    const after = byPath(path);
    expect(after?.id).toBe(before?.id);
    expect(after?.mtimeMs).toBe(Math.trunc(statSync(path).mtimeMs));
  });

  it('picks up new tags when a file is rewritten in place', async () => {
    await scan();
    const path = at('mp3/id3v24-numeric.mp3');
    const id = byPath(path)?.id;
    copyFileSync(at('mp3/id3v23-slash-cover.mp3'), path);
    const again = await scan();
    expect(again).toMatchObject({ updated: 1, unchanged: N - 1, parsed: 1 });
    expect(byPath(path)).toMatchObject({ id, title: 'Morning Static', genres: ['Rock', 'Pop'] });
  });

  it('marks a deleted file gone once, and brings the same row back when the file returns', async () => {
    await scan();
    const path = at('wav/riff-info.wav');
    const id = byPath(path)?.id;
    const saved = join(dir, 'saved.wav');
    renameSync(path, saved);
    expect(await scan()).toMatchObject({ files: N - 1, removed: 1, unchanged: N - 1 });
    expect(byPath(path)?.status).toBe('gone');
    expect(getTrack(db, id ?? -1)?.status).toBe('gone');
    expect(listTracks(db).some((t) => t.path === path)).toBe(false);
    expect(await scan()).toMatchObject({ removed: 0 });
    renameSync(saved, path);
    expect(await scan()).toMatchObject({ files: N, added: 1, removed: 0 });
    expect(byPath(path)).toMatchObject({ id, status: 'present' });
    expect(trackCount()).toBe(N);
  });

  it('matches a moved and renamed file to its row instead of adding a new one', async () => {
    await scan();
    const from = at('flac/repeated-genre-cover.flac');
    const to = join(music, 'elsewhere', 'deeper', 'renamed.flac');
    const id = byPath(from)?.id;
    mkdirSync(join(music, 'elsewhere', 'deeper'), { recursive: true });
    renameSync(from, to);
    const again = await scan();
    expect(again).toMatchObject({ files: N, added: 0, updated: 1, moved: 1, removed: 0, unchanged: N - 1, parsed: 0 });
    expect(byPath(to)).toMatchObject({ id, status: 'present', genres: ['Jazz', 'Blues'] });
    expect(byPath(from)).toBeUndefined();
    expect(trackCount()).toBe(N);
  });

  it('revives a gone row when its file turns up at a new path in a later scan', async () => {
    await scan();
    const from = at('m4a/aac.m4a');
    const id = byPath(from)?.id;
    const parked = join(dir, 'parked.m4a');
    renameSync(from, parked);
    await scan();
    expect(getTrack(db, id ?? -1)?.status).toBe('gone');
    const to = join(music, 'back', 'aac again.m4a');
    mkdirSync(join(music, 'back'));
    renameSync(parked, to);
    expect(await scan()).toMatchObject({ moved: 1, added: 0 });
    expect(getTrack(db, id ?? -1)).toMatchObject({ path: to, status: 'present' });
  });

  it('gives one of two identical copies the old row and adds the other', async () => {
    await scan();
    const from = at('opus/tagged.opus');
    const id = byPath(from)?.id;
    const mtime = statSync(from).mtime;
    const copyA = join(music, 'copy-a.opus');
    const copyB = join(music, 'copy-b.opus');
    for (const copy of [copyA, copyB]) {
      copyFileSync(from, copy);
      utimesSync(copy, mtime, mtime);
    }
    unlinkSync(from);
    const again = await scan();
    expect(again).toMatchObject({ files: N + 1, moved: 1, added: 1, removed: 0 });
    const copies = [byPath(copyA), byPath(copyB)];
    expect(copies.map((t) => t?.id).filter((x) => x === id)).toHaveLength(1);
    expect(trackCount()).toBe(N + 1);
  });

  it('matches a move whose copy changed the modification time (another file system, rounding tools)', async () => {
    await scan();
    const from = at('aiff/id3-chunk.aiff');
    const id = byPath(from)?.id;
    const to = join(music, 'copied elsewhere.aiff');
    copyFileSync(from, to);
    const rounded = new Date(Math.floor(statSync(from).mtimeMs / 2000) * 2000 - 60_000);
    utimesSync(to, rounded, rounded);
    unlinkSync(from);
    expect(await scan()).toMatchObject({ moved: 1, added: 0, removed: 0, parsed: 0 });
    expect(byPath(to)).toMatchObject({ id, status: 'present', mtimeMs: Math.trunc(statSync(to).mtimeMs) });
    expect(await scan()).toMatchObject({ unchanged: N, parsed: 0 });
  });

  it('does not take a same-size, same-mtime file with other content for a move', async () => {
    await scan();
    const from = at('mp3/id3v24-numeric.mp3');
    const stat = statSync(from);
    const impostor = join(music, 'impostor.mp3');
    const bytes = Buffer.alloc(stat.size, 0x55);
    writeFileSync(impostor, bytes);
    utimesSync(impostor, stat.mtime, stat.mtime);
    unlinkSync(from);
    const again = await scan();
    expect(again).toMatchObject({ moved: 0, removed: 1 });
  });

  it('keeps a known-bad file as an error without re-reading it, and clears the error once it reads fine', async () => {
    const bad = join(music, 'bad.ogg');
    copyFileSync(join(BROKEN_FIXTURES, 'not-audio.ogg'), bad);
    expect(await scan()).toMatchObject({ files: N + 1, errors: 1, parsed: N + 1 });
    expect(await scan()).toMatchObject({ errors: 1, parsed: 0 });
    expect(listScanErrors(db).map((e) => e.path)).toEqual([bad]);
    copyFileSync(join(LIBRARY_FIXTURES, 'ogg/vorbis-semicolon.ogg'), bad);
    expect(await scan()).toMatchObject({ errors: 0, added: 1, parsed: 1 });
    expect(listScanErrors(db)).toEqual([]);
    expect(byPath(bad)?.title).toBe('Semicolon Suite');
  });

  it('drops the error row of a bad file that was deleted', async () => {
    const bad = join(music, 'empty.mp3');
    writeFileSync(bad, '');
    await scan();
    expect(listScanErrors(db).map((e) => e.kind)).toEqual(['empty']);
    unlinkSync(bad);
    expect(await scan()).toMatchObject({ errors: 0 });
    expect(listScanErrors(db)).toEqual([]);
  });

  it('stops cleanly when aborted, keeps what it read, and a rescan finishes without duplicates', async () => {
    const controller = new AbortController();
    const partial = await scanFolders(db, [music], {
      threads: 0,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'read' && p.done === 3) controller.abort();
      },
    });
    expect(partial.interrupted).toBe(true);
    expect(partial.added).toBe(3);
    expect(trackCount()).toBe(3);
    expect(db.prepare('SELECT last_scan_at FROM roots').pluck().get()).toBeNull();
    const rest = await scan();
    expect(rest).toMatchObject({ added: N - 3, unchanged: 3, interrupted: false });
    expect(trackCount()).toBe(N);
  });
});

describe('library roots', () => {
  it('absorbs a root inside a newly scanned outer folder without duplicating its tracks', async () => {
    await scan(join(music, 'library', 'mp3'));
    const ids = listTracks(db).map((t) => t.id);
    const outer = await scan();
    expect(outer).toMatchObject({ added: N - ids.length, unchanged: ids.length });
    expect(db.prepare('SELECT path FROM roots').pluck().all()).toEqual([music]);
    expect(trackCount()).toBe(N);
    expect(
      listTracks(db)
        .filter((t) => t.path.includes('/mp3/'))
        .map((t) => t.id)
        .sort(),
    ).toEqual(ids.sort());
  });

  it('scans a subfolder of a root without marking the rest of the root gone', async () => {
    await scan();
    unlinkSync(at('mp3/id3v1-only.mp3'));
    unlinkSync(at('wv/apev2.wv'));
    const sub = await scan(join(music, 'library', 'mp3'));
    expect(sub).toMatchObject({ files: 3, removed: 1 });
    expect(byPath(at('wv/apev2.wv'))?.status).toBe('present');
    expect(db.prepare('SELECT count(*) FROM roots').pluck().get()).toBe(1);
  });

  it('rescans all known roots, and leaves the tracks of a missing root alone', async () => {
    const second = join(dir, 'second');
    mkdirSync(second);
    copyFileSync(at('ogg/vorbis-semicolon.ogg'), join(second, 'one.ogg'));
    await scanFolders(db, [music, second], { threads: 0 });
    expect(trackCount()).toBe(N + 1);
    rmSync(second, { recursive: true });
    const all = await scanKnownRoots(db, { threads: 0 });
    expect(all).toMatchObject({ files: N, unchanged: N, removed: 0, folderErrors: 1 });
    expect(byPath(join(second, 'one.ogg'))?.status).toBe('present');
    expect(listScanErrors(db)).toMatchObject([{ path: second, target: 'folder', kind: 'unreadable' }]);
  });

  it('refuses a folder that does not exist before touching the library', async () => {
    await expect(scanFolders(db, [join(dir, 'nope')])).rejects.toThrow(/folder not found/);
    expect(db.prepare('SELECT count(*) FROM roots').pluck().get()).toBe(0);
  });
});
