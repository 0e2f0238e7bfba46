/**
 * Slaney-style mel filter bank and mel spectrogram as librosa 0.7/0.8 `filters.mel` with its
 * defaults (htk=False, norm='slaney' — called norm=1 in 0.7 — fmin 0, fmax sr/2) and
 * `power_to_db`.
 *
 * Why not meyda's mel bands: meyda builds HTK-formula triangles on integer FFT-bin edges with no
 * area normalisation and applies them to the amplitude spectrum; librosa places Slaney-scale
 * triangles on exact bin frequencies and scales each by 2 / (bandwidth in Hz). Measured on GTZAN,
 * dropping the Slaney norm alone moves MFCC statistics by up to 8.8×.
 */
import { fftFrequencies } from './stft.js';
import { wasmBandedProduct } from './wasm/dense-bank.js';
import { MIN_NORMAL, wasmPowerToDb } from './wasm/power-to-db.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';

/** Filter weights, band-major (band m, bin k at m * nBins + k); each band is non-zero only in [start[m], end[m]). */
export interface MelFilterBank {
  readonly sr: number;
  readonly nFft: number;
  readonly nMels: number;
  readonly nBins: number;
  readonly fmin: number;
  readonly fmax: number;
  readonly weights: Float64Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

// Slaney's Auditory Toolbox mel scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

export function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** librosa.mel_frequencies: n points evenly spaced on the mel scale (numpy.linspace arithmetic), in Hz. */
export function melFrequencies(n: number, fmin: number, fmax: number): Float64Array {
  const lo = hzToMel(fmin);
  const hi = hzToMel(fmax);
  const step = (hi - lo) / (n - 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = melToHz(i === n - 1 ? hi : i * step + lo);
  return out;
}

const cache = new Map<string, MelFilterBank>();

/** Cached per parameter set; treat the result as read-only. */
export function melFilterBank(sr: number, nFft: number, nMels = 128, fmin = 0, fmax = sr / 2): MelFilterBank {
  const key = `${sr}/${nFft}/${nMels}/${fmin}/${fmax}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const nBins = nFft / 2 + 1;
  const freqs = fftFrequencies(sr, nFft);
  const edges = melFrequencies(nMels + 2, fmin, fmax);
  const weights = new Float64Array(nMels * nBins);
  const start = new Int32Array(nMels);
  const end = new Int32Array(nMels);
  for (let m = 0; m < nMels; m++) {
    const lower = edges[m]!;
    const centre = edges[m + 1]!;
    const upper = edges[m + 2]!;
    const enorm = 2 / (upper - lower);
    let first = -1;
    let last = -1;
    for (let k = 0; k < nBins; k++) {
      const f = freqs[k]!;
      // Same operation order as librosa (ramps = mel_f − fft_freq, divided by the band's fdiff).
      const rising = -(lower - f) / (centre - lower);
      const falling = (upper - f) / (upper - centre);
      const w = Math.max(0, Math.min(rising, falling));
      if (w > 0) {
        weights[m * nBins + k] = w * enorm;
        if (first < 0) first = k;
        last = k;
      }
    }
    start[m] = first < 0 ? 0 : first;
    end[m] = first < 0 ? 0 : last + 1;
  }
  const bank: MelFilterBank = { sr, nFft, nMels, nBins, fmin, fmax, weights, start, end };
  cache.set(key, bank);
  return bank;
}

/**
 * Mel spectrogram of a frame-major power spectrogram (bin k of frame t at t * nBins + k), returned
 * frame-major too: band m of frame t at t * nMels + m.
 */
export function melSpectrogram(
  powerSpec: Float32Array | Float64Array,
  nBins: number,
  nFrames: number,
  bank: MelFilterBank,
): Float64Array {
  if (nBins !== bank.nBins) throw new RangeError(`spectrogram has ${nBins} bins, filter bank expects ${bank.nBins}`);
  if (powerSpec.length !== nBins * nFrames) throw new RangeError('spectrogram size does not match nBins × nFrames');
  const { nMels, weights, start, end } = bank;
  if (wasmSimdAvailable()) {
    // The same sums in WebAssembly (wasm/dense-bank.ts): the short per-band loops cost less there.
    const fast = withScalarFallback(
      () => wasmBandedProduct(powerSpec, nBins, nFrames, weights, start, end),
      () => undefined,
    );
    if (fast) return fast;
  }
  const out = new Float64Array(nFrames * nMels);
  for (let t = 0; t < nFrames; t++) {
    const col = t * nBins;
    for (let m = 0; m < nMels; m++) {
      const row = m * nBins;
      let acc = 0;
      for (let k = start[m]!; k < end[m]!; k++) acc += weights[row + k]! * powerSpec[col + k]!;
      out[t * nMels + m] = acc;
    }
  }
  return out;
}

/**
 * librosa.power_to_db: 10·log10(max(amin, x)) − 10·log10(max(amin, ref)), then floored at
 * (maximum over the whole input − topDb). Pass topDb = null for no floor. Returns a new array.
 */
export function powerToDb(
  values: Float64Array,
  ref = 1,
  amin = 1e-10,
  topDb: number | null = 80,
  engine: 'auto' | 'scalar' = 'auto',
): Float64Array {
  if (!(amin > 0)) throw new RangeError('amin must be strictly positive');
  if (topDb !== null && topDb < 0) throw new RangeError('topDb must be non-negative');
  const refDb = 10 * Math.log10(Math.max(amin, Math.abs(ref)));
  if (engine === 'auto' && amin >= MIN_NORMAL && values.length > 0 && wasmSimdAvailable()) {
    // The same values two at a time, fdlibm's log10 inside the kernel (wasm/power-to-db.ts).
    const fast = withScalarFallback(
      () => wasmPowerToDb(values, amin, refDb, topDb),
      () => undefined,
    );
    if (fast) return fast;
  }
  const out = new Float64Array(values.length);
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const db = 10 * Math.log10(Math.max(amin, values[i]!)) - refDb;
    out[i] = db;
    if (db > max) max = db;
  }
  if (topDb !== null) {
    const floor = max - topDb;
    for (let i = 0; i < out.length; i++) if (out[i]! < floor) out[i] = floor;
  }
  return out;
}
