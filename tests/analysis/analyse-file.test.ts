import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureVectorToArray } from '../../shared/features.js';
import { analyseFile } from '../../electron/analysis/analyse-file.js';
import { decodeMono } from '../../electron/analysis/decode/ffmpeg.js';
import { toAnalysisFailure } from '../../electron/analysis/errors.js';
import { extractFeatures } from '../../electron/analysis/features/extract.js';
import { TooShortError, WHOLE_POLICY_ID, WINDOW_POLICY_ID } from '../../electron/analysis/windows.js';
import { bundledFfmpeg, synthSignal, writeWav } from './helpers/audio.js';

const SR = 22050;
const ffmpeg = bundledFfmpeg();

describe('analysing a file with the real decoder and extractor', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genrewise-analyse-'));
    writeWav(join(dir, 'four-minutes.wav'), [synthSignal(240, SR, 2)], SR);
    writeWav(join(dir, 'twenty.wav'), [synthSignal(20, SR, 4)], SR);
    writeWav(join(dir, 'two.wav'), [synthSignal(2, SR, 4)], SR);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyses a 4-minute track in the policy\'s 3 windows, each exactly the features of that span', async () => {
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
    const analysis = await analyseFile(join(dir, 'twenty.wav'), { ffmpeg, extract: extractFeatures, durationHintSec: 300 });
    expect(analysis.durationSec).toBeCloseTo(20, 3);
    expect(analysis.windows.map((w) => [w.startSec, w.durationSec])).toEqual([[0, 20]]);
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
    await expect(run).rejects.toMatchObject({ name: 'ExtractionError', message: expect.stringContaining('tempo is NaN') });
  });
});
