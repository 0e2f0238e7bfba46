import { performance } from 'node:perf_hooks';
import { analyseFile, type FeatureExtractor, type StageTimings } from '../analysis/analyse-file.js';
import type { FfmpegCommand } from '../analysis/decode/ffmpeg.js';
import { extractFeatures } from '../analysis/features/extract.js';
import type { WindowMode } from '../analysis/windows.js';
import type { GenreModel } from '../model/genre-model.js';

/**
 * One audio file → its genre, outside the library: decode, the extractor's windows, the model on
 * each window, the windows' mean. What `genrewise classify` runs; the library's analysis worker
 * does the same with stored features.
 */

export interface ClassifiedWindow {
  readonly startSec: number;
  readonly durationSec: number;
  readonly genre: string;
  readonly confidence: number;
  /** In the model's genre order. */
  readonly probabilities: readonly number[];
}

export interface ClassifiedFile {
  readonly path: string;
  readonly genre: string;
  readonly confidence: number;
  /** Mean over the windows, in the model's genre order. */
  readonly probabilities: readonly number[];
  /** Out-of-distribution score (median over the windows; > 1: unlike the training music), null without a reference. */
  readonly ood: number | null;
  readonly windows: readonly ClassifiedWindow[];
  /** The feature vector of each window (extractor order), for callers that want to keep them. */
  readonly features: readonly (readonly number[])[];
  readonly timings: StageTimings & { readonly inferenceMs: number };
}

export interface ClassifyFileOptions {
  readonly ffmpeg: FfmpegCommand;
  readonly mode?: WindowMode;
  readonly signal?: AbortSignal | undefined;
  /** The real extractor unless a test injects another. */
  readonly extract?: FeatureExtractor;
}

/** Throws what analyseFile throws (DecodeError, TooShortError, ExtractionError) and inference errors. */
export async function classifyFile(
  path: string,
  model: GenreModel,
  options: ClassifyFileOptions,
): Promise<ClassifiedFile> {
  const analysis = await analyseFile(path, {
    ffmpeg: options.ffmpeg,
    extract: options.extract ?? extractFeatures,
    mode: options.mode ?? 'spread',
    signal: options.signal,
  });
  const features = analysis.windows.map((w) => w.features);
  const started = performance.now();
  const track = await model.classifyTrack(features);
  const inferenceMs = performance.now() - started;
  return {
    path,
    genre: track.genre,
    confidence: track.confidence,
    probabilities: track.probabilities,
    ood: track.ood,
    windows: track.windows.map((w, i) => ({
      startSec: analysis.windows[i]?.startSec ?? 0,
      durationSec: analysis.windows[i]?.durationSec ?? 0,
      genre: w.genre,
      confidence: w.confidence,
      probabilities: w.probabilities,
    })),
    features,
    timings: { ...analysis.timings, inferenceMs },
  };
}
