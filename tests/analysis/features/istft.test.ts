import { describe, expect, it } from 'vitest';
import { istft } from '../../../core/analysis/features/istft.js';
import { stft, type Stft } from '../../../core/analysis/features/stft.js';

describe('istft (librosa 0.8, center=True, no length)', () => {
  it('matches the librosa algorithm on a small non-Hermitian example (DC/Nyquist imaginary parts ignored)', () => {
    // Frame-major re/im of a 5-bin × 5-frame matrix; expected output from numpy: irfft per frame,
    // periodic Hann, overlap-add, divide by window_sumsquare, trim nFft/2 at both ends.
    const re = [
      0.0, -0.99, 0.49, 0.7, -1.84, 0.3, 0.06, 0.36, -1.34, -0.24, -0.27, 1.34, 0.11, -0.46, -1.27, -0.89, -0.49, -0.93,
      -1.9, 0.27, -0.45, -0.62, -0.03, -1.29, 0.16,
    ];
    const im = [
      -0.19, -1.53, -0.81, 0.11, -1.55, -2.52, -0.48, -0.03, 0.06, 0.86, -0.54, -0.98, 0.88, -1.23, 0.12, -0.05, -0.81,
      -0.58, 0.08, -0.64, 0.11, 1.06, -0.11, 1.36, 2.0,
    ];
    const s: Stft = { nFft: 8, hop: 2, nBins: 5, nFrames: 5, re: Float64Array.from(re), im: Float64Array.from(im) };
    const expected = [
      -0.006999999999999995, 0.27266121519713016, -0.07000000000000002, 0.08310362560324129, -0.20333333333333334,
      -0.703047272788269, 0.1545833333333333, -0.566629768052597,
    ];
    const y = istft(s);
    expect(y.length).toBe(8);
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('inverts the STFT of a signal to its first hop·(frames − 1) samples, odd and even frame counts', () => {
    for (const n of [22050, 22050 + 512]) {
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++)
        y[i] = Math.sin(i * 0.013) * 0.5 + Math.cos(i * 0.31) * 0.25 + ((i * 7919) % 101) / 1000;
      const s = stft(y);
      const back = istft(s);
      expect(back.length).toBe(512 * (s.nFrames - 1));
      expect(back.length).toBe(512 * Math.floor(n / 512));
      let maxErr = 0;
      for (let i = 0; i < back.length; i++) maxErr = Math.max(maxErr, Math.abs(back[i]! - y[i]!));
      expect(maxErr).toBeLessThan(1e-12);
    }
  });

  it('rejects inconsistent shapes', () => {
    const empty: Stft = { nFft: 8, hop: 2, nBins: 5, nFrames: 0, re: new Float64Array(0), im: new Float64Array(0) };
    expect(() => istft(empty)).toThrow(RangeError);
    expect(() => istft({ ...empty, nBins: 4, nFrames: 1, re: new Float64Array(4), im: new Float64Array(4) })).toThrow(
      RangeError,
    );
  });
});
