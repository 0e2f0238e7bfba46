import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { leftByGoneProcess } from '../library/process-exists.js';

/** Temp files start with this, then the writer's pid, so a later run can tell crashed leftovers. */
const TEMP_PREFIX = '.genrewise-tmp-';

/**
 * Replaces `target` with `content` so that a reader (a music player, a sync client) or a crash
 * at any moment sees either the old file or the complete new one: write a temp file in the same
 * folder, fsync it, rename it over the target, fsync the folder.
 */
export function writeFileAtomic(target: string, content: string): void {
  const dir = dirname(target);
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${basename(target)}`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    try {
      writeSync(fd, Buffer.from(content, 'utf8'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or never created: nothing to clean.
    }
    throw err;
  }
  syncDirectory(dir);
}

/** Makes a rename or unlink durable. Windows cannot open folders; there the rename is enough. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on Windows, EINVAL on some network file systems: best effort by design.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Deletes temp files a killed export left in `dir`. Files of a process still running (another
 * export into the same folder) are left alone.
 */
export function removeStaleTempFiles(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    // A temp name without a pid is an older export's: left behind too.
    if (!leftByGoneProcess(name, TEMP_PREFIX, true)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already or not ours to delete; the next run tries again.
    }
  }
  return removed;
}
