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

async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  for (let request = queue.shift(); request; request = queue.shift()) {
    port?.postMessage(await handle(request));
  }
  busy = false;
}

port.on('message', (request: TagReaderRequest) => {
  queue.push(request);
  void pump();
});
port.postMessage({ id: 0, kind: 'ready' } satisfies TagReaderResponse);
