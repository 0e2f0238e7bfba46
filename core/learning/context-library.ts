import type { Database } from 'better-sqlite3';
import { iterateFeatureWindows } from '../analysis/store.js';
import type { GroupedTrack } from './track-groups.js';

/**
 * What the library-context model reads from a library: every present, analysed track with the
 * tags that place it in an album and an artist, and its stored windows (never decoded again).
 */

export interface ContextLibraryTrack extends GroupedTrack {
  readonly id: number;
  readonly analysisId: number;
  readonly title: string | null;
  /** The file's genre values, as written. */
  readonly genres: readonly string[];
}

export interface ContextLibrary {
  /** Ordered by track id. */
  readonly tracks: readonly ContextLibraryTrack[];
  /** Each track's windows, in `tracks` order. */
  readonly windows: readonly (readonly Float64Array[])[];
}

interface TrackRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  album_artist: string | null;
  genres: string;
}

export function readContextLibrary(db: Database): ContextLibrary {
  const rows = db
    .prepare(
      `SELECT id, path, title, artist, album, album_artist, genres FROM tracks WHERE status = 'present' ORDER BY id`,
    )
    .all() as TrackRow[];
  const present = new Map(rows.map((r) => [r.id, r]));
  const windows = new Map<number, { analysisId: number; rows: Float64Array[] }>();
  for (const w of iterateFeatureWindows(db)) {
    if (!present.has(w.trackId)) continue;
    const entry = windows.get(w.trackId) ?? { analysisId: w.analysisId, rows: [] };
    entry.rows.push(w.features);
    windows.set(w.trackId, entry);
  }
  const tracks: ContextLibraryTrack[] = [];
  const trackWindows: Float64Array[][] = [];
  for (const r of rows) {
    const entry = windows.get(r.id);
    if (!entry) continue;
    tracks.push({
      id: r.id,
      analysisId: entry.analysisId,
      path: r.path,
      title: r.title,
      artist: r.artist,
      album: r.album,
      albumArtist: r.album_artist,
      genres: JSON.parse(r.genres) as string[],
    });
    trackWindows.push(entry.rows);
  }
  return { tracks, windows: trackWindows };
}
