import { constants } from 'node:fs';
import { access, open, realpath, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, sep } from 'node:path';
import { extensionOf } from '../library/audio-extensions.js';
import { contentFingerprint, FINGERPRINT_SPAN } from '../library/fingerprint.js';
import { sameAudio } from './audio-hash.js';
import { editSize, isIdentity } from './edit.js';
import { errnoCode, ioError, TagWriteError } from './errors.js';
import { detectFormat, type FormatId, type GenreFormat } from './formats/index.js';
import { memoryFileSource, openByteSource, readWhole, type ByteSource, type FileByteSource } from './io/byte-source.js';
import { libraryView, type LibraryView } from './library-view.js';
import { locksHeldByOthers } from './io/locks.js';
import { nodeTagFs, type TagFs, type WritableFile } from './io/tag-fs.js';
import { writeEdit } from './io/write-edit.js';
import { tempPathFor } from './temp-files.js';
import { checkSnapshot, readSnapshot, readSnapshotOfBytes, sameGenres, type TagSnapshot } from './verify.js';

/**
 * Writes a genre list into one file without ever leaving it damaged:
 *
 *   refuse read-only, changed-since-scan and locked files
 *   → build the new version in a temporary file beside the original (a reflinked copy with the
 *     tag bytes rewritten, or a streamed copy when the audio moves)
 *   → fsync it
 *   → re-read it with music-metadata, an independent reader: exactly the intended genres, every
 *     other tag, the cover art and the stream format as before
 *   → compare its audio payload with the original's: byte for byte for files read into memory,
 *     by SHA-256 for files too large for that (audio-hash.ts defines the payload per format)
 *   → check the original did not change meanwhile
 *   → rename over the original (atomic) → fsync the folder.
 *
 * Any failure removes the temporary file, leaves the original untouched and throws a
 * TagWriteError whose kind says why. A process killed at any point leaves either the old or the
 * new file plus at most a hidden temporary file, which removeLeftoverTempFiles cleans up.
 *
 * The new version is a new inode: owner, group, mode and (on request) mtime are carried over;
 * extended attributes and ACLs are not (Node cannot copy them on Linux), and of a file with
 * several hard links only the written path gets the new version (the other names keep the old
 * content, which is what seeding torrent clients want).
 *
 * Why hand-written format writers rather than node-taglib-sharp or taglib-wasm (see
 * formats/*.ts): both add an ID3v1 tag to MP3s that had none, taglib-wasm needs Node ≥ 22.6,
 * node-taglib-sharp grows files by shifting them a few bytes per system call (seconds per Ogg save;
 * formats/ogg.ts has the measurement), both edit the file in place (no copy to verify first), and
 * neither lets us state "nothing but the genre field changes" — ours copy every other frame, item,
 * block and atom byte for byte, which is what makes the checks above meaningful.
 */
export interface SafeWriteOptions {
  /**
   * Size, mtime (ms, truncated) and, when known, the content fingerprint the scan recorded; the
   * write is refused if the file differs in any of them.
   */
  readonly expected?: { readonly size: number; readonly mtimeMs: number; readonly fingerprint?: string | null };
  /** Give the new version the original's modification time. */
  readonly keepMtime?: boolean;
  /**
   * Run every check and plan the new version, but write nothing: the result says what would
   * change (`sizeAfter` is the planned size).
   */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  /** File-system layer for building and installing the new version (tests inject failures). */
  readonly fs?: TagFs;
  /** Files up to this many bytes are read whole into memory (default 96 MiB); larger ones stream. */
  readonly memoryLimit?: number;
  /**
   * Called once the new version is verified, just before it replaces the original: the journal
   * records the pending change here so a crash between rename and bookkeeping is recoverable.
   */
  readonly beforeCommit?: (prepared: PreparedWrite) => void | Promise<void>;
  /**
   * Real paths of the library folders: a file whose real path (symlinks followed) lies outside
   * all of them is refused, so a link in the library cannot get a file elsewhere written.
   */
  readonly insideFolders?: readonly string[];
  /**
   * Told the name of the temporary copy just before it is created and once it is gone (renamed
   * over the original or deleted), so a journal can record exactly which files a kill leaves.
   */
  readonly tempFiles?: { created(path: string): void; gone(path: string): void };
}

