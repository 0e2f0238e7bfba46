/**
 * Sliding-window median of float32 lines in WebAssembly SIMD, behind HPSS's two median filters
 * (see median-filter.ts for the scipy conventions, which this follows exactly). Lines run four at
 * a time, one per lane (sliding-median-lanes.ts, ~1.5× faster); the kernel below filters one line
 * per call and takes the lines left over (count mod 4).
 *
 * The window is kept sorted in V = ⌈(w + 1)/4⌉ v128 registers of int32 keys (float32 bit patterns
 * mapped so that integer order is float order), padded with a +∞ sentinel. A step updates it with
 * no data-dependent branch or memory access:
 *
 *   remove a:  r[i] = w[i] < a ? w[i] : w[i + 1]       (lanes from a's first copy on shift left)
 *   insert b:  w'[i] = min(r[i], max(b, r[i − 1]))     (r[−1] = −∞; b lands before the first r ≥ b)
 *
 * Each vector of the window costs one compare, one bitselect, one max, one min and two lane
 * shuffles per step: about 60 SIMD instructions per output for w = 31 (8 vectors), against two
 * binary searches and a ~10-element memmove with a loop-carried dependency in the scalar version,
 * ~5× slower. The median is a fixed lane.
 *
 * Medians are exact (they are one of the inputs, selected by exact comparisons), so the result is
 * bit-identical to median-filter.ts's JavaScript filter, which stays as the reference and as the
 * fallback where WebAssembly SIMD is unavailable.
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { halfSampleReflectIndex } from '../padding.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { laneKernels, type MedianLanes } from './sliding-median-lanes.js';
import { workspace, type Workspace } from './workspace.js';

/** Largest window the kernel is generated for: 64 sentinel-padded lanes, 17 vectors of state. */
export const MAX_WASM_MEDIAN_SIZE = 63;

const SENTINEL = 0x7fffffff; // key of no finite float: above +∞'s 0x7f800000
const MIN_KEY = -0x80000000;

/**
 * medianLines(src, dst, nLines, n, elemStride, lineStride, ext, edgeTable): for each line L, the
 * n float32 values at src + 4·(L·lineStride + i·elemStride) are median-filtered with window `size`
 * into the same positions of dst. `edgeTable` holds, for the size − 1 positions of the extended line
 * outside the line itself, which element of the line they mirror (scipy 'reflect'); `ext` is scratch
 * for n + size − 1 keys.
 */
function medianLinesModule(size: number): WasmModule {
  return kernelModule(`median-lines/${size}`, () => medianLinesBytes(size));
}

