import { describe, expect, it } from 'vitest';
import {
  hzToMel,
  melFilterBank,
  melFrequencies,
  melSpectrogram,
  melToHz,
  powerToDb,
} from '../../../core/analysis/features/mel.js';

describe('Slaney mel scale', () => {
  it('is linear (200/3 Hz per mel) below 1 kHz and logarithmic above', () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(60)).toBeCloseTo(0.9, 12);
    expect(hzToMel(6400)).toBeCloseTo(42, 12); // 15 + 27 mels per factor 6.4
    expect(melToHz(hzToMel(4321))).toBeCloseTo(4321, 9);
    expect(melToHz(7.5)).toBeCloseTo(500, 12);
  });

  it('spaces mel_frequencies evenly in mel and ends exactly at fmax', () => {
    const f = melFrequencies(40, 0, 11025);
    expect(f[0]).toBe(0);
    expect(f[1]).toBeCloseTo(85.317, 3); // librosa.mel_frequencies(n_mels=40) docstring
    expect(f[12]).toBeCloseTo(1024.856, 3);
    expect(f[39]).toBe(11025);
  });
});

describe('melFilterBank', () => {
  // librosa.filters.mel(sr=22050, n_fft=2048) rows 0 and 1, float64 (as quoted by the mel_filter crate's tests).
  it('matches librosa.filters.mel(22050, 2048) with Slaney norm', () => {
    const fb = melFilterBank(22050, 2048);
    expect(fb.nMels).toBe(128);
    expect(fb.nBins).toBe(1025);
    const row0 = [0, 0.016182853208219942, 0.032365706416439884, 0.028990088037379964, 0.012807234829160026, 0];
    const row1 = [
      0, 0, 0, 0.009779235793639925, 0.025962089001859864, 0.035393705451959974, 0.01921085224374004,
      0.003027999035520103, 0,
    ];
    row0.forEach((v, k) => expect(fb.weights[k]).toBeCloseTo(v, 14));
    row1.forEach((v, k) => expect(fb.weights[1025 + k]).toBeCloseTo(v, 14));
    expect([fb.start[1], fb.end[1]]).toEqual([3, 8]);
  });

  it('is cached per parameter set', () => {
    expect(melFilterBank(22050, 2048)).toBe(melFilterBank(22050, 2048, 128, 0, 11025));
  });
});

describe('melSpectrogram', () => {
  it('applies the filter bank to each frame, frame-major', () => {
    const fb = melFilterBank(22050, 2048);
    const spec = new Float64Array(2 * 1025);
    spec[2] = 1; // frame 0: bin 2 only
    spec[1025 + 4] = 2; // frame 1: bin 4 only
    const mel = melSpectrogram(spec, 1025, 2, fb);
    expect(mel[0]).toBeCloseTo(0.032365706416439884, 14);
    expect(mel[1]).toBe(0);
    expect(mel[128 + 0]).toBeCloseTo(2 * 0.012807234829160026, 14);
    expect(mel[128 + 1]).toBeCloseTo(2 * 0.025962089001859864, 14);
  });
});

describe('powerToDb', () => {
  it('converts to dB re 1 with an amin floor and a top_db floor below the global max', () => {
    const db = powerToDb(Float64Array.from([1, 100, 1e-12, 1e-7, 0]), 1, 1e-10, 80);
    expect(Array.from(db)).toEqual([0, 20, -60, -60, -60]);
    const noTop = powerToDb(Float64Array.from([1, 1e-12, 1e-7]), 1, 1e-10, null);
    expect(Array.from(noTop)).toEqual([0, -100, -70]);
  });
});
