import { realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join, sep } from 'node:path';
import { AUDIO_EXTENSIONS, extensionOf, hasAudioExtensionBytes } from './audio-extensions.js';
import { isWithin } from './roots.js';
import { isTempName } from './temp-names.js';
import { isSkippedName } from './skip-names.js';
import { describeIoError, type ScanErrorKind } from './scan-error-kind.js';
import { AdaptiveWalkFs, type WalkFs } from './walk-fs.js';

/** An audio-extension file found under a root, with what the incremental scan compares. */
export interface WalkedFile {
  readonly path: string;
  readonly size: number;
  /** Whole milliseconds: what the library stores and compares. */
  readonly mtimeMs: number;
  readonly extension: string;
}

/** Something under the root that could not be walked or addressed. */
export interface WalkProblem {
  readonly path: string;
  readonly kind: ScanErrorKind;
  readonly message: string;
  /** 'file' problems concern an audio-extension file and count as file errors. */
  readonly target: 'file' | 'folder';
}

/**
 * One listed folder, handed to `onFolder` as soon as it is walked: what a scan compares with the
 * library's rows under it, folder by folder, so neither side is ever held whole.
 */
export interface WalkedFolder {
  readonly path: string;
  /** Audio files directly in the folder (through symbolic links too), sorted by path. */
  readonly files: WalkedFile[];
  /**
   * Entries whose contents are some other folder's business: subfolders (walked on their own, or
   * unlistable: their tracks are then left as they are) and links to folders.
   */
  readonly subfolders: string[];
}

export interface WalkResult {
  /** Sorted by path, so scans process files in a stable order (empty when `onFolder` is given). */
  readonly files: WalkedFile[];
  readonly problems: WalkProblem[];
  /**
   * Folders whose contents could not be listed. What the library knows under them is kept as it
   * is: a folder that is unreadable today has not lost its files.
   */
  readonly unlisted: string[];
  readonly aborted: boolean;
}

export interface WalkOptions {
  readonly signal?: AbortSignal;
  /** File-system calls in flight at once (when they are asynchronous: see walk-fs.ts). */
  readonly concurrency?: number;
  /** How folders are listed and files stat'ed; default: AdaptiveWalkFs. */
  readonly fs?: WalkFs;
  /** Called now and then with the number of audio files found so far. */
  readonly onFound?: (count: number) => void;
  /** Whether a file or folder (absolute path) is one the user excluded (exclude-globs.ts): not entered, not listed. */
  readonly exclude?: (path: string, isDir: boolean) => boolean;
  /**
   * Takes each folder's files as it is walked, instead of the result's `files`. A folder that is
   * not walked after all (a link found to loop, lead outside, or repeat a folder) comes as one
   * with no files and no subfolders: what was known under it is missing.
   */
  readonly onFolder?: (folder: WalkedFolder) => void;
}

interface FolderJob {
  readonly path: string;
  /** dev:ino of every enclosing folder, to tell a loop from a second link to the same folder. */
  readonly ancestors: readonly string[];
  /** Reached through a symbolic link (stat already done by the caller). */
  readonly key?: string;
}

const folderKey = (s: Stats): string => `${s.dev}:${s.ino}`;

/**
 * Lists every file with an audio extension under `root`, following symbolic links. Real folders
 * are walked before linked ones, so a file reachable both ways is recorded under its real path
 * whatever the timing. A link back into an enclosing folder (a loop) or to a folder already
 * walked is recorded as a 'loop' problem and not followed; a link to a folder whose real path lies
 * outside the root's is an 'outside' problem and not followed either (a link to another tree would
 * count it twice, or pull in what is not music). Names that are not valid UTF-8 are
 * recorded as 'bad-name' problems; the scan cannot store such paths as text.
 */
