import type { Decision, PredictionSource } from './types.js';

/**
 * A track's album as the review screen shows it: the album group the library-context model pools
 * (album tag + album artist, else the folder), every present track in it with its current guess,
 * so a user can settle the whole album at once and override single tracks.
 */

export interface AlbumTrack {
  readonly id: number;
  readonly path: string;
  readonly title: string | null;
  readonly artist: string | null;
  readonly trackNo: number | null;
  readonly discNo: number | null;
  readonly predicted: string | null;
  readonly confidence: number | null;
  readonly source: PredictionSource | null;
  /** Why it shows that genre ("4 tracks of this album are decided Metal"). */
  readonly reason: string | null;
  readonly decision: Decision | null;
}

export interface AlbumContext {
  /** The album group's key: pass it to review.decideAlbum. */
  readonly key: string;
  /** The album tag, null for a folder without one. */
  readonly album: string | null;
  readonly artist: string | null;
  /** The folder of its first track. */
  readonly folder: string;
  /** Disc, track number, then path order. */
  readonly tracks: readonly AlbumTrack[];
}

export interface DecideAlbumParams {
  /** An album key (AlbumContext.key), or the id of any track on the album. */
  readonly album: string | number;
  /** The genre, spelled as the user wants it. */
  readonly genre: string;
  /** Tracks left as they are (the per-track overrides). */
  readonly except?: number[];
  /** Also replace the user's earlier decisions on the album's tracks (default: they stand). */
  readonly overrideDecided?: boolean;
}

export interface DecideAlbumResult {
  /** Tracks given the genre now. */
  readonly decided: number;
  /** Tracks left alone: listed in `except`, or already decided by the user. */
  readonly kept: number;
  readonly album: AlbumContext;
}
