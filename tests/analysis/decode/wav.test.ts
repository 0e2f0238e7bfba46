import { describe, expect, it } from 'vitest';
import { readWav, WavFormatError } from '../../../core/analysis/decode/wav.js';

/** A RIFF/WAVE file with a fmt chunk (optionally WAVE_FORMAT_EXTENSIBLE), an odd-sized extra chunk and data. */
function wav(
  format: number,
  channels: number,
  sampleRate: number,
  bits: number,
  data: Uint8Array,
  extensible = false,
): Uint8Array {
  const fmtSize = extensible ? 40 : 16;
  const junk = Uint8Array.from([1, 2, 3]); // odd size → one pad byte
  const size = 12 + 8 + fmtSize + 8 + junk.length + 1 + 8 + data.length;
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  const str = (o: number, s: string) => [...s].forEach((ch, i) => v.setUint8(o + i, ch.charCodeAt(0)));
  str(0, 'RIFF');
  v.setUint32(4, size - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, extensible ? 0xfffe : format, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, (sampleRate * channels * bits) / 8, true);
  v.setUint16(32, (channels * bits) / 8, true);
  v.setUint16(34, bits, true);
  if (extensible) {
    v.setUint16(36, 22, true);
    v.setUint16(38, bits, true);
    v.setUint16(44, format, true); // sub-format GUID starts with the format code
  }
  let o = 20 + fmtSize;
  str(o, 'LIST');
  v.setUint32(o + 4, junk.length, true);
  buf.set(junk, o + 8);
  o += 8 + junk.length + 1;
  str(o, 'data');
  v.setUint32(o + 4, data.length, true);
  buf.set(data, o + 8);
  return buf;
}

function bytes(n: number, fill: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(n);
  fill(new DataView(b.buffer));
  return b;
}

describe('readWav', () => {
  it('scales int16 by 1/32768 and averages channels', () => {
    const data = bytes(8, (v) => {
      v.setInt16(0, 16384, true);
      v.setInt16(2, -32768, true);
      v.setInt16(4, 32767, true);
      v.setInt16(6, 32767, true);
    });
    const a = readWav(wav(1, 2, 44100, 16, data));
    expect(a.sampleRate).toBe(44100);
    expect(a.channels).toBe(2);
    expect(Array.from(a.samples)).toEqual([Math.fround((0.5 - 1) / 2), Math.fround(32767 / 32768)]);
  });

  it('reads 8-bit unsigned, 24-bit and 32-bit integer PCM', () => {
    expect(Array.from(readWav(wav(1, 1, 8000, 8, Uint8Array.from([128, 0, 255]))).samples)).toEqual([
      0,
      -1,
      Math.fround(127 / 128),
    ]);
    const d24 = Uint8Array.from([0x00, 0x00, 0x40, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff]); // 2^22, −2^23, −1
    expect(Array.from(readWav(wav(1, 1, 22050, 24, d24)).samples)).toEqual([0.5, -1, Math.fround(-1 / 8388608)]);
    const d32 = bytes(8, (v) => {
      v.setInt32(0, -1073741824, true);
      v.setInt32(4, 1, true);
    });
    expect(Array.from(readWav(wav(1, 1, 22050, 32, d32)).samples)).toEqual([-0.5, Math.fround(1 / 2147483648)]);
  });

  it('reads IEEE float, also inside WAVE_FORMAT_EXTENSIBLE', () => {
    const f32 = bytes(8, (v) => {
      v.setFloat32(0, 0.25, true);
      v.setFloat32(4, -0.75, true);
    });
    expect(Array.from(readWav(wav(3, 1, 48000, 32, f32)).samples)).toEqual([0.25, -0.75]);
    expect(Array.from(readWav(wav(3, 2, 48000, 32, f32, true)).samples)).toEqual([-0.25]);
    const f64 = bytes(8, (v) => v.setFloat64(0, 0.125, true));
    expect(Array.from(readWav(wav(3, 1, 48000, 64, f64)).samples)).toEqual([0.125]);
  });

  it('reads what is there when the data chunk claims more than the file holds', () => {
    const file = wav(
      1,
      1,
      22050,
      16,
      bytes(4, (v) => v.setInt16(0, 8192, true)),
    );
    const truncated = file.subarray(0, file.length - 1); // half a sample short
    expect(Array.from(readWav(truncated).samples)).toEqual([0.25]);
  });

  it('rejects non-WAV input and unsupported encodings with WavFormatError', () => {
    expect(() => readWav(new TextEncoder().encode('ID3 not a wav file'))).toThrow(WavFormatError);
    expect(() => readWav(wav(2, 1, 22050, 4, new Uint8Array(4)))).toThrow(/unsupported WAV encoding/);
    expect(() => readWav(wav(1, 1, 22050, 16, new Uint8Array(0)).subarray(0, 36))).toThrow(/no data chunk/);
  });
});