export interface PreparedWrite {
  readonly path: string;
  readonly format: FormatId;
  readonly genresBefore: readonly string[];
  readonly genresAfter: readonly string[];
  readonly sizeBefore: number;
  readonly mtimeMsBefore: number;
}

export interface SafeWriteResult extends PreparedWrite {
  /** False when the file already carried exactly these genres (nothing was written). */
  readonly changed: boolean;
  readonly sizeAfter: number;
  readonly mtimeMsAfter: number;
  /** How the library scanner sees the new version (null when nothing was written). */
  readonly library: LibraryView | null;
}

/**
 * Files up to this size are read whole: one read, and parsing, planning and the audio comparison
 * work on memory. Larger files (long lossless recordings) are streamed and compared by hash.
 */
const MEMORY_LIMIT = 96 * 2 ** 20;

/** Genre values must survive every format's encoding and read back unchanged. */
export function validateGenres(genres: readonly string[]): void {
  const seen = new Set<string>();
  for (const g of genres) {
    if (g.trim() !== g || g === '')
      throw new TagWriteError('unsupported', `genre ${JSON.stringify(g)} is empty or has surrounding spaces`);
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(g))
      throw new TagWriteError('unsupported', `genre ${JSON.stringify(g)} contains control characters`);
    if (seen.has(g)) throw new TagWriteError('unsupported', `genre ${JSON.stringify(g)} is listed twice`);
    seen.add(g);
  }
}

function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw new TagWriteError('cancelled', `${path}: cancelled before the file was replaced`);
}

async function statOriginal(path: string): Promise<Stats> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    throw ioError(err, path, 'read its status');
  }
  if (!st.isFile()) throw new TagWriteError('not-found', `${path}: not a regular file`);
  return st;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
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
  const dir = dirname(path);
  // The same for the folder: as root, access() says yes to a folder without write bits, and
  // replacing the file creates and renames entries in it.
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

/** Same size and mtime but other bytes at either end: edited with its timestamps put back. */
async function checkFingerprint(source: ByteSource, path: string, expected: string | null | undefined): Promise<void> {
  if (!expected) return;
  const head = await source.readAvailable(0, FINGERPRINT_SPAN);
  const tail = await source.readAvailable(Math.max(0, source.size - FINGERPRINT_SPAN), FINGERPRINT_SPAN);
  if (contentFingerprint(source.size, head, tail) !== expected)
    throw new TagWriteError(
      'changed-since-scan',
      `${path}: its content changed since the last scan (size and mtime are the same); rescan first`,
    );
}

function checkNotLocked(path: string, st: Stats): void {
  const locks = locksHeldByOthers(st.dev, st.ino);
  if (locks.length > 0) {
    const who = locks.map((l) => `${l.type} ${l.access} lock by process ${l.pid}`).join(', ');
    throw new TagWriteError('locked', `${path}: in use by another program (${who})`);
  }
}

/**
 * Opens the original for writing (where Windows reports a file another program holds without
 * sharing) and reads it: whole into memory up to MEMORY_LIMIT, else as a streaming source.
 */
async function openOriginal(
  target: string,
  path: string,
  size: number,
  inMemory: boolean,
): Promise<FileByteSource & { readonly bytes?: Buffer }> {
  let handle: FileHandle;
  try {
    handle = await open(target, 'r+');
  } catch (err) {
    throw ioError(err, path, 'open it for writing');
  }
  try {
    if (inMemory) return memoryFileSource(target, await readWhole(handle, size));
  } catch (err) {
    throw ioError(err, path, 'read it');
  } finally {
    await handle.close();
  }
  try {
    return await openByteSource(target);
  } catch (err) {
    throw ioError(err, path, 'open it');
  }
}

