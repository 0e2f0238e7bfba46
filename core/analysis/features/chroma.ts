/**
 * Chromagram as librosa.feature.chroma_stft(y, sr) in 0.7/0.8: the power spectrogram, tuning
 * estimated from it (tuning.ts), librosa.filters.chroma (Gaussian bumps around each pitch class,
 * per-bin L2 norm, octave weighting centred at octave 5 with width 2, rotated to start at C, shifted
 * by the tuning), then each frame divided by its maximum (norm=inf).
 *
 * Not meyda's chroma: meyda applies a similar filter bank to the amplitude spectrum of one
 * unpadded buffer, with no tuning estimate, and its bank uses a float A440 reference only.
 */

import { MAX_BANK_OUTPUTS, wasmBankProduct } from './wasm/dense-bank.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';

export interface ChromaFilterBank {
  readonly nChroma: number;
  readonly nBins: number;
  /**
   * Bin-major: bin k, pitch class c at k * nChroma + c (float32-rounded, as librosa's dtype), so a
   * frame's chroma is one pass over its spectrum.
   */
  readonly weights: Float64Array;
}

export interface ChromaOptions {
  readonly nChroma?: number;
  readonly tuning?: number;
  readonly ctroct?: number;
  readonly octwidth?: number;
  readonly baseC?: boolean;
}

const cache = new Map<string, ChromaFilterBank>();

