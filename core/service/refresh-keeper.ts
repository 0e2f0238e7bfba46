import type { Database } from 'better-sqlite3';
import { refreshInBackground, refreshPending, refreshStep } from '../review/refresh-mode.js';
import { largeRefreshCache } from '../review/track-list.js';

/** A turn of the event loop: requests that arrived during a step are answered before the next. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Moves the connection's WAL checkpoints out of the refresh's commits, until the returned
 * function puts its own back: SQLite checkpoints in the commit that takes the WAL past
 * wal_autocheckpoint (1,000 pages), so that step stalled requests for its own work and for
 * copying a thousand pages into the database file and syncing it. The keeper checkpoints between
 * steps instead (Checkpoints), in a turn of its own.
 */
function checkpointsBetweenSteps(db: Database): () => void {
  const before = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  return () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${before}`);
  };
}

/**
 * WAL pages the keeper lets steps write between two checkpoints: twice SQLite's default. The
 * steps of a re-learn rewrite the same index pages over and over, and a checkpoint copies each
 * page once however often it was written, so fewer checkpoints copy less in all; but each copies
 * more at once. At 100,000 tracks on 2 loaded cores a checkpoint took 17–23 ms (median) every
 * 2,000 pages, 25–40 ms every 4,000, for about the same refresh in all.
 */
const CHECKPOINT_PAGES = 2000;

/**
 * When the keeper checkpoints: about every CHECKPOINT_PAGES pages of WAL, after a step. A
 * checkpoint reports how many pages the WAL held, which gives the pages a step writes (a few
 * dozen after a handful of decisions, several hundred for a step of a re-learn at 100,000 tracks)
 * and so how many steps to wait for the next: checkpointing after every small step would sync the
 * file for a few pages each time.
 */
class Checkpoints {
  private every = 1;
  private since = 0;

  constructor(private readonly db: Database) {}

  /** Counts a step; whether a checkpoint is due. */
  stepped(): boolean {
    this.since++;
    return this.since >= this.every;
  }

  /** Checkpoints, PASSIVE: it waits for no reader or writer, and what it cannot copy the next one does. */
  run(): void {
    if (this.since === 0) return;
    const [result] = this.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    const perStep = Math.max(1, (result?.log ?? 0) / this.since);
    this.every = Math.max(1, Math.floor(CHECKPOINT_PAGES / perStep));
    this.since = 0;
  }
}

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
    const restoreCheckpoints = checkpointsBetweenSteps(this.db);
    const checkpoints = new Checkpoints(this.db);
    let rows = 0;
    try {
      while (!this.stopped) {
        const n = refreshStep(this.db);
        if (n === 0) break;
        rows += n;
        for (const watch of this.watchers) watch(rows);
        await nextTurn();
        if (!checkpoints.stepped()) continue;
        checkpoints.run();
        await nextTurn();
      }
      checkpoints.run();
    } finally {
      restoreCheckpoints();
      restoreCache();
    }
    if (rows > 0) this.done();
  }
}