export async function walkFolder(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const fs = options.fs ?? new AdaptiveWalkFs(options.concurrency ?? 32);
  const files: WalkedFile[] = [];
  const problems: WalkProblem[] = [];
  const unlisted: string[] = [];
  const visited = new Map<string, string>();
  const queue: FolderJob[] = [{ path: root, ancestors: [] }];
  let linked: { path: string; ancestors: readonly string[] }[] = [];
  let lastReport = 0;
  const realRoot = await realpath(root).catch(() => root);
  const excluded = options.exclude ?? (() => false);
  let count = 0;
  const onFolder =
    options.onFolder ??
    ((folder: WalkedFolder): void => {
      for (const file of folder.files) files.push(file);
    });
  const emptyFolder = (path: string): void => onFolder({ path, files: [], subfolders: [] });

  const found = (sink: WalkedFile[], file: WalkedFile): void => {
    sink.push(file);
    count++;
    if (options.onFound && count - lastReport >= 200) {
      lastReport = count;
      options.onFound(count);
    }
  };

  const visitFolder = async (job: FolderJob): Promise<void> => {
    let key = job.key;
    if (key === undefined) {
      try {
        key = folderKey(await fs.stat(job.path));
      } catch (err) {
        unlisted.push(job.path);
        problems.push({ path: job.path, target: 'folder', ...describeIoError(err) });
        return;
      }
      if (visited.has(key)) {
        emptyFolder(job.path);
        return;
      }
      visited.set(key, job.path);
    }
    let entries: Dirent[] | Dirent<Buffer>[];
    try {
      entries = await listFolder(fs, job.path);
    } catch (err) {
      unlisted.push(job.path);
      const { kind, message } = describeIoError(err);
      problems.push({ path: job.path, target: 'folder', kind, message: `cannot list folder: ${message}` });
      return;
    }
    const ancestors = [...job.ancestors, key];
    const links: Promise<void>[] = [];
    const regular: string[] = [];
    const folderFiles: WalkedFile[] = [];
    const subfolders: string[] = [];
    for (const entry of entries) {
      const raw = entry.name;
      const text = typeof raw === 'string';
      const isDir = entry.isDirectory();
      const audio = text ? hasAudioExtensionText(raw) : hasAudioExtensionBytes(raw);
      if (!isDir && !audio && !entry.isSymbolicLink()) continue;
      // Hidden files and folders (macOS `._*`, `.Trashes`) and system litter: not music, not errors.
      if (isSkippedName(text ? raw : raw.toString('latin1'))) continue;
      if (!text && !isUtf8(raw)) {
        if (isDir || audio) {
          const shown = join(job.path, raw.toString('utf8'));
          problems.push(badName(shown, isDir));
          if (isDir) {
            unlisted.push(shown);
            subfolders.push(shown);
          }
        }
        continue;
      }
      // A temporary copy left by a killed tag write is not a track (the writer removes it).
      const name = text ? raw : raw.toString('utf8');
      if (!isDir && isTempName(name)) continue;
      // A listed name has no separator and is never . or ..: no need for path.join's normalising.
      const path = job.path.endsWith(sep) ? job.path + name : job.path + sep + name;
      if (excluded(path, isDir)) continue;
      if (isDir) {
        queue.push({ path, ancestors });
        subfolders.push(path);
      } else if (entry.isSymbolicLink()) {
        links.push(visitLink(path, audio, ancestors, folderFiles, subfolders));
      } else if (audio && entry.isFile()) {
        regular.push(path);
      } else if (audio) {
        problems.push({
          path,
          target: 'file',
          kind: 'unreadable',
          message: 'not a regular file (device, pipe or socket)',
        });
      }
    }
    if (regular.length > 0) {
      const stats = await fs.statEach(regular);
      regular.forEach((path, i) => {
        const s = stats[i] as Stats | Error;
        if (s instanceof Error) problems.push({ path, target: 'file', ...describeIoError(s) });
        else found(folderFiles, { path, size: s.size, mtimeMs: Math.trunc(s.mtimeMs), extension: extensionOf(path) });
      });
    }
    await Promise.all(links);
    folderFiles.sort(byPath);
    onFolder({ path: job.path, files: folderFiles, subfolders });
  };

  const visitLink = async (
    path: string,
    audio: boolean,
    ancestors: readonly string[],
    sink: WalkedFile[],
    subfolders: string[],
  ): Promise<void> => {
    let target: Stats;
    try {
      target = await fs.stat(path);
    } catch (err) {
      // A dangling or looping link matters only if it claims to be audio.
      if (audio) problems.push({ path, target: 'file', ...describeIoError(err) });
      return;
    }
    if (target.isDirectory()) {
      linked.push({ path, ancestors });
      subfolders.push(path);
    } else if (audio && target.isFile())
      found(sink, { path, size: target.size, mtimeMs: Math.trunc(target.mtimeMs), extension: extensionOf(path) });
    else if (audio)
      problems.push({
        path,
        target: 'file',
        kind: 'unreadable',
        message: 'link to something that is not a regular file',
      });
  };

  const resolveLinked = async (): Promise<void> => {
    const batch = linked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    linked = [];
    for (const link of batch) {
      let key: string;
      let real: string;
      try {
        key = folderKey(await stat(link.path));
        real = await realpath(link.path);
      } catch (err) {
        problems.push({ path: link.path, target: 'folder', ...describeIoError(err) });
        emptyFolder(link.path);
        continue;
      }
      if (!isWithin(real, realRoot)) {
        emptyFolder(link.path);
        problems.push({
          path: link.path,
          target: 'folder',
          kind: 'outside',
          message: `symbolic link to ${real}, outside the library folder; not followed (add it as a library folder to scan it)`,
        });
        continue;
      }
      const seenAt = visited.get(key);
      if (link.ancestors.includes(key) || seenAt !== undefined) emptyFolder(link.path);
      if (link.ancestors.includes(key)) {
        problems.push({
          path: link.path,
          target: 'folder',
          kind: 'loop',
          message: `symbolic link loops back to the enclosing folder ${seenAt ?? ''}`.trimEnd(),
        });
      } else if (seenAt !== undefined) {
        problems.push({
          path: link.path,
          target: 'folder',
          kind: 'loop',
          message: `symbolic link to a folder already scanned as ${seenAt}; not scanned twice`,
        });
      } else {
        visited.set(key, link.path);
        queue.push({ path: link.path, ancestors: link.ancestors, key });
      }
    }
  };

  while (!options.signal?.aborted && (queue.length > 0 || linked.length > 0)) {
    if (queue.length === 0) {
      await resolveLinked();
      continue;
    }
    // Walk everything queued so far (and what it discovers) with bounded parallelism.
    await drain(
      () => {
        const job = queue.shift();
        return job && !options.signal?.aborted ? job : undefined;
      },
      options.concurrency ?? 32,
      visitFolder,
    );
  }

  files.sort(byPath);
  options.onFound?.(count);
  return { files, problems, unlisted, aborted: options.signal?.aborted ?? false };
}

