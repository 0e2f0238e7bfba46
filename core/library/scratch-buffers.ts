/**
 * Buffers for the head and tail of one file, reused from file to file: a fresh pair per file
 * (up to 192 KB, zero-filled by the allocator) cost a scan of small files more in allocation and
 * garbage collection than reading them. Whoever takes a pair gives it back once nothing it read
 * is referenced any more (the tag reader copies what it keeps).
 */
export interface ScratchBuffers {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
  /** Bytes between head and tail a fast tag reader asked for; grown on demand (see extraBytes). */
  extra?: Uint8Array;
}

/** Extra buffers up to this size are kept with their pair for the next file. */
const KEEP_EXTRA_BYTES = 4 * 1024 * 1024;

/**
 * `length` bytes of the pair's extra buffer, grown when too small: a fresh buffer per file for a
 * large ID3 tag or the first pages of an Ogg file costs more in allocation and garbage
 * collection than reading them.
 */
export function extraBytes(buffers: ScratchBuffers, length: number): Uint8Array {
  if (buffers.extra && buffers.extra.length >= length) return buffers.extra.subarray(0, length);
  const fresh = new Uint8Array(Math.max(length, 512 * 1024));
  if (fresh.length <= KEEP_EXTRA_BYTES) buffers.extra = fresh;
  return fresh.subarray(0, length);
}

export class ScratchPool {
  private readonly free: ScratchBuffers[] = [];

  constructor(
    private readonly headBytes: number,
    private readonly tailBytes: number,
    /** Pairs kept for reuse; more in use at once are allocated and dropped. */
    private readonly keep = 16,
  ) {}

  take(): ScratchBuffers {
    return this.free.pop() ?? { head: new Uint8Array(this.headBytes), tail: new Uint8Array(this.tailBytes) };
  }

  give(buffers: ScratchBuffers): void {
    if (this.free.length < this.keep) this.free.push(buffers);
  }
}
