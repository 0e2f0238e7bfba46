import { parentPort, workerData } from 'node:worker_threads';
import { AdaptiveFileIo } from './adaptive-file-io.js';
import { asyncFileIo, syncFileIo, type FileIo } from './cached-file-tokenizer.js';
import { fingerprintFile, readTrack } from './read-track.js';
import type { TagReaderRequest, TagReaderResponse, TagReaderWorkerOptions } from './tag-reader-protocol.js';

/**
 * Worker-thread entry: reads tags for the requests it is sent, several files at a time, and
 * answers in batches. Problems with a file come back as a result; only a bug in the reader
 * itself can end the thread (the pool then recovers).
 */
const port = parentPort;
if (!port) throw new Error('tag-reader-worker must run as a worker thread');

const options = (workerData ?? {}) as Partial<TagReaderWorkerOptions>;
const io: FileIo =
  options.io === 'sync'
    ? syncFileIo
    : options.io === 'async'
      ? asyncFileIo
      : new AdaptiveFileIo(syncFileIo, asyncFileIo);
const inFlightLimit = Math.max(1, options.inFlight ?? 8);
/**
 * Synchronous reads never wait, so files in flight together would only take turns on this thread,
 * each with its buffers and parser state evicting the others' from the CPU caches: one at a time.
 */
const inFlight = (): number =>
  io === syncFileIo || (io instanceof AdaptiveFileIo && io.mode === 'sync') ? 1 : inFlightLimit;
/** Answers are batched, at most this many at once so the scan sees steady progress. */
const MAX_BATCH = 16;

const queue: TagReaderRequest[] = [];
let active = 0;
let outbox: TagReaderResponse[] = [];

async function handle(request: TagReaderRequest): Promise<TagReaderResponse> {
  if (request.kind === 'read') {
    return { id: request.id, kind: 'read', result: await readTrack(request.path, request.size, request.extension, io) };
  }
  const fingerprint = await fingerprintFile(request.path, request.size, io);
  return { id: request.id, kind: 'fingerprint', fingerprint: fingerprint ?? null };
}

function flush(): void {
  if (outbox.length === 0) return;
  port?.postMessage(outbox);
  outbox = [];
}

function pump(): void {
  while (active < inFlight() && queue.length > 0) {
    const request = queue.shift() as TagReaderRequest;
    active++;
    void handle(request).then((response) => {
      active--;
      outbox.push(response);
      // Send when the batch is full or the worker is about to go idle.
      if (outbox.length >= MAX_BATCH || (active === 0 && queue.length === 0)) flush();
      pump();
    });
  }
}

port.on('message', (requests: readonly TagReaderRequest[]) => {
  queue.push(...requests);
  pump();
});
port.postMessage([{ id: 0, kind: 'ready' }] satisfies TagReaderResponse[]);
