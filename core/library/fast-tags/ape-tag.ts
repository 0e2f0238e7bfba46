import { ascii, Cursor, notHandled, u32le, utf8Text, type FileBytes } from './bytes.js';
import type { CommonId, CommonTags } from './common-tags.js';

/** music-metadata's APEv2 tag map (case-insensitive), the keys that feed stored fields. */
const APE_COMMON: Readonly<Record<string, CommonId>> = {
  TITLE: 'title',
  ARTIST: 'artist',
  ARTISTS: 'artists',
  'ALBUM ARTIST': 'albumartist',
  ALBUM: 'album',
  YEAR: 'date',
  DATE: 'date',
  TRACK: 'track',
  DISC: 'disk',
  DISCNUMBER: 'disk',
  GENRE: 'genre',
};

const PREAMBLE = 'APETAGEX';

/**
 * APEv2Parser.tryParseApeHeader at the cursor: an APE tag header there, else the bytes to the end
 * of the file read as a tag ending in its footer. Not handled: trailing bytes that are no APE tag
 * (music-metadata fails on them), items it would reject.
 */
export function readApeTagAt(c: Cursor, tags: CommonTags): void {
  const { file } = c;
  if (file.size - c.position < 32) return;
  const header = c.read(32);
  if (ascii(header, 0, 8) === PREAMBLE) return readItems(c, footerFields(header), tags);
  c.position -= 32;
  const rest = c.read(file.size - c.position);
  const footer = rest.subarray(rest.length - 32);
  if (rest.length < 32 || ascii(footer, 0, 8) !== PREAMBLE) notHandled();
  const buffer: FileBytes = { head: rest, tail: new Uint8Array(0), size: rest.length };
  readItems(new Cursor(buffer, 0), footerFields(footer), tags);
}

function footerFields(bytes: Uint8Array): { readonly size: number; readonly fields: number } {
  return { size: u32le(bytes, 12), fields: u32le(bytes, 16) };
}

/** APEv2Parser.parseTags. */
function readItems(c: Cursor, footer: { readonly size: number; readonly fields: number }, tags: CommonTags): void {
  let left = footer.size - 32;
  for (let i = 0; i < footer.fields; i++) {
    if (left < 8) break;
    const item = c.read(8);
    const size = u32le(item, 0);
    const dataType = (u32le(item, 4) & 6) >> 1;
    left -= 8;
    if (size >= left) notHandled();
    const window = Math.min(256, left - size, c.file.size - c.position);
    const keyBytes = c.read(window);
    c.position -= window;
    const zero = keyBytes.indexOf(0);
    if (zero === -1) notHandled();
    const key = ascii(c.read(zero), 0, zero);
    c.ignore(1);
    left -= zero + 1;
    if (size > c.file.size - c.position) notHandled();
    left -= size;
    if (dataType !== 0) {
      c.ignore(size);
      continue;
    }
    const upper = key.toUpperCase();
    const id = Object.hasOwn(APE_COMMON, upper) ? APE_COMMON[upper] : undefined;
    const values = utf8Text(c.read(size)).split('\0');
    if (id !== undefined) for (const value of values) tags.add('APEv2', id, value);
  }
}
