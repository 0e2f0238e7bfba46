import { describe, expect, it } from 'vitest';
import { dctOrtho, dctOrthoBasis, mfcc } from '../../../core/analysis/features/mfcc.js';
import { melFilterBank, melSpectrogram, powerToDb } from '../../../core/analysis/features/mel.js';

describe('dctOrtho', () => {
  it('matches scipy.fftpack.dct(x, type=2, norm="ortho")', () => {
    const four = dctOrtho(Float64Array.from([1, 2, 3, 4]), 4, 1, 4);
    [5, -2.2304425, 0, -0.15851267].forEach((v, k) => expect(four[k]).toBeCloseTo(v, 7));
    const x = Float64Array.from([0.3, -1.2, 2.5, 0.7, -0.1, 1, 2, 3, 4, 5]); // two frames of 5
    const got = dctOrtho(x, 5, 2, 5);
    [0.98386991, -0.46572088, -1.38108562, 1.29155103, 1.87606037].forEach((v, k) => expect(got[k]).toBeCloseTo(v, 7));
    expect(got[5]).toBeCloseTo(15 / Math.sqrt(5), 12);
  });

  it('has an orthonormal basis', () => {
    const n = 128;
    const b = dctOrthoBasis(n, n);
    for (const [i, j] of [
      [0, 0],
      [3, 3],
      [0, 5],
      [7, 19],
      [127, 127],
    ] as const) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += b[i * n + k]! * b[j * n + k]!;
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
    }
  });

  it('refuses more coefficients than bands', () => {
    expect(() => dctOrtho(new Float64Array(4), 4, 1, 5)).toThrow(RangeError);
  });
});

describe('mfcc', () => {
  it('is the orthonormal DCT of the dB mel spectrogram, first 20 coefficients per frame', () => {
    const bank = melFilterBank(22050, 2048);
    const nBins = 1025;
    const power = new Float32Array(2 * nBins);
    for (let k = 0; k < nBins; k++) {
      power[k] = 1 / (1 + k);
      power[nBins + k] = k % 7 === 0 ? 3 : 1e-14;
    }
    const got = mfcc(power, nBins, 2, bank);
    expect(got.length).toBe(40);
    const db = powerToDb(melSpectrogram(power, nBins, 2, bank));
    // Coefficient 0 is the band sum / sqrt(128); coefficient 1 weights by cos(π(2i+1)/256)·sqrt(2/128).
    let c0 = 0;
    let c1 = 0;
    for (let i = 0; i < 128; i++) {
      c0 += db[128 + i]!;
      c1 += db[128 + i]! * Math.cos((Math.PI * (2 * i + 1)) / 256);
    }
    expect(got[20]).toBeCloseTo(c0 / Math.sqrt(128), 9);
    expect(got[21]).toBeCloseTo(c1 * Math.sqrt(2 / 128), 9);
  });
});