/** Copies owner, group and mode of the original onto the new version before it replaces it. */
async function copyOwnership(file: WritableFile, st: Stats, path: string): Promise<void> {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid !== undefined && gid !== undefined && (st.uid !== uid || st.gid !== gid)) {
    try {
      await file.chown(st.uid, st.gid);
    } catch (err) {
      throw new TagWriteError(
        'ownership',
        `${path}: belongs to user ${st.uid}, group ${st.gid}; replacing it would change its owner and we may not set it back`,
        { cause: err },
      );
    }
  }
  await file.chmod(st.mode & 0o7777);
}

interface VerifyContext {
  readonly path: string;
  readonly source: ByteSource;
  readonly before: TagSnapshot;
  readonly format: GenreFormat;
  readonly genres: readonly string[];
  readonly expectedSize: number;
  readonly extension: string;
}

/**
 * Reads the new version back: size as planned, exactly the intended genres and everything else
 * as before according to music-metadata, the same audio payload. Returns the library's view of it.
 */
async function verifyNewVersion(
  tempPath: string,
  inMemory: boolean,
  ctx: VerifyContext,
): Promise<{ library: LibraryView; stats: Stats }> {
  const handle = await open(tempPath, 'r');
  let copy: FileByteSource & { readonly bytes?: Buffer };
  let stats: Stats;
  try {
    stats = await handle.stat();
    if (stats.size !== ctx.expectedSize) {
      throw new TagWriteError(
        'io',
        `${ctx.path}: the new version has ${stats.size} bytes instead of ${ctx.expectedSize}`,
      );
    }
    copy = inMemory ? memoryFileSource(tempPath, await readWhole(handle, stats.size)) : await openByteSource(tempPath);
  } finally {
    await handle.close();
  }
  try {
    const after = copy.bytes
      ? await readSnapshotOfBytes(tempPath, copy.bytes, ctx.extension)
      : await readSnapshot(tempPath, ctx.extension);
    checkSnapshot(ctx.before, after, ctx.genres);
    if (!(await sameAudio(ctx.format, ctx.source, copy, inMemory))) {
      throw new TagWriteError(
        'audio-changed',
        `${ctx.path}: the audio payload differs in the new version; not installed`,
      );
    }
    const head = await copy.readAvailable(0, FINGERPRINT_SPAN);
    const tail = await copy.readAvailable(Math.max(0, copy.size - FINGERPRINT_SPAN), FINGERPRINT_SPAN);
    return { library: libraryView(after.metadata, copy.size, head, tail), stats };
  } finally {
    await copy.close();
  }
}

