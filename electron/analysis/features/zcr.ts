/**
 * Frame-wise zero-crossing rate as librosa.feature.zero_crossing_rate(y) in 0.7/0.8: y padded by
 * frameLength/2 in **edge** mode (unlike rms and the STFT, which reflect), frames of 2048 every
 * 512, samples with |x| ≤ 1e-10 set to 0, sign taken as the sign bit (so 0 counts as positive),
 * crossings between consecutive samples of a frame divided by the frame length (the first sample
 * contributes a non-crossing pad, so the divisor is frameLength, not frameLength − 1).
 * Not meyda's zcr: it returns a raw count over an unpadded buffer with no threshold.
 */
import { edgePad, frameCount } from './padding.js';

const THRESHOLD = 1e-10;

export function zeroCrossingRate(y: Float32Array | Float64Array, frameLength = 2048, hop = 512): Float64Array {
  const padded = edgePad(y, Math.floor(frameLength / 2));
  // Sign bit after thresholding: 1 for negative, 0 for zero or positive.
  const negative = new Uint8Array(padded.length);
  for (let i = 0; i < padded.length; i++) {
    const x = padded[i]!;
    negative[i] = Math.abs(x) <= THRESHOLD ? 0 : x < 0 ? 1 : 0;
  }
  // crossing[i] = 1 when samples i−1 and i differ in sign; a prefix sum makes each frame O(1).
  const prefix = new Int32Array(padded.length + 1);
  for (let i = 1; i < padded.length; i++) prefix[i + 1] = prefix[i]! + (negative[i]! !== negative[i - 1]! ? 1 : 0);
  const n = frameCount(padded.length, frameLength, hop);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const start = t * hop;
    // Crossings between samples start..start+frameLength−1, i.e. pairs (i−1, i) for i in (start, start+frameLength).
    out[t] = (prefix[start + frameLength]! - prefix[start + 1]!) / frameLength;
  }
  return out;
}
