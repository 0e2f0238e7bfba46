import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fingerprintFile, readTrack, type TrackReadResult } from './read-track.js';
import type { TagReaderRequest, TagReaderResponse, TagReaderWorkerOptions } from './tag-reader-protocol.js';

/** Reads tags and fingerprints for the scanner: in worker threads when it can, else in-process. */
export interface TagReader {
  read(path: string, size: number, extension: string): Promise<TrackReadResult>;
  fingerprint(path: string, size: number): Promise<string | undefined>;
  close(): Promise<void>;
  /** Worker threads in use (0: reading on the caller's thread). */
  readonly threads: number;
}

/** On the caller's event loop with asynchronous I/O: for tiny jobs and for running from sources. */
export function inProcessTagReader(): TagReader {
  return {
    read: (path, size, extension) => readTrack(path, size, extension),
    fingerprint: (path, size) => fingerprintFile(path, size),
    close: () => Promise.resolve(),
    threads: 0,
  };
}

/** The compiled worker beside this module (dist/node/…); absent when running from TypeScript sources. */
export function defaultWorkerUrl(): URL {
  return new URL('./tag-reader-worker.js', import.meta.url);
}

/**
 * Worker threads by default: one core fewer than the machine has (the calling thread walks the
 * folders and writes every result to SQLite, about a third of a scan's CPU), at least one, at most
 * four. Each thread also pays its own start-up: loading the parsers and warming up their compiled
 * code costs about as much as reading the first 2,000 small files, so a thread more than the cores
 * can keep busy costs CPU and gains nothing.
 */
