import { dirname } from 'node:path';
import { errnoCode, ioError } from './errors.js';
import type { TagFs } from './io/tag-fs.js';

/** Listens for the temporary copy's creation and removal (a journal records both). */
export interface TempFileListener {
  created(path: string): void;
  gone(path: string): void;
}

/** Renames the verified new version over the original (atomic), then fsyncs the folder. */
export async function installNewVersion(
  fs: TagFs,
  tempPath: string,
  target: string,
  path: string,
  tempFiles: TempFileListener | undefined,
): Promise<void> {
  try {
    await fs.rename(tempPath, target);
  } catch (err) {
    throw ioError(err, path, 'replace the original');
  }
  tempFiles?.gone(tempPath);
  try {
    await fs.syncDirectory(dirname(target));
  } catch (err) {
    // The rename happened; only its durability across a power cut is in doubt. Report it
    // without claiming the write failed.
    process.emitWarning(`${path}: could not fsync the folder after replacing the file: ${(err as Error).message}`);
  }
}

/** Removes a temporary copy that was not installed; one already gone counts as removed. */
export async function discardTempFile(
  fs: TagFs,
  tempPath: string,
  tempFiles: TempFileListener | undefined,
): Promise<void> {
  await fs.unlink(tempPath).then(
    () => tempFiles?.gone(tempPath),
    (err: unknown) => (errnoCode(err) === 'ENOENT' ? tempFiles?.gone(tempPath) : undefined),
  );
}
