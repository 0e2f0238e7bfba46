import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readWav } from '../../core/analysis/decode/wav.js';
import { hpssSignals } from '../../core/analysis/features/hpss.js';
import { power, stft } from '../../core/analysis/features/stft.js';
import { tempoFromPower } from '../../core/analysis/features/tempo.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';
import { CLIPS, oracleFailure, type Row } from './helpers/oracle-bounds.js';

/**
 * harmony_*, perceptr_* and tempo of the 15 GTZAN oracle clips against their rows of
 * features_30_sec.csv (librosa 0.7/0.8), held to the whole-extractor oracle's bounds (3 × the
 * worst measured, helpers/oracle-bounds.ts: the means ~1e-4 relative, float32 noise in librosa's
 * own sums, and ~1e-8 of the signal's standard deviation; the variances ~4e-7), tempo exactly equal.
 */

function meanVar(x: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const mean = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i]! - mean) ** 2;
  return { mean, variance: v / x.length };
}

describe.skipIf(!hasSharedData())('HPSS and tempo against the GTZAN oracle clips', () => {
  const rows = hasSharedData()
    ? new Map(
        (parse(readFileSync(sharedDataPath('gtzan', 'features_30_sec.csv')), { columns: true }) as Row[]).map((r) => [
          r.filename!,
          r,
        ]),
      )
    : new Map<string, Row>();

  it.each(CLIPS)('%s', (clip) => {
    const row = rows.get(`${clip}.wav`);
    expect(row, `${clip} row in the CSV`).toBeDefined();
    const audio = readWav(readFileSync(sharedDataPath('gtzan', 'audio', `${clip}.wav`)));
    expect(audio.sampleRate).toBe(22050);
    const y = audio.samples;
    expect(y.length).toBe(Number(row!.length));
    const s = stft(y);

    const { harmonic, percussive } = hpssSignals(y, s);
    expect(harmonic.length).toBe(y.length);
    const h = meanVar(harmonic);
    const p = meanVar(percussive);
    const expected = {
      harmony_mean: Number(row!.harmony_mean),
      harmony_var: Number(row!.harmony_var),
      perceptr_mean: Number(row!.perceptr_mean),
      perceptr_var: Number(row!.perceptr_var),
      tempo: Number(row!.tempo),
    };
    // The bounds of the whole-extractor oracle (helpers/oracle-bounds.ts: 3 × the worst measured).
    expect(oracleFailure('harmony_mean', h.mean, row!)).toBeUndefined();
    expect(oracleFailure('perceptr_mean', p.mean, row!)).toBeUndefined();
    expect(oracleFailure('harmony_var', h.variance, row!)).toBeUndefined();
    expect(oracleFailure('perceptr_var', p.variance, row!)).toBeUndefined();

    const tempo = tempoFromPower(power(s), s.nBins, s.nFrames, audio.sampleRate);
    if (process.env.GENREWISE_ORACLE_REPORT) {
      console.log(
        JSON.stringify({
          clip,
          harmony_mean_err_in_std: (h.mean - expected.harmony_mean) / Math.sqrt(expected.harmony_var),
          perceptr_mean_err_in_std: (p.mean - expected.perceptr_mean) / Math.sqrt(expected.perceptr_var),
          harmony_var_rel: h.variance / expected.harmony_var - 1,
          perceptr_var_rel: p.variance / expected.perceptr_var - 1,
          tempo,
          expected_tempo: expected.tempo,
        }),
      );
    }
    expect(tempo).toBe(expected.tempo);
  });
});
