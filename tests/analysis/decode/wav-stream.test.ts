import { describe, expect, it } from 'vitest';
import { downmixStereo, FloatWavDownmixer } from '../../../core/analysis/decode/wav-stream.js';
import { expectSameBits } from '../helpers/audio.js';

/** A float32 WAV stream as ffmpeg writes it to a pipe, with an extra chunk so the data starts at an odd offset. */
function floatWav(channels: number, frames: number, seed: number): { bytes: Buffer; samples: Float32Array } {
  let s = seed;
  const samples = Float32Array.from(
    { length: channels * frames },
    () => (s = (s * 1103515245 + 12345) % 2147483648) / 1073741824 - 1,
  );
  const fmt = Buffer.alloc(8 + 16);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(3, 8); // IEEE float
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(22050, 12);
  fmt.writeUInt32LE(22050 * 4 * channels, 16);
  fmt.writeUInt16LE(4 * channels, 20);
  fmt.writeUInt16LE(32, 22);
  const extra = Buffer.from('LIST\x0a\x00\x00\x00abcdefghij', 'latin1'); // 18 bytes: data starts at 2 mod 4
  const data = Buffer.alloc(8);
  data.write('data', 0, 'latin1');
  data.writeUInt32LE(0xffffffff, 4); // a pipe: size unknown
  const head = Buffer.concat([Buffer.from('RIFF\xff\xff\xff\xffWAVE', 'latin1'), fmt, extra, data]);
  return { bytes: Buffer.concat([head, Buffer.from(samples.buffer)]), samples };
}

function feed(bytes: Buffer, sizes: readonly number[], options = {}): FloatWavDownmixer {
  const sink = new FloatWavDownmixer(options);
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    // Each chunk in a buffer of its own, as a pipe delivers them.
    sink.write(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  return sink;
}

describe('FloatWavDownmixer', () => {
  it('gives the channel mean of every frame, however the stream is cut into chunks', () => {
    for (const channels of [1, 2, 6]) {
      const frames = 5000;
      const { bytes, samples } = floatWav(channels, frames, channels);
      const want = Float32Array.from({ length: frames }, (_, t) => {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += samples[t * channels + c]!;
        return sum / channels;
      });
      for (const sizes of [[bytes.length], [65536], [1], [3, 5, 7], [4097, 2, 13]]) {
        const sink = feed(bytes, sizes);
        expect(sink.channels).toBe(channels);
        expect(sink.totalFrames).toBe(frames);
        const got = sink.finish();
        expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer))).toBe(true);
      }
    }
  });

  it('skips and keeps the frames asked for across chunk boundaries', () => {
    const { bytes } = floatWav(2, 3000, 9);
    const whole = feed(bytes, [bytes.length]).finish();
    const sink = feed(bytes, [7, 4096, 3], { skipFrames: 123, maxFrames: 1000 });
    expect(sink.keptFrames).toBe(1000);
    expect(sink.full).toBe(true);
    expect(Array.from(sink.finish())).toEqual(Array.from(whole.subarray(123, 1123)));
  });

  it('averages stereo with the bits of the general rule, signed zeros and extremes included', () => {
    const pairs = [
      [-0, -0],
      [-0, 0],
      [0, -0],
      [3.4028234663852886e38, 3.4028234663852886e38],
      [1.401298464324817e-45, -0],
      [-1.401298464324817e-45, 1.401298464324817e-45],
      [0.1, 0.2],
    ];
    const { bytes } = floatWav(2, pairs.length, 1);
    const head = bytes.length - pairs.length * 8;
    pairs.flat().forEach((v, i) => bytes.writeFloatLE(v, head + 4 * i));
    const got = feed(bytes, [bytes.length]).finish();
    const want = Float32Array.from(pairs, ([l, r]) => {
      let sum = 0;
      sum += l!;
      sum += r!;
      return sum / 2;
    });
    expect(Array.from(got).map((v, i) => Object.is(v, want[i]))).toEqual(pairs.map(() => true));
  });
});

describe('downmixStereo by the SIMD kernel', () => {
  it('gives the bits of the loop, signed zeros, extremes and subnormals included', () => {
    let seed = 9;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const awkward = [
      0,
      -0,
      3.4028234663852886e38,
      -3.4028234663852886e38,
      1.401298464324817e-45,
      -1.401298464324817e-45,
      1,
      -1,
      Infinity,
      -Infinity,
    ];
    for (const frames of [4095, 4096, 4097, 4099, 30_000, 661_503]) {
      const noise = Float32Array.from({ length: 2 * frames }, () => 2 * rand() - 1);
      // Every pair of awkward values in turn (−0 with −0 among them), then tiny values.
      const pairs = awkward.length * awkward.length;
      const rough = Float32Array.from({ length: 2 * frames }, (_, i) => {
        const frame = i >> 1;
        if (frame % (2 * pairs) >= pairs) return (2 * rand() - 1) * 1e-40;
        const pair = frame % pairs;
        return awkward[i % 2 === 0 ? Math.floor(pair / awkward.length) : pair % awkward.length]!;
      });
      for (const samples of [noise, rough]) {
        const fast = new Float32Array(frames + 3);
        const scalar = new Float32Array(frames + 3);
        expect(downmixStereo(samples, fast, 3)).toBe(frames + 3);
        expect(downmixStereo(samples, scalar, 3, 'scalar')).toBe(frames + 3);
        expectSameBits(fast, scalar);
      }
    }
  });
});
