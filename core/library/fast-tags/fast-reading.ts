import type { GenreTagStyle } from '../genre-values.js';
import type { CommonFields, FormatFields } from '../track-tags.js';

/** What a fast reader found: the same three things read-track takes from music-metadata. */
export interface FastReading {
  readonly format: FormatFields;
  readonly common: CommonFields;
  readonly genreStyle: GenreTagStyle;
}
