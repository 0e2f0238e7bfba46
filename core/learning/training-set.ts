import type { Database } from 'better-sqlite3';
import { iterateFeatureWindows } from '../analysis/store.js';
import { FEATURE_NAMES } from '../../shared/features.js';
import { genreKey } from './genre-vocabulary.js';
import type { LabelSource, TrustedLabel } from './trusted-labels.js';

/**
 * What a personal model is trained and evaluated on: every stored analysis window of the
 * labelled tracks (read from the library, never decoded again), kept grouped by track so that no
 * evaluation ever puts windows of one track on both sides of a split.
 */

export interface LabelledTrack {
  readonly trackId: number;
  /** Index into the set's `genres`. */
  readonly genre: number;
  readonly source: LabelSource;
  /** The track's stored windows, each in `featureNames` order. */
  readonly windows: readonly (readonly number[])[];
}

export interface GenreCount {
  readonly genre: string;
  /** Labelled tracks with stored features. */
  readonly tracks: number;
}

export interface PersonalTrainingSet {
  /** Class names, index = class index; sorted case-insensitively. */
  readonly genres: readonly string[];
  readonly featureNames: readonly string[];
  /** Ordered by genre, then track id. */
  readonly tracks: readonly LabelledTrack[];
  /** Genres left out for having fewer than the minimum of tracks. */
  readonly leftOut: readonly GenreCount[];
  /** Labelled tracks without a stored analysis (not analysed yet, or by another analyzer). */
  readonly unanalysed: number;
}

export interface TrainingSetOptions {
  /** Genres with fewer labelled, analysed tracks are left out. */
  readonly minPerGenre: number;
  /** The features the model reads, a subset of the extractor's in any order (default: all 57). */
  readonly featureNames?: readonly string[];
}

export const DEFAULT_MIN_PER_GENRE = 10;

/** Not enough labelled tracks to learn anything: the counts say what is missing. */
export class NotEnoughLabelsError extends Error {
  override name = 'NotEnoughLabelsError';
  constructor(
    readonly minPerGenre: number,
    /** Every labelled genre with its analysed tracks, most first. */
    readonly counts: readonly GenreCount[],
    readonly unanalysed: number,
  ) {
    const have = counts.length > 0 ? counts.map((c) => `${c.genre} ${c.tracks}`).join(', ') : 'no labelled tracks';
    const pending =
      unanalysed > 0
        ? ` (${unanalysed} more labelled track${unanalysed === 1 ? ' is' : 's are'} not analysed yet)`
        : '';
    super(`need at least ${minPerGenre} tracks in at least 2 genres; you have: ${have}${pending}`);
  }
}

function byCountThenName(a: GenreCount, b: GenreCount): number {
  return b.tracks - a.tracks || compareGenres(a.genre, b.genre);
}

function compareGenres(a: string, b: string): number {
  const ka = genreKey(a);
  const kb = genreKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Reads the labelled tracks' windows and keeps the genres with enough tracks. */
export function buildTrainingSet(
  db: Database,
  labels: readonly TrustedLabel[],
  options: TrainingSetOptions,
): PersonalTrainingSet {
  if (!Number.isInteger(options.minPerGenre) || options.minPerGenre < 2) {
    throw new RangeError(
      `the minimum of tracks per genre must be a whole number of at least 2, got ${options.minPerGenre}`,
    );
  }
  const featureNames = options.featureNames ?? FEATURE_NAMES;
  const columns = featureNames.map((name) => {
    const column = (FEATURE_NAMES as readonly string[]).indexOf(name);
    if (column < 0) throw new RangeError(`the extractor has no feature "${name}"`);
    return column;
  });
  const labelOf = new Map(labels.map((l) => [l.trackId, l]));
  const windows = new Map<number, number[][]>();
  for (const row of iterateFeatureWindows(db)) {
    if (!labelOf.has(row.trackId)) continue;
    const list = windows.get(row.trackId) ?? [];
    list.push(columns.map((c) => row.features[c] as number));
    windows.set(row.trackId, list);
  }
  const perGenre = new Map<string, number>();
  let unanalysed = 0;
  for (const label of labels) {
    if (windows.has(label.trackId)) perGenre.set(label.genre, (perGenre.get(label.genre) ?? 0) + 1);
    else unanalysed++;
  }
  const counts = [...perGenre].map(([genre, tracks]) => ({ genre, tracks })).sort(byCountThenName);
  const kept = counts.filter((c) => c.tracks >= options.minPerGenre);
  if (kept.length < 2) throw new NotEnoughLabelsError(options.minPerGenre, counts, unanalysed);

  const genres = kept.map((c) => c.genre).sort(compareGenres);
  const classOf = new Map(genres.map((g, i) => [g, i]));
  const tracks: LabelledTrack[] = [];
  for (const label of labels) {
    const genre = classOf.get(label.genre);
    const trackWindows = windows.get(label.trackId);
    if (genre === undefined || !trackWindows) continue;
    tracks.push({ trackId: label.trackId, genre, source: label.source, windows: trackWindows });
  }
  tracks.sort((a, b) => a.genre - b.genre || a.trackId - b.trackId);
  return {
    genres,
    featureNames: [...featureNames],
    tracks,
    leftOut: counts.filter((c) => c.tracks < options.minPerGenre),
    unanalysed,
  };
}

/** Tracks per genre, in `genres` order. */
export function tracksPerGenre(set: Pick<PersonalTrainingSet, 'genres' | 'tracks'>): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(set.genres.map((g) => [g, 0]));
  for (const t of set.tracks) {
    const g = set.genres[t.genre] as string;
    out[g] = (out[g] ?? 0) + 1;
  }
  return out;
}
