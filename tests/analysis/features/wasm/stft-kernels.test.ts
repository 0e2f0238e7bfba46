import { describe, expect, it } from 'vitest';
import { istft } from '../../../../core/analysis/features/istft.js';
import { magnitudeF32, powerF32, spectrogramsF32 } from '../../../../core/analysis/features/spectrogram32.js';
import { stft, stftScalar, withStft } from '../../../../core/analysis/features/stft.js';
import { stftMaskBuffer } from '../../../../core/analysis/features/wasm/stft-kernels.js';

// The WebAssembly STFT / inverse STFT against the JavaScript loops they replace (which stft.test.ts
// and istft.test.ts check against librosa): the same numbers, bit for bit.

function signal(n: number, seed: number): Float32Array {
  let s = seed;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    y[i] = 0.4 * Math.sin(i * 0.031) + 0.3 * (s / 2147483648 - 0.5) + (i % 997 === 0 ? 0.5 : 0);
  }
  return y;
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('STFT kernels', () => {
  it('compute the same spectra as the JavaScript STFT, paired and unpaired last frames, several sizes', () => {
    for (const [n, nFft, hop] of [
      [5000, 2048, 512],
      [5512, 2048, 512],
      [22050, 2048, 512],
      [3000, 1024, 256],
      [700, 512, 128],
      [1030, 2048, 512],
    ] as const) {
      const y = signal(n, n);
      const fast = stft(y, nFft, hop);
      const slow = stftScalar(y, nFft, hop);
      expect(fast.nFrames, `${n}/${nFft}/${hop}`).toBe(slow.nFrames);
      expect(sameBits(fast.re, slow.re) && sameBits(fast.im, slow.im), `${n}/${nFft}/${hop}`).toBe(true);
    }
  });

  it('invert (masked or not) to the same samples as the JavaScript inverse STFT', () => {
    for (const n of [5000, 5512, 22050]) {
      const y = signal(n, 3 * n);
      const fast = stft(y);
      const slow = stftScalar(y);
      const mask = Float64Array.from({ length: fast.re.length }, (_, i) => ((i * 2654435761) % 1000) / 999);
      expect(sameBits(istft(fast, mask), istft(slow, mask)), `masked, ${n} samples`).toBe(true);
      expect(sameBits(istft(fast), istft(slow)), `unmasked, ${n} samples`).toBe(true);
      // Inverting twice from the same memory gives the same answer (the overlap-add is cleared).
      expect(sameBits(istft(fast, mask), istft(slow, mask))).toBe(true);
    }
  });

  it('invert with a mask written straight into the STFT memory like with a mask handed over', () => {
    const y = signal(9000, 77);
    const fast = stft(y);
    const mask = Float64Array.from({ length: fast.re.length }, (_, i) => ((i * 40503) % 977) / 976);
    const want = istft(stftScalar(y), mask);
    const inPlace = stftMaskBuffer(fast)!;
    inPlace.set(mask);
    expect(sameBits(istft(fast, inPlace), want)).toBe(true);
    expect(sameBits(istft(fast, mask), want)).toBe(true);
    expect(stftMaskBuffer(stftScalar(y))).toBeUndefined();
  });

  it('compute the float32 magnitude and power spectrograms of spectrogram32.ts, for odd bin counts too', () => {
    for (const [n, nFft] of [
      [22050, 2048],
      [3001, 256],
    ] as const) {
      const y = signal(n, 5 * n);
      const { magnitude, power } = spectrogramsF32(stft(y, nFft, nFft / 4));
      const slow = magnitudeF32(stftScalar(y, nFft, nFft / 4));
      expect(magnitude).toEqual(slow);
      expect(power).toEqual(powerF32(slow));
      // Without the kernel's memory (a JavaScript STFT) the same function falls back to the scalar code.
      expect(spectrogramsF32(stftScalar(y, nFft, nFft / 4)).magnitude).toEqual(slow);
    }
  });

  it('withStft lends an STFT whose memory the next call reuses, with the same results each time', () => {
    const a = signal(30000, 1);
    const b = signal(20000, 2);
    const kept = stft(a); // a standalone STFT is never handed out again
    const keptRe = Float64Array.from(kept.re);
    const first = withStft(a, 2048, 512, (s) => ({ re: Float64Array.from(s.re), inverse: istft(s) }));
    const second = withStft(b, 2048, 512, (s) => Float64Array.from(s.im));
    const third = withStft(a, 2048, 512, (s) => ({ re: Float64Array.from(s.re), inverse: istft(s) }));
    expect(sameBits(first.re, keptRe)).toBe(true);
    expect(sameBits(third.re, keptRe)).toBe(true);
    expect(sameBits(third.inverse, first.inverse)).toBe(true);
    expect(sameBits(second, stftScalar(b).im)).toBe(true);
    expect(sameBits(kept.re, keptRe)).toBe(true);
  });

  it('returns what `use` returns and still releases when it throws', () => {
    const y = signal(6000, 9);
    expect(() =>
      withStft(y, 2048, 512, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(withStft(y, 2048, 512, (s) => s.nFrames)).toBe(stftScalar(y).nFrames);
  });
});
