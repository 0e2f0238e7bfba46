import { describe, expect, it } from 'vitest';
import {
  linearRampPad,
  meanTempogram,
  tempoFrequencies,
  tempoFromOnsetEnvelope,
  tempoFromPower,
  tempoFromTempogram,
  tempoWindowLength,
} from '../../../core/analysis/features/tempo.js';
import { power, stft } from '../../../core/analysis/features/stft.js';

// Expected values from numpy following librosa 0.8's feature.tempogram (np.pad linear_ramp,
// util.frame, periodic Hann, FFT autocorrelation of size 2·win + 1, inf-norm per frame) and
// beat.tempo.
describe('tempo building blocks', () => {
  it('uses 344-frame windows for 8 s at 22,050 Hz / 512 (librosa.time_to_frames)', () => {
    expect(tempoWindowLength(22050, 512)).toBe(344);
    expect(tempoWindowLength(44100, 512, 4)).toBe(344);
  });

  it('maps lags to BPM as librosa.tempo_frequencies', () => {
    const bpm = tempoFrequencies(23, 22050, 512);
    expect(bpm[0]).toBe(Infinity);
    expect(bpm[21]).toBe(123.046875);
    expect(bpm[22]).toBe(117.45383522727273);
  });

  it('pads like numpy.pad(mode="linear_ramp", end_values=0)', () => {
    expect(Array.from(linearRampPad(Float64Array.from([0, 0.5, 1.7, 0.6]), 3))).toEqual([
      0, 0, 0, 0, 0.5, 1.7, 0.6, 0.39999999999999997, 0.19999999999999998, 0,
    ]);
  });

  it('averages the normalised windowed autocorrelations over frames', () => {
    const env = Float64Array.from([
      0, 0, 0, 1.5, 0.2, 0.1, 2.0, 0.3, 0.0, 0.4, 1.8, 0.2, 0.1, 0.3, 2.2, 0.1, 0.0, 0.5, 1.7, 0.6,
    ]);
    const even = [
      1.0, 0.23241541728677984, 0.07419388814104354, 0.1449122064825749, 0.12413003350797788, 0.01116585090901646,
      0.0010067371244138468, 0,
    ];
    const odd = [
      1.0, 0.24293127987642366, 0.07419862411686716, 0.1190547951047499, 0.08180492533787143, 0.00397871818643176, 0,
    ];
    meanTempogram(env, 8).forEach((v, k) => expect(v).toBeCloseTo(even[k]!, 13));
    meanTempogram(env, 7).forEach((v, k) => expect(v).toBeCloseTo(odd[k]!, 13));
  });
});

describe('tempo estimation', () => {
  it('follows the prior alone on a flat tempogram: 117.45 BPM is the lag closest to 120 in log2', () => {
    expect(tempoFromTempogram(new Float64Array(344).fill(0.5), 22050, 512)).toBe(117.45383522727273);
  });

  it('never returns more than maxTempo even when fast lags dominate', () => {
    const tg = new Float64Array(344);
    tg[5] = 1; // 516.8 BPM, excluded
    tg[9] = 1; // 287.1 BPM, the fastest allowed lag
    expect(tempoFromTempogram(tg, 22050, 512)).toBe(287.109375);
  });

  it('finds the period of a periodic onset envelope', () => {
    const env = new Float64Array(1293);
    for (let t = 3; t < env.length; t += 20) env[t] = 1;
    expect(tempoFromOnsetEnvelope(env, 22050, 512)).toBe(129.19921875);
  });

  it('finds 123.05 BPM in a click track with a click every 21 frames', () => {
    const sr = 22050;
    const y = new Float32Array(sr * 30);
    for (let i = 0; i < y.length; i += 21 * 512) y[i] = 0.9;
    const s = stft(y);
    expect(tempoFromPower(power(s), s.nBins, s.nFrames, sr)).toBe(123.046875);
  });
});
