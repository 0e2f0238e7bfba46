import { describe, expect, it } from 'vitest';
import { scoreOutcomes, type Outcome } from '../../core/evaluation/scores.js';

const o = (truth: string, predicted: string, confidence = 0.5, ood: number | null = null): Outcome => ({
  truth,
  predicted,
  confidence,
  ood,
});

describe('scoreOutcomes', () => {
  it('builds the confusion matrix, accuracy, recall and precision of a known case', () => {
    // 3 rock (2 right, 1 as metal), 2 metal (both right), 1 jazz (as rock)
    const scores = scoreOutcomes(
      [
        o('rock', 'rock'),
        o('rock', 'rock'),
        o('rock', 'metal'),
        o('metal', 'metal'),
        o('metal', 'metal'),
        o('jazz', 'rock'),
      ],
      { genres: ['jazz', 'metal', 'rock'] },
    );
    expect(scores.n).toBe(6);
    expect(scores.accuracy).toBeCloseTo(4 / 6, 12);
    expect(scores.confusion.labels).toEqual(['jazz', 'metal', 'rock']);
    expect(scores.confusion.matrix).toEqual([
      [0, 0, 1],
      [0, 2, 0],
      [0, 1, 2],
    ]);
    expect(scores.perGenre).toEqual({
      jazz: { recall: 0, precision: 0, support: 1 },
      metal: { recall: 1, precision: 2 / 3, support: 2 },
      rock: { recall: 2 / 3, precision: 2 / 3, support: 3 },
    });
    expect(scores.balancedAccuracy).toBeCloseTo((0 + 1 + 2 / 3) / 3, 12);
  });

  it('lists only genres present in the set under perGenre, keeps model genres in the matrix, appends unknown labels', () => {
    const scores = scoreOutcomes([o('classical', 'jazz'), o('synthwave', 'pop')], {
      genres: ['classical', 'jazz', 'pop'],
    });
    expect(scores.confusion.labels).toEqual(['classical', 'jazz', 'pop', 'synthwave']);
    expect(Object.keys(scores.perGenre)).toEqual(['classical', 'synthwave']);
    expect(scores.confusion.matrix[3]).toEqual([0, 0, 1, 0]);
    expect(scores.accuracy).toBe(0);
  });

  it('counts confidently wrong answers at the threshold, of all and of the wrong ones', () => {
    const scores = scoreOutcomes([o('a', 'b', 0.8), o('a', 'b', 0.79), o('a', 'a', 0.99), o('b', 'a', 0.95)], {
      confidentAt: 0.8,
    });
    expect(scores.confidentlyWrong).toEqual({ threshold: 0.8, count: 2, rate: 0.5, ofWrong: 2 / 3 });
  });

  it('reports the unfamiliar rate over the scored outcomes, null when none has a score', () => {
    expect(scoreOutcomes([o('a', 'a')]).unfamiliar).toBeNull();
    const scores = scoreOutcomes([
      o('a', 'a', 0.5, 1),
      o('a', 'a', 0.5, 1.01),
      o('a', 'b', 0.5, 3),
      o('b', 'b', 0.5, null),
    ]);
    expect(scores.unfamiliar).toEqual({ threshold: 1, count: 2, rate: 2 / 3 });
  });

  it('refuses an empty set', () => {
    expect(() => scoreOutcomes([])).toThrow(/no outcomes/);
  });
});
