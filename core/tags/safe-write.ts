import { extensionOf } from '../library/audio-extensions.js';
import { buildNewVersion } from './build-new-version.js';
import { editSize, isIdentity, type FileEdit } from './edit.js';
import { asTagWriteError, TagWriteError } from './errors.js';
import { detectFormat, type FormatId, type GenreFormat } from './formats/index.js';
import { nodeTagFs, type TagFs } from './io/tag-fs.js';
import { discardTempFile, installNewVersion, type TempFileListener } from './install-new-version.js';
import type { LibraryView } from './library-view.js';
import { MEMORY_LIMIT, openOriginal, snapshotOf, type LoadedFile } from './loaded-file.js';
import {
  checkFingerprint,
  checkOriginal,
  checkUnchangedDuringWrite,
  throwIfAborted,
  type CheckedOriginal,
  type ScannedState,
} from './original-checks.js';
import { tempPathFor } from './temp-files.js';
import { validateGenres } from './validate-genres.js';
import { sameGenres, type TagSnapshot } from './verify.js';
import { verifyNewVersion } from './verify-new-version.js';

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
  readonly expected?: ScannedState;
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
  readonly tempFiles?: TempFileListener;
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

/** What the write would change, planned against the original's current content. */
interface WritePlan {
  readonly prepared: PreparedWrite;
  readonly before: TagSnapshot;
  readonly format: GenreFormat;
  readonly extension: string;
  /** Null when the file already carries exactly these genres. */
  readonly edit: FileEdit | null;
}

export async function safeWriteGenres(
  path: string,
  genres: readonly string[],
  options: SafeWriteOptions = {},
): Promise<SafeWriteResult> {
  validateGenres(genres);
  const original = await checkOriginal(path, options);
  const inMemory = original.st.size <= (options.memoryLimit ?? MEMORY_LIMIT);
  const source = await openOriginal(original.target, path, original.st.size, inMemory);
  const fs = options.fs ?? nodeTagFs;
  let tempPath: string | undefined;
  try {
    await checkFingerprint(source, path, options.expected?.fingerprint);
    const plan = await planWrite(source, path, genres, original);
    if (!plan.edit || options.dryRun) return notWritten(plan, original.st.size);
    throwIfAborted(options.signal, path);
    tempPath = tempPathFor(original.target);
    options.tempFiles?.created(tempPath);
    const result = await replaceWithNewVersion(
      fs,
      source,
      { ...plan, edit: plan.edit },
      tempPath,
      original,
      inMemory,
      options,
    );
    tempPath = undefined;
    return result;
  } catch (err) {
    throw asTagWriteError(err, path);
  } finally {
    await source.close().catch(() => undefined);
    if (tempPath) await discardTempFile(fs, tempPath, options.tempFiles);
  }
}

/** The result of a write that stopped before building a new version: unchanged, or a dry run. */
function notWritten({ prepared, edit }: WritePlan, size: number): SafeWriteResult {
  const sizeAfter = edit ? editSize(edit) : size;
  return { ...prepared, changed: edit !== null, sizeAfter, mtimeMsAfter: prepared.mtimeMsBefore, library: null };
}

/** Reads the original's tags and plans the edit; refuses a plan that would change nothing. */
async function planWrite(
  source: LoadedFile,
  path: string,
  genres: readonly string[],
  { target, st }: CheckedOriginal,
): Promise<WritePlan> {
  const format = await detectFormat(source);
  const extension = extensionOf(target);
  const before = await snapshotOf(target, source, extension);
  const prepared: PreparedWrite = {
    path,
    format: format.id,
    genresBefore: before.genres,
    genresAfter: [...genres],
    sizeBefore: st.size,
    mtimeMsBefore: Math.trunc(st.mtimeMs),
  };
  if (sameGenres(before.genres, genres)) return { prepared, before, format, extension, edit: null };
  const edit = await format.planGenres(source, genres);
  if (isIdentity(edit, source.size)) {
    throw new TagWriteError(
      'verify-failed',
      `${path}: the reader sees ${JSON.stringify(before.genres)} but the ${format.id} genre field already holds the new value`,
    );
  }
  return { prepared, before, format, extension, edit };
}

/**
 * Builds the new version as `tempPath`, verifies what is on disk (read back through the file
 * system, not what we meant to write), and installs it if the original did not change meanwhile.
 */
async function replaceWithNewVersion(
  fs: TagFs,
  source: LoadedFile,
  plan: WritePlan & { readonly edit: FileEdit },
  tempPath: string,
  original: CheckedOriginal,
  inMemory: boolean,
  options: SafeWriteOptions,
): Promise<SafeWriteResult> {
  const { prepared, edit } = plan;
  const { target, st } = original;
  await buildNewVersion(fs, source, edit, tempPath, { path: prepared.path, st, keepMtime: options.keepMtime === true });
  const { library, stats: written } = await verifyNewVersion(tempPath, inMemory, {
    path: prepared.path,
    source,
    before: plan.before,
    format: plan.format,
    genres: prepared.genresAfter,
    expectedSize: editSize(edit),
    extension: plan.extension,
  });
  throwIfAborted(options.signal, prepared.path);
  await checkUnchangedDuringWrite(target, prepared.path, st);
  await options.beforeCommit?.(prepared);
  await installNewVersion(fs, tempPath, target, prepared.path, options.tempFiles);
  // The rename keeps size and mtime: the new version's stats are the file's now.
  return { ...prepared, changed: true, sizeAfter: written.size, mtimeMsAfter: Math.trunc(written.mtimeMs), library };
}
