/**
 * Window inference: a model's verdict on feature windows. It runs inside the analysis worker,
 * right after the features and on the same windows: the models the parent located once are loaded
 * once per worker and reused for every file. The types are the model stage's own; the analysis
 * worker protocol carries them.
 */
import { performance } from 'node:perf_hooks';
import { loadGenreModel, type GenreModel, type LoadModelOptions } from './genre-model.js';
import { modelPaths } from './model-registry.js';

/** A genre model the worker should load: its ONNX file and card. */
export interface ModelRef {
  readonly id: string;
  readonly onnxPath: string;
  readonly cardPath: string;
}

/** One model's verdict on the windows of one file, before combining them per track. */
export interface WindowPredictions {
  readonly modelId: string;
  /** Output order of every probability vector. */
  readonly genres: readonly string[];
  /** One vector per window of the analysis, in window order. */
  readonly windowProbabilities: readonly (readonly number[])[];
  /** The model's own out-of-distribution score (median over the windows); null if it has none. */
  readonly oodScore: number | null;
}

/**
 * Inference right after the features, on the same windows. A failure here never costs the
 * features: `error` says why some requested model gave no verdict, and the parent predicts
 * those from the stored features instead.
 */
export interface InferenceResult {
  /** One entry per requested model that classified the windows. */
  readonly predictions: readonly WindowPredictions[];
  readonly error: string | null;
  /** Wall-clock milliseconds for loading (first file only) and running the models. */
  readonly ms: number;
}

/** The files a ModelRef names no longer hold the model the parent checked. */
export class ModelChangedError extends Error {
  override readonly name = 'ModelChangedError';
}

/** What the parent sends so the worker loads exactly the model it located and checked. */
export function modelRef(model: GenreModel): ModelRef {
  return { id: model.id, onnxPath: model.located.onnxPath, cardPath: model.located.cardPath };
}

/**
 * Loads the model a ModelRef names and makes sure it is still the same one. The .onnx path is
 * the spec whenever its card sits beside it under the same name (then locateModel reads exactly
 * these two files); otherwise the card names its model file, so the card path is the spec.
 */
export async function loadReferencedModel(ref: ModelRef, options: LoadModelOptions = {}): Promise<GenreModel> {
  const spec = modelPaths(ref.onnxPath).cardPath === ref.cardPath ? ref.onnxPath : ref.cardPath;
  const model = await loadGenreModel(spec, options);
  if (model.id !== ref.id || model.located.onnxPath !== ref.onnxPath) {
    throw new ModelChangedError(
      `model ${ref.id} changed on disk since the run started (now ${model.id} at ${model.located.onnxPath})`,
    );
  }
  return model;
}

export type WindowClassifier = (
  models: readonly ModelRef[],
  windows: readonly (readonly number[])[],
) => Promise<InferenceResult>;

export interface WindowClassifierOptions {
  /** How a referenced model is loaded (default: loadReferencedModel). */
  readonly load?: (ref: ModelRef) => Promise<GenreModel>;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Classifies one file's windows with each requested model: per-window probabilities and the
 * model's own out-of-distribution score (a scorer overriding it is the parent's to apply, on the
 * same features, as refreshPredictions does). Never throws: a model that cannot be
 * loaded or run is reported in `error` and the features stand on their own (the parent predicts
 * that file from the stored features). A load failure is kept for the rest of the worker's life:
 * files that failed to load once will not load for the next file either, and retrying would read
 * and hash the model for every file.
 */
export function createWindowClassifier(options: WindowClassifierOptions = {}): WindowClassifier {
  const load = options.load ?? ((ref: ModelRef) => loadReferencedModel(ref));
  const models = new Map<string, Promise<GenreModel>>();
  const modelFor = (ref: ModelRef): Promise<GenreModel> => {
    const key = JSON.stringify([ref.id, ref.onnxPath, ref.cardPath]);
    let model = models.get(key);
    if (!model) {
      model = load(ref);
      model.catch(() => {});
      models.set(key, model);
    }
    return model;
  };
  return async (refs, windows) => {
    const started = performance.now();
    const predictions: WindowPredictions[] = [];
    const errors: string[] = [];
    for (const ref of refs) {
      try {
        const model = await modelFor(ref);
        // Per-window probabilities and the model's own OOD score (median of its windows' `ood` output).
        const track = await model.classifyTrack(windows);
        predictions.push({
          modelId: model.id,
          genres: model.genres,
          windowProbabilities: track.windows.map((w) => w.probabilities),
          oodScore: track.ood,
        });
      } catch (err) {
        errors.push(`model ${ref.id}: ${describe(err)}`);
      }
    }
    return { predictions, error: errors.length > 0 ? errors.join('; ') : null, ms: performance.now() - started };
  };
}
