/**
 * The tempogram's frame loop of tempo.ts (meanTempogram) as a WebAssembly kernel around the SIMD
 * FFT of fft.ts: for each pair of envelope frames, the windowed frames packed into one complex
 * FFT, the two power spectra separated and transformed back into both autocorrelations, each
 * normalised by its largest |value| and added to the running sum. Every step is tempo.ts's
 * expression on the same values in the same order, and the FFT is the one meanTempogram uses (itself
 * bit-identical to fft.js), so the sums are the same bits (tested); only the loops run without
 * bounds checks, two doubles at a time, and without waiting for the JIT in a fresh worker.
 *
 * Memory (one per FFT size, grown for longer envelopes):
 *   [FFT tables and buffers][window: winLength][sum: winLength][padded envelope: n + 2·⌊winLength/2⌋]
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { fftKernel, type FftKernel } from './fft.js';
import { growMemory, kernelModule, newMemory, wasm, wasmSimdAvailable, type WasmMemory } from './runtime.js';

const { I32, F64, V128 } = ValType;
const TRANSFORM = 0; // function index of the embedded FFT
const FLOAT64_TINY = 2.2250738585072014e-308;

type TempogramSum = (window: number, padded: number, sum: number, n: number, winLength: number, scale: number) => void;

interface Kernel {
  readonly fft: FftKernel;
  readonly memory: WasmMemory;
  readonly run: TempogramSum;
}

const kernels = new Map<number, Kernel>();

/** The smallest power of two ≥ 4 and ≥ 2·winLength − 1, as meanTempogram picks it. */
export function tempogramFftSize(winLength: number): number {
  let size = 4;
  while (size < 2 * winLength - 1) size *= 2;
  return size;
}

function kernel(size: number): Kernel {
  const hit = kernels.get(size);
  if (hit) return hit;
  const fft = fftKernel(size);
  const api = wasm();
  const module = kernelModule(`tempogram/${size}`, () =>
    encodeModule(
      [
        { name: 'transform', fn: fft.transform() },
        { name: 'tempogramSum', fn: buildTempogramSum(fft) },
      ],
      1,
    ),
  );
  const memory = newMemory(fft.layout.bytes);
  const instance = new api.Instance(module, { env: { memory } });
  fft.initialise(memory.buffer);
  const k = { fft, memory, run: instance.exports.tempogramSum as TempogramSum };
  kernels.set(size, k);
  return k;
}

/**
 * tempogramSum(window, padded, sum, n, winLength, scale): sum[k] (zeroed by the caller) gets, for
 * each envelope frame t < n, ac_t[k]·factor_t where ac_t is the unscaled autocorrelation of
 * padded[t .. t + winLength)·window and factor_t = 1 / max|ac_t|, or `scale` where max·scale is
 * below float64 tiny (tempo.ts's accumulate).
 */
