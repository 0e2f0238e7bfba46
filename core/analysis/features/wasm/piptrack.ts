/**
 * tuning.ts's piptrack as a WebAssembly kernel: per frame the largest value (four lanes at a time),
 * then the thresholded local maxima between kLo and kHi and their parabolic interpolation in
 * float32. WebAssembly's f32 operations are the IEEE single-precision operations that tuning.ts
 * obtains with Math.fround around float64 ones (exact for +, −, ×, ÷ of float32 values), the pitch
 * is computed in float64 and rounded to float32 on the store like a Float32Array write, and the
 * frame maximum takes `v > max ? v : max` in every lane, which finds the same value whatever the
 * order (only the sign of a zero maximum may differ, and a zero threshold compares the same either
 * way). So the peaks are the same bits as the JavaScript function's (tested), which stays as the
 * reference and the fallback.
 *
 * Memory (the shared workspace): [S: nBins·nFrames float32][pitches][magnitudes], the outputs
 * sized for the most peaks a frame can have (no two neighbours are both peaks).
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

const { I32, F32, F64, V128 } = ValType;
const TINY_F32 = 1.1754943508222875e-38;

type Piptrack = (
  s: number,
  nBins: number,
  nFrames: number,
  kLo: number,
  kHi: number,
  threshold: number,
  sr: number,
  nFft: number,
  pitches: number,
  magnitudes: number,
) => number;

/**
 * piptrack(s, nBins, nFrames, kLo, kHi, threshold, sr, nFft, pitches, magnitudes) → peak count:
 * tuning.ts's loop over a frame-major float32 spectrogram at byte offset s, the peaks' pitches and
 * magnitudes written as float32 at the two output offsets in frame, then bin, order.
 */
