import { FEATURE_NAMES } from '../../shared/features.js';
import { comparisonEntry, type ComparisonCard, type ComparisonEntry, type RealWorldScores } from '../model/card.js';
import { combineWindows } from '../model/combine.js';
import type { Matrix } from '../model/scaler.js';
import type { FamilyEvaluation, TrainingResult } from '../model/train.js';
import { evaluateRecordings, type TrackClassifier, type TrackResult } from './evaluate-model.js';
import type { AnalysedRecording } from './recordings.js';

/**
 * The comparison `genrewise train --compare` stores on the default model's card: every
 * classifier the seed project compared, scored the same way (nested k-fold, the artist-filtered
 * split, calibration) and, with a real-recording set, each model fitted on every row scored on
 * the recordings as the library would classify them (mean of the windows' probabilities).
 */

export const COMPARISON_NOTE =
  'Every model evaluated with the same protocol as this card: hyper-parameters chosen by inner cross-validation on the training rows only; ' +
  'cv: mean ± population sd of the stratified k-fold accuracies; filtered: the artist-filtered split; ece: of the pooled out-of-fold probabilities; ' +
  'realWorld: the model fitted on every row, on the real recordings (svc and knn: the exported ONNX models). ' +
  'svc and knn are the shipped models; the others are evaluated only.';

export interface RealWorldSet {
  readonly name: string;
  readonly recordings: readonly AnalysedRecording[];
}

/** Real-recording accuracy of a model known only by a batch predictor over rows in `featureNames` order. */
export async function batchRealWorld(
  predict: (rows: Matrix) => number[][],
  model: { readonly genres: readonly string[]; readonly featureNames: readonly string[] },
  recordings: readonly AnalysedRecording[],
): Promise<{ n: number; accuracy: number }> {
  const columns = model.featureNames.map((name) => (FEATURE_NAMES as readonly string[]).indexOf(name));
  const usable = recordings.filter((r) => !r.error && r.windows.length > 0);
  const rows = usable.flatMap((r) => r.windows.map((w) => columns.map((c) => w[c] ?? Number.NaN)));
  const probabilities = rows.length > 0 ? predict(rows) : [];
  const results = new Map<AnalysedRecording['windows'], TrackResult>();
  let at = 0;
  for (const r of usable) {
    const track = combineWindows(model.genres, probabilities.slice(at, at + r.windows.length));
    at += r.windows.length;
    results.set(r.windows, { genre: track.genre, confidence: track.confidence, ood: null });
  }
  const classify: TrackClassifier = (windows) => {
    const result = results.get(windows);
    if (!result) return Promise.reject(new RangeError('a recording outside the predicted batch'));
    return Promise.resolve(result);
  };
  const { scores } = await evaluateRecordings(recordings, classify, { genres: model.genres });
  return { n: scores.n, accuracy: scores.accuracy };
}

function entryOf(
  evaluation: FamilyEvaluation<unknown>,
  params: Readonly<Record<string, number | string>>,
  realWorld: { n: number; accuracy: number } | null,
): ComparisonEntry {
  return comparisonEntry(
    {
      cv: {
        folds: evaluation.cv.folds,
        mean: evaluation.cv.mean,
        std: evaluation.cv.std,
        ece: evaluation.cv.calibration.ece,
      },
      filtered: evaluation.filtered ? evaluation.filtered.accuracy : null,
      realWorld,
    },
    params,
  );
}

/**
 * The comparison section, or undefined when training ran without --compare. `shipped` gives the
 * exported SVC's and KNN's real-recording scores (already measured on their ONNX files).
 */
export async function buildComparison(
  result: TrainingResult,
  shipped: { readonly svc?: RealWorldScores; readonly knn?: RealWorldScores },
  realWorld?: RealWorldSet,
): Promise<ComparisonCard | undefined> {
  if (!result.compare) return undefined;
  const brief = (rw: RealWorldScores | undefined): { n: number; accuracy: number } | null =>
    rw ? { n: rw.n, accuracy: rw.accuracy } : null;
  const models: Record<string, ComparisonEntry> = {
    svc: entryOf(
      result.svc.evaluation,
      { c: result.svc.params.c, gamma: result.svc.params.gamma, temperature: result.svc.temperature },
      brief(shipped.svc),
    ),
    knn: entryOf(
      result.knn.evaluation,
      { k: result.knn.params.k, weighting: result.knn.params.weighting },
      brief(shipped.knn),
    ),
  };
  const model = { genres: result.classNames, featureNames: result.table.featureNames };
  for (const [name, compared] of Object.entries(result.compare)) {
    const rw = realWorld ? await batchRealWorld(compared.predict, model, realWorld.recordings) : null;
    models[name] = entryOf(compared, compared.params, rw);
  }
  return { note: COMPARISON_NOTE, models };
}
