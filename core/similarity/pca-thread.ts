import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VectorMatrix } from './matrix.js';
import { principalComponents, type PrincipalComponents } from './pca.js';
import type { PcaReply, PcaRequest } from './pca-worker.js';

export function defaultPcaWorkerUrl(): URL {
  return new URL('./pca-worker.js', import.meta.url);
}

/**
 * principalComponents in a worker thread, so a 100,000-track map does not hold up the server's
 * or the app's main thread. Where the worker file is not beside this module (a bundle), the PCA
 * runs in place instead: the same numbers, only not in the background.
 */
export async function principalComponentsOffThread(
  m: VectorMatrix,
  components = 2,
  workerUrl: URL = defaultPcaWorkerUrl(),
): Promise<PrincipalComponents> {
  if (!existsSync(fileURLToPath(workerUrl))) return principalComponents(m, components);
  const worker = new Worker(workerUrl);
  try {
    const data = m.data.slice();
    const request: PcaRequest = { rows: m.rows, cols: m.cols, data, components };
    const reply = await new Promise<PcaReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the map's worker thread stopped (exit ${code})`)));
      worker.postMessage(request, [data.buffer]);
    });
    return {
      coordinates: { rows: m.rows, cols: reply.cols, data: reply.data },
      explained: reply.explained,
    };
  } finally {
    await worker.terminate();
  }
}
