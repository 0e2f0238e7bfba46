import { describe, expect, it } from 'vitest';
import { meanTempogram } from '../../../../core/analysis/features/tempo.js';
import { wasmSimdAvailable } from '../../../../core/analysis/features/wasm/runtime.js';
import { tempogramFftSize, wasmTempogramSum } from '../../../../core/analysis/features/wasm/tempogram.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** An onset-strength-like envelope: sparse peaks, silent stretches, a few tiny values. */
function envelope(n: number, seed: number): Float64Array {
  const rand = lcg(seed);
  return Float64Array.from({ length: n }, (_, t) => {
    if (t % 97 < 20) return 0; // silence: frames whose autocorrelation maximum is 0
    if (t % 89 === 0) return 1e-300; // normalised by the "below tiny" rule
    return rand() < 0.2 ? rand() * 8 : rand() * 0.3;
  });
}

function sameBits(a: Float64Array, b: Float64Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (Object.is(a[i], b[i])) same++;
  return same;
}

describe('the tempogram kernel (WebAssembly)', () => {
  it('is available on this runtime', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  it('equals the JavaScript tempogram bit for bit: odd and even frame counts and windows, short envelopes', () => {
    for (const [n, winLength, seed] of [
      [1293, 344, 1], // a 30 s window at 22,050 Hz / 512
      [1294, 344, 2],
      [400, 343, 3], // odd window: the padding is one value shorter than the window
      [100, 344, 4], // fewer frames than the window
      [1, 344, 5],
      [2, 7, 6],
      [57, 31, 7],
    ] as const) {
      const env = envelope(n, seed);
      const fast = meanTempogram(env, winLength, 'auto');
      const reference = meanTempogram(env, winLength, 'scalar');
      expect(fast.length).toBe(winLength);
      expect(sameBits(fast, reference), `n ${n}, window ${winLength}`).toBe(winLength);
    }
  });

  it('handles an all-silent envelope (every frame below tiny) like the JavaScript loop', () => {
    const env = new Float64Array(300);
    const fast = meanTempogram(env, 344, 'auto');
    expect(sameBits(fast, meanTempogram(env, 344, 'scalar'))).toBe(344);
    expect(fast.every((v) => v === 0)).toBe(true);
  });

  it('picks the FFT size meanTempogram uses and checks its arguments', () => {
    expect(tempogramFftSize(344)).toBe(1024);
    expect(tempogramFftSize(2)).toBe(4);
    expect(tempogramFftSize(3)).toBe(8);
    expect(() => wasmTempogramSum(new Float64Array(10), new Float64Array(4), 10, 4)).toThrow(RangeError);
  });
});
