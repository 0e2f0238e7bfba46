import { describe, expect, it } from 'vitest';
import { neighbourScale, predictFewShot, softmax, squaredDistance } from '../../core/learning/few-shot.js';

const points = [[0], [1], [10], [11]].map((p) => Float64Array.from(p));

describe('few-shot model', () => {
  it('measures squared distances and the library scale (median nearest-neighbour squared distance)', () => {
    expect(squaredDistance(Float64Array.from([1, 2]), Float64Array.from([4, 6]))).toBe(25);
    expect(neighbourScale(points)).toBe(1);
    expect(neighbourScale([Float64Array.from([0]), Float64Array.from([2]), Float64Array.from([5])])).toBe(4);
    expect(neighbourScale([Float64Array.from([3])])).toBe(1);
  });

  it('softmax is stable and uniform when nothing is known', () => {
    const p = softmax([0, Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 15);
    expect(p[1]).toBeCloseTo(0.75, 15);
    expect(Array.from(softmax([1000, 1000]))).toEqual([0.5, 0.5]);
    expect(Array.from(softmax([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]))).toEqual([0.5, 0.5]);
  });

  it('is a Gaussian kernel on the distance to each genre, from one labelled track each', () => {
    const labels = Int32Array.from([0, -1, 1, -1]);
    const out = predictFewShot(points, labels, 2, { neighbours: 1, bandwidth: 10 }, 1);
    // x = 1: d² 1 to genre 0 and 81 to genre 1; width 2·σ²·h = 20 → logits −0.05 and −4.05.
    expect(out[1]?.probabilities[0]).toBeCloseTo(1 / (1 + Math.exp(-4)), 12);
    expect(out[1]?.nearest).toEqual([0, 2]);
    expect(out[1]?.nearestDistance).toBe(1);
    // x = 11: d² 121 and 1.
    expect(out[3]?.probabilities[1]).toBeCloseTo(1 / (1 + Math.exp(-6)), 12);
  });

  it('leaves a labelled track its own label out: a genre with no other track gets 0', () => {
    const out = predictFewShot(points, Int32Array.from([0, -1, 1, -1]), 2, { neighbours: 1, bandwidth: 10 }, 1);
    expect(Array.from(out[0]?.probabilities ?? [])).toEqual([0, 1]);
    expect(out[0]?.nearestDistance).toBe(10);
  });

  it('averages the squared distances of up to `neighbours` tracks per genre', () => {
    const labels = Int32Array.from([0, 0, 1, -1]);
    const out = predictFewShot(points, labels, 2, { neighbours: 2, bandwidth: 1 }, 1);
    // x = 11: genre 0 mean d² (121 + 100) / 2 = 110.5, genre 1: 1; width 2.
    const expected = 1 / (1 + Math.exp(-(110.5 - 1) / 2));
    expect(out[3]?.probabilities[1]).toBeCloseTo(expected, 12);
    expect(out[3]?.nearest).toEqual([2, 1, 0]);
  });
});
