import { applyTemperature, minimiseTemperature } from '../model/temperature.js';

/**
 * Temperature scaling fitted where the confidence is used: on tracks. The model's ONNX graph
 * tempers each window's probabilities (softmax(log p / T), model/temperature.ts), and a track's
 * prediction is the mean of its windows' tempered probabilities (model/combine.ts). So T is chosen
 * to make that track-level mean honest — the number compared with the review threshold and the
 * one that decides whether the personal model's answer is shown — by minimising the tracks'
 * negative log-likelihood.
 */

/** Only for the likelihood: a true genre given probability 0 costs log(1e-12), not ∞. */
const FLOOR = 1e-12;

export type TrackWindows = readonly (readonly number[])[];

/** Mean of the windows' tempered probabilities. */
export function trackProbabilities(windows: TrackWindows, temperature: number): number[] {
  const first = windows[0];
  if (!first) throw new RangeError('a track needs at least one window');
  const mean = new Array<number>(first.length).fill(0);
  for (const w of windows) {
    applyTemperature(w, temperature).forEach((p, j) => {
      mean[j] = (mean[j] as number) + p / windows.length;
    });
  }
  return mean;
}

/**
 * The tracks' mean negative log-likelihood as a function of T, with the logarithms taken once:
 * the search below evaluates it a few dozen times over up to tens of thousands of windows.
 */
export function trackLikelihood(
  tracks: readonly TrackWindows[],
  classes: readonly number[],
): (temperature: number) => number {
  const width = tracks[0]?.[0]?.length ?? 0;
  const windowCount = tracks.reduce((n, t) => n + t.length, 0);
  const logs = new Float64Array(windowCount * width);
  let w = 0;
  for (const track of tracks) {
    for (const p of track) {
      for (let j = 0; j < width; j++) logs[w * width + j] = Math.log(p[j] as number);
      w++;
    }
  }
  return (temperature) => {
    let total = 0;
    let row = 0;
    tracks.forEach((track, i) => {
      const truth = classes[i] as number;
      let mean = 0;
      for (let k = 0; k < track.length; k++, row++) {
        const base = row * width;
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < width; j++) max = Math.max(max, (logs[base + j] as number) / temperature);
        let sum = 0;
        for (let j = 0; j < width; j++) sum += Math.exp((logs[base + j] as number) / temperature - max);
        mean += Math.exp((logs[base + truth] as number) / temperature - max) / sum / track.length;
      }
      total -= Math.log(Math.max(mean, FLOOR));
    });
    return total / tracks.length;
  };
}

/** Tracks the temperature is fitted on, at most. */
export const MAX_FIT_TRACKS = 4000;

/** Golden-section steps: the bracket shrinks to 1e-5 of log T, below the 4 digits kept. */
const STEPS = 30;

/**
 * The T in [1/8, 8] minimising the tracks' NLL (unimodal in T), by golden-section search over
 * log T; rounded to 4 significant digits so the card states exactly the value in the graph.
 * 1 without tracks.
 */
export function fitTrackTemperature(tracks: readonly TrackWindows[], classes: readonly number[]): number {
  if (tracks.length === 0) return 1;
  // One number needs no more than a few thousand tracks; every k-th keeps it deterministic.
  const stride = Math.ceil(tracks.length / MAX_FIT_TRACKS);
  const used = stride > 1 ? tracks.filter((_, i) => i % stride === 0) : tracks;
  const usedClasses = stride > 1 ? classes.filter((_, i) => i % stride === 0) : classes;
  return minimiseTemperature(trackLikelihood(used, usedClasses), STEPS);
}
