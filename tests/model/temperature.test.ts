import { describe, expect, it } from 'vitest';
import { applyTemperature, fitTemperature, negativeLogLikelihood } from '../../core/model/temperature.js';

describe('temperature scaling', () => {
  it('is the identity at T = 1, sharpens below 1, flattens above, keeps the top class', () => {
    const p = [0.6, 0.3, 0.1];
    expect(applyTemperature(p, 1)).toEqual(p);
    // T = 0.5 squares the probabilities before renormalising.
    const sharp = applyTemperature(p, 0.5);
    const z = 0.36 + 0.09 + 0.01;
    expect(sharp[0]).toBeCloseTo(0.36 / z, 14);
    expect(sharp[2]).toBeCloseTo(0.01 / z, 14);
    const flat = applyTemperature(p, 4);
    expect((flat[0] as number) < 0.6 && (flat[2] as number) > 0.1).toBe(true);
    expect(flat.indexOf(Math.max(...flat))).toBe(0);
    expect(applyTemperature([0.5, 0.5, 0], 0.5)).toEqual([0.5, 0.5, 0]);
  });

  it('fits T < 1 to under-confident predictions and T > 1 to over-confident ones', () => {
    // Under-confident: always right, at 0.6.
    const under = Array.from({ length: 20 }, () => [0.6, 0.4]);
    const underT = fitTemperature(
      under,
      under.map(() => 0),
    );
    expect(underT).toBeLessThan(0.2);
    // Over-confident: 0.99 but right only 7 times in 10.
    const over = Array.from({ length: 10 }, () => [0.99, 0.01]);
    const truth = over.map((_, i) => (i < 7 ? 0 : 1));
    const overT = fitTemperature(over, truth);
    expect(overT).toBeGreaterThan(1);
    // At the optimum, the confidence matches the hit rate: softmax(log p / T)[0] ≈ 0.7.
    expect(applyTemperature([0.99, 0.01], overT)[0]).toBeCloseTo(0.7, 2);
    expect(negativeLogLikelihood(over, truth, overT)).toBeLessThan(negativeLogLikelihood(over, truth, 1));
  });
});
