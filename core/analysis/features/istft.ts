/**
 * Inverse STFT exactly as librosa 0.7/0.8 `istft(D)` with its defaults and NO length argument,
 * which is how `effects.harmonic` / `effects.percussive` produced GTZAN's harmony/perceptr:
 * every frame is inverse-FFT'd (numpy irfft: the imaginary parts of the DC and Nyquist bins are
 * ignored), multiplied by the periodic Hann window, overlap-added, divided by the sum of squared
 * windows wherever that sum exceeds the smallest normal float32 (librosa's `tiny` for its float32
 * output), and then nFft/2 samples are cut from both ends (center=True). The result has
 * hop·(nFrames − 1) samples: for a 661,794-sample clip, 661,504 — the caller pads with zeros.
 *
 * There is no inverse real transform at hand (fft.js's algorithm, wasm/fft.ts), so two frames
 * share one complex FFT: with X₁, X₂ the Hermitian spectra of two real frames, IFFT(X₁ + i·X₂) =
 * x₁ + i·x₂, computed as conj(FFT(conj(·)))/N so the 1/N folds into the window. librosa
 * accumulates in float32; this stays in float64, which differs by float32 rounding only.
 *
 * An STFT computed by the WebAssembly kernel (wasm/stft-kernels.ts) is inverted there by the same
 * loop, bit for bit; the JavaScript loop below is its reference and the fallback.
 */
import { hannPeriodic } from './window.js';
import { complexFft } from './wasm/fft.js';
import { istftOverlapAddInWasm } from './wasm/stft-kernels.js';
import type { Stft } from './stft.js';

const FLOAT32_TINY = 1.1754943508222875e-38;

/**
 * librosa.filters.window_sumsquare at sample p of the untrimmed output: Σ over frames t of
 * window²[p − t·hop].
 */
function windowSumSquareAt(window: Float64Array, nFrames: number, hop: number, p: number): number {
  const n = window.length;
  let sum = 0;
  const tFirst = Math.max(0, Math.ceil((p - n + 1) / hop));
  const tLast = Math.min(nFrames - 1, Math.floor(p / hop));
  for (let t = tFirst; t <= tLast; t++) {
    const w = window[p - t * hop]!;
    sum += w * w;
  }
  return sum;
}

/**
 * The divisors of normalise for the overlap-added samples [from, from + count): the window
 * sum-square, explicitly at both ends, and in between — samples covered by all nFft/hop frames,
 * p in [nFft − 1, nFrames·hop), which see the same sum for the same p mod hop — as one period of
 * hop values that cycles over `interior` samples. Short signals have no interior: every divisor is
 * in `head`.
 */
export interface WindowSumPlan {
  readonly head: Float64Array;
  readonly period: Float64Array;
  readonly interior: number;
  readonly tail: Float64Array;
}

export function windowSumPlan(
  window: Float64Array,
  nFrames: number,
  hop: number,
  from: number,
  count: number,
): WindowSumPlan {
  const at = (p: number): number => windowSumSquareAt(window, nFrames, hop, p);
  const interiorStart = Math.max(from, window.length - 1);
  const interiorEnd = Math.min(from + count, nFrames * hop);
  if (interiorEnd - interiorStart < hop) {
    return {
      head: Float64Array.from({ length: count }, (_, i) => at(from + i)),
      period: new Float64Array(0),
      interior: 0,
      tail: new Float64Array(0),
    };
  }
  return {
    head: Float64Array.from({ length: interiorStart - from }, (_, i) => at(from + i)),
    period: Float64Array.from({ length: hop }, (_, r) => at(interiorStart + r)),
    interior: interiorEnd - interiorStart,
    tail: Float64Array.from({ length: from + count - interiorEnd }, (_, i) => at(interiorEnd + i)),
  };
}

/**
 * Divides the overlap-added samples [from, from + count) by the window sum-square where it
 * exceeds float32 tiny, as librosa does.
 */
