import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/library/db.js';
import { queryTracks } from '../../core/review/track-query.js';
import { LIBRARY_SCHEMA, openLibrary } from '../../core/service/library-schema.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';
import type { Database } from '../../core/library/db.js';

const search = (db: Database, text: string): string[] =>
  queryTracks(db, { search: text, sort: 'path' }).rows.map((r) => r.path);

describe('library table text search (FTS5 trigram index)', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    seedTracks(lib.db, [
      { path: '/music/Black Sabbath/01 Paranoid.mp3', title: 'Paranoid', artist: 'Black Sabbath' },
      { path: '/music/Coltrane/Blue Train.flac', title: 'Blue Train', artist: 'John Coltrane' },
      { path: '/music/misc/quote.mp3', title: 'Say "Hello" AND goodbye', artist: 'NOT-a-band' },
      { path: '/music/misc/star.mp3', title: 'Star* (title:live) -mix', artist: 'Plus+Minus' },
      { path: '/music/misc/pct.mp3', title: '100%_pure', artist: 'Émile' },
    ]);
  });
  afterEach(() => lib.close());

  it('finds a case-insensitive substring of any one field, a prefix included', () => {
    expect(search(lib.db, 'sabb')).toEqual(['/music/Black Sabbath/01 Paranoid.mp3']);
    expect(search(lib.db, 'PARANO')).toEqual(['/music/Black Sabbath/01 Paranoid.mp3']);
    expect(search(lib.db, 'ltran')).toEqual(['/music/Coltrane/Blue Train.flac']);
    expect(search(lib.db, 'blue train')).toEqual(['/music/Coltrane/Blue Train.flac']);
    expect(search(lib.db, '.flac')).toEqual(['/music/Coltrane/Blue Train.flac']);
    expect(search(lib.db, '/music/misc')).toEqual([
      '/music/misc/pct.mp3',
      '/music/misc/quote.mp3',
      '/music/misc/star.mp3',
    ]);
  });

  it('folds accents from three characters on, in the text and in the tags', () => {
    expect(search(lib.db, 'emil')).toEqual(['/music/misc/pct.mp3']);
    expect(search(lib.db, 'ÉMI')).toEqual(['/music/misc/pct.mp3']);
    expect(search(lib.db, 'párànöid')).toEqual(['/music/Black Sabbath/01 Paranoid.mp3']);
    // Still kept in step with every change of a tag.
    lib.db.prepare("UPDATE tracks SET artist = 'Élodie' WHERE path = ?").run('/music/misc/pct.mp3');
    expect(search(lib.db, 'elod')).toEqual(['/music/misc/pct.mp3']);
    expect(search(lib.db, 'emil')).toEqual([]);
  });

  it('does not match across two fields or out of order', () => {
    expect(search(lib.db, 'Paranoid Black')).toEqual([]);
    expect(search(lib.db, 'train blue')).toEqual([]);
  });

  it('treats quotes, operators, wildcards and column filters as plain text', () => {
    expect(search(lib.db, '"Hello"')).toEqual(['/music/misc/quote.mp3']);
    expect(search(lib.db, 'Say "Hel')).toEqual(['/music/misc/quote.mp3']);
    expect(search(lib.db, 'hello AND goodbye')).toEqual([]);
    expect(search(lib.db, '" AND goodbye')).toEqual(['/music/misc/quote.mp3']);
    expect(search(lib.db, 'NOT-a')).toEqual(['/music/misc/quote.mp3']);
    expect(search(lib.db, 'Star*')).toEqual(['/music/misc/star.mp3']);
    expect(search(lib.db, 'title:live')).toEqual(['/music/misc/star.mp3']);
    expect(search(lib.db, '(title')).toEqual(['/music/misc/star.mp3']);
    expect(search(lib.db, 'us+mi')).toEqual(['/music/misc/star.mp3']);
    expect(search(lib.db, '0%_')).toEqual(['/music/misc/pct.mp3']);
    expect(search(lib.db, '%_p')).toEqual(['/music/misc/pct.mp3']);
    expect(search(lib.db, '***')).toEqual([]);
    expect(search(lib.db, '"""')).toEqual([]);
  });

  it('matches one or two letters at the start of a word, and punctuation that short by substring', () => {
    expect(search(lib.db, '%')).toEqual(['/music/misc/pct.mp3']);
    expect(search(lib.db, '"')).toEqual(['/music/misc/quote.mp3']);
    expect(search(lib.db, 'É')).toEqual(['/music/misc/pct.mp3']);
    expect(search(lib.db, 'e')).toEqual(['/music/misc/pct.mp3']);
    expect(queryTracks(lib.db, { search: 'bl' }).total).toBe(2);
    // Inside a word or in a folder's name only: found from three characters on ("abb", "misc").
    expect(search(lib.db, 'ab')).toEqual([]);
    expect(search(lib.db, 'mi')).toEqual(['/music/misc/star.mp3']);
  });

  it('follows renames, moves, tag changes and deletions', () => {
    lib.db.prepare("UPDATE tracks SET title = 'Iron Man' WHERE title = 'Paranoid'").run();
    expect(search(lib.db, 'paranoid')).toEqual(['/music/Black Sabbath/01 Paranoid.mp3']); // still in the path
    expect(search(lib.db, 'iron m')).toEqual(['/music/Black Sabbath/01 Paranoid.mp3']);
    lib.db.prepare("UPDATE tracks SET path = '/music/Sabbath/02.mp3' WHERE title = 'Iron Man'").run();
    expect(search(lib.db, 'paranoid')).toEqual([]);
    expect(search(lib.db, 'Sabbath/02')).toEqual(['/music/Sabbath/02.mp3']);
    lib.db.prepare("UPDATE tracks SET genres = '[\"Metal\"]', size = 5 WHERE path = '/music/Sabbath/02.mp3'").run();
    expect(search(lib.db, 'iron')).toEqual(['/music/Sabbath/02.mp3']);
    lib.db.prepare("DELETE FROM tracks WHERE path = '/music/Sabbath/02.mp3'").run();
    expect(search(lib.db, 'iron')).toEqual([]);
    expect(lib.db.prepare("INSERT INTO tracks_search (tracks_search) VALUES ('integrity-check')").run()).toBeDefined();
  });

  it('counts every match, not only the page', () => {
    seedTracks(
      lib.db,
      Array.from({ length: 30 }, (_, i) => ({ path: `/music/echo/${i}.mp3`, title: `Echo ${i}` })),
    );
    const page = queryTracks(lib.db, { search: 'echo', limit: 10 });
    expect(page.total).toBe(30);
    expect(page.rows).toHaveLength(10);
  });
});

