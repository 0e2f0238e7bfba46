import type { Database } from 'better-sqlite3';
import { markTrackForRescan } from '../library/tracks.js';
import { TagWriteError, type TagWriteErrorKind } from './errors.js';
import type { TagFs } from './io/tag-fs.js';
import { commitEntry, failEntry, forgetTempFile, insertEntry, recordTempFile } from './journal.js';
import { safeWriteGenres, type PreparedWrite, type SafeWriteOptions, type SafeWriteResult } from './safe-write.js';
import type { WriteItem } from './write-item.js';

/**
 * One file of a batch: refused up front, or written through the safe-write pipeline, and each
 * outcome recorded in the journal (nothing is recorded for a dry run, whose batch id is null).
 */
export type ItemStatus = 'written' | 'skipped' | 'failed' | 'would-write';

export interface ItemOutcome {
  readonly trackId: number | null;
  readonly path: string;
  readonly status: ItemStatus;
  /** What the file carried (null when it could not be read). */
  readonly before: readonly string[] | null;
  readonly after: readonly string[];
  readonly errorKind?: TagWriteErrorKind | 'interrupted';
  readonly error?: string;
}

/** A per-item refusal decided before touching the file (used by undo). */
export type Precheck = (
  item: WriteItem,
) => { status: 'skipped' | 'failed'; kind?: TagWriteErrorKind; message: string } | null;

/** What one item came to; null when the batch was cancelled before or while it ran. */
export type ItemRun = ItemOutcome | null;

export interface ItemWriteOptions {
  readonly keepMtime?: boolean;
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly fs?: TagFs;
  readonly insideFolders: readonly string[];
}

/** The journal entry being written for one item: its id once the new version is verified. */
interface Pending {
  id: number | null;
}

export async function runItem(
  db: Database,
  item: WriteItem,
  batchId: number | null,
  options: ItemWriteOptions,
  precheck: Precheck | undefined,
): Promise<ItemRun> {
  const refusal = precheck?.(item) ?? null;
  if (refusal) return recordUnwritten(db, batchId, item, refusal.status, refusal.kind, refusal.message);
  const pending: Pending = { id: null };
  try {
    const result = await safeWriteGenres(item.path, item.genres, writeOptions(db, item, batchId, options, pending));
    return recordWritten(db, batchId, item, result, options.dryRun ?? false, pending.id);
  } catch (err) {
    return recordFailure(db, batchId, item, err, options.dryRun ?? false, pending.id);
  }
}

/** The safe-write options for one item: its scan facts, and the journal told of each step. */
function writeOptions(
  db: Database,
  item: WriteItem,
  batchId: number | null,
  options: ItemWriteOptions,
  pending: Pending,
): SafeWriteOptions {
  const beforeCommit = (prepared: PreparedWrite): void => {
    if (batchId === null) return;
    pending.id = insertEntry(db, {
      batchId,
      trackId: item.trackId,
      path: item.path,
      genresBefore: prepared.genresBefore,
      genresAfter: prepared.genresAfter,
      status: 'pending',
      sizeBefore: prepared.sizeBefore,
      mtimeMsBefore: prepared.mtimeMsBefore,
    });
  };
  return {
    expected: {
      size: item.expectedSize,
      mtimeMs: item.expectedMtimeMs,
      fingerprint: item.expectedFingerprint ?? null,
    },
    keepMtime: options.keepMtime ?? false,
    dryRun: options.dryRun ?? false,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
    insideFolders: options.insideFolders,
    ...(batchId !== null && {
      tempFiles: {
        created: (path: string) => recordTempFile(db, batchId, path),
        gone: (path: string) => forgetTempFile(db, path),
      },
    }),
    beforeCommit,
  };
}

/** A file left as it was (it already carried the genres), one a dry run would write, or one written. */
function recordWritten(
  db: Database,
  batchId: number | null,
  item: WriteItem,
  result: SafeWriteResult,
  dryRun: boolean,
  pendingId: number | null,
): ItemOutcome {
  const outcome = (status: ItemStatus): ItemOutcome => ({
    trackId: item.trackId,
    path: item.path,
    status,
    before: result.genresBefore,
    after: item.genres,
  });
  if (!result.changed) {
    if (batchId !== null) {
      insertEntry(db, {
        batchId,
        trackId: item.trackId,
        path: item.path,
        genresBefore: result.genresBefore,
        genresAfter: item.genres,
        status: 'skipped',
        error: 'the file already carries these genres',
        sizeBefore: result.sizeBefore,
        mtimeMsBefore: result.mtimeMsBefore,
      });
    }
    return outcome('skipped');
  }
  if (dryRun) return outcome('would-write');
  if (pendingId !== null) {
    commitEntry(db, pendingId, item.trackId, {
      genres: result.library?.genres ?? item.genres,
      size: result.sizeAfter,
      mtimeMs: result.mtimeMsAfter,
      fingerprint: result.library?.fingerprint ?? null,
    });
  }
  return outcome('written');
}

/** A write that failed or was refused; null when it was cancelled. */
function recordFailure(
  db: Database,
  batchId: number | null,
  item: WriteItem,
  err: unknown,
  dryRun: boolean,
  pendingId: number | null,
): ItemRun {
  const error = err instanceof TagWriteError ? err : new TagWriteError('io', (err as Error).message, { cause: err });
  if (error.kind === 'cancelled') return null;
  // The next scan must read the file again, or "rescan first" could never clear the refusal.
  if (error.kind === 'changed-since-scan' && item.trackId !== null && !dryRun) markTrackForRescan(db, item.trackId);
  if (pendingId === null) return recordUnwritten(db, batchId, item, 'failed', error.kind, error.message);
  failEntry(db, pendingId, error.kind, error.message);
  return unwritten(item, 'failed', error.kind, error.message);
}

/** Journals an item that was not written (refused, or failed before its entry existed). */
function recordUnwritten(
  db: Database,
  batchId: number | null,
  item: WriteItem,
  status: 'skipped' | 'failed',
  kind: TagWriteErrorKind | undefined,
  message: string,
): ItemOutcome {
  if (batchId !== null) {
    insertEntry(db, {
      batchId,
      trackId: item.trackId,
      path: item.path,
      genresBefore: null,
      genresAfter: item.genres,
      status,
      errorKind: kind ?? null,
      error: message,
    });
  }
  return unwritten(item, status, kind, message);
}

function unwritten(
  item: WriteItem,
  status: 'skipped' | 'failed',
  kind: TagWriteErrorKind | undefined,
  message: string,
): ItemOutcome {
  return {
    trackId: item.trackId,
    path: item.path,
    status,
    before: null,
    after: item.genres,
    ...(kind ? { errorKind: kind } : {}),
    error: message,
  };
}
