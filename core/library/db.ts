import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/index.js';

export type { Database } from 'better-sqlite3';

export class LibraryDbError extends Error {
  override name = 'LibraryDbError';
}

export interface OpenDatabaseOptions {
  readonly readonly?: boolean;
}

/**
 * Opens (creating if needed) a library database and brings its schema up to date with `schema`:
 * every stage's steps, which only a later stage can gather (core/service/library-schema.ts; hosts
 * and tests call its openLibrary). WAL lets the UI read while a scan writes; NORMAL sync is safe
 * with WAL (a crash may lose the last transactions, never corrupt the file), which is what a
 * killed scan relies on.
 */
export function openDatabase(path: string, schema: readonly Migration[], options: OpenDatabaseOptions = {}): Database {
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
    immediateTransactions(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, schema);
  } else {
    const version = schemaVersion(db);
    const latest = latestVersion(schema);
    if (version < latest)
      throw new LibraryDbError(`library database ${path} is at schema ${version}; open it read-write once to upgrade`);
  }
  return db;
}

/**
 * Makes every `db.transaction(fn)` of this connection start with BEGIN IMMEDIATE when called.
 * A deferred transaction that reads before it writes cannot wait for another writer: in WAL mode
 * its upgrade fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT) and the busy timeout
 * never applies, which is how `analyze` died whenever a scan ran beside it. IMMEDIATE takes the
 * write lock first, waiting up to busy_timeout for it. Done here, for the one connection every
 * writer uses, so no transaction written later can forget it; `.deferred` stays available for a
 * transaction that only reads.
 */
function immediateTransactions(db: Database): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn) => {
    const tx = transaction(fn);
    const immediate = tx.immediate;
    return Object.assign((...args: Parameters<typeof immediate>) => immediate(...args), {
      default: immediate,
      deferred: tx.deferred,
      immediate,
      exclusive: tx.exclusive,
    });
  }) as Database['transaction'];
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The steps in version order. Stages contribute steps separately, so two taking one number is a
 * mistake only visible here: refused rather than silently applying one and skipping the other.
 */
export function orderMigrations(migrations: readonly Migration[]): Migration[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < ordered.length; i++) {
    const [a, b] = [ordered[i - 1]!, ordered[i]!];
    if (a.version === b.version)
      throw new LibraryDbError(`schema steps ${a.name} and ${b.name} both claim version ${a.version}`);
  }
  return ordered;
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in version order, each in its
 * own transaction. Recording each version (not only the highest, in user_version) means a step
 * merged later with a lower number than one already applied is still applied, not skipped.
 */
export function migrate(db: Database, migrations: readonly Migration[]): void {
  const ordered = orderMigrations(migrations);
  const latest = latestVersion(ordered);
  const current = schemaVersion(db);
  if (current > latest) {
    throw new LibraryDbError(
      `library database has schema ${current}, newer than this Genrewise understands (${latest}); update Genrewise`,
    );
  }
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  for (const migration of ordered) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${Math.max(schemaVersion(db), migration.version)}`);
    })();
  }
}
