import { wasmStereoDownmix } from '../features/wasm/stereo-downmix.js';
import { wasmSimdAvailable, withScalarFallback } from '../features/wasm/runtime.js';
import { DecodeError } from './errors.js';

/**
 * Reads the float32 WAV stream ffmpeg writes (to its stdout as the bytes arrive, or a window's
 * file in one piece) and averages its channels into mono, keeping only the frames the caller wants. Nothing else is ever held, so a
 * window of a two-hour file costs the window's samples, and a whole-file decode costs one mono
 * float32 array rather than the interleaved multichannel stream.
 *
 * Why WAV and a mean here rather than ffmpeg's `-ac 1`: librosa.load averages the channels
 * (to_mono = mean), but ffmpeg's own stereo→mono downmix uses gains of 1/√2 when the output is
 * float (measured: a full-scale left channel with a silent right comes out at 0.707, not 0.5),
 * and its 5.1 downmix drops the LFE channel. The WAV header tells how many channels arrived, so
 * the true mean works for any layout without probing the file first.
 */
export interface DownmixOptions {
  /** Frames to drop at the start (the decoder's pre-roll). */
  readonly skipFrames?: number;
  /** Frames to keep after the skipped ones; the rest is counted but discarded. */
  readonly maxFrames?: number;
}

const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** A whole-file decode starts with room for a minute and doubles from there. */
const INITIAL_CAPACITY = 22_050 * 60;

export class FloatWavDownmixer {
  private readonly skip: number;
  private readonly max: number;
  private pending: Buffer | undefined = Buffer.alloc(0);
  private remainder: Buffer | undefined;
  private channelCount = 0;
  private rate = 0;
  private framesSeen = 0;
  private out = new Float32Array(0);
  private length = 0;

  constructor(options: DownmixOptions = {}) {
    this.skip = Math.max(0, Math.floor(options.skipFrames ?? 0));
    this.max = Math.max(0, Math.floor(options.maxFrames ?? Number.POSITIVE_INFINITY));
  }

  /** Whether the header has been read (ffmpeg produced an audio stream). */
  get started(): boolean {
    return this.pending === undefined;
  }

  get channels(): number {
    return this.channelCount;
  }

  get sampleRate(): number {
    return this.rate;
  }

  /** Every frame the stream carried, kept or not. */
  get totalFrames(): number {
    return this.framesSeen;
  }

  /** Frames kept so far. */
  get keptFrames(): number {
    return this.length;
  }

  /** Whether every wanted frame has arrived, so the producer may be stopped early. */
  get full(): boolean {
    return this.framesSeen >= this.skip + this.max;
  }

  write(chunk: Buffer): void {
    if (this.pending !== undefined) {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      const dataStart = this.parseHeader(this.pending);
      if (dataStart === undefined) return;
      const rest = this.pending.subarray(dataStart);
      this.pending = undefined;
      if (rest.length > 0) this.consume(rest);
      return;
    }
    this.consume(chunk);
  }

  /** The kept mono samples, trimmed to their length. */
  finish(): Float32Array {
    return this.length === this.out.length ? this.out : this.out.slice(0, this.length);
  }

