/**
 * The 57 GTZAN features of one window of audio (mono, 22,050 Hz), as librosa 0.7/0.8 computed
 * `features_30_sec.csv`: one STFT shared by every spectral feature, HPSS and tempo; each feature's
 * frame series reduced to its population mean and variance over the whole window.
 */
import { ANALYSIS_SAMPLE_RATE, type FeatureVector } from '../../../shared/features.js';
import { chromaFilterBank, chromagram } from './chroma.js';
import { hpssStatistics } from './hpss.js';
import { melFilterBank, melSpectrogram, powerToDb } from './mel.js';
import { dctOrtho } from './mfcc.js';
import { onsetStrengthFromDb } from './onset.js';
import { rms } from './rms.js';
import { spectralShape } from './spectral.js';
import { spectrogramsF32 } from './spectrogram32.js';
import { meanVar } from './stats.js';
import { DEFAULT_HOP, DEFAULT_N_FFT, withStft, type Stft } from './stft.js';
import { tempoFromOnsetEnvelope } from './tempo.js';
import { estimateTuning } from './tuning.js';
import { zeroCrossingRate } from './zcr.js';

const N_MELS = 128;
const N_MFCC = 20;

export const EXTRACT_STAGES = ['stft', 'chroma', 'spectral', 'rms_zcr', 'mel_mfcc', 'tempo', 'hpss'] as const;
export type ExtractStage = (typeof EXTRACT_STAGES)[number];
export type StageSeconds = Record<ExtractStage, number>;

export class SignalTooShortError extends Error {
  override readonly name = 'SignalTooShortError';
}

/**
 * Features plus the CPU seconds spent in each stage (for benchmarks). CPU time rather than wall
 * clock: on a shared machine the wall clock includes waiting for other processes, while CPU time is
 * what the stage costs a dedicated core (it does include the process's GC helper threads).
 */
export function extractFeaturesTimed(y: Float32Array): { features: FeatureVector; seconds: StageSeconds } {
  const seconds = Object.fromEntries(EXTRACT_STAGES.map((s) => [s, 0])) as StageSeconds;
  const cpu = (): number => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  };
  // Stages nest (every stage runs inside the STFT's lifetime): each gets its own time only.
  let inner = 0;
  const timed = <T>(stage: ExtractStage, fn: () => T): T => {
    const start = cpu();
    const outer = inner;
    inner = 0;
    const result = fn();
    const total = cpu() - start;
    seconds[stage] += total - inner;
    inner = outer + total;
    return result;
  };
  return { features: extract(y, timed), seconds };
}

export function extractFeatures(y: Float32Array): FeatureVector {
  return extract(y, (_stage, fn) => fn());
}

type Timer = <T>(stage: ExtractStage, fn: () => T) => T;

function extract(y: Float32Array, timed: Timer): FeatureVector {
  const nFft = DEFAULT_N_FFT;
  const hop = DEFAULT_HOP;
  // Reflect padding by nFft/2 needs more than nFft/2 samples; anything this short is not music.
  if (y.length <= nFft)
    throw new SignalTooShortError(`${y.length} samples is too short to analyse (need more than ${nFft})`);

  return timed('stft', () =>
    withStft(y, nFft, hop, (s) => {
      const { magnitude, power } = spectrogramsF32(s);
      return features(y, s, magnitude, power, timed);
    }),
  );
}

