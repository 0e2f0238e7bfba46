import { describe, expect, it } from 'vitest';
import { accuracy, argmax, calibration, confusionMatrix, perClassScores } from '../../core/model/metrics.js';

describe('confusion matrix and per-class scores', () => {
  // truth: 0 0 0 1 1 2; predicted: 0 0 1 1 2 2
  const truth = [0, 0, 0, 1, 1, 2];
  const predicted = [0, 0, 1, 1, 2, 2];

  it('counts true classes in rows and predictions in columns', () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(accuracy(truth, predicted)).toBeCloseTo(4 / 6, 15);
  });

  it('derives precision, recall and F1 per class', () => {
    const scores = perClassScores(confusionMatrix(truth, predicted, 3));
    // class 0: precision 2/2, recall 2/3; class 1: 1/2, 1/2; class 2: 1/2, 1/1.
    expect(scores[0]).toEqual({ precision: 1, recall: 2 / 3, f1: expect.closeTo(0.8, 12), support: 3 });
    expect(scores[1]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(scores[2]).toEqual({ precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3, 12), support: 1 });
  });

  it('gives 0 (not NaN) for a class never predicted or never present', () => {
    const scores = perClassScores([
      [1, 0],
      [1, 0],
    ]);
    expect(scores[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('rejects mismatched lengths and out-of-range classes', () => {
    expect(() => accuracy([0], [0, 1])).toThrow(RangeError);
    expect(() => confusionMatrix([0], [5], 2)).toThrow(RangeError);
  });

  it('argmax takes the first of equal maxima', () => {
    expect(argmax([0.2, 0.4, 0.4])).toBe(1);
  });
});

describe('expected calibration error', () => {
  it('matches a hand computation over 10 bins', () => {
    // Top confidences 0.95 (right), 0.95 (wrong) → bin (0.9,1]: conf 0.95, acc 0.5, weight 2/5.
    // 0.55 (right), 0.55 (right) → bin (0.5,0.6]: conf 0.55, acc 1, weight 2/5.
    // 0.35 (wrong) → bin (0.3,0.4]: conf 0.35, acc 0, weight 1/5.
    const probabilities = [
      [0.95, 0.05],
      [0.95, 0.05],
      [0.45, 0.55],
      [0.55, 0.45],
      [0.35, 0.3, 0.35],
    ];
    const truth = [0, 1, 1, 0, 1];
    const result = calibration(truth, probabilities);
    const expected = (2 / 5) * Math.abs(0.5 - 0.95) + (2 / 5) * Math.abs(1 - 0.55) + (1 / 5) * Math.abs(0 - 0.35);
    expect(result.ece).toBeCloseTo(expected, 12);
    expect(result.bins[9]).toEqual({ lower: 0.9, upper: 1, count: 2, confidence: 0.95, accuracy: 0.5 });
    expect(result.bins[5]?.count).toBe(2);
    expect(result.bins[3]?.count).toBe(1);
    expect(result.bins.reduce((a, b) => a + b.count, 0)).toBe(5);
  });

  it('is 0 for perfectly calibrated certainty', () => {
    expect(
      calibration(
        [0, 1],
        [
          [1, 0],
          [0, 1],
        ],
      ).ece,
    ).toBe(0);
  });
});
