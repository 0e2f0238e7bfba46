/**
 * The personal model that starts at the first decision: a class-balanced nearest-neighbour model
 * on the track points of track-vectors.ts. A track's evidence for genre g is how close it lies to
 * g's labelled tracks — the mean squared distance to its `neighbours` nearest labelled tracks of g
 * (fewer when g has fewer) — turned into probabilities by a Gaussian kernel:
 *
 *   p(g | x) ∝ exp(−D_g(x) / (2 σ² h))
 *
 * σ² is the library's typical squared distance between a track and its nearest neighbour
 * (measured on every analysed track, labelled or not), h the bandwidth chosen by cross-validation
 * (context-params.ts). With one labelled track per genre this is a nearest-prototype classifier;
 * as labels accumulate it is a kernel k-nearest-neighbour model, which converges to the Bayes
 * classifier like any k-NN: the few-shot model grows into the KNN without a switch. Each track is
 * predicted from the labels of the OTHER tracks (its own label left out), so labelled tracks get
 * honest out-of-sample predictions, used for the calibration and for "your tag looks wrong".
 */

export interface FewShotParams {
  /** Labelled tracks of a genre whose distances are averaged, at most. */
  readonly neighbours: number;
  /** Kernel width as a multiple of the library's nearest-neighbour scale σ². */
  readonly bandwidth: number;
}

export interface FewShotTrack {
  /** Probability per class; NaN-free, sums to 1. All 1/K when no class has another label. */
  readonly probabilities: Float64Array;
  /** Distance to the nearest labelled track other than itself (Infinity when there is none). */
  readonly nearestDistance: number;
  /** The nearest labelled tracks (indices), nearest first, at most NEAREST_KEPT (for reasons). */
  readonly nearest: readonly number[];
}

/** Squared Euclidean distance. Typed arrays only: this is the inner loop of every pass, kept monomorphic. */
export function squaredDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    const d = (a[j] as number) - (b[j] as number);
    sum += d * d;
  }
  return sum;
}

/** Points compared for the scale, at most: the median needs no more, and big libraries stay fast. */
const SCALE_SAMPLE = 200;

/**
 * σ²: the median over (up to SCALE_SAMPLE evenly spaced) tracks of the squared distance to their
 * nearest other track. 1 when there are fewer than two tracks or all coincide.
 */
export function neighbourScale(points: readonly Float64Array[]): number {
  if (points.length < 2) return 1;
  const stride = Math.max(1, Math.floor(points.length / SCALE_SAMPLE));
  const nearest: number[] = [];
  for (let i = 0; i < points.length; i += stride) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < points.length; j++) {
      if (j !== i) best = Math.min(best, squaredDistance(points[i] as Float64Array, points[j] as Float64Array));
    }
    nearest.push(best);
  }
  nearest.sort((a, b) => a - b);
  const mid = nearest.length / 2;
  const median =
    nearest.length % 2 === 1
      ? (nearest[Math.floor(mid)] as number)
      : ((nearest[mid - 1] as number) + (nearest[mid] as number)) / 2;
  return median > 0 ? median : 1;
}

/** Nearest labelled tracks kept per track, whatever `neighbours` is: what a reason counts ("sounds like 3 tracks you tagged …"). */
export const NEAREST_KEPT = 5;

/** Softmax of log-scores (−Infinity allowed); uniform when every score is −Infinity. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < logits.length; g++) max = Math.max(max, logits[g] as number);
  const out = new Float64Array(logits.length);
  if (max === Number.NEGATIVE_INFINITY) return out.fill(1 / logits.length);
  let sum = 0;
  for (let g = 0; g < logits.length; g++) {
    const e = Math.exp((logits[g] as number) - max);
    out[g] = e;
    sum += e;
  }
  for (let g = 0; g < out.length; g++) out[g] = (out[g] as number) / sum;
  return out;
}

/**
 * Every track's few-shot prediction. `labels[i]` is track i's class, −1 when unlabelled;
 * `scale` is neighbourScale(points) (passed in so callers compute it once per library).
 */
export function predictFewShot(
  points: readonly Float64Array[],
  labels: ArrayLike<number>,
  classCount: number,
  params: FewShotParams,
  scale: number,
): FewShotTrack[] {
  const labelled: number[] = [];
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) >= 0) labelled.push(i);
  const width = 2 * scale * params.bandwidth;
  return points.map((x, i) => {
    // Per class, the `neighbours` smallest squared distances (kept sorted, ascending).
    const best = Array.from({ length: classCount }, () => [] as number[]);
    const overall: [number, number][] = [];
    for (const j of labelled) {
      if (j === i) continue;
      const d = squaredDistance(x, points[j] as Float64Array);
      insertSorted(best[labels[j] as number] as number[], d, params.neighbours);
      if (overall.length < NEAREST_KEPT || d < (overall[overall.length - 1] as [number, number])[0])
        insertNearest(overall, [d, j], NEAREST_KEPT);
    }
    const logits = best.map((list) =>
      list.length === 0 ? Number.NEGATIVE_INFINITY : -list.reduce((a, b) => a + b, 0) / list.length / width,
    );
    return {
      probabilities: softmax(logits),
      nearestDistance: overall.length > 0 ? Math.sqrt((overall[0] as [number, number])[0]) : Number.POSITIVE_INFINITY,
      nearest: overall.map(([, j]) => j),
    };
  });
}

function insertSorted(list: number[], value: number, limit: number): void {
  if (list.length === limit && value >= (list[limit - 1] as number)) return;
  let i = list.length;
  list.push(value);
  while (i > 0 && (list[i - 1] as number) > value) {
    list[i] = list[i - 1] as number;
    i--;
  }
  list[i] = value;
  if (list.length > limit) list.pop();
}

function insertNearest(list: [number, number][], entry: [number, number], limit: number): void {
  if (list.length === limit && entry[0] >= (list[limit - 1] as [number, number])[0]) return;
  list.push(entry);
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (list.length > limit) list.pop();
}
