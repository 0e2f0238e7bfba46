import { hostname } from 'node:os';
import { realpath } from 'node:fs/promises';
import type { Database } from 'better-sqlite3';
import { listRoots } from '../library/roots.js';
import { BatchError } from './errors.js';
import type { TagFs } from './io/tag-fs.js';
import {
  batchEntries,
  createBatch,
  finishBatch,
  getBatch,
  latestOkEntryForPath,
  latestUndoableBatch,
  markUndone,
  type BatchKind,
  type WriteBatchRecord,
} from './journal.js';
import { runItem, type ItemOutcome, type ItemRun, type ItemStatus, type Precheck } from './batch-item.js';
import { afterRecovery, recoverInterruptedBatches } from './recovery.js';
import { removeLeftoverTempFiles } from './temp-files.js';
import { sameGenres } from './verify.js';
import type { WriteItem } from './write-item.js';

export type { WriteItem } from './write-item.js';

export { BatchError } from './errors.js';
export { recoverInterruptedBatches, type Recovery, type RecoveredWrite } from './recovery.js';

/**
 * Batches of genre writes with a journal, and their undo. Each file goes through the safe-write
 * pipeline; the journal records a `pending` entry just before the new version replaces the file
 * and marks it `ok` afterwards (updating the library row so the next scan sees no change), so a
 * batch killed at any moment can be recovered: the next batch reads each pending file and records
 * whether the new version made it. Only one batch runs at a time per library.
 */
export interface BatchProgress {
  readonly done: number;
  readonly total: number;
  readonly outcome: ItemOutcome;
}

export interface WriteBatchOptions {
  /** Label stored with the batch ("replace", "add", "fill", or anything the caller likes). */
  readonly mode: string;
  readonly keepMtime?: boolean;
  /** Check and plan every file, write nothing, record no batch. */
  readonly dryRun?: boolean;
  /** Stops at the next file boundary; the batch is recorded as cancelled. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BatchProgress) => void;
  /** File-system layer (tests inject failures). */
  readonly fs?: TagFs;
  /** Files in flight at once (default 4; 1 writes strictly in order). */
  readonly concurrency?: number;
}

export interface WriteBatchResult {
  /** The journal id, null for a dry run. */
  readonly batch: number | null;
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
  readonly cancelled: boolean;
  readonly items: readonly ItemOutcome[];
}

interface RunSpec {
  readonly kind: BatchKind;
  readonly mode: string;
  readonly undoOf: number | null;
}

/**
 * Files written at once. Each write spends much of its time waiting on the disk (copy, fsync,
 * rename); a few in flight keep the CPU busy meanwhile, which doubles throughput on small files.
 */
const DEFAULT_CONCURRENCY = 4;

async function runBatch(
  db: Database,
  requested: readonly WriteItem[],
  options: WriteBatchOptions,
  spec: RunSpec,
  precheck?: Precheck,
): Promise<WriteBatchResult> {
  const dryRun = options.dryRun ?? false;
  let batchId: number | null = null;
  let items = requested;
  if (!dryRun) {
    items = afterRecovery(requested, await recoverInterruptedBatches(db));
    await removeLeftoverTempFiles(db);
    batchId = createBatch(db, {
      kind: spec.kind,
      mode: spec.mode,
      keepMtime: options.keepMtime ?? false,
      undoOf: spec.undoOf,
      pid: process.pid,
      host: hostname(),
    });
  }
  // Only files whose real path lies inside a library folder are written.
  const insideFolders = (await Promise.all(listRoots(db).map((root) => realpath(root.path).catch(() => null)))).filter(
    (folder): folder is string => folder !== null,
  );
  // The same file twice in one batch would race with itself: the later ones are refused.
  const seen = new Set<string>();
  const duplicate = (item: WriteItem): boolean => {
    const dup = seen.has(item.path);
    seen.add(item.path);
    return dup;
  };
  const check: Precheck = (item) =>
    duplicate(item)
      ? { status: 'failed', kind: 'unsupported', message: 'the file is listed more than once in this batch' }
      : (precheck?.(item) ?? null);

  const results: ItemRun[] = new Array<ItemRun>(items.length).fill(null);
  let done = 0;
  let cancelled = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (options.signal?.aborted) {
        cancelled = true;
        return;
      }
      const index = next++;
      const outcome = await runItem(db, items[index] as WriteItem, batchId, { ...options, insideFolders }, check);
      if (outcome === null) {
        cancelled = true;
        return;
      }
      results[index] = outcome;
      done++;
      options.onProgress?.({ done, total: items.length, outcome });
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, items.length));
  await Promise.all(Array.from({ length: concurrency }, worker));

  if (batchId !== null) finishBatch(db, batchId, cancelled ? 'cancelled' : 'done');
  const outcomes = results.filter((r): r is ItemOutcome => r !== null);
  const count = (status: ItemStatus): number => outcomes.filter((o) => o.status === status).length;
  return {
    batch: batchId,
    written: dryRun ? count('would-write') : count('written'),
    skipped: count('skipped'),
    failed: count('failed'),
    cancelled,
    items: outcomes,
  };
}

