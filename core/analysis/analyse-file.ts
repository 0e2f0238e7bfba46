import { performance } from 'node:perf_hooks';
import {
  ANALYSIS_SAMPLE_RATE,
  FEATURE_NAMES,
  featureVectorToArray,
  type FeatureVector,
} from '../../shared/features.js';
import { decodedDuration, decodeMono, probeDuration, type FfmpegCommand } from './decode/ffmpeg.js';
import { DecodeError } from './decode/errors.js';
import type { FfmpegStarter } from './decode/ffmpeg-process.js';
import { ExtractionError } from './errors.js';
import { assertNotSilent, peakOf } from './silence.js';
import {
  assertAnalysable,
  MAX_WHOLE_SEC,
  MIN_ANALYSABLE_SEC,
  planWindows,
  policyId,
  type WindowMode,
} from './windows.js';

/** Mono float32 at 22,050 Hz → the 57 features; the real one is features/extract.ts. */
export type FeatureExtractor = (y: Float32Array) => FeatureVector;

export interface WindowFeatures {
  readonly index: number;
  readonly startSec: number;
  /** The samples actually analysed, in seconds (shorter than planned at the very end of a file). */
  readonly durationSec: number;
  /** The 57 values in FEATURE_NAMES order. */
  readonly features: readonly number[];
}

/** Wall-clock milliseconds per stage, for benchmarks and the worker's diagnostics. */
export interface StageTimings {
  readonly probeMs: number;
  readonly decodeMs: number;
  readonly extractMs: number;
}

export interface FileAnalysis {
  /** The duration the windows were planned from (probed or given), or the decoded length for whole-file analysis. */
  readonly durationSec: number;
  /** WINDOW_POLICY_ID or WHOLE_POLICY_ID. */
  readonly policy: string;
  readonly windows: readonly WindowFeatures[];
  readonly timings: StageTimings;
}

export interface AnalyseFileOptions {
  readonly ffmpeg: FfmpegCommand;
  readonly extract: FeatureExtractor;
  readonly mode?: WindowMode;
  /** Duration already known (the library's tag reader): saves a probe. Verified against the audio. */
  readonly durationHintSec?: number | null | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Per ffmpeg run; a stuck ffmpeg (dead network share) is killed after this long. */
  readonly decodeTimeoutMs?: number;
  /** How ffmpeg is started (the worker's launcher); default: as a child of this process. */
  readonly startFfmpeg?: FfmpegStarter | undefined;
}

const DEFAULT_DECODE_TIMEOUT_MS = 60_000;

/**
 * Decodes the windows the policy picks and computes their features, one window at a time while
 * the next one decodes, so at most two windows' samples are alive. Errors are thrown as
 * DecodeError / TooShortError / ExtractionError (see toAnalysisFailure).
 */
