import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodeError, FfmpegNotFoundError } from '../../core/analysis/decode/errors.js';
import { resolveFfmpeg } from '../../core/analysis/decode/ffmpeg-binary.js';
import { decodeMono, probeDuration } from '../../core/analysis/decode/ffmpeg.js';
import { readWav } from '../../core/analysis/decode/wav.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';
import { bundledFfmpeg, encode, maxAbsDiff, rms, synthSignal, writeWav } from './helpers/audio.js';

const SR = 22050;
const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const ffmpeg = bundledFfmpeg();
const opts = { ffmpeg };

interface ManifestFile {
  path: string;
  format: string;
  durationSec: number;
  sampleRate: number;
  channels: number;
}
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'library', 'manifest.json'), 'utf8')) as {
  files: ManifestFile[];
};
const fixtureFiles = manifest.files.filter((f) => !f.path.startsWith('..') && f.durationSec > 0);

describe('ffmpeg binary resolution', () => {
  it('uses the bundled binary by default and knows it has soxr', () => {
    const f = resolveFfmpeg({ env: {} });
    expect(f.source).toBe('bundled');
    expect(f.resampler).toBe('soxr');
    expect(f.version).toMatch(/^ffmpeg version/);
  });

  it('prefers GENREWISE_FFMPEG, and an explicit path over it', () => {
    expect(resolveFfmpeg({ env: { GENREWISE_FFMPEG: ffmpeg.path } }).source).toBe('env');
    expect(resolveFfmpeg({ explicit: ffmpeg.path, env: { GENREWISE_FFMPEG: '/nope' } }).source).toBe('option');
  });

  it('fails clearly when a named ffmpeg does not work instead of silently using another', () => {
    expect(() => resolveFfmpeg({ env: { GENREWISE_FFMPEG: '/nonexistent/ffmpeg' } })).toThrow(FfmpegNotFoundError);
    expect(() => resolveFfmpeg({ explicit: '/nonexistent/ffmpeg', env: {} })).toThrow(
      /configured ffmpeg \(\/nonexistent\/ffmpeg\) does not work: not found/,
    );
    expect(() => resolveFfmpeg({ explicit: '/etc/hostname', env: {} })).toThrow(FfmpegNotFoundError);
  });
});

describe('decoding the fixture formats', () => {
  it.each(fixtureFiles.map((f) => [f.path, f] as const))(
    '%s → mono 22,050 Hz of the right length',
    async (_name, file) => {
      const path = join(FIXTURES, 'library', file.path);
      const y = await decodeMono(path, undefined, opts);
      // Codec priming and padding (AAC, Vorbis, WMA) add a few hundred samples at most.
      expect(Math.abs(y.length - file.durationSec * SR)).toBeLessThan(0.05 * SR);
      expect(rms(y)).toBeGreaterThan(0.01);
      expect(Math.abs(y.reduce((m, x) => Math.max(m, Math.abs(x)), 0))).toBeLessThanOrEqual(1.01);
      const duration = await probeDuration(path, opts);
      expect(Math.abs(duration - file.durationSec)).toBeLessThan(0.1);
    },
  );

  it('covers every main format', () => {
    for (const format of ['mp3', 'flac', 'ogg', 'opus', 'm4a', 'wav'])
      expect(fixtureFiles.map((f) => f.format)).toContain(format);
  });

  it.each(readdirSync(join(FIXTURES, 'broken')))('reports broken/%s as unreadable', async (name) => {
    const path = join(FIXTURES, 'broken', name);
    await expect(decodeMono(path, undefined, opts)).rejects.toMatchObject({
      name: 'DecodeError',
      reason: 'unreadable',
    });
    await expect(probeDuration(path, opts)).rejects.toMatchObject({ name: 'DecodeError', reason: 'unreadable' });
  });

  it('reports a missing file as missing', async () => {
    await expect(decodeMono('/nonexistent/dir/x.mp3', undefined, opts)).rejects.toMatchObject({ reason: 'missing' });
    await expect(probeDuration('/nonexistent/dir/x.mp3', opts)).rejects.toMatchObject({ reason: 'missing' });
  });
});

