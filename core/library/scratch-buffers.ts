/**
 * Buffers for the head and tail of one file, reused from file to file: a fresh pair per file
 * (up to 192 KB, zero-filled by the allocator) cost a scan of small files more in allocation and
 * garbage collection than reading them. Whoever takes a pair gives it back once nothing it read
 * is referenced any more (the tag reader copies what it keeps).
 */
export interface ScratchBuffers {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
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