/** librosa.filters.chroma(sr, n_fft, n_chroma=12, tuning, ctroct=5, octwidth=2, norm=2, base_c=True). Cached; read-only. */
export function chromaFilterBank(sr: number, nFft: number, options: ChromaOptions = {}): ChromaFilterBank {
  const nChroma = options.nChroma ?? 12;
  const tuning = options.tuning ?? 0;
  const ctroct = options.ctroct ?? 5;
  const octwidth = options.octwidth ?? 2;
  const baseC = options.baseC ?? true;
  const key = `${sr}/${nFft}/${nChroma}/${tuning}/${ctroct}/${octwidth}/${baseC}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const nBins = nFft / 2 + 1;
  const a440 = 440 * 2 ** (tuning / nChroma);
  // Bin positions in chroma units (12 per octave above A440/16); bin 0 (DC) gets a made-up
  // position 1.5 octaves below bin 1 so that it is broad and half-rotated, as in librosa.
  const frqbins = new Float64Array(nFft);
  const step = sr / nFft; // np.linspace(0, sr, nFft, endpoint=False)
  for (let k = 1; k < nFft; k++) frqbins[k] = nChroma * Math.log2((k * step) / (a440 / 16));
  frqbins[0] = frqbins[1]! - 1.5 * nChroma;
  const binWidth = new Float64Array(nFft);
  for (let k = 0; k < nFft - 1; k++) binWidth[k] = Math.max(frqbins[k + 1]! - frqbins[k]!, 1);
  binWidth[nFft - 1] = 1;

  const half = Math.round(nChroma / 2);
  const raw = new Float64Array(nChroma * nBins);
  // Only the first nBins columns survive librosa's final slice, and every step is per column.
  for (let k = 0; k < nBins; k++) {
    let norm2 = 0;
    for (let c = 0; c < nChroma; c++) {
      // Distance from pitch class c, wrapped into [−half, half).
      const d = mod(frqbins[k]! - c + half + 10 * nChroma, nChroma) - half;
      const w = Math.exp(-0.5 * ((2 * d) / binWidth[k]!) ** 2);
      raw[c * nBins + k] = w;
      norm2 += w * w;
    }
    const norm = Math.sqrt(norm2);
    const octave = Math.exp(-0.5 * ((frqbins[k]! / nChroma - ctroct) / octwidth) ** 2);
    for (let c = 0; c < nChroma; c++) raw[c * nBins + k] = (raw[c * nBins + k]! / norm) * octave;
  }
  // base_c: np.roll(wts, −3·(n_chroma/12)) so that row 0 is C instead of A.
  const roll = baseC ? 3 * Math.floor(nChroma / 12) : 0;
  const weights = new Float64Array(nChroma * nBins);
  for (let c = 0; c < nChroma; c++) {
    const src = (c + roll) % nChroma;
    for (let k = 0; k < nBins; k++) weights[k * nChroma + c] = Math.fround(raw[src * nBins + k]!);
  }
  const bank: ChromaFilterBank = { nChroma, nBins, weights };
  cache.set(key, bank);
  return bank;
}

/** numpy.remainder for a positive divisor: result in [0, m). */
function mod(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}

/**
 * Chromagram of a frame-major power spectrogram, frame-major (class c of frame t at t·nChroma + c),
 * each frame scaled so its largest class is 1 (librosa.util.normalize norm=inf; an all-zero frame
 * stays zero).
 */
export function chromagram(
  powerSpec: Float32Array | Float64Array,
  nBins: number,
  nFrames: number,
  bank: ChromaFilterBank,
): Float64Array {
  if (nBins !== bank.nBins) throw new RangeError(`spectrogram has ${nBins} bins, filter bank expects ${bank.nBins}`);
  if (powerSpec.length !== nBins * nFrames) throw new RangeError('spectrogram size does not match nBins × nFrames');
  const { nChroma, weights } = bank;
  const useWasm = nChroma % 2 === 0 && nChroma <= MAX_BANK_OUTPUTS && wasmSimdAvailable();
  // The same sums in WebAssembly SIMD (wasm/dense-bank.ts), two pitch classes per instruction.
  const fast = useWasm
    ? withScalarFallback(
        () => wasmBankProduct(powerSpec, nBins, nFrames, weights, nChroma),
        () => undefined,
      )
    : undefined;
  const out = fast ?? chromaSums(powerSpec, nBins, nFrames, bank);
  for (let t = 0; t < nFrames; t++) {
    const base = t * nChroma;
    let max = 0;
    for (let c = 0; c < nChroma; c++) if (out[base + c]! > max) max = out[base + c]!;
    // librosa leaves columns whose norm is below float32 tiny untouched (they are ~0 anyway).
    if (max >= 1.1754943508222875e-38) for (let c = 0; c < nChroma; c++) out[base + c] = out[base + c]! / max;
  }
  return out;
}

/** The unnormalised chromagram in JavaScript: the kernel's reference and fallback. */
function chromaSums(
  powerSpec: Float32Array | Float64Array,
  nBins: number,
  nFrames: number,
  bank: ChromaFilterBank,
): Float64Array {
  const { nChroma, weights } = bank;
  const out = new Float64Array(nFrames * nChroma);
  if (nChroma === 12) {
    chroma12(powerSpec, nBins, nFrames, weights, out);
    return out;
  }
  for (let t = 0; t < nFrames; t++) {
    const col = t * nBins;
    const base = t * nChroma;
    for (let k = 0; k < nBins; k++) {
      const p = powerSpec[col + k]!;
      for (let c = 0; c < nChroma; c++) out[base + c] = out[base + c]! + weights[k * nChroma + c]! * p;
    }
  }
  return out;
}

/** The 12-class case with the accumulators in locals: about twice as fast as indexing `out`. */
function chroma12(
  powerSpec: Float32Array | Float64Array,
  nBins: number,
  nFrames: number,
  w: Float64Array,
  out: Float64Array,
): void {
  for (let t = 0; t < nFrames; t++) {
    const col = t * nBins;
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0,
      a4 = 0,
      a5 = 0,
      a6 = 0,
      a7 = 0,
      a8 = 0,
      a9 = 0,
      a10 = 0,
      a11 = 0;
    for (let k = 0, i = 0; k < nBins; k++, i += 12) {
      const p = powerSpec[col + k]!;
      a0 += w[i]! * p;
      a1 += w[i + 1]! * p;
      a2 += w[i + 2]! * p;
      a3 += w[i + 3]! * p;
      a4 += w[i + 4]! * p;
      a5 += w[i + 5]! * p;
      a6 += w[i + 6]! * p;
      a7 += w[i + 7]! * p;
      a8 += w[i + 8]! * p;
      a9 += w[i + 9]! * p;
      a10 += w[i + 10]! * p;
      a11 += w[i + 11]! * p;
    }
    const b = t * 12;
    out[b] = a0;
    out[b + 1] = a1;
    out[b + 2] = a2;
    out[b + 3] = a3;
    out[b + 4] = a4;
    out[b + 5] = a5;
    out[b + 6] = a6;
    out[b + 7] = a7;
    out[b + 8] = a8;
    out[b + 9] = a9;
    out[b + 10] = a10;
    out[b + 11] = a11;
  }
}
