/**
 * Interleaved float32 stereo to mono, four frames per step in WebAssembly SIMD: the stereo case of
 * the decoder's downmix (decode/wav-stream.ts), which touches every sample of every window.
 *
 * Each mono sample is float32((0 + left + right) / 2) computed in float64, as the JavaScript loop
 * does: both channels are promoted exactly, the two additions and the halving are the same IEEE
 * operations in the same order (0 + left first, which turns −0 + −0 into +0 as there), and f32
 * demotion rounds to nearest like a Float32Array store. Same bits (tested).
 */
import { encodeModule, FunctionBuilder, Simd, ValType, Op } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

/** downmix(src, dst, quads): 4·quads stereo frames at src to 4·quads mono samples at dst. */
function downmixModule(): WasmModule {
  return kernelModule('stereo-downmix', downmixBytes);
}

function downmixBytes(): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32]);
  const [src, dst, quads] = [0, 1, 2];
  const q = f.local(I32);
  const left = f.local(V128),
    right = f.local(V128),
    a = f.local(V128),
    b = f.local(V128),
    low = f.local(V128),
    zero = f.local(V128),
    two = f.local(V128);
  f.v128I32(0, 0, 0, 0).set(zero);
  f.f64(2).simd(Simd.f64x2Splat).set(two);
  /** Pushes the two mono samples of the frames in the low lanes of `left` and `right`. */
  const mixLow = (l: number, r: number): void => {
    f.get(zero).get(l).simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Add);
    f.get(r).simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Add);
    f.get(two).simd(Simd.f64x2Div).simd(Simd.f32x4DemoteF64x2Zero);
  };
  f.forRange(
    q,
    0,
    () => f.get(quads),
    () => {
      f.get(src).simdMem(Simd.v128Load, 2).set(a);
      f.get(src).simdMem(Simd.v128Load, 2, 16).set(b);
      f.get(a).get(b).shuffle32(0, 2, 4, 6).set(left);
      f.get(a).get(b).shuffle32(1, 3, 5, 7).set(right);
      mixLow(left, right);
      f.set(low);
      f.get(left).get(left).shuffle32(2, 3, 0, 1).set(left);
      f.get(right).get(right).shuffle32(2, 3, 0, 1).set(right);
      f.get(dst).get(low);
      mixLow(left, right);
      f.shuffle64(0, 2).simdMem(Simd.v128Store, 2);
      f.get(src).i32(32).emit(Op.i32Add).set(src);
      f.get(dst).i32(16).emit(Op.i32Add).set(dst);
    },
  );
  return encodeModule([{ name: 'downmix', fn: f }], 1);
}

type DownmixFn = (src: number, dst: number, quads: number) => void;

/**
 * Mono samples of `frames` interleaved stereo frames of `stereo` (2·frames float32 values), written
 * to `out` from `at`. Frames past the last whole group of four are left to the caller: returns how
 * many frames it mixed.
 */
export function wasmStereoDownmix(stereo: Float32Array, frames: number, out: Float32Array, at: number): number {
  const quads = frames >> 2;
  if (quads === 0) return 0;
  const monoAt = 8 * 4 * quads;
  const ws = workspace(monoAt + 4 * 4 * quads);
  new Float32Array(ws.memory.buffer, 0, 8 * quads).set(stereo.subarray(0, 8 * quads));
  (ws.exports(downmixModule()).downmix as DownmixFn)(0, monoAt, quads);
  out.set(new Float32Array(ws.memory.buffer, monoAt, 4 * quads), at);
  return 4 * quads;
}
