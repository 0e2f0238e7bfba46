/**
 * Decodes audio through an ffmpeg subprocess into mono float32 at 22,050 Hz, as librosa.load
 * does (channel mean, then high-quality resampling; int16 → x/32768 exactly).
 *
 * Why ffmpeg, measured on this project's target machine: one ffmpeg subprocess decodes and
 * resamples a 4-minute 44.1 kHz MP3 in ~0.7 s, reads every format the scanner accepts (Opus and
 * m4a with the index at the end included), and seeks, so only the analysed windows are decoded
 * and memory stays bounded on a two-hour mix. node-web-audio-api is fast but cannot decode Opus
 * or m4a whose moov atom comes last; audio-decode (WASM) reads everything but holds the whole
 * file in memory and takes ~1 s per 4-minute MP3. A crash or hang inside ffmpeg also stays in
 * ffmpeg's process, which we can kill, instead of taking the analysis worker down.
 *
 * Processes are spawned with argument arrays (never a shell), and the input is passed as
 * `file:<absolute path>` so names that look like options (`-x.mp3`) or protocols (`a:b.mp3`,
 * `concat:…`) are read literally.
 */
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ANALYSIS_SAMPLE_RATE } from '../../../shared/features.js';
import { DecodeError, type DecodeFailureReason } from './errors.js';
import type { FfmpegBinary } from './ffmpeg-binary.js';
import { spawnFfmpeg, type FfmpegStarter } from './ffmpeg-process.js';
import { FloatWavDownmixer, type DownmixOptions } from './wav-stream.js';
import { windowOutputFile } from './window-files.js';

/** What the decoder needs to know about the binary; a worker receives this in its request. */
export type FfmpegCommand = Pick<FfmpegBinary, 'path' | 'resampler'>;

export interface Segment {
  readonly startSec: number;
  readonly durationSec: number;
}

export interface DecodeOptions {
  readonly ffmpeg: FfmpegCommand;
  readonly signal?: AbortSignal | undefined;
  /** Kill ffmpeg and fail with reason `timeout` after this long. */
  readonly timeoutMs?: number | undefined;
  /**
   * For a whole-stream decode: stop ffmpeg and fail with reason `too-long` as soon as more than
   * this many seconds have decoded, so memory stays bounded whatever the file holds.
   */
  readonly maxSec?: number | undefined;
  /** How ffmpeg is started; default: as a child of this process. */
  readonly start?: FfmpegStarter | undefined;
  /** Where a segment's samples are written (window-files.ts); default windowOutputFile. */
  readonly windowFile?: (() => string | undefined) | undefined;
}

/**
 * Audio decoded before a window's start and thrown away. Without it the first samples of a
 * window differ from the same samples in a whole-file decode: measured max error 0.18 for MP3
 * (the decoder's bit reservoir and overlap need the previous frames) and 0.01 for FLAC (the
 * resampler's filter starts from silence). With 0.1 s both vanish (≤ 1e-5, Opus/AAC included);
 * 0.2 s leaves margin.
 */
export const PREROLL_SEC = 0.2;
/** Decoded after a window's end so the resampler's flush transient falls outside the window. */
const TAIL_SEC = 0.1;

/**
 * Decodes the whole file (no segment) or one segment of it. A segment is sample-exact against a
 * whole-file decode when its start lies on the output grid and the input's (any multiple of
 * 0.1 s does for every common sample rate); a segment reaching past the end comes back shorter.
 */
export async function decodeMono(
  path: string,
  segment: Segment | undefined,
  options: DecodeOptions,
): Promise<Float32Array> {
  const { input, downmix } = decodePlan(segment, options.maxSec);
  let sink = new FloatWavDownmixer(downmix);
  // A segment's output is bounded: ffmpeg writes it to a file, read back at once (window-files.ts).
  const file = segment ? (options.windowFile ?? windowOutputFile)() : undefined;
  if (!(await runDecoder(path, input, sink, options, file))) {
    // The file could not be written (a full or vanished tmpfs): through the pipe after all.
    sink = new FloatWavDownmixer(downmix);
    await runDecoder(path, input, sink, options);
  }
  if (sink.keptFrames === 0) {
    throw new DecodeError(
      'no-audio',
      segment ? `no audio at ${seconds(segment.startSec)} s (past the end?)` : 'the audio stream decoded to no samples',
    );
  }
  return sink.finish();
}

/** How a decode is asked of ffmpeg: its input options, and which decoded frames are kept. */
export interface DecodePlan {
  readonly input: readonly string[];
  readonly downmix: DownmixOptions;
}

