/**
 * Byte access for the fast tag readers: the head and tail of a file that CachedFileTokenizer
 * read, and the number readers music-metadata's tokens use, with the same arithmetic.
 */

export interface FileBytes {
  /** The first bytes of the file (all of it when the file is small). */
  readonly head: Uint8Array;
  /** The last bytes of the file, empty when the head holds it all. */
  readonly tail: Uint8Array;
  readonly size: number;
  /** Bytes read on a reader's request (NeedBytes), starting at `start`. */
  readonly extra?: { readonly start: number; readonly bytes: Uint8Array };
}

/**
 * Thrown when a reader needs bytes that neither head nor tail holds (an Ogg file whose first
 * pages run past the head): the caller may read them and call the reader again with `extra`.
 */
export class NeedBytes {
  constructor(
    readonly position: number,
    readonly length: number,
  ) {}
}

/**
 * Thrown (one shared value, never an Error: nothing to capture) when a reader meets anything it
 * does not reproduce exactly; the caller then leaves the file to music-metadata.
 */
export const NOT_HANDLED: unique symbol = Symbol('not handled');

export function notHandled(): never {
  throw NOT_HANDLED;
}

/** The `length` bytes at `position`, when the head, the tail or the extra bytes hold all of them. */
export function bytesAt(file: FileBytes, position: number, length: number): Uint8Array {
  const end = position + length;
  if (position < 0 || length < 0 || end > file.size) notHandled();
  if (end <= file.head.length) return file.head.subarray(position, end);
  const tailStart = file.size - file.tail.length;
  if (file.tail.length > 0 && position >= tailStart) return file.tail.subarray(position - tailStart, end - tailStart);
  const extra = file.extra;
  if (!extra) throw new NeedBytes(position, length);
  if (position >= extra.start && end <= extra.start + extra.bytes.length) {
    return extra.bytes.subarray(position - extra.start, end - extra.start);
  }
  return notHandled();
}

export function u8(bytes: Uint8Array, at: number): number {
  if (at < 0 || at >= bytes.length) notHandled();
  return bytes[at] as number;
}

export function u16be(bytes: Uint8Array, at: number): number {
  return (u8(bytes, at) << 8) | u8(bytes, at + 1);
}

export function u24be(bytes: Uint8Array, at: number): number {
  return (u8(bytes, at) << 16) | (u8(bytes, at + 1) << 8) | u8(bytes, at + 2);
}

export function u32be(bytes: Uint8Array, at: number): number {
  return ((u8(bytes, at) << 24) | (u8(bytes, at + 1) << 16) | (u8(bytes, at + 2) << 8) | u8(bytes, at + 3)) >>> 0;
}

export function u32le(bytes: Uint8Array, at: number): number {
  return ((u8(bytes, at + 3) << 24) | (u8(bytes, at + 2) << 16) | (u8(bytes, at + 1) << 8) | u8(bytes, at)) >>> 0;
}

/**
 * music-metadata's getBitAllignedNumber (common/Util.js), 32-bit shifts and all: FLAC's 36-bit
 * sample count goes through it, so its overflow is part of the result to reproduce.
 */
export function bitField(source: Uint8Array, byteOffset: number, bitOffset: number, len: number): number {
  const byteOff = byteOffset + Math.trunc(bitOffset / 8);
  const bitOff = bitOffset % 8;
  let value = u8(source, byteOff);
  value &= 0xff >> bitOff;
  const bitsRead = 8 - bitOff;
  const bitsLeft = len - bitsRead;
  if (bitsLeft < 0) {
    value >>= 8 - bitOff - len;
  } else if (bitsLeft > 0) {
    value <<= bitsLeft;
    value |= bitField(source, byteOffset, bitOffset + bitsRead, bitsLeft);
  }
  return value;
}

export function bitSet(source: Uint8Array, byteOffset: number, bitOffset: number): boolean {
  return bitField(source, byteOffset, bitOffset, 1) === 1;
}

/** The bytes as text-codec's 'ascii' decodes them: the low seven bits of each byte. */
export function ascii(bytes: Uint8Array, at: number, length: number): string {
  let out = '';
  for (let i = at; i < at + length && i < bytes.length; i++) out += String.fromCharCode((bytes[i] as number) & 0x7f);
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** UTF-8 the way @borewit/text-codec decodes it in Node (TextDecoder: replacement characters, BOM dropped). */
export function utf8Text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Latin-1: each byte one code point, as text-codec's decodeLatin1. */
export function latin1Text(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}

export function u16le(bytes: Uint8Array, at: number): number {
  return u8(bytes, at) | (u8(bytes, at + 1) << 8);
}

/**
 * A reading position in a file, with strtok3's rules: a read needs all its bytes (else not
 * handled: music-metadata would hit the end of the file), a skip stops at the end of the file.
 */
export class Cursor {
  constructor(
    readonly file: FileBytes,
    public position: number,
  ) {}

  read(length: number): Uint8Array {
    const bytes = bytesAt(this.file, this.position, length);
    this.position += length;
    return bytes;
  }

  ignore(length: number): void {
    this.position += Math.min(length, Math.max(0, this.file.size - this.position));
  }
}

/** music-metadata's FourCcToken check (/^[\x21-\x7e©][\x20-\x7e\x00()]{3}/): other ids make it fail. */
export function validFourCC(id: string): boolean {
  const first = id.charCodeAt(0);
  if (!((first >= 0x21 && first <= 0x7e) || first === 0xa9)) return false;
  for (let i = 1; i < 4; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 0x20 && c <= 0x7e) || c === 0)) return false;
  }
  return true;
}

export function u24le(bytes: Uint8Array, at: number): number {
  return u8(bytes, at) | (u8(bytes, at + 1) << 8) | (u8(bytes, at + 2) << 16);
}
