import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { getLibsvm } from '../model/libsvm.js';
import { packSet, type PackedSet } from './packed-set.js';
import { fitPersonalSvc, type FitLimits, type PersonalFit } from './personal-fit.js';
import type { PersonalTrainingSet } from './training-set.js';

/**
 * Where the SVC fits of one learning run happen — the cross-validation folds and the final model
 * are independent fits, and libsvm uses one core — so on a machine with several cores they run
 * side by side in worker threads. Each fit's result depends only on its inputs (libsvm is reset
 * before every fit), so the threads change the time, never the model. Falls back to fitting on
 * the caller's thread with one core or when the compiled worker is not there (tests running from
 * the TypeScript sources).
 */

export interface FitPool {
  /** Worker threads in use (0: fits run on the caller's thread). */
  readonly threads: number;
  fit(trainTracks: readonly number[], seed: number): Promise<PersonalFit>;
  /** Stops the workers; fits not finished are rejected. */
  close(): Promise<void>;
}

export interface FitWorkerData {
  readonly set: PackedSet;
  readonly limits: FitLimits;
}

export interface FitRequest {
  readonly id: number;
  readonly trainTracks: readonly number[];
  readonly seed: number;
}

export type FitResponse =
  { readonly id: number; readonly fit: PersonalFit } | { readonly id: number; readonly error: string };

export class FitWorkerError extends Error {
  override name = 'FitWorkerError';
}

export interface FitPoolOptions {
  /** Worker threads; default: the cores, at most 4. 0 or 1 fits on the caller's thread. */
  readonly threads?: number;
  readonly workerUrl?: URL;
  /** Checked before each in-process fit. */
  readonly signal?: AbortSignal;
}

export function defaultFitWorkerUrl(): URL {
  return new URL('./fit-worker.js', import.meta.url);
}

export function defaultFitThreads(): number {
  return Math.min(4, availableParallelism());
}

export function createFitPool(set: PersonalTrainingSet, limits: FitLimits, options: FitPoolOptions = {}): FitPool {
  const threads = options.threads ?? defaultFitThreads();
  const url = options.workerUrl ?? defaultFitWorkerUrl();
  if (threads <= 1 || !existsSync(fileURLToPath(url))) return inProcessPool(set, limits, options.signal);
  return workerPool(set, limits, threads, url);
}

function inProcessPool(set: PersonalTrainingSet, limits: FitLimits, signal: AbortSignal | undefined): FitPool {
  return {
    threads: 0,
    async fit(trainTracks, seed) {
      // Each fit blocks for a while: let signal handlers and progress output run first.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new FitWorkerError('stopped');
      return fitPersonalSvc(await getLibsvm(), set, trainTracks, limits, seed);
    },
    close: () => Promise.resolve(),
  };
}

interface Job {
  readonly request: FitRequest;
  readonly resolve: (fit: PersonalFit) => void;
  readonly reject: (error: Error) => void;
}

function workerPool(set: PersonalTrainingSet, limits: FitLimits, threads: number, url: URL): FitPool {
  const data: FitWorkerData = { set: packSet(set), limits };
  const queue: Job[] = [];
  const busy = new Map<Worker, Job>();
  const idle: Worker[] = [];
  let failure: Error | undefined;
  let nextId = 0;

  const fail = (error: Error): void => {
    failure ??= error;
    for (const job of [...busy.values(), ...queue.splice(0)]) job.reject(failure);
    busy.clear();
  };
  const dispatch = (): void => {
    while (!failure && idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Job;
      busy.set(worker, job);
      worker.postMessage(job.request);
    }
  };
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(url, { workerData: data });
    worker.on('message', (response: FitResponse) => {
      const job = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      if (job && job.request.id === response.id) {
        if ('fit' in response) job.resolve(response.fit);
        else job.reject(new FitWorkerError(response.error));
      }
      dispatch();
    });
    worker.on('error', (err) => fail(new FitWorkerError(`a fit worker failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0) fail(new FitWorkerError(`a fit worker stopped (exit code ${code})`));
    });
    idle.push(worker);
    return worker;
  });

  return {
    threads,
    fit(trainTracks, seed) {
      const promise = new Promise<PersonalFit>((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        queue.push({ request: { id: nextId++, trainTracks: [...trainTracks], seed }, resolve, reject });
        dispatch();
      });
      // Fits nobody waits for any more (a stopped run) must not surface as unhandled rejections.
      promise.catch(() => undefined);
      return promise;
    },
    async close() {
      fail(new FitWorkerError('stopped'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
