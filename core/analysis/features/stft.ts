/**
 * Short-time Fourier transform exactly as librosa 0.7/0.8 `stft` with its defaults: periodic Hann
 * window, y reflect-padded by nFft/2 on both sides (center=True, pad_mode='reflect'; librosa ≥ 0.10
 * pads with zeros instead and shifts 52 of the 57 GTZAN features by up to 6 %), frame t covers
 * padded samples [t·hop, t·hop + nFft), bins 0..nFft/2.
 *
 * Why fft.js and not meyda: meyda frames the raw buffer without centre padding and windows it with a
 * symmetric Hann ((n − 1) denominator, Float32Array), so its spectra are not librosa's. Its feature
 * definitions differ too (see each feature file), so meyda is used for none of them. The FFT is
 * fft.js's algorithm in float64, run by the bit-identical SIMD kernel of wasm/fft.ts.
 *
 * librosa 0.8 computes each frame in float64 and stores it as complex64; keeping float64 here
 * differs from that by float32 rounding only (≈ 6e-8 relative), far inside the oracle tolerance.
 */
import { frameCount, reflectPad, reflectPadInto } from './padding.js';
import { complexFft } from './wasm/fft.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';
import { releaseStftMemory, stftInWasm } from './wasm/stft-kernels.js';
import { hannPeriodic } from './window.js';

export { hannPeriodic } from './window.js';

/** Complex STFT, frame-major: bin k of frame t is at index t * nBins + k. */
export interface Stft {
  readonly nFft: number;
  readonly hop: number;
  readonly nBins: number;
  readonly nFrames: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export const DEFAULT_N_FFT = 2048;
export const DEFAULT_HOP = 512;

function checkStftArgs(y: Float32Array | Float64Array, nFft: number, hop: number): void {
  if (!Number.isInteger(Math.log2(nFft)) || nFft < 4)
    throw new RangeError(`nFft must be a power of two ≥ 4, got ${nFft}`);
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a positive integer, got ${hop}`);
  if (y.length === 0) throw new RangeError('cannot reflect-pad an empty signal');
}

export function stft(y: Float32Array | Float64Array, nFft = DEFAULT_N_FFT, hop = DEFAULT_HOP): Stft {
  const scalar = (): Stft => stftScalar(y, nFft, hop);
  return withScalarFallback(() => wasmStft(y, nFft, hop, false) ?? scalar(), scalar);
}

/**
 * Runs `use` on stft(y) and returns its result; the STFT's WebAssembly memory then goes back for
 * the next call, which saves the page faults of a fresh one (~20 % of the STFT's cost). So `s` and
 * its arrays must not outlive `use` — the extractor's pattern: one STFT per window, read by every
 * stage, dropped at the end.
 */
export function withStft<T>(y: Float32Array | Float64Array, nFft: number, hop: number, use: (s: Stft) => T): T {
  const s = withScalarFallback(
    () => wasmStft(y, nFft, hop, true),
    () => undefined,
  );
  if (!s) return use(stftScalar(y, nFft, hop));
  try {
    return use(s);
  } finally {
    releaseStftMemory(s);
  }
}

/** The loop of stftScalar as a WebAssembly kernel (wasm/stft-kernels.ts, identical spectra), or undefined without SIMD. */
function wasmStft(y: Float32Array | Float64Array, nFft: number, hop: number, reuse: boolean): Stft | undefined {
  checkStftArgs(y, nFft, hop);
  const nFrames = frameCount(y.length + nFft, nFft, hop);
  if (nFrames === 0 || !wasmSimdAvailable()) return undefined;
  const fill = (signal: Float64Array): void => void reflectPadInto(y, nFft / 2, signal);
  const { re, im, attach } = stftInWasm(nFft, hop, y.length, nFrames, hannPeriodic(nFft), fill, reuse, y);
  const s: Stft = { nFft, hop, nBins: nFft / 2 + 1, nFrames, re, im };
  attach(s);
  return s;
}

/** stft() in JavaScript: the reference of the WebAssembly kernel and its fallback. */
export function stftScalar(y: Float32Array | Float64Array, nFft = DEFAULT_N_FFT, hop = DEFAULT_HOP): Stft {
  checkStftArgs(y, nFft, hop);
  const padded = reflectPad(y, nFft / 2);
  const nFrames = frameCount(padded.length, nFft, hop);
  const nBins = nFft / 2 + 1;
  const window = hannPeriodic(nFft);
  // Two real frames per complex FFT (frame t as the real part, t + 1 as the imaginary part), then
  // separated by conjugate symmetry: ~35 % less time than one fft.js realTransform per frame.
  const fft = complexFft(nFft);
  const packed = fft.input;
  const spectrum = fft.output;
  const re = new Float64Array(nFrames * nBins);
  const im = new Float64Array(nFrames * nBins);
  for (let t = 0; t < nFrames; t += 2) {
    const a = t * hop;
    const pair = t + 1 < nFrames;
    const b = a + hop;
    for (let i = 0; i < nFft; i++) {
      packed[2 * i] = padded[a + i]! * window[i]!;
      packed[2 * i + 1] = pair ? padded[b + i]! * window[i]! : 0;
    }
    fft.transform();
    const baseA = t * nBins;
    const baseB = baseA + nBins;
    for (let k = 0; k < nBins; k++) {
      const j = k === 0 ? 0 : nFft - k;
      const zr = spectrum[2 * k]!;
      const zi = spectrum[2 * k + 1]!;
      const cr = spectrum[2 * j]!;
      const ci = spectrum[2 * j + 1]!;
      // A[k] = (Z[k] + conj Z[N−k]) / 2,  B[k] = (Z[k] − conj Z[N−k]) / 2i
      re[baseA + k] = 0.5 * (zr + cr);
      im[baseA + k] = 0.5 * (zi - ci);
      if (pair) {
        re[baseB + k] = 0.5 * (zi + ci);
        im[baseB + k] = 0.5 * (cr - zr);
      }
    }
  }
  return { nFft, hop, nBins, nFrames, re, im };
}

/** |X|, same frame-major layout as the STFT. */
export function magnitude(s: Stft): Float64Array {
  const out = new Float64Array(s.re.length);
  for (let i = 0; i < out.length; i++) {
    const a = s.re[i]!;
    const b = s.im[i]!;
    out[i] = Math.sqrt(a * a + b * b);
  }
  return out;
}

/** |X|², same frame-major layout as the STFT. */
export function power(s: Stft): Float64Array {
  const out = new Float64Array(s.re.length);
  for (let i = 0; i < out.length; i++) {
    const a = s.re[i]!;
    const b = s.im[i]!;
    out[i] = a * a + b * b;
  }
  return out;
}

/** Centre frequency in Hz of each STFT bin, librosa.fft_frequencies: k · sr / nFft. */
export function fftFrequencies(sr: number, nFft: number): Float64Array {
  const n = nFft / 2 + 1;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = (k * sr) / nFft;
  return out;
}
