import { dirname } from 'node:path';

/**
 * The library's own structure as evidence: tracks of one album almost always share a genre, and
 * an artist's albums usually do. A track's album is its album tag together with its album artist
 * (else its artist), so two "Greatest Hits" of different artists stay apart; a track without an
 * album tag belongs to its folder, the way people file albums on disk — its artist's part of the
 * folder, since a folder of loose files by many artists is no album. Its artist is the album
 * artist, else the track artist; a compilation ("Various Artists") is therefore one artist group,
 * which the coherence rule of group-evidence.ts keeps from pooling when its tracks disagree.
 * Keys compare case-insensitively and ignore surrounding and repeated spaces.
 */

export interface GroupedTrack {
  readonly path: string;
  readonly album: string | null;
  readonly albumArtist: string | null;
  readonly artist: string | null;
}

/**
 * Between the parts of an album key: printable (keys cross the API, which refuses control
 * characters) and not a character of any tag or path people write.
 */
export const KEY_SEPARATOR = '␟';

function fold(text: string | null): string {
  return (text ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/**
 * The album group's key: "album:<artist>␟<album>"; without an album tag
 * "folder:<folder>␟<artist>" — an untagged album folder is one artist's, while a folder of
 * loose files by many artists is not one album — or "folder:<folder>" when no artist is named.
 */
export function albumKey(track: GroupedTrack): string {
  const album = fold(track.album);
  const artist = fold(track.albumArtist) || fold(track.artist);
  if (album === '')
    return artist === '' ? `folder:${dirname(track.path)}` : `folder:${dirname(track.path)}${KEY_SEPARATOR}${artist}`;
  return `album:${artist}${KEY_SEPARATOR}${album}`;
}

/** The folder of a "folder:" album key. */
export function albumKeyFolder(key: string): string | null {
  if (!key.startsWith('folder:')) return null;
  const rest = key.slice('folder:'.length);
  const cut = rest.indexOf(KEY_SEPARATOR);
  return cut < 0 ? rest : rest.slice(0, cut);
}

/** The artist group's key, or null when the track names no artist. */
export function artistKey(track: GroupedTrack): string | null {
  const artist = fold(track.albumArtist) || fold(track.artist);
  return artist === '' ? null : `artist:${artist}`;
}

export interface TrackGroups {
  /** Album group index of each track. */
  readonly album: Int32Array;
  /** Artist group index of each track, −1 without an artist. */
  readonly artist: Int32Array;
  readonly albumKeys: readonly string[];
  readonly artistKeys: readonly string[];
  /** Member track indices of each album group, ascending. */
  readonly albumMembers: readonly (readonly number[])[];
  /** Member track indices of each artist group, ascending. */
  readonly artistMembers: readonly (readonly number[])[];
}

function indexBy(keys: readonly (string | null)[]): { index: Int32Array; keys: string[]; members: number[][] } {
  const ids = new Map<string, number>();
  const members: number[][] = [];
  const index = new Int32Array(keys.length).fill(-1);
  keys.forEach((key, i) => {
    if (key === null) return;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      members.push([]);
    }
    index[i] = id;
    (members[id] as number[]).push(i);
  });
  return { index, keys: [...ids.keys()], members };
}

/** Groups tracks by album and by artist, in the order the tracks are given. */
export function groupTracks(tracks: readonly GroupedTrack[]): TrackGroups {
  const albums = indexBy(tracks.map(albumKey));
  const artists = indexBy(tracks.map(artistKey));
  return {
    album: albums.index,
    artist: artists.index,
    albumKeys: albums.keys,
    artistKeys: artists.keys,
    albumMembers: albums.members,
    artistMembers: artists.members,
  };
}
