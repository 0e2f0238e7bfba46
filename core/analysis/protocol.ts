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
import type { InferenceResult, ModelRef } from '../model/window-inference.js';

export type { InferenceResult, ModelRef, WindowPredictions } from '../model/window-inference.js';

/**
 * A genre model the parent has already located and checked (once per run, so a bad model fails
 * the run up front): the worker loads exactly these files and refuses them if their identity
 * changed on disk since.
 */
export interface AnalyseRequest {
  readonly type: 'analyse';
  readonly jobId: number;
  readonly path: string;
  readonly mode: WindowMode;
  /** Duration from the library's tags, when known: saves a probe. */
  readonly durationHintSec: number | null;
  readonly ffmpeg: FfmpegCommand;
  /** Models to classify the windows with right after the features; empty: features only. */
  readonly models: readonly ModelRef[];
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

/** A finished file: its features and, when models were requested, their predictions. */
export interface ResultMessage {
  readonly type: 'result';
  readonly jobId: number;
  readonly analysis: FileAnalysis;
  /** Null when the request named no model. */
  readonly inference: InferenceResult | null;
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

function isModelRef(value: unknown): value is ModelRef {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.onnxPath === 'string' &&
    typeof value.cardPath === 'string'
  );
}

function isInferenceResult(value: unknown): value is InferenceResult {
  return (
    isObject(value) &&
    Array.isArray(value.predictions) &&
    value.predictions.every(
      (p) =>
        isObject(p) &&
        typeof p.modelId === 'string' &&
        Array.isArray(p.genres) &&
        Array.isArray(p.windowProbabilities) &&
        (p.oodScore === null || typeof p.oodScore === 'number'),
    ) &&
    (value.error === null || typeof value.error === 'string') &&
    typeof value.ms === 'number'
  );
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
    (value.ffmpeg.resampler === 'soxr' || value.ffmpeg.resampler === 'swr') &&
    Array.isArray(value.models) &&
    value.models.every(isModelRef)
  );
}

export function isWorkerResponse(value: unknown): value is WorkerResponse {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return typeof value.pid === 'number';
    case 'result':
      return (
        typeof value.jobId === 'number' &&
        isObject(value.analysis) &&
        Array.isArray(value.analysis.windows) &&
        (value.inference === null || isInferenceResult(value.inference))
      );
    case 'error':
      return typeof value.jobId === 'number' && isObject(value.failure) && typeof value.failure.kind === 'string';
    default:
      return false;
  }
}
