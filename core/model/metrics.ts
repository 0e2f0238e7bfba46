/**
 * Classification metrics on class indices 0..n−1. The confusion matrix has true classes as rows and
 * predicted classes as columns, like scikit-learn's confusion_matrix.
 */

export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows whose true class this is. */
  readonly support: number;
}

export function accuracy(truth: readonly number[], predicted: readonly number[]): number {
  checkLengths(truth, predicted);
  if (truth.length === 0) return Number.NaN;
  let correct = 0;
  truth.forEach((t, i) => {
    if (predicted[i] === t) correct++;
  });
  return correct / truth.length;
}

export function confusionMatrix(truth: readonly number[], predicted: readonly number[], classes: number): number[][] {
  checkLengths(truth, predicted);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  truth.forEach((t, i) => {
    const p = predicted[i] as number;
    const row = matrix[t];
    if (!row || p < 0 || p >= classes) throw new RangeError(`class index out of range: true ${t}, predicted ${p}`);
    row[p] = (row[p] as number) + 1;
  });
  return matrix;
}

/** Per-class precision, recall and F1 from a confusion matrix; 0 where undefined (no predictions or no rows), as scikit-learn's zero_division=0. */
export function perClassScores(confusion: readonly (readonly number[])[]): ClassScores[] {
  return confusion.map((row, c) => {
    const truePositives = row[c] ?? 0;
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((a, r) => a + (r[c] ?? 0), 0);
    const precision = predictedAs > 0 ? truePositives / predictedAs : 0;
    const recall = support > 0 ? truePositives / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
}

/** Index of the largest value; the first one on ties. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

export interface CalibrationBin {
  /** Bin covers confidences in (lower, upper]; the first bin also takes 0. */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean top-class confidence of the rows in the bin (0 when empty). */
  readonly confidence: number;
  /** Share of those rows whose top class was right (0 when empty). */
  readonly accuracy: number;
}

export interface Calibration {
  /** Expected calibration error: Σ (count/N)·|accuracy − confidence| over the bins. */
  readonly ece: number;
  readonly bins: readonly CalibrationBin[];
}

/**
 * Calibration of the top-class confidence, the number the review queue relies on: equal-width
 * bins over [0, 1]. Must be given predictions on rows the model was not fitted on.
 */
export function calibration(
  truth: readonly number[],
  probabilities: readonly (readonly number[])[],
  binCount = 10,
): Calibration {
  checkLengths(truth, probabilities);
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  truth.forEach((t, i) => {
    const p = probabilities[i] as readonly number[];
    const top = argmax(p);
    const confidence = p[top] as number;
    const bin = Math.min(binCount - 1, Math.max(0, Math.ceil(confidence * binCount) - 1));
    const s = sums[bin] as { count: number; confidence: number; correct: number };
    s.count++;
    s.confidence += confidence;
    if (top === t) s.correct++;
  });
  const n = truth.length;
  let ece = 0;
  const bins = sums.map((s, b) => {
    const confidence = s.count > 0 ? s.confidence / s.count : 0;
    const acc = s.count > 0 ? s.correct / s.count : 0;
    if (n > 0) ece += (s.count / n) * Math.abs(acc - confidence);
    return { lower: b / binCount, upper: (b + 1) / binCount, count: s.count, confidence, accuracy: acc };
  });
  return { ece, bins };
}

function checkLengths(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`${a.length} true labels but ${b.length} predictions`);
}
