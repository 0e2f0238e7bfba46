/**
 * Private scratch folders of the analysis's processes (the ffmpeg launcher's FIFOs and socket, a
 * worker's window files), named `<prefix><pid>-<random>` after the process that made them, on
 * tmpfs where there is one. A process killed before it could clean up (a cancelled run kills the
 * worker's whole group) leaves its folder behind: the next process to make one with the same
 * prefix removes the folders whose owner no longer runs.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftByGoneProcess } from '../../library/process-exists.js';

/** Removes `base`'s folders named with `prefix` whose owner process is gone; returns their names. */
export function removeStaleFolders(base: string, prefix: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(base)) {
    if (!leftByGoneProcess(name, prefix, false)) continue;
    rmSync(join(base, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * A new folder only this user can enter (mkdtemp makes it 0700), in /dev/shm when that exists and
 * takes it, else in the system's temp folder. Throws when neither does.
 */
export function makePrivateFolder(prefix: string): string {
  const bases = existsSync('/dev/shm') ? ['/dev/shm', tmpdir()] : [tmpdir()];
  let failure: unknown;
  for (const base of bases) {
    try {
      removeStaleFolders(base, prefix);
      return mkdtempSync(join(base, `${prefix}${process.pid}-`));
    } catch (err) {
      failure = err;
    }
  }
  throw failure;
}
