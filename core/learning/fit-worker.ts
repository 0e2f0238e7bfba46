import { parentPort, workerData } from 'node:worker_threads';
import { getLibsvm } from '../model/libsvm.js';
import type { FitRequest, FitResponse, FitWorkerData } from './fit-pool.js';
import { unpackSet } from './packed-set.js';
import { fitPersonalSvc } from './personal-fit.js';

/**
 * A worker thread of the fit pool (fit-pool.ts): its own private libsvm, the shared training set,
 * and one fit per request. libsvm is reset before every fit, so a fit here gives exactly what the
 * same fit gives in-process.
 */
const data = workerData as FitWorkerData;
const set = unpackSet(data.set);
const libsvm = await getLibsvm();
const port = parentPort;
if (!port) throw new Error('fit-worker.js must run as a worker thread');
port.on('message', (request: FitRequest) => {
  let response: FitResponse;
  try {
    response = { id: request.id, fit: fitPersonalSvc(libsvm, set, request.trainTracks, data.limits, request.seed) };
  } catch (err) {
    response = { id: request.id, error: `${(err as Error).name}: ${(err as Error).message}` };
  }
  port.postMessage(response);
});
