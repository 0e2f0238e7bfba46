import { crc32 } from 'node:zlib';
import { TagWriteError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';

/**
 * ID3v2.2/2.3/2.4 tags (MP3, ADTS, and the ID3 chunks of WAV and AIFF).
 *
 * Only the genre frame is rebuilt; every other frame is carried over as the exact bytes it had,
 * including frames we could not decode (compressed, encrypted, unknown ids). The tag keeps its
 * version. Written genre text follows what readers expect of each version:
 * - v2.4: values separated by a null byte (the standard multi-value form), ISO-8859-1 when the
 *   text is ASCII, else UTF-8 (which never contains 0xFF, so unsynchronisation never matters).
 * - v2.3/v2.2: the standard has no multi-value genre text; several values are written
 *   null-separated as well, which music-metadata, TagLib, mutagen and foobar2000 read as a list
 *   (a `/` join would be ambiguous: "Folk/Rock" is one ID3v1 genre). ASCII as ISO-8859-1, anything
 *   else as UTF-16 with BOM, the portable v2.3 choice.
 * - A value starting with "(" is written as "((…", the escape both versions define, so it is not
 *   taken for an ID3v1 genre reference.
 * A new tag (file had none) is ID3v2.3: every player that reads ID3v2 reads 2.3, while 2.4 is
 * still unreadable to Windows Explorer before Windows 10 and to many car and portable players.
 */

export const ID3V2_HEADER_SIZE = 10;

export interface Id3v2Frame {
  readonly id: string;
  /** The frame exactly as stored (header + body), after tag-level unsynchronisation was undone. */
  readonly raw: Uint8Array;
}

export interface Id3v2Tag {
  readonly major: 2 | 3 | 4;
  readonly revision: number;
  readonly flags: number;
  /** Extended header bytes (as stored, tag-level unsynchronisation undone), or null. */
  readonly extendedHeader: Uint8Array | null;
  readonly frames: readonly Id3v2Frame[];
  /** Bytes the tag occupies in the file: header, body (with padding) and footer. */
  readonly totalSize: number;
  readonly paddingSize: number;
}

const FLAG_UNSYNC = 0x80;
const FLAG_EXTENDED = 0x40;
const FLAG_FOOTER = 0x10;
/** v2.2 only: the whole tag is compressed with a scheme the standard never defined. */
const FLAG_V22_COMPRESSION = 0x40;

export function readSyncsafe(bytes: Uint8Array, offset: number, length = 4): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 128 + ((bytes[offset + i] ?? 0) & 0x7f);
  return value;
}

export function writeSyncsafe(value: number, length = 4): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 128;
    rest = Math.floor(rest / 128);
  }
  if (rest !== 0)
    throw new TagWriteError('unsupported', `ID3v2 size ${value} does not fit in ${length} syncsafe bytes`);
  return out;
}

function readUint(bytes: Uint8Array, offset: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + (bytes[offset + i] ?? 0);
  return value;
}

function writeUint(value: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  if (rest !== 0) throw new TagWriteError('unsupported', `ID3v2 frame size ${value} does not fit in ${length} bytes`);
  return out;
}

/** Removes unsynchronisation: every 0xFF 0x00 pair loses its 0x00. */
export function unsyncDecode(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out[n++] = b;
    if (b === 0xff && bytes[i + 1] === 0x00) i++;
  }
  return out.subarray(0, n);
}

/** Applies unsynchronisation: a 0x00 after every 0xFF followed by 0x00 or a byte ≥ 0xE0, or ending the data. */
export function unsyncEncode(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out.push(b);
    if (b === 0xff) {
      const next = bytes[i + 1];
      if (next === undefined || next === 0x00 || next >= 0xe0) out.push(0x00);
    }
  }
  return Uint8Array.from(out);
}

