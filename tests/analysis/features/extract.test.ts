import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../../shared/features.js';
import {
  EXTRACT_STAGES,
  extractFeatures,
  extractFeaturesTimed,
  SignalTooShortError,
} from '../../../core/analysis/features/extract.js';

const SR = 22050;

// The exact match with librosa is tests/analysis/oracle.test.ts (needs ../shared/data); this checks
// the aggregation on a signal whose features are known in closed form.
describe('extractFeatures', () => {
  const f = 1000;
  const amplitude = 0.4;
  const y = Float32Array.from({ length: 5 * SR }, (_, i) => amplitude * Math.sin((2 * Math.PI * f * i) / SR));
  const features = extractFeatures(y);

  it('returns all 57 features, finite, in the CSV column order', () => {
    expect(Object.keys(features)).toEqual([...FEATURE_NAMES]);
    for (const name of FEATURE_NAMES) expect(Number.isFinite(features[name]), name).toBe(true);
  });

  it('reduces frame series to the values a pure tone must have', () => {
    expect(features.rms_mean).toBeCloseTo(amplitude / Math.SQRT2, 3);
    // 2f/sr crossings per sample, slightly fewer at the two ends where edge padding holds the signal flat.
    const zcrRatio = features.zero_crossing_rate_mean / ((2 * f) / SR);
    expect(zcrRatio).toBeGreaterThan(0.98);
    expect(zcrRatio).toBeLessThanOrEqual(1);
    expect(features.spectral_centroid_mean / f).toBeCloseTo(1, 2);
    expect(Math.abs(features.rolloff_mean - f)).toBeLessThan(3 * (SR / 2048));
    expect(features.spectral_centroid_var).toBeLessThan(features.spectral_centroid_mean); // steady tone
    // A pure tone is harmonic: the percussive part holds under 1 % of its energy (the onset and end).
    expect(features.perceptr_var).toBeLessThan(1e-2 * features.harmony_var);
    expect(features.chroma_stft_mean).toBeGreaterThan(0);
    expect(features.chroma_stft_mean).toBeLessThan(1);
    expect(features.tempo).toBeGreaterThan(0);
  });

  it('reports the same features with per-stage timings', () => {
    const { features: timed, seconds } = extractFeaturesTimed(y);
    expect(timed).toEqual(features);
    for (const stage of EXTRACT_STAGES) expect(seconds[stage]).toBeGreaterThanOrEqual(0);
  });

  it('refuses a signal too short to frame', () => {
    expect(() => extractFeatures(new Float32Array(2048))).toThrow(SignalTooShortError);
  });
});
