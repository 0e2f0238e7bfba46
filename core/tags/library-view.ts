import type { IAudioMetadata } from 'music-metadata';
import { contentFingerprint } from '../library/fingerprint.js';
import { genreValues, type GenreTagStyle } from '../library/genre-values.js';

/**
 * What the library scanner would store for a file we just wrote: its genre list (split and
 * de-duplicated the scanner's way) and its content fingerprint. Computed from the bytes and
 * metadata the verification already holds, so the library row can be updated without reading
 * the file a third time.
 */
export interface LibraryView {
  readonly genres: readonly string[];
  readonly fingerprint: string;
}

const ID3_TAG_TYPES = new Set(['ID3v1', 'ID3v2.2', 'ID3v2.3', 'ID3v2.4']);
const ID3_GENRE_IDS = new Set(['TCON', 'TCO', 'genre']);

/** ID3 splitting rules apply when an ID3 tag holds the genre (as core/library/read-track.ts decides). */
function genreStyle(metadata: IAudioMetadata): GenreTagStyle {
  for (const [type, tags] of Object.entries(metadata.native)) {
    if (ID3_TAG_TYPES.has(type) && tags.some((t) => ID3_GENRE_IDS.has(t.id))) return 'id3';
  }
  return 'other';
}

/** `head` holds the file's first bytes, `tail` its last (FINGERPRINT_SPAN each, or the whole file). */
export function libraryView(metadata: IAudioMetadata, size: number, head: Uint8Array, tail: Uint8Array): LibraryView {
  return {
    genres: genreValues(metadata.common.genre ?? [], genreStyle(metadata)),
    fingerprint: contentFingerprint(size, head, tail),
  };
}
