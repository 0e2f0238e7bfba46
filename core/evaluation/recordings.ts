import { analyseFile } from '../analysis/analyse-file.js';
import type { FfmpegCommand } from '../analysis/decode/ffmpeg.js';
import { toAnalysisFailure, type AnalysisFailure } from '../analysis/errors.js';
import { extractFeatures } from '../analysis/features/extract.js';
import type { WindowMode } from '../analysis/windows.js';
import type { LabelledRecording, LabelledSet } from './labelled-set.js';

/**
 * The labelled recordings analysed as the library analyses a user's files (spread windows by
 * default), once: every model evaluated on the set then reads the same feature rows.
 */

export interface AnalysedRecording {
  readonly recording: LabelledRecording;
  /** Each window's 57 features in the extractor's order; empty when the analysis failed. */
  readonly windows: readonly (readonly number[])[];
  readonly error?: AnalysisFailure;
}

export interface AnalyseSetOptions {
  readonly ffmpeg: FfmpegCommand;
  readonly mode?: WindowMode;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function analyseLabelledSet(set: LabelledSet, options: AnalyseSetOptions): Promise<AnalysedRecording[]> {
  const out: AnalysedRecording[] = [];
  const total = set.recordings.length;
  for (const recording of set.recordings) {
    if (options.signal?.aborted) break;
    options.onProgress?.(out.length, total);
    try {
      const analysis = await analyseFile(recording.path, {
        ffmpeg: options.ffmpeg,
        extract: extractFeatures,
        mode: options.mode ?? 'spread',
        signal: options.signal,
      });
      out.push({ recording, windows: analysis.windows.map((w) => w.features) });
    } catch (err) {
      if (options.signal?.aborted) break;
      out.push({ recording, windows: [], error: toAnalysisFailure(err) });
    }
  }
  options.onProgress?.(out.length, total);
  return out;
}
