/**
 * Sliding-window medians of four lines at once, one line per SIMD lane: the kernel behind HPSS's
 * median filters for every group of four lines (sliding-median.ts runs the lines left over, one at
 * a time, with its single-line kernel).
 *
 * The window is held rank-major: v128 local r holds the r-th smallest key of each of the four
 * lines' windows (keys are float32 bit patterns mapped so that integer order is float order).
 * A step removes a leaving key a and inserts an entering key b in every lane with the same two
 * formulas as the single-line kernel, now lane-wise and with no shuffles:
 *
 *   remove a:  R[r] = w[r] < a ? w[r] : w[r + 1]        (w[size] = +sentinel)
 *   insert b:  w'[r] = min(R[r], max(b, R[r − 1]))      (R[−1] = −∞)
 *
 * Both run in one pass from the top rank down (R[r − 1] needs only the old w[r − 1] and w[r]):
 * four SIMD operations per rank give four medians, about 32 per median for w = 31 against ~60 in
 * the single-line kernel. The first window is built by the same step removing sentinels. Medians
 * are exact (each is one of the inputs, chosen by exact comparisons), so every lane equals the
 * single-line kernel's and the scalar filter's result bit for bit (tested).
 *
 * Two variants: `contiguous` for lines that are adjacent in memory (the time axis of a frame-major
 * spectrogram: four neighbouring bins, loaded as one v128), and `gather` for lines a fixed stride
 * apart (the frequency axis: four neighbouring frames, loaded and stored lane by lane).
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';

const SENTINEL = 0x7fffffff; // above every finite float32's key, and +∞'s (0x7f800000)

/**
 * medianLanes(src, dst, nGroups, n, lineStrideBytes, offsets) and medianLanesGather(same): for each
 * group g of four lines, whose lane q starts at byte src + (4g + q)·lineStrideBytes, the element i
 * of every line sits offsets[size/2 + i] bytes further (offsets is an int32 table of the n + size − 1
 * positions of the reflect-extended line). Writes the medians to the same places in dst.
 * `medianLanes` requires lineStrideBytes = 4 (adjacent lines).
 */
export function laneKernels(size: number): WasmModule {
  return kernelModule(`median-lanes/${size}`, () =>
    encodeModule(
      [
        { name: 'medianLanes', fn: buildLanes(size, false) },
        { name: 'medianLanesGather', fn: buildLanes(size, true) },
      ],
      1,
    ),
  );
}

export type MedianLanes = (
  src: number,
  dst: number,
  nGroups: number,
  n: number,
  lineStrideBytes: number,
  offsets: number,
) => void;

function buildLanes(size: number, gather: boolean): FunctionBuilder {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32]);
  const [src, dst, nGroups, n, lineStride, offsets] = [0, 1, 2, 3, 4, 5];
  const rank = size >> 1;
  const w = Array.from({ length: size }, () => f.local(V128));
  const a = f.local(V128);
  const b = f.local(V128);
  const rHi = f.local(V128);
  const rLo = f.local(V128);
  const sentinel = f.local(V128);
  const low31 = f.local(V128);
  const group = f.local(I32);
  const groupSrc = f.local(I32);
  const groupDst = f.local(I32);
  const groupBytes = f.local(I32);
  const j = f.local(I32);
  const leaving = f.local(I32);
  const addr = f.local(I32);
  const v = f.local(V128);

  /** Pushes the four lanes' float32 bits at `addr` (+ lane strides when gathering). */
  const loadLanes = (): void => {
    if (!gather) {
      f.get(addr).simdMem(Simd.v128Load, 2);
      return;
    }
    f.get(addr).simdMem(Simd.v128Load32Zero, 2).set(v);
    for (let q = 1; q < 4; q++) {
      f.get(addr).get(lineStride).i32(q).emit(Op.i32Mul, Op.i32Add).get(v);
      f.simdMem(Simd.v128Load32Lane, 2).emit(q).set(v);
    }
    f.get(v);
  };
  /** Maps the v128 on the stack between float32 bits and keys (the map is its own inverse). */
  const keyMap = (): void => {
    f.tee(v).get(v).i32(31).simd(Simd.i32x4ShrS).get(low31).simd(Simd.v128And).simd(Simd.v128Xor);
  };
  /** Sets `target` to the keys of element at byte offset offsets[pushIndex()] of the group's lines. */
  const loadKeys = (target: number, pushIndex: () => void): void => {
    f.get(groupSrc).get(offsets);
    pushIndex();
    f.i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.i32Load, 2).emit(Op.i32Add).set(addr);
    loadLanes();
    keyMap();
    f.set(target);
  };
  /** Removes key a and inserts key b in every lane, top rank first. */
  const step = (): void => {
    const top = size - 1;
    f.get(w[top]!).get(sentinel).get(w[top]!).get(a).simd(Simd.i32x4LtS).simd(Simd.v128Bitselect).set(rHi);
    for (let r = top; r >= 1; r--) {
      f.get(w[r - 1]!)
        .get(w[r]!)
        .get(w[r - 1]!)
        .get(a)
        .simd(Simd.i32x4LtS)
        .simd(Simd.v128Bitselect)
        .set(rLo);
      f.get(rHi).get(b).get(rLo).simd(Simd.i32x4MaxS).simd(Simd.i32x4MinS).set(w[r]!);
      f.get(rLo).set(rHi);
    }
    f.get(rHi).get(b).simd(Simd.i32x4MinS).set(w[0]!);
  };
  /** Stores the median lanes (as float32 bits) at dst + offsets[rank + i] for i = j − size + 1. */
  const storeMedian = (): void => {
    f.get(groupDst).get(offsets);
    f.get(j)
      .i32(size - 1 - rank)
      .emit(Op.i32Sub);
    f.i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.i32Load, 2).emit(Op.i32Add).set(addr);
    f.get(w[rank]!);
    keyMap();
    f.set(v);
    if (!gather) {
      f.get(addr).get(v).simdMem(Simd.v128Store, 2);
      return;
    }
    for (let q = 0; q < 4; q++) {
      f.get(addr);
      if (q > 0) f.get(lineStride).i32(q).emit(Op.i32Mul, Op.i32Add);
      f.get(v).simdMem(Simd.v128Store32Lane, 2).emit(q);
    }
  };

  f.v128I32(SENTINEL, SENTINEL, SENTINEL, SENTINEL).set(sentinel);
  f.v128I32(0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff).set(low31);
  f.get(lineStride).i32(2).emit(Op.i32Shl).set(groupBytes);
  f.forRange(
    group,
    0,
    () => f.get(nGroups),
    () => {
      f.get(group).get(groupBytes).emit(Op.i32Mul).set(leaving);
      f.get(src).get(leaving).emit(Op.i32Add).set(groupSrc);
      f.get(dst).get(leaving).emit(Op.i32Add).set(groupDst);
      for (const x of w) f.get(sentinel).set(x);
      // The first window: j = 0 … size − 1 enter while sentinels leave.
      f.get(sentinel).set(a);
      f.forRange(
        j,
        0,
        () => f.i32(size),
        () => {
          loadKeys(b, () => f.get(j));
          step();
        },
      );
      f.i32(size - 1).set(j);
      storeMedian();
      // Then j = size … n + size − 2: element j − size leaves, element j enters.
      f.forRange(
        j,
        size,
        () =>
          f
            .get(n)
            .i32(size - 1)
            .emit(Op.i32Add),
        () => {
          loadKeys(a, () => f.get(j).i32(size).emit(Op.i32Sub));
          loadKeys(b, () => f.get(j));
          step();
          storeMedian();
        },
      );
    },
  );
  return f;
}