export function defaultTagReaderThreads(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

export interface TagReaderOptions {
  /** Worker threads; default: defaultTagReaderThreads(). 0 reads in-process. */
  readonly threads?: number;
  readonly workerUrl?: URL;
  readonly worker?: TagReaderWorkerOptions;
}

/**
 * Parsing tags is CPU work (music-metadata builds its tag maps per file), so a scan of thousands
 * of small files is bound by one core unless the parsing is spread over threads. Falls back to
 * in-process reading when the compiled worker is not there (tests running from sources).
 */
export function createTagReader(options: TagReaderOptions = {}): TagReader {
  const threads = options.threads ?? defaultTagReaderThreads();
  const url = options.workerUrl ?? defaultWorkerUrl();
  if (threads <= 0 || !existsSync(fileURLToPath(url))) return inProcessTagReader();
  return new TagReaderPool(threads, url, options.worker);
}

interface Pending {
  readonly request: TagReaderRequest;
  readonly resolve: (response: TagReaderResponse) => void;
  readonly reject: (error: Error) => void;
}

/** The worker thread could not start (missing or broken build, an archive it cannot load from). */
export class TagReaderStartError extends Error {
  override name = 'TagReaderStartError';
}

interface Lane {
  worker: Worker;
  /** Requests sent and not answered, in the order the worker handles them. */
  readonly pending: Map<number, Pending>;
  /** Requests not yet posted: posted together, one message per batch. */
  outbox: TagReaderRequest[];
  /**
   * After a crash the lane re-sends its requests one at a time, so that a second crash names
   * its file exactly; once they are all answered it batches again.
   */
  careful: Pending[];
}

/**
 * A fixed set of worker threads; each request goes to the least busy one. Requests and answers
 * travel in batches (a message costs tens of microseconds, a small file's tags not much more).
 * A worker that dies (a reader bug, out of memory on a hostile file) is replaced; its unanswered
 * requests are re-sent one at a time, and the one it dies on again is answered as a failure.
 */
export class TagReaderPool implements TagReader {
  private readonly lanes: Lane[] = [];
  private nextId = 1;
  private closed = false;
  private broken: TagReaderStartError | undefined;
  private flushScheduled = false;
  private readonly fallback = inProcessTagReader();

  constructor(
    readonly threads: number,
    private readonly url: URL,
    private readonly workerOptions: TagReaderWorkerOptions = { io: 'adaptive', inFlight: 8 },
  ) {
    for (let i = 0; i < threads; i++) {
      const lane: Lane = { worker: this.startWorker(), pending: new Map(), outbox: [], careful: [] };
      this.watch(lane, lane.worker);
      this.lanes.push(lane);
    }
  }

  /** Why the threads could not be used, when reading fell back to the calling thread. */
  get startError(): TagReaderStartError | undefined {
    return this.broken;
  }

  async read(path: string, size: number, extension: string): Promise<TrackReadResult> {
    if (this.broken) return this.fallback.read(path, size, extension);
    const response = await this.send({ id: this.nextId++, kind: 'read', path, size, extension });
    if (response.kind !== 'read') throw new Error('tag reader answered a read with a fingerprint');
    return response.result;
  }

  async fingerprint(path: string, size: number): Promise<string | undefined> {
    if (this.broken) return this.fallback.fingerprint(path, size);
    const response = await this.send({ id: this.nextId++, kind: 'fingerprint', path, size });
    return response.kind === 'fingerprint' ? (response.fingerprint ?? undefined) : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.map((lane) => lane.worker.terminate()));
  }

  private send(request: TagReaderRequest): Promise<TagReaderResponse> {
    if (this.closed) return Promise.reject(new Error('tag reader is closed'));
    const load = (l: Lane): number => l.pending.size + l.outbox.length + l.careful.length;
    const lane = this.lanes.reduce((best, l) => (load(l) < load(best) ? l : best));
    return new Promise((resolve, reject) => {
      const pending: Pending = { request, resolve, reject };
      if (lane.careful.length > 0) {
        lane.careful.push(pending);
        return;
      }
      lane.pending.set(request.id, pending);
      lane.outbox.push(request);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const lane of this.lanes) {
      if (lane.outbox.length === 0) continue;
      lane.worker.postMessage(lane.outbox);
      lane.outbox = [];
    }
  }

  private startWorker(): Worker {
    return new Worker(this.url, { workerData: this.workerOptions });
  }

  private async viaFallback(p: Pending): Promise<void> {
    const r = p.request;
    try {
      if (r.kind === 'read')
        p.resolve({ id: r.id, kind: 'read', result: await this.fallback.read(r.path, r.size, r.extension) });
      else
        p.resolve({
          id: r.id,
          kind: 'fingerprint',
          fingerprint: (await this.fallback.fingerprint(r.path, r.size)) ?? null,
        });
    } catch (err) {
      p.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** In recovery: post the next careful request once the previous one is answered. */
  private nextCareful(lane: Lane): void {
    if (lane.pending.size > 0) return;
    const next = lane.careful.shift();
    if (!next) return;
    lane.pending.set(next.request.id, next);
    lane.worker.postMessage([next.request]);
  }

  private watch(lane: Lane, worker: Worker): void {
    let ready = false;
    worker.on('message', (responses: readonly TagReaderResponse[]) => {
      for (const response of responses) {
        if (response.kind === 'ready') {
          ready = true;
          continue;
        }
        const p = lane.pending.get(response.id);
        if (!p) continue;
        lane.pending.delete(response.id);
        p.resolve(response);
      }
      this.nextCareful(lane);
    });
    let failure = 'exited';
    worker.on('error', (err) => {
      failure = err.message;
    });
    worker.on('exit', () => {
      if (this.closed || lane.worker !== worker) return;
      if (!ready) {
        // It died loading its modules: restarting would only loop. Read on this thread instead,
        // slower but correct; `startError` says why.
        this.broken = new TagReaderStartError(`tag reader thread could not start: ${failure}`);
        for (const p of [...lane.pending.values(), ...lane.careful]) void this.viaFallback(p);
        lane.pending.clear();
        lane.careful = [];
        lane.outbox = [];
        return;
      }
      const unanswered = [...lane.pending.values()];
      lane.pending.clear();
      lane.outbox = [];
      if (unanswered.length === 1) {
        // Alone in flight: this request is what it died on.
        const [culprit] = unanswered;
        culprit?.resolve(crashResponse(culprit.request, failure));
      } else {
        lane.careful = [...unanswered, ...lane.careful];
      }
      lane.worker = this.startWorker();
      this.watch(lane, lane.worker);
      this.nextCareful(lane);
    });
  }
}

function crashResponse(request: TagReaderRequest, failure: string): TagReaderResponse {
  if (request.kind === 'fingerprint') return { id: request.id, kind: 'fingerprint', fingerprint: null };
  return {
    id: request.id,
    kind: 'read',
    result: { ok: false, kind: 'corrupt', message: `the tag reader failed on this file (${failure})` },
  };
}
