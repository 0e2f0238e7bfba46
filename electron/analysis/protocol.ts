/**
 * Messages between the analysis pool and its workers. Plain JSON-compatible objects, because the
 * same messages cross Node's child-process IPC (CLI) and Electron's utilityProcess MessagePort
 * (app). One request at a time per worker; every analyse request gets exactly one result or error
 * with its jobId, unless the worker dies.
 */
import type { FileAnalysis } from './analyse-file.js';
import type { FfmpegCommand } from './decode/ffmpeg.js';
import type { AnalysisFailure } from './errors.js';
import type { WindowMode } from './windows.js';

export interface AnalyseRequest {
  readonly type: 'analyse';
  readonly jobId: number;
  readonly path: string;
  readonly mode: WindowMode;
  /** Duration from the library's tags, when known: saves a probe. */
  readonly durationHintSec: number | null;
  readonly ffmpeg: FfmpegCommand;
}

/** Exit when idle (Electron's MessagePort has no "disconnect" to notice the pool going away). */
export interface ShutdownRequest {
  readonly type: 'shutdown';
}

export type WorkerRequest = AnalyseRequest | ShutdownRequest;

/** Sent once the worker has loaded and listens; the pool sends no job before it. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly pid: number;
}

/**
 * A finished file. The model issue adds its prediction here (inference runs in the worker right
 * after the features, on the same windows), as an optional field beside `analysis`.
 */
export interface ResultMessage {
  readonly type: 'result';
  readonly jobId: number;
  readonly analysis: FileAnalysis;
  /** The worker's peak resident memory so far (ffmpeg, a separate process, not included). */
  readonly maxRssBytes: number;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly jobId: number;
  readonly failure: AnalysisFailure;
}

export type WorkerResponse = ReadyMessage | ResultMessage | ErrorMessage;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isWorkerRequest(value: unknown): value is WorkerRequest {
  if (!isObject(value)) return false;
  if (value.type === 'shutdown') return true;
  return (
    value.type === 'analyse' &&
    typeof value.jobId === 'number' &&
    typeof value.path === 'string' &&
    (value.mode === 'spread' || value.mode === 'whole') &&
    (value.durationHintSec === null || typeof value.durationHintSec === 'number') &&
    isObject(value.ffmpeg) &&
    typeof value.ffmpeg.path === 'string' &&
    (value.ffmpeg.resampler === 'soxr' || value.ffmpeg.resampler === 'swr')
  );
}

export function isWorkerResponse(value: unknown): value is WorkerResponse {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return typeof value.pid === 'number';
    case 'result':
      return typeof value.jobId === 'number' && isObject(value.analysis) && Array.isArray(value.analysis.windows);
    case 'error':
      return typeof value.jobId === 'number' && isObject(value.failure) && typeof value.failure.kind === 'string';
    default:
      return false;
  }
}
