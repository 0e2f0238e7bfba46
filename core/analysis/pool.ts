/**
 * Runs analysis jobs on a pool of worker processes: one file per worker at a time, a time limit
 * per file, and a fresh worker whenever one crashes or hangs, so one bad file costs one error row
 * and never the batch. How a worker process is started is behind WorkerSpawner: the CLI forks
 * Node children (fork-spawner.ts), the app will start Electron utility processes.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FileAnalysis } from './analyse-file.js';
import type { FfmpegCommand } from './decode/ffmpeg.js';
import type { AnalysisFailure } from './errors.js';
import {
  isWorkerResponse,
  type AnalyseRequest,
  type ErrorMessage,
  type InferenceResult,
  type ModelRef,
  type ResultMessage,
  type WorkerRequest,
} from './protocol.js';
import { windowCount, type WindowMode } from './windows.js';

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** The end of the worker's stderr, when the host captures it (a V8 "heap out of memory"…). */
  readonly detail?: string;
}

/** One started worker process, whatever hosts it. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: WorkerRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone (including when it could not start). */
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Forceful and immediate: the worker and the ffmpeg it may be running. */
  kill(): void;
}

/**
 * Starts one worker running worker.js. The CLI's is forkWorkerSpawner; the app's wraps Electron's
 * utilityProcess.fork(worker.js): postMessage for send, its 'message' and 'exit' events, and
 * kill as process.kill(pid, 'SIGKILL') (plus the process group on POSIX, for ffmpeg). It may
 * first wait for what its workers share (the CLI's ffmpeg launcher).
 */
export type WorkerSpawner = () => WorkerHandle | Promise<WorkerHandle>;

export interface PoolJob {
  readonly id: number;
  readonly path: string;
  readonly mode: WindowMode;
  readonly durationHintSec: number | null;
}

export type JobOutcome =
  | {
      readonly ok: true;
      readonly job: PoolJob;
      readonly analysis: FileAnalysis;
      /** The worker's predictions from the same windows; null when no model was asked for. */
      readonly inference: InferenceResult | null;
      readonly elapsedMs: number;
      readonly maxRssBytes: number;
    }
  | { readonly ok: false; readonly job: PoolJob; readonly failure: AnalysisFailure; readonly elapsedMs: number };

export interface PoolOptions {
  readonly spawn: WorkerSpawner;
  readonly ffmpeg: FfmpegCommand;
  /** Genre models every worker classifies each file's windows with, right after the features. */
  readonly models?: readonly ModelRef[];
  /** Worker processes; default: one per core. */
  readonly concurrency?: number;
  /** Abort to stop: running workers are killed, their files left for the next run. */
  readonly signal?: AbortSignal;
  /** Per-file time limit; default defaultTimeoutMs. */
  readonly timeoutMs?: (job: PoolJob) => number;
  /** Every finished file, in completion order. Throwing here stops the pool and rejects runPool. */
  readonly onOutcome: (outcome: JobOutcome) => void;
  /** A file was handed to a worker (progress displays; tests use the pid). */
  readonly onStart?: (job: PoolJob, workerPid: number | undefined) => void;
}

export interface PoolReport {
  readonly succeeded: number;
  readonly failed: number;
  /** Jobs not finished because the signal aborted the run. */
  readonly notRun: number;
  readonly cancelled: boolean;
  readonly workersStarted: number;
  readonly maxRssBytes: number;
}

/** Worker processes that cannot start at all (missing build, broken install): fatal for the run. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
}

const READY_TIMEOUT_MS = 30_000;
const SHUTDOWN_GRACE_MS = 2_000;
/** How long runPool waits at the end for killed and dismissed workers to be gone. */
const EXIT_WAIT_MS = 5_000;
const START_ATTEMPTS = 3;

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A minute of slack plus 15 s per window (a window takes well under a second; a slow disk, a
 * busy machine or a huge whole-file decode get ample room). Unknown durations assume 5 windows.
 */
