import type { PlaylistExportResult, PlaylistFormat } from './types.js';

/** A track as "More like this" lists it: `genre` is the decided genre, else the predicted one. */
export interface SimilarTrack {
  readonly id: number;
  readonly path: string;
  readonly title: string | null;
  readonly artist: string | null;
  readonly genre: string | null;
  /** Distance in the similarity space (0 for the seed); smaller is more alike. */
  readonly distance: number;
}

/**
 * How "alike" is measured: standardised audio features, or a metric learned from the user's
 * labels (decisions, else genre tags) in `genres`, from `labelledTracks` analysed tracks.
 */
export type SimilarityMetricInfo =
  | { readonly kind: 'standardised' }
  | {
      readonly kind: 'learned';
      readonly genres: readonly string[];
      readonly labelledTracks: number;
    };

export interface SimilarTracksResult {
  readonly seed: SimilarTrack;
  readonly metric: SimilarityMetricInfo;
  /** Closest first, never the seed. For a path: in playing order, each step to the nearest unvisited track. */
  readonly tracks: readonly SimilarTrack[];
}

export interface SimilarQuery {
  readonly id: number;
  /** How many tracks (default 20 similar, 50 on a path). */
  readonly n?: number;
}

export interface SimilarExportOptions extends SimilarQuery {
  readonly out: string;
  readonly format: PlaylistFormat;
}

export type SimilarExportResult = PlaylistExportResult;

/** Point flags of the library map. */
export const MAP_FLAG_DECIDED = 1;
export const MAP_FLAG_REVIEW = 2;

/**
 * The 2-D map of every analysed track, column by column (compact for 100,000 points): point i is
 * track ids[i] at (x[i], y[i]), of genre genres[genre[i]] (−1: none yet), with flags[i] a sum of
 * MAP_FLAG_* values.
 */
export interface LibraryMap {
  readonly method: 'pca';
  readonly metric: SimilarityMetricInfo;
  /** Share of the variance each axis shows. */
  readonly explained: readonly number[];
  readonly genres: readonly string[];
  readonly ids: readonly number[];
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly genre: readonly number[];
  readonly flags: readonly number[];
}
