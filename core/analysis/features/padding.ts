/**
 * Padding as numpy.pad does it, which is what librosa used for framing: `reflect` mirrors around
 * the edge sample without repeating it (abc|ba…), `edge` repeats the edge sample.
 */

/** Index into [0, n) for numpy's `reflect` mode, valid for any distance past the edge. */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - k;
}

/**
 * Index into [0, n) for scipy.ndimage's 'reflect' mode (half-sample symmetric: d c b a | a b c d |
 * d c b a, the edge sample repeated, unlike numpy's reflect), valid for any distance past the edge.
 */
export function halfSampleReflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

export function reflectPad(y: ArrayLike<number>, pad: number): Float64Array {
  if (y.length === 0) throw new RangeError('cannot reflect-pad an empty signal');
  return reflectPadInto(y, pad, new Float64Array(y.length + 2 * pad));
}

/** reflectPad writing into `out` (at least y.length + 2·pad long); returns out. */
export function reflectPadInto(y: ArrayLike<number>, pad: number, out: Float64Array): Float64Array {
  const n = y.length;
  if (n === 0) throw new RangeError('cannot reflect-pad an empty signal');
  if (out.length < n + 2 * pad)
    throw new RangeError(`padding ${n} samples by ${pad} needs ${n + 2 * pad} values, got ${out.length}`);
  // A typed array's own copy (exact float32 → float64 widening) runs natively; arrays loop.
  if (y instanceof Float32Array || y instanceof Float64Array) out.set(y, pad);
  else for (let i = 0; i < n; i++) out[pad + i] = y[i]!;
  for (let i = 0; i < pad; i++) {
    out[i] = y[reflectIndex(i - pad, n)]!;
    out[pad + n + i] = y[reflectIndex(n + i, n)]!;
  }
  return out;
}

export function edgePad(y: ArrayLike<number>, pad: number): Float64Array {
  const n = y.length;
  if (n === 0) throw new RangeError('cannot edge-pad an empty signal');
  const out = new Float64Array(n + 2 * pad);
  for (let i = 0; i < n; i++) out[pad + i] = y[i]!;
  out.fill(y[0]!, 0, pad);
  out.fill(y[n - 1]!, pad + n);
  return out;
}

/** Frames of length `frameLength` every `hop` samples that fit wholly inside `length` samples. */
export function frameCount(length: number, frameLength: number, hop: number): number {
  if (length < frameLength) return 0;
  return 1 + Math.floor((length - frameLength) / hop);
}
