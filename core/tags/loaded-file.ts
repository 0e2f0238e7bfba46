import { open, type FileHandle } from 'node:fs/promises';
import { FINGERPRINT_SPAN } from '../library/fingerprint.js';
import { ioError } from './errors.js';
import { memoryFileSource, openByteSource, readWhole, type ByteSource, type FileByteSource } from './io/byte-source.js';
import { readSnapshot, readSnapshotOfBytes, type TagSnapshot } from './verify.js';

/**
 * Files up to this size are read whole: one read, and parsing, planning and the audio comparison
 * work on memory. Larger files (long lossless recordings) are streamed and compared by hash.
 */
export const MEMORY_LIMIT = 96 * 2 ** 20;

/** A file read whole into memory (`bytes` set) or opened as a streaming source. */
export type LoadedFile = FileByteSource & { readonly bytes?: Buffer };

/**
 * Opens the original for writing (where Windows reports a file another program holds without
 * sharing) and reads it: whole into memory up to MEMORY_LIMIT, else as a streaming source.
 */
export async function openOriginal(target: string, path: string, size: number, inMemory: boolean): Promise<LoadedFile> {
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

/** What the independent reader sees in a loaded file, from memory when it was read whole. */
export async function snapshotOf(path: string, file: LoadedFile, extension: string): Promise<TagSnapshot> {
  return file.bytes ? await readSnapshotOfBytes(path, file.bytes, extension) : await readSnapshot(path, extension);
}

/** The first and last FINGERPRINT_SPAN bytes, as the scan's content fingerprint reads them. */
export async function fingerprintEnds(source: ByteSource): Promise<{ head: Uint8Array; tail: Uint8Array }> {
  const head = await source.readAvailable(0, FINGERPRINT_SPAN);
  const tail = await source.readAvailable(Math.max(0, source.size - FINGERPRINT_SPAN), FINGERPRINT_SPAN);
  return { head, tail };
}
