import type { Database } from 'better-sqlite3';
import { ANALYZER_VERSION } from '../../shared/features.js';
import { analysisWindows, countStoredAnalyses } from '../analysis/store.js';
import { loadGenreModel, type GenreModel, type LoadModelOptions } from '../model/genre-model.js';
import { trackOodScore } from '../model/ood.js';
import { getSettings } from '../library/settings.js';
import { resolveCurrent, savePrediction, type WindowInfo } from './store.js';
import { registerModel } from './models.js';

/** Scores how far a track's windows lie from a model's training data (see UNFAMILIAR_OOD). */
export type OodScorer = (model: GenreModel, windows: readonly Float64Array[]) => number | null;

export interface PredictionOptions extends LoadModelOptions {
  /**
   * Out-of-distribution scorer overriding the model's own (the `ood` output every trained model
   * has); a model without one and no scorer: confidence is the model's probability alone.
   */
  readonly ood?: OodScorer;
  /** Predict again even where this model already predicted from the same analysis. */
  readonly force?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The models predictions come from, as the settings name them, loaded and checked. */
export interface ActiveModels {
  readonly defaultModel: GenreModel;
  /** Absent when none is active (or its row is gone). */
  readonly personalModel: GenreModel | undefined;
  /** The personal model's prediction is used at or above this confidence (the review threshold). */
  readonly personalMinConfidence: number;
}

export interface RefreshOptions extends PredictionOptions {
  /** Models already loaded for this run (analyze loads them once, before its workers start). */
  readonly models?: ActiveModels;
  /**
   * Whose current prediction is chosen again: 'all' (the default; what a settings change
   * needs), or 'changed': the tracks predicted by this call, plus any whose current prediction
   * is missing or comes from a model no longer active. Enough after analyze, which chooses each
   * track's current prediction as it stores the worker's.
   */
  readonly resolve?: 'all' | 'changed';
}

export interface RefreshSummary {
  /** Predictions made: one per track and model. */
  readonly predicted: number;
  readonly models: readonly string[];
  /** The tracks that got at least one new prediction. */
  readonly trackIds: readonly number[];
}

/** Rows handed to onnxruntime at once: a few hundred tracks' windows. */
const BATCH_WINDOWS = 1024;

interface PendingTrack {
  readonly trackId: number;
  readonly analysisId: number;
  readonly features: Float64Array[];
  readonly windows: WindowInfo[];
}

async function predictWith(
  db: Database,
  model: GenreModel,
  options: PredictionOptions,
  reportBase: number,
  total: number,
  predictedIds: Set<number>,
): Promise<number> {
  // Only analyses this model has not predicted yet (all with `force`): after an analyze run,
  // whose workers predicted as they went, this reads next to nothing. Materialised first:
  // onnxruntime is awaited below, and no SQLite iterator may stay open across the writes.
  const todo = db
    .prepare(
      `SELECT a.track_id AS trackId, a.id AS analysisId FROM analyses a
        WHERE a.status = 'ok' AND a.analyzer_version = @version
          AND (@force OR NOT EXISTS (SELECT 1 FROM predictions p WHERE p.track_id = a.track_id AND p.model_id = @model AND p.analysis_id = a.id))
        ORDER BY a.id`,
    )
    .all({ version: ANALYZER_VERSION, force: options.force ? 1 : 0, model: model.id }) as {
    trackId: number;
    analysisId: number;
  }[];
  const pending: PendingTrack[] = [];
  for (const { trackId, analysisId } of todo) {
    const rows = analysisWindows(db, analysisId);
    if (rows.length === 0) continue;
    pending.push({
      trackId,
      analysisId,
      features: rows.map((w) => w.features),
      windows: rows.map(({ startSec, durationSec }) => ({ startSec, durationSec })),
    });
  }

  let predicted = 0;
  for (let start = 0; start < pending.length;) {
    const batch: PendingTrack[] = [];
    let rows = 0;
    while (start < pending.length && (rows === 0 || rows + (pending[start]?.features.length ?? 0) <= BATCH_WINDOWS)) {
      const next = pending[start++]!;
      batch.push(next);
      rows += next.features.length;
    }
    const { probabilities, ood } = await model.classifyRows(batch.flatMap((b) => b.features.map((f) => Array.from(f))));
    const now = new Date().toISOString();
    let offset = 0;
    db.transaction(() => {
      for (const track of batch) {
        const windowProbabilities = probabilities.slice(offset, offset + track.features.length);
        offset += track.features.length;
        savePrediction(
          db,
          {
            trackId: track.trackId,
            analysisId: track.analysisId,
            modelId: model.id,
            genres: model.genres,
            windowProbabilities,
            windows: track.windows,
            // The model's own score (its ONNX `ood` output, median over windows) unless a scorer is given.
            oodScore: options.ood
              ? options.ood(model, track.features)
              : ood
                ? trackOodScore(ood.slice(offset - track.features.length, offset))
                : null,
          },
          now,
        );
        predictedIds.add(track.trackId);
      }
    })();
    predicted += batch.length;
    options.onProgress?.(reportBase + predicted, total);
  }
  return predicted;
}

/**
 * Brings every analysed track's predictions up to date for the active models — from stored
 * features, never decoding audio again — and re-chooses each track's current prediction.
 * Changing the active model is just this call.
 */
export async function refreshPredictions(db: Database, options: RefreshOptions = {}): Promise<RefreshSummary> {
  const { defaultModel, personalModel, personalMinConfidence } =
    options.models ?? (await loadActiveModels(db, options));
  const analysed = countStoredAnalyses(db);
  const total = analysed * (personalModel ? 2 : 1);
  const predictedIds = new Set<number>();
  let predicted = await predictWith(db, defaultModel, options, 0, total, predictedIds);
  if (personalModel) predicted += await predictWith(db, personalModel, options, analysed, total, predictedIds);
  const chooser = { defaultId: defaultModel.id, personalId: personalModel?.id ?? null, personalMinConfidence };
  if (options.resolve === 'changed')
    resolveCurrent(db, chooser, [...new Set([...predictedIds, ...staleCurrent(db, chooser)])]);
  else resolveCurrent(db, chooser);
  return {
    predicted,
    models: [defaultModel.id, ...(personalModel ? [personalModel.id] : [])],
    trackIds: [...predictedIds],
  };
}

/** An active model (as the settings name it) cannot be loaded; `cause` is the loader's error. */
export class ActiveModelError extends Error {
  override readonly name = 'ActiveModelError';
}

/**
 * Loads the models the settings name (the default one is registered in the models table). A
 * model that cannot be used throws ActiveModelError, naming the setting and why (the loader's
 * ModelNotFoundError, ModelCardError, IncompatibleModelError or ModelLoadError as its cause). A
 * personal model whose row is gone is treated as none.
 */
export async function loadActiveModels(db: Database, options: LoadModelOptions = {}): Promise<ActiveModels> {
  const settings = getSettings(db);
  const load = async <T>(what: string, spec: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ActiveModelError(`the ${what} genre model ${JSON.stringify(spec)} cannot be used: ${reason}`, {
        cause: err,
      });
    }
  };
  const defaultModel = await load('default', settings.defaultModel, () =>
    loadGenreModel(settings.defaultModel, options),
  );
  registerModel(db, defaultModel, 'default');
  const personalId = settings.personalModel;
  const personalModel = personalId
    ? await load('personal', personalId, () => loadPersonal(db, personalId, options))
    : undefined;
  return { defaultModel, personalModel, personalMinConfidence: settings.reviewThreshold };
}

/** Tracks whose current prediction does not come from an active model, or who have none although an active model predicted them. */
function staleCurrent(db: Database, models: { defaultId: string; personalId: string | null }): number[] {
  const active = { d: models.defaultId, p: models.personalId ?? models.defaultId };
  return db
    .prepare(
      `SELECT track_id FROM current_predictions WHERE model_id NOT IN (@d, @p)
       UNION
       SELECT p.track_id FROM predictions p LEFT JOIN current_predictions c ON c.track_id = p.track_id
        WHERE p.model_id IN (@d, @p) AND c.track_id IS NULL`,
    )
    .pluck()
    .all(active) as number[];
}

async function loadPersonal(db: Database, id: string, options: LoadModelOptions): Promise<GenreModel | undefined> {
  const row = db.prepare("SELECT path FROM models WHERE id = ? AND role = 'personal'").get(id) as
    { path: string } | undefined;
  if (!row) return undefined;
  return loadGenreModel(row.path, options);
}
