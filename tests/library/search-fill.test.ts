import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../core/library/db.js';
import { openDatabase } from '../../core/library/db.js';
import { scanFolders } from '../../core/library/scan.js';
import { SearchFill } from '../../core/library/track-search-fill.js';
import { queryTracks } from '../../core/review/track-query.js';
import { LIBRARY_SCHEMA, openLibrary } from '../../core/service/library-schema.js';
import { expectSearchIndexInStep, seedTracks } from '../helpers/library.js';
import { copyFixtures, loadManifest } from './fixture-manifest.js';

const manifest = loadManifest();

let dir: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-search-fill-'));
  db = openLibrary(join(dir, 'library.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (text: string): string[] => queryTracks(db, { search: text, sort: 'path' }).rows.map((r) => r.path);
const searchAll = (text: string): number => queryTracks(db, { search: text }).total;

/** FTS5's own check of the index against the tracks table, plus no bulk fill left open. */
function expectIndexInStep(): void {
  expectSearchIndexInStep(db, 'tracks_search');
  expect(db.prepare('SELECT count(*) FROM tracks_search_deferred').pluck().get()).toBe(0);
  // The word index of one- and two-letter searches (migration 15) is filled the same way.
  expectSearchIndexInStep(db, 'tracks_words');
}

describe('search index filled in bulk by a scan', () => {
  it('finds every track right after a first scan', async () => {
    const music = join(dir, 'music');
    copyFixtures(music);
    const summary = await scanFolders(db, [music], { threads: 0, batchSize: 4 });
    expect(summary.added).toBe(manifest.files.length);
    expectIndexInStep();
    expect(searchAll('/library/')).toBe(manifest.files.length);
    for (const file of manifest.files) {
      const path = join(music, 'library', file.path);
      expect(search(file.path)).toContain(path);
      if (file.tags.title && [...file.tags.title].length >= 3) expect(search(file.tags.title)).toContain(path);
    }
  });

  it('finds what an interrupted scan stored, and the rest after the next scan', async () => {
    const music = join(dir, 'music');
    copyFixtures(music);
    const controller = new AbortController();
    const partial = await scanFolders(db, [music], {
      threads: 0,
      concurrency: 1,
      batchSize: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'read' && p.done === 5) controller.abort();
      },
    });
    expect(partial).toMatchObject({ interrupted: true, added: 5 });
    expectIndexInStep();
    expect(searchAll('/library/')).toBe(5);
    expect(await scanFolders(db, [music], { threads: 0, batchSize: 2 })).toMatchObject({
      added: manifest.files.length - 5,
      interrupted: false,
    });
    expectIndexInStep();
    expect(searchAll('/library/')).toBe(manifest.files.length);
  });
});

describe('SearchFill', () => {
  const insert = (path: string, title: string): number => seedTracks(db, [{ path, title }])[0]!;

  beforeEach(() => {
    seedTracks(db, [
      { path: '/music/old/kept.mp3', title: 'Kept Song' },
      { path: '/music/old/renamed.mp3', title: 'Before Rename' },
      { path: '/music/old/deleted.mp3', title: 'Deleted Song' },
    ]);
  });

  it('indexes inserted rows with their final values; older rows keep following the triggers', () => {
    const fill = new SearchFill(db);
    db.transaction(() =>
      fill.around(() => {
        insert('/music/new/plain.mp3', 'Plain New');
        const retitled = insert('/music/new/retitled.mp3', 'First Title');
        db.prepare("UPDATE tracks SET title = 'Second Title' WHERE id = ?").run(retitled);
        const dropped = insert('/music/new/dropped.mp3', 'Dropped New');
        db.prepare('DELETE FROM tracks WHERE id = ?').run(dropped);
        db.prepare("UPDATE tracks SET title = 'After Rename' WHERE path = '/music/old/renamed.mp3'").run();
        db.prepare("DELETE FROM tracks WHERE path = '/music/old/deleted.mp3'").run();
      }),
    )();
    expectIndexInStep();
    expect(search('plain new')).toEqual(['/music/new/plain.mp3']);
    expect(search('second title')).toEqual(['/music/new/retitled.mp3']);
    expect(search('first title')).toEqual([]);
    expect(search('dropped')).toEqual([]);
    expect(search('after rename')).toEqual(['/music/old/renamed.mp3']);
    expect(search('before rename')).toEqual([]);
    expect(search('deleted')).toEqual([]);
    expect(search('kept song')).toEqual(['/music/old/kept.mp3']);
    // One and two letters read the word index, filled by the same write.
    expect(search('pl')).toEqual(['/music/new/plain.mp3']);
    expect(search('se')).toEqual(['/music/new/retitled.mp3']);
    expect(search('fi')).toEqual([]);
    expect(search('dr')).toEqual([]);
    expect(search('af')).toEqual(['/music/old/renamed.mp3']);
    expect(search('be')).toEqual([]);
    expect(search('de')).toEqual([]);
    expect(search('k')).toEqual(['/music/old/kept.mp3']);
  });

  it('leaves nothing behind when the write throws', () => {
    const fill = new SearchFill(db);
    expect(() =>
      db.transaction(() =>
        fill.around(() => {
          insert('/music/new/lost.mp3', 'Lost Song');
          throw new Error('disk full');
        }),
      )(),
    ).toThrow('disk full');
    expectIndexInStep();
    expect(search('lost song')).toEqual([]);
    insert('/music/new/later.mp3', 'Later Song');
    expect(search('later song')).toEqual(['/music/new/later.mp3']);
    expectIndexInStep();
  });
});

describe('the bulk fill migration', () => {
  it('keeps the index of a library created before it, and its triggers keep working', () => {
    const path = join(dir, 'before.db');
    const before = openDatabase(
      path,
      LIBRARY_SCHEMA.filter((m) => m.version < 14),
    );
    seedTracks(before, [{ path: '/music/old/Velvet Signal.mp3', title: 'Velvet Signal' }]);
    before.close();
    db.close();
    db = openLibrary(path);
    expect(search('velvet')).toEqual(['/music/old/Velvet Signal.mp3']);
    seedTracks(db, [{ path: '/music/new/Glass.mp3', title: 'Glass Echo' }]);
    db.prepare("UPDATE tracks SET title = 'Velvet Noise' WHERE title = 'Velvet Signal'").run();
    expect(search('velvet noise')).toEqual(['/music/old/Velvet Signal.mp3']);
    expect(search('glass echo')).toEqual(['/music/new/Glass.mp3']);
    expectIndexInStep();
  });
});
