interface Waiting {
  readonly run: () => void;
  readonly notBefore: number;
}

/**
 * Holds work back while something keeps moving (a list being scrolled): each piece runs once it
 * has waited `restMs` and nothing has moved for `restMs` either. One timer serves every waiting
 * piece, and a move only notes the time, so rows scrolling through cost no timer each. At most
 * `perTask` pieces run in one task, the rest in the tasks after, so a screenful released at once
 * does not hold up the frames of a scroll that starts meanwhile (which holds the rest back again).
 */
export class RestGate {
  private lastMove = Number.NEGATIVE_INFINITY;
  private readonly waiting = new Set<Waiting>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = Number.POSITIVE_INFINITY;

  constructor(
    readonly restMs: number,
    readonly perTask = Number.POSITIVE_INFINITY,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Something moved: whatever waits, waits until `restMs` after this. */
  moved(): void {
    this.lastMove = this.now();
  }

  /** Runs `run` once it has waited and the gate has rested `restMs`; returns a cancel. */
  after(run: () => void): () => void {
    const entry: Waiting = { run, notBefore: this.now() + this.restMs };
    this.waiting.add(entry);
    this.schedule(entry.notBefore);
    return () => {
      this.waiting.delete(entry);
    };
  }

  private schedule(due: number): void {
    const at = Math.max(due, this.lastMove + this.restMs);
    if (this.timer !== undefined && this.timerDue <= at) return;
    clearTimeout(this.timer);
    this.timerDue = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - this.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    if (now >= this.lastMove + this.restMs) {
      let ran = 0;
      for (const entry of [...this.waiting]) {
        if (entry.notBefore > now) continue;
        if (ran === this.perTask) {
          next = now;
          break;
        }
        this.waiting.delete(entry);
        ran++;
        entry.run();
      }
    }
    for (const entry of this.waiting) next = Math.min(next, entry.notBefore);
    if (this.waiting.size > 0) this.schedule(next);
  }
}
