import { stratifiedKFold } from '../model/cross-validation.js';

/**
 * Stratified group k-fold with tracks as the groups. Windows of one track are near-copies of each
 * other (same recording, same mix, same artist), so a split that put some in training and others
 * in the test would score memory, not generalisation. Every track carries exactly one label, so
 * stratifying the tracks (each genre's tracks shuffled and dealt round-robin: model/cross-validation.ts)
 * and then taking all windows of each track is exactly a stratified group k-fold.
 */

export const MAX_FOLDS = 5;
/** Folds once the library is big enough for every fold's model to be fitted on a capped sample. */
export const LARGE_SET_FOLDS = 3;

export interface FoldCountInput {
  /** Tracks of the smallest genre. */
  readonly smallestGenre: number;
  /** Labelled windows in all. */
  readonly windows: number;
  /** The cap on the windows a model is fitted on (personal-fit.ts FitLimits). */
  readonly maxTrainingWindows: number;
  readonly maxFolds?: number;
}

/**
 * At most MAX_FOLDS, and no more than the smallest genre's tracks so every genre is in the test
 * part of every fold. On a big library LARGE_SET_FOLDS: once even a 3-fold split leaves more
 * training windows than the cap, every fold's model is fitted on a sample of the same size
 * whatever the number of folds — the same size as the final model's — so more folds would cost
 * time without bringing the estimate closer to the final model, and thousands of held-out tracks
 * already pin the accuracy down.
 */
export function foldCount(input: FoldCountInput): number {
  let folds = Math.min(input.maxFolds ?? MAX_FOLDS, input.smallestGenre);
  if ((input.windows * (LARGE_SET_FOLDS - 1)) / LARGE_SET_FOLDS >= input.maxTrainingWindows)
    folds = Math.min(folds, LARGE_SET_FOLDS);
  return Math.max(2, folds);
}

/** Each fold's test tracks (indices into `trackGenres`), ascending. */
export function stratifiedGroupFolds(trackGenres: readonly number[], folds: number, seed: number): number[][] {
  return stratifiedKFold(trackGenres, folds, seed);
}
