import type { FileIo } from './cached-file-tokenizer.js';

/** Above this smoothed read time (ms) synchronous reads are waiting for a disk. */
export const SLOW_SYNC_READ_MS = 1;
/** Below this smoothed read time (ms) asynchronous reads are served from memory again. */
export const FAST_ASYNC_READ_MS = 0.4;
const SMOOTHING = 0.1;

/**
 * Chooses between synchronous and asynchronous reads by how long reads take. Files in the page
 * cache read fastest synchronously: no thread-pool round trip, a fraction of the CPU per file.
 * Files on a cold disk need several reads in flight to keep the disk busy, which only the
 * asynchronous calls give. A worker thread starts synchronous and switches when reads turn slow,
 * and back when they are quick again (the two thresholds keep it from flapping).
 */
export class AdaptiveFileIo implements FileIo {
  private smoothedMs = 0;
  mode: 'sync' | 'async' = 'sync';

  constructor(
    private readonly syncIo: FileIo,
    private readonly asyncIo: FileIo,
    private readonly now: () => number = () => performance.now(),
  ) {}

  open(path: string): Promise<number> {
    return this.current().open(path);
  }

  async read(fd: number, target: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    const mode = this.mode;
    const started = this.now();
    const n = await (mode === 'sync' ? this.syncIo : this.asyncIo).read(fd, target, offset, length, position);
    this.observe(mode, this.now() - started);
    return n;
  }

  close(fd: number): Promise<void> {
    return this.current().close(fd);
  }

  private current(): FileIo {
    return this.mode === 'sync' ? this.syncIo : this.asyncIo;
  }

  private observe(mode: 'sync' | 'async', ms: number): void {
    if (mode !== this.mode) return; // a read issued before the last switch
    this.smoothedMs += SMOOTHING * (ms - this.smoothedMs);
    if (this.mode === 'sync' && this.smoothedMs > SLOW_SYNC_READ_MS) this.mode = 'async';
    else if (this.mode === 'async' && this.smoothedMs < FAST_ASYNC_READ_MS) this.mode = 'sync';
  }
}
