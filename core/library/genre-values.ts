import type { IAudioMetadata } from 'music-metadata';
import { ID3V1_GENRES } from './id3v1-genres.js';

/**
 * How the genre text was stored, which decides how it may be split:
 * - `id3`: ID3v1/ID3v2 (MP3, AIFF, WAV id3 chunks). Multi-value conventions there are `/` (what
 *   Picard writes into ID3v2.3), `;`, null separators (ID3v2.4) and `(n)` references to the
 *   ID3v1 genre table, optionally refined by text: `(4)Eurodisco`.
 * - `other`: Vorbis comments, MP4 atoms, APE, ASF, RIFF INFO. Multiple values are separate fields;
 *   taggers that pack several into one field use `;`, so only `;` and null split. `/` is left
 *   alone there because nothing writes it as a separator in these formats.
 */
export type GenreTagStyle = 'id3' | 'other';

const ID3_TAG_TYPES = new Set(['ID3v1', 'ID3v2.2', 'ID3v2.3', 'ID3v2.4']);
const ID3_GENRE_IDS = new Set(['TCON', 'TCO', 'genre']);

/** ID3 splitting rules apply when an ID3 tag is where the genre came from. */
export function genreTagStyle(metadata: Pick<IAudioMetadata, 'native'>): GenreTagStyle {
  for (const [type, tags] of Object.entries(metadata.native)) {
    if (ID3_TAG_TYPES.has(type) && tags.some((t) => ID3_GENRE_IDS.has(t.id))) return 'id3';
  }
  return 'other';
}

/**
 * The genre list of a file as the library stores it, from music-metadata's reading: the scanner
 * and the tag writer's verification both read genres through this.
 */
export function genresOfMetadata(metadata: Pick<IAudioMetadata, 'common' | 'native'>): string[] {
  return genreValues(metadata.common.genre ?? [], genreTagStyle(metadata));
}

/** Genre names from the ID3v1 table that contain a `/` and must not be split on it. */
const SLASHED_TABLE_NAMES = new Set(ID3V1_GENRES.filter((g) => g.includes('/')).map((g) => g.toLowerCase()));

/**
 * Turns the genre values a file carries (one string per field or frame value) into the list of
 * genre names: split on the separators allowed for the tag style, ID3v1 numbers resolved to
 * names, blanks dropped, duplicates removed case-insensitively keeping the first spelling.
 * Commas never split: "Folk, World, & Country" is one Discogs genre.
 */
export function genreValues(raw: readonly string[], style: GenreTagStyle): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (value: string): void => {
    const name = value.trim();
    if (name === '') return;
    const key = name.toLocaleLowerCase('en');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(name);
  };
  for (const field of raw) {
    for (const part of field.split('\0')) {
      if (style === 'id3') {
        for (const name of splitId3(part)) push(name);
      } else {
        for (const name of part.split(';')) push(name);
      }
    }
  }
  return out;
}

function splitId3(value: string): string[] {
  const names: string[] = [];
  for (const piece of value.split(';')) {
    const trimmed = piece.trim();
    if (SLASHED_TABLE_NAMES.has(trimmed.toLowerCase())) {
      names.push(trimmed);
      continue;
    }
    for (const item of trimmed.split('/')) names.push(...resolveId3References(item.trim()));
  }
  return names;
}

/**
 * `(17)` → Rock, `17` → Rock, `(17)(13)` → Rock, Pop, `(4)Eurodisco` → Eurodisco (text after a
 * reference refines it, so the text wins), `((text)` → `(text` (ID3v2.3's escape), `(RX)` Remix,
 * `(CR)` Cover. Unknown numbers are dropped: they name nothing.
 */
export function resolveId3References(value: string): string[] {
  if (/^\d{1,3}$/.test(value)) {
    const name = ID3V1_GENRES[Number(value)];
    return name ? [name] : [];
  }
  if (value.startsWith('((')) return [value.slice(1)];
  const refs: string[] = [];
  let rest = value;
  for (;;) {
    const match = /^\((\d{1,3}|RX|CR)\)/.exec(rest);
    if (!match) break;
    const code = match[1] ?? '';
    const name = code === 'RX' ? 'Remix' : code === 'CR' ? 'Cover' : ID3V1_GENRES[Number(code)];
    if (name) refs.push(name);
    rest = rest.slice(match[0].length);
  }
  if (rest === value) return value === '' ? [] : [value];
  const refinement = rest.trim();
  if (refinement === '') return refs;
  // "(4)Eurodisco": the text refines the numbered genre; keep the more specific text only.
  return [refinement.startsWith('((') ? refinement.slice(1) : refinement];
}
