import type { FileIo } from './cached-file-tokenizer.js';

/** A synchronous call slower than this (ms) waited for a disk (or was preempted). */
export const SLOW_SYNC_READ_MS = 1;
/** An asynchronous call quicker than this (ms) was served from memory. */
export const FAST_ASYNC_READ_MS = 0.4;
/** The last calls looked at, and how many of them must agree to switch. */
const WINDOW = 8;
const TO_ASYNC = 5;
const TO_SYNC = 6;

export type IoMode = 'sync' | 'async';

/**
 * Chooses between synchronous and asynchronous file-system calls by how long they take. Data in
 * the page cache comes fastest synchronously: no thread-pool round trip, a fraction of the CPU
 * per call. A cold disk needs several calls in flight to keep it busy, which only the
 * asynchronous calls give. Starts synchronous and switches when most of the last few calls were
 * slow, and back when most were quick. Counting calls rather than averaging their times keeps a
 * busy machine from tipping it over: a read that was preempted for 40 ms is one slow call, not
 * a slow disk.
 */
export class IoModeSwitch {
  /** Whether each of the last calls in the current mode was on the other mode's side. */
  private readonly recent: boolean[] = [];
  mode: IoMode = 'sync';

  constructor(readonly now: () => number = () => performance.now()) {}

  /** Records how long a call made in `mode` took. */
  observe(mode: IoMode, ms: number): void {
    if (mode !== this.mode) return; // a call issued before the last switch
    this.recent.push(mode === 'sync' ? ms > SLOW_SYNC_READ_MS : ms < FAST_ASYNC_READ_MS);
    if (this.recent.length > WINDOW) this.recent.shift();
    const votes = this.recent.filter(Boolean).length;
    if (votes >= (mode === 'sync' ? TO_ASYNC : TO_SYNC)) {
      this.mode = mode === 'sync' ? 'async' : 'sync';
      this.recent.length = 0;
    }
  }
}

/**
 * FileIo whose calls go synchronous or asynchronous by their observed times (IoModeSwitch), opens
 * and reads each by their own: on a cold local disk the walk's stat has just brought the file's
 * inode into memory, so opening (and closing) it stays a quick synchronous call while only the
 * reads wait for the disk and go to the thread pool, one round trip per file fewer than opening
 * through it too. Where opens are slow as well (a network share), they go asynchronous too.
 */
export class AdaptiveFileIo implements FileIo {
  private readonly reads: IoModeSwitch;
  private readonly opens: IoModeSwitch;

  constructor(
    private readonly syncIo: FileIo,
    private readonly asyncIo: FileIo,
    now: () => number = () => performance.now(),
  ) {
    this.reads = new IoModeSwitch(now);
    this.opens = new IoModeSwitch(now);
  }

  /** How reads are made now. */
  get mode(): IoMode {
    return this.reads.mode;
  }

  /** How files are opened and closed now. */
  get openMode(): IoMode {
    return this.opens.mode;
  }

  open(path: string): Promise<number> {
    return this.timed(this.opens, (io) => io.open(path));
  }

  read(fd: number, target: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.timed(this.reads, (io) => io.read(fd, target, offset, length, position));
  }

  close(fd: number): Promise<void> {
    return (this.opens.mode === 'sync' ? this.syncIo : this.asyncIo).close(fd);
  }

  private async timed<T>(modes: IoModeSwitch, call: (io: FileIo) => Promise<T>): Promise<T> {
    const mode = modes.mode;
    const started = modes.now();
    try {
      return await call(mode === 'sync' ? this.syncIo : this.asyncIo);
    } finally {
      modes.observe(mode, modes.now() - started);
    }
  }
}