/**
 * A folder's entries, named as text when every name decodes as UTF-8 (nearly always, and cheaper
 * than a Buffer per name), else as bytes, so a name that is not UTF-8 is told from one that is.
 */
async function listFolder(fs: WalkFs, path: string): Promise<Dirent[] | Dirent<Buffer>[]> {
  if (!fs.readdirText) return fs.readdir(path);
  const entries = await fs.readdirText(path);
  return entries.some((entry) => entry.name.includes('\uFFFD')) ? fs.readdir(path) : entries;
}

/** hasAudioExtensionBytes on a name already decoded: the extension must be ASCII all the same. */
function hasAudioExtensionText(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1 || name.length - dot > 6) return false;
  const ext = name.slice(dot + 1);
  for (let i = 0; i < ext.length; i++) if (ext.charCodeAt(i) >= 0x80) return false;
  return AUDIO_EXTENSIONS.has(ext.toLowerCase());
}

const badName = (path: string, isDir: boolean): WalkProblem => ({
  path,
  target: isDir ? 'folder' : 'file',
  kind: 'bad-name',
  message: isDir
    ? 'folder name is not valid UTF-8; it and everything in it were skipped (rename it to scan it)'
    : 'file name is not valid UTF-8; rename the file to add it to the library',
});

const byPath = (a: WalkedFile, b: WalkedFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Runs `handle` on items pulled from `take` until it returns nothing and all calls finished. */
function drain<T>(take: () => T | undefined, limit: number, handle: (item: T) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let active = 0;
    let failed = false;
    const pump = (): void => {
      while (!failed && active < limit) {
        const item = take();
        if (item === undefined) break;
        active++;
        handle(item).then(
          () => {
            active--;
            pump();
          },
          (err: unknown) => {
            failed = true;
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      }
      if (active === 0 && !failed) resolve();
    };
    pump();
  });
}