  /** Returns the offset where sample data begins, or undefined while the header is incomplete. */
  private parseHeader(buf: Buffer): number | undefined {
    if (buf.length < 12) return undefined;
    if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
      throw new DecodeError('ffmpeg-failed', 'ffmpeg produced unexpected output (not a WAV stream)');
    }
    let offset = 12;
    while (offset + 8 <= buf.length) {
      const id = buf.toString('latin1', offset, offset + 4);
      const size = buf.readUInt32LE(offset + 4);
      if (id === 'data') {
        if (this.channelCount === 0)
          throw new DecodeError('ffmpeg-failed', 'ffmpeg produced a WAV stream without a format chunk');
        return offset + 8;
      }
      if (offset + 8 + size > buf.length) return undefined;
      if (id === 'fmt ') this.readFormat(buf, offset + 8, size);
      offset += 8 + size + (size & 1);
    }
    return undefined;
  }

  private readFormat(buf: Buffer, at: number, size: number): void {
    if (size < 16) throw new DecodeError('ffmpeg-failed', 'ffmpeg produced a truncated WAV format chunk');
    let code = buf.readUInt16LE(at);
    const channels = buf.readUInt16LE(at + 2);
    const rate = buf.readUInt32LE(at + 4);
    const bits = buf.readUInt16LE(at + 14);
    if (code === WAVE_FORMAT_EXTENSIBLE && size >= 26) code = buf.readUInt16LE(at + 24);
    if (code !== WAVE_FORMAT_IEEE_FLOAT || bits !== 32 || channels < 1) {
      throw new DecodeError(
        'ffmpeg-failed',
        `ffmpeg produced WAV format ${code}/${bits} bits/${channels} channels, expected float32`,
      );
    }
    this.channelCount = channels;
    this.rate = rate;
  }

  private consume(data: Buffer): void {
    let buf = data;
    const frameBytes = 4 * this.channelCount;
    if (this.remainder) {
      // Complete the frame split across chunks on its own, then read the chunk where it stands:
      // concatenating every chunk to its predecessor's few leftover bytes copied the whole stream.
      const need = frameBytes - this.remainder.length;
      const joined = Buffer.concat([this.remainder, data.subarray(0, need)]);
      this.remainder = undefined;
      if (joined.length < frameBytes) {
        this.remainder = joined;
        return;
      }
      this.consumeFrames(joined);
      buf = data.subarray(need);
    }
    this.consumeFrames(buf);
  }

  /** Downmixes the whole frames of buf and keeps what is left over for the next chunk. */
  private consumeFrames(buf: Buffer): void {
    const channels = this.channelCount;
    const frameBytes = 4 * channels;
    const frames = Math.floor(buf.length / frameBytes);
    const used = frames * frameBytes;
    if (used < buf.length) this.remainder = Buffer.from(buf.subarray(used));
    const first = this.framesSeen;
    this.framesSeen += frames;
    const from = Math.max(first, this.skip);
    const to = Math.min(first + frames, this.skip + this.max);
    if (to <= from) return;
    const samples = floats(buf, (from - first) * channels, (to - from) * channels);
    this.reserve(this.length + (to - from));
    const out = this.out;
    let k = this.length;
    if (channels === 1) {
      out.set(samples, k);
      k += samples.length;
    } else if (channels === 2) {
      k = downmixStereo(samples, out, k);
    } else {
      for (let i = 0; i < samples.length; i += channels) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += samples[i + c]!;
        out[k++] = sum / channels;
      }
    }
    this.length = k;
  }

  private reserve(needed: number): void {
    if (needed <= this.out.length) return;
    let capacity = Math.max(this.out.length * 2, INITIAL_CAPACITY, needed);
    if (Number.isFinite(this.max)) capacity = Math.min(capacity, Math.max(this.max, needed));
    const grown = new Float32Array(capacity);
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
  }
}

/** Below this many frames a chunk is mixed by the loop: copying it to the kernel costs more. */
const KERNEL_MIN_FRAMES = 4096;

/**
 * Mixes interleaved stereo `samples` down into `out` from `at`, returning the index after the last
 * sample written: the general loop's very operations ((0 + left) + right, halved), without its
 * inner loop, since nearly every file is stereo and this touches every sample of every window.
 * Large chunks go to the SIMD kernel (wasm/stereo-downmix.ts: the same bits) where it runs.
 */
export function downmixStereo(
  samples: Float32Array,
  out: Float32Array,
  at: number,
  engine: 'auto' | 'scalar' = 'auto',
): number {
  const frames = samples.length >> 1;
  let done = 0;
  if (engine === 'auto' && frames >= KERNEL_MIN_FRAMES && wasmSimdAvailable())
    done = withScalarFallback(
      () => wasmStereoDownmix(samples, frames, out, at),
      () => 0,
    );
  let k = at + done;
  for (let i = 2 * done; i < 2 * frames; i += 2) out[k++] = (0 + samples[i]! + samples[i + 1]!) / 2;
  return k;
}

/** A float32 view of `count` samples starting at sample `start`, copying only when misaligned. */
function floats(buf: Buffer, start: number, count: number): Float32Array {
  const byteOffset = buf.byteOffset + start * 4;
  if (byteOffset % 4 === 0) return new Float32Array(buf.buffer, byteOffset, count);
  const copy = new Float32Array(count);
  new Uint8Array(copy.buffer).set(buf.subarray(start * 4, (start + count) * 4));
  return copy;
}
