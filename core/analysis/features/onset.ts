/**
 * Onset strength envelope as librosa 0.7/0.8 `beat.tempo(y)` computes it:
 * `onset.onset_strength(y, sr, hop_length, aggregate=np.median)`, i.e.
 *
 *   S = power_to_db(melspectrogram(y, sr, n_fft=2048, hop=512, fmax=sr/2))   (128 Slaney bands)
 *   env[t] = median over bands of max(0, S[:, t − lag] − S[:, t − lag − 1])  (lag 1, max_size 1)
 *
 * then shifted right by lag + nFft/(2·hop) frames (zeros in front, center=True) and trimmed back to
 * the STFT's frame count, with no detrending. The median matters: `onset_strength`'s own default
 * aggregate is the mean, which changes 5 of the 15 GTZAN oracle tempos; `beat.tempo` passes the
 * median.
 */
import { melFilterBank, melSpectrogram, powerToDb } from './mel.js';
import { wasmOnsetRises } from './wasm/onset-rises.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';

export interface OnsetOptions {
  /** Frames between the compared spectra (librosa `lag`, default 1). */
  lag?: number;
  /** STFT size and hop, for the centring shift (defaults 2048 and 512). */
  nFft?: number;
  hop?: number;
  /** 'auto': the rises by the SIMD kernel where it runs; 'scalar': the loop below (the reference). */
  engine?: 'auto' | 'scalar';
}

/** Rearranges a so that a[k] is its k-th smallest value, smaller ones before it (Hoare quickselect). */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Median of `scratch` (reordered in place); numpy takes the mean of the middle pair for even n. */
function medianInPlace(scratch: Float64Array): number {
  const n = scratch.length;
  const mid = n >> 1;
  selectInPlace(scratch, mid);
  const upper = scratch[mid]!;
  if (n % 2 === 1) return upper;
  let lower = scratch[0]!;
  for (let i = 1; i < mid; i++) if (scratch[i]! > lower) lower = scratch[i]!;
  return (lower + upper) / 2;
}

/**
 * Onset envelope from a frame-major dB spectrogram (band m of frame t at t·nBands + m); returns
 * nFrames values.
 */
export function onsetStrengthFromDb(
  db: Float64Array,
  nFrames: number,
  nBands: number,
  options: OnsetOptions = {},
): Float64Array {
  const lag = options.lag ?? 1;
  const nFft = options.nFft ?? 2048;
  const hop = options.hop ?? 512;
  if (!Number.isInteger(lag) || lag < 1) throw new RangeError(`onset lag must be a positive integer, got ${lag}`);
  if (db.length !== nFrames * nBands) throw new RangeError('spectrogram size does not match nFrames × nBands');
  if (nBands < 1) throw new RangeError('onset strength needs at least one band');
  const shift = lag + Math.floor(nFft / (2 * hop));
  const env = new Float64Array(nFrames);
  // More zeros than half the bands: the middle value(s), and so the median, are zeros. On music
  // that is most frames (about as many bands fall as rise), and no selection is needed for them.
  const half = nBands >> 1;
  // Output frames shift … shift + count − 1 compare spectrogram frames j and j + lag, j = t − shift.
  const count = Math.max(0, Math.min(nFrames - shift, nFrames - lag));
  if (options.engine !== 'scalar' && nBands % 2 === 0 && count > 0 && wasmSimdAvailable()) {
    // The rises in WebAssembly SIMD (wasm/onset-rises.ts), the medians here, on its memory.
    const fast = withScalarFallback(
      () => wasmOnsetRises(db, nBands, 0, count, lag),
      () => undefined,
    );
    if (fast) {
      for (let k = 0; k < count; k++) {
        env[shift + k] = fast.zeros[k]! > half ? 0 : medianInPlace(fast.rises.subarray(k * nBands, (k + 1) * nBands));
      }
      return env;
    }
  }
  const scratch = new Float64Array(nBands);
  // Output frame t holds the flux between spectrogram frames j + lag and j, with j = t − shift.
  for (let t = shift; t < nFrames; t++) {
    const j = t - shift;
    if (j + lag >= nFrames) break;
    const now = (j + lag) * nBands;
    const before = j * nBands;
    let zeros = 0;
    for (let m = 0; m < nBands; m++) {
      const d = db[now + m]! - db[before + m]!;
      const rise = d > 0 ? d : 0;
      scratch[m] = rise;
      zeros += +(rise === 0);
    }
    env[t] = zeros > half ? 0 : medianInPlace(scratch);
  }
  return env;
}

/**
 * Onset envelope from a frame-major power spectrogram (bin k of frame t at t·nBins + k): 128-band
 * Slaney mel spectrogram up to sr/2, power_to_db (ref 1, amin 1e-10, top_db 80), median flux.
 */
export function onsetStrength(
  powerSpec: Float64Array,
  nBins: number,
  nFrames: number,
  sr: number,
  options: OnsetOptions = {},
): Float64Array {
  const nFft = options.nFft ?? 2048;
  const bank = melFilterBank(sr, nFft, 128, 0, sr / 2);
  const db = powerToDb(melSpectrogram(powerSpec, nBins, nFrames, bank));
  return onsetStrengthFromDb(db, nFrames, bank.nMels, options);
}
