/**
 * A small pure RIFF/WAVE PCM reader, so the oracle test and fixtures need no ffmpeg. Integer PCM is
 * scaled the way libsndfile (and so librosa.load) does it — x / 2^(bits−1), 8-bit unsigned
 * centred at 128 — and channels are averaged to mono like librosa.to_mono. The sample rate is
 * reported, not converted: resampling is the ffmpeg decoder's job.
 */

export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
}

export interface WavAudio {
  readonly sampleRate: number;
  readonly channels: number;
  /** Mono (channel mean), float32 in [-1, 1). */
  readonly samples: Float32Array;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

interface Format {
  readonly code: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bits: number;
}

function fourcc(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function parseFormat(view: DataView, offset: number, size: number): Format {
  if (size < 16) throw new WavFormatError(`fmt chunk too short (${size} bytes)`);
  let code = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bits = view.getUint16(offset + 14, true);
  if (code === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) throw new WavFormatError('WAVE_FORMAT_EXTENSIBLE fmt chunk too short');
    // The sub-format GUID starts with the ordinary format code.
    code = view.getUint16(offset + 24, true);
  }
  if (channels < 1) throw new WavFormatError('no channels');
  if (sampleRate < 1) throw new WavFormatError('sample rate is 0');
  return { code, channels, sampleRate, blockAlign, bits };
}

type SampleReader = (view: DataView, offset: number) => number;

function sampleReader(f: Format): SampleReader {
  if (f.code === WAVE_FORMAT_PCM) {
    switch (f.bits) {
      case 8:
        return (v, o) => (v.getUint8(o) - 128) / 128;
      case 16:
        return (v, o) => v.getInt16(o, true) / 32768;
      case 24:
        return (v, o) => (v.getUint8(o) | (v.getUint8(o + 1) << 8) | (v.getInt8(o + 2) << 16)) / 8388608;
      case 32:
        return (v, o) => v.getInt32(o, true) / 2147483648;
    }
  } else if (f.code === WAVE_FORMAT_IEEE_FLOAT) {
    if (f.bits === 32) return (v, o) => v.getFloat32(o, true);
    if (f.bits === 64) return (v, o) => v.getFloat64(o, true);
  }
  throw new WavFormatError(`unsupported WAV encoding: format ${f.code}, ${f.bits} bits`);
}

export function readWav(buffer: Uint8Array): WavAudio {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buffer.byteLength < 12 || fourcc(view, 0) !== 'RIFF' || fourcc(view, 8) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  let format: Format | undefined;
  let offset = 12;
  while (offset + 8 <= buffer.byteLength) {
    const id = fourcc(view, offset);
    const declared = view.getUint32(offset + 4, true);
    const body = offset + 8;
    // Streamed files may declare 0 or 0xFFFFFFFF for data; read what is there.
    const size = Math.min(declared, buffer.byteLength - body);
    if (id === 'fmt ') {
      format = parseFormat(view, body, size);
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('data chunk before fmt chunk');
      return decodeData(view, body, declared === 0 ? buffer.byteLength - body : size, format);
    }
    offset = body + size + (size & 1); // chunks are word-aligned
  }
  throw new WavFormatError(format ? 'no data chunk' : 'no fmt chunk');
}

function decodeData(view: DataView, start: number, size: number, f: Format): WavAudio {
  const read = sampleReader(f);
  const bytesPerSample = f.bits / 8;
  const blockAlign = f.blockAlign || bytesPerSample * f.channels;
  if (!Number.isInteger(bytesPerSample) || blockAlign < bytesPerSample * f.channels) {
    throw new WavFormatError(`inconsistent block alignment ${blockAlign} for ${f.channels} × ${f.bits} bits`);
  }
  const frames = Math.floor(size / blockAlign);
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const frameStart = start + i * blockAlign;
    let sum = 0;
    for (let c = 0; c < f.channels; c++) sum += read(view, frameStart + c * bytesPerSample);
    samples[i] = f.channels === 1 ? sum : sum / f.channels;
  }
  return { sampleRate: f.sampleRate, channels: f.channels, samples };
}
