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
  type WriteEntryRecord,
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
  const { batchId, items } = options.dryRun
    ? { batchId: null, items: requested }
    : await startBatch(db, requested, options, spec);
  const itemOptions = { ...options, insideFolders: await libraryFolders(db) };
  const check = refusingRepeats(precheck);
  const { results, cancelled } = await runItems(items, options, (item) =>
    runItem(db, item, batchId, itemOptions, check),
  );
  if (batchId !== null) finishBatch(db, batchId, cancelled ? 'cancelled' : 'done');
  return summary(batchId, results, cancelled, options.dryRun ?? false);
}

/** Recovers interrupted batches and leftovers first, then opens this batch in the journal. */
async function startBatch(
  db: Database,
  requested: readonly WriteItem[],
  options: WriteBatchOptions,
  spec: RunSpec,
): Promise<{ batchId: number; items: readonly WriteItem[] }> {
  const items = afterRecovery(requested, await recoverInterruptedBatches(db));
  await removeLeftoverTempFiles(db);
  const batchId = createBatch(db, {
    kind: spec.kind,
    mode: spec.mode,
    keepMtime: options.keepMtime ?? false,
    undoOf: spec.undoOf,
    pid: process.pid,
    host: hostname(),
  });
  return { batchId, items };
}

/** Real paths of the library folders: only files whose real path lies inside one are written. */
async function libraryFolders(db: Database): Promise<string[]> {
  const folders = await Promise.all(listRoots(db).map((root) => realpath(root.path).catch(() => null)));
  return folders.filter((folder): folder is string => folder !== null);
}

/** The same file twice in one batch would race with itself: the later ones are refused. */
function refusingRepeats(precheck: Precheck | undefined): Precheck {
  const seen = new Set<string>();
  return (item) => {
    const repeated = seen.has(item.path);
    seen.add(item.path);
    return repeated
      ? { status: 'failed', kind: 'unsupported', message: 'the file is listed more than once in this batch' }
      : (precheck?.(item) ?? null);
  };
}

/**
 * Runs the items a few at a time, in order of start, reporting each outcome; stops starting new
 * ones once the signal fires or an item reports the batch cancelled.
 */
async function runItems(
  items: readonly WriteItem[],
  options: WriteBatchOptions,
  run: (item: WriteItem) => Promise<ItemRun>,
): Promise<{ results: ItemRun[]; cancelled: boolean }> {
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
      const outcome = await run(items[index] as WriteItem);
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
  return { results, cancelled };
}

function summary(
  batchId: number | null,
  results: readonly ItemRun[],
  cancelled: boolean,
  dryRun: boolean,
): WriteBatchResult {
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
  const target = undoTarget(db, batchId);
  const entries = batchEntries(db, target.id, 'ok').filter((e) => e.genresBefore !== null);
  const result = await runBatch(
    db,
    entries.map((e) => restoreItem(db, e)),
    { ...options, mode: 'undo', keepMtime: options.keepMtime ?? target.keepMtime },
    { kind: 'undo', mode: 'undo', undoOf: target.id },
    undoPrecheck(db, target, entries),
  );
  if (result.batch !== null && result.failed === 0 && !result.cancelled) markUndone(db, target.id, result.batch);
  return result;
}

/** The batch to undo: the one given, or the most recent write not yet undone; refused if it cannot be. */
function undoTarget(db: Database, batchId: number | undefined): WriteBatchRecord {
  const target = batchId === undefined ? latestUndoableBatch(db) : getBatch(db, batchId);
  if (!target)
    throw new BatchError(batchId === undefined ? 'no tag-write batch to undo' : `no tag-write batch ${batchId}`);
  if (target.status === 'running') throw new BatchError(`batch ${target.id} is still running`);
  if (target.undoneBy !== null)
    throw new BatchError(`batch ${target.id} was already undone by batch ${target.undoneBy}`);
  return target;
}

/** Writing an entry's previous genres back, expecting the file as its latest write left it. */
function restoreItem(db: Database, entry: WriteEntryRecord): WriteItem {
  const latest = latestOkEntryForPath(db, entry.path);
  return {
    trackId: entry.trackId,
    path: entry.path,
    expectedSize: latest?.sizeAfter ?? entry.sizeAfter ?? -1,
    expectedMtimeMs: latest?.mtimeMsAfter ?? entry.mtimeMsAfter ?? -1,
    genres: entry.genresBefore ?? [],
  };
}

/** Skips files already restored; refuses files a later batch wrote something else into. */
function undoPrecheck(db: Database, target: WriteBatchRecord, entries: readonly WriteEntryRecord[]): Precheck {
  const afterByPath = new Map(entries.map((e) => [e.path, e.genresAfter]));
  return (item) => {
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
}