export async function analyseFile(path: string, options: AnalyseFileOptions): Promise<FileAnalysis> {
  const mode = options.mode ?? 'spread';
  const timings = { probeMs: 0, decodeMs: 0, extractMs: 0 };
  const decodeOptions = {
    ffmpeg: options.ffmpeg,
    signal: options.signal,
    timeoutMs: options.decodeTimeoutMs ?? DEFAULT_DECODE_TIMEOUT_MS,
    start: options.startFfmpeg,
  };
  const probe = async (): Promise<number> => {
    const t = performance.now();
    const duration = await probeDuration(path, decodeOptions);
    timings.probeMs += performance.now() - t;
    return duration;
  };
  const decodeWhole = async (): Promise<Float32Array> => {
    const t = performance.now();
    try {
      // A whole-file decode has no natural bound: the pool's per-file timeout covers it.
      return await decodeMono(path, undefined, {
        ...decodeOptions,
        timeoutMs: undefined,
        ...(mode === 'whole' && { maxSec: MAX_WHOLE_SEC }),
      });
    } finally {
      timings.decodeMs += performance.now() - t;
    }
  };
  let loudest = 0;
  const extract = (y: Float32Array): number[] => {
    const t = performance.now();
    loudest = Math.max(loudest, peakOf(y));
    try {
      return checkedFeatures(options.extract, y);
    } finally {
      timings.extractMs += performance.now() - t;
    }
  };

  const count = async (): Promise<number> => {
    const t = performance.now();
    try {
      // A whole-stream decode, like decodeWhole(): bounded by the pool's per-file timeout.
      return await decodedDuration(path, { ...decodeOptions, timeoutMs: undefined });
    } finally {
      timings.probeMs += performance.now() - t;
    }
  };

  const hint = options.durationHintSec;
  const hinted = mode === 'spread' && typeof hint === 'number' && Number.isFinite(hint) && hint > 0;
  let durationSec = hinted ? hint : mode === 'whole' ? Number.NaN : await probe();

  if (mode === 'whole' || durationSec <= 30) {
    const y = await decodeWhole();
    const decodedSec = y.length / ANALYSIS_SAMPLE_RATE;
    assertAnalysable(decodedSec);
    const windows = [{ index: 0, startSec: 0, durationSec: decodedSec, features: extract(y) }];
    assertNotSilent(loudest);
    return { durationSec: decodedSec, policy: policyId(mode === 'whole' ? 'whole' : 'spread'), windows, timings };
  }

  // When the planned windows find no audio, the duration they were planned from overshoots the
  // audio: a tag's (a wrong VBR estimate, a damaged tail) is checked against the container's,
  // and the container's against the samples really decoded (see decodedDuration).
  const remeasure = hinted ? [probe, count] : [count];
  let plan = planWindows(durationSec, mode);
  const windows: WindowFeatures[] = [];
  for (;;) {
    if (plan.kind === 'whole') {
      // The tag's duration said "long", the audio says "short": analyse it whole.
      const y = await decodeWhole();
      durationSec = y.length / ANALYSIS_SAMPLE_RATE;
      assertAnalysable(durationSec);
      windows.push({ index: 0, startSec: 0, durationSec, features: extract(y) });
      break;
    }
    let pastEnd = false;
    // The next window decodes (in its ffmpeg, on another core) while this one is extracted.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const planned = plan.windows;
    const decodeWindow = (k: number): Promise<Float32Array> | undefined => {
      const w = planned[k];
      if (!w) return undefined;
      const pending = decodeMono(
        path,
        { startSec: w.startSec, durationSec: w.durationSec },
        { ...decodeOptions, signal },
      );
      pending.catch(() => {}); // awaited below, or abandoned (past the end, failed) and aborted
      return pending;
    };
    let next = decodeWindow(0);
    try {
      for (const [k, w] of planned.entries()) {
        let y: Float32Array;
        const t = performance.now();
        try {
          y = await next!;
        } catch (err) {
          if (err instanceof DecodeError && err.reason === 'no-audio') {
            pastEnd = true;
            break;
          }
          throw err;
        } finally {
          timings.decodeMs += performance.now() - t;
        }
        if (y.length < MIN_ANALYSABLE_SEC * ANALYSIS_SAMPLE_RATE) {
          pastEnd = true;
          break;
        }
        const short = y.length < Math.round(w.durationSec * ANALYSIS_SAMPLE_RATE);
        next = short ? undefined : decodeWindow(k + 1);
        windows.push({
          index: w.index,
          startSec: w.startSec,
          durationSec: y.length / ANALYSIS_SAMPLE_RATE,
          features: extract(y),
        });
        if (short) {
          pastEnd = true;
          break;
        }
      }
    } finally {
      // A window decoded ahead that is no longer wanted (the audio ended, or this one failed).
      stop.abort();
    }
    if (windows.length > 0 || !pastEnd) break;
    // The same duration would plan the same empty windows: measure until one differs.
    const failedSec = durationSec;
    while (remeasure.length > 0 && Math.abs(durationSec - failedSec) < 1) durationSec = await remeasure.shift()!();
    if (Math.abs(durationSec - failedSec) < 1) break;
    plan = planWindows(durationSec, mode);
  }
  if (windows.length === 0)
    throw new DecodeError(
      'no-audio',
      `no audio decoded where the windows should be (duration ${durationSec.toFixed(1)} s)`,
    );
  assertNotSilent(loudest);
  return { durationSec, policy: policyId(mode), windows, timings };
}

function checkedFeatures(extractor: FeatureExtractor, y: Float32Array): number[] {
  let values: number[];
  try {
    values = featureVectorToArray(extractor(y));
  } catch (err) {
    throw new ExtractionError(`feature extraction failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new ExtractionError(`feature ${FEATURE_NAMES[bad]} is ${values[bad]} (silent or invalid audio?)`);
  }
  return values;
}
