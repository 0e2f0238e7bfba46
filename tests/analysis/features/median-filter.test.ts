import { describe, expect, it } from 'vitest';
import {
  halfSampleReflectIndex,
  medianFilterAlongFrequency,
  medianFilterAlongTime,
} from '../../../core/analysis/features/median-filter.js';

/** bins × frames (librosa's layout) → frame-major. */
function frameMajor(rows: number[][]): Float64Array {
  const nBins = rows.length;
  const nFrames = rows[0]!.length;
  const out = new Float64Array(nBins * nFrames);
  for (let k = 0; k < nBins; k++) for (let t = 0; t < nFrames; t++) out[t * nBins + k] = rows[k]![t]!;
  return out;
}

/** Brute force: sort every reflect-extended window. */
function referenceLine(x: number[], size: number): number[] {
  const n = x.length;
  const before = size >> 1;
  return x.map((_, i) => {
    const w: number[] = [];
    for (let j = i - before; j < i - before + size; j++) w.push(x[halfSampleReflectIndex(j, n)]!);
    w.sort((a, b) => a - b);
    return w[size >> 1]!;
  });
}

// Expected values below are scipy.ndimage.median_filter(..., mode='reflect') outputs (scipy 1.17).
describe('median filters (scipy reflect mode)', () => {
  it('reflects half-sample symmetric: d c b a | a b c d | d c b a', () => {
    expect([-4, -3, -2, -1, 0, 3, 4, 5, 7, 8].map((i) => halfSampleReflectIndex(i, 4))).toEqual([
      3, 2, 1, 0, 0, 3, 3, 2, 0, 0,
    ]);
    expect(halfSampleReflectIndex(-7, 1)).toBe(0);
  });

  it('matches scipy on single lines, odd, even and longer-than-line sizes', () => {
    const run = (x: number[], size: number) =>
      Array.from(medianFilterAlongFrequency(Float64Array.from(x), 1, x.length, size));
    expect(run([5, 1, 4, 2, 3], 5)).toEqual([4, 4, 3, 3, 3]);
    expect(run([3, 1, 2], 7)).toEqual([2, 2, 2]);
    expect(run([4, 8, 1, 9, 2, 7], 4)).toEqual([8, 4, 8, 8, 7, 7]);
  });

  it('filters along time and along frequency of a frame-major matrix like scipy sizes (1,3) and (3,1)', () => {
    const m = [
      [1, 9, 2, 8],
      [7, 3, 6, 4],
      [5, 5, 0, 1],
    ];
    const values = frameMajor(m);
    expect(medianFilterAlongTime(values, 4, 3, 3)).toEqual(
      frameMajor([
        [1, 2, 8, 8],
        [7, 6, 4, 4],
        [5, 5, 1, 1],
      ]),
    );
    expect(medianFilterAlongFrequency(values, 4, 3, 3)).toEqual(
      frameMajor([
        [1, 9, 2, 8],
        [5, 5, 2, 4],
        [5, 5, 0, 1],
      ]),
    );
  });

  it('agrees with sorting every window on random lines with ties (w = 31 and other sizes)', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const size of [31, 2, 3, 16, 33]) {
      for (const n of [1, 2, 15, 31, 40, 257]) {
        // Quantised values force many ties, the hard case for delete-by-value.
        const x = Array.from({ length: n }, () => Math.floor(rand() * 12) / 4);
        const got = Array.from(medianFilterAlongFrequency(Float64Array.from(x), 1, n, size));
        expect(got, `w=${size} n=${n}`).toEqual(referenceLine(x, size));
      }
    }
  });

  it('compares and returns values at float32 precision, as librosa filtered its float32 |D|', () => {
    expect(Array.from(medianFilterAlongFrequency(Float64Array.from([0.1, 0.2, 0.3]), 1, 3, 3))).toEqual(
      [0.1, 0.2, 0.3].map(Math.fround),
    );
    // 1 and 1 + 1e-12 are one float32: the window [1, 1 + 1e-12, 0.5] has median 1 either way.
    expect(medianFilterAlongFrequency(Float64Array.from([1 + 1e-12, 1, 0.5]), 1, 3, 3)[1]).toBe(1);
    expect(
      Array.from(medianFilterAlongFrequency(Float32Array.from([-3, 2, -0.5, 7, -8, 0, 1.5, -2, 4]), 1, 9, 3)),
    ).toEqual([-3, -0.5, 2, -0.5, 0, 0, 0, 1.5, 4]);
  });

  it("filters float32 input (librosa's own |D| precision) like the same values in float64", () => {
    const values = [0.25, 3.5, 1.125, 7, 2.75, 0.5, 6.25, 4, 1.5, 5.75, 3, 0.125];
    const wide = Float64Array.from(values);
    const narrow = Float32Array.from(values);
    expect(medianFilterAlongTime(narrow, 4, 3, 3)).toEqual(medianFilterAlongTime(wide, 4, 3, 3));
    expect(medianFilterAlongFrequency(narrow, 4, 3, 3)).toEqual(medianFilterAlongFrequency(wide, 4, 3, 3));
  });

  it('rejects shapes that do not match the data', () => {
    expect(() => medianFilterAlongTime(new Float64Array(5), 2, 3, 31)).toThrow(RangeError);
    expect(() => medianFilterAlongTime(new Float64Array(6), 2, 3, 0)).toThrow(RangeError);
  });
});
