import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { IoModeSwitch, type IoMode } from './adaptive-file-io.js';
import { Limiter } from './concurrency.js';

/** The two file-system calls a walk makes. */
export interface WalkFs {
  stat(path: string): Promise<Stats>;
  readdir(path: string): Promise<Dirent<Buffer>[]>;
}

/** Longest stretch of synchronous calls (ms) before the event loop gets a turn. */
const SYNC_SLICE_MS = 8;

/**
 * Stats and listings for a walk: synchronous while they come from the kernel's caches (a
 * promise-based stat costs several times the CPU of the call itself, which is what a rescan of
 * unchanged files is made of), asynchronous with `concurrency` calls in flight once they turn
 * slow (a cold or network disk), chosen by IoModeSwitch. Synchronous calls run in slices of a few
 * milliseconds, so the event loop of a server or app running the scan stays responsive.
 */
export class AdaptiveWalkFs implements WalkFs {
  private readonly modes: IoModeSwitch;
  private readonly limiter: Limiter;
  private sliceStarted: number;

  constructor(concurrency: number, now: () => number = () => performance.now()) {
    this.modes = new IoModeSwitch(now);
    this.limiter = new Limiter(concurrency);
    this.sliceStarted = now();
  }

  get mode(): IoMode {
    return this.modes.mode;
  }

  stat(path: string): Promise<Stats> {
    return this.call(
      () => statSync(path),
      () => stat(path),
    );
  }

  readdir(path: string): Promise<Dirent<Buffer>[]> {
    return this.call(
      () => readdirSync(path, { withFileTypes: true, encoding: 'buffer' }),
      () => readdir(path, { withFileTypes: true, encoding: 'buffer' }),
    );
  }

  private async call<T>(sync: () => T, async: () => Promise<T>): Promise<T> {
    const mode = this.modes.mode;
    if (mode === 'async') {
      return this.limiter.run(async () => {
        const started = this.modes.now();
        const result = await async();
        this.modes.observe('async', this.modes.now() - started);
        return result;
      });
    }
    if (this.modes.now() - this.sliceStarted >= SYNC_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceStarted = this.modes.now();
    }
    const started = this.modes.now();
    try {
      return sync();
    } finally {
      this.modes.observe('sync', this.modes.now() - started);
    }
  }
}
