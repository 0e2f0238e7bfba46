import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type FeatureName } from '../../shared/features.js';
import { readWav } from '../../core/analysis/decode/wav.js';
import { extractFeatures } from '../../core/analysis/features/extract.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';

/**
 * The whole extractor against the GTZAN table: each of the 15 oracle clips, decoded by the pure
 * WAV reader and analysed whole (what `features --whole` does), must reproduce its row of
 * features_30_sec.csv (librosa 0.7/0.8): every feature within 1e-4 relative error, except
 * harmony_mean and perceptr_mean (≈ 1e-5, float32 noise in librosa's own sums), which must be within
 * 1e-6 of that signal's standard deviation, and tempo, which must be exactly equal.
 */
const CLIPS = [
  'blues.00000',
  'blues.00001',
  'blues.00002',
  'classical.00000',
  'classical.00001',
  'classical.00002',
  'country.00000',
  'disco.00000',
  'hiphop.00000',
  'jazz.00000',
  'jazz.00054',
  'metal.00000',
  'pop.00000',
  'reggae.00000',
  'rock.00000',
];
const RELATIVE_TOLERANCE = 1e-4;
const MEAN_OF_SIGNAL: Partial<Record<FeatureName, FeatureName>> = {
  harmony_mean: 'harmony_var',
  perceptr_mean: 'perceptr_var',
};

type Row = Record<string, string>;

/** Error in units of the tolerance's scale: relative error, or |Δ| / std for the two signal means. */
function scaledError(name: FeatureName, actual: number, row: Row): number {
  const expected = Number(row[name]);
  const varName = MEAN_OF_SIGNAL[name];
  if (varName) return Math.abs(actual - expected) / Math.sqrt(Number(row[varName]));
  return Math.abs(actual - expected) / Math.abs(expected);
}

function limit(name: FeatureName): number {
  if (name === 'tempo') return 0;
  return MEAN_OF_SIGNAL[name] ? 1e-6 : RELATIVE_TOLERANCE;
}

describe.skipIf(!hasSharedData())('extractFeatures reproduces the GTZAN oracle rows', () => {
  const rows = hasSharedData()
    ? new Map(
        (parse(readFileSync(sharedDataPath('gtzan', 'features_30_sec.csv')), { columns: true }) as Row[]).map((r) => [
          r.filename!,
          r,
        ]),
      )
    : new Map<string, Row>();
  const worst = new Map<FeatureName, { error: number; clip: string }>();
  const seconds: number[] = [];

  afterAll(() => {
    if (worst.size === 0) return;
    const lines = [...worst.entries()]
      .sort((a, b) => b[1].error / Math.max(limit(b[0]), 1e-12) - a[1].error / Math.max(limit(a[0]), 1e-12))
      .slice(0, 12)
      .map(
        ([name, { error, clip }]) =>
          `  ${name.padEnd(26)} ${error.toExponential(2).padStart(9)}  (limit ${limit(name).toExponential(0)})  ${clip}`,
      );
    const perClip = seconds.reduce((a, b) => a + b, 0) / seconds.length;
    console.log(
      `worst errors over ${seconds.length} clips (relative; |Δ|/std for harmony/perceptr means):\n${lines.join('\n')}\n  extract: ${perClip.toFixed(3)} s per clip`,
    );
  });

  it.each(CLIPS)('%s', (clip) => {
    const row = rows.get(`${clip}.wav`);
    expect(row, `${clip} row in the CSV`).toBeDefined();
    const audio = readWav(readFileSync(sharedDataPath('gtzan', 'audio', `${clip}.wav`)));
    expect(audio.sampleRate).toBe(22050);
    expect(audio.samples.length).toBe(Number(row!.length));

    const start = performance.now();
    const features = extractFeatures(audio.samples);
    seconds.push((performance.now() - start) / 1000);

    const failures: string[] = [];
    for (const name of FEATURE_NAMES) {
      const actual = features[name];
      const error = name === 'tempo' ? (actual === Number(row![name]) ? 0 : Infinity) : scaledError(name, actual, row!);
      const prev = worst.get(name);
      if (!prev || error > prev.error) worst.set(name, { error, clip });
      if (!(error <= limit(name)))
        failures.push(`${name}: got ${actual}, expected ${row![name]} (error ${error.toExponential(2)})`);
    }
    expect(failures).toEqual([]);
  });
});
