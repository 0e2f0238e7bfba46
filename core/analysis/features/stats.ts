/**
 * Population mean and variance (ddof 0, numpy's default and what the GTZAN table used), with
 * Neumaier-compensated sums so a million-sample signal loses no precision, and two passes so the
 * variance is not the difference of two large numbers.
 */

export interface MeanVar {
  readonly mean: number;
  readonly variance: number;
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('mean of an empty array');
  return sum(values) / values.length;
}

export function meanVar(values: ArrayLike<number>): MeanVar {
  const m = mean(values);
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - m;
    const x = d * d;
    const t = s + x;
    c += s >= x ? s - t + x : x - t + s; // both non-negative
    s = t;
  }
  return { mean: m, variance: (s + c) / values.length };
}