export function defaultTimeoutMs(job: PoolJob): number {
  const d = job.durationHintSec;
  const windows = d === null || !(d > 0) ? 5 : job.mode === 'whole' ? Math.ceil(d / 30) : windowCount(d);
  return 60_000 + 15_000 * windows;
}

type RunEnd =
  | { readonly kind: 'message'; readonly message: ResultMessage | ErrorMessage }
  | { readonly kind: 'exit'; readonly exit: WorkerExit }
  | { readonly kind: 'timeout' };

class PooledWorker {
  readonly ready: Promise<void>;
  /** Resolves once the process is gone. */
  readonly gone: Promise<void>;
  private markGone: () => void = () => {};
  private exit: WorkerExit | undefined;
  private jobId: number | undefined;
  private settle: ((end: RunEnd) => void) | undefined;
  private onReady: () => void = () => {};
  private onDead: (exit: WorkerExit) => void = () => {};

  constructor(private readonly handle: WorkerHandle) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.onReady = resolve;
      this.onDead = (exit) => reject(new WorkerStartError(`analysis worker exited on start (${describeExit(exit)})`));
    });
    this.ready.catch(() => {});
    this.gone = new Promise<void>((resolve) => {
      this.markGone = resolve;
    });
    handle.onMessage((message) => {
      if (!isWorkerResponse(message)) return;
      if (message.type === 'ready') this.onReady();
      else if (message.jobId === this.jobId) this.finish({ kind: 'message', message });
    });
    handle.onExit((exit) => {
      this.exit = exit;
      this.markGone();
      this.onDead(exit);
      this.finish({ kind: 'exit', exit });
    });
  }

  get pid(): number | undefined {
    return this.handle.pid;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get busy(): boolean {
    return this.settle !== undefined;
  }

  run(request: AnalyseRequest, timeoutMs: number): Promise<RunEnd> {
    return new Promise<RunEnd>((resolve) => {
      if (this.exit) {
        resolve({ kind: 'exit', exit: this.exit });
        return;
      }
      const timer = setTimeout(() => this.finish({ kind: 'timeout' }), timeoutMs);
      this.jobId = request.jobId;
      this.settle = (end) => {
        clearTimeout(timer);
        resolve(end);
      };
      try {
        this.handle.send(request);
      } catch (err) {
        this.finish({ kind: 'exit', exit: { code: null, signal: null, detail: (err as Error).message } });
      }
    });
  }

  kill(): void {
    if (this.alive) this.handle.kill();
  }

  /** Asks an idle worker to leave, and makes sure it does. */
  shutdown(): void {
    if (!this.alive) return;
    try {
      this.handle.send({ type: 'shutdown' });
    } catch {
      this.handle.kill();
      return;
    }
    const timer = setTimeout(() => this.kill(), SHUTDOWN_GRACE_MS);
    timer.unref();
  }

  private finish(end: RunEnd): void {
    const settle = this.settle;
    this.settle = undefined;
    this.jobId = undefined;
    settle?.(end);
  }
}

