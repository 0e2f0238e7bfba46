import { latin1Text, notHandled, utf8Text } from './bytes.js';

/** The text encodings of ID3v2 frames, as music-metadata's TextEncodingToken names them. */
export type Id3Encoding = 'latin1' | 'utf-16le' | 'utf-16be' | 'utf8';

export function id3Encoding(byte: number): Id3Encoding {
  if (byte === 0) return 'latin1';
  if (byte === 1) return 'utf-16le';
  if (byte === 2) return 'utf-16be';
  return 'utf8';
}

/**
 * music-metadata's decodeString (common/Util.js): leading FF FE pairs dropped whatever the
 * encoding, then the bytes decoded as @borewit/text-codec does. Big-endian UTF-16 (rare) is left
 * to music-metadata, which can throw on it.
 */
export function decodeId3(bytes: Uint8Array, encoding: Id3Encoding): string {
  let b = bytes;
  while (b[0] === 0xff && b[1] === 0xfe) b = b.subarray(2);
  if (encoding === 'utf-16be' || (encoding === 'utf-16le' && b[0] === 0xfe && b[1] === 0xff)) notHandled();
  if (encoding === 'latin1') return latin1Text(b);
  if (encoding === 'utf8') return utf8Text(b);
  return utf16le(b);
}

const REPLACEMENT = 0xfffd;

/** text-codec's decodeUTF16LE: unpaired surrogates and an odd last byte become U+FFFD. */
function utf16le(bytes: Uint8Array): string {
  const len = bytes.length;
  const units: number[] = [];
  let i = len >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
  const unit = (at: number): number => (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
  while (i + 1 < len) {
    const u1 = unit(i);
    i += 2;
    if (u1 >= 0xd800 && u1 <= 0xdbff) {
      const u2 = i + 1 < len ? unit(i) : -1;
      if (u2 >= 0xdc00 && u2 <= 0xdfff) {
        units.push(u1, u2);
        i += 2;
      } else {
        units.push(REPLACEMENT);
      }
      continue;
    }
    units.push(u1 >= 0xdc00 && u1 <= 0xdfff ? REPLACEMENT : u1);
  }
  if (i < len) units.push(REPLACEMENT);
  let out = '';
  for (let k = 0; k < units.length; k += 4096) out += String.fromCharCode(...units.slice(k, k + 4096));
  return out;
}

/** util.findZero: the first NUL (a NUL pair on an even offset in UTF-16), or the length. */
export function findZero(bytes: Uint8Array, encoding: Id3Encoding): number {
  const len = bytes.length;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    for (let i = 0; i + 1 < len; i += 2) if (bytes[i] === 0 && bytes[i + 1] === 0) return i;
    return len;
  }
  const at = bytes.indexOf(0);
  return at < 0 ? len : at;
}

/** FrameParser.readNullTerminatedString: the text up to the terminator, and the bytes it used. */
export function nullTerminated(bytes: Uint8Array, encoding: Id3Encoding): { text: string; len: number } {
  const zero = findZero(bytes, encoding);
  if (zero >= bytes.length) return { text: decodeId3(bytes, encoding), len: bytes.length };
  return { text: decodeId3(bytes.subarray(0, zero), encoding), len: zero + (encoding.startsWith('utf-16') ? 2 : 1) };
}

/** FrameParser.trimNullPadding. */
export function trimNullPadding(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0) end--;
  return end === value.length ? value : value.slice(0, end);
}
