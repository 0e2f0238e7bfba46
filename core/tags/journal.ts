import type { Database } from 'better-sqlite3';
import { updateTrackAfterWrite, type LibraryRowUpdate } from '../library/tracks.js';
import { BatchError } from './errors.js';

/**
 * The tag-write journal (tables from migration 005): every batch of genre writes and, per file,
 * the genres before and after, the file's size and mtime after our write and the outcome.
 * Plain data access (plus the library row a completed entry updates in the same transaction);
 * the batch logic lives in batch.ts, recovery of killed batches in recovery.ts.
 */
export type BatchKind = 'write' | 'undo';
export type BatchStatus = 'running' | 'done' | 'cancelled' | 'interrupted';
export type EntryStatus = 'pending' | 'ok' | 'failed' | 'skipped';

export interface WriteBatchRecord {
  readonly id: number;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly kind: BatchKind;
  readonly mode: string;
  readonly status: BatchStatus;
  readonly keepMtime: boolean;
  readonly undoOf: number | null;
  readonly undoneBy: number | null;
  readonly pid: number | null;
  readonly host: string | null;
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
}

export interface WriteEntryRecord {
  readonly id: number;
  readonly batchId: number;
  readonly trackId: number | null;
  readonly path: string;
  /** Null when the file could not be read before the failure. */
  readonly genresBefore: readonly string[] | null;
  readonly genresAfter: readonly string[];
  readonly status: EntryStatus;
  readonly errorKind: string | null;
  readonly error: string | null;
  readonly sizeBefore: number | null;
  readonly mtimeMsBefore: number | null;
  readonly sizeAfter: number | null;
  readonly mtimeMsAfter: number | null;
  readonly at: string;
}

interface BatchRow {
  id: number;
  created_at: string;
  finished_at: string | null;
  kind: BatchKind;
  mode: string;
  status: BatchStatus;
  keep_mtime: number;
  undo_of: number | null;
  undone_by: number | null;
  pid: number | null;
  host: string | null;
  written: number;
  skipped: number;
  failed: number;
}

interface EntryRow {
  id: number;
  batch_id: number;
  track_id: number | null;
  path: string;
  genres_before: string | null;
  genres_after: string;
  status: EntryStatus;
  error_kind: string | null;
  error: string | null;
  size_before: number | null;
  mtime_ms_before: number | null;
  size_after: number | null;
  mtime_ms_after: number | null;
  at: string;
}

const BATCH_SELECT = `
  SELECT b.*,
    (SELECT COUNT(*) FROM tag_write_entries e WHERE e.batch_id = b.id AND e.status = 'ok') AS written,
    (SELECT COUNT(*) FROM tag_write_entries e WHERE e.batch_id = b.id AND e.status = 'skipped') AS skipped,
    (SELECT COUNT(*) FROM tag_write_entries e WHERE e.batch_id = b.id AND e.status = 'failed') AS failed
  FROM tag_write_batches b`;

function toBatch(row: BatchRow): WriteBatchRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    kind: row.kind,
    mode: row.mode,
    status: row.status,
    keepMtime: row.keep_mtime !== 0,
    undoOf: row.undo_of,
    undoneBy: row.undone_by,
    pid: row.pid,
    host: row.host,
    written: row.written,
    skipped: row.skipped,
    failed: row.failed,
  };
}

function parseList(text: string | null): string[] | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
}

function toEntry(row: EntryRow): WriteEntryRecord {
  return {
    id: row.id,
    batchId: row.batch_id,
    trackId: row.track_id,
    path: row.path,
    genresBefore: parseList(row.genres_before),
    genresAfter: parseList(row.genres_after) ?? [],
    status: row.status,
    errorKind: row.error_kind,
    error: row.error,
    sizeBefore: row.size_before,
    mtimeMsBefore: row.mtime_ms_before,
    sizeAfter: row.size_after,
    mtimeMsAfter: row.mtime_ms_after,
    at: row.at,
  };
}

/**
 * Starts a batch, unless one is already running: the check and the insert happen in one
 * IMMEDIATE transaction, which takes the database's write lock first, so two processes that both
 * found no running batch cannot both start one (the second gets BatchError). Interrupted batches
 * of dead processes must have been recovered before (recoverInterruptedBatches).
 */
