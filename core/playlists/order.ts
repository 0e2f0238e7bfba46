import type { PlaylistTrack } from './types.js';

/**
 * Playlist order: artist, album, disc, track, then title and path so the order is total and a
 * re-export of an unchanged library produces byte-identical files. Text compares
 * case-insensitively by code point, never with localeCompare, so the same library gives the
 * same file on every machine whatever its locale. Missing values sort after present ones.
 */
export function compareTracks(a: PlaylistTrack, b: PlaylistTrack): number {
  return compareKeys(sortKey(a), sortKey(b));
}

/** Sorts with each track's folded key computed once, not once per comparison. */
export function sortTracks(tracks: readonly PlaylistTrack[]): PlaylistTrack[] {
  return tracks
    .map((track) => ({ track, key: sortKey(track) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((entry) => entry.track);
}

/** Only the folded form: "ALPHA" and "Alpha" are one artist whose albums must not split. */
interface TextKey {
  readonly folded: string;
}

interface SortKey {
  readonly artist: TextKey | null;
  readonly album: TextKey | null;
  readonly disc: number | null;
  readonly track: number | null;
  readonly title: TextKey | null;
  readonly path: string;
}

function sortKey(t: PlaylistTrack): SortKey {
  return {
    artist: textKey(t.artist),
    album: textKey(t.album),
    disc: t.discNo,
    track: t.trackNo,
    title: textKey(t.title),
    path: t.path,
  };
}

function textKey(value: string | null): TextKey | null {
  const raw = value?.trim();
  return raw ? { folded: foldText(raw) } : null;
}

function compareKeys(a: SortKey, b: SortKey): number {
  return (
    compareText(a.artist, b.artist) ||
    compareText(a.album, b.album) ||
    compareNumber(a.disc, b.disc) ||
    compareNumber(a.track, b.track) ||
    compareText(a.title, b.title) ||
    compareCodePoints(a.path, b.path)
  );
}

/** Case-insensitive key: Unicode NFC (é typed or decomposed) then a locale-free lower case. */
export function foldText(text: string): string {
  // Most tags are ASCII, where normalisation is the identity and only costs time.
  return (ASCII.test(text) ? text : text.normalize('NFC')).toLowerCase();
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included
const ASCII = /^[\x00-\x7f]*$/;

function compareText(a: TextKey | null, b: TextKey | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareCodePoints(a.folded, b.folded);
}

function compareNumber(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}

/** Code-point order; JS's `<` on strings compares UTF-16 units, which misorders astral characters. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(j) ?? 0;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}
