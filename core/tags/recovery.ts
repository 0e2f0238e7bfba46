import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { extensionOf } from '../library/audio-extensions.js';
import { processExists } from '../library/process-exists.js';
import { readTrack } from '../library/read-track.js';
import type { WriteItem } from './write-item.js';
import { BatchError } from './errors.js';
import { batchEntries, commitEntry, failEntry, finishBatch, runningBatches, type LibraryRowUpdate } from './journal.js';
import { readSnapshot, sameGenres } from './verify.js';

/**
 * Recovery of batches whose process was killed: the journal holds `pending` entries for files
 * that were about to be replaced; reading each file tells whether the replacement happened.
 */

/**
 * Whether a recorded batch's process still runs on this machine. On Linux a pid reused by a
 * program that is not Node, Electron or Genrewise does not count; another Node program that got
 * the same pid would (the batch then waits for it to exit).
 */
function processAlive(pid: number): boolean {
  if (!processExists(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    return /node|electron|genrewise/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Reads a file a killed batch wrote the way the scanner does, so its library row can hold the
 * size, mtime and fingerprint the scanner would record itself (the next scan then sees no change).
 */
async function readForLibrary(path: string, fallbackGenres: readonly string[]): Promise<LibraryRowUpdate> {
  const st = await stat(path);
  const read = await readTrack(path, st.size, extensionOf(path)).catch(() => null);
  return {
    genres: read?.ok ? read.tags.genres : fallbackGenres,
    size: st.size,
    mtimeMs: Math.trunc(st.mtimeMs),
    fingerprint: read?.ok ? read.fingerprint : null,
  };
}

/** A write a killed batch completed (the file was replaced) before it could record so. */
export interface RecoveredWrite {
  readonly path: string;
  readonly sizeBefore: number | null;
  readonly mtimeMsBefore: number | null;
  readonly sizeAfter: number;
  readonly mtimeMsAfter: number;
}

export interface Recovery {
  /** Interrupted batches resolved. */
  readonly batches: number;
  readonly completed: readonly RecoveredWrite[];
}

/**
 * Resolves batches whose process died: each pending entry becomes `ok` when the file carries the
 * new genres (the rename happened before the kill) and `failed` otherwise. Throws BatchError when
 * another live process is running a batch on this library.
 */
export async function recoverInterruptedBatches(db: Database): Promise<Recovery> {
  let batches = 0;
  const completed: RecoveredWrite[] = [];
  for (const batch of runningBatches(db)) {
    const sameHost = batch.host === null || batch.host === hostname();
    if (sameHost && batch.pid !== null && processAlive(batch.pid)) {
      throw new BatchError(
        `another tag-write batch (${batch.id}, process ${batch.pid}) is running on this library; wait for it to finish`,
      );
    }
    for (const entry of batchEntries(db, batch.id, 'pending')) {
      try {
        const snapshot = await readSnapshot(entry.path, extensionOf(entry.path));
        if (sameGenres(snapshot.genres, entry.genresAfter)) {
          const refresh = await readForLibrary(entry.path, entry.genresAfter);
          commitEntry(db, entry.id, entry.trackId, refresh);
          completed.push({
            path: entry.path,
            sizeBefore: entry.sizeBefore,
            mtimeMsBefore: entry.mtimeMsBefore,
            sizeAfter: refresh.size,
            mtimeMsAfter: refresh.mtimeMs,
          });
        } else {
          failEntry(
            db,
            entry.id,
            'interrupted',
            'the batch was interrupted before this file was replaced; the file is unchanged',
          );
        }
      } catch (err) {
        failEntry(
          db,
          entry.id,
          'interrupted',
          `the batch was interrupted; the file cannot be read now: ${(err as Error).message}`,
        );
      }
    }
    finishBatch(db, batch.id, 'interrupted');
    batches++;
  }
  return { batches, completed };
}

/**
 * Items built from library rows read before a recovery still expect the size and mtime the file
 * had before the recovered write; that change was ours, so expect the recorded result instead.
 */
export function afterRecovery(items: readonly WriteItem[], recovery: Recovery): WriteItem[] {
  const byPath = new Map(recovery.completed.map((r) => [r.path, r]));
  return items.map((item) => {
    const r = byPath.get(item.path);
    if (!r || r.sizeBefore !== item.expectedSize || r.mtimeMsBefore !== item.expectedMtimeMs) return item;
    // The recovered write changed the content: the scan's fingerprint no longer applies.
    return { ...item, expectedSize: r.sizeAfter, expectedMtimeMs: r.mtimeMsAfter, expectedFingerprint: null };
  });
}