function medianLinesBytes(size: number): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [src, dst, nLines, n, elemStride, lineStride, ext, edgeTable] = [0, 1, 2, 3, 4, 5, 6, 7];
  const nVec = Math.ceil((size + 1) / 4);
  const before = size >> 1;
  const after = size - 1 - before;
  const rank = size >> 1;
  const w = Array.from({ length: nVec }, () => f.local(V128));
  const a = f.local(V128);
  const b = f.local(V128);
  const sentinel = f.local(V128);
  const minimum = f.local(V128);
  const prev = f.local(V128);
  const line = f.local(I32);
  const lineSrc = f.local(I32);
  const lineDst = f.local(I32);
  const i = f.local(I32);
  const p = f.local(I32);
  const q = f.local(I32);
  const x = f.local(I32);
  const stepBytes = f.local(I32);

  // key = bits ^ ((bits >> 31) & 0x7fffffff) is an involution: the same code maps keys back to bits.
  /** Pops an address, pushes the key of the float32 there. */
  const loadKey = (): void => {
    f.mem(Op.i32Load, 2).tee(x);
    f.get(x).i32(31).emit(Op.i32ShrS).i32(0x7fffffff).emit(Op.i32And, Op.i32Xor);
  };
  /** ext[j] = key(line[element]) with the ext address and the element index given by callbacks. */
  const storeExtKey = (pushExtAddress: () => void, pushElement: () => void): void => {
    pushExtAddress();
    f.get(lineSrc);
    pushElement();
    f.get(stepBytes).emit(Op.i32Mul, Op.i32Add);
    loadKey();
    f.mem(Op.i32Store, 2);
  };
  /** Inserts splatted key `b` into the sorted window (descending, so each update reads old lanes). */
  const insert = (): void => {
    for (let j = nVec - 1; j >= 0; j--) {
      f.get(j === 0 ? minimum : w[j - 1]!)
        .get(w[j]!)
        .shuffle32(3, 4, 5, 6)
        .set(prev);
      f.get(w[j]!).get(b).get(prev).simd(Simd.i32x4MaxS).simd(Simd.i32x4MinS).set(w[j]!);
    }
  };
  /** Removes one copy of splatted key `a` from the window (ascending, each update reads old lanes). */
  const remove = (): void => {
    for (let j = 0; j < nVec; j++) {
      f.get(w[j]!);
      f.get(w[j]!)
        .get(j === nVec - 1 ? sentinel : w[j + 1]!)
        .shuffle32(1, 2, 3, 4);
      f.get(w[j]!).get(a).simd(Simd.i32x4LtS);
      f.simd(Simd.v128Bitselect).set(w[j]!);
    }
  };
  /** Stores the median lane, converted back to float32 bits, at lineDst + i·stepBytes. */
  const storeMedian = (): void => {
    f.get(lineDst).get(i).get(stepBytes).emit(Op.i32Mul, Op.i32Add);
    f.get(w[rank >> 2]!)
      .simd(Simd.i32x4ExtractLane, rank & 3)
      .tee(x);
    f.get(x).i32(31).emit(Op.i32ShrS).i32(0x7fffffff).emit(Op.i32And, Op.i32Xor);
    f.mem(Op.i32Store, 2);
  };

  f.v128I32(SENTINEL, SENTINEL, SENTINEL, SENTINEL).set(sentinel);
  f.v128I32(MIN_KEY, MIN_KEY, MIN_KEY, MIN_KEY).set(minimum);
  f.get(elemStride).i32(2).emit(Op.i32Shl).set(stepBytes);
  f.forRange(
    line,
    0,
    () => f.get(nLines),
    () => {
      f.get(line).get(lineStride).emit(Op.i32Mul).i32(2).emit(Op.i32Shl).tee(p);
      f.get(src).emit(Op.i32Add).set(lineSrc);
      f.get(p).get(dst).emit(Op.i32Add).set(lineDst);
      // Extended line of keys: `before` mirrored elements, the line, `after` mirrored elements.
      f.forRange(
        q,
        0,
        () => f.i32(before),
        () => {
          storeExtKey(
            () => f.get(ext).get(q).i32(2).emit(Op.i32Shl, Op.i32Add),
            () => f.get(edgeTable).get(q).i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.i32Load, 2),
          );
        },
      );
      f.forRange(
        q,
        0,
        () => f.get(n),
        () => {
          storeExtKey(
            () => f.get(ext).get(q).i32(before).emit(Op.i32Add).i32(2).emit(Op.i32Shl, Op.i32Add),
            () => f.get(q),
          );
        },
      );
      f.forRange(
        q,
        0,
        () => f.i32(after),
        () => {
          storeExtKey(
            () =>
              f.get(ext).get(q).get(n).emit(Op.i32Add).i32(before).emit(Op.i32Add).i32(2).emit(Op.i32Shl, Op.i32Add),
            () =>
              f.get(edgeTable).get(q).i32(before).emit(Op.i32Add).i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.i32Load, 2),
          );
        },
      );
      // First window: insert its keys one by one into an all-sentinel window.
      for (const v of w) f.get(sentinel).set(v);
      f.forRange(
        q,
        0,
        () => f.i32(size),
        () => {
          f.get(ext).get(q).i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.i32Load, 2).simd(Simd.i32x4Splat).set(b);
          insert();
        },
      );
      f.i32(0).set(i);
      storeMedian();
      // Slide: p walks the leaving key, q = p + size the entering one.
      f.get(ext).set(p);
      f.forRange(
        i,
        1,
        () => f.get(n),
        () => {
          f.get(p).mem(Op.i32Load, 2).simd(Simd.i32x4Splat).set(a);
          f.get(p)
            .mem(Op.i32Load, 2, 4 * size)
            .simd(Simd.i32x4Splat)
            .set(b);
          remove();
          insert();
          storeMedian();
          f.get(p).i32(4).emit(Op.i32Add).set(p);
        },
      );
    },
  );
  return encodeModule([{ name: 'medianLines', fn: f }], 1);
}

type MedianLines = (
  src: number,
  dst: number,
  nLines: number,
  n: number,
  elemStride: number,
  lineStride: number,
  ext: number,
  edgeTable: number,
) => void;

/** Which element of an n-long line each of the size − 1 out-of-line positions of its extension mirrors. */
function edgeIndices(n: number, size: number): Int32Array {
  const before = size >> 1;
  const table = new Int32Array(size - 1);
  for (let e = 0; e < before; e++) table[e] = halfSampleReflectIndex(e - before, n);
  for (let e = before; e < size - 1; e++) table[e] = halfSampleReflectIndex(n + e - before, n);
  return table;
}