export function hasId3v2Header(head: Uint8Array): boolean {
  return (
    head.length >= ID3V2_HEADER_SIZE &&
    head[0] === 0x49 &&
    head[1] === 0x44 &&
    head[2] === 0x33 &&
    (head[3] ?? 0xff) < 0xff &&
    (head[4] ?? 0xff) < 0xff &&
    [6, 7, 8, 9].every((i) => ((head[i] ?? 0x80) & 0x80) === 0)
  );
}

/** Total bytes of the ID3v2 tag starting at `offset`, or 0 when there is none. */
export async function id3v2SizeAt(source: ByteSource, offset: number): Promise<number> {
  const head = await source.readAvailable(offset, ID3V2_HEADER_SIZE);
  if (!hasId3v2Header(head)) return 0;
  const footer = head[3] === 4 && ((head[5] ?? 0) & FLAG_FOOTER) !== 0 ? ID3V2_HEADER_SIZE : 0;
  return ID3V2_HEADER_SIZE + readSyncsafe(head, 6) + footer;
}

function isFrameId(bytes: Uint8Array, offset: number, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const c = bytes[offset + i];
    if (c === undefined) return false;
    const upper = c >= 0x41 && c <= 0x5a;
    const digit = c >= 0x30 && c <= 0x39;
    if (!upper && !digit) return false;
  }
  return true;
}

/** A frame, padding or the end of the frame area may start at `offset`. */
function plausibleBoundary(body: Uint8Array, offset: number, idLength: number): boolean {
  if (offset === body.length) return true;
  if (offset > body.length) return false;
  if (body[offset] === 0) return true;
  return isFrameId(body, offset, idLength);
}

/** Parses a complete tag (`bytes` holds at least `totalSize` bytes from its header on). */
export function parseId3v2(bytes: Uint8Array): Id3v2Tag {
  if (!hasId3v2Header(bytes)) throw new TagWriteError('corrupt', 'not an ID3v2 tag');
  const major = bytes[3] as number;
  const revision = bytes[4] as number;
  const flags = bytes[5] as number;
  if (major !== 2 && major !== 3 && major !== 4) {
    throw new TagWriteError('unsupported', `ID3v2.${major} tags are not written (only 2.2, 2.3 and 2.4 exist)`);
  }
  if (major === 2 && (flags & FLAG_V22_COMPRESSION) !== 0) {
    throw new TagWriteError(
      'unsupported',
      'compressed ID3v2.2 tags are not written (the standard never defined the compression)',
    );
  }
  const size = readSyncsafe(bytes, 6);
  const footer = major === 4 && (flags & FLAG_FOOTER) !== 0 ? ID3V2_HEADER_SIZE : 0;
  const totalSize = ID3V2_HEADER_SIZE + size + footer;
  if (bytes.length < totalSize) throw new TagWriteError('corrupt', 'the ID3v2 tag is cut short');
  let body: Uint8Array = bytes.subarray(ID3V2_HEADER_SIZE, ID3V2_HEADER_SIZE + size);
  // v2.4 unsynchronises frame by frame (flag in each frame); earlier versions the whole body.
  if (major < 4 && (flags & FLAG_UNSYNC) !== 0) body = unsyncDecode(body);

  let pos = 0;
  let extendedHeader: Uint8Array | null = null;
  if (major >= 3 && (flags & FLAG_EXTENDED) !== 0) {
    const extSize = major === 3 ? readUint(body, 0, 4) + 4 : readSyncsafe(body, 0);
    if (extSize < 6 || extSize > body.length)
      throw new TagWriteError('corrupt', 'the ID3v2 extended header is malformed');
    extendedHeader = body.slice(0, extSize);
    pos = extSize;
  }

  const idLength = major === 2 ? 3 : 4;
  const headerLength = major === 2 ? 6 : 10;
  const frames: Id3v2Frame[] = [];
  while (pos + headerLength <= body.length && body[pos] !== 0) {
    if (!isFrameId(body, pos, idLength)) {
      throw new TagWriteError('corrupt', `the ID3v2 tag holds unreadable data at byte ${pos} of its frames`);
    }
    const frameSize = frameBodySize(body, pos, major, idLength, headerLength);
    const end = pos + headerLength + frameSize;
    if (end > body.length) throw new TagWriteError('corrupt', 'an ID3v2 frame runs past the end of its tag');
    const id = String.fromCharCode(...body.subarray(pos, pos + idLength));
    frames.push({ id, raw: body.slice(pos, end) });
    pos = end;
  }
  return { major, revision, flags, extendedHeader, frames, totalSize, paddingSize: body.length - pos };
}

