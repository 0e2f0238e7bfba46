import { describe, expect, it } from 'vitest';
import { applyScaler, fitScaler } from '../../core/model/scaler.js';

describe('fitScaler / applyScaler', () => {
  it('uses the mean and the population standard deviation, like sklearn StandardScaler', () => {
    // Column 0: 1,2,3,4 → mean 2.5, population sd √1.25. Column 1: constant → scale 1.
    const rows = [
      [1, 7],
      [2, 7],
      [3, 7],
      [4, 7],
    ];
    const scaler = fitScaler(rows);
    expect(scaler.mean).toEqual([2.5, 7]);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(scaler.scale[1]).toBe(1);
    const scaled = applyScaler(scaler, rows);
    expect(scaled.map((r) => r[1])).toEqual([0, 0, 0, 0]);
    const column = scaled.map((r) => r[0] as number);
    expect(column.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(column.reduce((a, b) => a + b * b, 0) / column.length).toBeCloseTo(1, 12);
  });

  it('keeps precision on large values with a small spread (two-pass variance)', () => {
    const rows = [[1e9 + 1], [1e9 + 2], [1e9 + 3]];
    const scaler = fitScaler(rows);
    expect(scaler.mean[0]).toBe(1e9 + 2);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 9);
  });

  it('applies training statistics to other rows and rejects mismatched widths', () => {
    const scaler = fitScaler([[0], [2]]);
    expect(applyScaler(scaler, [[3]])).toEqual([[2]]);
    expect(() => applyScaler(scaler, [[1, 2]])).toThrow(RangeError);
    expect(() => fitScaler([])).toThrow(RangeError);
  });
});
