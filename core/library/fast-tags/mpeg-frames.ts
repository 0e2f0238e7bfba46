import { ascii, bitField, bitSet, bytesAt, Cursor, notHandled, u32be, type FileBytes } from './bytes.js';

/**
 * The first frames of an MPEG audio stream, walked the way music-metadata's MpegParser walks
 * them without its `duration` option: sync on 0xFF + three set bits, parse the 4-byte header
 * (a bad one: skip a byte and sync again), read the side information and a Xing/Info/LAME
 * header in the first frame, stop at the fourth frame. Every step and its odd corners (false
 * syncs inside the Xing frame, the frame counter reset after a failed header) kept, since they
 * decide the numbers. Not handled: an ADTS header, a stream that ends within 1 KiB of a sync
 * (music-metadata's look-ahead buffer then holds stale bytes), anything outside the bytes at hand.
 */

export interface MpegStream {
  container?: string;
  codec?: string;
  codecProfile?: string;
  sampleRate?: number;
  numberOfChannels?: number;
  bitrate?: number;
  duration?: number;
  /** Where the first frame began (MpegParser.mpegOffset). */
  mpegOffset: number | null;
  /** The last frame's size in bytes. */
  frameSize: number;
  /** Samples per frame, set when four frames shared one bitrate (constant bitrate). */
  samplesPerFrame: number | null;
}

interface FrameHeader {
  readonly version: number;
  readonly layer: number;
  readonly bitrate: number;
  readonly samplingRate: number;
  readonly padding: boolean;
  readonly channelModeIndex: number;
  readonly protectedByCrc: boolean;
}

const VERSION_ID = [2.5, null, 2, 1] as const;
const LAYER = [0, 3, 2, 1] as const;
/** kbps by bitrate index, then by 10 × floor(version) + layer. */
const BITRATE: Readonly<Record<number, Readonly<Record<number, number>>>> = {
  1: { 11: 32, 12: 32, 13: 32, 21: 32, 22: 8, 23: 8 },
  2: { 11: 64, 12: 48, 13: 40, 21: 48, 22: 16, 23: 16 },
  3: { 11: 96, 12: 56, 13: 48, 21: 56, 22: 24, 23: 24 },
  4: { 11: 128, 12: 64, 13: 56, 21: 64, 22: 32, 23: 32 },
  5: { 11: 160, 12: 80, 13: 64, 21: 80, 22: 40, 23: 40 },
  6: { 11: 192, 12: 96, 13: 80, 21: 96, 22: 48, 23: 48 },
  7: { 11: 224, 12: 112, 13: 96, 21: 112, 22: 56, 23: 56 },
  8: { 11: 256, 12: 128, 13: 112, 21: 128, 22: 64, 23: 64 },
  9: { 11: 288, 12: 160, 13: 128, 21: 144, 22: 80, 23: 80 },
  10: { 11: 320, 12: 192, 13: 160, 21: 160, 22: 96, 23: 96 },
  11: { 11: 352, 12: 224, 13: 192, 21: 176, 22: 112, 23: 112 },
  12: { 11: 384, 12: 256, 13: 224, 21: 192, 22: 128, 23: 128 },
  13: { 11: 416, 12: 320, 13: 256, 21: 224, 22: 144, 23: 144 },
  14: { 11: 448, 12: 384, 13: 320, 21: 256, 22: 160, 23: 160 },
};
const SAMPLE_RATE: Readonly<Record<number, readonly number[]>> = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  2.5: [11025, 12000, 8000],
};
const SAMPLES_PER_FRAME = [
  [0, 384, 1152, 1152],
  [0, 384, 1152, 576],
] as const;
const SYNC_PEEK = 1024;

/** The walk's position and MpegParser's counters. */
class Walker extends Cursor {
  frameCount = 0;
  syncFrameCount = -1;
  offset = 0;
  readonly bitrates: number[] = [];
  header: FrameHeader | undefined;
  readonly out: MpegStream = { mpegOffset: null, frameSize: 0, samplesPerFrame: null };
}

export function walkMpeg(file: FileBytes, start: number): MpegStream {
  const w = new Walker(file, start);
  do sync(w);
  while (!commonHeader(w));
  return w.out;
}

/** MpegParser.sync: leaves the position on the byte after a 0xFF that starts a frame header. */
function sync(w: Walker): void {
  let gotFirstSync = false;
  for (;;) {
    if (w.file.size - w.position < SYNC_PEEK) notHandled();
    const peek = bytesAt(w.file, w.position, SYNC_PEEK);
    let bo = 0;
    for (;;) {
      if (gotFirstSync && bo < SYNC_PEEK && ((peek[bo] as number) & 0xe0) === 0xe0) {
        w.position += bo;
        if (w.syncFrameCount === w.frameCount) {
          w.frameCount = 0;
          w.out.frameSize = 0;
        }
        w.syncFrameCount = w.frameCount;
        return;
      }
      gotFirstSync = false;
      bo = peek.indexOf(0xff, bo);
      if (bo === -1) {
        w.position += SYNC_PEEK;
        break;
      }
      ++bo;
      gotFirstSync = true;
    }
  }
}

/** parseCommonMpegHeader: true once the walk is done. */
function commonHeader(w: Walker): boolean {
  if (w.frameCount === 0) w.out.mpegOffset = w.position - 1;
  const bytes = bytesAt(w.file, w.position, 3);
  const buf = Uint8Array.of(0xff, bytes[0] as number, bytes[1] as number, bytes[2] as number);
  const header = frameHeader(buf);
  if (!header) {
    w.ignore(1);
    return false;
  }
  w.ignore(3);
  w.out.container = 'MPEG';
  w.out.codec = `MPEG ${header.version} Layer ${header.layer}`;
  w.out.sampleRate = header.samplingRate;
  w.frameCount++;
  return audioFrameHeader(w, header);
}

