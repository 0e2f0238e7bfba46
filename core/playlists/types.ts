/** The playlist formats `genrewise playlists` writes. */
export const PLAYLIST_FORMATS = ['m3u8', 'pls', 'xspf'] as const;
export type PlaylistFormat = (typeof PLAYLIST_FORMATS)[number];

export function isPlaylistFormat(value: string): value is PlaylistFormat {
  return (PLAYLIST_FORMATS as readonly string[]).includes(value);
}

/** What a playlist entry needs to know about a track; paths are absolute, as the library stores them. */
export interface PlaylistTrack {
  readonly path: string;
  readonly title: string | null;
  readonly artist: string | null;
  readonly album: string | null;
  readonly discNo: number | null;
  readonly trackNo: number | null;
  readonly durationSec: number | null;
}

/** One genre's playlist before it is rendered: tracks already in playlist order. */
export interface GenrePlaylist {
  /** The genre as the source knows it: a GTZAN id ("hiphop") or the user's own spelling. */
  readonly genre: string;
  /** What the user sees and the file is named after ("Hip-Hop"). */
  readonly name: string;
  readonly tracks: readonly PlaylistTrack[];
}
