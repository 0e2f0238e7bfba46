import type { IAudioMetadata } from 'music-metadata';
import { contentFingerprint } from '../library/fingerprint.js';
import { genresOfMetadata } from '../library/genre-values.js';

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

/** `head` holds the file's first bytes, `tail` its last (FINGERPRINT_SPAN each, or the whole file). */
export function libraryView(metadata: IAudioMetadata, size: number, head: Uint8Array, tail: Uint8Array): LibraryView {
  return {
    genres: genresOfMetadata(metadata),
    fingerprint: contentFingerprint(size, head, tail),
  };
}
