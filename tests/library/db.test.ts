import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryDbError, openDatabase, schemaVersion } from '../../core/library/db.js';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Migration } from '../../core/library/migrations/index.js';
import { resolveDbPath, defaultDataDir } from '../../core/library/paths.js';

const step = (version: number, table: string): Migration => ({
  version,
  name: table,
  up: (db) => db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`),
});

describe('library database', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file in WAL mode with the full schema', () => {
    const db = openLibrary(join(dir, 'sub', 'library.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['roots', 'tracks', 'scan_errors', 'settings', 'predictions', 'decisions']),
    );
    db.close();
  });

  it('applies a migration merged later with a lower version than one already applied', () => {
    const path = join(dir, 'library.db');
    openDatabase(path, [step(1, 'a'), step(3, 'c')]).close();
    const db = openDatabase(path, [step(1, 'a'), step(2, 'b'), step(3, 'c')]);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a','b','c')")
      .pluck()
      .all();
    expect(tables.sort()).toEqual(['a', 'b', 'c']);
    expect(schemaVersion(db)).toBe(3);
    db.close();
  });

  it('refuses a database from a newer Genrewise', () => {
    const path = join(dir, 'library.db');
    openDatabase(path, [step(1, 'a'), step(2, 'b')]).close();
    expect(() => openDatabase(path, [step(1, 'a')])).toThrow(LibraryDbError);
  });

  it('refuses two steps that claim one version (stages contribute their steps separately)', () => {
    const path = join(dir, 'library.db');
    expect(() => openDatabase(path, [step(1, 'a'), step(2, 'b'), step(2, 'c')])).toThrow(/both claim version 2/);
  });
});

describe('database location', () => {
  it('prefers --db, then GENREWISE_DB, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(resolveDbPath('/x/lib.db', { GENREWISE_DB: '/y.db' })).toBe('/x/lib.db');
    expect(resolveDbPath(undefined, { GENREWISE_DB: '/y.db' })).toBe('/y.db');
    expect(defaultDataDir({ HOME: '/home/u', XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/genrewise');
    expect(defaultDataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/genrewise');
    expect(defaultDataDir({ HOME: '/home/u', XDG_DATA_HOME: 'relative' }, 'linux')).toBe(
      '/home/u/.local/share/genrewise',
    );
  });
});
