import { randomBytes } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { errnoCode } from './errors.js';

/**
 * Temporary files of the safe-write pipeline: hidden, in the same folder as the original (so
 * the final rename is atomic and never crosses file systems), named after it, and ending in its
 * extension so a reader picking its parser by name treats the copy like the original.
 */
const MARKER = '.genrewise-tmp-';
const TEMP_NAME = /^\..*\.genrewise-tmp-[0-9a-z]{10}(\.[^.]*)?$/;

/** File names may hold 255 bytes on every file system we run on. */
const NAME_MAX_BYTES = 255;

/** `text` cut to at most `maxBytes` UTF-8 bytes without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}

export function tempPathFor(path: string): string {
  const name = basename(path);
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0').slice(-10);
  const suffix = `${MARKER}${random}${extname(name)}`;
  // A long name plus the suffix would exceed the limit: shorten the copied name, not the suffix.
  const stem = truncateUtf8(name, NAME_MAX_BYTES - 1 - Buffer.byteLength(suffix));
  return join(dirname(path), `.${stem}${suffix}`);
}

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * Removes leftover temporary files in `folders` (from a batch that was killed). Called at the
 * start of every batch; only names that match our own pattern exactly are touched.
 */
export async function removeLeftoverTempFiles(folders: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of new Set(folders)) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!isTempName(name)) continue;
      const path = join(folder, name);
      try {
        await unlink(path);
        removed.push(path);
      } catch (err) {
        // Gone already, or a folder we may not write to (then we cannot have written there either).
        const code = errnoCode(err);
        if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw err;
      }
    }
  }
  return removed;
}