/** MpegFrameHeader's constructor: undefined where it throws; ADTS not handled. */
function frameHeader(buf: Uint8Array): FrameHeader | undefined {
  const versionIndex = bitField(buf, 1, 3, 2);
  const layer = LAYER[bitField(buf, 1, 5, 2)] as number;
  if (versionIndex > 1 && layer === 0) notHandled();
  const bitrateIndex = bitField(buf, 2, 0, 4);
  const sampleRateIndex = bitField(buf, 2, 4, 2);
  const version = VERSION_ID[versionIndex] ?? null;
  if (bitrateIndex === 0 || bitrateIndex === 15 || version === null) return undefined;
  const kbps = BITRATE[bitrateIndex]?.[10 * Math.floor(version) + layer];
  if (!kbps) return undefined;
  if (sampleRateIndex === 3) return undefined;
  const samplingRate = SAMPLE_RATE[version]?.[sampleRateIndex];
  if (samplingRate === undefined) return undefined;
  return {
    version,
    layer,
    bitrate: kbps * 1000,
    samplingRate,
    padding: bitSet(buf, 2, 6),
    channelModeIndex: bitField(buf, 3, 0, 2),
    protectedByCrc: !bitSet(buf, 1, 7),
  };
}

function samplesPerFrame(h: FrameHeader): number {
  return SAMPLES_PER_FRAME[h.version === 1 ? 0 : 1][h.layer] as number;
}

/** parseAudioFrameHeader. */
function audioFrameHeader(w: Walker, h: FrameHeader): boolean {
  w.out.numberOfChannels = h.channelModeIndex === 3 ? 1 : 2;
  w.out.bitrate = h.bitrate;
  const slotSize = [0, 4, 1, 1][h.layer] as number;
  const spf = samplesPerFrame(h);
  w.out.frameSize = Math.floor(((spf / 8) * h.bitrate) / h.samplingRate + (h.padding ? slotSize : 0));
  w.header = h;
  w.bitrates.push(h.bitrate);
  if (w.frameCount === 1) {
    w.offset = 4;
    skipSideInformation(w);
    return false;
  }
  if (w.frameCount === 4) {
    if (w.bitrates.every((b) => b === w.bitrates[0])) {
      w.out.samplesPerFrame = spf;
      w.out.codecProfile = 'CBR';
    }
    return true;
  }
  w.offset = 4;
  if (h.protectedByCrc) {
    w.ignore(2);
    w.offset += 2;
  }
  skipSideInformation(w);
  return false;
}

function sideInfoLength(h: FrameHeader): number {
  if (h.layer !== 3) return 2;
  if (h.channelModeIndex === 3) return h.version === 1 ? 17 : 9;
  return h.version === 1 ? 32 : 17;
}

function skipSideInformation(w: Walker): void {
  if (!w.header) return;
  const length = sideInfoLength(w.header);
  w.read(length);
  w.offset += length;
  readXtraInfoHeader(w);
}

function readXtraInfoHeader(w: Walker): void {
  const tag = ascii(w.read(4), 0, 4);
  w.offset += 4;
  if (tag === 'Info') {
    w.out.codecProfile = 'CBR';
    readXingInfoHeader(w);
    return;
  }
  if (tag === 'Xing') {
    const vbrScale = readXingInfoHeader(w);
    if (vbrScale !== null) w.out.codecProfile = `V${Math.floor((100 - vbrScale) / 10)}`;
    return;
  }
  if (tag === 'LAME') {
    w.read(6);
    if (w.out.frameSize >= w.offset + 6) {
      w.offset += 6;
      skipFrameData(w, w.out.frameSize - w.offset);
      return;
    }
  }
  const left = w.out.frameSize - w.offset;
  if (left >= 0) skipFrameData(w, left);
}

/** readXingInfoHeader (with XingTag's readXingHeader); returns the VBR scale, null without one. */
function readXingInfoHeader(w: Walker): number | null {
  const start = w.position;
  const flags = w.read(4);
  const numFrames = bitSet(flags, 0, 31) ? u32be(w.read(4), 0) : null;
  const streamSize = bitSet(flags, 0, 30) ? u32be(w.read(4), 0) : null;
  if (bitSet(flags, 0, 29)) w.read(100);
  const vbrScale = bitSet(flags, 0, 28) ? u32be(w.read(4), 0) : null;
  if (ascii(bytesAt(w.file, w.position, 4), 0, 4) === 'LAME') {
    w.ignore(4);
    const version = ascii(w.read(5), 0, 5);
    if (lameExtended(version)) w.out.duration = u32be(w.read(27), 20) / 1000;
  }
  w.offset += w.position - start;
  if (streamSize && w.header && numFrames !== null) {
    w.out.duration = (numFrames * samplesPerFrame(w.header)) / w.header.samplingRate;
    return vbrScale;
  }
  skipFrameData(w, w.out.frameSize - w.offset);
  return vbrScale;
}

/** Whether XingTag reads the extended LAME header after this version string. */
function lameExtended(version: string): boolean {
  const match = version.match(/\d+.\d+/g);
  if (match === null) return false;
  const parts = (match[0] as string).split('.').map((n) => Number.parseInt(n, 10));
  return (parts[0] as number) >= 3 && (parts[1] as number) >= 90;
}

function skipFrameData(w: Walker, left: number): void {
  if (left < 0) notHandled();
  w.ignore(left);
}
