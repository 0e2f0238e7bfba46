import type { Database } from 'better-sqlite3';
import { refreshInBackground, refreshPending, refreshStep } from '../review/refresh-mode.js';
import { largeRefreshCache } from '../review/track-list.js';

/** A turn of the event loop: requests that arrived during a step are answered before the next. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Keeps the library's derived tables (track_list, review_order) current for the service, in the
 * background: a re-learn changes every prediction and a new threshold every status, and at
 * 100,000 tracks bringing the rows up to date takes a second or two (a minute at a million). The
 * work runs here in short steps (refresh-mode.ts), a turn of the event loop between them, so
 * `genrewise serve` and the app keep answering queries meanwhile; reads on this connection do at
 * most one step themselves and say `updating` until it is done. Whoever causes the work starts
 * it: every library change kicks the keeper, and the learn and predict jobs wait for it
 * (settle), so they end when their predictions show everywhere. When it has done any work it
 * calls `done`: the service tells the views to re-read.
 */
export class RefreshKeeper {
  private running: Promise<void> | null = null;
  private soon: ReturnType<typeof setImmediate> | null = null;
  private stopped = false;
  private readonly watchers = new Set<(rows: number) => void>();

  constructor(
    private readonly db: Database,
    private readonly done: () => void,
    private readonly failed: (err: unknown) => void,
  ) {
    refreshInBackground(db, () => this.kickSoon());
  }

  /** Starts the refresh when there is work and it is not under way; its first step runs now. */
  kick(): void {
    void this.start().catch((err: unknown) => this.failed(err));
  }

  /**
   * Starts it after the current turn, once: a read found work left that nobody announced (another
   * process wrote), and the read itself must not wait for a step.
   */
  kickSoon(): void {
    if (this.running || this.soon || this.stopped) return;
    this.soon = setImmediate(() => {
      this.soon = null;
      this.kick();
    });
  }

  /**
   * Waits until both tables are current, `progress` hearing the tracks done so far; rejects if a
   * step fails.
   */
  async settle(progress?: (rows: number) => void): Promise<void> {
    if (progress) this.watchers.add(progress);
    try {
      await this.start();
    } finally {
      if (progress) this.watchers.delete(progress);
    }
  }

  /** Stops after the current step; the work left stays marked in the library for the next run. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.soon) clearImmediate(this.soon);
    await this.running?.catch(() => undefined);
  }

  private start(): Promise<void> {
    if (this.running) return this.running;
    if (this.stopped || !refreshPending(this.db)) return Promise.resolve();
    // Work marked while the last steps ran (by a write in between) gets a run of its own.
    const run = this.run()
      .finally(() => {
        this.running = null;
      })
      .then(() => this.start());
    this.running = run;
    return run;
  }

  private async run(): Promise<void> {
    const restoreCache = largeRefreshCache(this.db);
    let rows = 0;
    try {
      while (!this.stopped) {
        const n = refreshStep(this.db);
        if (n === 0) break;
        rows += n;
        for (const watch of this.watchers) watch(rows);
        await nextTurn();
      }
    } finally {
      restoreCache();
    }
    if (rows > 0) this.done();
  }
}
