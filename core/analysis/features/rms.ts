/**
 * Frame-wise RMS energy as librosa.feature.rms(y) in 0.7/0.8: y reflect-padded by frameLength/2
 * (center=True, pad_mode='reflect'), frames of 2048 every 512 samples, sqrt(mean(x²)).
 * Not meyda's rms: that is one value over an unpadded buffer, with no framing or centring.
 */
import { frameCount, reflectIndex, reflectPad } from './padding.js';
import { wasmBlockSquares } from './wasm/rms-blocks.js';
import { wasmSimdAvailable, withScalarFallback } from './wasm/runtime.js';

export function rms(
  y: Float32Array | Float64Array,
  frameLength = 2048,
  hop = 512,
  engine: 'auto' | 'scalar' = 'auto',
): Float64Array {
  const pad = Math.floor(frameLength / 2);
  const size = y.length;
  if (size === 0) throw new RangeError('cannot reflect-pad an empty signal');
  const n = frameCount(size + 2 * pad, frameLength, hop);
  const out = new Float64Array(n);
  if (frameLength % hop === 0) {
    // Frames are whole numbers of hops: square each sample once into per-hop block sums, then add
    // frameLength / hop blocks per frame. Sample i of the padded signal is y[reflectIndex(i − pad)],
    // read in place (no padded copy): y itself inside, the mirror image in the edge blocks.
    const perFrame = frameLength / hop;
    const blocks = new Float64Array(n - 1 + perFrame);
    // Blocks wholly inside y, from the SIMD kernel where it runs (the same sums, bit for bit).
    const first = Math.ceil(pad / hop);
    const fast =
      engine === 'auto' && y instanceof Float32Array ? interiorSquares(y, first, blocks.length, hop, pad) : null;
    if (fast) blocks.set(fast, first);
    for (let b = 0; b < blocks.length; b++) {
      if (fast && b === first) {
        b += fast.length - 1;
        continue;
      }
      let acc = 0;
      const from = b * hop - pad;
      const to = from + hop;
      if (from >= 0 && to <= size) {
        for (let i = from; i < to; i++) {
          const x = y[i]!;
          acc += x * x;
        }
      } else {
        for (let i = from; i < to; i++) {
          const x = y[reflectIndex(i, size)]!;
          acc += x * x;
        }
      }
      blocks[b] = acc;
    }
    for (let t = 0; t < n; t++) {
      let acc = 0;
      for (let b = t; b < t + perFrame; b++) acc += blocks[b]!;
      out[t] = Math.sqrt(acc / frameLength);
    }
    return out;
  }
  const padded = reflectPad(y, pad);
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

/**
 * Sums of squares of the blocks first, first + 1, … that lie wholly inside y (block b covers
 * y[b·hop − pad] onward), by the kernel, in whole groups of four; null where it cannot run.
 */
function interiorSquares(
  y: Float32Array,
  first: number,
  nBlocks: number,
  hop: number,
  pad: number,
): Float64Array | null {
  const end = Math.min(nBlocks, Math.floor((y.length + pad) / hop));
  if (end - first < 4 || hop % 4 !== 0 || !wasmSimdAvailable()) return null;
  const sums = withScalarFallback(
    () => wasmBlockSquares(y, first * hop - pad, end - first, hop),
    () => null,
  );
  return sums && sums.length > 0 ? sums : null;
}
