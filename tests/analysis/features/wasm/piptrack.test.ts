import { describe, expect, it } from 'vitest';
import { piptrack, type PitchPeaks } from '../../../../core/analysis/features/tuning.js';
import { wasmSimdAvailable } from '../../../../core/analysis/features/wasm/runtime.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A float32 power spectrogram with peaks, plateaus (ties, zero curvature), silence and tiny values. */
function spectrogram(nBins: number, nFrames: number, seed: number): Float32Array {
  const rand = lcg(seed);
  const S = new Float32Array(nBins * nFrames);
  for (let t = 0; t < nFrames; t++) {
    if (t % 17 === 5) continue; // a silent frame: maximum 0, threshold 0
    for (let k = 0; k < nBins; k++) {
      const i = t * nBins + k;
      if (k % 23 === 3)
        S[i] = S[i - 1] ?? 0; // a tie with the left neighbour
      else if (k % 29 === 7 && k > 1)
        S[i] = 2 * S[i - 1]! - S[i - 2]!; // a straight line: den ≈ 0
      else if (k % 31 === 0)
        S[i] = 1e-42; // subnormal
      else S[i] = rand() ** 4 * 10 ** Math.floor(rand() * 8 - 4);
    }
  }
  return S;
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

function expectSame(got: PitchPeaks, want: PitchPeaks, label: string): void {
  expect(got.count, label).toBe(want.count);
  expect(bits(got.pitches), label).toEqual(bits(want.pitches));
  expect(bits(got.magnitudes), label).toEqual(bits(want.magnitudes));
}

describe('the piptrack kernel (WebAssembly)', () => {
  it('is available on this runtime', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  it('finds the same peaks with the same float32 bits as the JavaScript loop', () => {
    for (const [nBins, nFrames, seed] of [
      [1025, 300, 1], // nFft 2048: a bin count that is not a multiple of 4
      [1024, 40, 2],
      [13, 50, 3],
      [7, 9, 4],
    ] as const) {
      const S = spectrogram(nBins, nFrames, seed);
      const nFft = 2 * (nBins - 1);
      const label = `${nBins} bins × ${nFrames} frames`;
      const want = piptrack(S, nBins, nFrames, 22050, nFft, {}, 'scalar');
      expect(want.count, label).toBeGreaterThan(0);
      expectSame(piptrack(S, nBins, nFrames, 22050, nFft, {}, 'auto'), want, label);
      const wide = { fmin: 0, fmax: 11025, threshold: 0.3 };
      expectSame(
        piptrack(S, nBins, nFrames, 22050, nFft, wide, 'auto'),
        piptrack(S, nBins, nFrames, 22050, nFft, wide, 'scalar'),
        `${label}, wide band`,
      );
    }
  });

  it('finds nothing where the band holds no bin, and nothing in silence', () => {
    const S = spectrogram(1025, 20, 5);
    const none = piptrack(S, 1025, 20, 22050, 2048, { fmin: 3000, fmax: 3004 }, 'auto');
    expect(none.count).toBe(0);
    expect(piptrack(new Float32Array(1025 * 4), 1025, 4, 22050, 2048, {}, 'auto').count).toBe(0);
  });
});
