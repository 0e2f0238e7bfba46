import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fingerprintFile, readTrack, type TrackReadResult } from './read-track.js';
import type { TagReaderRequest, TagReaderResponse } from './tag-reader-protocol.js';

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

export interface TagReaderOptions {
  /** Worker threads; default: the number of cores, at most 4. 0 reads in-process. */
  readonly threads?: number;
  readonly workerUrl?: URL;
}

/**
 * Parsing tags is CPU work (music-metadata builds its tag maps per file), so a scan of thousands
 * of small files is bound by one core unless the parsing is spread over threads. Falls back to
 * in-process reading when the compiled worker is not there (tests running from sources).
 */
export function createTagReader(options: TagReaderOptions = {}): TagReader {
  const threads = options.threads ?? Math.min(4, availableParallelism());
  const url = options.workerUrl ?? defaultWorkerUrl();
  if (threads <= 0 || !existsSync(fileURLToPath(url))) return inProcessTagReader();
  return new TagReaderPool(threads, url);
}

interface Pending {
  readonly request: TagReaderRequest;
  readonly resolve: (response: TagReaderResponse) => void;
  readonly reject: (error: Error) => void;
}

/** The worker thread could not start (missing or broken build): the scan cannot go on. */
export class TagReaderStartError extends Error {
  override name = 'TagReaderStartError';
}

interface Lane {
  worker: Worker;
  /** Requests sent and not answered, in the order the worker handles them. */
  readonly pending: Map<number, Pending>;
}

/**
 * A fixed set of worker threads; each request goes to the least busy one. A worker that dies (a
 * reader bug, out of memory on a hostile file) takes only the request it was working on down
 * with it: that one is answered as a failure, the worker is replaced and its other requests are
 * sent again.
 */
export class TagReaderPool implements TagReader {
  private readonly lanes: Lane[] = [];
  private nextId = 1;
  private closed = false;
  private broken: TagReaderStartError | undefined;

  constructor(
    readonly threads: number,
    private readonly url: URL,
  ) {
    for (let i = 0; i < threads; i++) this.lanes.push(this.startLane());
  }

  async read(path: string, size: number, extension: string): Promise<TrackReadResult> {
    const response = await this.send({ id: this.nextId++, kind: 'read', path, size, extension });
    if (response.kind !== 'read') throw new Error('tag reader answered a read with a fingerprint');
    return response.result;
  }

  async fingerprint(path: string, size: number): Promise<string | undefined> {
    const response = await this.send({ id: this.nextId++, kind: 'fingerprint', path, size });
    return response.kind === 'fingerprint' ? (response.fingerprint ?? undefined) : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.map((lane) => lane.worker.terminate()));
  }

  private send(request: TagReaderRequest): Promise<TagReaderResponse> {
    if (this.closed) return Promise.reject(new Error('tag reader is closed'));
    const lane = this.lanes.reduce((best, l) => (l.pending.size < best.pending.size ? l : best));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      lane.pending.set(request.id, { request, resolve, reject });
      lane.worker.postMessage(request);
    });
  }

  private startLane(): Lane {
    const lane: Lane = { worker: new Worker(this.url), pending: new Map() };
    this.watch(lane, lane.worker);
    return lane;
  }

  /** Replaces a lane's dead worker and sends it whatever the lane still has pending. */
  private restart(lane: Lane): void {
    lane.worker = new Worker(this.url);
    this.watch(lane, lane.worker);
    for (const p of lane.pending.values()) lane.worker.postMessage(p.request);
  }

  private watch(lane: Lane, worker: Worker): void {
    let ready = false;
    worker.on('message', (response: TagReaderResponse) => {
      if (response.kind === 'ready') {
        ready = true;
        return;
      }
      const p = lane.pending.get(response.id);
      if (!p) return;
      lane.pending.delete(response.id);
      p.resolve(response);
    });
    let failure = 'exited';
    worker.on('error', (err) => {
      failure = err.message;
    });
    worker.on('exit', () => {
      if (this.closed || lane.worker !== worker) return;
      if (!ready) {
        // It died loading its modules: restarting would only loop.
        this.broken = new TagReaderStartError(`tag reader thread could not start: ${failure}`);
        for (const p of lane.pending.values()) p.reject(this.broken);
        lane.pending.clear();
        return;
      }
      // Requests are handled in order, so the oldest pending one is what the worker died on.
      const culprit = lane.pending.values().next().value;
      if (culprit) {
        lane.pending.delete(culprit.request.id);
        culprit.resolve(crashResponse(culprit.request, failure));
      }
      this.restart(lane);
    });
  }
}

function crashResponse(request: TagReaderRequest, failure: string): TagReaderResponse {
  if (request.kind === 'fingerprint') return { id: request.id, kind: 'fingerprint', fingerprint: null };
  return { id: request.id, kind: 'read', result: { ok: false, kind: 'corrupt', message: `the tag reader failed on this file (${failure})` } };
}
