import type { Database } from 'better-sqlite3';
import { exportPlaylists, type ExportOptions, type ExportResult } from './export.js';
import type { PlaylistTrack } from './types.js';

/** One playlist of given tracks in a given order (a similarity path), not one per genre. */
export interface TrackListPlaylist {
  /** What the manifest records it as, e.g. "similar:42"; exporting the same key again replaces it. */
  readonly key: string;
  /** The playlist's title and file name ("More like Nina Simone – Sinnerman"). */
  readonly name: string;
  readonly trackIds: readonly number[];
}

function playlistTracks(db: Database, ids: readonly number[]): PlaylistTrack[] {
  const rows = db
    .prepare(
      `SELECT id, path, title, artist, album, disc_no AS discNo, track_no AS trackNo, duration_sec AS durationSec
         FROM tracks WHERE status = 'present' AND id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as (PlaylistTrack & { id: number })[];
  const byId = new Map(rows.map(({ id, ...track }) => [id, track]));
  return ids.flatMap((id) => {
    const track = byId.get(id);
    return track ? [track] : [];
  });
}

/**
 * Writes the tracks in order as one playlist, through the same safe writer as the genre
 * playlists (relative paths, atomic files, the folder's manifest, never overwriting a file
 * Genrewise did not write), leaving every other playlist in the folder as it is.
 */
export function exportTrackList(db: Database, list: TrackListPlaylist, options: ExportOptions): ExportResult {
  return exportPlaylists([{ genre: list.key, name: list.name, tracks: playlistTracks(db, list.trackIds) }], {
    ...options,
    prune: false,
  });
}
