import { ascii, bytesAt, latin1Text, notHandled, u8, u32be, type FileBytes } from './bytes.js';
import type { CommonId, CommonTags, TagOrigin } from './common-tags.js';
import { parseGenre } from './id3-genre.js';
import { decodeId3, id3Encoding, nullTerminated, trimNullPadding, type Id3Encoding } from './id3-text.js';

/** music-metadata's ID3v2.3/2.4 tag map (case-insensitive), the ids that feed stored fields. */
const ID3V24_COMMON: Readonly<Record<string, CommonId>> = {
  TIT2: 'title',
  TPE1: 'artist',
  'TXXX:ARTISTS': 'artists',
  TPE2: 'albumartist',
  TALB: 'album',
  TDRV: 'date',
  TPOS: 'disk',
  TCON: 'genre',
  TRCK: 'track',
  TDRC: 'date',
  TYER: 'year',
  'TXXX:DISCOGS_ARTISTS': 'artists',
  'TXXX:DISCOGS_ARTIST_NAME': 'artists',
  'TXXX:DISCOGS_ALBUM_ARTISTS': 'albumartist',
  'TXXX:DISCOGS_RELEASED': 'date',
  'TXXX:STYLE': 'genre',
};

/** ID3v2.3 text frames whose single value splits on '/' (FrameParser.splitValue). */
const SLASH_SPLIT_V3 = new Set([
  'TPE1',
  'TPE2',
  'TPE3',
  'TPE4',
  'TCOM',
  'TEXT',
  'TOLY',
  'TOPE',
  'TXXX',
  'TSRC',
  'IPLS',
]);
/** Text frames FrameParser.readData splits into several values, whatever the version. */
const LIST_FRAMES = new Set(['TCOM', 'TEXT', 'TOLY', 'TOPE', 'TPE1', 'TSRC']);
/** Frames whose content music-metadata decodes in a way that can fail: left to it. */
const UNHANDLED_FRAMES = new Set(['SYLT', 'GEOB', 'CHAP', 'CTOC']);
/** Involved-people lists: values music-metadata maps to no stored field. */
const PEOPLE_FRAMES = new Set(['TMCL', 'TIPL', 'IPLS']);

interface TagHeader {
  readonly major: 3 | 4;
  readonly origin: TagOrigin;
}

/**
 * An ID3v2.3 or 2.4 tag at the start of an MP3 file, as music-metadata's AbstractID3Parser reads
 * it (covers skipped), its values fed to `tags`. Returns where the audio starts (0 without a tag).
 * Not handled: besides what readId3v2Tag leaves, a second tag after the first, and a tag that
 * leaves fewer than 10 bytes after it (music-metadata's look for another tag ends its parse there).
 */
export function readId3v2(file: FileBytes, tags: CommonTags): number {
  if (file.size < 10) notHandled();
  if (ascii(bytesAt(file, 0, 3), 0, 3) !== 'ID3') return 0;
  const end = readId3v2Tag(file, 0, tags);
  if (file.size - end < 10 || ascii(bytesAt(file, end, 3), 0, 3) === 'ID3') notHandled();
  return end;
}

/**
 * One ID3v2.3 or 2.4 tag at `start`, as music-metadata's ID3v2Parser reads it; returns where it
 * ends. Not handled: no tag there, other versions, tag-level flags (unsynchronisation, extended
 * header, footer), frame flags (compression, encryption, unsynchronisation, data length), a tag
 * larger than the bytes after it.
 */
export function readId3v2Tag(file: FileBytes, start: number, tags: CommonTags): number {
  const header = bytesAt(file, start, 10);
  if (latin1Text(header.subarray(0, 3)) !== 'ID3') notHandled();
  const major = u8(header, 3);
  if ((major !== 3 && major !== 4) || (u8(header, 5) & 0xf0) !== 0) notHandled();
  const size = syncSafe(header, 6);
  if (size > file.size - start - 10) notHandled();
  const tag: TagHeader = { major, origin: major === 4 ? 'ID3v2.4' : 'ID3v2.3' };
  readFrames(bytesAt(file, start + 10, size), tag, tags);
  return start + 10 + size;
}

