/**
 * Frame-wise zero-crossing rate as librosa.feature.zero_crossing_rate(y) in 0.7/0.8: y padded by
 * frameLength/2 in **edge** mode (unlike rms and the STFT, which reflect), frames of 2048 every
 * 512, samples with |x| ≤ 1e-10 set to 0, sign taken as the sign bit (so 0 counts as positive),
 * crossings between consecutive samples of a frame divided by the frame length (the first sample
 * contributes a non-crossing pad, so the divisor is frameLength, not frameLength − 1).
 * Not meyda's zcr: it returns a raw count over an unpadded buffer with no threshold.
 */
import { frameCount } from './padding.js';
import { CROSSING_THRESHOLD, wasmCrossingBlocks } from './wasm/crossings.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';

const THRESHOLD = CROSSING_THRESHOLD;

/** Which implementation runs: the SIMD kernel where it can, or the JavaScript loop below. */
export type ZcrEngine = 'auto' | 'scalar';

export function zeroCrossingRate(
  y: Float32Array | Float64Array,
  frameLength = 2048,
  hop = 512,
  engine: ZcrEngine = 'auto',
): Float64Array {
  if (y.length === 0) throw new RangeError('cannot frame an empty signal');
  const pad = Math.floor(frameLength / 2);
  // The kernel counts per hop of samples; frames must then be whole hops, and so the padding.
  if (engine === 'auto' && y instanceof Float32Array && frameLength % hop === 0 && pad % hop === 0 && hop % 4 === 0) {
    if (wasmSimdAvailable()) {
      const fast = withScalarFallback(
        () => rateFromBlocks(y, wasmCrossingBlocks(y, hop), frameLength, hop),
        () => undefined,
      );
      if (fast) return fast;
    }
  }
  const length = y.length + 2 * pad;
  // prefix[i + 1] = crossings between consecutive samples up to padded index i. Edge padding
  // repeats the end samples, so the padding itself never crosses: only y's own pairs count.
  // The sign bits as 0/1 and their XOR, not a branch: on music the signs change at random, and a
  // mispredicted jump per sample made this loop three times slower.
  const prefix = new Int32Array(length + 1);
  let previous = negativeBit(y[0]!);
  let count = 0;
  for (let i = 0; i < y.length; i++) {
    const negative = negativeBit(y[i]!);
    count += negative ^ previous;
    previous = negative;
    prefix[pad + i + 1] = count;
  }
  prefix.fill(count, pad + y.length + 1);
  const n = frameCount(length, frameLength, hop);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const start = t * hop;
    // Crossings between samples start..start+frameLength−1, i.e. pairs (i−1, i) for i in (start, start+frameLength).
    out[t] = (prefix[start + frameLength]! - prefix[start + 1]!) / frameLength;
  }
  return out;
}

/** Sign bit after thresholding, as 1 or 0: |x| ≤ 1e-10 becomes 0, which counts as positive. */
function negativeBit(x: number): number {
  return +(x < -THRESHOLD);
}

/**
 * The rates from crossings per hop of y (`blocks`, block b holding samples b·hop … b·hop + hop − 1).
 * Frame t spans padded samples t·hop … t·hop + frameLength − 1 and counts the pairs ending at its
 * second sample onwards: its frameLength / hop blocks (in padded positions, y's block b at
 * b + pad / hop; the edge padding never crosses) minus the pair ending at its first sample.
 */
function rateFromBlocks(y: Float32Array, blocks: Int32Array, frameLength: number, hop: number): Float64Array {
  const pad = frameLength / 2;
  const shift = pad / hop;
  const perFrame = frameLength / hop;
  const n = frameCount(y.length + 2 * pad, frameLength, hop);
  const block = (b: number): number => blocks[b - shift] ?? 0;
  const crossingAt = (i: number): number => (i >= 1 && i < y.length ? negativeBit(y[i]!) ^ negativeBit(y[i - 1]!) : 0);
  const out = new Float64Array(n);
  let window = 0;
  for (let b = 0; b < perFrame; b++) window += block(b);
  for (let t = 0; t < n; t++) {
    out[t] = (window - crossingAt(t * hop - pad)) / frameLength;
    window += block(t + perFrame) - block(t);
  }
  return out;
}
