import { describe, expect, it } from 'vitest';
import { spectralShape } from '../../../core/analysis/features/spectral.js';

// nFft 8 → 5 bins at 0, 2756.25, 5512.5, 8268.75, 11025 Hz (sr 22050).
const SR = 22050;
const BIN = SR / 8;

function frames(...columns: number[][]): Float32Array {
  return Float32Array.from(columns.flat());
}

describe('spectralShape', () => {
  it('puts a single-bin spectrum at that bin with zero bandwidth', () => {
    const { centroid, bandwidth, rolloff } = spectralShape(frames([0, 0, 3, 0, 0]), 5, 1, SR, 8);
    expect(centroid[0]).toBe(2 * BIN);
    expect(bandwidth[0]).toBe(0);
    expect(rolloff[0]).toBe(2 * BIN);
  });

  it('uses magnitudes as weights: centroid, p=2 bandwidth, 85 % rolloff', () => {
    // Magnitudes 1, 1, 2 at bins 1, 2, 3: centroid = (1·1 + 1·2 + 2·3)/4 bins = 2.25 bins;
    // bandwidth² = (1·1.25² + 1·0.25² + 2·0.75²)/4 bins²; cumulative 1, 2, 4 of 4 → first ≥ 3.4 is bin 3.
    const { centroid, bandwidth, rolloff } = spectralShape(frames([0, 1, 1, 2, 0]), 5, 1, SR, 8);
    expect(centroid[0]).toBeCloseTo(2.25 * BIN, 9);
    expect(bandwidth[0]).toBeCloseTo(Math.sqrt((1.25 ** 2 + 0.25 ** 2 + 2 * 0.75 ** 2) / 4) * BIN, 9);
    expect(rolloff[0]).toBe(3 * BIN);
  });

  it('counts reaching the threshold exactly (cumulative ≥ 0.85·total)', () => {
    // Cumulative 85, 100 of 100: float32(0.85)·100 rounds to exactly 85 in float32, so bin 0 qualifies.
    const { rolloff } = spectralShape(frames([85, 15, 0, 0, 0]), 5, 1, SR, 8);
    expect(rolloff[0]).toBe(0);
  });

  it('returns zeros for a silent frame and handles frames independently', () => {
    const { centroid, bandwidth, rolloff } = spectralShape(frames([0, 0, 0, 0, 0], [0, 0, 0, 0, 5]), 5, 2, SR, 8);
    expect([centroid[0], bandwidth[0], rolloff[0]]).toEqual([0, 0, 0]);
    expect([centroid[1], bandwidth[1], rolloff[1]]).toEqual([4 * BIN, 0, 4 * BIN]);
  });
});
