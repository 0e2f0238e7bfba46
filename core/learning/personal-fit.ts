import type { Libsvm } from '../model/libsvm.js';
import { argmax } from '../model/metrics.js';
import { deriveSeed } from '../model/random.js';
import { applyScaler, fitScaler } from '../model/scaler.js';
import { svcLearner, trainSvcModel } from '../model/svc.js';
import type { OodReference } from '../model/ood.js';
import type { SvcHyperParams, SvcModel } from '../model/types.js';
import { balancedTrackSample } from './balanced-sample.js';
import { stratifiedGroupFolds } from './group-folds.js';
import { trackOodReference } from './ood-reference.js';
import type { PersonalTrainingSet } from './training-set.js';

/**
 * Fitting one personal model on some of the set's tracks, with the default models' pipeline
 * (model/svc.ts): standardise (mean and spread of the training windows) → C-SVC with an RBF
 * kernel and libsvm's Platt probabilities; C and gamma chosen by a grouped cross-validation inside
 * the training tracks. What differs is only what keeps retraining cheap on a big library: the
 * search runs on a small balanced sample with a small grid, and the model on a capped one
 * (balanced-sample.ts).
 */

export interface FitLimits {
  /** Windows the SVC is fitted on, at most. */
  readonly maxTrainingWindows: number;
  /** Windows the hyper-parameter search uses, at most. */
  readonly maxSearchWindows: number;
  /** Folds of the search's grouped cross-validation. */
  readonly searchFolds: number;
}

/**
 * Measured with scripts/bench/learn.js (10,000 tracks × 3 windows, 10 overlapping genres): about
 * 7.5 s of CPU for the whole run (3 folds + the final model). A cap of 600 windows loses 6 points
 * of held-out accuracy against 1200, 2400 gains 2 for twice the time.
 */
export const DEFAULT_LIMITS: FitLimits = { maxTrainingWindows: 1000, maxSearchWindows: 360, searchFolds: 3 };

/**
 * C on a ×4 scale around the default GTZAN model's choice (C ≈ 3), down to 0.5 for libraries
 * whose genres overlap a lot, and gamma at and below sklearn's 1/features: larger gammas memorise
 * the windows of a few tracks, which the grouped folds punish anyway. 3 significant digits:
 * gamma must survive libsvm's model text unchanged.
 */
export function personalGrid(featureCount: number): SvcHyperParams[] {
  const grid: SvcHyperParams[] = [];
  for (const c of [0.5, 2, 8]) {
    for (const factor of [0.5, 1]) grid.push({ c, gamma: Number((factor / featureCount).toPrecision(3)) });
  }
  return grid;
}

export interface PersonalFit {
  /** Temperature 1 (the caller sets the one fitted on cross-validated tracks); with its OOD reference. */
  readonly model: SvcModel & { readonly ood: OodReference };
  readonly params: SvcHyperParams;
  readonly grid: readonly SvcHyperParams[];
  /** Correct window predictions of each grid candidate in the search. */
  readonly selectionScores: readonly number[];
  readonly trainingTracks: number;
  readonly trainingWindows: number;
}

function windowsOf(
  set: PersonalTrainingSet,
  trackIndices: readonly number[],
): { rows: (readonly number[])[]; classes: number[]; tracks: number[] } {
  const rows: (readonly number[])[] = [];
  const classes: number[] = [];
  const tracks: number[] = [];
  for (const i of trackIndices) {
    const track = set.tracks[i];
    if (!track) continue;
    for (const w of track.windows) {
      rows.push(w);
      classes.push(track.genre);
      tracks.push(i);
    }
  }
  return { rows, classes, tracks };
}

/** The grid candidate with the most correct window predictions in a grouped CV (first on ties). */
export function chooseParams(
  libsvm: Libsvm,
  set: PersonalTrainingSet,
  trainTracks: readonly number[],
  limits: FitLimits,
  seed: number,
): { params: SvcHyperParams; correct: number[] } {
  const grid = personalGrid(set.featureNames.length);
  const learner = svcLearner(libsvm, grid);
  const sample = balancedTrackSample(set.tracks, trainTracks, limits.maxSearchWindows, seed);
  const folds = Math.min(limits.searchFolds, sample.length);
  const correct = new Array<number>(grid.length).fill(0);
  if (folds < 2) return { params: grid[0] as SvcHyperParams, correct };
  for (const testPositions of stratifiedGroupFolds(
    sample.map((i) => set.tracks[i]?.genre ?? 0),
    folds,
    deriveSeed(seed, 1),
  )) {
    const inTest = new Set(testPositions);
    const train = windowsOf(
      set,
      sample.filter((_, p) => !inTest.has(p)),
    );
    const test = windowsOf(
      set,
      testPositions.map((p) => sample[p] as number),
    );
    if (train.rows.length === 0 || test.rows.length === 0) continue;
    const scaler = fitScaler(train.rows);
    const predicted = learner.predictCandidates(
      { rows: applyScaler(scaler, train.rows), classes: train.classes, classCount: set.genres.length },
      applyScaler(scaler, test.rows),
    );
    predicted.forEach((labels, candidate) => {
      labels.forEach((label, i) => {
        if (label === test.classes[i]) correct[candidate] = (correct[candidate] as number) + 1;
      });
    });
  }
  return { params: grid[argmax(correct)] as SvcHyperParams, correct };
}

/** Tunes and fits an SVC on `trainTracks` (indices into `set.tracks`); nothing else is read. */
export function fitPersonalSvc(
  libsvm: Libsvm,
  set: PersonalTrainingSet,
  trainTracks: readonly number[],
  limits: FitLimits,
  seed: number,
): PersonalFit {
  const choice = chooseParams(libsvm, set, trainTracks, limits, deriveSeed(seed, 1));
  const sample = balancedTrackSample(set.tracks, trainTracks, limits.maxTrainingWindows, deriveSeed(seed, 2));
  // The scaler sees every training window: cheap, and a better estimate than the sample's.
  const scaler = fitScaler(windowsOf(set, trainTracks).rows);
  const train = windowsOf(set, sample);
  const rows = applyScaler(scaler, train.rows);
  const model = trainSvcModel(libsvm, {
    classNames: set.genres,
    featureNames: set.featureNames,
    scaler,
    train: { rows, classes: train.classes, classCount: set.genres.length },
    params: choice.params,
    temperature: 1,
  });
  return {
    // The "unlike anything I know" reference: the windows the SVC was fitted on, by track.
    model: { ...model, ood: trackOodReference(rows, train.tracks) },
    params: choice.params,
    grid: personalGrid(set.featureNames.length),
    selectionScores: choice.correct,
    trainingTracks: sample.length,
    trainingWindows: train.rows.length,
  };
}
