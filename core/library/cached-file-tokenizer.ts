import { close, closeSync, open, openSync, read, readSync } from 'node:fs';
import type { IGetToken } from '@tokenizer/token';
import { AbstractTokenizer, EndOfStreamError, type IReadChunkOptions } from 'strtok3';
import type { ScratchBuffers } from './scratch-buffers.js';

/**
 * A random-access tokenizer for music-metadata that reads a file in a few large pieces instead
 * of the many small reads strtok3's FileTokenizer issues (one per token, each a trip through the
 * libuv thread pool: that is what makes `parseFile` slow).
 *
 * At open it reads the head of the file and, for larger files, its tail: together they hold
 * nearly every tag (ID3v2/FLAC/Vorbis/MP4 headers at the start; ID3v1, APE and MP4 `moov` at the
 * end). Anything else is fetched in aligned blocks kept for the life of the tokenizer, and large
 * requests (an embedded picture in an ID3 tag) are read straight into the caller's buffer. Audio
 * data in between is never read: parsers skip it with `ignore`/`setPosition`.
 *
 * EndOfStreamError must be strtok3's own class: music-metadata's parsers recognise the end of a
 * stream with `instanceof`. strtok3 is a direct dependency pinned to the version music-metadata
 * uses, so both resolve to one copy.
 */

export const HEAD_BYTES = 128 * 1024;
export const TAIL_BYTES = 64 * 1024;
const BLOCK_BYTES = 64 * 1024;
/** Requests at least this large bypass the block cache. */
const DIRECT_READ_BYTES = 4 * BLOCK_BYTES;

export interface ReadCounters {
  /** Read system calls issued. */
  reads: number;
  bytes: number;
}

/**
 * The three file operations the tokenizer needs. The scanner's worker threads use the
 * synchronous calls (no thread-pool round trip per read, several times faster for small files;
 * blocking a worker is harmless); code on an event loop that must stay responsive uses the
 * asynchronous ones.
 */
export interface FileIo {
  open(path: string): Promise<number>;
  /** One read call; returns the bytes read (0 at end of file). */
  read(fd: number, target: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  close(fd: number): Promise<void>;
}

export const asyncFileIo: FileIo = {
  open: (path) => new Promise((resolve, reject) => open(path, 'r', (err, fd) => (err ? reject(err) : resolve(fd)))),
  read: (fd, target, offset, length, position) =>
    new Promise((resolve, reject) =>
      read(fd, target, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))),
    ),
  close: (fd) => new Promise((resolve, reject) => close(fd, (err) => (err ? reject(err) : resolve()))),
};

const settle = <T>(work: () => T): Promise<T> => {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
};

export const syncFileIo: FileIo = {
  open: (path) => settle(() => openSync(path, 'r')),
  read: (fd, target, offset, length, position) => settle(() => readSync(fd, target, offset, length, position)),
  close: (fd) => settle(() => closeSync(fd)),
};

/** Reads exactly `length` bytes at `position` unless the file ends first; returns the count. */
export async function readFully(
  io: FileIo,
  fd: number,
  target: Uint8Array,
  offset: number,
  length: number,
  position: number,
  counters?: ReadCounters,
): Promise<number> {
  let done = 0;
  while (done < length) {
    const n = await io.read(fd, target, offset + done, length - done, position + done);
    if (counters) {
      counters.reads++;
      counters.bytes += n;
    }
    if (n === 0) break;
    done += n;
  }
  return done;
}

export class CachedFileTokenizer extends AbstractTokenizer {
  override readonly fileInfo: { size: number; mimeType?: string; path?: string };
  /**
   * Set when a parser asked for bytes past the end of the file. Parsers catch the error and
   * return what they have, so this is how a truncated file is noticed at all.
   */
  overranEnd = false;
  private readonly blocks = new Map<number, Uint8Array>();
  private readonly tailStart: number;

  private constructor(
    private readonly io: FileIo,
    private readonly fd: number,
    size: number,
    readonly head: Uint8Array,
    readonly tail: Uint8Array,
    readonly counters: ReadCounters,
    fileInfo: { mimeType?: string; path?: string },
  ) {
    super();
    this.fileInfo = { ...fileInfo, size };
    this.tailStart = size - tail.length;
  }

