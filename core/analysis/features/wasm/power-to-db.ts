/**
 * librosa's power_to_db in WebAssembly SIMD, two values per instruction, with its own base-10
 * logarithm: fdlibm's log10 and log (e_log10.c, e_log.c), the algorithm behind Node 20's
 * Math.log10 (V8's ieee754.cc), operation for operation. Every branch of fdlibm is computed for
 * both lanes and each lane keeps the one it would have taken, so each dB value is the bits mel.ts's
 * loop computes with Math.log10 there (tested on millions of values). Two gains: no call into the
 * C library per value (165,000 per window), and a logarithm that no longer depends on the host's
 * V8, whose newer versions compute Math.log10 with LLVM's libc.
 *
 * The kernel takes amin ≥ the smallest normal double, so every logarithm's argument is a normal
 * number, NaN or +∞: fdlibm's subnormal, zero and negative branches are left to the JavaScript path.
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

const { I32, F64, V128 } = ValType;

/** The smallest normal double: the kernel's lower bound for amin. */
export const MIN_NORMAL = 2.2250738585072014e-308;

// fdlibm's constants (e_log.c, e_log10.c).
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LG = [
  6.66666666666673513e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
] as const;
const THIRD = 0.3333333333333333; // fdlibm writes 0.33333333333333333: the same double
const IVLN10 = 4.34294481903251816668e-1;
const LOG10_2HI = 3.01029995663611771306e-1;
const LOG10_2LO = 3.69423907715893078616e-13;
const FLOAT_CONSTANTS = [1, 2, 0.5, 0, 10, THIRD, LN2_HI, LN2_LO, IVLN10, LOG10_2HI, LOG10_2LO, ...LG];

/**
 * powerToDb(values, n, amin, refDb) → max: values[i] = 10·log10(max(amin, values[i])) − refDb in
 * place for an even n, the largest result returned (NaN never counts, as in the loop).
 * floorAt(values, n, floor): values[i] = floor where values[i] < floor.
 */
