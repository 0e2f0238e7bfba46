import type { Libsvm } from '../model/libsvm.js';
import { meanAndStd } from '../model/cross-validation.js';
import type { Scored } from '../model/evaluation.js';
import { accuracy, argmax, calibration, confusionMatrix, perClassScores } from '../model/metrics.js';
import { deriveSeed } from '../model/random.js';
import type { SvcHyperParams } from '../model/types.js';
import { stratifiedGroupFolds } from './group-folds.js';
import { fitPersonalSvc, type FitLimits } from './personal-fit.js';
import { fitTrackTemperature, trackProbabilities, type TrackWindows } from './track-temperature.js';
import type { PersonalTrainingSet } from './training-set.js';
import { windowProbabilities } from './window-probabilities.js';

/**
 * The personal model's honest score: a stratified group k-fold over tracks (group-folds.ts). Each
 * fold's model is tuned and fitted on the other folds' tracks only, exactly as the final model is
 * on all of them; the held-out tracks are predicted like the app predicts (mean of the windows'
 * probabilities) and scored per track.
 *
 * The probability temperature is cross-fitted: fold k's tracks are tempered with a T fitted on
 * the out-of-fold predictions of the other folds' tracks, so no track's own label shapes the
 * confidence it is scored with. The final model's T is then fitted on all out-of-fold tracks.
 */

export interface TrackCrossValidation extends Scored {
  readonly folds: number;
  readonly foldAccuracies: readonly number[];
  readonly mean: number;
  readonly std: number;
  readonly chosen: readonly SvcHyperParams[];
  /** Tempered out-of-fold probabilities of each track (set order, columns in `genres` order). */
  readonly probabilities: readonly (readonly number[])[];
  /** For the final model: fitted on every track's out-of-fold window probabilities. */
  readonly temperature: number;
}

export interface CrossValidationOptions {
  readonly folds: number;
  readonly seed: number;
  readonly limits: FitLimits;
  /** Awaited after each fold: progress, and a chance to stop (throw). */
  readonly onFold?: (done: number, total: number) => void | Promise<void>;
}

export async function crossValidateTracks(libsvm: Libsvm, set: PersonalTrainingSet, options: CrossValidationOptions): Promise<TrackCrossValidation> {
  const classes = set.tracks.map((t) => t.genre);
  const folds = stratifiedGroupFolds(classes, options.folds, options.seed);
  const windowProbs: TrackWindows[] = new Array<TrackWindows>(set.tracks.length);
  const foldOf = new Int32Array(set.tracks.length);
  const chosen: SvcHyperParams[] = [];
  for (const [fold, testTracks] of folds.entries()) {
    const inTest = new Set(testTracks);
    const trainTracks = set.tracks.map((_, i) => i).filter((i) => !inTest.has(i));
    const fit = fitPersonalSvc(libsvm, set, trainTracks, options.limits, deriveSeed(options.seed, fold + 1));
    chosen.push(fit.params);
    const rows = testTracks.flatMap((i) => set.tracks[i]?.windows ?? []);
    const probs = await windowProbabilities(fit.model, rows, set.genres);
    let offset = 0;
    for (const i of testTracks) {
      const n = set.tracks[i]?.windows.length ?? 0;
      windowProbs[i] = probs.slice(offset, offset + n);
      offset += n;
      foldOf[i] = fold;
    }
    await options.onFold?.(fold + 1, folds.length);
  }

  const probabilities: number[][] = new Array<number[]>(set.tracks.length);
  const foldAccuracies: number[] = [];
  for (const [fold, testTracks] of folds.entries()) {
    const others = set.tracks.map((_, i) => i).filter((i) => foldOf[i] !== fold);
    const temperature = fitTrackTemperature(others.map((i) => windowProbs[i] as TrackWindows), others.map((i) => classes[i] as number));
    for (const i of testTracks) probabilities[i] = trackProbabilities(windowProbs[i] as TrackWindows, temperature);
    foldAccuracies.push(accuracy(testTracks.map((i) => classes[i] as number), testTracks.map((i) => argmax(probabilities[i] as number[]))));
  }
  const predicted = probabilities.map((p) => argmax(p));
  const confusion = confusionMatrix(classes, predicted, set.genres.length);
  const { mean, std } = meanAndStd(foldAccuracies);
  return {
    accuracy: accuracy(classes, predicted),
    confusion,
    perClass: perClassScores(confusion),
    calibration: calibration(classes, probabilities),
    folds: folds.length,
    foldAccuracies,
    mean,
    std,
    chosen,
    probabilities,
    temperature: fitTrackTemperature(windowProbs, classes),
  };
}
