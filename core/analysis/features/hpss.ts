/**
 * Harmonic/percussive separation as librosa 0.7/0.8 `effects.harmonic` / `effects.percussive`
 * with their defaults, the source of GTZAN's harmony_* and perceptr_* columns:
 *
 * - `decompose.hpss(D, kernel_size=31, power=2, margin=1)`: |D| median-filtered over 31 frames
 *   (harmonic) and over 31 bins (percussive), scipy 'reflect' boundaries (see median-filter.ts);
 *   soft masks `util.softmask(H, P·margin, power, split_zeros = (margin == 1))`; each part is
 *   D·mask.
 * - `istft` of each part without a length argument (hop·(T − 1) samples), then
 *   `util.fix_length` to the input length: the last len mod hop samples are zeros.
 *
 * Margin 2 instead of 1 moves harmony/perceptr by 35–60 %, hence the explicit defaults.
 */
import { istft, windowSumPlan } from './istft.js';
import { medianFilters, type Matrix } from './median-filter.js';
import { wasmHarmonicMask } from './wasm/hpss-mask.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';
import { hpssStatisticsInWasm, stftMaskBuffer } from './wasm/stft-kernels.js';
import { meanVar, type MeanVar } from './stats.js';
import { hannPeriodic } from './window.js';
import { magnitude, type Stft } from './stft.js';

/** numpy.finfo(float32).tiny: librosa's softmask threshold for its float32 spectrograms. */
const FLOAT32_TINY = 1.1754943508222875e-38;

export const HPSS_KERNEL_SIZE = 31;
export const HPSS_POWER = 2;
export const HPSS_MARGIN = 1;

/**
 * librosa.util.softmask for one element: (X/Z)^p / ((X/Z)^p + (R/Z)^p) with Z = max(X, R), the
 * rescaling avoiding overflow. Where Z is below the smallest normal float32, the mask is 0.5 when
 * `splitZeros` (the two masks then still sum to one) and 0 otherwise.
 */
export function softmask(x: number, reference: number, power: number, splitZeros: boolean): number {
  const z = x > reference ? x : reference;
  if (!(z >= FLOAT32_TINY)) return splitZeros ? 0.5 : 0;
  const a = power === 2 ? (x / z) * (x / z) : (x / z) ** power;
  const b = power === 2 ? (reference / z) * (reference / z) : (reference / z) ** power;
  return a / (a + b);
}

/**
 * softmask(h, p, 2, true) for every element pair, with two divisions instead of three and the
 * same bits: with z = max(h, p), one of (h/z)² and (p/z)² is (z/z)² = 1 exactly, so the mask is
 * 1 / (1 + (p/h)²) when h > p and (h/p)² / ((h/p)² + 1) otherwise — the very operations softmask
 * performs, minus a division by itself. (Only an infinite median, which a finite spectrum cannot
 * have, would tell the two apart: ∞/∞ is NaN.)
 */
export function harmonicMask(harmonic: Matrix, percussive: Matrix): Float64Array {
  if (harmonic.length !== percussive.length) throw new RangeError('median-filtered spectrograms differ in size');
  const mask = new Float64Array(harmonic.length);
  for (let i = 0; i < mask.length; i++) {
    const h = harmonic[i]!;
    const p = percussive[i]!;
    if (h > p) {
      if (h >= FLOAT32_TINY) {
        const q = p / h;
        mask[i] = 1 / (1 + q * q);
      } else mask[i] = 0.5;
    } else if (p >= FLOAT32_TINY) {
      const q = h / p;
      const u = q * q;
      mask[i] = u / (u + 1);
    } else mask[i] = 0.5;
  }
  return mask;
}

/**
 * The harmonic mask of decompose.hpss(|D|) with the default kernel, power 2 and margin 1: median
 * filters and mask in one WebAssembly pass (wasm/hpss-mask.ts) where the runtime has SIMD, else
 * medianFilters + harmonicMask. Same values either way; written to `into` when given.
 */
export function hpssHarmonicMask(mag: Matrix, nFrames: number, nBins: number, into?: Float64Array): Float64Array {
  const scalar = (): Float64Array => {
    const [harmMed, percMed] = medianFilters(
      mag,
      nFrames,
      nBins,
      HPSS_KERNEL_SIZE,
      ['time', 'frequency'],
      'scalar',
    ) as [Float32Array, Float32Array];
    const mask = harmonicMask(harmMed, percMed);
    if (!into) return mask;
    into.set(mask);
    return into;
  };
  if (!wasmSimdAvailable()) return scalar();
  const narrow = mag instanceof Float32Array ? mag : Float32Array.from(mag);
  return withScalarFallback(() => wasmHarmonicMask(narrow, nFrames, nBins, HPSS_KERNEL_SIZE, into), scalar);
}

export interface HpssOptions {
  kernelSize?: number;
  power?: number;
  margin?: number;
}