function frameBodySize(body: Uint8Array, pos: number, major: number, idLength: number, headerLength: number): number {
  if (major === 2) return readUint(body, pos + 3, 3);
  if (major === 3) return readUint(body, pos + 4, 4);
  // iTunes and other writers have stored plain integers in v2.4 frames; accept whichever reading
  // lands on the next frame (TagLib and mutagen use the same rule).
  const syncsafe = readSyncsafe(body, pos + 4);
  const plain = readUint(body, pos + 4, 4);
  const sizeBytesSyncsafe = [4, 5, 6, 7].every((i) => ((body[pos + i] ?? 0) & 0x80) === 0);
  if (sizeBytesSyncsafe && plausibleBoundary(body, pos + headerLength + syncsafe, idLength)) return syncsafe;
  if (plausibleBoundary(body, pos + headerLength + plain, idLength)) return plain;
  return syncsafe;
}

export function isGenreFrame(tag: { readonly major: number }, id: string): boolean {
  return tag.major === 2 ? id === 'TCO' : id === 'TCON';
}

/** Genre values as the body of one TCON/TCO frame. */
export function genreFrameBody(major: 2 | 3 | 4, genres: readonly string[]): Uint8Array {
  const values = genres.map((g) => (g.startsWith('(') ? `(${g}` : g));
  const ascii = values.every((v) => /^[\x20-\x7e]*$/.test(v));
  if (ascii) return Buffer.concat([Buffer.of(0), Buffer.from(values.join('\0'), 'latin1')]);
  if (major === 4) return Buffer.concat([Buffer.of(3), Buffer.from(values.join('\0'), 'utf8')]);
  const parts: Buffer[] = [Buffer.of(1)];
  values.forEach((v, i) => {
    if (i > 0) parts.push(Buffer.of(0, 0));
    parts.push(Buffer.of(0xff, 0xfe), Buffer.from(v, 'utf16le'));
  });
  return Buffer.concat(parts);
}

export function genreFrame(major: 2 | 3 | 4, genres: readonly string[]): Id3v2Frame {
  const body = genreFrameBody(major, genres);
  const header =
    major === 2
      ? Buffer.concat([Buffer.from('TCO', 'latin1'), writeUint(body.length, 3)])
      : Buffer.concat([
          Buffer.from('TCON', 'latin1'),
          major === 4 ? writeSyncsafe(body.length) : writeUint(body.length, 4),
          Buffer.of(0, 0),
        ]);
  return { id: major === 2 ? 'TCO' : 'TCON', raw: Buffer.concat([header, body]) };
}

/**
 * The frame list with every genre frame removed and, when `genres` is not empty, one new genre
 * frame where the first old one was (or at the end).
 */
export function withGenres(tag: Id3v2Tag, genres: readonly string[]): Id3v2Frame[] {
  const out: Id3v2Frame[] = [];
  let placed = false;
  for (const frame of tag.frames) {
    if (!isGenreFrame(tag, frame.id)) {
      out.push(frame);
    } else if (!placed) {
      placed = true;
      if (genres.length > 0) out.push(genreFrame(tag.major, genres));
    }
  }
  if (!placed && genres.length > 0) out.push(genreFrame(tag.major, genres));
  return out;
}

/** The tag a file without one gets: ID3v2.3, no flags, no padding. */
export function newTag(): Id3v2Tag {
  return { major: 3, revision: 0, flags: 0, extendedHeader: null, frames: [], totalSize: 0, paddingSize: 0 };
}

