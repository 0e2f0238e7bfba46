import type { Database } from 'better-sqlite3';
import { iterateFeatureWindows } from '../analysis/store.js';
import { loadGenreModel, type GenreModel, type LoadModelOptions } from '../model/genre-model.js';
import { getSettings } from '../library/settings.js';
import { resolveCurrent, savePrediction, type WindowInfo } from './store.js';
import { registerModel } from './models.js';

/** Scores how far a track's windows lie from a model's training data (see UNFAMILIAR_OOD). */
export type OodScorer = (model: GenreModel, windows: readonly Float64Array[]) => number | null;

export interface PredictionOptions extends LoadModelOptions {
  /** Out-of-distribution scorer; without one, confidence is the model's probability alone. */
  readonly ood?: OodScorer;
  /** Predict again even where this model already predicted from the same analysis. */
  readonly force?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RefreshSummary {
  readonly predicted: number;
  readonly models: readonly string[];
}

/** Rows handed to onnxruntime at once: a few hundred tracks' windows. */
const BATCH_WINDOWS = 1024;

interface PendingTrack {
  readonly trackId: number;
  readonly analysisId: number;
  readonly features: Float64Array[];
  readonly windows: WindowInfo[];
}

async function predictWith(db: Database, model: GenreModel, options: PredictionOptions, reportBase: number, total: number): Promise<number> {
  const done = new Set(
    options.force
      ? []
      : (db.prepare('SELECT track_id || \':\' || analysis_id FROM predictions WHERE model_id = ?').pluck().all(model.id) as string[]),
  );
  const windowInfo = db.prepare('SELECT start_sec AS startSec, duration_sec AS durationSec FROM analysis_windows WHERE analysis_id = ? ORDER BY window_index');
  // Materialise the work first: onnxruntime is awaited below, and an open SQLite iterator must
  // not stay open across writes on the same connection.
  const pending: PendingTrack[] = [];
  let current: PendingTrack | undefined;
  for (const row of iterateFeatureWindows(db)) {
    if (done.has(`${row.trackId}:${row.analysisId}`)) continue;
    if (!current || current.analysisId !== row.analysisId) {
      current = { trackId: row.trackId, analysisId: row.analysisId, features: [], windows: [] };
      pending.push(current);
    }
    current.features.push(row.features);
  }
  for (const p of pending) p.windows.push(...(windowInfo.all(p.analysisId) as WindowInfo[]));

  let predicted = 0;
  for (let start = 0; start < pending.length; ) {
    const batch: PendingTrack[] = [];
    let rows = 0;
    while (start < pending.length && (rows === 0 || rows + (pending[start]?.features.length ?? 0) <= BATCH_WINDOWS)) {
      const next = pending[start++]!;
      batch.push(next);
      rows += next.features.length;
    }
    const { probabilities } = await model.classifyRows(batch.flatMap((b) => b.features.map((f) => Array.from(f))));
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
            oodScore: options.ood ? options.ood(model, track.features) : null,
          },
          now,
        );
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
export async function refreshPredictions(db: Database, options: PredictionOptions = {}): Promise<RefreshSummary> {
  const settings = getSettings(db);
  const defaultModel = await loadGenreModel(settings.defaultModel, options);
  registerModel(db, defaultModel, 'default');
  const personalModel = settings.personalModel ? await loadPersonal(db, settings.personalModel, options) : undefined;
  const analysed = db.prepare("SELECT count(*) FROM analyses WHERE status = 'ok'").pluck().get() as number;
  const total = analysed * (personalModel ? 2 : 1);
  let predicted = await predictWith(db, defaultModel, options, 0, total);
  if (personalModel) predicted += await predictWith(db, personalModel, options, analysed, total);
  resolveCurrent(db, {
    defaultId: defaultModel.id,
    personalId: personalModel?.id ?? null,
    personalMinConfidence: settings.reviewThreshold,
  });
  return { predicted, models: [defaultModel.id, ...(personalModel ? [personalModel.id] : [])] };
}

async function loadPersonal(db: Database, id: string, options: LoadModelOptions): Promise<GenreModel | undefined> {
  const row = db.prepare("SELECT path FROM models WHERE id = ? AND role = 'personal'").get(id) as { path: string } | undefined;
  if (!row) return undefined;
  return loadGenreModel(row.path, options);
}
