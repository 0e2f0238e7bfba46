import type { Database } from './db.js';
import { isWithin, pathRange } from './roots.js';
import { isContentError, type ScanErrorKind } from './scan-error-kind.js';
import type { WalkedFile } from './walk.js';

/** A track row as the scan compares it with what it finds on disk. */
export interface KnownTrack {
  readonly id: number;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly fingerprint: string | null;
  readonly status: 'present' | 'gone';
}

/** A scan_errors row as the scan compares it. */
export interface KnownError {
  readonly id: number;
  readonly path: string;
  readonly kind: ScanErrorKind;
  readonly size: number | null;
  readonly mtimeMs: number | null;
}

/** What the library knows under the scanned folders, by path. */
export interface Known {
  readonly tracks: Map<string, KnownTrack>;
  readonly errors: Map<string, KnownError>;
}

export interface FoundFile {
  readonly rootId: number;
  readonly file: WalkedFile;
}

/**
 * A file to read: new or changed (`previous` is its row, if any), or new at a path where it may be
 * a missing track that moved (matched by fingerprint before its tags are read).
 */
export type Job =
  | { readonly type: 'read'; readonly rootId: number; readonly file: WalkedFile; readonly previous?: KnownTrack }
  | { readonly type: 'maybe-move'; readonly rootId: number; readonly file: WalkedFile };

export interface ScanPlan {
  readonly jobs: readonly Job[];
  /** Files left alone: unchanged tracks, and known bad files untouched since. */
  readonly unchanged: number;
  /** Paths of known bad files untouched since (they still count as errors). */
  readonly knownBad: readonly string[];
  /** Tracks not found at their path, by size: gone, or moved to a new path of the same size. */
  readonly missingBySize: ReadonlyMap<number, readonly KnownTrack[]>;
  /** Every path the walk found. */
  readonly seen: ReadonlySet<string>;
}

/** Whether the library has any track under `folder` (else its scan is a first one, reading everything). */
export function knowsTracksUnder(db: Database, folder: string): boolean {
  const { from, to } = pathRange(folder);
  return db.prepare('SELECT 1 FROM tracks WHERE path >= ? AND path < ? LIMIT 1').get(from, to) !== undefined;
}

type KnownTrackRow = [number, string, number, number, string | null, 'present' | 'gone'];

/**
 * Loads what the library knows under `folder` (tracks in any status, error rows) in two queries.
 * The tracks come as plain arrays: a rescan loads every row, and letting SQLite name each row's
 * fields costs more than the query.
 */
export function loadKnown(db: Database, folder: string, known: Known): void {
  const { from, to } = pathRange(folder);
  const rows = db
    .prepare('SELECT id, path, size, mtime_ms, fingerprint, status FROM tracks WHERE path >= ? AND path < ?')
    .raw()
    .all(from, to) as KnownTrackRow[];
  for (const [id, path, size, mtimeMs, fingerprint, status] of rows)
    known.tracks.set(path, { id, path, size, mtimeMs, fingerprint, status });
  const errors = db
    .prepare(
      'SELECT id, path, kind, size, mtime_ms AS mtimeMs FROM scan_errors WHERE (path >= ? AND path < ?) OR path = ?',
    )
    .all(from, to, folder) as KnownError[];
  for (const e of errors) known.errors.set(e.path, e);
}

/**
 * Compares what the walk found with what the library knows, in one pass over in-memory maps (no
 * per-file queries). Files in `unlisted` folders (unreadable today) are not taken for missing.
 */
export function planScan(found: readonly FoundFile[], known: Known, unlisted: readonly string[]): ScanPlan {
  const seen = new Set<string>();
  const knownBad: string[] = [];
  const jobs: Job[] = [];
  let unchanged = 0;
  for (const { rootId, file } of found) {
    seen.add(file.path);
    const knownError = known.errors.get(file.path);
    if (knownError && isContentError(knownError.kind) && sameStat(knownError, file)) {
      knownBad.push(file.path); // known bad and untouched since: no point reading it again
      continue;
    }
    const previous = known.tracks.get(file.path);
    if (previous && previous.status === 'present' && sameStat(previous, file) && !knownError) {
      unchanged++;
      continue;
    }
    jobs.push(previous ? { type: 'read', rootId, file, previous } : { type: 'maybe-move', rootId, file });
  }
  const missingBySize = missingTracksBySize(known.tracks, seen, unlisted);
  return {
    // A new path is worth fingerprinting first only when a missing track has its exact size.
    jobs: jobs.map((job): Job =>
      job.type === 'maybe-move' && !missingBySize.has(job.file.size)
        ? { type: 'read', rootId: job.rootId, file: job.file }
        : job,
    ),
    unchanged,
    knownBad,
    missingBySize,
    seen,
  };
}

function sameStat(row: { readonly size: number | null; readonly mtimeMs: number | null }, file: WalkedFile): boolean {
  return row.size === file.size && row.mtimeMs === file.mtimeMs;
}

/**
 * Tracks whose file was not found, by size: candidates for files that moved. Not by mtime too:
 * copies across file systems (exFAT, network shares, tools rounding to the second) change it.
 */
function missingTracksBySize(
  tracks: ReadonlyMap<string, KnownTrack>,
  seen: ReadonlySet<string>,
  unlisted: readonly string[],
): Map<number, KnownTrack[]> {
  const missing = new Map<number, KnownTrack[]>();
  for (const track of tracks.values()) {
    if (seen.has(track.path) || unlisted.some((folder) => isWithin(track.path, folder))) continue;
    const list = missing.get(track.size);
    if (list) list.push(track);
    else missing.set(track.size, [track]);
  }
  return missing;
}
