/**
 * Frame-wise zero-crossing rate as librosa.feature.zero_crossing_rate(y) in 0.7/0.8: y padded by
 * frameLength/2 in **edge** mode (unlike rms and the STFT, which reflect), frames of 2048 every
 * 512, samples with |x| ≤ 1e-10 set to 0, sign taken as the sign bit (so 0 counts as positive),
 * crossings between consecutive samples of a frame divided by the frame length (the first sample
 * contributes a non-crossing pad, so the divisor is frameLength, not frameLength − 1).
 * Not meyda's zcr: it returns a raw count over an unpadded buffer with no threshold.
 */
import { frameCount } from './padding.js';

const THRESHOLD = 1e-10;

export function zeroCrossingRate(y: Float32Array | Float64Array, frameLength = 2048, hop = 512): Float64Array {
  if (y.length === 0) throw new RangeError('cannot frame an empty signal');
  const pad = Math.floor(frameLength / 2);
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
