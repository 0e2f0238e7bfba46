import { describe, expect, it } from 'vitest';
import { mean, meanVar, sum } from '../../../core/analysis/features/stats.js';

describe('stats', () => {
  it('gives the population mean and variance (ddof 0)', () => {
    expect(meanVar([1, 2, 3, 4])).toEqual({ mean: 2.5, variance: 1.25 });
  });

  it('keeps precision on a large offset and many small terms', () => {
    expect(meanVar([1e8, 1e8 + 1, 1e8 + 2]).variance).toBeCloseTo(2 / 3, 9);
    const many = new Float64Array(1_000_000).fill(0.1);
    // 10⁶ × 0.1000000000000000055… rounds to exactly 100000; a naive loop drifts to 100000.0000013.
    expect(sum(many)).toBe(100000);
    expect(mean(many)).toBe(0.1);
  });

  it('rejects an empty input', () => {
    expect(() => mean([])).toThrow(RangeError);
  });
});
