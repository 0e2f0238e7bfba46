import { constants } from 'node:fs';
import { copyFile, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { errnoCode } from '../errors.js';

/**
 * The file-system operations the safe-write pipeline uses to build and install the new version.
 * Injectable so tests can make a write fail the way a full disk does (ENOSPC halfway through a
 * write, or at fsync) without needing a real full disk.
 */
export interface WritableFile {
  /** Writes all of `data` at `position`. */
  write(data: Uint8Array, position: number): Promise<void>;
  truncate(length: number): Promise<void>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
  utimes(atime: Date, mtime: Date): Promise<void>;
  close(): Promise<void>;
}

export interface TagFs {
  /** Creates `path`, failing if it exists. */
  createExclusive(path: string, mode: number): Promise<WritableFile>;
  /** Copies `from` to a new file `to` (reflink where the file system can), failing if `to` exists. */
  cloneFile(from: string, to: string): Promise<void>;
  openForWrite(path: string): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Makes a rename in `dir` durable. */
  syncDirectory(dir: string): Promise<void>;
}

class HandleFile implements WritableFile {
  constructor(private readonly handle: FileHandle) {}
  async write(data: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, position + done);
      done += bytesWritten;
    }
  }
  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }
  sync(): Promise<void> {
    return this.handle.sync();
  }
  chmod(mode: number): Promise<void> {
    return this.handle.chmod(mode);
  }
  chown(uid: number, gid: number): Promise<void> {
    return this.handle.chown(uid, gid);
  }
  utimes(atime: Date, mtime: Date): Promise<void> {
    return this.handle.utimes(atime, mtime);
  }
  close(): Promise<void> {
    return this.handle.close();
  }
}

export const nodeTagFs: TagFs = {
  async createExclusive(path, mode) {
    return new HandleFile(await open(path, 'wx', mode));
  },
  cloneFile(from, to) {
    return copyFile(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  },
  async openForWrite(path) {
    return new HandleFile(await open(path, 'r+'));
  },
  rename,
  unlink,
  async syncDirectory(dir) {
    let handle: FileHandle | undefined;
    try {
      handle = await open(dir, 'r');
      await handle.sync();
    } catch (err) {
      // Windows cannot open or fsync a directory; its rename is durable through NTFS's journal.
      const code = errnoCode(err);
      if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EACCES' && code !== 'EINVAL') throw err;
    } finally {
      await handle?.close();
    }
  },
};