function buildPowerToDb(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, F64, F64], [F64]);
  const [values, n, amin, refDb] = [0, 1, 2, 3];
  const p = f.local(I32),
    end = f.local(I32);
  const fc = new Map<number, number>();
  for (const value of FLOAT_CONSTANTS) {
    if (fc.has(value)) continue;
    const local = f.local(V128);
    f.f64(value).simd(Simd.f64x2Splat).set(local);
    fc.set(value, local);
  }
  const k = (value: number): FunctionBuilder => f.get(fc.get(value)!);
  const vec = (): number => f.local(V128);
  const aminV = vec(),
    refV = vec(),
    maxV = vec(),
    x = vec(),
    m = vec(),
    kk = vec(),
    neg = vec(),
    y = vec(),
    h2 = vec(),
    dk = vec(),
    fm = vec();
  const small = vec(),
    kz = vec(),
    fzero = vec(),
    ipos = vec(),
    s = vec(),
    z = vec(),
    w = vec(),
    r = vec(),
    hfsq = vec(),
    rs = vec(),
    main = vec(),
    tiny = vec(),
    res = vec();
  const highLanes = vec();
  f.get(amin).simd(Simd.f64x2Splat).set(aminV);
  f.get(refDb).simd(Simd.f64x2Splat).set(refV);
  f.f64(-Infinity).simd(Simd.f64x2Splat).set(maxV);
  f.v128I32(0, -1, 0, -1).set(highLanes);
  const int = (value: number): FunctionBuilder => f.i32(value).simd(Simd.i32x4Splat);
  /** Widens the int32 masks in lanes 1 and 3 (high words) to both halves of each f64 lane. */
  const widen = (local: number): void => {
    f.get(local).get(local).shuffle32(1, 1, 3, 3).set(local);
  };
  /** Converts the int32 lanes 1 and 3 of `local` to the two f64 lanes. */
  const toF64 = (local: number, into: number): void => {
    f.get(local).get(local).shuffle32(1, 3, 1, 3).simd(Simd.f64x2ConvertLowI32x4S).set(into);
  };
  const select = (ifTrue: () => void, ifFalse: () => void, mask: number): void => {
    ifTrue();
    ifFalse();
    f.get(mask).simd(Simd.v128Bitselect);
  };

  f.get(values).get(n).i32(3).emit(Op.i32Shl, Op.i32Add).set(end);
  f.forRange(
    p,
    () => f.get(values),
    () => f.get(end),
    () => {
      // x = max(amin, v); its high words (int32 lanes 1 and 3) drive fdlibm's integer steps.
      f.get(aminV).get(p).simdMem(Simd.v128Load, 3).simd(Simd.f64x2Max).set(x);
      // log10 (hx: x's high words): k = (hx >> 20) − 1023; neg = k < 0; y = k + neg
      f.get(x).i32(20).simd(Simd.i32x4ShrS);
      int(1023).simd(Simd.i32x4Sub).set(kk);
      f.get(kk).i32(31).simd(Simd.i32x4ShrU).set(neg);
      f.get(kk).get(neg).simd(Simd.i32x4Add).set(y);
      toF64(y, y);
      // m = hx & 0xfffff (the same in log10's and log's reduced x); low words never change.
      f.get(x);
      int(0xfffff).simd(Simd.v128And).set(m);
      // log: i = (m + 0x95f64) & 0x100000; x' = m | (i ^ 0x3ff00000) over x's low words
      f.get(m);
      int(0x95f64).simd(Simd.i32x4Add);
      int(0x100000).simd(Simd.v128And).set(h2);
      // k' = (i >> 20) − neg (log's own k on log10's reduced x is −neg)
      f.get(h2).i32(20).simd(Simd.i32x4ShrU).get(neg).simd(Simd.i32x4Sub).set(dk);
      f.get(m).get(h2);
      int(0x3ff00000).simd(Simd.v128Xor).simd(Simd.v128Or);
      f.get(x).get(highLanes).simd(Simd.v128Bitselect);
      k(1).simd(Simd.f64x2Sub).set(fm);
      // masks: |f| < 2^-20, k' == 0, and fdlibm's i > 0 (i = (m − 0x6147a) | (0x6b851 − m))
      f.get(m);
      int(2).simd(Simd.i32x4Add);
      int(0xfffff).simd(Simd.v128And);
      int(3).simd(Simd.i32x4LtS).set(small);
      widen(small);
      f.get(dk);
      int(0).simd(Simd.i32x4Eq).set(kz);
      widen(kz);
      f.get(m);
      int(0x6147a).simd(Simd.i32x4Sub);
      int(0x6b851).get(m).simd(Simd.i32x4Sub).simd(Simd.v128Or);
      int(0).simd(Simd.i32x4GtS).set(ipos);
      widen(ipos);
      toF64(dk, dk);
      f.get(fm);
      k(0).simd(Simd.f64x2Eq).set(fzero);
      emitLogOfReduced({ f, k, select, fm, s, z, w, r, hfsq, rs, main, tiny, res, kz, fzero, ipos, small, dk });
      // log10 = y·log10_2lo + ivln10·log(x'); + y·log10_2hi. NaN and +∞ lanes: x + x.
      f.get(y);
      k(LOG10_2LO).simd(Simd.f64x2Mul);
      k(IVLN10).get(res).simd(Simd.f64x2Mul).simd(Simd.f64x2Add);
      f.get(y);
      k(LOG10_2HI).simd(Simd.f64x2Mul).simd(Simd.f64x2Add).set(res);
      f.get(x).get(x).simd(Simd.f64x2Add).get(res);
      f.get(x);
      int(0x7fffffff).simd(Simd.v128And);
      int(0x7ff00000).simd(Simd.i32x4GeS).set(tiny);
      widen(tiny);
      f.get(tiny).simd(Simd.v128Bitselect).set(res);
      // db = 10·log10 − refDb, stored; max = max < db ? db : max
      f.get(p);
      k(10).get(res).simd(Simd.f64x2Mul).get(refV).simd(Simd.f64x2Sub).tee(res).simdMem(Simd.v128Store, 3);
      f.get(maxV).get(res).simd(Simd.f64x2Pmax).set(maxV);
    },
    16,
  );
  // The larger lane, by the loop's rule.
  f.get(maxV).simd(Simd.f64x2ExtractLane, 1).get(maxV).simd(Simd.f64x2ExtractLane, 0);
  f.get(maxV).simd(Simd.f64x2ExtractLane, 0).get(maxV).simd(Simd.f64x2ExtractLane, 1).emit(Op.f64Lt, Op.select);
  return f;
}

