import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export type { Database } from 'better-sqlite3';

export class LibraryDbError extends Error {
  override name = 'LibraryDbError';
}

export interface OpenLibraryOptions {
  readonly readonly?: boolean;
  /** Only for tests of the migration runner. */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the library database and brings its schema up to date.
 * WAL lets the UI read while a scan writes; NORMAL sync is safe with WAL (a crash may lose the
 * last transactions, never corrupt the file), which is what a killed scan relies on.
 */
export function openLibrary(path: string, options: OpenLibraryOptions = {}): Database {
  if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database;
  try {
    db = new BetterSqlite3(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    throw new LibraryDbError(`cannot open library database ${path}: ${(err as Error).message}`);
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, options.migrations ?? MIGRATIONS);
  } else {
    const version = schemaVersion(db);
    const latest = latestVersion(options.migrations ?? MIGRATIONS);
    if (version < latest) throw new LibraryDbError(`library database ${path} is at schema ${version}; open it read-write once to upgrade`);
  }
  return db;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const current = schemaVersion(db);
  const latest = latestVersion(ordered);
  if (current > latest) {
    throw new LibraryDbError(`library database has schema ${current}, newer than this Genrewise understands (${latest}); update Genrewise`);
  }
  for (const migration of ordered) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
