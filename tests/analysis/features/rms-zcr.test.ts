import { describe, expect, it } from 'vitest';
import { rms } from '../../../core/analysis/features/rms.js';
import { zeroCrossingRate } from '../../../core/analysis/features/zcr.js';

// Expected values from numpy, following librosa 0.8's recipes with frame_length 4, hop 2:
// rms: np.pad(y, 2, 'reflect'), frames, sqrt(mean(x²)); zcr: np.pad(y, 2, 'edge'), |x| ≤ 1e-10 → 0,
// np.signbit changes between consecutive samples, padded with False in front, mean over the frame.
const y = Float32Array.from([0.5, -0.2, 0.3, 0.0, -0.7, 0.1, 0.9, -0.4, 0.05, 0.2]);

describe('rms', () => {
  it('matches librosa.feature.rms on reflect-padded frames', () => {
    const expected = [0.32403704, 0.3082207, 0.38405728, 0.60621777, 0.50311529, 0.22638463];
    const got = rms(y, 4, 2);
    expect(got.length).toBe(expected.length);
    expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 7));
  });

  it('gives the amplitude of a constant signal, with the default 2048/512 framing', () => {
    const got = rms(new Float32Array(5000).fill(0.25));
    expect(got.length).toBe(1 + Math.floor(5000 / 512));
    for (const v of got) expect(v).toBeCloseTo(0.25, 12);
  });

  it('agrees with the direct sum when frames are not whole hops', () => {
    const got = rms(y, 3, 2);
    // frame 0 of np.pad(y, 1, 'reflect') = [-0.2, 0.5, -0.2]
    expect(got[0]).toBeCloseTo(Math.sqrt((0.04 + 0.25 + 0.04) / 3), 7);
  });
});

describe('zeroCrossingRate', () => {
  it('matches librosa.feature.zero_crossing_rate on edge-padded frames', () => {
    expect(Array.from(zeroCrossingRate(y, 4, 2))).toEqual([0.25, 0.5, 0.5, 0.5, 0.5, 0]);
  });

  it('treats zero and |x| ≤ 1e-10 as positive', () => {
    // +, 0, −1e-11, + : no crossings; then −: one crossing.
    const x = Float64Array.from([1, 0, -1e-11, 1, -1, -1]);
    const got = zeroCrossingRate(x, 6, 6);
    // edge pad by 3 → [1,1,1, 1,0,−1e-11,1,−1,−1, −1,−1,−1]; frame 0 = first 6 samples.
    expect(got[0]).toBe(0);
    expect(got[1]).toBeCloseTo(1 / 6, 15); // samples 6..11: 1, −1, −1, −1, −1, −1
  });
});
