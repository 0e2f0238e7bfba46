import type { Database, Statement } from 'better-sqlite3';
import { pathRange } from './roots.js';
import { isContentError, type ScanErrorKind } from './scan-error-kind.js';
import type { WalkedFile, WalkedFolder } from './walk.js';

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

/**
 * A file to read: new or changed (`previous` is its row, if any), or new at a path where it may be
 * a missing track that moved (matched by fingerprint before its tags are read).
 */
export type Job =
  | { readonly type: 'read'; readonly rootId: number; readonly file: WalkedFile; readonly previous?: KnownTrack }
  | { readonly type: 'maybe-move'; readonly rootId: number; readonly file: WalkedFile };

export interface ScanPlan {
  /** In path order within each scanned folder. */
  readonly jobs: readonly Job[];
  /** Files left alone: unchanged tracks, and known bad files untouched since. */
  readonly unchanged: number;
  /** Paths of known bad files untouched since (they still count as errors). */
  readonly knownBad: readonly string[];
  /** Tracks not found at their path, by size: gone, or moved to a new path of the same size. */
  readonly missingBySize: ReadonlyMap<number, readonly KnownTrack[]>;
  /** Paths with an error row that the walk found again. */
  readonly seenErrors: ReadonlySet<string>;
}

/** Whether the library has any track under `folder` (else its scan is a first one, reading everything). */
export function knowsTracksUnder(db: Database, folder: string): boolean {
  const { from, to } = pathRange(folder);
  return db.prepare('SELECT 1 FROM tracks WHERE path >= ? AND path < ? LIMIT 1').get(from, to) !== undefined;
}

/** id, path, size, mtime_ms, present (1 or 0): what telling an unchanged file needs. */
type KnownTrackRow = [number, string, number, number, number];

/**
 * Compares what the walk finds with what the library knows, one folder at a time as the walk
 * hands them over: each folder's rows are read by a range of the path index, so what is held at
 * once is a folder's rows plus what changed, never the whole library. The error rows under the
 * scanned folders (few) are loaded whole first (`loadErrors`).
 */
export class ScanPlanner {
  /** Error rows under the scanned folders, by path. */
  readonly errors = new Map<string, KnownError>();
  /** The most track rows held at once by a comparison (a folder's, not the library's). */
  peakRowsHeld = 0;
  private readonly jobs: Job[] = [];
  private sortedUpTo = 0;
  private unchanged = 0;
  private readonly knownBad: string[] = [];
  private readonly missing = new Map<number, KnownTrack[]>();
  private readonly seenErrors = new Set<string>();
  private readonly rangeStmt: Statement;
  private readonly fingerprintStmt: Statement;
  private readonly errorsStmt: Statement;

  constructor(db: Database) {
    this.rangeStmt = db
      .prepare(
        "SELECT id, path, size, mtime_ms, status = 'present' FROM tracks WHERE path >= ? AND path < ? ORDER BY path",
      )
      .raw();
    this.fingerprintStmt = db.prepare('SELECT fingerprint FROM tracks WHERE id = ?').pluck();
    this.errorsStmt = db.prepare(
      'SELECT id, path, kind, size, mtime_ms AS mtimeMs FROM scan_errors WHERE (path >= ? AND path < ?) OR path = ?',
    );
  }

  /** Loads the error rows under `folder` (and of the folder itself). */
  loadErrors(folder: string): void {
    const { from, to } = pathRange(folder);
    for (const e of this.errorsStmt.all(from, to, folder) as KnownError[]) this.errors.set(e.path, e);
  }

  /**
   * Compares one walked folder's files with the rows directly in it, and with the rows under
   * anything in it that is not walked as a folder of its own (removed, excluded or no longer a
   * folder): those are missing like its absent files.
   */
  compare(rootId: number, folder: WalkedFolder): void {
    const rows = this.rowsOf(folder);
    this.peakRowsHeld = Math.max(this.peakRowsHeld, rows.length);
    const matcher = new RowMatcher(rows);
    for (const file of folder.files) {
      const row = matcher.take(file.path);
      const knownError = this.errors.get(file.path);
      if (knownError) {
        this.seenErrors.add(file.path);
        if (isContentError(knownError.kind) && sameStat(knownError, file)) {
          this.knownBad.push(file.path); // known bad and untouched since: no point reading it again
          continue;
        }
      }
      if (row && row[4] === 1 && row[2] === file.size && row[3] === file.mtimeMs && !knownError) {
        this.unchanged++;
        continue;
      }
      this.jobs.push(
        row ? { type: 'read', rootId, file, previous: this.knownTrack(row) } : { type: 'maybe-move', rootId, file },
      );
    }
    for (const row of matcher.rest()) this.addMissing(this.knownTrack(row));
  }

