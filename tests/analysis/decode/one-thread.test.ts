import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMono, decodePlan, decoderArgs } from '../../../core/analysis/decode/ffmpeg.js';
import { bundledFfmpeg, decodeThroughPipe, encode, expectSameBits, synthSignal, writeWav } from '../helpers/audio.js';

const ffmpeg = bundledFfmpeg();
let dir: string;

const FORMATS: Record<string, readonly string[]> = {
  'song.wav': [],
  'song.mp3': ['-c:a', 'libmp3lame', '-b:a', '192k'],
  'song.flac': ['-c:a', 'flac'],
  'song.ogg': ['-c:a', 'libvorbis', '-q:a', '5'],
  'song.m4a': ['-c:a', 'aac', '-b:a', '192k'],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genrewise-one-thread-'));
  writeWav(join(dir, 'source.wav'), [synthSignal(50, 44100, 7), synthSignal(50, 44100, 8)], 44100, 'int16');
  for (const [name, codec] of Object.entries(FORMATS)) encode(join(dir, 'source.wav'), join(dir, name), codec);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The decoder's own arguments without the one-thread options: ffmpeg's default threading. */
function threadedDecode(path: string, segment?: { startSec: number; durationSec: number }): Float32Array {
  const plan = decodePlan(segment);
  const args = decoderArgs(path, ffmpeg, plan.input, 'pipe:1');
  for (const option of ['-threads', '-filter_threads']) args.splice(args.indexOf(option), 2);
  return decodeThroughPipe(args, plan);
}

describe('ffmpeg decodes on one thread', () => {
  it('asks for one decoding thread and one filter thread', () => {
    const args = decoderArgs('/music/a.flac', ffmpeg, ['-ss', '3'], 'pipe:1');
    expect(args.slice(args.indexOf('-threads'), args.indexOf('-threads') + 2)).toEqual(['-threads', '1']);
    expect(args.indexOf('-threads')).toBeLessThan(args.indexOf('-i'));
    expect(args.slice(args.indexOf('-filter_threads'), args.indexOf('-filter_threads') + 2)).toEqual([
      '-filter_threads',
      '1',
    ]);
  });

  it.each(Object.keys(FORMATS))('and %s decodes to the very bits of a threaded decode', async (name) => {
    const path = join(dir, name);
    expectSameBits(await decodeMono(path, undefined, { ffmpeg }), threadedDecode(path));
    const segment = { startSec: 12.4, durationSec: 30 };
    expectSameBits(await decodeMono(path, segment, { ffmpeg }), threadedDecode(path, segment));
  });
});

describe('an ffmpeg without the one-thread options (before 3.4)', () => {
  /** A stand-in that refuses -filter_threads as ffmpeg 2.x does, and logs each refusal. */
  function oldFfmpeg(): { path: string; refusals: () => number } {
    const path = join(dir, 'old-ffmpeg');
    const log = join(dir, 'refusals.log');
    writeFileSync(log, '');
    writeFileSync(
      path,
      [
        '#!/bin/sh',
        'for arg in "$@"; do',
        '  if [ "$arg" = -filter_threads ]; then',
        `    echo refused >> '${log}'`,
        '    echo "Unrecognized option \'filter_threads\'." >&2',
        '    echo "Error splitting the argument list: Option not found" >&2',
        '    exit 1',
        '  fi',
        'done',
        `exec '${ffmpeg.path}' "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(path, 0o755);
    return { path, refusals: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
  }

  it('still decodes, to the same bits, and is asked only once', async () => {
    const old = oldFfmpeg();
    const path = join(dir, 'song.flac');
    const segment = { startSec: 3.1, durationSec: 30 };
    const command = { path: old.path, resampler: ffmpeg.resampler };
    expectSameBits(await decodeMono(path, segment, { ffmpeg: command }), threadedDecode(path, segment));
    expectSameBits(await decodeMono(path, undefined, { ffmpeg: command }), threadedDecode(path));
    expect(old.refusals()).toBe(1);
  });
});
