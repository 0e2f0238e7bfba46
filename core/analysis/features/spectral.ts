/**
 * Spectral centroid, bandwidth and rolloff as librosa.feature.spectral_* in 0.7/0.8 with default
 * arguments, computed on the **magnitude** spectrogram (power=1), with frequencies of the FFT bins
 * (k·sr/nFft). Input is a frame-major float32 magnitude spectrogram (see spectrogram32.ts).
 *
 * Not meyda's spectralCentroid/spectralSpread/spectralRolloff: those return bin indices rather than
 * Hz, work on one unpadded, symmetric-Hann buffer, and meyda's rolloff uses 99 % searched from the
 * top instead of 85 % from the bottom.
 */
import { fftFrequencies } from './stft.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';
import { wasmSpectralShape } from './wasm/spectral-shape.js';

export interface SpectralShape {
  readonly centroid: Float64Array;
  readonly bandwidth: Float64Array;
  readonly rolloff: Float64Array;
}

const ROLL_PERCENT_F32 = Math.fround(0.85);

/**
 * Per frame: centroid = Σ f·S/ΣS; bandwidth (p = 2) = sqrt(Σ (S/ΣS)·(f − centroid)²); rolloff = the
 * frequency of the first bin whose cumulative magnitude reaches 0.85 of the frame total. A silent
 * frame has centroid and bandwidth 0 (librosa.util.normalize leaves a zero column at zero) and
 * rolloff 0 Hz.
 *
 * Rolloff is a threshold comparison, so it reproduces librosa's float32 arithmetic: np.cumsum of a
 * float32 column accumulates sequentially in float32 and the threshold is float32(0.85)·total.
 */
export function spectralShape(
  magnitude: Float32Array,
  nBins: number,
  nFrames: number,
  sr: number,
  nFft: number,
): SpectralShape {
  if (magnitude.length !== nBins * nFrames) throw new RangeError('spectrogram size does not match nBins × nFrames');
  if (nBins !== nFft / 2 + 1) throw new RangeError(`nBins ${nBins} does not match nFft ${nFft}`);
  const freqs = fftFrequencies(sr, nFft);
  if (wasmSimdAvailable()) {
    // The same loops in WebAssembly (wasm/spectral-shape.ts), bit-identical.
    const fast = withScalarFallback(
      () => wasmSpectralShape(magnitude, freqs, nFrames, ROLL_PERCENT_F32),
      () => undefined,
    );
    if (fast) return fast;
  }
  return spectralShapeScalar(magnitude, nBins, nFrames, freqs);
}

/** spectralShape in JavaScript: the kernel's reference and fallback. */
export function spectralShapeScalar(
  magnitude: Float32Array,
  nBins: number,
  nFrames: number,
  freqs: Float64Array,
): SpectralShape {
  const centroid = new Float64Array(nFrames);
  const bandwidth = new Float64Array(nFrames);
  const rolloff = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const base = t * nBins;
    let total = 0;
    let weighted = 0;
    let totalF32 = 0;
    for (let k = 0; k < nBins; k++) {
      const m = magnitude[base + k]!;
      total += m;
      weighted += m * freqs[k]!;
      totalF32 = Math.fround(totalF32 + m);
    }
    if (total > 0) {
      const c = weighted / total;
      let spread = 0;
      for (let k = 0; k < nBins; k++) {
        const d = freqs[k]! - c;
        spread += magnitude[base + k]! * d * d;
      }
      centroid[t] = c;
      bandwidth[t] = Math.sqrt(spread / total);
    }

    const threshold = Math.fround(ROLL_PERCENT_F32 * totalF32);
    let cumulative = 0;
    let k = 0;
    for (; k < nBins; k++) {
      cumulative = Math.fround(cumulative + magnitude[base + k]!);
      if (cumulative >= threshold) break;
    }
    rolloff[t] = freqs[Math.min(k, nBins - 1)]!;
  }
  return { centroid, bandwidth, rolloff };
}