function buildPiptrack(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, F32, F64, F64, I32, I32], [I32]);
  const [s, nBins, nFrames, kLo, kHi, threshold, sr, nFft, pitches, magnitudes] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const t = f.local(I32),
    base = f.local(I32),
    k = f.local(I32),
    vecEnd = f.local(I32),
    count = f.local(I32),
    at = f.local(I32);
  const max = f.local(F32),
    ref = f.local(F32),
    v = f.local(F32),
    s0 = f.local(F32),
    s1 = f.local(F32),
    s2 = f.local(F32),
    avg = f.local(F32),
    den = f.local(F32),
    shift = f.local(F32);
  const vmax = f.local(V128),
    vv = f.local(V128);
  /** Pushes the float32 S[base + index] (index in bins, pushed by the callback). */
  const load = (pushIndex: () => void): void => {
    f.get(base);
    pushIndex();
    f.i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.f32Load, 2);
  };
  /** Pushes x(value) = value > ref ? value : 0 for the value in local `into`. */
  const thresholded = (into: number): void => {
    f.get(into).f32(0).get(into).get(ref).emit(Op.f32Gt, Op.select);
  };
  /** max = v > max ? v : max */
  const maxStep = (): void => {
    f.get(v).get(max).get(v).get(max).emit(Op.f32Gt, Op.select).set(max);
  };

  f.i32(0).set(count);
  // The vector part of a frame: bins below nBins rounded down to a multiple of 4.
  f.get(nBins).i32(-4).emit(Op.i32And).set(vecEnd);
  f.forRange(
    t,
    0,
    () => f.get(nFrames),
    () => {
      f.get(s).get(t).get(nBins).emit(Op.i32Mul).i32(2).emit(Op.i32Shl, Op.i32Add).set(base);
      // Largest value of the frame: per lane, then across lanes, then the remainder.
      f.f32(-Infinity).simd(Simd.f32x4Splat).set(vmax);
      f.forRange(
        k,
        0,
        () => f.get(vecEnd),
        () => {
          f.get(base).get(k).i32(2).emit(Op.i32Shl, Op.i32Add).simdMem(Simd.v128Load, 2).set(vv);
          f.get(vv).get(vmax).get(vv).get(vmax).simd(Simd.f32x4Gt).simd(Simd.v128Bitselect).set(vmax);
        },
        4,
      );
      f.f32(-Infinity).set(max);
      for (let lane = 0; lane < 4; lane++) {
        f.get(vmax).simd(Simd.f32x4ExtractLane, lane).set(v);
        maxStep();
      }
      f.forRange(
        k,
        () => f.get(vecEnd),
        () => f.get(nBins),
        () => {
          load(() => f.get(k));
          f.set(v);
          maxStep();
        },
      );
      f.get(threshold).get(max).emit(Op.f32Mul).set(ref);
      f.forRange(
        k,
        () => f.get(kLo),
        () => f.get(kHi).i32(1).emit(Op.i32Add),
        () => {
          load(() => f.get(k).i32(1).emit(Op.i32Sub));
          f.set(s0);
          load(() => f.get(k));
          f.set(s1);
          load(() => f.get(k).i32(1).emit(Op.i32Add));
          f.set(s2);
          // A peak: x(k) > x(k − 1) and x(k) ≥ x(k + 1).
          thresholded(s1);
          thresholded(s0);
          f.emit(Op.f32Gt);
          thresholded(s1);
          thresholded(s2);
          f.emit(Op.f32Ge, Op.i32And);
          f.scope(Op.if, () => {
            f.f32(0.5).get(s2).get(s0).emit(Op.f32Sub, Op.f32Mul).set(avg);
            f.f32(2).get(s1).emit(Op.f32Mul).get(s2).emit(Op.f32Sub).get(s0).emit(Op.f32Sub).set(den);
            f.get(den).emit(Op.f32Abs).f32(TINY_F32).emit(Op.f32Lt);
            f.scope(Op.if, () => {
              f.get(den).f32(1).emit(Op.f32Add).set(den);
            });
            f.get(avg).get(den).emit(Op.f32Div).set(shift);
            f.get(count).i32(2).emit(Op.i32Shl).set(at);
            // pitch = float32(((k + shift)·sr) / nFft), computed in float64
            f.get(pitches).get(at).emit(Op.i32Add);
            f.get(k).emit(Op.f64ConvertI32S).get(shift).emit(Op.f64PromoteF32, Op.f64Add);
            f.get(sr).emit(Op.f64Mul).get(nFft).emit(Op.f64Div, Op.f32DemoteF64);
            f.mem(Op.f32Store, 2);
            // magnitude = s1 + (0.5·avg)·shift
            f.get(magnitudes).get(at).emit(Op.i32Add);
            f.get(s1).f32(0.5).get(avg).emit(Op.f32Mul).get(shift).emit(Op.f32Mul, Op.f32Add);
            f.mem(Op.f32Store, 2);
            f.get(count).i32(1).emit(Op.i32Add).set(count);
          });
        },
      );
    },
  );
  f.get(count);
  return f;
}

function module(): WasmModule {
  return kernelModule('piptrack', () => encodeModule([{ name: 'piptrack', fn: buildPiptrack() }], 1));
}

/**
 * The peaks of tuning.ts's piptrack for bins kLo..kHi (1 ≤ kLo, kHi ≤ nBins − 2) with the
 * float32 threshold factor; WasmMemoryLimitError for a spectrogram too large for a memory.
 */
export function wasmPiptrack(
  S: Float32Array,
  nBins: number,
  nFrames: number,
  kLo: number,
  kHi: number,
  threshold: number,
  sr: number,
  nFft: number,
): { count: number; pitches: Float32Array; magnitudes: Float32Array } {
  if (S.length !== nBins * nFrames) throw new RangeError('spectrogram size does not match nBins × nFrames');
  const perFrame = kHi >= kLo ? Math.floor((kHi - kLo) / 2) + 1 : 0;
  const capacity = perFrame * nFrames;
  const pitchesAt = Math.ceil((4 * S.length) / 16) * 16;
  const magnitudesAt = pitchesAt + Math.ceil((4 * capacity) / 16) * 16;
  const ws = workspace(magnitudesAt + 4 * capacity);
  new Float32Array(ws.memory.buffer, 0, S.length).set(S);
  const run = ws.exports(module()).piptrack as Piptrack;
  const count = kHi >= kLo ? run(0, nBins, nFrames, kLo, kHi, threshold, sr, nFft, pitchesAt, magnitudesAt) : 0;
  return {
    count,
    pitches: new Float32Array(ws.memory.buffer, pitchesAt, count).slice(),
    magnitudes: new Float32Array(ws.memory.buffer, magnitudesAt, count).slice(),
  };
}
