import { meanAndStd } from '../model/cross-validation.js';
import type { Scored } from '../model/evaluation.js';
import { accuracy, argmax, calibration, confusionMatrix, perClassScores } from '../model/metrics.js';
import { deriveSeed } from '../model/random.js';
import type { SvcHyperParams } from '../model/types.js';
import { trackOodScore } from '../model/ood.js';
import { shownConfidence, UNFAMILIAR_OOD } from '../prediction/store.js';
import { stratifiedGroupFolds } from './group-folds.js';
import type { FitPool } from './fit-pool.js';
import type { PersonalFit } from './personal-fit.js';
import { fitTrackTemperature, trackProbabilities, type TrackWindows } from './track-temperature.js';
import type { PersonalTrainingSet } from './training-set.js';
import { windowPredictions } from './window-predictions.js';

/**
 * The personal model's honest score: a stratified group k-fold over tracks (group-folds.ts). Each
 * fold's model is tuned and fitted on the other folds' tracks only, exactly as the final model is
 * on all of them; the held-out tracks are predicted like the app predicts (mean of the windows'
 * probabilities) and scored per track.
 *
 * The probability temperature is cross-fitted: fold k's tracks are tempered with a T fitted on
 * the out-of-fold predictions of the other folds' tracks, so no track's own label shapes the
 * confidence it is scored with. The final model's T is then fitted on all out-of-fold tracks.
 *
 * Beside the accuracy: how often the model would actually be shown. The app uses the personal
 * model's answer only where its confidence reaches the review threshold and the track is familiar
 * (prediction/store.ts resolveCurrent), so the share of held-out tracks that pass, and the
 * accuracy on those, say what a user will see.
 */

export interface ShownScores {
  /** The review threshold the shares were computed with. */
  readonly threshold: number;
  /** Held-out tracks no further from the training windows than typical (OOD score ≤ 1). */
  readonly familiar: number;
  /** Held-out tracks whose answer the app would show (confident and familiar). */
  readonly share: number;
  /** Accuracy on those tracks (NaN when none). */
  readonly accuracy: number;
}

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
  /** Each track's out-of-fold OOD score (null when the models carry no reference). */
  readonly oodScores: readonly (number | null)[];
  readonly shown: ShownScores;
}

export interface CrossValidationOptions {
  readonly folds: number;
  readonly seed: number;
  /** Confidence from which the app shows the personal model's answer (the review threshold). */
  readonly showThreshold: number;
  /** Awaited after each fold: progress, and a chance to stop (throw). */
  readonly onFold?: (done: number, total: number) => void | Promise<void>;
}

/** Fold fits go to `pool` all at once (they may run side by side); their results are used in fold order. */
export async function crossValidateTracks(
  pool: FitPool,
  set: PersonalTrainingSet,
  options: CrossValidationOptions,
): Promise<TrackCrossValidation> {
  const classes = set.tracks.map((t) => t.genre);
  const folds = stratifiedGroupFolds(classes, options.folds, options.seed);
  const windowProbs: TrackWindows[] = new Array<TrackWindows>(set.tracks.length);
  const oodScores: (number | null)[] = new Array<number | null>(set.tracks.length).fill(null);
  const foldOf = new Int32Array(set.tracks.length);
  const chosen: SvcHyperParams[] = [];
  const fits = folds.map((testTracks, fold) => {
    const inTest = new Set(testTracks);
    return pool.fit(
      set.tracks.map((_, i) => i).filter((i) => !inTest.has(i)),
      deriveSeed(options.seed, fold + 1),
    );
  });
  for (const [fold, testTracks] of folds.entries()) {
    const fit = await (fits[fold] as Promise<PersonalFit>);
    chosen.push(fit.params);
    const rows = testTracks.flatMap((i) => set.tracks[i]?.windows ?? []);
    const predicted = await windowPredictions(fit.model, rows, set.genres);
    let offset = 0;
    for (const i of testTracks) {
      const n = set.tracks[i]?.windows.length ?? 0;
      windowProbs[i] = predicted.probabilities.slice(offset, offset + n);
      if (predicted.ood) oodScores[i] = trackOodScore(predicted.ood.slice(offset, offset + n));
      offset += n;
      foldOf[i] = fold;
    }
    await options.onFold?.(fold + 1, folds.length);
  }

  const probabilities: number[][] = new Array<number[]>(set.tracks.length);
  const foldAccuracies: number[] = [];
  for (const [fold, testTracks] of folds.entries()) {
    const others = set.tracks.map((_, i) => i).filter((i) => foldOf[i] !== fold);
    const temperature = fitTrackTemperature(
      others.map((i) => windowProbs[i] as TrackWindows),
      others.map((i) => classes[i] as number),
    );
    for (const i of testTracks) probabilities[i] = trackProbabilities(windowProbs[i] as TrackWindows, temperature);
    foldAccuracies.push(
      accuracy(
        testTracks.map((i) => classes[i] as number),
        testTracks.map((i) => argmax(probabilities[i] as number[])),
      ),
    );
  }
  const predicted = probabilities.map((p) => argmax(p));
  const confusion = confusionMatrix(classes, predicted, set.genres.length);
  const { mean, std } = meanAndStd(foldAccuracies);
  const familiar = oodScores.map((score) => (score ?? 0) <= UNFAMILIAR_OOD);
  const shownTracks = probabilities
    .map((_, i) => i)
    .filter(
      (i) =>
        familiar[i] &&
        shownConfidence(Math.max(...(probabilities[i] as number[])), oodScores[i] ?? null) >= options.showThreshold,
    );
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
    oodScores,
    shown: {
      threshold: options.showThreshold,
      familiar: familiar.filter(Boolean).length / familiar.length,
      share: shownTracks.length / set.tracks.length,
      accuracy:
        shownTracks.length > 0
          ? shownTracks.filter((i) => predicted[i] === classes[i]).length / shownTracks.length
          : Number.NaN,
    },
  };
}
