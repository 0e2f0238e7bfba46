import type { FormatFields } from '../track-tags.js';
import { ascii, bytesAt, latin1Text, notHandled, u8, u16le, u32le, type FileBytes } from './bytes.js';
import { CommonTags } from './common-tags.js';
import type { FastReading } from './fast-reading.js';
import { readVorbisComments } from './vorbis-comment.js';

/**
 * An Ogg Vorbis or Ogg Opus file read the way music-metadata's OggParser reads it without its
 * `duration` option: page after page until the last page or, once the comments are in, the
 * page numbered 13; the comment header parsed when the page after it arrives; the duration
 * only when the last page was reached. Not handled: more than one logical stream, any other
 * codec, a page outside the bytes at hand, anything music-metadata would stop or fail on.
 */

interface Page {
  readonly start: number;
  readonly end: number;
  readonly continued: boolean;
  readonly first: boolean;
  readonly last: boolean;
  readonly granule: number;
  readonly serial: number;
  readonly sequence: number;
  readonly data: Uint8Array;
}

interface StreamState {
  readonly codec: 'vorbis' | 'opus';
  format: FormatFields;
  preSkip: number;
  segments: Uint8Array[];
  commentsRead: boolean;
  /** OpusStream.lastPos: where the merged comment packet began, by its arithmetic. */
  lastPos: number;
}

export function readOgg(file: FileBytes): FastReading {
  const tags = new CommonTags();
  let page = readPage(file, 0);
  if (!page.first) notHandled();
  const state = firstPage(page);
  const serial = page.serial;
  let stoppedEarly = false;
  // The first page's sequence number is not checked: music-metadata's test needs the comments first.
  while (!page.last) {
    page = readPage(file, page.end);
    if (page.serial !== serial || page.first) notHandled();
    laterPage(state, page, tags);
    if (page.sequence > 12 && state.commentsRead) {
      stoppedEarly = true;
      break;
    }
  }
  // A stream left open is flushed: its pending pages parsed as one packet.
  if (stoppedEarly && !page.last) parsePacket(state, merge(state.segments), page.end, tags);
  const format = page.last ? withDuration(state, page.granule, file.size) : state.format;
  return { format, common: tags.fields(), genreStyle: tags.genreStyle };
}

function readPage(file: FileBytes, start: number): Page {
  const header = bytesAt(file, start, 27);
  if (latin1Text(header.subarray(0, 4)) !== 'OggS') notHandled();
  const flags = u8(header, 5);
  const segmentCount = u8(header, 26);
  const table = bytesAt(file, start + 27, segmentCount);
  let length = 0;
  for (let i = 0; i < segmentCount; i++) length += u8(table, i);
  const dataStart = start + 27 + segmentCount;
  return {
    start,
    end: dataStart + length,
    continued: (flags & 1) !== 0,
    first: (flags & 2) !== 0,
    last: (flags & 4) !== 0,
    granule: u32le(header, 10) * 0x1_0000_0000 + u32le(header, 6),
    serial: u32le(header, 14),
    sequence: u32le(header, 18),
    data: bytesAt(file, dataStart, length),
  };
}

/** OggStream's codec choice and the consumer's parseFirstPage. */
function firstPage(page: Page): StreamState {
  const id = printable(page.data.subarray(0, 7));
  const d = page.data;
  if (id === 'vorbis') {
    if (u8(d, 0) !== 1 || ascii(d, 1, 6) !== 'vorbis') notHandled();
    const format: FormatFields = {
      container: 'Ogg',
      codec: 'Vorbis I',
      numberOfChannels: u8(d, 11),
      sampleRate: u32le(d, 12),
      bitrate: u32le(d, 20),
    };
    return { codec: 'vorbis', format, preSkip: 0, segments: [], commentsRead: false, lastPos: -1 };
  }
  if (id === 'OpusHea') {
    if (d.length < 19 || ascii(d, 0, 8) !== 'OpusHead') notHandled();
    const format: FormatFields = {
      container: 'Ogg',
      codec: 'Opus',
      numberOfChannels: u8(d, 9),
      sampleRate: u32le(d, 12),
    };
    return { codec: 'opus', format, preSkip: u16le(d, 10), segments: [], commentsRead: false, lastPos: -1 };
  }
  return notHandled();
}

/** VorbisStream.parsePage for a page after the first. */
function laterPage(state: StreamState, page: Page, tags: CommonTags): void {
  if (page.continued) {
    if (state.segments.length === 0) notHandled();
    state.segments.push(page.data);
  }
  if (page.last || !page.continued) {
    if (state.segments.length > 0) parsePacket(state, merge(state.segments), page.end, tags);
    state.segments = page.last ? [] : [page.data];
  }
}

/** parseFullPage: the comment header when the merged data starts with one; nothing else matters. */
function parsePacket(state: StreamState, data: Uint8Array, position: number, tags: CommonTags): void {
  if (state.codec === 'vorbis') {
    if (u8(data, 0) !== 3) return;
    readVorbisComments(data, 7, tags);
  } else {
    if (ascii(data, 0, 8) !== 'OpusTags') return;
    readVorbisComments(data, 8, tags);
    state.lastPos = position - data.length;
  }
  if (state.commentsRead) notHandled();
  state.commentsRead = true;
}

/** calculateDuration after the last page (Vorbis and Opus). */
function withDuration(state: StreamState, granule: number, size: number): FormatFields {
  const sampleRate = state.format.sampleRate;
  if (!sampleRate) return state.format;
  if (state.codec === 'vorbis') return { ...state.format, duration: granule / sampleRate };
  const duration = (granule - state.preSkip) / 48000;
  const bitrate = state.lastPos !== -1 && size && duration ? (8 * (size - state.lastPos)) / duration : undefined;
  return { ...state.format, duration, ...(bitrate !== undefined ? { bitrate } : {}) };
}

function merge(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const merged = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    merged.set(part, at);
    at += part.length;
  }
  return merged;
}

/** The printable ASCII of the bytes, as OggStream names a codec. */
function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) if (b >= 32 && b <= 126) out += String.fromCharCode(b);
  return out;
}
