import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { IoModeSwitch, type IoMode } from './adaptive-file-io.js';
import { Limiter } from './concurrency.js';

/** The file-system calls a walk makes. */
export interface WalkFs {
  stat(path: string): Promise<Stats>;
  readdir(path: string): Promise<Dirent<Buffer>[]>;
  /** The listing with names decoded as UTF-8 (an undecodable byte becomes U+FFFD). */
  readdirText?(path: string): Promise<Dirent[]>;
  /** The stats of a folder's files, in order: each the file's Stats or the error its stat threw. */
  statEach(paths: readonly string[]): Promise<(Stats | Error)[]>;
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

  readdirText(path: string): Promise<Dirent[]> {
    return this.call(
      () => readdirSync(path, { withFileTypes: true }),
      () => readdir(path, { withFileTypes: true }),
    );
  }

  /**
   * A rescan of unchanged files is made of these calls, so while they stay synchronous they run in
   * one loop, each timed by one reading of the clock, instead of a promise and three readings each.
   */
  async statEach(paths: readonly string[]): Promise<(Stats | Error)[]> {
    const results: (Stats | Error)[] = new Array<Stats | Error>(paths.length);
    let i = 0;
    while (i < paths.length && this.modes.mode === 'sync') {
      await this.sliceTurn();
      let last = this.modes.now();
      while (i < paths.length && this.modes.mode === 'sync' && last - this.sliceStarted < SYNC_SLICE_MS) {
        results[i] = statOrError(paths[i] as string);
        const now = this.modes.now();
        this.modes.observe('sync', now - last);
        last = now;
        i++;
      }
    }
    const rest = paths.slice(i).map((path, k) =>
      this.stat(path).then(
        (s) => (results[i + k] = s),
        (err: unknown) => (results[i + k] = asError(err)),
      ),
    );
    await Promise.all(rest);
    return results;
  }

  /** Gives the event loop a turn once the current slice of synchronous calls is used up. */
  private async sliceTurn(): Promise<void> {
    if (this.modes.now() - this.sliceStarted >= SYNC_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceStarted = this.modes.now();
    }
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
    await this.sliceTurn();
    const started = this.modes.now();
    try {
      return sync();
    } finally {
      this.modes.observe('sync', this.modes.now() - started);
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function statOrError(path: string): Stats | Error {
  try {
    return statSync(path);
  } catch (err) {
    return asError(err);
  }
}