/** The locals and emitters emitLogOfReduced shares with the kernel around it. */
interface LogLanes {
  readonly f: FunctionBuilder;
  /** Pushes a float constant, both lanes. */
  readonly k: (value: number) => FunctionBuilder;
  /** Pushes what ifTrue pushes where `mask` is set, what ifFalse pushes elsewhere. */
  readonly select: (ifTrue: () => void, ifFalse: () => void, mask: number) => void;
  readonly fm: number;
  readonly s: number;
  readonly z: number;
  readonly w: number;
  readonly r: number;
  readonly hfsq: number;
  readonly rs: number;
  readonly main: number;
  readonly tiny: number;
  readonly res: number;
  readonly kz: number;
  readonly fzero: number;
  readonly ipos: number;
  readonly small: number;
  readonly dk: number;
}

/**
 * fdlibm's log of the reduced argument, f = x' − 1 with its masks already in their locals: every
 * branch computed, each lane keeping its own; the result in `res`.
 */
function emitLogOfReduced(lanes: LogLanes): void {
  const { f, k, select, fm, s, z, w, r, hfsq, rs, main, tiny, res, kz, fzero, ipos, small, dk } = lanes;
  // s = f / (2 + f); z = s²; w = z²; R = t2 + t1
  f.get(fm);
  k(2).get(fm).simd(Simd.f64x2Add).simd(Simd.f64x2Div).set(s);
  f.get(s).get(s).simd(Simd.f64x2Mul).set(z);
  f.get(z).get(z).simd(Simd.f64x2Mul).set(w);
  f.get(z);
  k(LG[0]).get(w);
  k(LG[2]).get(w);
  k(LG[4]).get(w);
  k(LG[6]);
  for (const op of ['mul', 'add', 'mul', 'add', 'mul', 'add', 'mul'] as const)
    f.simd(op === 'mul' ? Simd.f64x2Mul : Simd.f64x2Add);
  f.get(w);
  k(LG[1]).get(w);
  k(LG[3]).get(w);
  k(LG[5]);
  for (const op of ['mul', 'add', 'mul', 'add', 'mul'] as const) f.simd(op === 'mul' ? Simd.f64x2Mul : Simd.f64x2Add);
  f.simd(Simd.f64x2Add).set(r);
  // hfsq = 0.5·f·f
  k(0.5).get(fm).simd(Simd.f64x2Mul).get(fm).simd(Simd.f64x2Mul).set(hfsq);
  const dkHi = (): void => {
    f.get(dk);
    k(LN2_HI).simd(Simd.f64x2Mul);
  };
  const dkLo = (): void => {
    f.get(dk);
    k(LN2_LO).simd(Simd.f64x2Mul);
  };
  // i > 0: k' == 0 ? f − (hfsq − s·(hfsq + R)) : dk·ln2_hi − ((hfsq − (s·(hfsq + R) + dk·ln2_lo)) − f)
  const mainPositive = (): void =>
    select(
      () => {
        f.get(fm).get(hfsq).get(s).get(hfsq).get(r).simd(Simd.f64x2Add).simd(Simd.f64x2Mul);
        f.simd(Simd.f64x2Sub).simd(Simd.f64x2Sub);
      },
      () => {
        dkHi();
        f.get(hfsq).get(s).get(hfsq).get(r).simd(Simd.f64x2Add).simd(Simd.f64x2Mul);
        dkLo();
        f.simd(Simd.f64x2Add).simd(Simd.f64x2Sub).get(fm).simd(Simd.f64x2Sub).simd(Simd.f64x2Sub);
      },
      kz,
    );
  // i ≤ 0: k' == 0 ? f − s·(f − R) : dk·ln2_hi − ((s·(f − R) − dk·ln2_lo) − f)
  const mainOther = (): void =>
    select(
      () => {
        f.get(fm).get(s).get(fm).get(r).simd(Simd.f64x2Sub).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub);
      },
      () => {
        dkHi();
        f.get(s).get(fm).get(r).simd(Simd.f64x2Sub).simd(Simd.f64x2Mul);
        dkLo();
        f.simd(Simd.f64x2Sub).get(fm).simd(Simd.f64x2Sub).simd(Simd.f64x2Sub);
      },
      kz,
    );
  select(mainPositive, mainOther, ipos);
  f.set(main);
  // |f| < 2^-20: R = f·f·(0.5 − f/3); f == 0 ? (k' == 0 ? 0 : dk·ln2_hi + dk·ln2_lo)
  //   : (k' == 0 ? f − R : dk·ln2_hi − ((R − dk·ln2_lo) − f))
  f.get(fm).get(fm).simd(Simd.f64x2Mul);
  k(0.5);
  k(THIRD).get(fm).simd(Simd.f64x2Mul).simd(Simd.f64x2Sub).simd(Simd.f64x2Mul).set(rs);
  select(
    () =>
      select(
        () => k(0),
        () => {
          dkHi();
          dkLo();
          f.simd(Simd.f64x2Add);
        },
        kz,
      ),
    () =>
      select(
        () => f.get(fm).get(rs).simd(Simd.f64x2Sub),
        () => {
          dkHi();
          f.get(rs);
          dkLo();
          f.simd(Simd.f64x2Sub).get(fm).simd(Simd.f64x2Sub).simd(Simd.f64x2Sub);
        },
        kz,
      ),
    fzero,
  );
  f.set(tiny);
  select(
    () => f.get(tiny),
    () => f.get(main),
    small,
  );
  f.set(res);
}

