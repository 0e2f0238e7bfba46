import { describe, expect, it } from 'vitest';
import { complement, meanAndStd, stratifiedKFold } from '../../core/model/cross-validation.js';
import { deriveSeed, seededRandom, shuffled } from '../../core/model/random.js';

/** 3 classes of 20, 13 and 7 rows, in a mixed order. */
const classes = shuffled(
  Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : i < 33 ? 1 : 2)),
  seededRandom(5),
);

describe('stratifiedKFold', () => {
  const folds = stratifiedKFold(classes, 5, 42);

  it('puts every row in exactly one test fold', () => {
    const all = folds.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: classes.length }, (_, i) => i));
  });

  it('keeps each class within one row of its share in every fold, and fold sizes within one', () => {
    for (const c of [0, 1, 2]) {
      const total = classes.filter((x) => x === c).length;
      for (const fold of folds) {
        const inFold = fold.filter((i) => classes[i] === c).length;
        expect(Math.abs(inFold - total / 5)).toBeLessThan(1);
      }
    }
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('never shares a row between a fold and its training rows', () => {
    for (const fold of folds) {
      const train = complement(classes.length, fold);
      expect(train.length + fold.length).toBe(classes.length);
      const inTest = new Set(fold);
      expect(train.some((i) => inTest.has(i))).toBe(false);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(stratifiedKFold(classes, 5, 42)).toEqual(folds);
    expect(stratifiedKFold(classes, 5, 43)).not.toEqual(folds);
  });

  it('returns each fold in ascending order (keeps the table order for libsvm)', () => {
    for (const fold of folds) expect(fold).toEqual([...fold].sort((a, b) => a - b));
  });

  it('refuses impossible fold counts', () => {
    expect(() => stratifiedKFold(classes, 1, 1)).toThrow(RangeError);
    expect(() => stratifiedKFold([0, 1], 3, 1)).toThrow(RangeError);
  });
});

describe('seeded randomness', () => {
  it('repeats its sequence for a seed and shuffles to a permutation', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    for (const v of first) expect(v >= 0 && v < 1).toBe(true);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const s = shuffled(items, seededRandom(1));
    expect([...s].sort((x, y) => x - y)).toEqual(items);
    expect(s).not.toEqual(items);
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 1)).toBe(deriveSeed(1, 1));
  });
});

describe('meanAndStd', () => {
  it('reports the population standard deviation', () => {
    expect(meanAndStd([0.7, 0.8, 0.9])).toEqual({
      mean: expect.closeTo(0.8, 12),
      std: expect.closeTo(Math.sqrt(0.02 / 3), 12),
    });
  });
});