/** UINT32SYNCSAFE as music-metadata reads it: only the last byte masked. */
function syncSafe(bytes: Uint8Array, at: number): number {
  return (u8(bytes, at + 3) & 0x7f) | (u8(bytes, at + 2) << 7) | (u8(bytes, at + 1) << 14) | (u8(bytes, at) << 21);
}

/** ID3v2Parser.parseMetadata: frame after frame until the data or a whole frame header runs out. */
function readFrames(data: Uint8Array, tag: TagHeader, tags: CommonTags): void {
  let offset = 0;
  while (offset !== data.length && offset + 10 <= data.length) {
    const id = ascii(data, offset, 4);
    const length = tag.major === 4 ? syncSafe(data, offset + 4) : u32be(data, offset + 4);
    const flags = u8(data, offset + 9);
    if (flags & (tag.major === 4 ? 0x4f : 0xe0)) notHandled();
    const body = data.subarray(offset + 10, offset + 10 + length);
    offset += 10 + length;
    if (body.length > 0) readFrame(id, body, tag, tags);
  }
}

function readFrame(id: string, body: Uint8Array, tag: TagHeader, tags: CommonTags): void {
  if (UNHANDLED_FRAMES.has(id)) notHandled();
  if (PEOPLE_FRAMES.has(id)) return;
  const encoding = id3Encoding(u8(body, 0));
  if (id === 'TXXX') return readUserText(body, encoding, tag, tags);
  if (id[0] === 'T' || id === 'GRP1' || id === 'MVIN' || id === 'MVNM' || id === 'PCST') {
    const text = trimNullPadding(decodeId3(body.subarray(1), encoding));
    return addAll(id, textValues(id, text, tag.major), tag, tags);
  }
  checkDecodable(id, body, encoding);
}

function textValues(id: string, text: string, major: number): string[] {
  if (id === 'TRCK' || id === 'TPOS' || id === 'TIT1' || id === 'TIT2' || id === 'TIT3') return [text];
  if (LIST_FRAMES.has(id)) return splitValue(id, text, major);
  if (id === 'TCON') return splitValue(id, text, major).flatMap(parseGenre);
  if (id === 'PCST') return [];
  return major >= 4 ? splitValue(id, text, major) : [text];
}

/** TXXX: a description, then values; each value is a tag named TXXX:description. */
function readUserText(body: Uint8Array, encoding: Id3Encoding, tag: TagHeader, tags: CommonTags): void {
  const rest = body.subarray(1);
  const description = nullTerminated(rest, encoding);
  const values = splitValue('TXXX', trimNullPadding(decodeId3(rest.subarray(description.len), encoding)), tag.major);
  addAll(description.text ? `TXXX:${description.text}` : 'TXXX', values, tag, tags);
}

function addAll(id: string, values: readonly string[], tag: TagHeader, tags: CommonTags): void {
  const key = id.toUpperCase();
  const common = Object.hasOwn(ID3V24_COMMON, key) ? ID3V24_COMMON[key] : undefined;
  if (common === undefined) return;
  for (const value of values) {
    if (id === 'TCON') tags.markId3Genre();
    tags.add(tag.origin, common, value);
  }
}

/** FrameParser.splitValue. */
function splitValue(id: string, text: string, major: number): string[] {
  let values = text.split('\0');
  if (major < 4 && values.length === 1 && SLASH_SPLIT_V3.has(id)) values = text.split('/');
  return values.map((v) => trimNullPadding(v).trim());
}

/**
 * Frames that give no stored field but whose text music-metadata decodes (comments, lyrics, URL
 * descriptions): decoded here too, so a frame it would fail on is left to it.
 */
function checkDecodable(id: string, body: Uint8Array, encoding: Id3Encoding): void {
  if (id === 'COMM' || id === 'USLT') {
    const descriptor = nullTerminated(body.subarray(4), encoding);
    nullTerminated(body.subarray(4 + descriptor.len), encoding);
  } else if (id === 'WXXX') {
    nullTerminated(body.subarray(1), encoding);
  } else if (id === 'WFED') {
    nullTerminated(body.subarray(1), encoding);
  }
}
