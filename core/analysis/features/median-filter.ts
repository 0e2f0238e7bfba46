/**
 * Sliding-window median filters over a frame-major matrix (element k of frame t at t·nBins + k),
 * as scipy.ndimage.median_filter(X, size=(1, w) or (w, 1), mode='reflect') computes them for
 * librosa's HPSS.
 *
 * scipy's 'reflect' is the half-sample symmetric extension (d c b a | a b c d | d c b a): the edge
 * sample IS repeated, unlike numpy.pad's 'reflect' used for STFT framing. For even w scipy takes
 * the upper median (rank ⌊w/2⌋); so do we.
 *
 * Why a sliding window: HPSS filters 1025 × ~1300 values twice with w = 31; sorting every window
 * made the two filters 85 % of a numpy extractor's time. Here each line keeps its window sorted in
 * a small array padded with a maximal sentinel to a power of two. A step finds where the leaving
 * value sits and where the entering one belongs by branch-free binary search (comparison results
 * added as numbers: V8 compiles that without jumps, ~5× faster than an if-based search on random
 * spectra), then shifts only the elements in between, with no allocation per element. The same
 * algorithm in C (gcc -O2) is only ~1.3× faster; a Suomela-style block/bitmask variant was faster
 * in C but slower in V8. `medianFilters` below runs a branch-free WebAssembly SIMD kernel instead
 * (wasm/sliding-median.ts, ~5× faster on spectra, bit-identical) and keeps this scalar filter as
 * the fallback and the reference the kernel is tested against.
 *
 * Values are compared as float32, through integer keys that sort like the floats: librosa filtered
 * a float32 |D| (so float32 medians are what it got), and integer windows are ~13 % faster than
 * Float64Array ones. Float64 input is rounded to float32 on the way in; the medians come back as
 * float64 numbers holding those float32 values. NaN input is not supported; magnitudes never are NaN.
 */

import { halfSampleReflectIndex } from './padding.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';
import { MAX_WASM_MEDIAN_SIZE, wasmMedianFilters, type MedianAxis } from './wasm/sliding-median.js';

/** A frame-major matrix; filtered at float32 precision either way. */
export type Matrix = Float32Array | Float64Array;

export { halfSampleReflectIndex };

// Float ↔ sortable int32: non-negative floats keep their bit pattern, negative ones get their 31
// low bits flipped, so integer order is float order (−0 sorts just below +0, an equal value).
const keyFloat = new Float32Array(1);
const keyBits = new Int32Array(keyFloat.buffer);

function toKey(v: number): number {
  keyFloat[0] = v;
  const bits = keyBits[0]!;
  return bits ^ ((bits >> 31) & 0x7fffffff);
}

function fromKey(key: number): number {
  keyBits[0] = key ^ ((key >> 31) & 0x7fffffff);
  return keyFloat[0]!;
}

/** Larger than the key of any finite float32 (it is +∞'s key), so padding never moves. */
const SENTINEL = 0x7fffffff;

/** Reusable buffers for one line: the reflect-extended line and the sorted, padded window (keys). */
interface LineScratch {
  extended: Int32Array;
  window: Int32Array;
}

function makeScratch(lineLength: number, size: number): LineScratch {
  let padded = 1;
  while (padded < size + 1) padded *= 2; // at least one sentinel slot, so a search never runs off the end
  return { extended: new Int32Array(lineLength + size - 1), window: new Int32Array(padded) };
}

/** Index of the first window key ≥ v (the window is sorted and sentinel-padded to a power of two). */
function lowerBound(win: Int32Array, v: number): number {
  let p = 0;
  for (let step = win.length >> 1; step > 0; step >>= 1) p += +(win[p + step - 1]! < v) * step;
  return p;
}

/**
 * Median-filters one strided line: reads src[offset + i·stride] for i < n, writes the medians to
 * out at the same positions.
 */
