/**
 * Sums of squares of a float32 signal per block of `hop` samples, two blocks per instruction, for
 * rms.ts: each f64x2 lane adds its own block's squares one sample after another, exactly the
 * scalar loop's sequence (0 + x0² + x1² + …, each x promoted exactly and its square exact in
 * float64), so every block's sum is the loop's bits; two blocks per lane pair and two pairs at a
 * time only run four such sequences side by side (tested).
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

/** squares(y, quads, hop, out): 4·quads blocks of hop float32 samples from y, their sums (f64) at out. */
function squaresModule(): WasmModule {
  return kernelModule('rms-blocks', squaresBytes);
}

function squaresBytes(): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32]);
  const [y, quads, hop, out] = [0, 1, 2, 3];
  const q = f.local(I32),
    i = f.local(I32),
    at = f.local(I32),
    blockBytes = f.local(I32);
  const low = f.local(V128),
    high = f.local(V128),
    x = f.local(V128);
  f.get(hop).i32(2).emit(Op.i32Shl).set(blockBytes);
  /** Pushes [y[a + i], y[a + i + hop]] promoted to f64x2, a the byte address in `at` plus `skip` blocks. */
  const pair = (skip: number): void => {
    const address = (extra: number): void => {
      f.get(at).get(i).i32(2).emit(Op.i32Shl, Op.i32Add);
      if (skip + extra > 0)
        f.get(blockBytes)
          .i32(skip + extra)
          .emit(Op.i32Mul, Op.i32Add);
    };
    address(0);
    f.simdMem(Simd.v128Load32Zero, 2).set(x);
    address(1);
    f.get(x).simdMem(Simd.v128Load32Lane, 2).emit(1);
    f.simd(Simd.f64x2PromoteLowF32x4).tee(x).get(x).simd(Simd.f64x2Mul);
  };
  f.get(y).set(at);
  f.forRange(
    q,
    0,
    () => f.get(quads),
    () => {
      f.v128I32(0, 0, 0, 0).set(low);
      f.v128I32(0, 0, 0, 0).set(high);
      f.forRange(
        i,
        0,
        () => f.get(hop),
        () => {
          f.get(low);
          pair(0);
          f.simd(Simd.f64x2Add).set(low);
          f.get(high);
          pair(2);
          f.simd(Simd.f64x2Add).set(high);
        },
      );
      f.get(out).get(low).simdMem(Simd.v128Store, 3);
      f.get(out).get(high).simdMem(Simd.v128Store, 3, 16);
      f.get(out).i32(32).emit(Op.i32Add).set(out);
      f.get(at).get(blockBytes).i32(4).emit(Op.i32Mul, Op.i32Add).set(at);
    },
  );
  return encodeModule([{ name: 'squares', fn: f }], 1);
}

type SquaresFn = (y: number, quads: number, hop: number, out: number) => void;

/**
 * The sums of squares of `count` consecutive blocks of `hop` samples of y, the first starting at
 * y[start]; the blocks must lie inside y. Sums of the blocks past the last whole group of four are
 * left to the caller: returns them for blocks 0 … 4·⌊count/4⌋ − 1 only.
 */
export function wasmBlockSquares(y: Float32Array, start: number, count: number, hop: number): Float64Array {
  const quads = count >> 2;
  if (start < 0 || start + count * hop > y.length) throw new RangeError('blocks outside the signal');
  if (quads === 0) return new Float64Array(0);
  const samples = 4 * quads * hop;
  const outAt = Math.ceil((4 * samples) / 16) * 16;
  const ws = workspace(outAt + 32 * quads);
  new Float32Array(ws.memory.buffer, 0, samples).set(y.subarray(start, start + samples));
  (ws.exports(squaresModule()).squares as SquaresFn)(0, quads, hop, outAt);
  return new Float64Array(ws.memory.buffer, outAt, 4 * quads).slice();
}
