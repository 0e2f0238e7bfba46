/**
 * The largest absolute value of a float32 signal, four samples per instruction: the silence check
 * of every analysed window (silence.ts). f32x4.pmax(peak, |x|) is `peak < |x| ? |x| : peak`, the
 * scalar loop's own step, lane by lane (a NaN never replaces the peak there either), and the four
 * lanes are combined the same way, so the value is the loop's (tested).
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

/** peak(y, quads, out): the four lanes' peaks of 4·quads samples at y, stored at out. */
function peakModule(): WasmModule {
  return kernelModule('peak', peakBytes);
}

function peakBytes(): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32]);
  const [y, quads, out] = [0, 1, 2];
  const q = f.local(I32);
  const peak = f.local(V128);
  f.v128I32(0, 0, 0, 0).set(peak);
  f.forRange(
    q,
    0,
    () => f.get(quads),
    () => {
      f.get(peak).get(y).simdMem(Simd.v128Load, 2).simd(Simd.f32x4Abs).simd(Simd.f32x4Pmax).set(peak);
      f.get(y).i32(16).emit(Op.i32Add).set(y);
    },
  );
  f.get(out).get(peak).simdMem(Simd.v128Store, 2);
  return encodeModule([{ name: 'peak', fn: f }], 1);
}

type PeakFn = (y: number, quads: number, out: number) => void;

/**
 * The peaks of each of the four lanes (sample i in lane i mod 4) over y's first 4·⌊n/4⌋ samples,
 * for the caller to combine with the rest.
 */
export function wasmLanePeaks(y: Float32Array): Float32Array {
  const quads = y.length >> 2;
  const outAt = 16 * quads;
  const ws = workspace(outAt + 16);
  new Float32Array(ws.memory.buffer, 0, 4 * quads).set(y.subarray(0, 4 * quads));
  (ws.exports(peakModule()).peak as PeakFn)(0, quads, outAt);
  return new Float32Array(ws.memory.buffer, outAt, 4).slice();
}
