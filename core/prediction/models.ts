import type { Database } from 'better-sqlite3';
import type { ModelCardSummary, ModelComparisonRow, PredictionSource } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import type { GenreModel } from '../model/genre-model.js';

/** Records a model the library has used, so its card is at hand for the UI and history. */
export function registerModel(db: Database, model: GenreModel, role: PredictionSource): void {
  db.prepare(
    `INSERT INTO models (id, role, kind, path, card, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET path = excluded.path, card = excluded.card`,
  ).run(
    model.id,
    role,
    model.kind,
    model.located.onnxPath,
    JSON.stringify(model.located.cardJson),
    new Date().toISOString(),
  );
}

type Json = Record<string, unknown>;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

/** The card's classifier comparison (core/evaluation/comparison.ts), skipping malformed entries. */
function comparisonRows(comparison: unknown): ModelComparisonRow[] | null {
  const models = obj(obj(comparison).models);
  const rows: ModelComparisonRow[] = [];
  for (const [model, value] of Object.entries(models)) {
    const entry = obj(value);
    const cv = obj(entry.cv);
    const accuracy = num(cv.accuracy);
    const ece = num(entry.ece);
    if (accuracy === null || ece === null) continue;
    rows.push({
      model,
      cvAccuracy: accuracy,
      cvStd: num(cv.std) ?? 0,
      filteredAccuracy: num(obj(entry.filtered).accuracy),
      ece,
      realWorldAccuracy: num(obj(entry.realWorld).accuracy),
    });
  }
  return rows.length > 0 ? rows : null;
}

/** Reads the evaluation fields the UI shows from a card, tolerating cards of other versions. */
export function summariseCard(
  id: string,
  role: PredictionSource,
  kind: string,
  cardJson: Json,
  active: boolean,
): ModelCardSummary {
  const evaluation = obj(cardJson.evaluation);
  const cv = obj(evaluation.cv);
  const filtered = obj(evaluation.filtered);
  const realWorld = obj(evaluation.realWorld);
  const confusion = Array.isArray(cv.confusion) ? (cv.confusion as number[][]) : null;
  return {
    id,
    kind,
    role,
    genres: Array.isArray(cardJson.genres) ? (cardJson.genres as string[]) : [],
    createdAt: typeof cardJson.createdAt === 'string' ? cardJson.createdAt : '',
    cvAccuracy: num(cv.meanAccuracy) ?? num(cv.accuracy),
    cvStd: num(cv.std),
    filteredAccuracy: num(filtered.accuracy),
    realWorldAccuracy: num(realWorld.accuracy),
    ece: num(cv.ece),
    confusion,
    comparison: comparisonRows(cardJson.comparison),
    active,
  };
}

export function listModels(db: Database): ModelCardSummary[] {
  const settings = getSettings(db);
  const rows = db.prepare('SELECT id, role, kind, card FROM models ORDER BY role, created_at DESC').all() as {
    id: string;
    role: PredictionSource;
    kind: string;
    card: string;
  }[];
  const activeDefault = db
    .prepare("SELECT model_id FROM current_predictions WHERE source = 'default' LIMIT 1")
    .pluck()
    .get() as string | undefined;
  return rows.map((r) =>
    summariseCard(
      r.id,
      r.role,
      r.kind,
      JSON.parse(r.card) as Json,
      r.role === 'personal' ? r.id === settings.personalModel : r.id === activeDefault,
    ),
  );
}