/** The decode of one segment (with pre-roll and tail), or of the whole stream, bounded by `maxSec`. */
export function decodePlan(segment: Segment | undefined, maxSec?: number): DecodePlan {
  const sr = ANALYSIS_SAMPLE_RATE;
  if (segment) {
    if (!(segment.startSec >= 0) || !(segment.durationSec > 0)) {
      throw new RangeError(`invalid segment ${segment.startSec}+${segment.durationSec}`);
    }
    const seek = Math.max(0, segment.startSec - PREROLL_SEC);
    return {
      input: ['-ss', seconds(seek), '-t', seconds(segment.startSec - seek + segment.durationSec + TAIL_SEC)],
      downmix: {
        skipFrames: Math.round((segment.startSec - seek) * sr),
        maxFrames: Math.round(segment.durationSec * sr),
      },
    };
  }
  // One frame more than allowed: its arrival (sink.full) is the sign the stream is too long.
  return { input: [], downmix: maxSec === undefined ? {} : { maxFrames: Math.round(maxSec * sr) + 1 } };
}

/**
 * The file's duration in seconds from its container header (what ffmpeg prints as
 * `Duration:`), or, for streams that have none (raw ADTS AAC, some broken files), by decoding
 * the audio once without keeping it. ffprobe is not used: the npm-shipped ffmpeg has none.
 */
export async function probeDuration(path: string, options: DecodeOptions): Promise<number> {
  const stderr = await runFfmpeg(['-hide_banner', '-nostdin', '-i', inputUrl(path)], undefined, options);
  const text = stderr.text;
  if (!/Stream #\d+:\d+.*?: Audio: /.test(text)) {
    const reason: DecodeFailureReason = /No such file or directory/.test(text)
      ? 'missing'
      : /Stream #\d+:\d+/.test(text)
        ? 'no-audio-stream'
        : 'unreadable';
    throw new DecodeError(reason, failureMessage(reason, text, path));
  }
  const match = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(text);
  if (match) {
    const duration = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
    if (duration > 0) return duration;
  }
  return decodedDuration(path, options);
}

/**
 * The duration the audio really has: decodes the whole stream once, counting samples without
 * keeping them. For when the header's duration cannot be trusted (an Ogg file remuxed by ffmpeg
 * with a start offset ends on a page whose granule position wrapped: a day-long "duration").
 */
export async function decodedDuration(path: string, options: DecodeOptions): Promise<number> {
  const counter = new FloatWavDownmixer({ maxFrames: 0 });
  await runDecoder(path, [], counter, options);
  return counter.totalFrames / ANALYSIS_SAMPLE_RATE;
}

function seconds(value: number): string {
  return value.toFixed(6);
}

function inputUrl(path: string): string {
  return `file:${resolve(path)}`;
}

/**
 * ffmpeg binaries (by path) that refused the one-thread options (see decoderArgs): builds before
 * 3.4 have no -filter_threads. Their decodes run with ffmpeg's default threading instead.
 */
const refusedThreadOptions = new Set<string>();
const THREAD_OPTION_REFUSED = /Unrecognized option '(?:filter_)?threads'/;

/** ffmpeg's complaints about writing its output file, rather than about the audio. */
const OUTPUT_WRITE_FAILED = /No space left on device|Disk quota exceeded|Read-only file system/;

/**
 * Decodes into `sink`, through a pipe or, given `outputFile`, through that file. Throws DecodeError
 * when ffmpeg fails on the audio; returns false (the sink then holds nothing to use) when it failed
 * only to write `outputFile`.
 */
async function runDecoder(
  path: string,
  inputOptions: readonly string[],
  sink: FloatWavDownmixer,
  options: DecodeOptions,
  outputFile?: string,
): Promise<boolean> {
  const oneThread = !refusedThreadOptions.has(options.ffmpeg.path);
  const args = decoderArgs(path, options.ffmpeg, inputOptions, outputFile ?? 'pipe:1', oneThread);
  const stderr =
    outputFile === undefined ? await runFfmpeg(args, sink, options) : await runToFile(args, outputFile, sink, options);
  if (stderr === undefined) return false;
  if (stderr.code !== 0) {
    const text = stderr.text;
    if (oneThread && !sink.started && THREAD_OPTION_REFUSED.test(text)) {
      refusedThreadOptions.add(options.ffmpeg.path);
      return runDecoder(path, inputOptions, sink, options, outputFile);
    }
    const reason: DecodeFailureReason = /No such file or directory/.test(text)
      ? 'missing'
      : /matches no streams|does not contain any stream/.test(text)
        ? 'no-audio-stream'
        : sink.started
          ? 'ffmpeg-failed'
          : 'unreadable';
    throw new DecodeError(reason, failureMessage(reason, text, path));
  }
  return true;
}

/**
 * ffmpeg's arguments for decoding `path`'s first audio stream to float32 WAV at 22,050 Hz, channels
 * kept (FloatWavDownmixer averages them), written to `output`: 'pipe:1' or a file.
 *
 * On one thread: by default ffmpeg starts up to five threads per run (the decoder's frame
 * threads, the filter graph's), and a window's 30 s of audio is too little to repay starting and
 * synchronising them: -threads 1 and -filter_threads 1 took 3–6 ms of CPU (6–11 %) off each
 * window's ffmpeg and 2–5 % off a whole-track decode, the samples the same bits (ffmpeg's threads
 * change when work is done, not what). The workers already keep every core busy. `oneThread`
 * false leaves ffmpeg's threading alone, for builds that do not know the options.
 */
