import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { complexFft } from '../../../../core/analysis/features/wasm/fft.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
}

describe('complexFft (fft.js in WebAssembly SIMD)', () => {
  it('is bit-identical to fft.js transform for every size from 4 to 8192, over a wide dynamic range', () => {
    const rand = lcg(42);
    for (let size = 4; size <= 8192; size *= 2) {
      const fft = complexFft(size);
      const reference = new FFT(size);
      const want = new Float64Array(2 * size);
      for (let rep = 0; rep < 3; rep++) {
        for (let i = 0; i < 2 * size; i++) fft.input[i] = rand() * 10 ** Math.floor(rand() * 12);
        const input = Float64Array.from(fft.input);
        fft.transform();
        reference.transform(want, input);
        expect(
          Array.from(fft.output)
            .map((v, i) => Object.is(v, want[i]))
            .every(Boolean),
          `size ${size}`,
        ).toBe(true);
      }
    }
  });

  it('computes the DFT: an impulse gives a flat spectrum, a complex exponential a single bin', () => {
    const n = 16;
    const fft = complexFft(n);
    fft.input.fill(0);
    fft.input[0] = 1;
    fft.transform();
    for (let k = 0; k < n; k++) {
      expect(fft.output[2 * k]).toBeCloseTo(1, 15);
      expect(fft.output[2 * k + 1]).toBeCloseTo(0, 15);
    }
    for (let j = 0; j < n; j++) {
      fft.input[2 * j] = Math.cos((2 * Math.PI * 3 * j) / n);
      fft.input[2 * j + 1] = Math.sin((2 * Math.PI * 3 * j) / n);
    }
    fft.transform();
    for (let k = 0; k < n; k++) {
      expect(fft.output[2 * k]).toBeCloseTo(k === 3 ? n : 0, 12);
      expect(fft.output[2 * k + 1]).toBeCloseTo(0, 12);
    }
  });

  it('shares one instance per size and engine, and keeps fft.js as the scalar engine', () => {
    expect(complexFft(64)).toBe(complexFft(64));
    const scalar = complexFft(64, 'scalar');
    expect(scalar).not.toBe(complexFft(64));
    scalar.input.set(Array.from({ length: 128 }, (_, i) => (i % 7) - 3));
    complexFft(64).input.set(scalar.input);
    scalar.transform();
    complexFft(64).transform();
    expect(complexFft(64).output).toEqual(scalar.output);
  });

  it('rejects sizes that are not powers of two of at least 4', () => {
    for (const size of [0, 2, 3, 6, 1000, 4.5]) expect(() => complexFft(size)).toThrow(RangeError);
  });
});
