import type { FormatFields } from '../track-tags.js';
import { ascii, bytesAt, latin1Text, notHandled, u16be, u32be, validFourCC, type FileBytes } from './bytes.js';
import { CommonTags } from './common-tags.js';
import type { FastReading } from './fast-reading.js';
import { readId3v2Tag } from './id3v2.js';

/** AIFF text chunks and the common ids music-metadata's AIFF tag map gives them. */
const TEXT_CHUNKS: Readonly<Record<string, 'title' | 'artist' | undefined>> = {
  NAME: 'title',
  AUTH: 'artist',
  '(c) ': undefined,
  ANNO: undefined,
};

interface AiffState {
  format: FormatFields;
  readonly tags: CommonTags;
}

/**
 * An uncompressed AIFF file as music-metadata's AIFFParser reads it: chunk after chunk to the
 * end of the file, COMM for the stream, SSND for the bitrate, an ID3 chunk and the NAME/AUTH text
 * chunks for tags. Not handled: AIFF-C, a chunk outside the bytes at hand, an id or COMM chunk
 * music-metadata would fail on.
 */
export function readAiff(file: FileBytes): FastReading {
  const form = bytesAt(file, 0, 12);
  if (latin1Text(form.subarray(0, 4)) !== 'FORM' || latin1Text(form.subarray(8, 12)) !== 'AIFF') notHandled();
  const state: AiffState = { format: { container: 'AIFF' }, tags: new CommonTags() };
  let at = 12;
  while (file.size - at >= 8) {
    const header = bytesAt(file, at, 8);
    const id = latin1Text(header.subarray(0, 4));
    if (!validFourCC(id)) notHandled();
    const size = u32be(header, 4);
    at += 8;
    chunk(file, id, at, size, state);
    at += Math.min(2 * Math.round(size / 2), Math.max(0, file.size - at));
  }
  return { format: state.format, common: state.tags.fields(), genreStyle: state.tags.genreStyle };
}

function chunk(file: FileBytes, id: string, at: number, size: number, state: AiffState): void {
  if (id === 'COMM') {
    state.format = { ...state.format, ...common(bytesAt(file, at, size)) };
  } else if (id === 'ID3 ') {
    readId3v2Tag({ head: bytesAt(file, at, size), tail: new Uint8Array(0), size }, 0, state.tags);
  } else if (id === 'SSND') {
    if (state.format.duration) state.format = { ...state.format, bitrate: (8 * size) / state.format.duration };
  } else if (Object.hasOwn(TEXT_CHUNKS, id)) {
    const commonId = TEXT_CHUNKS[id];
    const values = ascii(bytesAt(file, at, size), 0, size)
      .split('\0')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    if (commonId) for (const v of values) state.tags.add('AIFF', commonId, v);
  }
}

/** AiffToken.Common for an uncompressed file. */
function common(bytes: Uint8Array): FormatFields {
  if (bytes.length < 18) notHandled();
  const shift = u16be(bytes, 8) - 16398;
  const base = u16be(bytes, 10);
  const sampleRate = shift < 0 ? base >> Math.abs(shift) : base << shift;
  const frames = u32be(bytes, 2);
  return { codec: 'PCM', sampleRate, numberOfChannels: u16be(bytes, 0), duration: frames / sampleRate };
}
