import type { Database } from 'better-sqlite3';
import type { PlaylistPreview, PlaylistSource as PlaylistSourceName } from '../../shared/api/types.js';
import { openPlaylistSource, selectPlaylists } from './select.js';

/**
 * The playlists an export would write, before writing anything: each genre's name, how many
 * tracks and the first `sample` of them in playlist order, and how many tracks in all.
 */
export function previewPlaylists(
  db: Database,
  source: PlaylistSourceName,
  options: { readonly minConfidence?: number; readonly sample?: number } = {},
): PlaylistPreview {
  const sample = options.sample ?? 100;
  const playlists = selectPlaylists(
    openPlaylistSource(db, source, {
      ...(options.minConfidence !== undefined && { minConfidence: options.minConfidence }),
    }),
  );
  const distinct = new Set(playlists.flatMap((p) => p.tracks.map((t) => t.path)));
  return {
    tracks: distinct.size,
    playlists: playlists.map((p) => ({
      genre: p.genre,
      name: p.name,
      tracks: p.tracks.length,
      sample: p.tracks.slice(0, sample).map((t) => ({ path: t.path, title: t.title, artist: t.artist })),
    })),
  };
}