describe('decoding synthetic WAV and FLAC', () => {
  let dir: string;
  const left = synthSignal(40, 44100, 3);
  const right = synthSignal(40, 44100, 8);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-decode-'));
    const mono22 = synthSignal(12, SR, 5);
    writeWav(join(dir, 'mono22.wav'), [mono22], SR);
    writeWav(join(dir, 'stereo22.wav'), [mono22, synthSignal(12, SR, 6)], SR);
    writeWav(
      join(dir, 'six22.wav'),
      [1, 2, 3, 4, 5, 6].map((s) => synthSignal(5, SR, s)),
      SR,
    );
    writeWav(join(dir, 'stereo44.wav'), [left, right], 44100);
    encode(join(dir, 'stereo44.wav'), join(dir, 'stereo44.flac'), ['-c:a', 'flac']);
    // Names ffmpeg would otherwise take for an option or a protocol.
    writeWav(join(dir, '-dash concat:x.wav'), [mono22], SR);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes 22,050 Hz int16 mono exactly as x / 32768, like the pure WAV reader', async () => {
    const path = join(dir, 'mono22.wav');
    const y = await decodeMono(path, undefined, opts);
    expect(maxAbsDiff(y, readWav(readFileSync(path)).samples)).toBe(0);
  });

  it('averages the channels (librosa to_mono), for stereo and 5.1 alike', async () => {
    for (const name of ['stereo22.wav', 'six22.wav']) {
      const path = join(dir, name);
      const wav = readWav(readFileSync(path));
      expect(wav.channels).toBeGreaterThan(1);
      const y = await decodeMono(path, undefined, opts);
      expect(maxAbsDiff(y, wav.samples)).toBeLessThan(1e-7);
    }
  });

  it('reads file names that look like options or protocols literally', async () => {
    const y = await decodeMono(join(dir, '-dash concat:x.wav'), undefined, opts);
    expect(y.length).toBe(12 * SR);
  });

  it('resamples 44.1 kHz to 22,050 Hz with the expected length', async () => {
    const y = await decodeMono(join(dir, 'stereo44.wav'), undefined, opts);
    expect(y.length).toBe(40 * SR);
    expect(await probeDuration(join(dir, 'stereo44.flac'), opts)).toBeCloseTo(40, 3);
  });

  it.each(['stereo44.wav', 'stereo44.flac'])(
    'decodes a window of %s sample-exactly as the same span of a whole decode',
    async (name) => {
      const path = join(dir, name);
      const whole = await decodeMono(path, undefined, opts);
      for (const start of [0, 0.1, 12.3, 29.9]) {
        const window = await decodeMono(path, { startSec: start, durationSec: 10 }, opts);
        const from = Math.round(start * SR);
        const expected = whole.subarray(from, Math.min(whole.length, from + 10 * SR));
        expect(window.length).toBe(expected.length);
        expect(maxAbsDiff(window, expected)).toBeLessThan(1e-6);
      }
    },
  );

  it('measures the duration by decoding when the container states none (FLAC written to a pipe)', async () => {
    const piped = spawnSync(
      ffmpeg.path,
      ['-v', 'error', '-nostdin', '-i', join(dir, 'stereo44.wav'), '-c:a', 'flac', '-f', 'flac', 'pipe:1'],
      { maxBuffer: 1 << 27 },
    );
    const path = join(dir, 'piped.flac');
    writeFileSync(path, piped.stdout);
    const header = spawnSync(ffmpeg.path, ['-hide_banner', '-i', path], { encoding: 'utf8' }).stderr;
    expect(header).toContain('Duration: N/A');
    expect(await probeDuration(path, opts)).toBeCloseTo(40, 3);
  });

  it('reports a file without an audio stream (a picture) as such', async () => {
    const path = join(dir, 'picture.mp3');
    const made = spawnSync(ffmpeg.path, [
      '-v',
      'error',
      '-nostdin',
      '-f',
      'lavfi',
      '-i',
      'color=c=red:s=16x16',
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-c:v',
      'png',
      path,
    ]);
    expect(made.status).toBe(0);
    await expect(probeDuration(path, opts)).rejects.toMatchObject({ reason: 'no-audio-stream' });
    await expect(decodeMono(path, undefined, opts)).rejects.toMatchObject({ reason: 'no-audio-stream' });
  });

  it('returns a shorter window at the end and fails with no-audio past it', async () => {
    const path = join(dir, 'stereo44.flac');
    const tail = await decodeMono(path, { startSec: 35, durationSec: 30 }, opts);
    expect(tail.length).toBe(5 * SR);
    await expect(decodeMono(path, { startSec: 45, durationSec: 30 }, opts)).rejects.toMatchObject({
      reason: 'no-audio',
    });
  });

  it('stops on abort and on timeout', async () => {
    const path = join(dir, 'stereo44.flac');
    const aborted = new AbortController();
    aborted.abort();
    await expect(decodeMono(path, undefined, { ffmpeg, signal: aborted.signal })).rejects.toMatchObject({
      reason: 'aborted',
    });
    const timedOut = decodeMono(path, undefined, { ffmpeg, timeoutMs: 1 });
    await expect(timedOut).rejects.toBeInstanceOf(DecodeError);
    await expect(timedOut).rejects.toMatchObject({ reason: 'timeout' });
  });
});

describe.skipIf(!hasSharedData())('decoding the GTZAN oracle clips', () => {
  it('equals the pure WAV reader bit for bit on every clip', async () => {
    const dir = sharedDataPath('gtzan', 'audio');
    const clips = readdirSync(dir).filter((f) => f.endsWith('.wav'));
    expect(clips.length).toBe(15);
    for (const clip of clips) {
      const path = join(dir, clip);
      const wav = readWav(readFileSync(path));
      expect(wav.sampleRate).toBe(SR);
      const y = await decodeMono(path, undefined, opts);
      expect(y.length).toBe(wav.samples.length);
      expect(maxAbsDiff(y, wav.samples)).toBe(0);
    }
  });
});
