import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureVectorToArray } from '../../shared/features.js';
import { analyseFile } from '../../core/analysis/analyse-file.js';
import { decodeMono, probeDuration } from '../../core/analysis/decode/ffmpeg.js';
import { toAnalysisFailure } from '../../core/analysis/errors.js';
import { extractFeatures } from '../../core/analysis/features/extract.js';
import { TooShortError, WHOLE_POLICY_ID, WINDOW_POLICY_ID } from '../../core/analysis/windows.js';
import { bundledFfmpeg, synthSignal, writeWav } from './helpers/audio.js';

const SR = 22050;
const ffmpeg = bundledFfmpeg();

/** Ogg's page checksum: CRC-32, polynomial 0x04c11db7, not reflected, initial value 0. */
function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (const byte of page) {
    crc ^= byte << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/**
 * Sets the granule position of an Ogg file's last page (and fixes its checksum): what ffmpeg's
 * Ogg muxer leaves when it remuxes a stream that starts at a small offset (seen on real files
 * after `ffmpeg -i x.ogg -c copy -metadata genre=… y.ogg`): the position wraps past 2^32 and
 * every reader then computes a duration of about a day.
 */
function setLastGranule(path: string, granule: bigint): void {
  const bytes = readFileSync(path);
  const start = bytes.lastIndexOf('OggS');
  const segments = bytes[start + 26]!;
  const end = start + 27 + segments + [...bytes.subarray(start + 27, start + 27 + segments)].reduce((a, b) => a + b, 0);
  const page = bytes.subarray(start, end);
  page.writeBigInt64LE(granule, 6);
  page.writeUInt32LE(0, 22);
  page.writeUInt32LE(oggCrc(page), 22);
  writeFileSync(path, bytes);
}

describe('analysing a file with the real decoder and extractor', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-analyse-'));
    writeWav(join(dir, 'four-minutes.wav'), [synthSignal(240, SR, 2)], SR);
    writeWav(join(dir, 'twenty.wav'), [synthSignal(20, SR, 4)], SR);
    writeWav(join(dir, 'two.wav'), [synthSignal(2, SR, 4)], SR);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("analyses a 4-minute track in the policy's 3 windows, each exactly the features of that span", async () => {
    const path = join(dir, 'four-minutes.wav');
    const analysis = await analyseFile(path, { ffmpeg, extract: extractFeatures });
    expect(analysis.policy).toBe(WINDOW_POLICY_ID);
    expect(analysis.durationSec).toBeCloseTo(240, 3);
    expect(analysis.windows.map((w) => [w.index, w.startSec, w.durationSec])).toEqual([
      [0, 41, 30],
      [1, 105, 30],
      [2, 169, 30],
    ]);
    expect(analysis.timings.probeMs).toBeGreaterThan(0);
    expect(analysis.timings.decodeMs).toBeGreaterThan(0);
    expect(analysis.timings.extractMs).toBeGreaterThan(0);
    // The middle window's features are those of the same 30 s cut from a whole decode.
    const whole = await decodeMono(path, undefined, { ffmpeg });
    const span = whole.slice(105 * SR, 135 * SR);
    expect(analysis.windows[1]!.features).toEqual(featureVectorToArray(extractFeatures(span)));
  });

  it.skipIf(process.platform !== 'linux')(
    'decodes the next window while extracting one, and leaves no ffmpeg behind',
    async () => {
      // ffmpeg processes whose parent is this process, from /proc.
      const ffmpegChildren = (): number =>
        readdirSync('/proc').filter((pid) => {
          if (!/^\d+$/.test(pid)) return false;
          try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            return Number(fields[1]) === process.pid && stat.includes('(ffmpeg)');
          } catch {
            return false; // gone meanwhile
          }
        }).length;
      const during: number[] = [];
      const extract = (y: Float32Array) => {
        during.push(ffmpegChildren());
        return extractFeatures(y);
      };
      const path = join(dir, 'four-minutes.wav');
      const analysis = await analyseFile(path, { ffmpeg, extract, durationHintSec: 240 });
      expect(analysis.windows).toHaveLength(3);
      // Windows 2 and 3 were decoding while 1 and 2 were extracted; nothing follows the last.
      expect(during).toEqual([1, 1, 0]);
      // A hint that overshoots: the window decoded ahead past the end is stopped, not leaked.
      const failing = () => {
        throw new Error('boom');
      };
      await expect(analyseFile(path, { ffmpeg, extract: failing, durationHintSec: 240 })).rejects.toThrow(/boom/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(ffmpegChildren()).toBe(0);
    },
  );

  it('analyses a track of 30 s or less whole, and anything whole when asked', async () => {
    const analysis = await analyseFile(join(dir, 'twenty.wav'), { ffmpeg, extract: extractFeatures });
    expect(analysis.windows).toHaveLength(1);
    expect(analysis.windows[0]).toMatchObject({ index: 0, startSec: 0, durationSec: 20 });
    expect(analysis.policy).toBe(WINDOW_POLICY_ID);
    const whole = await analyseFile(join(dir, 'twenty.wav'), { ffmpeg, extract: extractFeatures, mode: 'whole' });
    expect(whole.policy).toBe(WHOLE_POLICY_ID);
    expect(whole.windows[0]!.features).toEqual(analysis.windows[0]!.features);
  });

  it('does not trust a duration hint that overshoots the audio', async () => {
    const analysis = await analyseFile(join(dir, 'twenty.wav'), {
      ffmpeg,
      extract: extractFeatures,
      durationHintSec: 300,
    });
    expect(analysis.durationSec).toBeCloseTo(20, 3);
    expect(analysis.windows.map((w) => [w.startSec, w.durationSec])).toEqual([[0, 20]]);
  });

  it("measures the audio when the container's own duration overshoots it (a wrapped Ogg granule)", async () => {
    const healthy = join(dir, 'forty-five.ogg');
    const source = join(dir, 'forty-five.wav');
    writeWav(source, [synthSignal(45, SR, 8)], SR);
    const encode = spawnSync(ffmpeg.path, [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-i',
      source,
      '-c:a',
      'libvorbis',
      '-q:a',
      '4',
      healthy,
    ]);
    expect(encode.status, encode.stderr?.toString()).toBe(0);
    const wrapped = join(dir, 'wrapped.ogg');
    writeFileSync(wrapped, readFileSync(healthy));
    setLastGranule(wrapped, 4_296_951_476n);
    expect(await probeDuration(wrapped, { ffmpeg })).toBeGreaterThan(86_400);

    const expected = await analyseFile(healthy, { ffmpeg, extract: extractFeatures });
    expect(expected.windows.map((w) => [w.startSec, w.durationSec])).toEqual([[7.5, 30]]);
    // From the container's duration (no hint), and from a tag reader that believed it.
    for (const durationHintSec of [null, 97_436.5]) {
      const analysis = await analyseFile(wrapped, { ffmpeg, extract: extractFeatures, durationHintSec });
      expect(analysis.durationSec).toBeCloseTo(45, 1);
      expect(analysis.windows.map((w) => [w.startSec, w.durationSec])).toEqual([[7.5, 30]]);
      expect(analysis.windows[0]!.features).toEqual(expected.windows[0]!.features);
    }
  });

  it('refuses a track under 3 s, whatever its tags say', async () => {
    const run = analyseFile(join(dir, 'two.wav'), { ffmpeg, extract: extractFeatures, durationHintSec: 10 });
    await expect(run).rejects.toBeInstanceOf(TooShortError);
    const failure = toAnalysisFailure(await run.catch((e: unknown) => e));
    expect(failure.kind).toBe('too-short');
    expect(failure.message).toMatch(/^too short to analyse/);
  });

  it('turns an extractor that produces NaN into an extract failure', async () => {
    const broken = (y: Float32Array) => ({ ...extractFeatures(y.subarray(0, 3 * SR)), tempo: Number.NaN });
    const run = analyseFile(join(dir, 'twenty.wav'), { ffmpeg, extract: broken });
    await expect(run).rejects.toMatchObject({
      name: 'ExtractionError',
      message: expect.stringContaining('tempo is NaN'),
    });
  });
});
