/**
 * From per-window predictions to one per track: the mean of the windows' probability vectors
 * (each window votes with its whole distribution, so one confident outlier window cannot outvote
 * many consistent ones), the genre with the highest mean, and that mean as the confidence.
 */

export interface WindowPrediction {
  readonly genre: string;
  readonly confidence: number;
  /** In the model's genre order. */
  readonly probabilities: readonly number[];
}

export interface TrackPrediction {
  readonly genre: string;
  readonly confidence: number;
  /** Mean of the windows' probabilities, in the model's genre order. */
  readonly probabilities: readonly number[];
  readonly windows: readonly WindowPrediction[];
}

export class CombineError extends Error {
  override name = 'CombineError';
}

/** Index of the largest value; the first one on ties, like argmax everywhere else in the app. */
function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] ?? Number.NEGATIVE_INFINITY)) best = i;
  });
  return best;
}

function predictionOf(genres: readonly string[], probabilities: readonly number[]): WindowPrediction {
  const best = argmax(probabilities);
  return { genre: genres[best] ?? '', confidence: probabilities[best] ?? 0, probabilities };
}

export function combineWindows(
  genres: readonly string[],
  windowProbabilities: readonly (readonly number[])[],
): TrackPrediction {
  if (genres.length === 0) throw new CombineError('no genres');
  if (windowProbabilities.length === 0) throw new CombineError('no windows to combine');
  const mean = new Array<number>(genres.length).fill(0);
  windowProbabilities.forEach((p, w) => {
    if (p.length !== genres.length)
      throw new CombineError(`window ${w} has ${p.length} probabilities for ${genres.length} genres`);
    p.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new CombineError(`window ${w}: probability of ${genres[j]} is ${v}`);
      mean[j] = (mean[j] ?? 0) + v / windowProbabilities.length;
    });
  });
  return { ...predictionOf(genres, mean), windows: windowProbabilities.map((p) => predictionOf(genres, p)) };
}

/** `{genre: probability}` in genre order, the shape the CLI's JSON and the DB use. */
export function probabilitiesByGenre(
  genres: readonly string[],
  probabilities: readonly number[],
): Record<string, number> {
  return Object.fromEntries(genres.map((g, i) => [g, probabilities[i] ?? 0]));
}
