/**
 * The analysis worker process: receives analyse requests, decodes the file's windows through
 * ffmpeg and computes their features, replies with the result. One module for both hosts, told
 * apart at run time so it never imports 'electron':
 * - Electron's utilityProcess gives the child `process.parentPort` (a MessagePort: messages
 *   arrive as events with `.data`, replies go through `postMessage`);
 * - Node's child_process.fork gives it `process.send` and 'message' events on `process`.
 * Nothing imports this file: it is only ever started as a process by the pool's spawner.
 */
import { analyseFile } from './analyse-file.js';
import { toAnalysisFailure } from './errors.js';
import { extractFeatures } from './features/extract.js';
import { isWorkerRequest, type AnalyseRequest, type WorkerResponse } from './protocol.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

interface Channel {
  post(message: WorkerResponse): void;
  listen(listener: (message: unknown) => void): void;
}

function parentChannel(): Channel | undefined {
  const port = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      post: (message) => port.postMessage(message),
      listen: (listener) => port.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    // A pool that died without shutting us down (killed CLI) closes the IPC channel: leave too.
    process.on('disconnect', () => process.exit(0));
    return {
      post: (message) => {
        send(message);
      },
      listen: (listener) => process.on('message', listener),
    };
  }
  return undefined;
}

async function analyse(channel: Channel, request: AnalyseRequest): Promise<void> {
  try {
    const analysis = await analyseFile(request.path, {
      ffmpeg: request.ffmpeg,
      extract: extractFeatures,
      mode: request.mode,
      durationHintSec: request.durationHintSec,
    });
    channel.post({ type: 'result', jobId: request.jobId, analysis, maxRssBytes: process.resourceUsage().maxRSS * 1024 });
  } catch (err) {
    channel.post({ type: 'error', jobId: request.jobId, failure: toAnalysisFailure(err) });
  }
}

const channel = parentChannel();
if (!channel) {
  process.stderr.write('genrewise analysis worker: start me through the analysis pool (no parent channel)\n');
  process.exitCode = 2;
} else {
  process.title = 'genrewise-analysis';
  // Requests are handled strictly one after another; the pool sends one at a time anyway.
  let queue = Promise.resolve();
  channel.listen((message) => {
    if (!isWorkerRequest(message)) return;
    if (message.type === 'shutdown') {
      queue = queue.then(() => process.exit(0));
      return;
    }
    queue = queue.then(() => analyse(channel, message));
  });
  channel.post({ type: 'ready', pid: process.pid });
}
