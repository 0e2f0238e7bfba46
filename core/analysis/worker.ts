/**
 * The analysis worker process: receives analyse requests, decodes the file's windows through
 * ffmpeg and computes their features, classifies those windows with the requested genre models,
 * replies with both. One module for both hosts, told apart at run time so it never imports 'electron':
 * - Electron's utilityProcess gives the child `process.parentPort` (a MessagePort: messages
 *   arrive as events with `.data`, replies go through `postMessage`);
 * - Node's child_process.fork gives it `process.send` and 'message' events on `process`.
 * Nothing imports this file: it is only ever started as a process by the pool's spawner. Window
 * inference (core/model, an earlier stage) is loaded only when a request names a model, so
 * onnxruntime costs a feature-only worker nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { analyseFile } from './analyse-file.js';
import {
  connectFfmpegLauncher,
  LAUNCHER_SOCKET_ENV,
  startFfmpegLauncher,
  type FfmpegLauncher,
} from './decode/launched-ffmpeg.js';
import { toAnalysisFailure } from './errors.js';
import { extractFeatures } from './features/extract.js';
import { isWorkerRequest, type AnalyseRequest, type InferenceResult, type WorkerResponse } from './protocol.js';
import type { WindowClassifier } from '../model/window-inference.js';

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

let classifier: Promise<WindowClassifier> | undefined;
// ffmpeg is started by a small launcher process, not forked from this one (whose heap makes each
// fork cost ~20 ms more CPU): the one the run shares among its workers when the host names its
// socket (the CLI), else one of our own, started now, while this process is still small. Without
// one (it cannot start here, or GENREWISE_FFMPEG_LAUNCHER=off, for comparison) ffmpeg is spawned directly.
let launcher: Promise<FfmpegLauncher | undefined> = Promise.resolve(undefined);

function ffmpegLauncher(): Promise<FfmpegLauncher | undefined> {
  const shared = process.env[LAUNCHER_SOCKET_ENV];
  if (!shared) return startFfmpegLauncher();
  return connectFfmpegLauncher(shared).then((connected) => connected ?? startFfmpegLauncher());
}

/** Never throws: whatever goes wrong in inference leaves the features intact. */
async function infer(
  request: AnalyseRequest,
  windows: readonly (readonly number[])[],
): Promise<InferenceResult | null> {
  if (request.models.length === 0) return null;
  try {
    classifier ??= import('../model/window-inference.js').then((m) => m.createWindowClassifier());
    return await (
      await classifier
    )(request.models, windows);
  } catch (err) {
    classifier = undefined;
    return {
      predictions: [],
      error: `inference unavailable in the worker: ${err instanceof Error ? err.message : String(err)}`,
      ms: 0,
    };
  }
}

async function analyse(channel: Channel, request: AnalyseRequest): Promise<void> {
  try {
    const analysis = await analyseFile(request.path, {
      ffmpeg: request.ffmpeg,
      extract: extractFeatures,
      mode: request.mode,
      durationHintSec: request.durationHintSec,
      startFfmpeg: (await launcher)?.start,
    });
    const inference = await infer(
      request,
      analysis.windows.map((w) => w.features),
    );
    channel.post({
      type: 'result',
      jobId: request.jobId,
      analysis,
      inference,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    });
  } catch (err) {
    channel.post({ type: 'error', jobId: request.jobId, failure: toAnalysisFailure(err) });
  }
}

// The feature kernels are generated WebAssembly, compiled once per worker. V8 compiles a module
// with its baseline compiler (Liftoff) first and again with TurboFan once a function is hot, so a
// fresh worker paid for both and ran its first window on baseline code: ~70–90 ms of CPU per
// worker. TurboFan at once is cheaper overall, and the same machine code runs either way. Set
// before any kernel is compiled (they are built on first use), so it holds for every host.
setFlagsFromString('--no-liftoff');

const channel = parentChannel();
if (!channel) {
  process.stderr.write('genrewise analysis worker: start me through the analysis pool (no parent channel)\n');
  process.exitCode = 2;
} else {
  process.title = 'genrewise-analysis';
  if (process.env.GENREWISE_FFMPEG_LAUNCHER !== 'off') launcher = ffmpegLauncher();
  // Requests are handled strictly one after another; the pool sends one at a time anyway.
  let queue = Promise.resolve();
  channel.listen((message) => {
    if (!isWorkerRequest(message)) return;
    if (message.type === 'shutdown') {
      queue = queue.then(() => launcher.then((l) => l?.close())).then(() => process.exit(0));
      return;
    }
    queue = queue.then(() => analyse(channel, message));
  });
  channel.post({ type: 'ready', pid: process.pid });
}
