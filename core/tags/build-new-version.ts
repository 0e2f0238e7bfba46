import type { Stats } from 'node:fs';
import type { FileEdit } from './edit.js';
import { ioError, TagWriteError } from './errors.js';
import type { FileByteSource } from './io/byte-source.js';
import type { TagFs, WritableFile } from './io/tag-fs.js';
import { writeEdit } from './io/write-edit.js';

/**
 * Builds the new version of `source` as `tempPath` (a reflinked copy with the tag bytes
 * rewritten, or a streamed copy when the audio moves), with the original's owner, group, mode
 * and, on request, times, and fsyncs it.
 */
export async function buildNewVersion(
  fs: TagFs,
  source: FileByteSource,
  edit: FileEdit,
  tempPath: string,
  original: { readonly path: string; readonly st: Stats; readonly keepMtime: boolean },
): Promise<void> {
  const { path, st } = original;
  let file: WritableFile | undefined;
  try {
    file = await writeEdit(fs, source, edit, tempPath, st.mode & 0o777);
    await copyOwnership(file, st, path);
    if (original.keepMtime) await file.utimes(st.atime, st.mtime);
    await file.sync();
  } catch (err) {
    throw ioError(err, path, 'write the new version');
  } finally {
    await file?.close().catch(() => undefined);
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
