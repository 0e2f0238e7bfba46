import { describe, expect, it } from 'vitest';
import { reflectPad } from '../../../core/analysis/features/padding.js';
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

  it('reads the reflection in place: the same bits as block sums over a reflect-padded copy', () => {
    // The block-sum recipe over np.pad(y, frameLength / 2, 'reflect'), written out plainly.
    const reference = (x: Float32Array, frameLength: number, hop: number): Float64Array => {
      const padded = reflectPad(x, frameLength / 2);
      const n = 1 + Math.floor((padded.length - frameLength) / hop);
      const blocks = Array.from({ length: n - 1 + frameLength / hop }, (_, b) => {
        let acc = 0;
        for (let i = b * hop; i < (b + 1) * hop; i++) acc += padded[i]! * padded[i]!;
        return acc;
      });
      return Float64Array.from({ length: n }, (_, t) => {
        let acc = 0;
        for (let b = t; b < t + frameLength / hop; b++) acc += blocks[b]!;
        return Math.sqrt(acc / frameLength);
      });
    };
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    // Longer than the padding, shorter than it (the mirror wraps more than once), and one sample.
    for (const length of [30_000, 5_001, 700, 3, 1]) {
      const x = Float32Array.from({ length }, rand);
      for (const [frameLength, hop] of [
        [2048, 512],
        [8, 2],
      ] as const) {
        const got = rms(x, frameLength, hop);
        const want = reference(x, frameLength, hop);
        expect(got.length).toBe(want.length);
        expect(
          got.every((v, i) => Object.is(v, want[i])),
          `${length} samples, ${frameLength}/${hop}`,
        ).toBe(true);
      }
    }
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

describe('zeroCrossingRate against the plain definition', () => {
  // Crossings counted one frame at a time over an edge-padded copy: the recipe librosa follows.
  const reference = (x: Float32Array, frameLength: number, hop: number): Float64Array => {
    const pad = Math.floor(frameLength / 2);
    const padded = Float32Array.from(
      { length: x.length + 2 * pad },
      (_, i) => x[Math.min(x.length - 1, Math.max(0, i - pad))]!,
    );
    const negative = (v: number): boolean => v < -1e-10;
    const n = 1 + Math.floor((padded.length - frameLength) / hop);
    return Float64Array.from({ length: n }, (_, t) => {
      let crossings = 0;
      for (let i = t * hop + 1; i < t * hop + frameLength; i++)
        if (negative(padded[i]!) !== negative(padded[i - 1]!)) crossings++;
      return crossings / frameLength;
    });
  };

  it('gives the same bits on noise, on a sine and around the threshold', () => {
    let seed = 11;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    const signals = [
      Float32Array.from({ length: 20_000 }, rand),
      Float32Array.from({ length: 9_001 }, (_, i) => Math.sin(i / 7)),
      Float32Array.from({ length: 5_000 }, (_, i) => [0, -1e-11, -2e-10, 1e-12, -0][i % 5]! * (i % 3 === 0 ? 1 : -1)),
      Float32Array.from([-1]),
    ];
    for (const x of signals) {
      for (const [frameLength, hop] of [
        [2048, 512],
        [4, 2],
        [3, 2],
      ] as const) {
        const got = zeroCrossingRate(x, frameLength, hop);
        const want = reference(x, frameLength, hop);
        expect(got.length).toBe(want.length);
        expect(got.every((v, i) => Object.is(v, want[i]))).toBe(true);
      }
    }
  });
});

describe('zeroCrossingRate by the SIMD kernel', () => {
  const t32 = Math.fround(-1e-10);
  // Float32 values on both sides of −1e-10, and the awkward ones.
  const edges = [t32, nextFloat32(t32, -1), nextFloat32(t32, 1), -1e-11, -0, 0, Number.NaN, -Infinity, Infinity, 1, -1];

  function nextFloat32(x: number, direction: 1 | -1): number {
    const bits = new Int32Array(new Float32Array([x]).buffer);
    // x is negative: its bit pattern grows away from zero.
    bits[0]! += direction === -1 ? 1 : -1;
    return new Float32Array(bits.buffer)[0]!;
  }

  it('gives the bits of the scalar loop, whatever the length and the values', () => {
    let seed = 5;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lengths = [1, 2, 3, 4, 5, 7, 511, 512, 513, 1023, 2047, 2048, 2049, 4095, 30_001, 661_500];
    for (const length of lengths) {
      const noise = Float32Array.from({ length }, () => rand() - 0.5);
      const awkward = Float32Array.from({ length }, () => edges[Math.floor(rand() * edges.length)]!);
      for (const x of [noise, awkward]) {
        for (const [frameLength, hop] of [
          [2048, 512],
          [1024, 256],
          [16, 4],
        ] as const) {
          const fast = zeroCrossingRate(x, frameLength, hop);
          const scalar = zeroCrossingRate(x, frameLength, hop, 'scalar');
          expect(fast.length).toBe(scalar.length);
          expect(
            fast.every((v, i) => Object.is(v, scalar[i])),
            `${length} samples, ${frameLength}/${hop}`,
          ).toBe(true);
        }
      }
    }
    expect(nextFloat32(t32, -1)).toBeLessThan(-1e-10);
  });
});

describe('rms by the SIMD kernel', () => {
  it('gives the bits of the scalar loop, whatever the length and the values', () => {
    const awkward = [0, -0, Number.NaN, Infinity, -3.4028234663852886e38, 1.401298464324817e-45, 0.5, -0.25];
    for (const length of [1, 100, 2047, 2048, 2049, 4096, 5000, 9_999, 30_001, 661_500]) {
      const signals = [
        Float32Array.from({ length }, (_, i) => Math.sin(i / 7) * 0.3 + ((i * 7919) % 97) / 970),
        Float32Array.from({ length }, (_, i) => awkward[(i * 5) % awkward.length]!),
        Float32Array.from({ length }, (_, i) => (i % 1021 === 0 ? 1e30 : 1e-20 * (i % 11))),
      ];
      for (const y of signals) {
        for (const [frameLength, hop] of [
          [2048, 512],
          [1024, 256],
          [2048, 1024],
        ] as const) {
          const fast = rms(y, frameLength, hop);
          const scalar = rms(y, frameLength, hop, 'scalar');
          expect(fast.length).toBe(scalar.length);
          expect(
            fast.every((v, i) => Object.is(v, scalar[i])),
            `${length} samples, ${frameLength}/${hop}`,
          ).toBe(true);
        }
      }
    }
  });
});
