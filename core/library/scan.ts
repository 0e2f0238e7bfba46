import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Database } from './db.js';
import { forEachConcurrent } from './concurrency.js';
import { ensureRoot, isWithin, listRoots, markRootScanned, pathRange, type LibraryRoot } from './roots.js';
import { isContentError, type ScanErrorKind } from './scan-error-kind.js';
import { ScanWriter, type ErrorRecord } from './scan-writer.js';
import { createTagReader, type TagReader } from './tag-reader.js';
import { walkFolder, type WalkedFile } from './walk.js';
import { excludeMatcher } from './exclude-globs.js';
import { getSetting } from './settings.js';

/** What one scan did. `files` = added + updated + unchanged + errors. */
export interface ScanSummary {
  /** Files with an audio extension found under the scanned folders. */
  readonly files: number;
  readonly added: number;
  /** Tracks re-read because they changed, plus tracks matched at a new path (see `moved`). */
  readonly updated: number;
  readonly unchanged: number;
  /** Tracks whose file disappeared in this scan (now marked gone). */
  readonly removed: number;
  /** Audio-extension files that could not be read (see `genrewise errors`). */
  readonly errors: number;
  /** Of `updated`: files found at a new path and matched to their old row. */
  readonly moved: number;
  /** Files whose tags were actually read (the rest were unchanged, moved or known bad). */
  readonly parsed: number;
  /** Folders that could not be walked: unreadable, symbolic-link loops, undecodable names. */
  readonly folderErrors: number;
  /** Stopped early (Ctrl-C); what was done is committed, the next scan does the rest. */
  readonly interrupted: boolean;
  readonly elapsedSec: number;
  readonly folders: readonly string[];
}

export type ScanProgress =
  | { readonly phase: 'walk'; readonly found: number }
  | { readonly phase: 'read'; readonly done: number; readonly total: number };

export interface ScanOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Files in flight at once; more than the threads, to keep them busy while files open. */
  readonly concurrency?: number;
  /** Tag-reading worker threads (default: cores, at most 4; 0: read on this thread). */
  readonly threads?: number;
  /** Use this reader (and leave it open) instead of starting one. */
  readonly tagReader?: TagReader;
  readonly batchSize?: number;
  /**
   * Patterns to leave out (exclude-globs.ts), relative to each library folder, besides the
   * `scan.exclude` setting's. Tracks already in the library under an excluded path are marked gone.
   */
  readonly exclude?: readonly string[];
}

/** A folder given to scan does not exist or is not a folder: nothing was scanned. */
export class ScanFolderError extends Error {
  override name = 'ScanFolderError';
}

interface KnownTrack {
  readonly id: number;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly fingerprint: string | null;
  readonly status: 'present' | 'gone';
}

interface KnownError {
  readonly id: number;
  readonly path: string;
  readonly kind: ScanErrorKind;
  readonly size: number | null;
  readonly mtimeMs: number | null;
}

interface FolderPlan {
  readonly root: LibraryRoot;
  readonly folder: string;
}

type Job =
  | {
      readonly type: 'read';
      readonly rootId: number;
      readonly file: WalkedFile;
      readonly previous: KnownTrack | undefined;
    }
  | { readonly type: 'maybe-move'; readonly rootId: number; readonly file: WalkedFile };

/**
 * Scans folders given by the user: each becomes (or belongs to) a library root. Throws
 * ScanFolderError before touching the database when one does not exist.
 */
export async function scanFolders(
  db: Database,
  folders: readonly string[],
  options: ScanOptions = {},
): Promise<ScanSummary> {
  const resolved = [...new Set(folders.map((f) => resolve(f)))];
  for (const folder of resolved) {
    let isDir: boolean;
    try {
      isDir = (await stat(folder)).isDirectory();
    } catch {
      throw new ScanFolderError(`folder not found: ${folder}`);
    }
    if (!isDir) throw new ScanFolderError(`not a folder: ${folder}`);
  }
  const now = new Date().toISOString();
  const plans = outermost(resolved).map((folder) => ({ root: ensureRoot(db, folder, now), folder }));
  return runScan(db, plans, [], options);
}

/**
 * Rescans every known root. A root that is missing (an unplugged drive) is reported as a folder
 * error and its tracks are left alone rather than all marked gone.
 */
