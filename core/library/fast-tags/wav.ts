import type { FormatFields } from '../track-tags.js';
import { Cursor, latin1Text, notHandled, u16le, u32le, type FileBytes } from './bytes.js';
import { CommonTags, type CommonId } from './common-tags.js';
import type { FastReading } from './fast-reading.js';
import { readId3v2Tag } from './id3v2.js';

/** music-metadata's RIFF INFO tag map, the ids that feed stored fields. */
const INFO_COMMON: Readonly<Record<string, CommonId>> = {
  IART: 'artist',
  ICRD: 'date',
  INAM: 'title',
  TITL: 'title',
  IPRD: 'album',
  ITRK: 'track',
  IPRT: 'track',
  GNRE: 'genre',
  YEAR: 'year',
  IGNR: 'genre',
  IRPD: 'album',
};

/** WaveChunk.WaveFormatNameMap. */
const FORMAT_NAMES: Readonly<Record<number, string>> = {
  0x0001: 'PCM',
  0x0002: 'ADPCM',
  0x0003: 'IEEE_FLOAT',
  0x0006: 'ALAW',
  0x0007: 'MULAW',
  0x0011: 'DVI_ADPCM',
  0x0031: 'GSM610',
  0x1600: 'MPEG_ADTS_AAC',
  0x1602: 'MPEG_LOAS',
  0x00ff: 'RAW_AAC1',
  0x0092: 'DOLBY_AC3_SPDIF',
  0x2000: 'DVM',
  0x0240: 'RAW_SPORT',
  0x0241: 'ESST_AC3',
  0x0009: 'DRM',
  0x2001: 'DTS2',
  0x0050: 'MPEG',
  0x0055: 'MPEGLAYER3',
};

interface WaveState {
  format: FormatFields;
  readonly tags: CommonTags;
  /** INFO values, added after everything else as music-metadata's pendingInfoTags are. */
  readonly info: { readonly id: string; readonly value: string }[];
  blockAlign: number;
  avgBytesPerSec: number;
  factSamples: number | undefined;
}

/**
 * A RIFF/WAVE file as music-metadata's WaveParser reads it: every chunk to the end of the RIFF
 * size (fmt, fact, data for the stream; LIST/INFO and an id3 chunk for tags). Not handled: RF64,
 * CSET and bext chunks, a chunk music-metadata would fail on, anything outside the bytes at hand.
 */
export function readWav(file: FileBytes): FastReading {
  const c = new Cursor(file, 0);
  const riff = c.read(12);
  if (latin1Text(riff.subarray(0, 4)) !== 'RIFF' || latin1Text(riff.subarray(8, 12)) !== 'WAVE') notHandled();
  const state: WaveState = {
    format: { container: 'WAVE' },
    tags: new CommonTags(),
    info: [],
    blockAlign: 0,
    avgBytesPerSec: 0,
    factSamples: undefined,
  };
  let remaining = u32le(riff, 4) - 4;
  while (remaining >= 8) {
    const header = c.read(8);
    const id = latin1Text(header.subarray(0, 4));
    const size = u32le(header, 4);
    remaining -= 8 + size;
    readChunk(c, id, size, state);
    if (size % 2 === 1) c.ignore(1);
  }
  for (const { id, value } of state.info) state.tags.add('exif', INFO_COMMON[id] as CommonId, value);
  return { format: state.format, common: state.tags.fields(), genreStyle: state.tags.genreStyle };
}

function readChunk(c: Cursor, id: string, size: number, state: WaveState): void {
  switch (id) {
    case 'CSET':
    case 'bext':
      return notHandled();
    case 'LIST':
      return readList(c, size, state);
    case 'fact':
      if (size < 4) notHandled();
      state.factSamples = u32le(c.read(size), 0);
      return;
    case 'fmt ':
      return readFmt(c, size, state);
    case 'id3 ':
    case 'ID3 ':
      readId3v2Tag({ head: c.read(size), tail: new Uint8Array(0), size }, 0, state.tags);
      return;
    case 'data':
      return readData(c, size, state);
    default:
      c.ignore(size);
  }
}

function readFmt(c: Cursor, size: number, state: WaveState): void {
  if (size < 16) notHandled();
  const fmt = c.read(size);
  const tag = u16le(fmt, 0);
  state.format = {
    ...state.format,
    codec: FORMAT_NAMES[tag] ?? `non-PCM (${tag})`,
    sampleRate: u32le(fmt, 4),
    numberOfChannels: u16le(fmt, 2),
  };
  state.avgBytesPerSec = u32le(fmt, 8);
  state.blockAlign = u16le(fmt, 12);
}

/** The data chunk: duration from its size (as much of it as the file holds) or the fact chunk. */
function readData(c: Cursor, size: number, state: WaveState): void {
  const held = Math.min(size, c.file.size - c.position);
  const samples = state.factSamples ?? (held === 0xffffffff ? undefined : held / state.blockAlign);
  let { duration, bitrate } = state.format;
  if (samples && state.format.sampleRate) duration = samples / state.format.sampleRate;
  if (state.avgBytesPerSec > 0) bitrate = state.avgBytesPerSec * 8;
  else if (duration) bitrate = (held * 8) / duration;
  state.format = { ...state.format, duration, bitrate };
  c.ignore(size);
}

/** LIST: INFO entries are kept for the end; other lists skipped. */
function readList(c: Cursor, size: number, state: WaveState): void {
  if (size < 4) notHandled(); // music-metadata fails on the negative length either way
  const type = latin1Text(c.read(4));
  if (type !== 'INFO') return c.ignore(size - 4);
  let left = size - 4;
  while (left >= 8) {
    const header = c.read(8);
    const id = latin1Text(header.subarray(0, 4));
    const length = u32le(header, 4);
    const padded = length + (length & 1);
    const bytes = c.read(padded);
    if (Object.hasOwn(INFO_COMMON, id))
      state.info.push({ id, value: latin1Text(bytes.subarray(0, length)).split('\0', 1)[0] ?? '' });
    left -= 8 + padded;
  }
  if (left !== 0) notHandled();
}