function normalise(acc: Float64Array, plan: WindowSumPlan, from: number, count: number): Float64Array {
  const y = new Float64Array(count);
  let i = 0;
  const divide = (w: number): void => {
    const v = acc[from + i]!;
    y[i++] = w > FLOAT32_TINY ? v / w : v;
  };
  for (const w of plan.head) divide(w);
  const hop = plan.period.length;
  for (let n = 0, r = 0; n < plan.interior; n++) {
    divide(plan.period[r]!);
    if (++r === hop) r = 0;
  }
  for (const w of plan.tail) divide(w);
  return y;
}

/**
 * Packs frames at b1 and b2 (b2 < 0: none) of the optionally masked STFT for one complex inverse
 * FFT: z = conj Z over the full circle, Z[k] = X₁[k] + i·X₂[k] and Z[N − k] = conj X₁[k] +
 * i·conj X₂[k]. DC and Nyquist keep their real parts only, as numpy's irfft does. No mask is a
 * mask of ones (x·1 = x exactly).
 */
function packPair(
  z: Float64Array,
  re: Float64Array,
  im: Float64Array,
  mask: Float64Array | undefined,
  b1: number,
  b2: number,
  nFft: number,
): void {
  const half = nFft / 2;
  const m = (i: number): number => (mask ? mask[i]! : 1);
  for (let k = 0; k <= half; k += half) {
    z[2 * k] = re[b1 + k]! * m(b1 + k);
    z[2 * k + 1] = b2 >= 0 ? -re[b2 + k]! * m(b2 + k) : 0;
  }
  for (let k = 1; k < half; k++) {
    const m1 = m(b1 + k);
    const a1 = re[b1 + k]! * m1;
    const c1 = im[b1 + k]! * m1;
    const a2 = b2 >= 0 ? re[b2 + k]! * m(b2 + k) : 0;
    const c2 = b2 >= 0 ? im[b2 + k]! * m(b2 + k) : 0;
    const j = nFft - k;
    z[2 * k] = a1 - c2;
    z[2 * k + 1] = -(c1 + a2);
    z[2 * j] = a1 + c2;
    z[2 * j + 1] = c1 - a2;
  }
}

/**
 * The inverse STFT of s, or of s multiplied bin by bin by a real `mask` of the same frame-major
 * layout (HPSS) without materialising the masked STFT.
 */
export function istft(s: Stft, mask?: Float64Array): Float64Array {
  const { nFft, hop, nBins, nFrames, re, im } = s;
  if (nBins !== nFft / 2 + 1) throw new RangeError(`STFT has ${nBins} bins, expected nFft/2 + 1 = ${nFft / 2 + 1}`);
  if (nFrames < 1) throw new RangeError('cannot invert an STFT with no frames');
  if (re.length !== nBins * nFrames || im.length !== nBins * nFrames)
    throw new RangeError('STFT arrays do not match nBins × nFrames');
  if (mask && mask.length !== re.length) throw new RangeError('mask does not match the STFT size');

  const window = hannPeriodic(nFft);
  const half = nFft / 2;
  const fullLength = nFft + hop * (nFrames - 1);
  // An STFT computed by the WebAssembly kernel is inverted in its own memory, by the same loop.
  const plan = windowSumPlan(window, nFrames, hop, half, fullLength - 2 * half);
  const inWasm = istftOverlapAddInWasm(s, mask);
  if (inWasm) return normalise(inWasm, plan, half, fullLength - 2 * half);
  const scaled = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) scaled[i] = window[i]! / nFft;
  const acc = new Float64Array(fullLength);
  const fft = complexFft(nFft);
  const z = fft.input;
  const out = fft.output;

  for (let t = 0; t < nFrames; t += 2) {
    const paired = t + 1 < nFrames;
    packPair(z, re, im, mask, t * nBins, paired ? (t + 1) * nBins : -1, nFft);
    fft.transform();
    // FFT(conj Z) = N·conj(x₁ + i·x₂): real part N·x₁, imaginary part −N·x₂.
    const first = t * hop;
    for (let i = 0; i < nFft; i++) acc[first + i] = acc[first + i]! + scaled[i]! * out[2 * i]!;
    if (paired) {
      const second = first + hop;
      for (let i = 0; i < nFft; i++) acc[second + i] = acc[second + i]! - scaled[i]! * out[2 * i + 1]!;
    }
  }

  return normalise(acc, plan, half, fullLength - 2 * half);
}
