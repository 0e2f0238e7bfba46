import type { LabelSource } from './trusted-labels.js';
import type { LabelledTrack, PersonalTrainingSet } from './training-set.js';

/**
 * A training set in a form worker threads can share without copying: every window's features in
 * one SharedArrayBuffer of float64, plus the small per-track facts. Unpacking gives back the same
 * set, value for value, so a fit in a worker equals the fit in-process.
 */
export interface PackedSet {
  readonly genres: readonly string[];
  readonly featureNames: readonly string[];
  readonly windows: SharedArrayBuffer;
  readonly trackIds: readonly number[];
  readonly trackGenres: readonly number[];
  readonly sources: readonly LabelSource[];
  readonly windowCounts: readonly number[];
}

export function packSet(set: PersonalTrainingSet): PackedSet {
  const width = set.featureNames.length;
  const total = set.tracks.reduce((n, t) => n + t.windows.length, 0);
  const buffer = new SharedArrayBuffer(total * width * Float64Array.BYTES_PER_ELEMENT);
  const values = new Float64Array(buffer);
  let offset = 0;
  for (const track of set.tracks) {
    for (const w of track.windows) {
      values.set(w, offset);
      offset += width;
    }
  }
  return {
    genres: set.genres,
    featureNames: set.featureNames,
    windows: buffer,
    trackIds: set.tracks.map((t) => t.trackId),
    trackGenres: set.tracks.map((t) => t.genre),
    sources: set.tracks.map((t) => t.source),
    windowCounts: set.tracks.map((t) => t.windows.length),
  };
}

export function unpackSet(packed: PackedSet): PersonalTrainingSet {
  const width = packed.featureNames.length;
  const values = new Float64Array(packed.windows);
  let offset = 0;
  const tracks: LabelledTrack[] = packed.trackIds.map((trackId, i) => {
    const windows: number[][] = [];
    for (let w = 0; w < (packed.windowCounts[i] as number); w++) {
      windows.push(Array.from(values.subarray(offset, offset + width)));
      offset += width;
    }
    return { trackId, genre: packed.trackGenres[i] as number, source: packed.sources[i] as LabelSource, windows };
  });
  return { genres: packed.genres, featureNames: packed.featureNames, tracks, leftOut: [], unanalysed: 0 };
}
