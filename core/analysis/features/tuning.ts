/**
 * Tuning estimation as librosa 0.8 `estimate_tuning(S=power, sr, bins_per_octave=12)` does it for
 * chroma_stft: `piptrack` (parabolic peak interpolation, per-frame threshold 0.1·max, 150–4000 Hz),
 * keep peaks whose interpolated magnitude is ≥ the median over all peaks, then `pitch_tuning`: the
 * fractional part of each pitch in semitones relative to A440, folded to [−0.5, 0.5), histogrammed
 * into 0.01-wide bins; the tuning is the left edge of the fullest bin.
 *
 * piptrack runs as a WebAssembly kernel (wasm/piptrack.ts) where the runtime has SIMD, with the
 * same float32 bits as the JavaScript loop here, which stays as the reference and the fallback.
 *
 * librosa ran all of this in float32 (its spectrogram is complex64 and piptrack allocates its
 * outputs like S), and a pitch that lands on the other side of a 0.01 bin edge can change the
 * histogram's winner, which shifts the chroma filter bank (a wrong tuning moves chroma by up to
 * 5.6 %). So every step below rounds to float32 where numpy did.
 */

import { wasmPiptrack } from './wasm/piptrack.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';

const f32 = Math.fround;
const TINY_F32 = 1.1754943508222875e-38; // np.finfo(np.float32).tiny

export interface PiptrackOptions {
  readonly fmin?: number;
  readonly fmax?: number;
  readonly threshold?: number;
}

/** The non-zero entries of piptrack's (pitches, magnitudes) matrices, as float32 values. */
export interface PitchPeaks {
  readonly count: number;
  readonly pitches: Float32Array;
  readonly magnitudes: Float32Array;
}

/**
 * 'auto': the WebAssembly kernel (wasm/piptrack.ts) where the runtime has SIMD, else the
 * JavaScript loop; 'scalar': always the JavaScript loop, the reference (tests).
 */
export type PiptrackEngine = 'auto' | 'scalar';

/**
 * librosa.piptrack on a frame-major float32 spectrogram S (bin k of frame t at t·nBins + k).
 * Returns only the peaks (where librosa's matrices are non-zero).
 */
export function piptrack(
  S: Float32Array,
  nBins: number,
  nFrames: number,
  sr: number,
  nFft: number,
  options: PiptrackOptions = {},
  engine: PiptrackEngine = 'auto',
): PitchPeaks {
  if (S.length !== nBins * nFrames) throw new RangeError('spectrogram size does not match nBins × nFrames');
  const fmin = Math.max(options.fmin ?? 150, 0);
  const fmax = Math.min(options.fmax ?? 4000, sr / 2);
  const thresholdF32 = f32(options.threshold ?? 0.1);
  const binHz = sr / nFft;
  // Bins with fmin ≤ f < fmax; piptrack's interpolation needs both neighbours, which bins 1..nBins−2 have.
  let kLo = Math.max(1, Math.ceil(fmin / binHz));
  while (kLo * binHz < fmin) kLo++;
  let kHi = Math.min(nBins - 2, Math.ceil(fmax / binHz) - 1);
  while (kHi >= kLo && kHi * binHz >= fmax) kHi--;

  const scalar = (): PitchPeaks => scalarPiptrack(S, nBins, nFrames, sr, nFft, kLo, kHi, thresholdF32);
  if (engine === 'scalar' || !wasmSimdAvailable()) return scalar();
  return withScalarFallback(() => wasmPiptrack(S, nBins, nFrames, kLo, kHi, thresholdF32, sr, nFft), scalar);
}

