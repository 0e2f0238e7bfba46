import { randomBytes } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { isTempName, TEMP_MARKER } from '../library/temp-names.js';
import { errnoCode } from './errors.js';
import { forgetTempFile, listTempFiles } from './journal.js';

export { isTempName } from '../library/temp-names.js';

/**
 * Temporary files of the safe-write pipeline: hidden, in the same folder as the original (so
 * the final rename is atomic and never crosses file systems), named after it, and ending in its
 * extension so a reader picking its parser by name treats the copy like the original.
 */
const MARKER = TEMP_MARKER;

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

/**
 * Removes the temporary files a killed batch left behind: exactly those the journal recorded
 * before creating them (never a file merely named like one, which may be a real track). Called
 * at the start of every batch.
 */
export async function removeLeftoverTempFiles(db: Database): Promise<string[]> {
  const removed: string[] = [];
  for (const path of listTempFiles(db)) {
    // The journal names only our copies; the name check guards against a damaged journal row.
    if (!isTempName(basename(path))) {
      forgetTempFile(db, path);
      continue;
    }
    try {
      await unlink(path);
      removed.push(path);
    } catch (err) {
      // Gone already, or a folder we may not write to (then we cannot have written there either).
      const code = errnoCode(err);
      if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw err;
    }
    forgetTempFile(db, path);
  }
  return removed;
}