describe('the search index migration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-search-migration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes the tracks of a library created before it', () => {
    const path = join(dir, 'library.db');
    const before = openDatabase(
      path,
      LIBRARY_SCHEMA.filter((m) => m.version < 9),
    );
    seedTracks(before, [
      { path: '/music/old/Velvet Signal.mp3', title: 'Velvet Signal', artist: 'Paper Storm' },
      { path: '/music/old/Glass.mp3', title: 'Glass', artist: 'Summer Echo' },
    ]);
    expect(before.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'tracks_search'").pluck().get()).toBe(0);
    before.close();

    const db = openLibrary(path);
    try {
      expect(search(db, 'velvet')).toEqual(['/music/old/Velvet Signal.mp3']);
      expect(search(db, 'mer ech')).toEqual(['/music/old/Glass.mp3']);
      expect(db.prepare("INSERT INTO tracks_search (tracks_search) VALUES ('integrity-check')").run()).toBeDefined();
    } finally {
      db.close();
    }
  });

  it('indexes the schema-6 fixture library on upgrade', () => {
    const path = join(dir, 'library.db');
    copyFileSync(new URL('../fixtures/db/library-schema-6.sqlite', import.meta.url), path);
    const db = openLibrary(path);
    try {
      expect(search(db, 'a.mp3')).toEqual(['/music/a.mp3']);
    } finally {
      db.close();
    }
  });
});
