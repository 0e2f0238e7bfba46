/**
 * HPSS's harmonic soft mask computed where the median filters left their results, in WebAssembly
 * memory: the two medians never come back to JavaScript, only the mask does.
 *
 * The mask kernel evaluates hpss.ts's harmonicMask two elements at a time, branch-free, with the
 * same IEEE operations on the same values (float32 medians promoted exactly to float64):
 *   h > p:  q = p / h, mask = 1 / (1 + q²)
 *   else:   q = h / p, mask = q² / (q² + 1)
 *   max(h, p) below float32 tiny: 0.5
 * so it is bit-identical to the scalar function (tested).
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { medianFiltersInWorkspace, medianLayout } from './sliding-median.js';
import { workspace } from './workspace.js';

const FLOAT32_TINY = 1.1754943508222875e-38;

/** harmonicMask(h, p, out, pairs): reads 2·pairs float32 from h and p, writes 2·pairs float64 to out. */
function maskKernel(): WasmModule {
  return kernelModule('hpss-mask', maskBytes);
}

function maskBytes(): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32]);
  const [h, p, out, pairs] = [0, 1, 2, 3];
  const i = f.local(I32);
  const hv = f.local(V128),
    pv = f.local(V128),
    gt = f.local(V128),
    z = f.local(V128),
    q = f.local(V128),
    u = f.local(V128);
  const one = f.local(V128),
    half = f.local(V128),
    tiny = f.local(V128);
  const f64x2 = (value: number): void => {
    const bytes = new Uint8Array(new Float64Array([value, value]).buffer);
    f.simd(Simd.v128Const, ...bytes);
  };
  f64x2(1);
  f.set(one);
  f64x2(0.5);
  f.set(half);
  f64x2(FLOAT32_TINY);
  f.set(tiny);
  f.forRange(
    i,
    0,
    () => f.get(pairs),
    () => {
      f.get(h)
        .get(i)
        .i32(3)
        .emit(Op.i32Shl, Op.i32Add)
        .simdMem(Simd.v128Load64Zero, 3)
        .simd(Simd.f64x2PromoteLowF32x4)
        .set(hv);
      f.get(p)
        .get(i)
        .i32(3)
        .emit(Op.i32Shl, Op.i32Add)
        .simdMem(Simd.v128Load64Zero, 3)
        .simd(Simd.f64x2PromoteLowF32x4)
        .set(pv);
      f.get(hv).get(pv).simd(Simd.f64x2Gt).set(gt);
      // z = h > p ? h : p;  q = (h > p ? p : h) / z
      f.get(hv).get(pv).get(gt).simd(Simd.v128Bitselect).set(z);
      f.get(pv).get(hv).get(gt).simd(Simd.v128Bitselect).get(z).simd(Simd.f64x2Div).tee(q);
      f.get(q).simd(Simd.f64x2Mul).set(u);
      // out = z ≥ tiny ? (h > p ? 1 : u) / (1 + u) : 0.5
      f.get(out).get(i).i32(4).emit(Op.i32Shl, Op.i32Add);
      f.get(one).get(u).get(gt).simd(Simd.v128Bitselect);
      f.get(one).get(u).simd(Simd.f64x2Add);
      f.simd(Simd.f64x2Div);
      f.get(half);
      f.get(z).get(tiny).simd(Simd.f64x2Ge);
      f.simd(Simd.v128Bitselect);
      f.simdMem(Simd.v128Store, 3);
    },
  );
  return encodeModule([{ name: 'harmonicMask', fn: f }], 1);
}

type MaskFn = (h: number, p: number, out: number, pairs: number) => void;

/**
 * The harmonic soft mask of HPSS (power 2, margin 1) for a frame-major float32 magnitude
 * spectrogram: median filters of width `size` along time and frequency, then the mask, all in
 * WebAssembly. Same values as harmonicMask(medianFilters(...)) in hpss.ts. Written to `into`
 * (count values) when given, else to a new array.
 */
export function wasmHarmonicMask(
  magnitude: Float32Array,
  nFrames: number,
  nBins: number,
  size: number,
  into?: Float64Array,
): Float64Array {
  const count = magnitude.length;
  if (into && into.length !== count) throw new RangeError(`mask target has ${into.length} values, expected ${count}`);
  if (count === 0) return into ?? new Float64Array(0);
  const layout = medianLayout(nFrames, nBins, size, 2);
  const pairs = Math.ceil(count / 2);
  // The mask goes out a slice at a time through a small region: the whole float64 mask (10 MB for
  // a 30 s window) would otherwise sit in the workspace beside the copy handed over, resident.
  // The odd last pair reads one float32 past each median (the next region) and writes one spare double.
  const ws = workspace(layout.end + 16 * Math.min(pairs, MASK_SLICE_PAIRS));
  medianFiltersInWorkspace(ws, layout, magnitude, nFrames, nBins, size, ['time', 'frequency']);
  const kernel = ws.exports(maskKernel()).harmonicMask as MaskFn;
  const target = into ?? new Float64Array(count);
  for (let first = 0; first < pairs; first += MASK_SLICE_PAIRS) {
    const slice = Math.min(MASK_SLICE_PAIRS, pairs - first);
    kernel(layout.outputs[0]! + 8 * first, layout.outputs[1]! + 8 * first, layout.end, slice);
    target.set(new Float64Array(ws.memory.buffer, layout.end, Math.min(2 * slice, count - 2 * first)), 2 * first);
  }
  return target;
}

/** Element pairs per call of the mask kernel (512 KB of mask). */
export const MASK_SLICE_PAIRS = 32_768;
