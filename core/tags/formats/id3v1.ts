import { ID3V1_GENRES } from '../../library/id3v1-genres.js';
import type { ByteSource } from '../io/byte-source.js';

/**
 * The 128-byte ID3v1 trailer. We never add one (players show its 30-character fields in place of
 * better tags, and a user who removed it would not want it back). When one exists its genre byte
 * follows the new genre only when the first genre has an ID3v1 number; otherwise the byte stays
 * as it was, because a wrong number is worse than an old one and 255 would erase the user's value.
 */
export const ID3V1_SIZE = 128;
const GENRE_OFFSET = 127;
/** "No genre" in the ID3v1 table. */
export const ID3V1_NO_GENRE = 255;

export interface Id3v1Tag {
  readonly offset: number;
  readonly genreByte: number;
}

/** The ID3v1 trailer ending at `end` (normally the file size), or null. */
export async function readId3v1(source: ByteSource, end = source.size): Promise<Id3v1Tag | null> {
  if (end < ID3V1_SIZE) return null;
  const bytes = await source.read(end - ID3V1_SIZE, ID3V1_SIZE);
  if (bytes[0] !== 0x54 || bytes[1] !== 0x41 || bytes[2] !== 0x47) return null; // "TAG"
  return { offset: end - ID3V1_SIZE, genreByte: bytes[GENRE_OFFSET] as number };
}

const NUMBER_BY_NAME = new Map(ID3V1_GENRES.map((name, index) => [name.toLowerCase(), index]));

/**
 * The genre byte for `genres`: the ID3v1 number of the first value, "none" for an empty list,
 * undefined when the first value has no number (leave the byte alone).
 */
export function id3v1GenreByte(genres: readonly string[]): number | undefined {
  const first = genres[0];
  if (first === undefined) return ID3V1_NO_GENRE;
  return NUMBER_BY_NAME.get(first.trim().toLowerCase());
}

/** The trailer's offset of the genre byte and its new value, or null when it stays. */
export function id3v1GenrePatch(tag: Id3v1Tag, genres: readonly string[]): { offset: number; value: number } | null {
  const value = id3v1GenreByte(genres);
  if (value === undefined || value === tag.genreByte) return null;
  return { offset: tag.offset + GENRE_OFFSET, value };
}
