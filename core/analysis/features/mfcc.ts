/**
 * MFCCs as librosa.feature.mfcc(y, sr) in 0.7/0.8: power_to_db (ref 1, amin 1e-10, top_db 80 below
 * the maximum of the whole mel spectrogram) of the 128-band Slaney mel spectrogram of the power
 * spectrogram, then an orthonormal DCT-II over the bands, first 20 coefficients.
 *
 * Not meyda's mfcc: it uses unnormalised HTK-style triangles on the amplitude spectrum, the natural
 * log without a dB floor, and a DCT without the orthonormal scaling (measured on GTZAN: DCT without
 * ortho alone is off by 15–510×, mel norm None by up to 8.8×).
 */
import { melSpectrogram, powerToDb, type MelFilterBank } from './mel.js';
import { MAX_BANK_OUTPUTS, wasmBankProduct } from './wasm/dense-bank.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';

const dctCache = new Map<string, Float64Array>();

/** Orthonormal DCT-II basis, nOut × n, row-major: scipy.fftpack.dct(x, type=2, norm='ortho')[:nOut]. */
export function dctOrthoBasis(n: number, nOut: number): Float64Array {
  const key = `${n}/${nOut}`;
  let basis = dctCache.get(key);
  if (!basis) {
    basis = new Float64Array(nOut * n);
    for (let k = 0; k < nOut; k++) {
      const scale = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
      for (let i = 0; i < n; i++) basis[k * n + i] = scale * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
    }
    dctCache.set(key, basis);
  }
  return basis;
}

const transposedCache = new Map<string, Float64Array>();

/** dctOrthoBasis transposed, n × nOut (input i, coefficient k at i·nOut + k), for the bank kernel. */
function dctOrthoBasisByInput(n: number, nOut: number): Float64Array {
  const key = `${n}/${nOut}`;
  let t = transposedCache.get(key);
  if (!t) {
    const basis = dctOrthoBasis(n, nOut);
    t = new Float64Array(n * nOut);
    for (let k = 0; k < nOut; k++) for (let i = 0; i < n; i++) t[i * nOut + k] = basis[k * n + i]!;
    transposedCache.set(key, t);
  }
  return t;
}

/** DCT-II (ortho) of each frame of a frame-major nFrames × n matrix; returns frame-major nFrames × nOut. */
export function dctOrtho(values: Float64Array, n: number, nFrames: number, nOut: number): Float64Array {
  if (values.length !== n * nFrames) throw new RangeError('matrix size does not match n × nFrames');
  if (nOut > n) throw new RangeError(`cannot take ${nOut} coefficients of a length-${n} DCT`);
  if (nOut % 2 === 0 && nOut <= MAX_BANK_OUTPUTS && wasmSimdAvailable()) {
    // The same sums in WebAssembly SIMD (wasm/dense-bank.ts), two coefficients per instruction.
    const fast = withScalarFallback(
      () => wasmBankProduct(values, n, nFrames, dctOrthoBasisByInput(n, nOut), nOut),
      () => undefined,
    );
    if (fast) return fast;
  }
  const basis = dctOrthoBasis(n, nOut);
  const out = new Float64Array(nFrames * nOut);
  for (let t = 0; t < nFrames; t++) {
    const col = t * n;
    for (let k = 0; k < nOut; k++) {
      const row = k * n;
      let acc = 0;
      for (let i = 0; i < n; i++) acc += basis[row + i]! * values[col + i]!;
      out[t * nOut + k] = acc;
    }
  }
  return out;
}

/** MFCCs, frame-major: coefficient c of frame t at t * nMfcc + c. */
export function mfcc(
  powerSpec: Float32Array | Float64Array,
  nBins: number,
  nFrames: number,
  bank: MelFilterBank,
  nMfcc = 20,
): Float64Array {
  const mel = melSpectrogram(powerSpec, nBins, nFrames, bank);
  const db = powerToDb(mel, 1, 1e-10, 80);
  return dctOrtho(db, bank.nMels, nFrames, nMfcc);
}
