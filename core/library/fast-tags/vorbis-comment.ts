import { vorbisCommentBlock } from '../vorbis-comment-block.js';
import { notHandled, utf8Text } from './bytes.js';
import type { CommonId, CommonTags } from './common-tags.js';

/** music-metadata's Vorbis tag map, the keys that feed the fields the scanner stores. */
const VORBIS_COMMON: Readonly<Record<string, CommonId>> = {
  TITLE: 'title',
  ARTIST: 'artist',
  ARTISTS: 'artists',
  ALBUMARTIST: 'albumartist',
  'ALBUM ARTIST': 'albumartist',
  ALBUM: 'album',
  DATE: 'date',
  TRACKNUMBER: 'track',
  DISCNUMBER: 'disk',
  GENRE: 'genre',
  DISCOGS_ARTISTS: 'artists',
  DISCOGS_ARTIST_NAME: 'artists',
  DISCOGS_ALBUM_ARTISTS: 'albumartist',
  DISCOGS_RELEASED: 'date',
  STYLE: 'genre',
};

/**
 * A Vorbis comment block (FLAC's VORBIS_COMMENT, the Ogg comment packets) from `offset`: the
 * vendor string, then `KEY=value` fields, keys upper-cased, each fed to the collector in order
 * as music-metadata's VorbisDecoder and tag mapper do. A length that runs past the data: not
 * handled (music-metadata fails or reads garbage there).
 */
export function readVorbisComments(data: Uint8Array, offset: number, tags: CommonTags): void {
  const block = vorbisCommentBlock(data, offset) ?? notHandled();
  for (const field of block.fields) addComment(utf8Text(field), tags);
}

function addComment(field: string, tags: CommonTags): void {
  const eq = field.indexOf('=');
  const key = field.substring(0, eq).toUpperCase();
  const id = Object.hasOwn(VORBIS_COMMON, key) ? VORBIS_COMMON[key] : undefined;
  if (id !== undefined) tags.add('vorbis', id, field.substring(eq + 1));
}
