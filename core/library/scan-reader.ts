import { createTagReader, type TagReader, type TagReaderOptions } from './tag-reader.js';

/** Fewer files than this are read on the calling thread: starting threads would cost more. */
export const INLINE_BELOW = 64;

/**
 * The tag reader a scan uses: the caller's if it gave one, else one the scan starts and closes.
 * A first scan of a folder will read every file it finds, so once its walk has found enough the
 * threads are started at once: they load their modules while the walk goes on (about 0.3 s
 * before a worker answers its first file) instead of after it.
 */
export class ScanReader {
  private own: TagReader | undefined;

  constructor(
    private readonly given: TagReader | undefined,
    private readonly threads: number | undefined,
  ) {}

  /** Starts the threads now, unless a reader is already there. */
  startEarly(): void {
    if (!this.given && !this.own) this.own = createTagReader(this.threadOptions());
  }

  /** The reader for `jobs` reads: the caller's, the one started early, or a new one. */
  forJobs(jobs: number): TagReader {
    if (this.given) return this.given;
    this.own ??= createTagReader(jobs < INLINE_BELOW ? { threads: 0 } : this.threadOptions());
    return this.own;
  }

  /** Closes the reader the scan started (never the caller's). */
  async close(): Promise<void> {
    const own = this.own;
    this.own = undefined;
    await own?.close();
  }

  private threadOptions(): TagReaderOptions {
    return this.threads !== undefined ? { threads: this.threads } : {};
  }
}