function describeExit(exit: WorkerExit): string {
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? '?'}`;
  const detail = exit.detail?.trim().split('\n').filter(Boolean).at(-1);
  return detail ? `${how}: ${detail}` : how;
}

/**
 * Analyses `jobs` and reports each outcome as it arrives. Resolves when every job is done, or
 * soon after the signal aborts (running files are then abandoned, not recorded: the next run
 * does them). Rejects with WorkerStartError when workers cannot start, or with whatever
 * onOutcome threw.
 */
export async function runPool(jobs: readonly PoolJob[], options: PoolOptions): Promise<PoolReport> {
  const queue = [...jobs];
  const concurrency = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), queue.length));
  const timeoutOf = options.timeoutMs ?? defaultTimeoutMs;
  const models = options.models ?? [];
  const live = new Set<PooledWorker>();
  const started: PooledWorker[] = [];
  let succeeded = 0;
  let failed = 0;
  let workersStarted = 0;
  let maxRssBytes = 0;
  let stopped = false;
  let fatal: unknown;

  const stopAll = (): void => {
    stopped = true;
    for (const worker of live) if (worker.busy) worker.kill();
  };
  const onAbort = (): void => stopAll();
  if (options.signal?.aborted) stopped = true;
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const startWorker = async (): Promise<PooledWorker | undefined> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS && !stopped; attempt++) {
      let worker: PooledWorker;
      try {
        worker = new PooledWorker(await options.spawn());
      } catch (err) {
        throw err instanceof WorkerStartError
          ? err
          : new WorkerStartError(`cannot start an analysis worker: ${(err as Error).message}`);
      }
      workersStarted++;
      started.push(worker);
      live.add(worker);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          worker.ready,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new WorkerStartError(`analysis worker did not start within ${READY_TIMEOUT_MS / 1000} s`)),
              READY_TIMEOUT_MS,
            );
          }),
        ]);
        return worker;
      } catch (err) {
        lastError = err;
        worker.kill();
        live.delete(worker);
      } finally {
        clearTimeout(timer);
      }
    }
    if (stopped) return undefined;
    throw lastError instanceof Error ? lastError : new WorkerStartError('cannot start an analysis worker');
  };

  const deliver = (outcome: JobOutcome): void => {
    if (outcome.ok) {
      succeeded++;
      maxRssBytes = Math.max(maxRssBytes, outcome.maxRssBytes);
    } else {
      failed++;
    }
    options.onOutcome(outcome);
  };

  const slot = async (): Promise<void> => {
    let worker: PooledWorker | undefined;
    try {
      while (!stopped) {
        const job = queue.shift();
        if (!job) break;
        if (!worker?.alive) {
          if (worker) live.delete(worker);
          worker = await startWorker();
        }
        if (!worker || stopped) {
          // Cancelled while a worker was starting: the job stays for the next run.
          queue.unshift(job);
          break;
        }
        options.onStart?.(job, worker.pid);
        const started = performance.now();
        const end = await worker.run(
          {
            type: 'analyse',
            jobId: job.id,
            path: job.path,
            mode: job.mode,
            durationHintSec: job.durationHintSec,
            ffmpeg: options.ffmpeg,
            models,
          },
          timeoutOf(job),
        );
        const elapsedMs = performance.now() - started;
        if (end.kind !== 'message' && stopped) {
          // Killed because the run was cancelled: not this file's fault, leave it for next time.
          queue.unshift(job);
          break;
        }
        if (end.kind === 'message') {
          const m = end.message;
          deliver(
            m.type === 'result'
              ? { ok: true, job, analysis: m.analysis, inference: m.inference, elapsedMs, maxRssBytes: m.maxRssBytes }
              : { ok: false, job, failure: m.failure, elapsedMs },
          );
        } else if (end.kind === 'timeout') {
          worker.kill();
          live.delete(worker);
          worker = undefined;
          deliver({
            ok: false,
            job,
            failure: {
              kind: 'timeout',
              message: `analysis did not finish within ${Math.round(timeoutOf(job) / 1000)} s; the worker was killed`,
            },
            elapsedMs,
          });
        } else {
          live.delete(worker);
          worker = undefined;
          deliver({
            ok: false,
            job,
            failure: {
              kind: 'crashed',
              message: `the analysis worker crashed on this file (${describeExit(end.exit)})`,
            },
            elapsedMs,
          });
        }
      }
    } catch (err) {
      if (fatal === undefined) fatal = err;
      stopAll();
    } finally {
      if (worker) {
        worker.shutdown();
        live.delete(worker);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, () => slot()));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const worker of live) worker.kill();
    // Return only once no worker of this run is left running (or after a bounded wait).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(started.map((w) => w.gone)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, EXIT_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  if (fatal !== undefined) throw fatal;
  return {
    succeeded,
    failed,
    notRun: queue.length,
    cancelled: options.signal?.aborted ?? false,
    workersStarted,
    maxRssBytes,
  };
}