export interface HpssMasks {
  /** Frame-major like the STFT: bin k of frame t at t·nBins + k. */
  readonly harmonic: Float64Array;
  readonly percussive: Float64Array;
}

/** HPSS soft masks of a frame-major magnitude spectrogram (decompose.hpss(..., mask=True)). */
export function hpssMasks(mag: Matrix, nFrames: number, nBins: number, options: HpssOptions = {}): HpssMasks {
  const kernelSize = options.kernelSize ?? HPSS_KERNEL_SIZE;
  const power = options.power ?? HPSS_POWER;
  const margin = options.margin ?? HPSS_MARGIN;
  if (!(power > 0)) throw new RangeError(`softmask power must be positive, got ${power}`);
  if (!(margin >= 1)) throw new RangeError(`HPSS margin must be ≥ 1, got ${margin}`);
  const [harm, perc] = medianFilters(mag, nFrames, nBins, kernelSize, ['time', 'frequency']) as [
    Float32Array,
    Float32Array,
  ];
  const splitZeros = margin === 1;
  const harmonic = new Float64Array(mag.length);
  const percussive = new Float64Array(mag.length);
  for (let i = 0; i < mag.length; i++) {
    const h = harm[i]!;
    const p = perc[i]!;
    harmonic[i] = softmask(h, p * margin, power, splitZeros);
    percussive[i] = softmask(p, h * margin, power, splitZeros);
  }
  return { harmonic, percussive };
}

export interface HpssSignals {
  readonly harmonic: Float64Array;
  readonly percussive: Float64Array;
}

/**
 * librosa.effects.harmonic(y) and librosa.effects.percussive(y), both of y.length samples, given
 * s = stft(y) with the default 2048/512. `mag` is |s| when the caller already has it (a float32
 * |s| is exactly what librosa filtered); otherwise it is computed here.
 *
 * With margin 1 the two masks sum to one everywhere (0.5 + 0.5 where both medians vanish), and
 * the istft of the unmasked STFT is y itself (window-sum normalised overlap-add reconstructs
 * exactly), so percussive = y − harmonic over the istft's span: one inverse STFT instead of two,
 * equal to librosa's result up to float rounding (≈ 1e-16 here, against librosa's own float32).
 */
export function hpssSignals(y: Float32Array | Float64Array, s: Stft, mag: Matrix = magnitude(s)): HpssSignals {
  return signalsFromMask(y, s, checkedHarmonicMask(y, s, mag));
}

/**
 * Population mean and variance of hpssSignals(y, s, mag)'s two signals — all the GTZAN table
 * keeps of them (harmony_*, perceptr_*). With an STFT from the WebAssembly kernel the signals are
 * never materialised: the inverse STFT, the subtraction and both statistics run in its memory
 * (wasm/stft-kernels.ts), with stats.ts's exact arithmetic, so the numbers are the same bits.
 */
export function hpssStatistics(
  y: Float32Array | Float64Array,
  s: Stft,
  mag: Matrix = magnitude(s),
): { harmonic: MeanVar; percussive: MeanVar } {
  const mask = checkedHarmonicMask(y, s, mag);
  const plan = windowSumPlan(hannPeriodic(s.nFft), s.nFrames, s.hop, s.nFft / 2, s.hop * (s.nFrames - 1));
  const fast = hpssStatisticsInWasm(s, mask, plan, y);
  if (fast) return fast;
  const { harmonic, percussive } = signalsFromMask(y, s, mask);
  return { harmonic: meanVar(harmonic), percussive: meanVar(percussive) };
}

function checkedHarmonicMask(y: Float32Array | Float64Array, s: Stft, mag: Matrix): Float64Array {
  const expectedFrames = 1 + Math.floor(y.length / s.hop);
  if (s.nFrames !== expectedFrames) {
    throw new RangeError(`STFT has ${s.nFrames} frames, stft(y) of ${y.length} samples has ${expectedFrames}`);
  }
  if (mag.length !== s.re.length) throw new RangeError('magnitude does not match the STFT size');
  // An STFT from the WebAssembly kernel has room for the mask beside it: no copy to hand over.
  return hpssHarmonicMask(mag, s.nFrames, s.nBins, stftMaskBuffer(s));
}

/** istft(s, mask) zero-padded to y's length, and y minus it. */
function signalsFromMask(y: Float32Array | Float64Array, s: Stft, mask: Float64Array): HpssSignals {
  const inverted = istft(s, mask);
  const span = Math.min(inverted.length, y.length);
  const harmonic = new Float64Array(y.length);
  const percussive = new Float64Array(y.length);
  for (let i = 0; i < span; i++) {
    const h = inverted[i]!;
    harmonic[i] = h;
    percussive[i] = y[i]! - h;
  }
  return { harmonic, percussive };
}
