import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { resolveFfmpeg, type FfmpegBinary } from '../../../core/analysis/decode/ffmpeg-binary.js';
import type { DecodePlan } from '../../../core/analysis/decode/ffmpeg.js';
import { FloatWavDownmixer } from '../../../core/analysis/decode/wav-stream.js';

/** The ffmpeg shipped in node_modules (never Debian's): `npm test` must not need a system ffmpeg. */
export function bundledFfmpeg(): FfmpegBinary {
  const ffmpeg = resolveFfmpeg({ env: {} });
  if (ffmpeg.source !== 'bundled') throw new Error(`expected the bundled ffmpeg, got ${ffmpeg.source} ${ffmpeg.path}`);
  return ffmpeg;
}

/**
 * A deterministic test signal: a few partials that change every second, plus LCG noise, so
 * windows at different offsets hold different samples and any misalignment shows.
 */
export function synthSignal(seconds: number, sampleRate: number, seed = 1): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const y = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const noise = state / 2 ** 32 - 0.5;
    const t = i / sampleRate;
    const step = Math.floor(t);
    const f0 = 110 * 2 ** (((step * 7 + seed) % 12) / 12);
    y[i] = 0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.15 * Math.sin(2 * Math.PI * 3.01 * f0 * t) + 0.1 * noise;
  }
  return y;
}

/** Writes a RIFF/WAVE file; int16 samples are round(x · 32767) like most encoders. */
export function writeWav(
  path: string,
  channels: readonly Float32Array[],
  sampleRate: number,
  encoding: 'int16' | 'float32' = 'int16',
): void {
  const nch = channels.length;
  const frames = channels[0]!.length;
  const bytes = encoding === 'int16' ? 2 : 4;
  const dataSize = frames * nch * bytes;
  const buf = Buffer.alloc(44 + dataSize);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + dataSize, 4);
  buf.write('WAVE', 8, 'latin1');
  buf.write('fmt ', 12, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(encoding === 'int16' ? 1 : 3, 20);
  buf.writeUInt16LE(nch, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * nch * bytes, 28);
  buf.writeUInt16LE(nch * bytes, 32);
  buf.writeUInt16LE(bytes * 8, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(dataSize, 40);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const x = channels[c]![i]!;
      if (encoding === 'int16') buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(x * 32767))), offset);
      else buf.writeFloatLE(x, offset);
      offset += bytes;
    }
  }
  writeFileSync(path, buf);
}

/** Encodes `input` to `output` with the bundled ffmpeg (argument array, no shell). */
export function encode(input: string, output: string, codecArgs: readonly string[] = []): void {
  const ffmpeg = bundledFfmpeg();
  const run = spawnSync(
    ffmpeg.path,
    ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', input, ...codecArgs, output],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`ffmpeg encode failed: ${run.stderr}`);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export function rms(y: Float32Array): number {
  let s = 0;
  for (const x of y) s += x * x;
  return Math.sqrt(s / Math.max(1, y.length));
}

/** Bit-for-bit equality of two sample arrays (vitest's deep equality is slow on millions of elements). */
export function expectSameBits(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const bits = (y: Float32Array): Buffer => Buffer.from(y.buffer, y.byteOffset, y.byteLength);
  expect(bits(a).equals(bits(b))).toBe(true);
}

/** The samples the decoder keeps of ffmpeg run with `args` writing to a pipe, for `plan`'s window. */
export function decodeThroughPipe(args: readonly string[], plan: DecodePlan): Float32Array {
  const run = spawnSync(bundledFfmpeg().path, args, { maxBuffer: 1 << 28 });
  expect(run.status).toBe(0);
  const sink = new FloatWavDownmixer(plan.downmix);
  sink.write(run.stdout);
  return sink.finish();
}