export function decoderArgs(
  path: string,
  ffmpeg: FfmpegCommand,
  inputOptions: readonly string[],
  output: string,
  oneThread = true,
): string[] {
  const sr = String(ANALYSIS_SAMPLE_RATE);
  const resampler =
    ffmpeg.resampler === 'soxr'
      ? `aresample=${sr}:resampler=soxr:precision=28`
      : `aresample=${sr}:resampler=swr:filter_size=64:phase_shift=10:cutoff=0.97`;
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    ...(oneThread ? ['-threads', '1'] : []),
    ...inputOptions,
    '-i',
    inputUrl(path),
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    ...(oneThread ? ['-filter_threads', '1'] : []),
    '-af',
    resampler,
    '-ar',
    sr,
    '-c:a',
    'pcm_f32le',
    '-f',
    'wav',
    '-fflags',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    '-map_metadata',
    '-1',
    '-y',
    output,
  ];
}

/**
 * Runs ffmpeg writing to `file`, then hands the file's bytes to the sink and removes it, whatever
 * happened. After a failure the bytes only tell whether ffmpeg got as far as an audio stream;
 * undefined when what failed was writing the file.
 */
async function runToFile(
  args: readonly string[],
  file: string,
  sink: FloatWavDownmixer,
  options: DecodeOptions,
): Promise<FfmpegExit | undefined> {
  try {
    const exit = await runFfmpeg(args, undefined, options);
    if (exit.code !== 0 && (OUTPUT_WRITE_FAILED.test(exit.text) || exit.text.includes(file))) return undefined;
    const bytes = await readFile(file).catch(() => undefined);
    if (bytes === undefined) return exit;
    if (exit.code === 0) sink.write(bytes);
    else {
      try {
        sink.write(bytes);
      } catch {
        // A partial file of a failed run: its header, if any, is all that matters.
      }
    }
    return exit;
  } finally {
    await rm(file, { force: true });
  }
}

function failureMessage(reason: DecodeFailureReason, stderr: string, path: string): string {
  // ffmpeg's errors about the input are "file:<path>: <error>", component errors "[demuxer @ 0x…] <error>";
  // prefer those over the informational lines a probe also prints.
  const prefix = `${inputUrl(path)}: `;
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const inputLine = lines.filter((l) => l.startsWith(prefix)).at(-1);
  const componentLine = lines.filter((l) => l.startsWith('[')).at(-1);
  const detail = (inputLine ?? componentLine ?? '').replace(prefix, '').replace(/^\[[^\]]*\]\s*/, '');
  const what: Record<DecodeFailureReason, string> = {
    missing: 'file not found',
    unreadable: 'not a readable audio file',
    'no-audio-stream': 'the file has no audio stream',
    'no-audio': 'no audio decoded',
    'ffmpeg-failed': 'ffmpeg failed',
    timeout: 'decoding timed out',
    'too-long': 'too long to analyse whole',
    aborted: 'cancelled',
  };
  return detail ? `${what[reason]} (ffmpeg: ${detail})` : what[reason];
}

interface FfmpegExit {
  readonly code: number | null;
  readonly text: string;
}

/** Runs ffmpeg, feeding stdout to the sink; resolves with the exit code and stderr's tail. */
function runFfmpeg(
  args: readonly string[],
  sink: FloatWavDownmixer | undefined,
  options: DecodeOptions,
): Promise<FfmpegExit> {
  return new Promise<FfmpegExit>((resolvePromise, reject) => {
    if (options.signal?.aborted) {
      reject(new DecodeError('aborted', 'cancelled'));
      return;
    }
    const child = (options.start ?? spawnFfmpeg)(options.ffmpeg.path, args, sink !== undefined);
    let failure: Error | undefined;
    let timer: NodeJS.Timeout | undefined;
    const fail = (err: Error): void => {
      if (failure) return;
      failure = err;
      child.kill();
    };
    const onAbort = (): void => fail(new DecodeError('aborted', 'cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(
        () =>
          fail(new DecodeError('timeout', `ffmpeg did not finish within ${Math.round(options.timeoutMs! / 1000)} s`)),
        options.timeoutMs,
      );
    }
    child.onData((chunk) => {
      if (failure || !sink) return;
      try {
        sink.write(chunk);
      } catch (err) {
        fail(err as Error);
        return;
      }
      if (options.maxSec !== undefined && sink.full)
        fail(
          new DecodeError(
            'too-long',
            `more than ${Math.round(options.maxSec / 60)} minutes of audio: too long to analyse whole (analyse it in windows, without --whole)`,
          ),
        );
    });
    child.onError((err) =>
      fail(new DecodeError('ffmpeg-failed', `cannot run ffmpeg (${options.ffmpeg.path}): ${err.message}`)),
    );
    child.onClose((code, stderrTail) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolvePromise({ code, text: stderrTail });
    });
  });
}