export async function scanKnownRoots(db: Database, options: ScanOptions = {}): Promise<ScanSummary> {
  const plans: FolderPlan[] = [];
  const missing: ErrorRecord[] = [];
  for (const root of listRoots(db)) {
    const ok = await stat(root.path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (ok) plans.push({ root, folder: root.path });
    else
      missing.push({
        rootId: root.id,
        path: root.path,
        target: 'folder',
        kind: 'unreadable',
        message: 'library folder not found (unmounted drive?); its tracks were left as they were',
      });
  }
  return runScan(db, plans, missing, options);
}

/** Drops folders that lie inside another folder of the list: walking the outer one covers them. */
function outermost(folders: readonly string[]): string[] {
  return folders.filter((f) => !folders.some((other) => other !== f && isWithin(f, other)));
}

async function runScan(
  db: Database,
  plans: readonly FolderPlan[],
  preErrors: readonly ErrorRecord[],
  options: ScanOptions,
): Promise<ScanSummary> {
  const started = performance.now();
  const signal = options.signal;
  const writer = new ScanWriter(db, { batchSize: options.batchSize ?? 500 });
  let files = 0;
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  let removed = 0;
  let errors = 0;
  let moved = 0;
  let parsed = 0;
  let folderErrors = 0;

  const known = new Map<string, KnownTrack>();
  const knownErrors = new Map<string, KnownError>();
  const seen = new Set<string>();
  const reported = new Set<string>();
  const unlisted: string[] = [];
  const walked: { rootId: number; file: WalkedFile }[] = [];
  let aborted = false;

  const report = (error: ErrorRecord): void => {
    reported.add(error.path);
    writer.recordError(error);
    if (error.target === 'file') errors++;
    else folderErrors++;
  };
  for (const error of preErrors) report(error);

  // 1. Walk. Nothing is written yet except per-file problems, so a kill here costs only time.
  let foundBefore = 0;
  const patterns = [...getSetting(db, 'scanExclude'), ...(options.exclude ?? [])];
  const excluded = patterns.length > 0 ? excludeMatcher(patterns) : undefined;
  for (const plan of plans) {
    const result = await walkFolder(plan.folder, {
      signal,
      exclude: excluded && ((path, isDir) => excluded(relative(plan.root.path, path), isDir)),
      onFound: (count) => options.onProgress?.({ phase: 'walk', found: foundBefore + count }),
    });
    foundBefore += result.files.length;
    for (const file of result.files) walked.push({ rootId: plan.root.id, file });
    for (const problem of result.problems) {
      if (problem.target === 'file') files++;
      report({ rootId: plan.root.id, ...problem });
    }
    unlisted.push(...result.unlisted);
    if (result.aborted) {
      aborted = true;
      break;
    }
    loadKnown(db, plan.folder, known, knownErrors);
  }
  files += walked.length;

  // 2. Plan: compare with the library in one pass over in-memory maps (no per-file queries).
  const jobs: Job[] = [];
  for (const { rootId, file } of walked) {
    seen.add(file.path);
    const knownError = knownErrors.get(file.path);
    if (
      knownError &&
      isContentError(knownError.kind) &&
      knownError.size === file.size &&
      knownError.mtimeMs === file.mtimeMs
    ) {
      // Known bad and untouched since: no point reading it again.
      reported.add(file.path);
      errors++;
      continue;
    }
    const previous = known.get(file.path);
    if (
      previous &&
      previous.status === 'present' &&
      previous.size === file.size &&
      previous.mtimeMs === file.mtimeMs &&
      !knownError
    ) {
      unchanged++;
      continue;
    }
    jobs.push(previous ? { type: 'read', rootId, file, previous } : { type: 'maybe-move', rootId, file });
  }
  // Tracks whose file was not found, by size: candidates for files that moved. Not by mtime too:
  // copies across file systems (exFAT, network shares, tools rounding to the second) change it.
  const missingBySize = new Map<number, KnownTrack[]>();
  for (const track of known.values()) {
    if (seen.has(track.path) || unlisted.some((folder) => isWithin(track.path, folder))) continue;
    const list = missingBySize.get(track.size);
    if (list) list.push(track);
    else missingBySize.set(track.size, [track]);
  }
  const claimed = new Set<number>();
  // A new path is worth fingerprinting first only when a missing track has its exact size.
  const finalJobs = jobs.map((job): Job =>
    job.type === 'maybe-move' && !missingBySize.has(job.file.size)
      ? { type: 'read', rootId: job.rootId, file: job.file, previous: undefined }
      : job,
  );

  // 3. Read what is new or changed, a bounded number at a time. Results are written in path
  //    order whatever order the reads finish in, so new tracks get ids in folder order.
  let done = 0;
  const total = finalJobs.length;
  const outcomes: ((() => void) | null | undefined)[] = new Array<undefined>(total);
  let nextToWrite = 0;
  const writeReady = (): void => {
    for (; nextToWrite < total; nextToWrite++) {
      const apply = outcomes[nextToWrite];
      if (apply === undefined) break;
      apply?.();
      outcomes[nextToWrite] = null;
    }
  };
  const readOutcome = async (
    reader: TagReader,
    rootId: number,
    file: WalkedFile,
    previous: KnownTrack | undefined,
  ): Promise<() => void> => {
    parsed++;
    const result = await reader.read(file.path, file.size, file.extension);
    if (!result.ok) {
      return () =>
        report({
          rootId,
          path: file.path,
          target: 'file',
          kind: result.kind,
          message: result.message,
          size: file.size,
          mtimeMs: file.mtimeMs,
        });
    }
    return () => {
      writer.storeTrack(rootId, file, result.tags, result.fingerprint);
      if (knownErrors.has(file.path)) writer.clearError(file.path);
      if (previous && previous.status === 'present') updated++;
      else added++;
    };
  };
  const jobOutcome = async (reader: TagReader, job: Job): Promise<() => void> => {
    if (job.type === 'read') return readOutcome(reader, job.rootId, job.file, job.previous);
    const match = await findMovedTrack(reader, job.file, missingBySize.get(job.file.size) ?? [], claimed);
    if (!match) return readOutcome(reader, job.rootId, job.file, undefined);
    return () => {
      writer.moveTrack(match.id, job.rootId, job.file);
      if (knownErrors.has(job.file.path)) writer.clearError(job.file.path);
      updated++;
      moved++;
    };
  };
  if (!aborted && total > 0) {
    // Threads pay off only when there is enough to read; a handful of files is quicker inline.
    const reader =
      options.tagReader ??
      createTagReader(total < 64 ? { threads: 0 } : options.threads !== undefined ? { threads: options.threads } : {});
    try {
      await forEachConcurrent(
        finalJobs,
        options.concurrency ?? 32,
        async (job, index) => {
          outcomes[index] = await jobOutcome(reader, job);
          writeReady();
          done++;
          options.onProgress?.({ phase: 'read', done, total });
        },
        signal,
      );
    } finally {
      if (reader !== options.tagReader) await reader.close();
    }
    aborted = signal?.aborted ?? false;
    // After an interruption some reads finished behind a gap that was never started.
    for (const apply of outcomes) apply?.();
  }

  // 4. Only a complete scan may conclude that files are gone and old errors are fixed.
  if (!aborted) {
    for (const list of missingBySize.values()) {
      for (const track of list) {
        if (track.status === 'present' && !claimed.has(track.id)) {
          writer.markGone(track.id);
          removed++;
        }
      }
    }
    for (const error of knownErrors.values()) {
      if (reported.has(error.path) || seen.has(error.path)) continue;
      if (unlisted.some((folder) => isWithin(error.path, folder) && error.path !== folder)) continue;
      writer.deleteError(error.id);
    }
  }
  writer.flush();
  if (!aborted) {
    const at = new Date().toISOString();
    for (const plan of plans) if (plan.folder === plan.root.path) markRootScanned(db, plan.root.id, at);
  }

  return {
    files,
    added,
    updated,
    unchanged,
    removed,
    errors,
    moved,
    parsed,
    folderErrors,
    interrupted: aborted,
    elapsedSec: Math.round((performance.now() - started) / 10) / 100,
    folders: plans.map((p) => p.folder),
  };
}

/** Loads what the library knows under `folder` (tracks in any status, error rows) in two queries. */
function loadKnown(
  db: Database,
  folder: string,
  known: Map<string, KnownTrack>,
  knownErrors: Map<string, KnownError>,
): void {
  const { from, to } = pathRange(folder);
  const tracks = db
    .prepare('SELECT id, path, size, mtime_ms AS mtimeMs, fingerprint, status FROM tracks WHERE path >= ? AND path < ?')
    .all(from, to) as KnownTrack[];
  for (const t of tracks) known.set(t.path, t);
  const errors = db
    .prepare(
      'SELECT id, path, kind, size, mtime_ms AS mtimeMs FROM scan_errors WHERE (path >= ? AND path < ?) OR path = ?',
    )
    .all(from, to, folder) as KnownError[];
  for (const e of errors) knownErrors.set(e.path, e);
}

/**
 * Matches a new path to a missing track of the same size by content fingerprint, preferring one
 * with the same mtime. Each missing track is claimed at most once, so two identical copies never
 * collapse into one.
 */
async function findMovedTrack(
  reader: TagReader,
  file: WalkedFile,
  candidates: readonly KnownTrack[],
  claimed: Set<number>,
): Promise<KnownTrack | undefined> {
  const fingerprint = await reader.fingerprint(file.path, file.size);
  if (fingerprint === undefined) return undefined;
  const open = candidates.filter((t) => !claimed.has(t.id) && t.fingerprint === fingerprint);
  const match = open.find((t) => t.mtimeMs === file.mtimeMs) ?? open[0];
  if (match) claimed.add(match.id);
  return match;
}
