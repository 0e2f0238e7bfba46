import { open } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { sameAudio } from './audio-hash.js';
import { TagWriteError } from './errors.js';
import type { GenreFormat } from './formats/index.js';
import { memoryFileSource, openByteSource, readWhole, type ByteSource } from './io/byte-source.js';
import { libraryView, type LibraryView } from './library-view.js';
import { fingerprintEnds, snapshotOf, type LoadedFile } from './loaded-file.js';
import { checkSnapshot, type TagSnapshot } from './verify.js';

/** What the new version is checked against: the original and the intended change. */
export interface VerifyContext {
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
export async function verifyNewVersion(
  tempPath: string,
  inMemory: boolean,
  ctx: VerifyContext,
): Promise<{ library: LibraryView; stats: Stats }> {
  const { copy, stats } = await readNewVersion(tempPath, inMemory, ctx);
  try {
    const after = await snapshotOf(tempPath, copy, ctx.extension);
    checkSnapshot(ctx.before, after, ctx.genres);
    if (!(await sameAudio(ctx.format, ctx.source, copy, inMemory))) {
      throw new TagWriteError(
        'audio-changed',
        `${ctx.path}: the audio payload differs in the new version; not installed`,
      );
    }
    const { head, tail } = await fingerprintEnds(copy);
    return { library: libraryView(after.metadata, copy.size, head, tail), stats };
  } finally {
    await copy.close();
  }
}

/** Opens the new version as it is on disk, after checking it has the planned size. */
async function readNewVersion(
  tempPath: string,
  inMemory: boolean,
  ctx: VerifyContext,
): Promise<{ copy: LoadedFile; stats: Stats }> {
  const handle = await open(tempPath, 'r');
  try {
    const stats = await handle.stat();
    if (stats.size !== ctx.expectedSize) {
      throw new TagWriteError(
        'io',
        `${ctx.path}: the new version has ${stats.size} bytes instead of ${ctx.expectedSize}`,
      );
    }
    const copy = inMemory
      ? memoryFileSource(tempPath, await readWhole(handle, stats.size))
      : await openByteSource(tempPath);
    return { copy, stats };
  } finally {
    await handle.close();
  }
}