function buildFloor(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, F64]);
  const [values, n, floor] = [0, 1, 2];
  const p = f.local(I32),
    end = f.local(I32),
    floorV = f.local(V128),
    v = f.local(V128);
  f.get(floor).simd(Simd.f64x2Splat).set(floorV);
  f.get(values).get(n).i32(3).emit(Op.i32Shl, Op.i32Add).set(end);
  f.forRange(
    p,
    () => f.get(values),
    () => f.get(end),
    () => {
      f.get(p);
      f.get(floorV).get(p).simdMem(Simd.v128Load, 3).tee(v);
      f.get(v).get(floorV).simd(Simd.f64x2Lt).simd(Simd.v128Bitselect).simdMem(Simd.v128Store, 3);
    },
    16,
  );
  return f;
}

function powerToDbModule(): WasmModule {
  return kernelModule('power-to-db', () =>
    encodeModule(
      [
        { name: 'powerToDb', fn: buildPowerToDb() },
        { name: 'floorAt', fn: buildFloor() },
      ],
      1,
    ),
  );
}

interface PowerToDbExports {
  powerToDb(values: number, n: number, amin: number, refDb: number): number;
  floorAt(values: number, n: number, floor: number): void;
}

/**
 * 10·log10(max(amin, v)) − refDb for every value, floored at the largest minus topDb unless topDb
 * is null; amin ≥ MIN_NORMAL. An odd count is padded with amin, whose dB never exceeds the others'
 * largest (the clamped values reach it exactly), and the pad is dropped.
 */
export function wasmPowerToDb(values: Float64Array, amin: number, refDb: number, topDb: number | null): Float64Array {
  if (!(amin >= MIN_NORMAL)) throw new RangeError(`the dB kernel needs amin ≥ ${MIN_NORMAL}, got ${amin}`);
  const n = values.length + (values.length % 2);
  const ws = workspace(8 * n);
  const exports = ws.exports(powerToDbModule()) as unknown as PowerToDbExports;
  const data = new Float64Array(ws.memory.buffer, 0, n);
  data.set(values);
  if (n > values.length) data[n - 1] = amin;
  const max = exports.powerToDb(0, n, amin, refDb);
  if (topDb !== null) exports.floorAt(0, n, max - topDb);
  return new Float64Array(ws.memory.buffer, 0, values.length).slice();
}
