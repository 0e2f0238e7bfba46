import { randomUUID } from 'node:crypto';
import type { JobKind, JobProgress, WriteJobResult } from '../../shared/api/types.js';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; rate and ETA are derived here so every job computes them the same way. */
  progress(done: number, total: number | null, errors?: number, message?: string | null): void;
}

/** What a finished job reports: its message, and for writes the counts per outcome. */
export interface JobOutcome {
  readonly message: string;
  readonly result?: WriteJobResult;
}

export type JobRunner = (ctx: JobContext) => Promise<string | JobOutcome | null | void>;

function outcomePatch(outcome: string | JobOutcome | null | void): Partial<JobProgress> {
  if (!outcome) return {};
  if (typeof outcome === 'string') return { message: outcome };
  return { message: outcome.message, ...(outcome.result && { result: outcome.result }) };
}

interface JobState {
  progress: JobProgress;
  readonly controller: AbortController;
  runningSince: number | null;
}

const KEEP_FINISHED = 20;
const MIN_EMIT_INTERVAL_MS = 200;

/**
 * Runs long work (scan, analyse, write, undo, learn) one job at a time — they all write the same
 * library and compete for the same two cores — and reports each job's progress as events. The
 * list of jobs outlives any one view, so progress survives navigation and page reloads.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobState>();
  private queue: Promise<void> = Promise.resolve();
  private readonly lastEmit = new Map<string, number>();

  constructor(private readonly emit: (progress: JobProgress) => void) {}

  /**
   * Queues a job. A background job is one the app starts by itself (re-learning after a
   * decision): it is flagged so views show it only when it fails, and it is the first to be
   * forgotten once finished, so a user's own jobs stay in the list however often the app learns.
   */
  start(kind: JobKind, runner: JobRunner, options: { readonly background?: boolean } = {}): JobProgress {
    const id = randomUUID();
    const controller = new AbortController();
    const state: JobState = {
      controller,
      runningSince: null,
      progress: {
        id,
        kind,
        state: 'queued',
        done: 0,
        total: null,
        errors: 0,
        rate: 0,
        etaSec: null,
        message: null,
        startedAt: new Date().toISOString(),
        ...(options.background && { background: true }),
      },
    };
    this.jobs.set(id, state);
    this.prune();
    this.publish(state, true);
    this.queue = this.queue.then(() => this.run(state, runner));
    return state.progress;
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => j.progress);
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || (job.progress.state !== 'running' && job.progress.state !== 'queued')) return false;
    job.controller.abort();
    if (job.progress.state === 'queued') this.update(job, { state: 'cancelled' }, true);
    return true;
  }

  /** Forgets a finished job (the user read it); running and queued jobs stay. */
  dismiss(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.progress.state === 'running' || job.progress.state === 'queued') return false;
    this.jobs.delete(id);
    this.lastEmit.delete(id);
    return true;
  }

  /** Cancels everything and waits for the running job to stop. */
  async shutdown(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await this.queue;
  }

  /** Resolves when every job started so far has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async run(state: JobState, runner: JobRunner): Promise<void> {
    if (state.controller.signal.aborted) return;
    state.runningSince = Date.now();
    this.update(state, { state: 'running', startedAt: new Date().toISOString() }, true);
    const ctx: JobContext = {
      signal: state.controller.signal,
      progress: (done, total, errors, message) => {
        const elapsed = (Date.now() - (state.runningSince ?? Date.now())) / 1000;
        const rate = elapsed > 0 ? done / elapsed : 0;
        const etaSec = total !== null && rate > 0 ? Math.max(0, (total - done) / rate) : null;
        this.update(
          state,
          {
            done,
            total,
            errors: errors ?? state.progress.errors,
            rate,
            etaSec,
            ...(message !== undefined && { message }),
          },
          done === total,
        );
      },
    };
    try {
      const outcome = await runner(ctx);
      this.update(
        state,
        { state: state.controller.signal.aborted ? 'cancelled' : 'done', etaSec: 0, ...outcomePatch(outcome) },
        true,
      );
    } catch (err) {
      this.update(
        state,
        { state: state.controller.signal.aborted ? 'cancelled' : 'failed', message: (err as Error).message },
        true,
      );
    }
  }

  private update(state: JobState, patch: Partial<JobProgress>, force: boolean): void {
    state.progress = { ...state.progress, ...patch };
    this.publish(state, force);
  }

  private publish(state: JobState, force: boolean): void {
    const now = Date.now();
    const last = this.lastEmit.get(state.progress.id) ?? 0;
    if (!force && now - last < MIN_EMIT_INTERVAL_MS) return;
    this.lastEmit.set(state.progress.id, now);
    this.emit(state.progress);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => !['running', 'queued'].includes(j.progress.state));
    // Background jobs that went well go first, then the oldest (Map order is start order).
    const quietFirst = [
      ...finished.filter((j) => j.progress.background && j.progress.state === 'done'),
      ...finished.filter((j) => !(j.progress.background && j.progress.state === 'done')),
    ];
    for (const job of quietFirst.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(job.progress.id);
      this.lastEmit.delete(job.progress.id);
    }
  }
}
