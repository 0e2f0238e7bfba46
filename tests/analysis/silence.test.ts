import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseFile } from '../../core/analysis/analyse-file.js';
import { toAnalysisFailure } from '../../core/analysis/errors.js';
import { extractFeatures } from '../../core/analysis/features/extract.js';
import { assertNotSilent, peakOf, SILENCE_PEAK } from '../../core/analysis/silence.js';
import { runCli } from '../helpers/cli.js';
import { bundledFfmpeg, synthSignal, writeWav } from './helpers/audio.js';

const SR = 22050;
const ffmpeg = bundledFfmpeg();

describe('digital silence is an extract failure, not a classical track (issue 13, item 17)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-silence-'));
    writeWav(join(dir, 'silent-40.wav'), [new Float32Array(40 * SR)], SR);
    writeWav(join(dir, 'silent-20.wav'), [new Float32Array(20 * SR)], SR);
    // Dither-level noise (±1 LSB of 16-bit) is still silence.
    const dither = Float32Array.from({ length: 20 * SR }, (_, i) => (i % 3) - 1).map((v) => v / 32767);
    writeWav(join(dir, 'dither-20.wav'), [dither], SR);
    // A silent first half, music after it: analysed as usual.
    const half = new Float32Array(20 * SR);
    half.set(synthSignal(10, SR, 3), 10 * SR);
    writeWav(join(dir, 'quiet-intro.wav'), [half], SR);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the peak and draws the line at -80 dBFS', () => {
    expect(peakOf(Float32Array.from([0, -0.5, 0.25]))).toBe(0.5);
    expect(() => assertNotSilent(0)).toThrow(/digital silence \(nothing above -80 dBFS/);
    expect(() => assertNotSilent(SILENCE_PEAK)).not.toThrow();
  });

  it.each(['silent-40.wav', 'silent-20.wav', 'dither-20.wav'])('%s fails as extract', async (name) => {
    const failure = await analyseFile(join(dir, name), { ffmpeg, extract: extractFeatures }).then(
      () => null,
      toAnalysisFailure,
    );
    expect(failure).toMatchObject({ kind: 'extract', message: expect.stringMatching(/digital silence/) });
  });

  it('analyses a track whose silence is only part of it', async () => {
    const analysis = await analyseFile(join(dir, 'quiet-intro.wav'), { ffmpeg, extract: extractFeatures });
    expect(analysis.windows).toHaveLength(1);
  });

  it('errors --help gives the same rule', async () => {
    const help = await runCli(['errors', '--help']);
    expect(help.stdout).toMatch(/extract +digital silence \(nothing above -80 dBFS\)/);
  });
});

describe('peakOf by the SIMD kernel', () => {
  it('gives the loop’s value, NaN ignored, whatever lane or tail holds the peak', () => {
    const awkward = [0, -0, Number.NaN, 1.401298464324817e-45, -3.4028234663852886e38, Infinity, -0.75, 0.5];
    for (const length of [16_383, 16_384, 16_385, 16_387, 661_500]) {
      const signals = [
        Float32Array.from({ length }, (_, i) => Math.sin(i / 9) * 0.3),
        Float32Array.from({ length }, (_, i) => awkward[(i * 7) % awkward.length]!),
        Float32Array.from({ length }, (_, i) => (i % 5 === 0 ? Number.NaN : 0.001 * (i % 13))),
      ];
      // The loudest sample in each lane, and in the tail.
      for (const at of [0, 1, 2, 3, length - 1]) {
        const y = Float32Array.from({ length }, (_, i) => (i % 3 === 0 ? Number.NaN : 0.01));
        y[at] = -0.9;
        signals.push(y);
      }
      for (const y of signals) expect(Object.is(peakOf(y), peakOf(y, 'scalar'))).toBe(true);
    }
    expect(peakOf(Float32Array.from({ length: 20_000 }, (_, i) => (i === 19_999 ? -0.9 : 0.1)))).toBeCloseTo(0.9, 6);
  });
});
