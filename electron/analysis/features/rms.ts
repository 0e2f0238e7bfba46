/**
 * Frame-wise RMS energy as librosa.feature.rms(y) in 0.7/0.8: y reflect-padded by frameLength/2
 * (center=True, pad_mode='reflect'), frames of 2048 every 512 samples, sqrt(mean(x²)).
 * Not meyda's rms: that is one value over an unpadded buffer, with no framing or centring.
 */
import { frameCount, reflectPad } from './padding.js';

export function rms(y: Float32Array | Float64Array, frameLength = 2048, hop = 512): Float64Array {
  const padded = reflectPad(y, Math.floor(frameLength / 2));
  const n = frameCount(padded.length, frameLength, hop);
  const out = new Float64Array(n);
  // Running sum of squares over the sliding window would drift; frames overlap 4×, so summing each
  // frame directly costs only 4 multiply-adds per sample.
  for (let t = 0; t < n; t++) {
    const start = t * hop;
    let acc = 0;
    for (let i = start; i < start + frameLength; i++) {
      const x = padded[i]!;
      acc += x * x;
    }
    out[t] = Math.sqrt(acc / frameLength);
  }
  return out;
}