/** The 57 features from y, its STFT and the STFT's float32 magnitude and power. */
function features(y: Float32Array, s: Stft, mag: Float32Array, pow: Float32Array, timed: Timer): FeatureVector {
  const sr = ANALYSIS_SAMPLE_RATE;
  const { nFft, hop } = s;
  const { nBins, nFrames } = s;

  const chroma = timed('chroma', () => {
    const tuning = estimateTuning(pow, nBins, nFrames, sr, nFft);
    return meanVar(chromagram(pow, nBins, nFrames, chromaFilterBank(sr, nFft, { tuning })));
  });

  const shape = timed('spectral', () => {
    const { centroid, bandwidth, rolloff } = spectralShape(mag, nBins, nFrames, sr, nFft);
    return { centroid: meanVar(centroid), bandwidth: meanVar(bandwidth), rolloff: meanVar(rolloff) };
  });

  const energy = timed('rms_zcr', () => ({ rms: meanVar(rms(y)), zcr: meanVar(zeroCrossingRate(y)) }));

  // MFCC and the onset envelope start from the same dB mel spectrogram (librosa computed it twice).
  const { db, mfcc } = timed('mel_mfcc', () => {
    const db = powerToDb(melSpectrogram(pow, nBins, nFrames, melFilterBank(sr, nFft, N_MELS)), 1, 1e-10, 80);
    return { db, mfcc: dctOrtho(db, N_MELS, nFrames, N_MFCC) };
  });

  const tempo = timed('tempo', () =>
    tempoFromOnsetEnvelope(onsetStrengthFromDb(db, nFrames, N_MELS, { nFft, hop }), sr, hop),
  );

  const hpss = timed('hpss', () => hpssStatistics(y, s, mag));

  const coefficient = new Float64Array(nFrames);
  const mfccStats = Array.from({ length: N_MFCC }, (_, c) => {
    for (let t = 0; t < nFrames; t++) coefficient[t] = mfcc[t * N_MFCC + c]!;
    return meanVar(coefficient);
  });
  const m = (c: number) => mfccStats[c]!;

  return {
    chroma_stft_mean: chroma.mean,
    chroma_stft_var: chroma.variance,
    rms_mean: energy.rms.mean,
    rms_var: energy.rms.variance,
    spectral_centroid_mean: shape.centroid.mean,
    spectral_centroid_var: shape.centroid.variance,
    spectral_bandwidth_mean: shape.bandwidth.mean,
    spectral_bandwidth_var: shape.bandwidth.variance,
    rolloff_mean: shape.rolloff.mean,
    rolloff_var: shape.rolloff.variance,
    zero_crossing_rate_mean: energy.zcr.mean,
    zero_crossing_rate_var: energy.zcr.variance,
    harmony_mean: hpss.harmonic.mean,
    harmony_var: hpss.harmonic.variance,
    perceptr_mean: hpss.percussive.mean,
    perceptr_var: hpss.percussive.variance,
    tempo,
    mfcc1_mean: m(0).mean,
    mfcc1_var: m(0).variance,
    mfcc2_mean: m(1).mean,
    mfcc2_var: m(1).variance,
    mfcc3_mean: m(2).mean,
    mfcc3_var: m(2).variance,
    mfcc4_mean: m(3).mean,
    mfcc4_var: m(3).variance,
    mfcc5_mean: m(4).mean,
    mfcc5_var: m(4).variance,
    mfcc6_mean: m(5).mean,
    mfcc6_var: m(5).variance,
    mfcc7_mean: m(6).mean,
    mfcc7_var: m(6).variance,
    mfcc8_mean: m(7).mean,
    mfcc8_var: m(7).variance,
    mfcc9_mean: m(8).mean,
    mfcc9_var: m(8).variance,
    mfcc10_mean: m(9).mean,
    mfcc10_var: m(9).variance,
    mfcc11_mean: m(10).mean,
    mfcc11_var: m(10).variance,
    mfcc12_mean: m(11).mean,
    mfcc12_var: m(11).variance,
    mfcc13_mean: m(12).mean,
    mfcc13_var: m(12).variance,
    mfcc14_mean: m(13).mean,
    mfcc14_var: m(13).variance,
    mfcc15_mean: m(14).mean,
    mfcc15_var: m(14).variance,
    mfcc16_mean: m(15).mean,
    mfcc16_var: m(15).variance,
    mfcc17_mean: m(16).mean,
    mfcc17_var: m(16).variance,
    mfcc18_mean: m(17).mean,
    mfcc18_var: m(17).variance,
    mfcc19_mean: m(18).mean,
    mfcc19_var: m(18).variance,
    mfcc20_mean: m(19).mean,
    mfcc20_var: m(19).variance,
  };
}