function filterLine(
  src: Matrix,
  out: Float64Array,
  offset: number,
  stride: number,
  n: number,
  size: number,
  scratch: LineScratch,
): void {
  const before = size >> 1; // scipy centres the window with origin 0: ⌊w/2⌋ samples before
  const ext = scratch.extended;
  const win = scratch.window;
  const extLength = n + size - 1;
  for (let j = 0; j < extLength; j++) {
    const i = j - before;
    const idx = i >= 0 && i < n ? i : halfSampleReflectIndex(i, n);
    ext[j] = toKey(src[offset + idx * stride]!);
  }

  // Insertion sort of the first window (w is small); the padding stays at the sentinel.
  win.fill(SENTINEL);
  for (let j = 0; j < size; j++) {
    const v = ext[j]!;
    let p = j;
    while (p > 0 && win[p - 1]! > v) {
      win[p] = win[p - 1]!;
      p--;
    }
    win[p] = v;
  }
  const rank = size >> 1;
  out[offset] = fromKey(win[rank]!);

  const unrolled32 = win.length === 32; // HPSS's w = 31
  for (let i = 1; i < n; i++) {
    const leaving = ext[i - 1]!;
    const entering = ext[i + size - 1]!;
    let from: number;
    let to: number;
    if (unrolled32) {
      from = +(win[15]! < leaving) << 4;
      to = +(win[15]! < entering) << 4;
      from += +(win[from + 7]! < leaving) << 3;
      to += +(win[to + 7]! < entering) << 3;
      from += +(win[from + 3]! < leaving) << 2;
      to += +(win[to + 3]! < entering) << 2;
      from += +(win[from + 1]! < leaving) << 1;
      to += +(win[to + 1]! < entering) << 1;
      from += +(win[from]! < leaving);
      to += +(win[to]! < entering);
    } else {
      from = lowerBound(win, leaving);
      to = lowerBound(win, entering);
    }
    // win[from] is the leaving key; `to` is the entering key's place with it still present.
    if (to > from) {
      for (let j = from; j < to - 1; j++) win[j] = win[j + 1]!;
      win[to - 1] = entering;
    } else {
      for (let j = from; j > to; j--) win[j] = win[j - 1]!;
      win[to] = entering;
    }
    out[offset + i * stride] = fromKey(win[rank]!);
  }
}

function checkArgs(values: Matrix, nFrames: number, nBins: number, size: number): void {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`median filter size must be a positive integer, got ${size}`);
  if (!Number.isInteger(nFrames) || !Number.isInteger(nBins) || nFrames < 0 || nBins < 0) {
    throw new RangeError(`bad matrix shape ${nFrames} × ${nBins}`);
  }
  if (values.length !== nFrames * nBins) {
    throw new RangeError(`matrix has ${values.length} values, expected ${nFrames} × ${nBins}`);
  }
}

/**
 * Median over `size` consecutive frames for every bin: scipy median_filter(S, size=(1, size)) on
 * librosa's (bins × frames) matrix, i.e. the harmonic-enhancing filter of HPSS.
 */
export function medianFilterAlongTime(values: Matrix, nFrames: number, nBins: number, size: number): Float64Array {
  checkArgs(values, nFrames, nBins, size);
  const out = new Float64Array(values.length);
  if (nFrames === 0) return out;
  const scratch = makeScratch(nFrames, size);
  for (let k = 0; k < nBins; k++) filterLine(values, out, k, nBins, nFrames, size, scratch);
  return out;
}

/**
 * Median over `size` neighbouring bins within every frame: scipy median_filter(S, size=(size, 1)),
 * the percussive-enhancing filter of HPSS.
 */
export function medianFilterAlongFrequency(values: Matrix, nFrames: number, nBins: number, size: number): Float64Array {
  checkArgs(values, nFrames, nBins, size);
  const out = new Float64Array(values.length);
  if (nBins === 0) return out;
  const scratch = makeScratch(nBins, size);
  for (let t = 0; t < nFrames; t++) filterLine(values, out, t * nBins, 1, nBins, size, scratch);
  return out;
}

export type { MedianAxis };

/** Which implementation `medianFilters` runs: the SIMD kernel where possible, or the scalar filter. */
export type MedianEngine = 'auto' | 'scalar';

/**
 * Median filters of width `size` along each requested axis of a frame-major matrix, as float32
 * (the values librosa's float32 filter produced). HPSS asks for both axes at once so that the
 * matrix is copied into WebAssembly memory once. Uses the SIMD kernel when the runtime has
 * WebAssembly SIMD and size ≤ MAX_WASM_MEDIAN_SIZE, else the scalar filter above: the results are
 * identical either way.
 */
export function medianFilters(
  values: Matrix,
  nFrames: number,
  nBins: number,
  size: number,
  axes: readonly MedianAxis[],
  engine: MedianEngine = 'auto',
): Float32Array[] {
  checkArgs(values, nFrames, nBins, size);
  const scalar = (): Float32Array[] =>
    axes.map((axis) =>
      Float32Array.from(
        axis === 'time'
          ? medianFilterAlongTime(values, nFrames, nBins, size)
          : medianFilterAlongFrequency(values, nFrames, nBins, size),
      ),
    );
  if (engine !== 'auto' || size > MAX_WASM_MEDIAN_SIZE || !wasmSimdAvailable()) return scalar();
  const narrow = values instanceof Float32Array ? values : Float32Array.from(values);
  return withScalarFallback(() => wasmMedianFilters(narrow, nFrames, nBins, size, axes), scalar);
}
