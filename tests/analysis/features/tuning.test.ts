import { describe, expect, it } from 'vitest';
import { estimateTuning, piptrack, pitchTuning } from '../../../core/analysis/features/tuning.js';
import { magnitudeF32, powerF32 } from '../../../core/analysis/features/spectrogram32.js';
import { stft } from '../../../core/analysis/features/stft.js';

const SR = 22050;

describe('pitchTuning', () => {
  it('finds the offset of notes tuned +25.3 cents', () => {
    // librosa.cqt_frequencies(24, 55, tuning=0.253)
    const freqs = Float32Array.from({ length: 24 }, (_, k) => 55 * 2 ** (0.253 / 12) * 2 ** (k / 12));
    expect(pitchTuning(freqs)).toBeCloseTo(0.25, 12);
  });

  it('folds residuals ≥ 0.5 to the semitone above and returns the fullest bin’s left edge', () => {
    // Two pitches at −10.5 cents (residual 0.895 → −0.105, bin [−0.11, −0.10)) outvote one at +30.
    const cents = (c: number) => 440 * 2 ** (c / 1200);
    expect(pitchTuning(Float32Array.from([cents(-10.5), cents(-10.5) * 2, cents(30)]))).toBeCloseTo(-0.11, 12);
  });

  it('ignores non-positive frequencies and returns 0 when none remain', () => {
    expect(pitchTuning(Float32Array.from([0, -3]))).toBe(0);
  });
});

describe('piptrack', () => {
  it('interpolates a peak parabolically and keeps only local maxima above 0.1·frame max', () => {
    const nFft = 2048;
    const nBins = 1025;
    const S = new Float32Array(nBins);
    // Peak at bin 40 (≈ 431 Hz) with neighbours 1 and 2: shift = 0.5·(2−1) / (2·4 − 2 − 1) = 0.1,
    // magnitude = 4 + 0.5·0.5·0.1 = 4.025. A lone 0.3 at bin 100 is below 0.1·4 and ignored.
    S[39] = 1;
    S[40] = 4;
    S[41] = 2;
    S[100] = 0.3;
    const peaks = piptrack(S, nBins, 1, SR, nFft);
    expect(peaks.count).toBe(1);
    expect(peaks.pitches[0]).toBe(Math.fround((40.1 * SR) / nFft));
    expect(peaks.magnitudes[0]).toBe(Math.fround(4.025));
  });

  it('ignores peaks outside 150–4000 Hz', () => {
    const S = new Float32Array(1025);
    S[10] = 5; // 108 Hz
    S[400] = 5; // 4307 Hz
    expect(piptrack(S, 1025, 1, SR, 2048).count).toBe(0);
  });
});

describe('estimateTuning', () => {
  it.each([0.2, -0.33])('recovers the tuning of a sine %s semitones off A440', (offset) => {
    const f = 440 * 2 ** (offset / 12);
    const y = Float32Array.from({ length: 3 * SR }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / SR));
    const s = stft(y);
    const power = powerF32(magnitudeF32(s));
    // The parabola fitted to a Hann-windowed power peak is biased towards the bin centre by a few
    // cents (librosa's too): 0.2 → 0.15, −0.33 → −0.36.
    expect(Math.abs(estimateTuning(power, s.nBins, s.nFrames, SR, 2048) - offset)).toBeLessThanOrEqual(0.06);
  });

  it('returns 0 for silence', () => {
    expect(estimateTuning(new Float32Array(1025 * 4), 1025, 4, SR, 2048)).toBe(0);
  });
});