export function createBatch(
  db: Database,
  batch: { kind: BatchKind; mode: string; keepMtime: boolean; undoOf: number | null; pid: number; host: string | null },
): number {
  const start = db.transaction((): number => {
    const running = db.prepare("SELECT id, pid FROM tag_write_batches WHERE status = 'running' LIMIT 1").get() as
      { id: number; pid: number | null } | undefined;
    if (running)
      throw new BatchError(
        `another tag-write batch (${running.id}, process ${running.pid ?? '?'}) is running on this library; wait for it to finish`,
      );
    const result = db
      .prepare(
        `INSERT INTO tag_write_batches (created_at, kind, mode, status, keep_mtime, undo_of, pid, host)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        batch.kind,
        batch.mode,
        batch.keepMtime ? 1 : 0,
        batch.undoOf,
        batch.pid,
        batch.host,
      );
    return Number(result.lastInsertRowid);
  });
  return start.immediate();
}

/** Notes a temporary copy about to be created, so a kill leaves a record of exactly what to remove. */
export function recordTempFile(db: Database, batchId: number, path: string): void {
  db.prepare('INSERT OR REPLACE INTO tag_write_temp_files (path, batch_id, created_at) VALUES (?, ?, ?)').run(
    path,
    batchId,
    new Date().toISOString(),
  );
}

export function forgetTempFile(db: Database, path: string): void {
  db.prepare('DELETE FROM tag_write_temp_files WHERE path = ?').run(path);
}

export function listTempFiles(db: Database): string[] {
  return db.prepare('SELECT path FROM tag_write_temp_files ORDER BY path').pluck().all() as string[];
}

export function finishBatch(db: Database, id: number, status: Exclude<BatchStatus, 'running'>): void {
  db.prepare('UPDATE tag_write_batches SET status = ?, finished_at = ? WHERE id = ?').run(
    status,
    new Date().toISOString(),
    id,
  );
}

export function markUndone(db: Database, id: number, undoneBy: number): void {
  db.prepare('UPDATE tag_write_batches SET undone_by = ? WHERE id = ?').run(undoneBy, id);
}

export function getBatch(db: Database, id: number): WriteBatchRecord | null {
  const row = db.prepare(`${BATCH_SELECT} WHERE b.id = ?`).get(id) as BatchRow | undefined;
  return row ? toBatch(row) : null;
}

/** Newest first. */
export function listBatches(db: Database, limit = 100): WriteBatchRecord[] {
  return (db.prepare(`${BATCH_SELECT} ORDER BY b.id DESC LIMIT ?`).all(limit) as BatchRow[]).map(toBatch);
}

export function runningBatches(db: Database): WriteBatchRecord[] {
  return (db.prepare(`${BATCH_SELECT} WHERE b.status = 'running' ORDER BY b.id`).all() as BatchRow[]).map(toBatch);
}

/** The most recent write batch (not an undo) that changed files and has not been undone. */
export function latestUndoableBatch(db: Database): WriteBatchRecord | null {
  const row = db
    .prepare(
      `${BATCH_SELECT} WHERE b.kind = 'write' AND b.status != 'running' AND b.undone_by IS NULL
         AND EXISTS (SELECT 1 FROM tag_write_entries e WHERE e.batch_id = b.id AND e.status = 'ok')
       ORDER BY b.id DESC LIMIT 1`,
    )
    .get() as BatchRow | undefined;
  return row ? toBatch(row) : null;
}

export function batchEntries(db: Database, batchId: number, status?: EntryStatus): WriteEntryRecord[] {
  const rows = status
    ? (db
        .prepare('SELECT * FROM tag_write_entries WHERE batch_id = ? AND status = ? ORDER BY id')
        .all(batchId, status) as EntryRow[])
    : (db.prepare('SELECT * FROM tag_write_entries WHERE batch_id = ? ORDER BY id').all(batchId) as EntryRow[]);
  return rows.map(toEntry);
}

/** The last successful write (or undo) of a file, whichever batch it was in. */
export function latestOkEntryForPath(db: Database, path: string): WriteEntryRecord | null {
  const row = db
    .prepare("SELECT * FROM tag_write_entries WHERE path = ? AND status = 'ok' ORDER BY id DESC LIMIT 1")
    .get(path) as EntryRow | undefined;
  return row ? toEntry(row) : null;
}

export interface NewEntry {
  readonly batchId: number;
  readonly trackId: number | null;
  readonly path: string;
  readonly genresBefore: readonly string[] | null;
  readonly genresAfter: readonly string[];
  readonly status: EntryStatus;
  readonly errorKind?: string | null;
  readonly error?: string | null;
  readonly sizeBefore?: number | null;
  readonly mtimeMsBefore?: number | null;
  readonly sizeAfter?: number | null;
  readonly mtimeMsAfter?: number | null;
}

export function insertEntry(db: Database, entry: NewEntry): number {
  const result = db
    .prepare(
      `INSERT INTO tag_write_entries (batch_id, track_id, path, genres_before, genres_after, status, error_kind, error,
         size_before, mtime_ms_before, size_after, mtime_ms_after, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      entry.batchId,
      entry.trackId,
      entry.path,
      entry.genresBefore === null ? null : JSON.stringify(entry.genresBefore),
      JSON.stringify(entry.genresAfter),
      entry.status,
      entry.errorKind ?? null,
      entry.error ?? null,
      entry.sizeBefore ?? null,
      entry.mtimeMsBefore ?? null,
      entry.sizeAfter ?? null,
      entry.mtimeMsAfter ?? null,
      new Date().toISOString(),
    );
  return Number(result.lastInsertRowid);
}

export function completeEntry(db: Database, id: number, outcome: { sizeAfter: number; mtimeMsAfter: number }): void {
  db.prepare("UPDATE tag_write_entries SET status = 'ok', size_after = ?, mtime_ms_after = ?, at = ? WHERE id = ?").run(
    outcome.sizeAfter,
    outcome.mtimeMsAfter,
    new Date().toISOString(),
    id,
  );
}

export function failEntry(db: Database, id: number, errorKind: string, error: string): void {
  db.prepare("UPDATE tag_write_entries SET status = 'failed', error_kind = ?, error = ?, at = ? WHERE id = ?").run(
    errorKind,
    error,
    new Date().toISOString(),
    id,
  );
}

export type { LibraryRowUpdate } from '../library/tracks.js';

/** Marks the entry done and updates the library row in one transaction: a kill leaves both or neither. */
export function commitEntry(db: Database, entryId: number, trackId: number | null, refresh: LibraryRowUpdate): void {
  db.transaction(() => {
    completeEntry(db, entryId, { sizeAfter: refresh.size, mtimeMsAfter: refresh.mtimeMs });
    if (trackId !== null) updateTrackAfterWrite(db, trackId, refresh);
  })();
}
