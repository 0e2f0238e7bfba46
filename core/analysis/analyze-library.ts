import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import type { FfmpegCommand } from './decode/ffmpeg.js';
import type { FileAnalysis } from './analyse-file.js';
import { runPool, type JobOutcome, type PoolJob, type WorkerSpawner } from './pool.js';
import type { InferenceResult, ModelRef } from './protocol.js';
import {
  countPresentTracks,
  saveAnalysis,
  saveAnalysisFailure,
  tracksNeedingAnalysis,
  type TrackToAnalyse,
} from './store.js';
import type { AnalysisFailure } from './errors.js';

export interface AnalyzeLibraryOptions {
  readonly db: Database;
  readonly spawn: WorkerSpawner;
  readonly ffmpeg: FfmpegCommand;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly retryErrors?: boolean;
  readonly timeoutMs?: (job: PoolJob) => number;
  /** Genre models the workers classify each file with right after its features. */
  readonly models?: readonly ModelRef[];
  /**
   * Inside the transaction that stores each successful analysis, so whatever it writes (the
   * prediction stage: the worker's predictions) appears together with the analysis or not at all.
   */
  readonly onStored?: (stored: StoredOutcome) => void;
  /** After every finished file: done of total (this run's work only). */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
  readonly onStart?: (track: TrackToAnalyse, workerPid: number | undefined) => void;
}

/** A successful analysis just written, with what the worker inferred from it. */
export interface StoredOutcome {
  readonly track: TrackToAnalyse;
  readonly analysisId: number;
  readonly analysis: FileAnalysis;
  readonly inference: InferenceResult | null;
}

export interface AnalyzeProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  readonly path: string;
}

export interface AnalyzeFailure extends AnalysisFailure {
  readonly path: string;
}

/** The `genrewise analyze --json` summary (extended with the failures and cancellation). */
export interface AnalyzeSummary {
  /** Present tracks in the library. */
  readonly tracks: number;
  readonly analysed: number;
  /** Up to date already (including earlier failures on unchanged files), or left by a cancel. */
  readonly skipped: number;
  readonly failed: number;
  /** Windows analysed in this run. */
  readonly windows: number;
  readonly seconds: number;
  readonly cancelled: boolean;
  readonly failures: readonly AnalyzeFailure[];
  /** Peak resident memory of any worker in this run. */
  readonly maxWorkerRssBytes: number;
}

/**
 * Analyses every present track that needs it (see tracksNeedingAnalysis) and stores each result
 * as soon as it arrives, so a cancelled or killed run keeps everything finished and the next run
 * only does the rest.
 */
export async function analyzeLibrary(options: AnalyzeLibraryOptions): Promise<AnalyzeSummary> {
  const started = performance.now();
  const { db } = options;
  const tracks = countPresentTracks(db);
  const todo = tracksNeedingAnalysis(db, { retryErrors: options.retryErrors ?? false });
  const byJob = new Map<number, TrackToAnalyse>(todo.map((t) => [t.trackId, t]));
  const jobs: PoolJob[] = todo.map((t) => ({
    id: t.trackId,
    path: t.path,
    mode: 'spread',
    durationHintSec: t.durationSec,
  }));
  let analysed = 0;
  let windows = 0;
  const failures: AnalyzeFailure[] = [];
  const store = db.transaction((track: TrackToAnalyse, outcome: Extract<JobOutcome, { ok: true }>) => {
    const analysisId = saveAnalysis(db, track, outcome.analysis, { elapsedMs: outcome.elapsedMs });
    if (analysisId !== undefined)
      options.onStored?.({ track, analysisId, analysis: outcome.analysis, inference: outcome.inference });
  });
  const onOutcome = (outcome: JobOutcome): void => {
    const track = byJob.get(outcome.job.id);
    if (!track) return;
    if (outcome.ok) {
      store(track, outcome);
      analysed++;
      windows += outcome.analysis.windows.length;
    } else {
      saveAnalysisFailure(db, track, outcome.failure, { elapsedMs: outcome.elapsedMs });
      failures.push({ path: track.path, ...outcome.failure });
    }
    options.onProgress?.({
      done: analysed + failures.length,
      total: jobs.length,
      failed: failures.length,
      path: track.path,
    });
  };
  const report = await runPool(jobs, {
    spawn: options.spawn,
    ffmpeg: options.ffmpeg,
    onOutcome,
    ...(options.models && { models: options.models }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.signal && { signal: options.signal }),
    ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
    ...(options.onStart && {
      onStart: (job: PoolJob, pid: number | undefined) => options.onStart?.(byJob.get(job.id)!, pid),
    }),
  });
  return {
    tracks,
    analysed,
    skipped: tracks - analysed - failures.length,
    failed: failures.length,
    windows,
    seconds: Math.round(performance.now() - started) / 1000,
    cancelled: report.cancelled,
    failures,
    maxWorkerRssBytes: report.maxRssBytes,
  };
}
