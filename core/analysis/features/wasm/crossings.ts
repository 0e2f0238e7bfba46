/**
 * Zero crossings of a float32 signal, counted per block of samples by a WebAssembly SIMD kernel:
 * what zcr.ts sums into frames. Sample i crosses when its sign bit (after |x| ≤ 1e-10 counts as
 * positive) differs from sample i − 1's; sample 0 never does. Four samples per instruction, each
 * compared with its predecessor loaded one lane back, the XOR of the two masks counted per lane.
 *
 * "x < −1e-10" is a comparison of float32 x with a double. fround(−1e-10) lies on one side of it,
 * and which side decides the float32 comparison that selects exactly the same x: x ≤ t when
 * t < −1e-10, x < t otherwise (no float32 lies strictly between t and −1e-10). Counts are integers,
 * so the result is the scalar count, bit for bit (tested against zcr.ts's own loop).
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

export const CROSSING_THRESHOLD = 1e-10;

const T32 = Math.fround(-CROSSING_THRESHOLD);

/** crossings(y, nBlocks, block, out): out[j] = crossings of samples j·block … (j + 1)·block − 1. */
function crossingsModule(): WasmModule {
  return kernelModule('crossings', crossingsBytes);
}

function crossingsBytes(): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32]);
  const [y, nBlocks, block, out] = [0, 1, 2, 3];
  const j = f.local(I32),
    i = f.local(I32),
    at = f.local(I32);
  const acc = f.local(V128),
    threshold = f.local(V128);
  const below = T32 < -CROSSING_THRESHOLD ? Simd.f32x4Le : Simd.f32x4Lt;
  f.f32(T32).simd(Simd.f32x4Splat).set(threshold);
  f.get(y).set(at);
  f.forRange(
    j,
    0,
    () => f.get(nBlocks),
    () => {
      f.v128I32(0, 0, 0, 0).set(acc);
      f.forRange(
        i,
        0,
        () => f.get(block),
        () => {
          // acc −= (x[k] below) XOR (x[k − 1] below): −1 where the sign bit changed.
          f.get(acc);
          f.get(at).simdMem(Simd.v128Load, 2).get(threshold).simd(below);
          f.get(at).i32(4).emit(Op.i32Sub).simdMem(Simd.v128Load, 2).get(threshold).simd(below);
          f.simd(Simd.v128Xor).simd(Simd.i32x4Sub).set(acc);
          f.get(at).i32(16).emit(Op.i32Add).set(at);
        },
        4,
      );
      f.get(out).get(j).i32(2).emit(Op.i32Shl, Op.i32Add);
      f.get(acc).simd(Simd.i32x4ExtractLane, 0);
      for (let lane = 1; lane < 4; lane++) f.get(acc).simd(Simd.i32x4ExtractLane, lane).emit(Op.i32Add);
      f.mem(Op.i32Store, 2);
    },
  );
  return encodeModule([{ name: 'crossings', fn: f }], 1);
}

type CrossingsFn = (y: number, nBlocks: number, block: number, out: number) => void;

/**
 * Crossings of y per block of `block` samples (a multiple of 4): ⌈y.length / block⌉ counts, the
 * last block's missing samples counted as repeats of the last one (no crossing).
 */
export function wasmCrossingBlocks(y: Float32Array, block: number): Int32Array {
  if (!(block > 0) || block % 4 !== 0) throw new RangeError(`block must be a positive multiple of 4, got ${block}`);
  const n = y.length;
  if (n === 0) return new Int32Array(0);
  const nBlocks = Math.ceil(n / block);
  // y[0] again just before y (so sample 0 has a predecessor of the same sign), y from byte 16,
  // then repeats of the last sample up to whole blocks, then the counts.
  const yAt = 16;
  const outAt = yAt + 4 * nBlocks * block;
  const ws = workspace(outAt + 4 * nBlocks);
  const samples = new Float32Array(ws.memory.buffer, yAt - 4, 1 + nBlocks * block);
  samples[0] = y[0]!;
  samples.set(y, 1);
  samples.fill(y[n - 1]!, 1 + n);
  (ws.exports(crossingsModule()).crossings as CrossingsFn)(yAt, nBlocks, block, outAt);
  return new Int32Array(ws.memory.buffer, outAt, nBlocks).slice();
}