function buildTempogramSum(fft: FftKernel): FunctionBuilder {
  const size = fft.size;
  const half = size / 2;
  const at = fft.layout;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, F64]);
  const [win, padded, sum, n, winLength, scale] = [0, 1, 2, 3, 4, 5];
  const t = f.local(I32),
    j = f.local(I32),
    k = f.local(I32),
    m = f.local(I32),
    frame = f.local(I32),
    pairedFlag = f.local(I32),
    end = f.local(I32);
  const s = f.local(F64);
  const paired = f.local(V128),
    z = f.local(V128),
    c = f.local(V128),
    sq = f.local(V128),
    dq = f.local(V128),
    p = f.local(V128),
    v = f.local(V128),
    max = f.local(V128),
    factor = f.local(V128),
    signHigh = f.local(V128),
    absMask = f.local(V128);
  const f64x2 = (value: number): void => {
    f.simd(Simd.v128Const, ...new Uint8Array(new Float64Array([value, value]).buffer));
  };
  f.v128I32(0, 0, 0, -0x80000000).set(signHigh);
  f.v128I32(-1, 0x7fffffff, -1, 0x7fffffff).set(absMask);

  f.forRange(
    t,
    0,
    () => f.get(n),
    () => {
      // paired = t + 1 < n, also as a lane mask for the imaginary part.
      f.get(t).i32(1).emit(Op.i32Add).get(n).emit(Op.i32LtS).tee(pairedFlag);
      f.i32(0)
        .get(pairedFlag)
        .emit(Op.i32Sub)
        .simd(Simd.i32x4Splat)
        .v128I32(-1, -1, 0, 0)
        .simd(Simd.v128Or)
        .set(paired);
      // Zeros past 2·winLength doubles (the previous pair left its power spectra there).
      f.get(winLength).i32(4).emit(Op.i32Shl).set(j);
      f.whileLoop(
        () =>
          f
            .get(j)
            .i32(16 * size)
            .emit(Op.i32LtS),
        () => {
          f.get(j);
          f64x2(0);
          f.simdMem(Simd.v128Store, 3, at.input);
          f.get(j).i32(16).emit(Op.i32Add).set(j);
        },
      );
      // input[j] = [padded[t + j]·w[j], paired ? padded[t + 1 + j]·w[j] : 0]: two neighbours of padded.
      f.get(padded).get(t).i32(3).emit(Op.i32Shl, Op.i32Add).set(frame);
      f.forRange(
        j,
        0,
        () => f.get(winLength),
        () => {
          f.get(j).i32(4).emit(Op.i32Shl);
          f.get(frame).get(j).i32(3).emit(Op.i32Shl, Op.i32Add).simdMem(Simd.v128Load, 3);
          f.get(win).get(j).i32(3).emit(Op.i32Shl, Op.i32Add).mem(Op.f64Load, 3).simd(Simd.f64x2Splat);
          f.simd(Simd.f64x2Mul).get(paired).simd(Simd.v128And);
          f.simdMem(Simd.v128Store, 3, at.input);
        },
      );
      f.emit(Op.call, TRANSFORM);
      // Separate A and B: [ar, ai] = Z[k] + [cr, −ci], [br, bi] = Z[k] − [cr, −ci] with
      // (cr, ci) = Z[m], m = −k mod size; pa = ar·ar + ai·ai, pb = br·br + bi·bi, stored at k and m.
      f.forRange(
        k,
        0,
        () => f.i32(half + 1),
        () => {
          f.i32(size).get(k).emit(Op.i32Sub).i32(0).get(k).emit(Op.select).set(m);
          f.get(k).i32(4).emit(Op.i32Shl).simdMem(Simd.v128Load, 3, at.output).set(z);
          f.get(m).i32(4).emit(Op.i32Shl).simdMem(Simd.v128Load, 3, at.output).get(signHigh).simd(Simd.v128Xor).set(c);
          f.get(z).get(c).simd(Simd.f64x2Add).tee(sq).get(sq).simd(Simd.f64x2Mul).set(sq);
          f.get(z).get(c).simd(Simd.f64x2Sub).tee(dq).get(dq).simd(Simd.f64x2Mul).set(dq);
          f.get(sq).get(dq).shuffle64(0, 2).get(sq).get(dq).shuffle64(1, 3).simd(Simd.f64x2Add).set(p);
          f.get(k).i32(4).emit(Op.i32Shl).get(p).simdMem(Simd.v128Store, 3, at.input);
          f.get(m).i32(4).emit(Op.i32Shl).get(p).simdMem(Simd.v128Store, 3, at.input);
        },
      );
      f.emit(Op.call, TRANSFORM);
      // Both frames' largest |ac| at once (lane 0 frame t, lane 1 frame t + 1): v > max ? v : max.
      f64x2(0);
      f.set(max);
      f.get(winLength).i32(4).emit(Op.i32Shl).set(end);
      f.i32(0).set(j);
      f.whileLoop(
        () => f.get(j).get(end).emit(Op.i32LtS),
        () => {
          f.get(j).simdMem(Simd.v128Load, 3, at.output).get(absMask).simd(Simd.v128And).set(v);
          f.get(v).get(max).get(v).get(max).simd(Simd.f64x2Gt).simd(Simd.v128Bitselect).set(max);
          f.get(j).i32(16).emit(Op.i32Add).set(j);
        },
      );
      // factor = max·scale < tiny ? scale : 1 / max
      f.get(scale).simd(Simd.f64x2Splat);
      f64x2(1);
      f.get(max).simd(Simd.f64x2Div);
      f64x2(FLOAT64_TINY);
      f.get(max).get(scale).simd(Simd.f64x2Splat).simd(Simd.f64x2Mul).simd(Simd.f64x2Gt);
      f.simd(Simd.v128Bitselect).set(factor);
      // sum[k] = sum[k] + ac_t[k]·factor_t, then (paired) + ac_{t+1}[k]·factor_{t+1}: tempo.ts's order.
      f.forRange(
        k,
        0,
        () => f.get(winLength),
        () => {
          f.get(k).i32(4).emit(Op.i32Shl).simdMem(Simd.v128Load, 3, at.output).get(factor).simd(Simd.f64x2Mul).set(v);
          f.get(sum).get(k).i32(3).emit(Op.i32Shl, Op.i32Add).mem(Op.f64Load, 3);
          f.get(v).simd(Simd.f64x2ExtractLane, 0).emit(Op.f64Add).set(s);
          f.get(pairedFlag);
          f.scope(Op.if, () => {
            f.get(s).get(v).simd(Simd.f64x2ExtractLane, 1).emit(Op.f64Add).set(s);
          });
          f.get(sum).get(k).i32(3).emit(Op.i32Shl, Op.i32Add).get(s).mem(Op.f64Store, 3);
        },
      );
    },
    2,
  );
  return f;
}

/**
 * meanTempogram's sum over frames (before the division by n) computed in WebAssembly, or
 * undefined where the runtime has no WebAssembly SIMD (the caller runs its JavaScript loop).
 * `padded` is the ramp-padded envelope (n + 2·⌊winLength/2⌋ values), `window` the Hann window.
 */
export function wasmTempogramSum(
  padded: Float64Array,
  window: Float64Array,
  n: number,
  winLength: number,
): Float64Array | undefined {
  if (!wasmSimdAvailable()) return undefined;
  if (padded.length !== n + 2 * Math.floor(winLength / 2) || window.length !== winLength)
    throw new RangeError('padded envelope or window of the wrong length');
  const size = tempogramFftSize(winLength);
  const { fft, memory, run } = kernel(size);
  const windowAt = fft.layout.bytes;
  const sumAt = windowAt + 8 * winLength;
  const paddedAt = sumAt + 8 * winLength;
  // The last unpaired frame's partner reads one value past the padded envelope.
  growMemory(memory, paddedAt + 8 * (padded.length + 1));
  const buffer = memory.buffer;
  new Float64Array(buffer, windowAt, winLength).set(window);
  new Float64Array(buffer, sumAt, winLength).fill(0);
  new Float64Array(buffer, paddedAt, padded.length + 1).set(padded);
  run(windowAt, paddedAt, sumAt, n, winLength, 1 / (4 * size));
  return new Float64Array(buffer, sumAt, winLength).slice();
}
