import {
  analyzeLibrary,
  type AnalyzeLibraryOptions,
  type AnalyzeSummary,
  type StoredOutcome,
} from '../analysis/analyze-library.js';
import type { GenreModel } from '../model/genre-model.js';
import { loadActiveModels, refreshPredictions, type ActiveModels, type PredictionOptions } from './refresh.js';
import { resolveCurrent, savePrediction } from './store.js';
import { modelRef } from '../model/window-inference.js';

export interface AnalyzeAndPredictOptions extends Omit<AnalyzeLibraryOptions, 'models' | 'onStored'> {
  /** False: features only, as before predictions existed (`analyze --no-predict`). Default true. */
  readonly predict?: boolean;
  /** Where models are found, the OOD scorer, the session cache. */
  readonly prediction?: PredictionOptions;
}

export interface AnalyzeAndPredictSummary extends AnalyzeSummary {
  /** Tracks that got a new prediction in this run (worker or fallback); null when not predicting. */
  readonly predicted: number | null;
  /** Of those, the tracks the workers predicted (with at least one model) as they analysed them. */
  readonly predictedInWorkers: number;
  /**
   * Tracks where some model's inference failed in the worker; those models predict them from the
   * stored features instead (after the run, or in the next one when this one was cancelled).
   */
  readonly inferenceFailures: number;
  /** Why inference failed in the workers, each distinct reason once (at most MAX_REASONS). */
  readonly inferenceErrors: readonly string[];
}

const MAX_REASONS = 5;

/**
 * Analyses the library and predicts each track's genre in the same pass: the active models are
 * loaded once here (so a broken model stops the run before any worker starts), every worker
 * classifies a file's windows right after computing them, and each track's analysis, its
 * predictions and its current prediction are stored in one transaction as it finishes, so the
 * library fills in live. Afterwards refreshPredictions covers what the workers did not predict
 * (tracks analysed earlier, or whose inference failed), from stored features only.
 */
export async function analyzeAndPredict(options: AnalyzeAndPredictOptions): Promise<AnalyzeAndPredictSummary> {
  const { db } = options;
  if (options.predict === false) {
    return {
      ...(await analyzeLibrary(options)),
      predicted: null,
      predictedInWorkers: 0,
      inferenceFailures: 0,
      inferenceErrors: [],
    };
  }
  // Checked here (card, metadata, the graph's inputs and outputs), opened only if this process
  // classifies: the workers predict what they analyse, so usually only they load onnxruntime.
  const active = await loadActiveModels(db, { session: 'lazy', ...options.prediction });
  const models = [active.defaultModel, ...(active.personalModel ? [active.personalModel] : [])];
  const predictedInWorkers = new Set<number>();
  const fallbacks = new Set<number>();
  const inferenceErrors = new Set<string>();
  const onStored = (stored: StoredOutcome): void => {
    const reason = stored.inference?.error;
    if (reason && inferenceErrors.size < MAX_REASONS) inferenceErrors.add(reason);
    const { saved, complete } = storeWorkerPredictions(db, stored, models, active, options.prediction);
    if (saved > 0) predictedInWorkers.add(stored.track.trackId);
    if (!complete) fallbacks.add(stored.track.trackId);
  };
  const summary = await analyzeLibrary({ ...options, models: models.map(modelRef), onStored });
  const predicted = new Set(predictedInWorkers);
  // A cancelled run stops here: what finished is stored with its predictions, the rest waits.
  if (!summary.cancelled) {
    const refresh = await refreshPredictions(db, { ...options.prediction, models: active, resolve: 'changed' });
    for (const id of refresh.trackIds) predicted.add(id);
  }
  return {
    ...summary,
    predicted: predicted.size,
    predictedInWorkers: predictedInWorkers.size,
    inferenceFailures: fallbacks.size,
    inferenceErrors: [...inferenceErrors],
  };
}

/**
 * Stores the worker's verdicts on one track and chooses its current prediction; runs inside the
 * transaction that stored the analysis. `complete` is false when some model gave no usable
 * verdict (that model predicts the track from its stored features after the run).
 */
function storeWorkerPredictions(
  db: AnalyzeLibraryOptions['db'],
  stored: StoredOutcome,
  models: readonly GenreModel[],
  active: ActiveModels,
  prediction: PredictionOptions | undefined,
): { saved: number; complete: boolean } {
  const verdicts = stored.inference?.predictions ?? [];
  const windows = stored.analysis.windows;
  let saved = 0;
  const now = new Date().toISOString();
  for (const model of models) {
    const verdict = verdicts.find((v) => v.modelId === model.id);
    if (
      !verdict ||
      !sameGenres(verdict.genres, model.genres) ||
      verdict.windowProbabilities.length !== windows.length
    ) {
      continue;
    }
    // As refreshPredictions: a scorer given to the prediction stage overrides the model's own.
    const oodScore = prediction?.ood
      ? prediction.ood(
          model,
          windows.map((w) => Float64Array.from(w.features)),
        )
      : verdict.oodScore;
    savePrediction(
      db,
      {
        trackId: stored.track.trackId,
        analysisId: stored.analysisId,
        modelId: model.id,
        genres: model.genres,
        windowProbabilities: verdict.windowProbabilities,
        windows: windows.map((w) => ({ startSec: w.startSec, durationSec: w.durationSec })),
        oodScore,
      },
      now,
    );
    saved++;
  }
  if (saved === 0) return { saved, complete: false };
  resolveCurrent(
    db,
    {
      defaultId: active.defaultModel.id,
      personalId: active.personalModel?.id ?? null,
      personalMinConfidence: active.personalMinConfidence,
    },
    [stored.track.trackId],
  );
  return { saved, complete: saved === models.length };
}

function sameGenres(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((g, i) => g === b[i]);
}
