import { argmax } from '../model/metrics.js';
import { percentile } from '../model/ood.js';
import { applyTemperature, fitTemperature } from '../model/temperature.js';
import { squaredDistance } from './few-shot.js';
import type { ContextTrack } from './context-model.js';
import type { TrackGroups } from './track-groups.js';

/**
 * Honest numbers for the context model's answers.
 *
 * Confidence: one temperature per library, fitted (minimum negative log-likelihood) on the
 * labelled tracks' own predictions — each made with that track's label left out, i.e. a
 * leave-one-track-out cross-validation that keeps the rest of the library as it is when an
 * unlabelled track is predicted. Below MIN_CALIBRATION_TRACKS such tracks one number cannot be
 * estimated, and the cross-validated parameters' own scale (T = 1) stands.
 *
 * Unfamiliarity: like the default model's OOD score (model/ood.ts), a distance divided by a
 * reference distance — here the distance to the nearest labelled track, over the typical distance
 * between neighbouring albums (contextOodReference). Above 1: unlike any genre the user has taught
 * so far (a genre nobody labelled yet, or music unlike all of it), so its confidence falls
 * (prediction/store.ts shownConfidence) and review asks about it. Tracks whose album has labelled
 * tracks have no score: their album vouches for them.
 */

export const MIN_CALIBRATION_TRACKS = 20;
export const MIN_OOD_REFERENCE = 10;
export const OOD_PERCENTILE = 95;

/** Labelled tracks whose genre has another labelled track: the ones a left-out prediction can get right. */
export function calibrationTracks(labels: Int32Array): number[] {
  const counts = new Map<number, number>();
  for (const l of labels) if (l >= 0) counts.set(l, (counts.get(l) ?? 0) + 1);
  const out: number[] = [];
  labels.forEach((l, i) => {
    if (l >= 0 && (counts.get(l) ?? 0) >= 2) out.push(i);
  });
  return out;
}

export function fitContextTemperature(tracks: readonly ContextTrack[], labels: Int32Array): number {
  const used = calibrationTracks(labels);
  if (used.length < MIN_CALIBRATION_TRACKS) return 1;
  return fitTemperature(
    used.map((i) => Array.from((tracks[i] as ContextTrack).probabilities)),
    used.map((i) => labels[i] as number),
  );
}

/**
 * Below MIN_CALIBRATION_TRACKS no temperature can be fitted, and a model taught by a handful of
 * decisions must not look sure of itself: its confidence is capped at the posterior mean of its
 * own accuracy on the left-out labelled tracks, (right + 1) / (n + 2) (a uniform prior on the
 * accuracy). With no such track yet the cap is 1/2, so everything stays in review; once
 * calibration is possible, 1 (no cap).
 */
export function confidenceCeiling(tracks: readonly ContextTrack[], labels: Int32Array): number {
  const { right, n } = heldOutScore(tracks, labels);
  if (n >= MIN_CALIBRATION_TRACKS) return 1;
  return (right + 1) / (n + 2);
}

/** Right answers among the calibration tracks, each predicted with its own label left out (a temperature changes none). */
export interface HeldOutScore {
  readonly right: number;
  readonly n: number;
}

/**
 * The context model's held-out accuracy on the user's own labels: every labelled track whose
 * genre has another label (calibrationTracks), predicted with its own label left out — what
 * "Learn from my library" reports. The rest of the library stays as it is, album siblings'
 * labels included, just as when an unlabelled track of a labelled album is predicted.
 */
export function heldOutScore(tracks: readonly ContextTrack[], labels: Int32Array): HeldOutScore {
  const used = calibrationTracks(labels);
  const right = used.filter((i) => argmax(Array.from((tracks[i] as ContextTrack).probabilities)) === labels[i]).length;
  return { right, n: used.length };
}

export function tempered(probabilities: Float64Array, temperature: number): number[] {
  return applyTemperature(Array.from(probabilities), temperature);
}

/** Tracks compared for the reference, at most (evenly spaced): a percentile needs no more. */
const REFERENCE_SAMPLE = 200;

/**
 * The reference distance: the OOD_PERCENTILE-th percentile, over (a sample of) the library's
 * tracks, of the distance to the nearest track on ANOTHER album — how far neighbouring albums
 * usually lie apart. It needs no labels, so it holds from the first decision on: a track farther
 * from every labelled track than that lies where the user has taught nothing yet. Null with
 * fewer than MIN_OOD_REFERENCE tracks that have another album.
 */
export function contextOodReference(points: readonly Float64Array[], groups: TrackGroups): number | null {
  const stride = Math.max(1, Math.floor(points.length / REFERENCE_SAMPLE));
  const distances: number[] = [];
  for (let i = 0; i < points.length; i += stride) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < points.length; j++) {
      if (groups.album[j] === groups.album[i]) continue;
      best = Math.min(best, squaredDistance(points[i] as Float64Array, points[j] as Float64Array));
    }
    if (Number.isFinite(best)) distances.push(Math.sqrt(best));
  }
  if (distances.length < MIN_OOD_REFERENCE) return null;
  const reference = percentile(distances, OOD_PERCENTILE);
  return reference > 0 ? reference : null;
}

/** A track's OOD score: null when its album has labelled tracks or there is no reference. */
export function contextOodScore(track: ContextTrack, reference: number | null): number | null {
  if (reference === null) return null;
  if (track.albumLabels.some((n) => n > 0)) return null;
  return track.audio.nearestDistance / reference;
}
