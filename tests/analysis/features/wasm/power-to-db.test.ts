import { describe, expect, it } from 'vitest';
import { powerToDb } from '../../../../core/analysis/features/mel.js';
import { MIN_NORMAL } from '../../../../core/analysis/features/wasm/power-to-db.js';

/** Same bits, NaN included (Object.is), value by value. */
function mismatches(a: Float64Array, b: Float64Array): number[] {
  expect(a.length).toBe(b.length);
  const bad: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad.push(i);
  return bad;
}

describe('power_to_db by the SIMD kernel with fdlibm’s log10', () => {
  let seed = 17;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };

  it('gives Math.log10’s bits over the whole range of normal doubles and at the awkward values', () => {
    // Every branch of fdlibm's log: arguments near 1 and 2 (|f| < 2^-20, f = 0), both signs of k.
    const awkward = [1, 2, 0.5, 4, 1 + 2 ** -30, 1 - 2 ** -30, 2 - 2 ** -40, 1 + 2 ** -52, 1 - 2 ** -53, 10, 1e-10];
    const specials = [Number.NaN, Infinity, 0, -0, -1, MIN_NORMAL, 1.7976931348623157e308];
    const values = Float64Array.from({ length: 1_000_000 }, (_, i) =>
      i < awkward.length + specials.length
        ? [...awkward, ...specials][i]!
        : i % 10 === 0
          ? 1 + (rand() - 0.5) * 2 ** -18
          : Math.exp((rand() - 0.5) * 1400),
    );
    const fast = powerToDb(values, 1, MIN_NORMAL, null);
    const scalar = powerToDb(values, 1, MIN_NORMAL, null, 'scalar');
    expect(mismatches(fast, scalar)).toEqual([]);
  });

  it('gives the loop’s bits as the extractor calls it: amin 1e-10, a reference, the 80 dB floor, odd counts', () => {
    for (const length of [1, 2, 3, 128 * 1293, 128 * 1293 + 1]) {
      const mel = Float64Array.from({ length }, () => (rand() < 0.05 ? 1e-12 : Math.exp((rand() - 0.8) * 40)));
      for (const [ref, topDb] of [
        [1, 80],
        [2.5, 80],
        [1, null],
        [0.001, 10],
      ] as const) {
        const fast = powerToDb(mel, ref, 1e-10, topDb);
        const scalar = powerToDb(mel, ref, 1e-10, topDb, 'scalar');
        expect(mismatches(fast, scalar), `${length} values, ref ${ref}, top ${topDb}`).toEqual([]);
      }
    }
  });

  it('leaves an amin below the smallest normal double to the loop, with the same result', () => {
    const values = Float64Array.from([0, 5e-324, 1e-310, 1, 3]);
    expect(mismatches(powerToDb(values, 1, 5e-324, null), powerToDb(values, 1, 5e-324, null, 'scalar'))).toEqual([]);
  });
});