/** Errors from malformed data (out-of-range reads) are damage in the file; the rest I/O. */
function asTagWriteError(err: unknown, path: string): TagWriteError {
  if (err instanceof TagWriteError) return err;
  if (errnoCode(err) !== undefined) return ioError(err, path, 'write');
  if (err instanceof RangeError)
    return new TagWriteError('corrupt', `${path}: unreadable file structure (${err.message})`, { cause: err });
  return new TagWriteError('io', `${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

export async function safeWriteGenres(
  path: string,
  genres: readonly string[],
  options: SafeWriteOptions = {},
): Promise<SafeWriteResult> {
  validateGenres(genres);
  const fs = options.fs ?? nodeTagFs;
  let target: string;
  try {
    // Symlinks: write the file they point to (replacing the link by a file would break it).
    target = await realpath(path);
  } catch (err) {
    throw ioError(err, path, 'resolve its path');
  }
  const folders = options.insideFolders;
  if (folders && !folders.some((folder) => target.startsWith(folder.endsWith(sep) ? folder : folder + sep)))
    throw new TagWriteError('outside-library', `${path}: leads to ${target}, outside the library folders`);
  const st = await statOriginal(target);
  const expected = options.expected;
  if (expected && (expected.size !== st.size || expected.mtimeMs !== Math.trunc(st.mtimeMs))) {
    throw new TagWriteError(
      'changed-since-scan',
      `${path}: changed since the last scan (size ${expected.size} → ${st.size}, mtime ${new Date(expected.mtimeMs).toISOString()} → ${st.mtime.toISOString()}); rescan first`,
    );
  }
  await checkWritable(target, st);
  checkNotLocked(target, st);
  throwIfAborted(options.signal, path);

  const inMemory = st.size <= (options.memoryLimit ?? MEMORY_LIMIT);
  const source = await openOriginal(target, path, st.size, inMemory);
  let tempPath: string | undefined;
  try {
    await checkFingerprint(source, path, expected?.fingerprint);
    const format = await detectFormat(source);
    const extension = extensionOf(target);
    const before = source.bytes
      ? await readSnapshotOfBytes(target, source.bytes, extension)
      : await readSnapshot(target, extension);
    const base = {
      path,
      format: format.id,
      genresBefore: before.genres,
      genresAfter: [...genres],
      sizeBefore: st.size,
      mtimeMsBefore: Math.trunc(st.mtimeMs),
    };
    if (sameGenres(before.genres, genres)) {
      return { ...base, changed: false, sizeAfter: st.size, mtimeMsAfter: Math.trunc(st.mtimeMs), library: null };
    }
    const edit = await format.planGenres(source, genres);
    if (isIdentity(edit, source.size)) {
      throw new TagWriteError(
        'verify-failed',
        `${path}: the reader sees ${JSON.stringify(before.genres)} but the ${format.id} genre field already holds the new value`,
      );
    }
    if (options.dryRun) {
      return { ...base, changed: true, sizeAfter: editSize(edit), mtimeMsAfter: Math.trunc(st.mtimeMs), library: null };
    }
    throwIfAborted(options.signal, path);

    tempPath = tempPathFor(target);
    options.tempFiles?.created(tempPath);
    let file: WritableFile | undefined;
    try {
      file = await writeEdit(fs, source, edit, tempPath, st.mode & 0o777);
      await copyOwnership(file, st, path);
      if (options.keepMtime) await file.utimes(st.atime, st.mtime);
      await file.sync();
    } catch (err) {
      throw ioError(err, path, 'write the new version');
    } finally {
      await file?.close().catch(() => undefined);
    }

    // Verify what is on disk, read back through the file system, not what we meant to write.
    const { library, stats: written } = await verifyNewVersion(tempPath, inMemory, {
      path,
      source,
      before,
      format,
      genres,
      expectedSize: editSize(edit),
      extension,
    });

    throwIfAborted(options.signal, path);
    if (!sameFile(st, await statOriginal(target))) {
      throw new TagWriteError(
        'changed-during-write',
        `${path}: another program changed the file while the new version was prepared`,
      );
    }
    const prepared: PreparedWrite = base;
    await options.beforeCommit?.(prepared);
    try {
      await fs.rename(tempPath, target);
    } catch (err) {
      throw ioError(err, path, 'replace the original');
    }
    options.tempFiles?.gone(tempPath);
    tempPath = undefined;
    try {
      await fs.syncDirectory(dirname(target));
    } catch (err) {
      // The rename happened; only its durability across a power cut is in doubt. Report it
      // without claiming the write failed.
      process.emitWarning(`${path}: could not fsync the folder after replacing the file: ${(err as Error).message}`);
    }
    // The rename keeps size and mtime: the new version's stats are the file's now.
    return { ...prepared, changed: true, sizeAfter: written.size, mtimeMsAfter: Math.trunc(written.mtimeMs), library };
  } catch (err) {
    throw asTagWriteError(err, path);
  } finally {
    await source.close().catch(() => undefined);
    if (tempPath) {
      const temp = tempPath;
      await fs.unlink(temp).then(
        () => options.tempFiles?.gone(temp),
        (err: unknown) => (errnoCode(err) === 'ENOENT' ? options.tempFiles?.gone(temp) : undefined),
      );
    }
  }
}
