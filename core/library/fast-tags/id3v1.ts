import { bytesAt, latin1Text, u8, type FileBytes } from './bytes.js';
import type { CommonTags } from './common-tags.js';
import { ID3V1_GENRES } from '../id3v1-genres.js';

/**
 * The ID3v1(.1) tag in the last 128 bytes, as music-metadata's ID3v1Parser adds it: title,
 * artist, album, comment, track, year, genre, each only when present. Returns whether it added
 * any (music-metadata's MPEG reader then leaves the 128 bytes out of the audio size).
 */
export function readId3v1(file: FileBytes, at: number, tags: CommonTags): boolean {
  const b = bytesAt(file, at, 128);
  const zeroByte = u8(b, 125);
  const track = u8(b, 126);
  const hasTrack = zeroByte === 0 && track !== 0;
  let added = false;
  const add = (id: 'title' | 'artist' | 'album' | 'track' | 'year' | 'genre', value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    added = true;
    tags.add('ID3v1', id, value);
  };
  add('title', field(b, 3, 30));
  add('artist', field(b, 33, 30));
  add('album', field(b, 63, 30));
  // The comment maps to no stored field, but counts as a tag.
  if (field(b, 97, hasTrack ? 28 : 30) !== undefined) added = true;
  add('track', hasTrack ? track : undefined);
  add('year', field(b, 93, 4));
  const genre = ID3V1_GENRES[u8(b, 127)];
  if (genre) {
    tags.markId3Genre();
    add('genre', genre);
  }
  return added;
}

/** Id3v1StringType: Latin-1, cut at the first NUL, trimmed; undefined when empty. */
function field(b: Uint8Array, at: number, length: number): string | undefined {
  let value = latin1Text(b.subarray(at, at + length));
  const nul = value.indexOf('\0');
  if (nul !== -1) value = value.substring(0, nul);
  value = value.trim();
  return value.length > 0 ? value : undefined;
}
