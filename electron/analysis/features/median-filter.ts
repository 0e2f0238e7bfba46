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
 * a small Float64Array; a step finds the leaving value by binary search and slides it to the
 * entering value's place, moving only the elements in between, so a step costs O(log w) plus the
 * distance the value travels, with no allocation per element. NaN input is not supported (it has
 * no place in a sorted window); magnitudes never are NaN.
 */

/** Index into [0, n) for scipy.ndimage's 'reflect' mode, valid for any distance past the edge. */
export function halfSampleReflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/** Reusable buffers for one line: the reflect-extended line and the sorted window. */
interface LineScratch {
  extended: Float64Array;
  window: Float64Array;
}

function makeScratch(lineLength: number, size: number): LineScratch {
  return { extended: new Float64Array(lineLength + size - 1), window: new Float64Array(size) };
}

/**
 * Median-filters one strided line: reads src[offset + i·stride] for i < n, writes the medians to
 * out at the same positions.
 */
function filterLine(
  src: Float64Array,
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
    ext[j] = src[offset + idx * stride]!;
  }

  // Insertion sort of the first window (w is small).
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
  out[offset] = win[rank]!;

  for (let i = 1; i < n; i++) {
    const leaving = ext[i - 1]!;
    const entering = ext[i + size - 1]!;
    if (leaving !== entering) {
      // lower bound of the leaving value: it is in the window, so win[p] === leaving.
      let lo = 0;
      let hi = size;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (win[mid]! < leaving) lo = mid + 1;
        else hi = mid;
      }
      let p = lo;
      if (entering > leaving) {
        while (p + 1 < size && win[p + 1]! < entering) {
          win[p] = win[p + 1]!;
          p++;
        }
      } else {
        while (p > 0 && win[p - 1]! > entering) {
          win[p] = win[p - 1]!;
          p--;
        }
      }
      win[p] = entering;
    }
    out[offset + i * stride] = win[rank]!;
  }
}

function checkArgs(values: Float64Array, nFrames: number, nBins: number, size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`median filter size must be a positive integer, got ${size}`);
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
export function medianFilterAlongTime(values: Float64Array, nFrames: number, nBins: number, size: number): Float64Array {
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
export function medianFilterAlongFrequency(
  values: Float64Array,
  nFrames: number,
  nBins: number,
  size: number,
): Float64Array {
  checkArgs(values, nFrames, nBins, size);
  const out = new Float64Array(values.length);
  if (nBins === 0) return out;
  const scratch = makeScratch(nBins, size);
  for (let t = 0; t < nFrames; t++) filterLine(values, out, t * nBins, 1, nBins, size, scratch);
  return out;
}
