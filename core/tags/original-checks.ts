import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, sep } from 'node:path';
import { contentFingerprint } from '../library/fingerprint.js';
import { errnoCode, ioError, TagWriteError } from './errors.js';
import type { ByteSource } from './io/byte-source.js';
import { locksHeldByOthers } from './io/locks.js';
import { fingerprintEnds } from './loaded-file.js';

/**
 * The refusals before a write: files outside the library, changed since the scan, read-only,
 * locked by another program or changed while the new version was prepared are left alone.
 */

/** What the scan recorded of a file: size, mtime (ms, truncated) and, when known, its fingerprint. */
export interface ScannedState {
  readonly size: number;
  readonly mtimeMs: number;
  readonly fingerprint?: string | null;
}

/** The original a write may replace: its real path and its status when the checks passed. */
export interface CheckedOriginal {
  readonly target: string;
  readonly st: Stats;
}

export function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw new TagWriteError('cancelled', `${path}: cancelled before the file was replaced`);
}

/**
 * Runs every check that needs no reading of the content: the real path lies inside the library
 * folders, the file is a regular file unchanged since the scan, writable, and not locked.
 */
export async function checkOriginal(
  path: string,
  options: { insideFolders?: readonly string[]; expected?: ScannedState; signal?: AbortSignal },
): Promise<CheckedOriginal> {
  const target = await resolveTarget(path, options.insideFolders);
  const st = await statOriginal(target);
  if (options.expected) checkUnchangedSinceScan(path, st, options.expected);
  await checkWritable(target, st);
  checkNotLocked(target, st);
  throwIfAborted(options.signal, path);
  return { target, st };
}

/** Symlinks: write the file they point to (replacing the link by a file would break it). */
async function resolveTarget(path: string, folders: readonly string[] | undefined): Promise<string> {
  let target: string;
  try {
    target = await realpath(path);
  } catch (err) {
    throw ioError(err, path, 'resolve its path');
  }
  if (folders && !folders.some((folder) => target.startsWith(folder.endsWith(sep) ? folder : folder + sep)))
    throw new TagWriteError('outside-library', `${path}: leads to ${target}, outside the library folders`);
  return target;
}

export async function statOriginal(path: string): Promise<Stats> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    throw ioError(err, path, 'read its status');
  }
  if (!st.isFile()) throw new TagWriteError('not-found', `${path}: not a regular file`);
  return st;
}

function checkUnchangedSinceScan(path: string, st: Stats, expected: ScannedState): void {
  if (expected.size !== st.size || expected.mtimeMs !== Math.trunc(st.mtimeMs)) {
    throw new TagWriteError(
      'changed-since-scan',
      `${path}: changed since the last scan (size ${expected.size} → ${st.size}, mtime ${new Date(expected.mtimeMs).toISOString()} → ${st.mtime.toISOString()}); rescan first`,
    );
  }
}

async function checkWritable(path: string, st: Stats): Promise<void> {
  // Write bits are checked explicitly: root passes access(W_OK) even on a file marked read-only,
  // and a read-only mark is the user saying "do not touch".
  if ((st.mode & 0o222) === 0) throw new TagWriteError('read-only', `${path}: the file is marked read-only`);
  try {
    await access(path, constants.W_OK);
  } catch (err) {
    throw errnoCode(err) === 'EROFS'
      ? ioError(err, path, 'write')
      : new TagWriteError('read-only', `${path}: no permission to write the file`, { cause: err });
  }
  await checkFolderWritable(path);
}

/**
 * The same for the folder: as root, access() says yes to a folder without write bits, and
 * replacing the file creates and renames entries in it.
 */
async function checkFolderWritable(path: string): Promise<void> {
  const dir = dirname(path);
  const dirMode = (await stat(dir).catch(() => undefined))?.mode;
  if (dirMode !== undefined && (dirMode & 0o222) === 0)
    throw new TagWriteError('read-only', `${path}: the folder ${dir} is marked read-only`);
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new TagWriteError(
      'read-only',
      `${path}: no permission to create files in ${dir} (needed for the safe copy)`,
      { cause: err },
    );
  }
}

function checkNotLocked(path: string, st: Stats): void {
  const locks = locksHeldByOthers(st.dev, st.ino);
  if (locks.length > 0) {
    const who = locks.map((l) => `${l.type} ${l.access} lock by process ${l.pid}`).join(', ');
    throw new TagWriteError('locked', `${path}: in use by another program (${who})`);
  }
}

/** Same size and mtime but other bytes at either end: edited with its timestamps put back. */
export async function checkFingerprint(
  source: ByteSource,
  path: string,
  expected: string | null | undefined,
): Promise<void> {
  if (!expected) return;
  const { head, tail } = await fingerprintEnds(source);
  if (contentFingerprint(source.size, head, tail) !== expected)
    throw new TagWriteError(
      'changed-since-scan',
      `${path}: its content changed since the last scan (size and mtime are the same); rescan first`,
    );
}

/** Refuses to replace an original another program changed while the new version was prepared. */
export async function checkUnchangedDuringWrite(target: string, path: string, st: Stats): Promise<void> {
  const now = await statOriginal(target);
  const same = st.ino === now.ino && st.dev === now.dev && st.size === now.size && st.mtimeMs === now.mtimeMs;
  if (!same) {
    throw new TagWriteError(
      'changed-during-write',
      `${path}: another program changed the file while the new version was prepared`,
    );
  }
}
