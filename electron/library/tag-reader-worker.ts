import { parentPort } from 'node:worker_threads';
import { syncFileIo } from './cached-file-tokenizer.js';
import { fingerprintFile, readTrack } from './read-track.js';
import type { TagReaderRequest, TagReaderResponse } from './tag-reader-protocol.js';

/**
 * Worker-thread entry: reads tags with synchronous file I/O (see FileIo) one request at a time,
 * in arrival order, and answers each with its result. Problems with a file come back as a
 * result; only a bug in the reader itself can end the thread (the pool then recovers).
 */
const port = parentPort;
if (!port) throw new Error('tag-reader-worker must run as a worker thread');

const queue: TagReaderRequest[] = [];
let busy = false;

async function handle(request: TagReaderRequest): Promise<TagReaderResponse> {
  if (request.kind === 'read') {
    return { id: request.id, kind: 'read', result: await readTrack(request.path, request.size, request.extension, syncFileIo) };
  }
  const fingerprint = await fingerprintFile(request.path, request.size, syncFileIo);
  return { id: request.id, kind: 'fingerprint', fingerprint: fingerprint ?? null };
}

/** Answers are sent in batches too, at most this many at once so the scan sees steady progress. */
const MAX_BATCH = 16;

async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  let outbox: TagReaderResponse[] = [];
  for (let request = queue.shift(); request; request = queue.shift()) {
    outbox.push(await handle(request));
    if (outbox.length >= MAX_BATCH || queue.length === 0) {
      port?.postMessage(outbox);
      outbox = [];
    }
  }
  busy = false;
}

port.on('message', (requests: readonly TagReaderRequest[]) => {
  queue.push(...requests);
  void pump();
});
port.postMessage([{ id: 0, kind: 'ready' }] satisfies TagReaderResponse[]);