/** Writes each item's genre list through the safe pipeline, journaled as one batch. */
export function writeBatch(
  db: Database,
  items: readonly WriteItem[],
  options: WriteBatchOptions,
): Promise<WriteBatchResult> {
  return runBatch(db, items, options, { kind: 'write', mode: options.mode, undoOf: null });
}

export interface UndoOptions extends Omit<WriteBatchOptions, 'mode' | 'keepMtime'> {
  /** Defaults to the undone batch's own setting. */
  readonly keepMtime?: boolean;
}

/**
 * Restores the genres a batch replaced, through the same safe path, recorded as a new batch.
 * Without `batchId`, the most recent write batch not yet undone. A file that was written again by
 * a later batch, or changed by anything else since, is refused rather than overwritten; files
 * already restored (a repeated undo after a partial one) are skipped. Undoing an undo batch
 * (given explicitly) re-applies it.
 */
export async function undoBatch(db: Database, batchId?: number, options: UndoOptions = {}): Promise<WriteBatchResult> {
  // A batch killed midway is still 'running' until recovered; choosing first would skip it and
  // undo the one before (files went back two generations).
  if (!options.dryRun) await recoverInterruptedBatches(db);
  const target: WriteBatchRecord | null = batchId === undefined ? latestUndoableBatch(db) : getBatch(db, batchId);
  if (!target)
    throw new BatchError(batchId === undefined ? 'no tag-write batch to undo' : `no tag-write batch ${batchId}`);
  if (target.status === 'running') throw new BatchError(`batch ${target.id} is still running`);
  if (target.undoneBy !== null)
    throw new BatchError(`batch ${target.id} was already undone by batch ${target.undoneBy}`);

  const entries = batchEntries(db, target.id, 'ok').filter((e) => e.genresBefore !== null);
  const items: WriteItem[] = entries.map((e) => {
    const latest = latestOkEntryForPath(db, e.path);
    return {
      trackId: e.trackId,
      path: e.path,
      expectedSize: latest?.sizeAfter ?? e.sizeAfter ?? -1,
      expectedMtimeMs: latest?.mtimeMsAfter ?? e.mtimeMsAfter ?? -1,
      genres: e.genresBefore ?? [],
    };
  });
  const afterByPath = new Map(entries.map((e) => [e.path, e.genresAfter]));
  const precheck: Precheck = (item) => {
    const latest = latestOkEntryForPath(db, item.path);
    if (!latest || latest.batchId === target.id) return null;
    const latestBatch = getBatch(db, latest.batchId);
    if (latestBatch?.undoOf === target.id && sameGenres(latest.genresAfter, item.genres)) {
      return { status: 'skipped', message: `already restored by batch ${latest.batchId}` };
    }
    // Written again since, but back to what this batch wrote (a later batch was undone): fine.
    if (sameGenres(latest.genresAfter, afterByPath.get(item.path) ?? [])) return null;
    return {
      status: 'failed',
      kind: 'changed-since-scan',
      message: `written again by batch ${latest.batchId} after batch ${target.id}; undo batch ${latest.batchId} first`,
    };
  };
  const result = await runBatch(
    db,
    items,
    { ...options, mode: 'undo', keepMtime: options.keepMtime ?? target.keepMtime },
    { kind: 'undo', mode: 'undo', undoOf: target.id },
    precheck,
  );
  if (result.batch !== null && result.failed === 0 && !result.cancelled) markUndone(db, target.id, result.batch);
  return result;
}
