/**
 * The spectral flux behind the onset envelope (onset.ts), two bands per instruction: for each
 * output frame, every band's rise max(0, db[now] − db[before]) and how many bands did not rise.
 * The median over bands stays in onset.ts, which reads the rises where this kernel leaves them.
 *
 * Same values as onset.ts's loop: the difference is one IEEE subtraction either way, and
 * f64x2.pmax(0, d) is `0 < d ? d : 0`, which is `d > 0 ? d : 0` for every d, NaN and −0 included
 * (both give +0). A band that did not rise holds +0, so "rise === 0" counts the same bands.
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

/**
 * rises(db, nBands, first, count, lag, rises, zeros): for k < count, frame j = first + k of the
 * frame-major db (nBands values each, nBands even) against frame j + lag: the nBands rises at
 * rises + 8·k·nBands, the number of zero rises at zeros + 4·k.
 */
function risesModule(): WasmModule {
  return kernelModule('onset-rises', risesBytes);
}

function risesBytes(): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32]);
  const [db, nBands, first, count, lag, rises, zeros] = [0, 1, 2, 3, 4, 5, 6];
  const k = f.local(I32),
    m = f.local(I32),
    before = f.local(I32),
    now = f.local(I32),
    out = f.local(I32),
    rowBytes = f.local(I32);
  const rise = f.local(V128),
    zeroCount = f.local(V128),
    zero = f.local(V128);
  f.v128I32(0, 0, 0, 0).set(zero);
  f.get(nBands).i32(3).emit(Op.i32Shl).set(rowBytes);
  f.get(db).get(first).get(rowBytes).emit(Op.i32Mul, Op.i32Add).set(before);
  f.get(rises).set(out);
  f.forRange(
    k,
    0,
    () => f.get(count),
    () => {
      f.get(before).get(lag).get(rowBytes).emit(Op.i32Mul, Op.i32Add).set(now);
      f.get(zero).set(zeroCount);
      f.forRange(
        m,
        0,
        () => f.get(nBands),
        () => {
          f.get(zero);
          f.get(now).simdMem(Simd.v128Load, 3).get(before).simdMem(Simd.v128Load, 3).simd(Simd.f64x2Sub);
          f.simd(Simd.f64x2Pmax).set(rise);
          f.get(out).get(rise).simdMem(Simd.v128Store, 3);
          // An equal lane is 64 one-bits: two int32 lanes of −1, so the count grows by 2 per band.
          f.get(zeroCount).get(rise).get(zero).simd(Simd.f64x2Eq).simd(Simd.i32x4Sub).set(zeroCount);
          for (const pointer of [now, before, out]) f.get(pointer).i32(16).emit(Op.i32Add).set(pointer);
        },
        2,
      );
      f.get(zeros).get(k).i32(2).emit(Op.i32Shl, Op.i32Add);
      f.get(zeroCount).simd(Simd.i32x4ExtractLane, 0);
      for (let lane = 1; lane < 4; lane++) f.get(zeroCount).simd(Simd.i32x4ExtractLane, lane).emit(Op.i32Add);
      f.i32(1).emit(Op.i32ShrS).mem(Op.i32Store, 2);
    },
  );
  return encodeModule([{ name: 'rises', fn: f }], 1);
}

type RisesFn = (
  db: number,
  nBands: number,
  first: number,
  count: number,
  lag: number,
  rises: number,
  zeros: number,
) => void;

export interface OnsetRises {
  /** count × nBands rises, frame after frame: a view of WebAssembly memory, valid until the next kernel call. */
  readonly rises: Float64Array;
  /** How many of each frame's bands did not rise. */
  readonly zeros: Int32Array;
}

/**
 * The rises of frames first … first + count − 1 of a frame-major dB spectrogram against the frame
 * `lag` later, nBands (even) per frame.
 */
export function wasmOnsetRises(
  db: Float64Array,
  nBands: number,
  first: number,
  count: number,
  lag: number,
): OnsetRises {
  if (nBands % 2 !== 0) throw new RangeError(`the onset kernel needs an even number of bands, got ${nBands}`);
  if (count < 0 || first < 0 || (first + count + lag) * nBands > db.length)
    throw new RangeError('onset frames outside the spectrogram');
  const risesAt = 8 * db.length;
  const zerosAt = risesAt + 8 * count * nBands;
  const ws = workspace(zerosAt + 4 * count);
  new Float64Array(ws.memory.buffer, 0, db.length).set(db);
  (ws.exports(risesModule()).rises as RisesFn)(0, nBands, first, count, lag, risesAt, zerosAt);
  return {
    rises: new Float64Array(ws.memory.buffer, risesAt, count * nBands),
    zeros: new Int32Array(ws.memory.buffer, zerosAt, count),
  };
}
