import { open, type FileHandle } from 'node:fs/promises';
import { TagWriteError } from '../errors.js';

/**
 * Random access to the bytes of the original file. Writers parse headers through it and the
 * pipeline streams unchanged ranges from it, so a 500 MB FLAC never has to sit in memory.
 */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset`; a file shorter than that is reported as corrupt. */
  read(offset: number, length: number): Promise<Buffer>;
  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  readAvailable(offset: number, length: number): Promise<Buffer>;
}

export interface FileByteSource extends ByteSource {
  readonly path: string;
  close(): Promise<void>;
}

export function truncatedError(offset: number, length: number, size: number): TagWriteError {
  return new TagWriteError('corrupt', `the file ends early: needed ${length} bytes at ${offset}, file size is ${size}`);
}

/** The whole content of an open file of known size, read with as few calls as the OS allows. */
export async function readWhole(handle: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

export async function openByteSource(path: string): Promise<FileByteSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return new HandleSource(path, handle, size);
  } catch (err) {
    await handle.close();
    throw err;
  }
}

class HandleSource implements FileByteSource {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async read(offset: number, length: number): Promise<Buffer> {
    const bytes = await this.readAvailable(offset, length);
    if (bytes.length !== length) throw truncatedError(offset, length, this.size);
    return bytes;
  }

  async readAvailable(offset: number, length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const buffer = Buffer.allocUnsafe(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(buffer, filled, wanted - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/**
 * A file read whole into memory: one read instead of many, and every later step (parsing,
 * planning, comparing audio) works on the same bytes. Used for files up to a size limit.
 */
export function memoryFileSource(path: string, data: Uint8Array): FileByteSource & { readonly bytes: Buffer } {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { ...bufferSource(bytes), path, bytes, close: async () => undefined };
}

/** In-memory source: unit tests of the format writers and small synthesised files. */
export function bufferSource(data: Uint8Array): ByteSource {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return {
    size: bytes.length,
    async read(offset, length) {
      if (offset < 0 || offset + length > bytes.length) throw truncatedError(offset, length, bytes.length);
      return bytes.subarray(offset, offset + length);
    },
    async readAvailable(offset, length) {
      return bytes.subarray(Math.max(0, offset), Math.min(bytes.length, offset + length));
    },
  };
}
