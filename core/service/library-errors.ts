import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileError } from '../../shared/api/types.js';
import { listAnalysisFailures } from '../analysis/store.js';
import type { Database } from '../library/db.js';
import { listScanErrors } from '../library/tracks.js';
import { listWriteFailures } from '../tags/write-failures.js';

/** Every stage's file errors, up to `limit` of each. */
export function libraryErrors(db: Database, limit: number): FileError[] {
  return [
    ...listScanErrors(db, { limit }),
    ...listAnalysisFailures(db, { limit }),
    ...listWriteFailures(db, { limit }),
  ];
}

/** What libraryErrorsOffThread asks its worker (library-errors-worker.ts). */
export interface LibraryErrorsRequest {
  readonly id: number;
  /** The library database's file, opened read-only there. */
  readonly path: string;
  readonly limit: number;
}

export type LibraryErrorsReply =
  { readonly id: number; readonly errors: FileError[] } | { readonly id: number; readonly failure: string };

export function defaultLibraryErrorsWorkerUrl(): URL {
  return new URL('./library-errors-worker.js', import.meta.url);
}

interface Waiting {
  readonly resolve: (errors: FileError[]) => void;
  readonly reject: (err: Error) => void;
}

/**
 * One worker thread answering list requests in turn, started on the first and kept (its
 * connection's page cache stays warm); it holds the process open only while a request waits.
 */
class ErrorsThread {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly url: URL) {}

  list(path: string, limit: number): Promise<FileError[]> {
    const worker = this.started();
    const id = this.next++;
    const request: LibraryErrorsRequest = { id, path, limit };
    return new Promise<FileError[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url);
    worker.on('message', (reply: LibraryErrorsReply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if ('failure' in reply) waiting?.reject(new Error(reply.failure));
      else waiting?.resolve(reply.errors);
    });
    const fail = (err: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the file errors' worker thread stopped (exit ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const threads = new Map<string, ErrorsThread>();

/**
 * libraryErrors on a read-only connection of its own, in a worker thread. The list reads the
 * track row of each failed analysis, scattered over the whole tracks table: 4–15 ms from a warm
 * page cache but 140–400 ms at 100,000 tracks when the file's pages are not in memory (the first
 * read after a start), and the server answers one request at a time. In a worker the wait for the
 * disk holds up nothing. An in-memory library, or a bundle without the worker file, reads in place.
 */
export async function libraryErrorsOffThread(
  db: Database,
  limit: number,
  workerUrl: URL = defaultLibraryErrorsWorkerUrl(),
): Promise<FileError[]> {
  if (db.memory) return libraryErrors(db, limit);
  let thread = threads.get(workerUrl.href);
  if (!thread) {
    // Looked for once: the worker file does not come and go while the app runs.
    if (!existsSync(fileURLToPath(workerUrl))) return libraryErrors(db, limit);
    threads.set(workerUrl.href, (thread = new ErrorsThread(workerUrl)));
  }
  return thread.list(db.name, limit);
}
