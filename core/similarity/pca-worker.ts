import { parentPort } from 'node:worker_threads';
import { principalComponents } from './pca.js';

/** Thread body of pca-thread.ts: one PCA per message, the coordinates sent back without a copy. */
export interface PcaRequest {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
  readonly components: number;
}

export interface PcaReply {
  readonly data: Float32Array;
  readonly cols: number;
  readonly explained: readonly number[];
}

parentPort?.on('message', (req: PcaRequest) => {
  const { coordinates, explained } = principalComponents(
    { rows: req.rows, cols: req.cols, data: req.data },
    req.components,
  );
  const reply: PcaReply = { data: coordinates.data, cols: coordinates.cols, explained };
  parentPort?.postMessage(reply, [coordinates.data.buffer as ArrayBuffer]);
});
