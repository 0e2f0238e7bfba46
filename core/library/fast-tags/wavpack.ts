import type { FormatFields } from '../track-tags.js';
import { readApeTagAt } from './ape-tag.js';
import { bytesAt, Cursor, latin1Text, notHandled, u8, u24le, u32le, validFourCC, type FileBytes } from './bytes.js';
import { CommonTags } from './common-tags.js';
import type { FastReading } from './fast-reading.js';

const SAMPLE_RATES = [
  6000, 8000, 9600, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000, 192000, -1,
];

/**
 * A WavPack file as music-metadata's WavPackParser reads it: every block to the end (the first
 * block's header for the stream, the blocks with samples for the bitrate), then an APEv2 tag.
 * Not handled: DSD audio, blocks or sub-blocks music-metadata would fail on, anything outside
 * the bytes at hand.
 */
export function readWavPack(file: FileBytes): FastReading {
  const c = new Cursor(file, 0);
  let format: FormatFields | undefined;
  let audioBytes = 0;
  do {
    const id = latin1Text(bytesAt(file, c.position, 4));
    if (!validFourCC(id)) notHandled();
    if (id !== 'wvpk') break;
    const header = c.read(32);
    const blockSize = u32le(header, 4);
    const blockIndex = u32le(header, 16);
    const flags = u32le(header, 24);
    if (((flags >>> 31) & 1) === 1) notHandled(); // DSD
    if (blockIndex === 0 && !format) format = streamFormat(header, flags);
    const rest = blockSize - 24;
    if (rest < 0) notHandled();
    if (blockIndex === 0) skipSubBlocks(c, rest);
    else c.ignore(rest);
    if (u32le(header, 20) > 0) audioBytes += blockSize;
  } while (file.size - c.position >= 32);
  // Without a first block music-metadata finds no stream at all.
  if (!format) return notHandled();
  if (format.duration) format = { ...format, bitrate: (audioBytes * 8) / format.duration };
  const tags = new CommonTags();
  readApeTagAt(c, tags);
  return { format, common: tags.fields(), genreStyle: tags.genreStyle };
}

function streamFormat(header: Uint8Array, flags: number): FormatFields {
  const sampleRate = SAMPLE_RATES[(flags >>> 23) & 0xf] as number;
  return {
    container: 'WavPack',
    codec: 'PCM',
    sampleRate,
    duration: u32le(header, 12) / sampleRate,
    numberOfChannels: ((flags >>> 2) & 1) === 1 ? 1 : 2,
  };
}

/** parseMetadataSubBlock: skipped, with music-metadata's checks. */
function skipSubBlocks(c: Cursor, length: number): void {
  let left = length;
  while (left > 1) {
    const id = u8(c.read(1), 0);
    const large = (id & 0x80) !== 0;
    const odd = (id & 0x40) !== 0;
    const words = large ? u24le(c.read(3), 0) : u8(c.read(1), 0);
    const dataLength = words * 2 - (odd ? 1 : 0);
    if (dataLength < 0 || (id & 0x3f) === 0xe) notHandled();
    c.read(dataLength);
    left -= 1 + (large ? 3 : 1) + words * 2;
    if (odd) c.ignore(1);
  }
  if (left !== 0) notHandled();
}
