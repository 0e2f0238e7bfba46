/**
 * The spectrograms exactly as librosa 0.7/0.8 held them: its STFT is stored as complex64, so
 * `np.abs(D)` is a float32 magnitude and `np.abs(D) ** 2` a float32 power. Most features are
 * insensitive to that rounding, but three are decided by comparisons on these values: the
 * rolloff bin (a float32 cumulative sum against 0.85 of the total), piptrack's peak picking and the
 * 0.01-bin tuning histogram. Reproducing the float32 values makes those comparisons come out the
 * way they did in librosa instead of flipping now and then.
 */
import type { Stft } from './stft.js';
import { spectrogramsInWasm } from './wasm/stft-kernels.js';

/** float32(|float32(re) + i·float32(im)|), like numpy's hypotf on complex64; frame-major. */
export function magnitudeF32(s: Stft): Float32Array {
  const out = new Float32Array(s.re.length);
  for (let i = 0; i < out.length; i++) {
    const a = Math.fround(s.re[i]!);
    const b = Math.fround(s.im[i]!);
    out[i] = Math.sqrt(a * a + b * b); // exact squares in float64, one rounding on store
  }
  return out;
}

/** float32(m²) for a float32 magnitude spectrogram, as `np.abs(D) ** 2` in float32. */
export function powerF32(magnitude: Float32Array): Float32Array {
  const out = new Float32Array(magnitude.length);
  for (let i = 0; i < out.length; i++) {
    const m = magnitude[i]!;
    out[i] = m * m;
  }
  return out;
}

/**
 * magnitudeF32(s) and powerF32 of it in one pass, by the WebAssembly kernel when s came from it
 * (the same values; the arrays then live in s's memory, as long as s.re and s.im do).
 */
export function spectrogramsF32(s: Stft): { magnitude: Float32Array; power: Float32Array } {
  const fast = spectrogramsInWasm(s);
  if (fast) return fast;
  const magnitude = magnitudeF32(s);
  return { magnitude, power: powerF32(magnitude) };
}
