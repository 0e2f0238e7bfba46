import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Database } from './db.js';
import { excludeMatcher } from './exclude-globs.js';
import { ensureRoot, isWithin, listRoots, markRootScanned, type LibraryRoot } from './roots.js';
import { knowsTracksUnder, ScanPlanner, type ScanPlan } from './scan-plan.js';
import { readJobs, type ReadCounts } from './scan-read.js';
import { INLINE_BELOW, ScanReader } from './scan-reader.js';
import { ScanWriter, type ErrorRecord } from './scan-writer.js';
import { getSetting } from './settings.js';
import type { TagReader } from './tag-reader.js';
import { walkFolder } from './walk.js';

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
  /** Tag-reading worker threads (default: defaultTagReaderThreads(); 0: read on this thread). */
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

interface FolderPlan {
  readonly root: LibraryRoot;
  readonly folder: string;
}

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
  let errors = 0;
  let folderErrors = 0;
  const reported = new Set<string>();
  const report = (error: ErrorRecord): void => {
    reported.add(error.path);
    writer.recordError(error);
    if (error.target === 'file') errors++;
    else folderErrors++;
  };
  for (const error of preErrors) report(error);

  const readers = new ScanReader(options.tagReader, options.threads);
  let read: ReadCounts = { added: 0, updated: 0, moved: 0, parsed: 0 };
  const claimed = new Set<number>();
  const planner = new ScanPlanner(db);
  let plan: ScanPlan;
  let walked: Walked;
  let aborted: boolean;
  try {
    // 1. Walk, and compare each folder with the library's rows under it as it is walked (see
    // ScanPlanner). Nothing is written yet except per-file problems, so a kill here costs only time.
    walked = await walkPlans(db, plans, planner, options, report, () => readers.startEarly());
    files += walked.found + walked.fileProblems;
    aborted = walked.aborted;

    // 2. Plan: what is new or changed, what is missing.
    plan = planner.finish();
    for (const path of plan.knownBad) reported.add(path);
    errors += plan.knownBad.length;

    // 3. Read what is new or changed.
    if (!aborted && plan.jobs.length > 0) {
      read = await readJobs({
        jobs: plan.jobs,
        reader: readers.forJobs(plan.jobs.length),
        writer,
        missingBySize: plan.missingBySize,
        claimed,
        hasErrorRow: (path) => planner.errors.has(path),
        report,
        concurrency: options.concurrency ?? 32,
        signal,
        onProgress: (done, total) => options.onProgress?.({ phase: 'read', done, total }),
      });
      aborted = signal?.aborted ?? false;
    }
  } finally {
    await readers.close();
  }

  // 4. Only a complete scan may conclude that files are gone and old errors are fixed.
  let removed = 0;
  if (!aborted) {
    for (const list of plan.missingBySize.values()) {
      for (const track of list) {
        if (track.status === 'present' && !claimed.has(track.id)) {
          writer.markGone(track.id);
          removed++;
        }
      }
    }
    for (const error of planner.errors.values()) {
      if (reported.has(error.path) || plan.seenErrors.has(error.path)) continue;
      if (walked.unlisted.some((folder) => isWithin(error.path, folder) && error.path !== folder)) continue;
      writer.deleteError(error.id);
    }
  }
  writer.flush();
  if (!aborted) {
    const at = new Date().toISOString();
    for (const p of plans) if (p.folder === p.root.path) markRootScanned(db, p.root.id, at);
  }

  return {
    files,
    added: read.added,
    updated: read.updated,
    unchanged: plan.unchanged,
    removed,
    errors,
    moved: read.moved,
    parsed: read.parsed,
    folderErrors,
    interrupted: aborted,
    elapsedSec: Math.round((performance.now() - started) / 10) / 100,
    folders: plans.map((p) => p.folder),
  };
}

interface Walked {
  /** Audio files found. */
  readonly found: number;
  readonly unlisted: string[];
  /** Audio-extension files the walk could not address (reported as errors). */
  readonly fileProblems: number;
  readonly aborted: boolean;
}

/**
 * Walks each folder, handing each listed folder to the planner to compare with the library;
 * reports what could not be walked. Calls `manyNew` once a folder the library knows nothing of
 * has shown enough files to read.
 */
async function walkPlans(
  db: Database,
  plans: readonly FolderPlan[],
  planner: ScanPlanner,
  options: ScanOptions,
  report: (error: ErrorRecord) => void,
  manyNew: () => void,
): Promise<Walked> {
  let found = 0;
  const unlisted: string[] = [];
  let fileProblems = 0;
  const patterns = [...getSetting(db, 'scanExclude'), ...(options.exclude ?? [])];
  const excluded = patterns.length > 0 ? excludeMatcher(patterns) : undefined;
  for (const plan of plans) {
    const foundBefore = found;
    const firstScan = !knowsTracksUnder(db, plan.folder);
    planner.loadErrors(plan.folder);
    const result = await walkFolder(plan.folder, {
      signal: options.signal,
      exclude: excluded && ((path, isDir) => excluded(relative(plan.root.path, path), isDir)),
      onFound: (count) => {
        if (firstScan && count >= INLINE_BELOW) manyNew();
        options.onProgress?.({ phase: 'walk', found: foundBefore + count });
      },
      onFolder: (folder) => {
        found += folder.files.length;
        planner.compare(plan.root.id, folder);
      },
    });
    planner.sortJobs();
    for (const problem of result.problems) {
      if (problem.target === 'file') fileProblems++;
      report({ rootId: plan.root.id, ...problem });
    }
    unlisted.push(...result.unlisted);
    if (result.aborted) return { found, unlisted, fileProblems, aborted: true };
  }
  return { found, unlisted, fileProblems, aborted: false };
}