/**
 * Serialises `tag` with `frames`. The tag keeps its size when the frames fit in it (padding
 * shrinks or grows, the audio does not move); when they do not fit it grows and keeps the amount
 * of padding it had. A tag with a footer has no padding by definition.
 * Returns an empty array when no frame is left: a tag without frames is not allowed, and removing
 * it restores files that had no tag before we wrote one.
 */
export function serialiseId3v2(tag: Id3v2Tag, frames: readonly Id3v2Frame[]): Uint8Array {
  if (frames.length === 0) return new Uint8Array(0);
  const hasFooter = tag.major === 4 && (tag.flags & FLAG_FOOTER) !== 0;
  const frameBytes = Buffer.concat(frames.map((f) => f.raw));
  const tagUnsync = tag.major < 4 && (tag.flags & FLAG_UNSYNC) !== 0;
  const encodedBody = (padding: number): Uint8Array => {
    const ext = tag.extendedHeader ? extendedHeaderFor(tag, frameBytes, padding) : new Uint8Array(0);
    const body = Buffer.concat([ext, frameBytes]);
    return tagUnsync ? unsyncEncode(body) : body;
  };

  const room = tag.totalSize - ID3V2_HEADER_SIZE * (hasFooter ? 2 : 1);
  let padding = 0;
  if (!hasFooter) {
    const needed = encodedBody(0).length;
    if (tag.totalSize > 0 && needed <= room) {
      padding = room - needed;
      // The extended header states the padding size, whose bytes may unsynchronise differently.
      const actual = encodedBody(padding).length;
      if (actual !== needed) padding = Math.max(0, room - actual);
    } else {
      padding = tag.paddingSize;
    }
  }
  const body = Buffer.concat([encodedBody(padding), new Uint8Array(padding)]);
  const header = Buffer.concat([
    Buffer.from('ID3', 'latin1'),
    Buffer.of(tag.major, tag.revision, tag.flags),
    writeSyncsafe(body.length),
  ]);
  const parts: Uint8Array[] = [header, body];
  if (hasFooter) parts.push(Buffer.concat([Buffer.from('3DI', 'latin1'), header.subarray(3)]));
  return Buffer.concat(parts);
}

/** The extended header with its padding size and CRC recomputed for the new frames. */
function extendedHeaderFor(tag: Id3v2Tag, frameBytes: Uint8Array, padding: number): Uint8Array {
  const ext = Buffer.from(tag.extendedHeader ?? new Uint8Array(0));
  if (tag.major === 3) {
    // size(4) flags(2) padding size(4) [CRC-32 of the frames (4)]
    ext.writeUInt32BE(padding, 6);
    if (((ext[4] ?? 0) & 0x80) !== 0 && ext.length >= 14) ext.writeUInt32BE(crc32(frameBytes), 10);
    return ext;
  }
  // v2.4: size(4) flag-byte count(1) flags(1), then for each set flag (update, CRC, restrictions)
  // a length byte and its data. The CRC covers frames and padding.
  const flags = ext[5] ?? 0;
  let pos = 6;
  if ((flags & 0x40) !== 0) pos += 1 + (ext[pos] ?? 0);
  if ((flags & 0x20) !== 0 && pos + 6 <= ext.length) {
    const crc = crc32(Buffer.concat([frameBytes, new Uint8Array(padding)]));
    ext.set(writeSyncsafe(crc, 5), pos + 1);
  }
  return ext;
}

/** The ID3v2 tag at `offset` of the source, parsed, or null when there is none. */
export async function readId3v2At(source: ByteSource, offset: number): Promise<Id3v2Tag | null> {
  const total = await id3v2SizeAt(source, offset);
  if (total === 0) return null;
  if (offset + total > source.size) throw new TagWriteError('corrupt', 'the ID3v2 tag runs past the end of the file');
  return parseId3v2(await source.read(offset, total));
}