function scalarPiptrack(
  S: Float32Array,
  nBins: number,
  nFrames: number,
  sr: number,
  nFft: number,
  kLo: number,
  kHi: number,
  thresholdF32: number,
): PitchPeaks {
  let pitches: Float32Array<ArrayBuffer> = new Float32Array(1024);
  let magnitudes: Float32Array<ArrayBuffer> = new Float32Array(1024);
  let count = 0;
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    let max = -Infinity;
    for (let k = 0; k < nBins; k++) if (S[base + k]! > max) max = S[base + k]!;
    const ref = f32(thresholdF32 * max);
    // localmax of S·(S > ref): x[k] > x[k−1] and x[k] ≥ x[k+1], with thresholded neighbours as 0.
    const x = (k: number): number => {
      const v = S[base + k]!;
      return v > ref ? v : 0;
    };
    for (let k = kLo; k <= kHi; k++) {
      const xk = x(k);
      if (!(xk > x(k - 1) && xk >= x(k + 1))) continue;
      const s0 = S[base + k - 1]!;
      const s1 = S[base + k]!;
      const s2 = S[base + k + 1]!;
      const avg = f32(0.5 * f32(s2 - s0));
      let den = f32(f32(f32(2 * s1) - s2) - s0);
      if (Math.abs(den) < TINY_F32) den = f32(den + 1);
      const shift = f32(avg / den);
      const dskew = f32(f32(0.5 * avg) * shift);
      if (count === pitches.length) {
        pitches = grow(pitches);
        magnitudes = grow(magnitudes);
      }
      pitches[count] = ((k + shift) * sr) / nFft;
      magnitudes[count] = f32(s1 + dskew);
      count++;
    }
  }
  return { count, pitches: pitches.subarray(0, count), magnitudes: magnitudes.subarray(0, count) };
}

function grow(a: Float32Array): Float32Array<ArrayBuffer> {
  const b = new Float32Array(a.length * 2);
  b.set(a);
  return b;
}

/** np.median of float32 values, with numpy's float32 mean of the two middle values. */
function medianF32(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return f32(f32(sorted[mid - 1]! + sorted[mid]!) / 2);
}

/**
 * librosa.pitch_tuning: the left edge of the fullest bin of np.histogram(residuals,
 * np.linspace(−0.5, 0.5, ⌈1/resolution⌉ + 1)), where residual = (bpo·log2(f / 27.5)) mod 1,
 * folded to [−0.5, 0.5). Returns 0 for no positive frequencies, like librosa.
 */
export function pitchTuning(frequencies: Float32Array, resolution = 0.01, binsPerOctave = 12): number {
  const nBins = Math.ceil(1 / resolution);
  const step = 1 / nBins; // np.linspace(-0.5, 0.5, nBins + 1): edge i = i·step − 0.5, last edge exactly 0.5
  const edges = new Float64Array(nBins + 1);
  for (let i = 0; i < nBins; i++) edges[i] = i * step + -0.5;
  edges[nBins] = 0.5;
  const counts = new Int32Array(nBins);
  let any = false;
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i]!;
    if (!(f > 0)) continue;
    any = true;
    // float32 like numpy: f / (440 / 16), log2, times bins_per_octave, mod 1.
    const semis = f32(binsPerOctave * f32(Math.log2(f32(f / 27.5))));
    let residual = f32(semis - Math.floor(semis));
    if (residual >= 0.5) residual = f32(residual - 1);
    // np.histogram: bin i holds edges[i] ≤ r < edges[i+1]; the last bin also takes r = 0.5.
    if (residual < edges[0]! || residual > edges[nBins]!) continue;
    let b = Math.min(nBins - 1, Math.max(0, Math.floor((residual + 0.5) / step)));
    while (b > 0 && residual < edges[b]!) b--;
    while (b < nBins - 1 && residual >= edges[b + 1]!) b++;
    counts[b]!++;
  }
  if (!any) return 0;
  let best = 0;
  for (let i = 1; i < nBins; i++) if (counts[i]! > counts[best]!) best = i;
  return edges[best]!;
}

/** librosa.estimate_tuning(S=S, sr=sr, n_fft=nFft, resolution, bins_per_octave) with piptrack's defaults. */
export function estimateTuning(
  S: Float32Array,
  nBins: number,
  nFrames: number,
  sr: number,
  nFft: number,
  resolution = 0.01,
  binsPerOctave = 12,
  options: PiptrackOptions = {},
): number {
  const peaks = piptrack(S, nBins, nFrames, sr, nFft, options);
  // Peaks with pitch > 0; the median of their magnitudes is the selection threshold.
  const positive: number[] = [];
  for (let i = 0; i < peaks.count; i++) if (peaks.pitches[i]! > 0) positive.push(i);
  if (positive.length === 0) return pitchTuning(new Float32Array(0), resolution, binsPerOctave);
  const mags = Float32Array.from(positive, (i) => peaks.magnitudes[i]!);
  const threshold = medianF32(mags);
  const selected = new Float32Array(positive.length);
  let n = 0;
  for (const i of positive) if (peaks.magnitudes[i]! >= threshold) selected[n++] = peaks.pitches[i]!;
  return pitchTuning(selected.subarray(0, n), resolution, binsPerOctave);
}
