import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_SAMPLE_RATE, featureVectorToArray } from '../../shared/features.js';
import { extractFeatures } from '../../core/analysis/features/extract.js';
import { saveAnalysis, tracksNeedingAnalysis } from '../../core/analysis/store.js';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows.js';
import { loadFeatureTable } from '../../core/model/dataset.js';
import { explainConfidence, predictionDetail } from '../../core/prediction/detail.js';
import { refreshPredictions } from '../../core/prediction/refresh.js';
import { shownConfidence, UNFAMILIAR_OOD } from '../../core/prediction/store.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('shown confidence and its explanation', () => {
  it('is the probability up to the edge, then falls steeply', () => {
    expect(shownConfidence(0.9, null)).toBe(0.9);
    expect(shownConfidence(0.9, 0.3)).toBe(0.9);
    expect(shownConfidence(0.9, UNFAMILIAR_OOD)).toBe(0.9);
    expect(shownConfidence(0.9, 1.1)).toBeCloseTo(0.9 * Math.exp(-0.4), 12);
    expect(shownConfidence(0.9, 2)).toBeLessThan(0.02);
  });

  it('says why: unlike the training music, unsure, or confident', () => {
    expect(explainConfidence(0.9, 0.6, 1.1, 0.6)).toMatch(
      /^Unlike the training music: the model says 90%.*1\.10×.*lowered to 60%\.$/,
    );
    expect(explainConfidence(0.5, 0.5, 0.4, 0.6)).toBe('The model is unsure (50%, below the 60% review threshold).');
    expect(explainConfidence(0.9, 0.9, 0.4, 0.6)).toBe('The model is confident (90%).');
  });
});

/** 30 s at the analysis rate. */
function audio(fill: (i: number) => number): Float32Array {
  const y = new Float32Array(30 * ANALYSIS_SAMPLE_RATE);
  for (let i = 0; i < y.length; i++) y[i] = fill(i);
  return y;
}

/**
 * Re-prediction from stored features with the committed default model: every prediction gets
 * the model's own OOD score, and a track of white noise is marked unfamiliar, its confidence
 * lowered, and explained, while a GTZAN row is not.
 */
describe.skipIf(!hasSharedData())('predictions from stored features carry the model OOD score', () => {
  let lib: TempLibrary;
  let ids: number[];

  beforeAll(async () => {
    lib = tempLibrary('gw-ood-');
    ids = seedTracks(lib.db, [{ path: '/music/gtzan.wav' }, { path: '/music/noise.wav' }]);
    const table = await loadFeatureTable(sharedDataPath('gtzan', 'features_30_sec.csv'));
    let seed = 5;
    const noise = featureVectorToArray(
      extractFeatures(audio(() => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5)),
    );
    const features = [table.rows[120] as number[], noise];
    tracksNeedingAnalysis(lib.db).forEach((track, i) => {
      saveAnalysis(lib.db, track, {
        durationSec: 30,
        policy: WINDOW_POLICY_ID,
        windows: [{ index: 0, startSec: 0, durationSec: 30, features: features[i] as number[] }],
        timings: { probeMs: 0, decodeMs: 0, extractMs: 0 },
      });
    });
    await refreshPredictions(lib.db, { modelsDir: resolve(import.meta.dirname, '../../models') });
  }, 60_000);
  afterAll(() => lib?.close());

  it('stores the score, marks and explains the unfamiliar track', () => {
    const rows = lib.db
      .prepare(
        'SELECT p.track_id AS id, p.probability, p.confidence, p.ood_score AS ood, c.unfamiliar FROM predictions p JOIN current_predictions c ON c.track_id = p.track_id ORDER BY p.track_id',
      )
      .all() as { id: number; probability: number; confidence: number; ood: number; unfamiliar: number }[];
    expect(rows.map((r) => r.id)).toEqual(ids);
    const [gtzan, noise] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(gtzan.ood).toBeLessThanOrEqual(UNFAMILIAR_OOD);
    expect(gtzan.unfamiliar).toBe(0);
    expect(gtzan.confidence).toBe(gtzan.probability);
    expect(noise.ood).toBeGreaterThan(UNFAMILIAR_OOD);
    expect(noise.unfamiliar).toBe(1);
    expect(noise.confidence).toBeCloseTo(shownConfidence(noise.probability, noise.ood), 12);
    expect(noise.confidence).toBeLessThan(noise.probability);
    expect(predictionDetail(lib.db, noise.id, 0.6).reason).toMatch(/^Unlike the training music/);
  });
});
