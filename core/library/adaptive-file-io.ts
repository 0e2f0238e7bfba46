import type { FileIo } from './cached-file-tokenizer.js';

/** Above this smoothed call time (ms) synchronous calls are waiting for a disk. */
export const SLOW_SYNC_READ_MS = 1;
/** Below this smoothed call time (ms) asynchronous calls are served from memory again. */
export const FAST_ASYNC_READ_MS = 0.4;
const SMOOTHING = 0.1;

export type IoMode = 'sync' | 'async';

/**
 * Chooses between synchronous and asynchronous file-system calls by how long they take. Data in
 * the page cache comes fastest synchronously: no thread-pool round trip, a fraction of the CPU
 * per call. A cold disk needs several calls in flight to keep it busy, which only the
 * asynchronous calls give. Starts synchronous and switches when calls turn slow, and back when
 * they are quick again (the two thresholds keep it from flapping).
 */
export class IoModeSwitch {
  private smoothedMs = 0;
  mode: IoMode = 'sync';

  constructor(readonly now: () => number = () => performance.now()) {}

  /** Records how long a call made in `mode` took. */
  observe(mode: IoMode, ms: number): void {
    if (mode !== this.mode) return; // a call issued before the last switch
    this.smoothedMs += SMOOTHING * (ms - this.smoothedMs);
    if (this.mode === 'sync' && this.smoothedMs > SLOW_SYNC_READ_MS) this.mode = 'async';
    else if (this.mode === 'async' && this.smoothedMs < FAST_ASYNC_READ_MS) this.mode = 'sync';
  }
}

/** FileIo whose reads go synchronous or asynchronous by observed read times (IoModeSwitch). */
export class AdaptiveFileIo implements FileIo {
  private readonly modes: IoModeSwitch;

  constructor(
    private readonly syncIo: FileIo,
    private readonly asyncIo: FileIo,
    now: () => number = () => performance.now(),
  ) {
    this.modes = new IoModeSwitch(now);
  }

  get mode(): IoMode {
    return this.modes.mode;
  }

  open(path: string): Promise<number> {
    return this.current().open(path);
  }

  async read(fd: number, target: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    const mode = this.modes.mode;
    const started = this.modes.now();
    const n = await (mode === 'sync' ? this.syncIo : this.asyncIo).read(fd, target, offset, length, position);
    this.modes.observe(mode, this.modes.now() - started);
    return n;
  }

  close(fd: number): Promise<void> {
    return this.current().close(fd);
  }

  private current(): FileIo {
    return this.modes.mode === 'sync' ? this.syncIo : this.asyncIo;
  }
}
