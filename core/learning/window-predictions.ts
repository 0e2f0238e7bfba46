import { OnnxGenreClassifier } from '../model/inference.js';
import { exportSvcOnnx } from '../model/onnx/svc-export.js';
import type { SvcModel } from '../model/types.js';

export interface WindowPredictions {
  /** Per window, in the caller's `genres` order. */
  readonly probabilities: number[][];
  /** Per window: the out-of-distribution score, when the model carries a reference. */
  readonly ood: number[] | null;
}

/**
 * Window probabilities of a freshly fitted model, computed the way the app will compute them:
 * through its ONNX export in onnxruntime (also far faster than libsvm's WebAssembly build on
 * thousands of windows). Columns are rearranged to `genres` order; a genre the model never saw
 * gets 0.
 */
export async function windowPredictions(
  model: SvcModel,
  rows: readonly (readonly number[])[],
  genres: readonly string[],
): Promise<WindowPredictions> {
  if (rows.length === 0) return { probabilities: [], ood: model.ood ? [] : null };
  const classifier = await OnnxGenreClassifier.fromBytes(
    exportSvcOnnx(model),
    undefined,
    `personal model fold (${model.labels.join(', ')})`,
  );
  try {
    const { probabilities, ood } = await classifier.classify(rows);
    const column = genres.map((g) => classifier.genres.indexOf(g));
    return {
      probabilities: probabilities.map((p) => column.map((c) => (c < 0 ? 0 : (p[c] as number)))),
      ood: ood ?? null,
    };
  } finally {
    await classifier.release();
  }
}
