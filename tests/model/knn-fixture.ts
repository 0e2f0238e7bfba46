import { ANALYZER_VERSION } from '../../shared/features.js';
import type { KnnModel } from '../../core/model/types.js';

/**
 * A real model on disk: a small KNN over three of the extractor's features (a personal model
 * would look like this), exported to ONNX, with a card beside it.
 */
export const FEATURES = ['tempo', 'rms_mean', 'mfcc2_mean'];
export const GENRES = ['synthwave', 'bossa nova'];

export function knn(): KnnModel {
  return {
    kind: 'knn',
    labels: GENRES,
    featureNames: FEATURES,
    scaler: { mean: [120, 0.1, 50], scale: [20, 0.05, 30] },
    k: 1,
    weighting: 'uniform',
    trainX: [
      [1, 1, 1],
      [-1, -1, -1],
    ],
    trainY: [0, 1],
  };
}

export function card(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: 'knn',
    genres: GENRES,
    featureNames: FEATURES,
    analyzerVersion: ANALYZER_VERSION,
    ...overrides,
  });
}
