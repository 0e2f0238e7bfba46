import { describe, expect, it } from 'vitest';
import {
  medianFilterAlongFrequency,
  medianFilterAlongTime,
  medianFilters,
} from '../../../../core/analysis/features/median-filter.js';
import { wasmSimdAvailable } from '../../../../core/analysis/features/wasm/runtime.js';
import { MAX_WASM_MEDIAN_SIZE, wasmMedianFilters } from '../../../../core/analysis/features/wasm/sliding-median.js';

// The SIMD kernel against the scalar filter, which median-filter.test.ts checks against scipy and
// against sorting every window. Node 20 and Electron both compile WebAssembly SIMD.

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function scalar(values: Float32Array, nFrames: number, nBins: number, size: number): [Float32Array, Float32Array] {
  return [
    Float32Array.from(medianFilterAlongTime(values, nFrames, nBins, size)),
    Float32Array.from(medianFilterAlongFrequency(values, nFrames, nBins, size)),
  ];
}

describe('WebAssembly SIMD sliding median', () => {
  it('is available on this runtime', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  it('matches the scalar filter bit for bit on random matrices with ties, negative values and -0', () => {
    const rand = lcg(99);
    for (const size of [1, 2, 3, 4, 7, 16, 31, 32, 33, MAX_WASM_MEDIAN_SIZE]) {
      for (const [nFrames, nBins] of [
        [1, 1],
        [1, 9],
        [9, 1],
        [5, 3],
        [40, 17],
        [3, 100],
        [70, 65],
      ] as const) {
        // Quantised values force many ties, the hard case for deleting by value.
        const values = Float32Array.from({ length: nFrames * nBins }, () => (Math.floor(rand() * 13) - 4) / 4);
        values[0] = -0;
        const [time, frequency] = wasmMedianFilters(values, nFrames, nBins, size, ['time', 'frequency']);
        const [refTime, refFrequency] = scalar(values, nFrames, nBins, size);
        expect(time, `time w=${size} ${nFrames}×${nBins}`).toEqual(refTime);
        expect(frequency, `frequency w=${size} ${nFrames}×${nBins}`).toEqual(refFrequency);
      }
    }
  });

  it('matches on a spectrum-like matrix of the HPSS shape, across the whole float32 range', () => {
    const rand = lcg(5);
    const nFrames = 130;
    const nBins = 1025;
    const values = Float32Array.from({ length: nFrames * nBins }, (_, i) => {
      const k = i % nBins;
      return Math.exp(-k / 200) * rand() ** 3 * 10 ** Math.floor(rand() * 60 - 40);
    });
    values[17] = Infinity;
    values[18] = 1e-45; // subnormal
    const got = medianFilters(values, nFrames, nBins, 31, ['time', 'frequency']);
    const want = medianFilters(values, nFrames, nBins, 31, ['time', 'frequency'], 'scalar');
    expect(got).toEqual(want);
  });

  it('filters float64 input at float32 precision like the scalar filter', () => {
    const values = Float64Array.from([0.1, 0.2, 0.3, 1 + 1e-12, 1, 0.5, 7, -2, 3]);
    expect(medianFilters(values, 3, 3, 3, ['frequency', 'time'])).toEqual(
      medianFilters(values, 3, 3, 3, ['frequency', 'time'], 'scalar'),
    );
  });

  it('gives a call larger than the retained workspace its own memory, with the same results', () => {
    const rand = lcg(11);
    const nFrames = 3000;
    const nBins = 2049; // 6.1 M values: ~74 MB for input, two outputs and scratch
    const values = new Float32Array(nFrames * nBins);
    for (let i = 0; i < values.length; i++) values[i] = rand();
    const [time] = wasmMedianFilters(values, nFrames, nBins, 31, ['time']);
    // Spot-check a few columns against the scalar filter on those columns alone.
    for (const k of [0, 1, 1024, 2048]) {
      const column = Float32Array.from({ length: nFrames }, (_, t) => values[t * nBins + k]!);
      const want = medianFilterAlongTime(column, nFrames, 1, 31);
      const got = Float32Array.from({ length: nFrames }, (_, t) => time![t * nBins + k]!);
      expect(got).toEqual(Float32Array.from(want));
    }
  });

  it('runs four lines per SIMD lane group bit-identically, whatever the line count modulo 4', () => {
    // Lines are bins along time and frames along frequency: 4–9 lines cover whole groups of four,
    // groups plus 1–3 lines left to the single-line kernel, and lines shorter than the window
    // (the reflect extension then wraps around the line more than once).
    const rand = lcg(2024);
    for (const size of [1, 2, 5, 31]) {
      for (let nFrames = 1; nFrames <= 9; nFrames++) {
        for (const nBins of [2, 4, 7, 8, 33]) {
          const values = Float32Array.from({ length: nFrames * nBins }, () =>
            rand() < 0.2 ? -rand() : Math.floor(rand() * 6) / 5,
          );
          const [time, frequency] = wasmMedianFilters(values, nFrames, nBins, size, ['time', 'frequency']);
          const [refTime, refFrequency] = scalar(values, nFrames, nBins, size);
          expect(time, `time w=${size} ${nFrames}×${nBins}`).toEqual(refTime);
          expect(frequency, `frequency w=${size} ${nFrames}×${nBins}`).toEqual(refFrequency);
        }
      }
    }
  });

  it('rejects sizes it has no kernel for and mismatched shapes', () => {
    expect(() => wasmMedianFilters(new Float32Array(4), 2, 2, MAX_WASM_MEDIAN_SIZE + 1, ['time'])).toThrow(RangeError);
    expect(() => wasmMedianFilters(new Float32Array(4), 2, 2, 0, ['time'])).toThrow(RangeError);
    expect(() => wasmMedianFilters(new Float32Array(5), 2, 2, 3, ['time'])).toThrow(RangeError);
    // Above the kernel's limit, medianFilters still works through the scalar filter.
    const values = Float32Array.from([3, 1, 2, 5, 4]);
    expect(medianFilters(values, 1, 5, 65, ['frequency'])).toEqual([
      Float32Array.from(medianFilterAlongFrequency(values, 1, 5, 65)),
    ]);
  });
});
