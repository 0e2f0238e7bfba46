import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackStatus } from '../../shared/api/types.js';
import type { Database } from '../../core/library/db.js';
import { openDatabase } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { queryTracks } from '../../core/review/track-query.js';
import { LIBRARY_SCHEMA, openLibrary } from '../../core/service/library-schema.js';
import { expectSearchIndexInStep, seedTracks } from '../helpers/library.js';
import { copyFixtures, loadManifest } from './fixture-manifest.js';

/**
 * A search of one or two characters reads the word index (tracks_words, migration 15): it finds
 * the tracks with a word of the title, artist, album or file name that starts with the text, case
 * and accents folded ("sé" finds "Semicolon" and "Séparé", "é" finds "Ensemble"). Folder names are
 * not searched at this length (every track would match its library's folder); from three
 * characters on the trigram index finds any substring, folders included (search-fill.test.ts).
 */

const manifest = loadManifest();

let dir: string;
let music: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-search-short-'));
  music = join(dir, 'music');
  db = openLibrary(join(dir, 'library.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The fixture paths (under music/library/) a search finds, by path, with the total it counts. */
function found(text: string, status?: TrackStatus): { paths: string[]; total: number } {
  const page = queryTracks(db, { search: text, sort: 'path', status });
  const prefix = join(music, 'library') + '/';
  return { paths: page.rows.map((r) => r.path.replace(prefix, '')), total: page.total };
}

/** The search's paths, after checking its total against its rows and against a page of one row. */
function search(text: string, status?: TrackStatus): string[] {
  const { paths, total } = found(text, status);
  expect(total, `total of "${text}"`).toBe(paths.length);
  if (total > 1) expect(queryTracks(db, { search: text, status, limit: 1 }).total).toBe(total);
  return paths;
}

/** FTS5's own check of the word index against the tracks it is built from. */
const expectWordsInStep = (): void => expectSearchIndexInStep(db, 'tracks_words');

const scan = (): ReturnType<typeof scanFolders> => scanFolders(db, [music], { threads: 0, batchSize: 4 });

describe('a search of one or two characters after a scan', () => {
  beforeEach(async () => {
    copyFixtures(music);
    expect((await scan()).added).toBe(manifest.files.length);
    expectWordsInStep();
  });

  it('finds the start of a word of the title, artist, album or file name, case and accents folded', () => {
    const u = ['flac/untagged.flac', 'mp3/id3v24-null-separated.mp3'];
    expect(search('u')).toEqual(u);
    expect(search('U')).toEqual(u);
    expect(search('ü')).toEqual(u);
    expect(search('Ü')).toEqual(u);
    const se = ['mp3/id3v24-null-separated.mp3', 'ogg/vorbis-semicolon.ogg'];
    expect(search('sé')).toEqual(se);
    expect(search('SE')).toEqual(se);
    expect(search('Se')).toEqual(se);
    expect(search('ca')).toEqual(['mp3/id3v24-null-separated.mp3']);
    // "Big Endian" and "Vorbis Ensemble": an accented letter finds the plain one too.
    expect(search('é')).toEqual(['aiff/id3-chunk.aiff', 'ogg/vorbis-semicolon.ogg']);
    expect(search('ap')).toEqual(['aiff/id3-chunk.aiff', 'm4a/aac.m4a', 'wv/apev2.wv']);
    // The file name's extension is one of its words; the folders above it are not.
    expect(search('mp')).toEqual(
      manifest.files
        .filter((f) => f.path.endsWith('.mp3'))
        .map((f) => f.path)
        .sort(),
    );
    expect(search('li')).toEqual([]);
    expect(search('zq')).toEqual([]);
  });

  it('matches text with no letter or digit as a substring of the fields and path, as before', () => {
    // The temporary folder's name holds a "-", so every file's path does.
    expect(search('-')).toHaveLength(manifest.files.length);
    expect(search('_')).toEqual([]);
  });

  it('follows a renamed file and a deleted one on the next scan', async () => {
    renameSync(join(music, 'library/flac/untagged.flac'), join(music, 'library/flac/kept-quiet.flac'));
    rmSync(join(music, 'library/ogg/vorbis-semicolon.ogg'));
    expect(await scan()).toMatchObject({ moved: 1, removed: 1 });
    expectWordsInStep();
    expect(search('un')).toEqual(['mp3/id3v24-null-separated.mp3']);
    expect(search('qu')).toEqual(['flac/kept-quiet.flac']);
    expect(search('ke')).toEqual(['flac/kept-quiet.flac']);
    expect(search('se')).toEqual(['mp3/id3v24-null-separated.mp3']);
    expect(search('se', 'gone')).toEqual(['ogg/vorbis-semicolon.ogg']);
    expect(search('e', 'gone')).toEqual(['ogg/vorbis-semicolon.ogg']);
    // The trigram search's count leaves the gone track out too.
    expect(search('emi')).toEqual([]);
    expect(search('emi', 'gone')).toEqual(['ogg/vorbis-semicolon.ogg']);
    expect(search('Lossless')).toEqual(['flac/repeated-genre-cover.flac', 'wv/apev2.wv']);
  });
});

describe('the word index kept by its triggers and its migration', () => {
  const insert = (path: string, title: string): number => seedTracks(db, [{ path, title }])[0]!;
  const paths = (text: string): string[] => queryTracks(db, { search: text, sort: 'path' }).rows.map((r) => r.path);

  beforeEach(() => {
    seedTracks(db, [
      { path: '/music/old/kept.mp3', title: 'Kept Song' },
      { path: '/music/old/renamed.mp3', title: 'Before Rename' },
      { path: 'C:\\Music\\Old\\Ünder.mp3', title: 'Windows Path' },
    ]);
  });

  it('follows inserts, updates and deletions through its triggers', () => {
    const id = insert('/music/new/plain.mp3', 'Plain New');
    expect(paths('pl')).toEqual(['/music/new/plain.mp3']);
    db.prepare("UPDATE tracks SET title = 'Second Title', path = '/music/new/moved.mp3' WHERE id = ?").run(id);
    expect(paths('pl')).toEqual([]);
    expect(paths('mo')).toEqual(['/music/new/moved.mp3']);
    db.prepare("DELETE FROM tracks WHERE path = '/music/old/kept.mp3'").run();
    expect(paths('ke')).toEqual([]);
    expectWordsInStep();
    // A Windows path's file name is its last part after a backslash; its folders are not searched.
    expect(paths('u')).toEqual(['C:\\Music\\Old\\Ünder.mp3']);
    expect(paths('ol')).toEqual([]);
  });

  it('is filled by its migration for a library created before it', () => {
    const path = join(dir, 'before.db');
    const before = openDatabase(
      path,
      LIBRARY_SCHEMA.filter((m) => m.version < 15),
    );
    seedTracks(before, [{ path: '/music/old/Velvet Signal.mp3', title: 'Velvet Signal', artist: 'Éclat' }]);
    before.close();
    db.close();
    db = openLibrary(path);
    expectWordsInStep();
    expect(paths('ve')).toEqual(['/music/old/Velvet Signal.mp3']);
    expect(paths('e')).toEqual(['/music/old/Velvet Signal.mp3']);
    db.prepare("UPDATE tracks SET artist = 'Noise' WHERE title = 'Velvet Signal'").run();
    expect(paths('e')).toEqual([]);
    expect(paths('n')).toEqual(['/music/old/Velvet Signal.mp3']);
    expectWordsInStep();
  });
});