/** Byte offset of each of the n + size − 1 positions of a reflect-extended line from its element 0. */
function extendedOffsets(n: number, size: number, elemStrideBytes: number): Int32Array {
  const before = size >> 1;
  return Int32Array.from({ length: n + size - 1 }, (_, p) => halfSampleReflectIndex(p - before, n) * elemStrideBytes);
}

export type MedianAxis = 'time' | 'frequency';

/** Where a median-filter call keeps its data in the workspace, in bytes. */
export interface MedianLayout {
  /** The input, count float32 values. */
  readonly input: number;
  /** One float32 output per axis. */
  readonly outputs: readonly number[];
  /** First byte past the layout (8-byte aligned), free for the caller. */
  readonly end: number;
  readonly ext: number;
  readonly table: number;
  /** The lane kernels' table of byte offsets of the extended line. */
  readonly offsets: number;
}

export function medianLayout(nFrames: number, nBins: number, size: number, nAxes: number): MedianLayout {
  const count = nFrames * nBins;
  const outputs = Array.from({ length: nAxes }, (_, k) => 4 * count * (1 + k));
  const ext = 4 * count * (1 + nAxes);
  const longest = Math.max(nFrames, nBins) + size;
  const table = ext + 4 * longest;
  const offsets = table + 4 * size;
  const end = Math.ceil((offsets + 4 * longest) / 8) * 8;
  return { input: 0, outputs, end, ext, table, offsets };
}

function checkShape(values: Float32Array, nFrames: number, nBins: number, size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_WASM_MEDIAN_SIZE)
    throw new RangeError(`wasm median filter size must be in 1..${MAX_WASM_MEDIAN_SIZE}, got ${size}`);
  if (values.length !== nFrames * nBins)
    throw new RangeError(`matrix has ${values.length} values, expected ${nFrames} × ${nBins}`);
}

/**
 * Copies `values` into `ws` at layout.input and median-filters it along each axis into
 * layout.outputs, leaving everything in WebAssembly memory for the next kernel.
 */
export function medianFiltersInWorkspace(
  ws: Workspace,
  layout: MedianLayout,
  values: Float32Array,
  nFrames: number,
  nBins: number,
  size: number,
  axes: readonly MedianAxis[],
): void {
  checkShape(values, nFrames, nBins, size);
  const kernel = ws.exports(medianLinesModule(size)).medianLines as MedianLines;
  const lanes = ws.exports(laneKernels(size));
  new Float32Array(ws.memory.buffer, layout.input, values.length).set(values);
  axes.forEach((axis, k) => {
    // Lines of the filter: bins (adjacent in memory) along time, frames (nBins apart) along frequency.
    const [nLines, n, lineStride, elemStride] =
      axis === 'time' ? [nBins, nFrames, 1, nBins] : [nFrames, nBins, nBins, 1];
    const groups = nLines >> 2;
    const src = layout.input;
    const dst = layout.outputs[k]!;
    if (groups > 0) {
      new Int32Array(ws.memory.buffer, layout.offsets, n + size - 1).set(extendedOffsets(n, size, 4 * elemStride));
      const run = (axis === 'time' ? lanes.medianLanes : lanes.medianLanesGather) as MedianLanes;
      run(src, dst, groups, n, 4 * lineStride, layout.offsets);
    }
    const rest = nLines - 4 * groups;
    if (rest > 0) {
      // The last lines, one at a time.
      const skip = 4 * 4 * groups * lineStride;
      new Int32Array(ws.memory.buffer, layout.table, size - 1).set(edgeIndices(n, size));
      kernel(src + skip, dst + skip, rest, n, elemStride, lineStride, layout.ext, layout.table);
    }
  });
}

/**
 * Median filters of width `size` of a frame-major float32 matrix (element k of frame t at
 * t·nBins + k) along each requested axis, with scipy 'reflect' boundaries (half-sample symmetric).
 * One copy of the input into WebAssembly memory serves every axis. Throws RangeError for sizes
 * above MAX_WASM_MEDIAN_SIZE.
 */
export function wasmMedianFilters(
  values: Float32Array,
  nFrames: number,
  nBins: number,
  size: number,
  axes: readonly MedianAxis[],
): Float32Array[] {
  checkShape(values, nFrames, nBins, size);
  if (values.length === 0) return axes.map(() => new Float32Array(0));
  const layout = medianLayout(nFrames, nBins, size, axes.length);
  const ws = workspace(layout.end);
  medianFiltersInWorkspace(ws, layout, values, nFrames, nBins, size, axes);
  return axes.map((_, k) => new Float32Array(ws.memory.buffer, layout.outputs[k]!, values.length).slice());
}