  /** Puts the jobs found since the last call in path order (call once per scanned folder tree). */
  sortJobs(): void {
    const tail = this.jobs.splice(this.sortedUpTo).sort((a, b) => comparePaths(a.file.path, b.file.path));
    for (const job of tail) this.jobs.push(job);
    this.sortedUpTo = this.jobs.length;
  }

  finish(): ScanPlan {
    this.sortJobs();
    const missingBySize = this.missing;
    return {
      // A new path is worth fingerprinting first only when a missing track has its exact size.
      jobs: this.jobs.map((job): Job =>
        job.type === 'maybe-move' && !missingBySize.has(job.file.size)
          ? { type: 'read', rootId: job.rootId, file: job.file }
          : job,
      ),
      unchanged: this.unchanged,
      knownBad: this.knownBad,
      missingBySize,
      seenErrors: this.seenErrors,
    };
  }

  /**
   * The rows under the folder but not under its subfolders: one range of the path index between
   * each two subfolders, in the index's (UTF-8 byte) order.
   */
  private rowsOf(folder: WalkedFolder): KnownTrackRow[] {
    const { from, to } = pathRange(folder.path);
    if (folder.subfolders.length === 0) return this.rangeStmt.all(from, to) as KnownTrackRow[];
    const skips = folder.subfolders
      .map((path) => pathRange(path))
      .sort((a, b) => Buffer.compare(Buffer.from(a.from), Buffer.from(b.from)));
    const rows: KnownTrackRow[] = [];
    let start = from;
    for (const skip of [...skips, { from: to, to }]) {
      for (const row of this.rangeStmt.all(start, skip.from) as KnownTrackRow[]) rows.push(row);
      start = skip.to;
    }
    return rows;
  }

  /** The whole row, fingerprint included: read only for the rows that changed or went missing. */
  private knownTrack([id, path, size, mtimeMs, present]: KnownTrackRow): KnownTrack {
    const fingerprint = this.fingerprintStmt.get(id) as string | null;
    return { id, path, size, mtimeMs, fingerprint, status: present === 1 ? 'present' : 'gone' };
  }

  /**
   * Tracks whose file was not found, by size: candidates for files that moved. Not by mtime too:
   * copies across file systems (exFAT, network shares, tools rounding to the second) change it.
   */
  private addMissing(track: KnownTrack): void {
    const list = this.missing.get(track.size);
    if (list) list.push(track);
    else this.missing.set(track.size, [track]);
  }
}

/**
 * Finds a folder's rows by path. Rows (UTF-8 byte order) and files (UTF-16 order) come in the same
 * order but for rare characters, so each file is looked for at the cursor first; a map of the
 * rows not yet taken is built only when that fails.
 */
class RowMatcher {
  private next = 0;
  private readonly taken: boolean[];
  private byPath: Map<string, number> | undefined;

  constructor(private readonly rows: readonly KnownTrackRow[]) {
    this.taken = new Array<boolean>(rows.length).fill(false);
  }

  take(path: string): KnownTrackRow | undefined {
    while (this.next < this.rows.length && this.taken[this.next]) this.next++;
    let index = this.rows[this.next]?.[1] === path ? this.next : undefined;
    if (index === undefined) {
      this.byPath ??= new Map(this.rows.map((row, i) => [row[1], i]));
      index = this.byPath.get(path);
      if (index === undefined || this.taken[index]) return undefined;
    }
    this.taken[index] = true;
    return this.rows[index];
  }

  /** The rows no file took. */
  rest(): KnownTrackRow[] {
    return this.rows.filter((_, i) => !this.taken[i]);
  }
}

function sameStat(row: { readonly size: number | null; readonly mtimeMs: number | null }, file: WalkedFile): boolean {
  return row.size === file.size && row.mtimeMs === file.mtimeMs;
}

/** The order the walk sorts paths in (UTF-16 code units), kept for the order new tracks get ids in. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
