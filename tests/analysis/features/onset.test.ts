import { describe, expect, it } from 'vitest';
import { onsetStrength, onsetStrengthFromDb } from '../../../core/analysis/features/onset.js';
import { power, stft } from '../../../core/analysis/features/stft.js';

// Expected values from numpy, following librosa 0.8's onset_strength_multi: max(0, S[:, 1:] − S[:, :-1]),
// np.median over bands, padded in front by lag + n_fft // (2·hop) = 3 frames, trimmed to T.
describe('onsetStrengthFromDb', () => {
  it('takes the median over an odd number of bands of the positive flux, shifted by 3 frames', () => {
    const db = Float64Array.from([
      0.0, 1.0, -2.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0, 2.0, 4.0, 1.0, 2.0, 6.0, 3.0, 5.0, 6.0, 2.0, 4.0, 7.0, 2.0,
    ]);
    expect(Array.from(onsetStrengthFromDb(db, 7, 3))).toEqual([0, 0, 0, 1, 1, 0, 2]);
  });

  it('averages the two middle values for an even number of bands, like numpy.median', () => {
    const db = Float64Array.from([
      0.0, 1.0, -2.0, 0.0, 1.0, 1.0, 0.0, 2.0, 3.0, 0.0, 1.0, 2.0, 2.0, 4.0, 1.0, 2.0, 2.0, 6.0, 3.0, 9.0, 5.0, 6.0,
      2.0, 9.0, 4.0, 7.0, 2.0, 9.0,
    ]);
    expect(Array.from(onsetStrengthFromDb(db, 7, 4))).toEqual([0, 0, 0, 1.5, 0.5, 0, 2]);
  });

  it('agrees with a sort-based median on 128 bands with ties (the quickselect path)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const nFrames = 40;
    const nBands = 128;
    const db = Float64Array.from({ length: nFrames * nBands }, () => Math.round(rand() * 40) / 2 - 10);
    const env = onsetStrengthFromDb(db, nFrames, nBands);
    for (let t = 3; t < nFrames; t++) {
      const flux = Array.from({ length: nBands }, (_, m) =>
        Math.max(0, db[(t - 2) * nBands + m]! - db[(t - 3) * nBands + m]!),
      ).sort((a, b) => a - b);
      expect(env[t]).toBe((flux[63]! + flux[64]!) / 2);
    }
  });

  it('agrees with a sort-based median around half the bands rising, for even and odd band counts', () => {
    // Frame pairs where exactly `rising` bands rise: the median is zero exactly when more than half
    // the bands do not rise (the shortcut), and a selection otherwise.
    for (const nBands of [128, 127, 2, 1]) {
      for (let rising = 0; rising <= nBands; rising++) {
        const db = new Float64Array(5 * nBands);
        for (let m = 0; m < nBands; m++) {
          db[m] = m % 3; // frame 0
          db[nBands + m] = m < rising ? (m % 3) + 0.25 * (m + 1) : (m % 3) - (m % 2); // frame 1: rises, stays or falls
        }
        const env = onsetStrengthFromDb(db, 5, nBands);
        const flux = Array.from({ length: nBands }, (_, m) => Math.max(0, db[nBands + m]! - db[m]!)).sort(
          (a, b) => a - b,
        );
        const mid = nBands >> 1;
        const want = nBands % 2 === 1 ? flux[mid]! : (flux[mid - 1]! + flux[mid]!) / 2;
        expect(Object.is(env[3], want), `${nBands} bands, ${rising} rising`).toBe(true);
      }
    }
  });

  it('honours lag and the centring shift, and rejects bad shapes', () => {
    const db = Float64Array.from([0, 1, 5, 2, 8, 3]); // one band
    // lag 2: flux S[t] − S[t − 2] = [5, 1, 3, 1], shifted by 2 + 1024/(2·512) = 3.
    expect(Array.from(onsetStrengthFromDb(db, 6, 1, { lag: 2, nFft: 1024, hop: 512 }))).toEqual([0, 0, 0, 5, 1, 3]);
    expect(() => onsetStrengthFromDb(db, 5, 1)).toThrow(RangeError);
    expect(() => onsetStrengthFromDb(db, 6, 1, { lag: 0 })).toThrow(RangeError);
  });
});

describe('onsetStrength', () => {
  it('peaks three frames after each click frame of a click track', () => {
    const sr = 22050;
    const y = new Float32Array(sr * 3);
    for (let i = 0; i < y.length; i += 512 * 16) y[i] = 1; // a click every 16 frames
    const s = stft(y);
    const env = onsetStrength(power(s), s.nBins, s.nFrames, sr);
    expect(env.length).toBe(s.nFrames);
    // A click at frame c's centre first shows up in STFT frame c − 1 (the 2048-sample window
    // reaches one hop early); that flux, S[c − 1] − S[c − 2], is shifted by 3 frames to c + 1.
    for (let c = 16; c + 4 < s.nFrames; c += 16) {
      const peak = env[c + 1]!;
      expect(peak).toBeGreaterThan(0);
      for (let t = c - 8; t <= c + 8; t++) if (t !== c + 1) expect(env[t]!).toBeLessThan(peak);
    }
  });
});

describe('onsetStrengthFromDb with the SIMD kernel', () => {
  it('gives the bits of the scalar loop, ties, signed zeros and NaN included', () => {
    let seed = 3;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const awkward = [0, -0, 1, -1, 80, -80, Number.NaN, 1e-300, -1e-300];
    for (const nBands of [2, 4, 7, 128]) {
      for (const nFrames of [1, 3, 6, 200]) {
        for (const lag of [1, 2]) {
          const smooth = Float64Array.from({ length: nFrames * nBands }, () => -80 * rand());
          const rough = Float64Array.from({ length: nFrames * nBands }, () =>
            rand() < 0.3 ? awkward[Math.floor(rand() * awkward.length)]! : Math.round(-8 * rand()),
          );
          for (const db of [smooth, rough]) {
            const fast = onsetStrengthFromDb(db, nFrames, nBands, { lag });
            const scalar = onsetStrengthFromDb(db, nFrames, nBands, { lag, engine: 'scalar' });
            expect(
              fast.every((v, i) => Object.is(v, scalar[i])),
              `${nBands} bands, ${nFrames} frames, lag ${lag}`,
            ).toBe(true);
          }
        }
      }
    }
  });
});
