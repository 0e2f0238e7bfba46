/**
 * Inverse STFT exactly as librosa 0.7/0.8 `istft(D)` with its defaults and NO length argument,
 * which is how `effects.harmonic` / `effects.percussive` produced GTZAN's harmony/perceptr:
 * every frame is inverse-FFT'd (numpy irfft: the imaginary parts of the DC and Nyquist bins are
 * ignored), multiplied by the periodic Hann window, overlap-added, divided by the sum of squared
 * windows wherever that sum exceeds the smallest normal float32 (librosa's `tiny` for its float32
 * output), and then nFft/2 samples are cut from both ends (center=True). The result has
 * hop·(nFrames − 1) samples: for a 661,794-sample clip, 661,504 — the caller pads with zeros.
 *
 * fft.js has no inverse real transform, so two frames share one complex inverse FFT: with X₁, X₂
 * the Hermitian spectra of two real frames, IFFT(X₁ + i·X₂) = x₁ + i·x₂. librosa accumulates in
 * float32; this stays in float64, which differs by float32 rounding only.
 */
import FFT from 'fft.js';
import { hannPeriodic } from './window.js';
import type { Stft } from './stft.js';

const FLOAT32_TINY = 1.1754943508222875e-38;

const ffts = new Map<number, FFT>();
function fftOfSize(n: number): FFT {
  let f = ffts.get(n);
  if (!f) {
    f = new FFT(n);
    ffts.set(n, f);
  }
  return f;
}

/** Adds the full Hermitian spectrum of frame `t` into z (interleaved re/im), times i when `asImaginary`. */
function addHermitian(z: Float64Array, s: Stft, t: number, asImaginary: boolean): void {
  const { nFft, nBins, re, im } = s;
  const base = t * nBins;
  const half = nFft / 2;
  for (let k = 0; k < nBins; k++) {
    const a = re[base + k]!;
    // numpy's irfft drops the imaginary part of the DC and Nyquist bins.
    const b = k === 0 || k === half ? 0 : im[base + k]!;
    // X[k] = a + ib and, mirrored, X[N − k] = a − ib.
    if (asImaginary) {
      // i·X[k] = −b + ia
      z[2 * k] = z[2 * k]! - b;
      z[2 * k + 1] = z[2 * k + 1]! + a;
      if (k !== 0 && k !== half) {
        z[2 * (nFft - k)] = z[2 * (nFft - k)]! + b;
        z[2 * (nFft - k) + 1] = z[2 * (nFft - k) + 1]! + a;
      }
    } else {
      z[2 * k] = z[2 * k]! + a;
      z[2 * k + 1] = z[2 * k + 1]! + b;
      if (k !== 0 && k !== half) {
        z[2 * (nFft - k)] = z[2 * (nFft - k)]! + a;
        z[2 * (nFft - k) + 1] = z[2 * (nFft - k) + 1]! - b;
      }
    }
  }
}

/** Sum over frames of the squared window, librosa.filters.window_sumsquare. */
function windowSumSquare(window: Float64Array, nFrames: number, hop: number, length: number): Float64Array {
  const n = window.length;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = window[i]! * window[i]!;
  const out = new Float64Array(length);
  for (let t = 0; t < nFrames; t++) {
    const start = t * hop;
    const stop = Math.min(n, length - start);
    for (let i = 0; i < stop; i++) out[start + i] = out[start + i]! + sq[i]!;
  }
  return out;
}

export function istft(s: Stft): Float64Array {
  const { nFft, hop, nBins, nFrames } = s;
  if (nBins !== nFft / 2 + 1) throw new RangeError(`STFT has ${nBins} bins, expected nFft/2 + 1 = ${nFft / 2 + 1}`);
  if (nFrames < 1) throw new RangeError('cannot invert an STFT with no frames');
  if (s.re.length !== nBins * nFrames || s.im.length !== nBins * nFrames) throw new RangeError('STFT arrays do not match nBins × nFrames');

  const window = hannPeriodic(nFft);
  const fullLength = nFft + hop * (nFrames - 1);
  const acc = new Float64Array(fullLength);
  const fft = fftOfSize(nFft);
  const z = new Float64Array(2 * nFft);
  const out = new Float64Array(2 * nFft);

  for (let t = 0; t < nFrames; t += 2) {
    z.fill(0);
    addHermitian(z, s, t, false);
    const paired = t + 1 < nFrames;
    if (paired) addHermitian(z, s, t + 1, true);
    fft.inverseTransform(out, z);
    const first = t * hop;
    for (let i = 0; i < nFft; i++) acc[first + i] = acc[first + i]! + window[i]! * out[2 * i]!;
    if (paired) {
      const second = first + hop;
      for (let i = 0; i < nFft; i++) acc[second + i] = acc[second + i]! + window[i]! * out[2 * i + 1]!;
    }
  }

  const sumSquare = windowSumSquare(window, nFrames, hop, fullLength);
  const trim = nFft / 2;
  const y = new Float64Array(fullLength - 2 * trim);
  for (let i = 0; i < y.length; i++) {
    const w = sumSquare[trim + i]!;
    const v = acc[trim + i]!;
    y[i] = w > FLOAT32_TINY ? v / w : v;
  }
  return y;
}