  /**
   * Reads head and tail of an open file of known size. The caller owns `fd` and closes it after
   * parsing (the tokenizer's close does not), so one open serves the fingerprint too. With
   * `scratch` (at least HEAD_BYTES and TAIL_BYTES long) head and tail are read into those buffers,
   * which the caller may reuse once it is done with this tokenizer.
   */
  static async open(
    io: FileIo,
    fd: number,
    size: number,
    fileInfo: { mimeType?: string; path?: string } = {},
    scratch?: ScratchBuffers,
  ): Promise<CachedFileTokenizer> {
    const counters: ReadCounters = { reads: 0, bytes: 0 };
    const headLength = Math.min(size, HEAD_BYTES);
    const head = scratch ? scratch.head.subarray(0, headLength) : new Uint8Array(headLength);
    const gotHead = await readFully(io, fd, head, 0, headLength, 0, counters);
    const tailLength = Math.min(Math.max(0, size - headLength), TAIL_BYTES);
    const tail = scratch ? scratch.tail.subarray(0, tailLength) : new Uint8Array(tailLength);
    const gotTail = tailLength > 0 ? await readFully(io, fd, tail, 0, tailLength, size - tailLength, counters) : 0;
    // The file shrank between stat and read: parse what is really there.
    const realSize = gotTail < tailLength ? headLength + gotTail : gotHead < headLength ? gotHead : size;
    return new CachedFileTokenizer(
      io,
      fd,
      realSize,
      head.subarray(0, gotHead),
      tail.subarray(0, gotTail),
      counters,
      fileInfo,
    );
  }

  override supportsRandomAccess(): boolean {
    return true;
  }

  setPosition(position: number): void {
    this.position = position;
  }

  // Token reads check the size before reaching readBuffer; note their overruns too.
  override async readToken<Value>(token: IGetToken<Value>, position?: number): Promise<Value> {
    return this.noteOverrun(super.readToken(token, position));
  }

  override async peekToken<Value>(token: IGetToken<Value>, position?: number | null): Promise<Value> {
    return this.noteOverrun(super.peekToken(token, position));
  }

  private async noteOverrun<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (err) {
      if (err instanceof EndOfStreamError) this.overranEnd = true;
      throw err;
    }
  }

  override async readBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const opts = this.normalizeOptions(target, options);
    const n = await this.copyRange(target, opts.position, opts.length, opts.mayBeLess ?? false);
    this.position = opts.position + n;
    return n;
  }

  override async peekBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const opts = this.normalizeOptions(target, options);
    return this.copyRange(target, opts.position, opts.length, opts.mayBeLess ?? false);
  }

  private async copyRange(target: Uint8Array, position: number, length: number, mayBeLess: boolean): Promise<number> {
    const size = this.fileInfo.size;
    const available = Math.max(0, Math.min(length, size - position));
    if (available < length && !mayBeLess) {
      this.overranEnd = true;
      throw new EndOfStreamError();
    }
    let done = 0;
    while (done < available) {
      const pos = position + done;
      const want = available - done;
      if (pos < this.head.length) {
        done += copyFrom(this.head, pos, target, done, want);
      } else if (pos >= this.tailStart && this.tail.length > 0) {
        done += copyFrom(this.tail, pos - this.tailStart, target, done, want);
      } else {
        const gapEnd = this.tail.length > 0 ? this.tailStart : size;
        const inGap = Math.min(want, gapEnd - pos);
        if (inGap >= DIRECT_READ_BYTES) {
          const n = await readFully(this.io, this.fd, target, done, inGap, pos, this.counters);
          if (n < inGap) throw new EndOfStreamError();
          done += n;
        } else {
          const block = await this.block(Math.floor(pos / BLOCK_BYTES), gapEnd);
          done += copyFrom(block, pos % BLOCK_BYTES, target, done, Math.min(want, inGap));
        }
      }
    }
    return done;
  }

  private async block(index: number, gapEnd: number): Promise<Uint8Array> {
    const cached = this.blocks.get(index);
    if (cached) return cached;
    const start = index * BLOCK_BYTES;
    const length = Math.min(BLOCK_BYTES, gapEnd - start);
    const buffer = new Uint8Array(length);
    const n = await readFully(this.io, this.fd, buffer, 0, length, start, this.counters);
    if (n < length) throw new EndOfStreamError();
    this.blocks.set(index, buffer);
    return buffer;
  }
}

function copyFrom(
  source: Uint8Array,
  offset: number,
  target: Uint8Array,
  targetOffset: number,
  length: number,
): number {
  const n = Math.min(length, source.length - offset);
  target.set(source.subarray(offset, offset + n), targetOffset);
  return n;
}
