import { describe, expect, it } from 'vitest';
import { harmonicMask } from '../../../../core/analysis/features/hpss.js';
import { medianFilters } from '../../../../core/analysis/features/median-filter.js';
import { MASK_SLICE_PAIRS, wasmHarmonicMask } from '../../../../core/analysis/features/wasm/hpss-mask.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** The scalar path: both median filters, then harmonicMask (itself tested against softmask). */
function reference(mag: Float32Array, nFrames: number, nBins: number, size: number): Float64Array {
  const [h, p] = medianFilters(mag, nFrames, nBins, size, ['time', 'frequency'], 'scalar') as [
    Float32Array,
    Float32Array,
  ];
  return harmonicMask(h, p);
}

describe('wasmHarmonicMask (medians and soft mask in WebAssembly)', () => {
  it('equals the scalar medians + mask bit for bit, silent regions and an odd element count included', () => {
    const rand = lcg(2024);
    for (const [nFrames, nBins, size] of [
      [7, 9, 3],
      [40, 65, 31],
      [131, 257, 31],
      [301, 257, 31], // odd, over MASK_SLICE_PAIRS pairs: the mask leaves in two slices
      [131, 1025, 31], // three slices, the STFT's bin count
      [3, 5, 31],
    ] as const) {
      const mag = Float32Array.from({ length: nFrames * nBins }, (_, i) => {
        if (i % 11 < 3) return 0; // silent patches: both medians 0 → 0.5
        if (i % 13 === 0) return 1e-40; // subnormal: below float32 tiny
        return rand() ** 3 * 10 ** Math.floor(rand() * 6 - 3);
      });
      const got = wasmHarmonicMask(mag, nFrames, nBins, size);
      const want = reference(mag, nFrames, nBins, size);
      expect(got.length).toBe(want.length);
      let same = 0;
      for (let i = 0; i < want.length; i++) if (Object.is(got[i], want[i])) same++;
      expect(same, `${nFrames}×${nBins} w=${size}`).toBe(want.length);
      expect(got.some((v) => v === 0.5)).toBe(true);
    }
  });

  it('writes the mask through slices of MASK_SLICE_PAIRS pairs into the target it is given', () => {
    expect(301 * 257).toBeGreaterThan(2 * MASK_SLICE_PAIRS);
    const rand = lcg(7);
    const mag = Float32Array.from({ length: 301 * 257 }, () => rand());
    const into = new Float64Array(mag.length).fill(-1);
    expect(wasmHarmonicMask(mag, 301, 257, 31, into)).toBe(into);
    const want = reference(mag, 301, 257, 31);
    expect(into.every((v, i) => Object.is(v, want[i]))).toBe(true);
  });

  it('returns an empty mask for an empty spectrogram', () => {
    expect(wasmHarmonicMask(new Float32Array(0), 0, 1025, 31)).toEqual(new Float64Array(0));
  });
});
