/**
 * The STFT and the masked inverse STFT of stft.ts / istft.ts as WebAssembly kernels around the
 * SIMD FFT of fft.ts, with every arithmetic step the JavaScript versions take, in the same order
 * and on the same values — so the spectra and signals are bit-identical (tested), only the framing,
 * packing, spectrum separation and overlap-add loops run without bounds checks and two doubles at
 * a time.
 *
 * Each STFT gets a memory of its own, laid out for everything computed from it:
 *   [FFT tables and buffers][window][window / nFft][reflect-padded signal][re][im][mask]
 *   [overlap-add][float32 magnitude][float32 power]
 * The Stft's re and im are views into it (no copy out), and the memory stays attached to that Stft
 * (a WeakMap, so it is released with it) so that istft(s, mask) only copies the mask in and the
 * float32 spectrograms are computed in place. The extractor, which knows when its STFT is done
 * with, hands the memory back for the next window (stft.ts's withStft).
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { fftKernel, type FftKernel } from './fft.js';
import { growMemory, kernelModule, newMemory, wasm, type WasmMemory, type WasmModule } from './runtime.js';
import { RETAINED_BYTES } from './workspace.js';

type StftFrames = (window: number, signal: number, re: number, im: number, nFrames: number, hop: number) => void;
type Spectrograms = (re: number, im: number, magnitude: number, power: number, count: number) => void;
type HpssStatistics = (
  overlapAdd: number,
  from: number,
  head: number,
  nHead: number,
  period: number,
  hop: number,
  nInterior: number,
  tail: number,
  nTail: number,
  y: number,
  n: number,
  out: number,
) => void;
type IstftFrames = (
  re: number,
  im: number,
  mask: number,
  scaledWindow: number,
  overlapAdd: number,
  nFrames: number,
  hop: number,
) => void;

/** Byte offsets of one STFT's memory. */
interface StftMemoryLayout {
  readonly window: number;
  readonly scaledWindow: number;
  readonly signal: number;
  readonly re: number;
  readonly im: number;
  readonly mask: number;
  readonly overlapAdd: number;
  /** float32 |X| and |X|², count values rounded up to a multiple of 4. */
  readonly magnitude: number;
  readonly power: number;
  /** Window-sum divisors and the four HPSS statistics (hpssStatisticsInWasm). */
  readonly scratch: number;
  /** The signal HPSS subtracts the harmonic part from (float64, nSamples values). */
  readonly samples: number;
  readonly bytes: number;
}

/** The memory and entry points of one STFT computed by the kernels. */
interface StftMemory {
  readonly buffer: ArrayBuffer;
  readonly layout: StftMemoryLayout;
  readonly nFft: number;
  readonly hop: number;
  readonly nFrames: number;
  readonly istftFrames: IstftFrames;
  readonly spectrograms: Spectrograms;
  readonly hpssStatistics: HpssStatistics;
  /** The signal whose reflect-padded copy is in the signal region (its samples from nFft/2 on). */
  readonly source: Float32Array | Float64Array | undefined;
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;

function stftMemoryLayout(fft: FftKernel, nSamples: number, nFrames: number, hop: number): StftMemoryLayout {
  const nFft = fft.size;
  const count = (nFft / 2 + 1) * nFrames;
  const window = align(fft.layout.bytes);
  const scaledWindow = window + 8 * nFft;
  const signal = scaledWindow + 8 * nFft;
  // The last frame's unpaired partner is read (and masked away) past the signal: keep it in memory.
  const re = align(signal + 8 * (nSamples + nFft + hop));
  const im = re + align(8 * count);
  const mask = im + align(8 * count);
  const overlapAdd = mask + align(8 * (count + nFft / 2 + 1));
  const magnitude = overlapAdd + align(8 * (nFft + hop * Math.max(0, nFrames - 1)));
  const power = magnitude + align(4 * count);
  const scratch = power + align(4 * count);
  // Divisors: at most 2·nFft at the head (all of a short signal), hop, nFft at the tail; 4 results.
  const samples = scratch + align(8 * (3 * nFft + hop + 4));
  const bytes = samples + align(8 * nSamples);
  return { window, scaledWindow, signal, re, im, mask, overlapAdd, magnitude, power, scratch, samples, bytes };
}

const { I32, F64, V128 } = ValType;
const TRANSFORM = 0; // function index of the embedded FFT

interface Compiled {
  readonly fft: FftKernel;
  readonly module: WasmModule;
}

const compiled = new Map<number, Compiled>();

/** The module for one nFft: the FFT, stftFrames, istftFrames and spectrograms, compiled once. */
function compile(nFft: number): Compiled {
  const hit = compiled.get(nFft);
  if (hit) return hit;
  const fft = fftKernel(nFft);
  const module = kernelModule(`stft/${nFft}`, () =>
    encodeModule(
      [
        { name: 'transform', fn: fft.transform() },
        { name: 'stftFrames', fn: buildStftFrames(fft) },
        { name: 'istftFrames', fn: buildIstftFrames(fft) },
        { name: 'spectrograms', fn: buildSpectrograms() },
        { name: 'hpssStatistics', fn: buildHpssStatistics() },
      ],
      1,
    ),
  );
  const c = { fft, module };
  compiled.set(nFft, c);
  return c;
}

/** while (condition) { body; advance } */
function loop(f: FunctionBuilder, pushCondition: () => void, body: () => void, advance: () => void): void {
  f.whileLoop(pushCondition, () => {
    body();
    advance();
  });
}

/**
 * stftFrames(window, signal, re, im, nFrames, hop): stft.ts's loop. Frame pairs (t, t + 1) go into
 * one complex FFT, frame t as the real part: input[i] = [x_t[i]·w[i], x_{t+1}[i]·w[i]] (the
 * partner zeroed for an unpaired last frame), then A[k] = (Z[k] + conj Z[N−k]) / 2 and
 * B[k] = (Z[k] − conj Z[N−k]) / 2i, each lane the expression stft.ts evaluates.
 */
function buildStftFrames(fft: FftKernel): FunctionBuilder {
  const nFft = fft.size;
  const nBins = nFft / 2 + 1;
  const at = fft.layout;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32]);
  const [win, sig, re, im, nFrames, hop] = [0, 1, 2, 3, 4, 5];
  const t = f.local(I32),
    a = f.local(I32),
    b = f.local(I32),
    i = f.local(I32),
    k = f.local(I32),
    j = f.local(I32),
    row = f.local(I32);
  const paired = f.local(V128),
    w = f.local(V128),
    va = f.local(V128),
    vb = f.local(V128),
    z = f.local(V128),
    c = f.local(V128),
    half = f.local(V128),
    signHigh = f.local(V128);
  const pairedFlag = f.local(I32);
  const halfBytes = new Uint8Array(new Float64Array([0.5, 0.5]).buffer);
  f.simd(Simd.v128Const, ...halfBytes).set(half);
  f.v128I32(0, 0, 0, -0x80000000).set(signHigh);
  /** Stores lane `lane` of vector v as a double at (pushed address) + offset. */
  const storeLane = (pushAddress: () => void, v: number, lane: number, offset = 0): void => {
    pushAddress();
    f.get(v).simd(Simd.f64x2ExtractLane, lane).mem(Op.f64Store, 3, offset);
  };
  const reAt = (): void => void f.get(re).get(row).emit(Op.i32Add).get(k).i32(3).emit(Op.i32Shl, Op.i32Add);
  const imAt = (): void => void f.get(im).get(row).emit(Op.i32Add).get(k).i32(3).emit(Op.i32Shl, Op.i32Add);

  f.i32(0).set(t);
  loop(
    f,
    () => f.get(t).get(nFrames).emit(Op.i32LtS),
    () => {
      // paired = t + 1 < nFrames, also as an all-ones / all-zeros lane mask for the partner frame.
      f.get(t).i32(1).emit(Op.i32Add).get(nFrames).emit(Op.i32LtS).tee(pairedFlag);
      f.i32(0).get(pairedFlag).emit(Op.i32Sub).simd(Simd.i32x4Splat).set(paired);
      f.get(sig).get(t).get(hop).emit(Op.i32Mul).i32(3).emit(Op.i32Shl, Op.i32Add).tee(a);
      f.get(hop).i32(3).emit(Op.i32Shl, Op.i32Add).set(b);
      // Pack two samples per step (i in bytes of one frame): [a_i·w_i, b_i·w_i], [a_i+1·w_i+1, b_i+1·w_i+1].
      f.i32(0).set(i);
      loop(
        f,
        () =>
          f
            .get(i)
            .i32(8 * nFft)
            .emit(Op.i32LtS),
        () => {
          f.get(win).get(i).emit(Op.i32Add).simdMem(Simd.v128Load, 3).set(w);
          f.get(a).get(i).emit(Op.i32Add).simdMem(Simd.v128Load, 3).get(w).simd(Simd.f64x2Mul).set(va);
          f.get(b)
            .get(i)
            .emit(Op.i32Add)
            .simdMem(Simd.v128Load, 3)
            .get(w)
            .simd(Simd.f64x2Mul)
            .get(paired)
            .simd(Simd.v128And)
            .set(vb);
          f.get(i).i32(1).emit(Op.i32Shl).get(va).get(vb).shuffle64(0, 2).simdMem(Simd.v128Store, 3, at.input);
          f.get(i)
            .i32(1)
            .emit(Op.i32Shl)
            .get(va)
            .get(vb)
            .shuffle64(1, 3)
            .simdMem(Simd.v128Store, 3, at.input + 16);
        },
        () => f.get(i).i32(16).emit(Op.i32Add).set(i),
      );
      f.emit(Op.call, TRANSFORM);
      // Separate the two spectra into rows t and t + 1 of re and im.
      f.get(t)
        .i32(8 * nBins)
        .emit(Op.i32Mul)
        .set(row);
      f.i32(0).set(k);
      loop(
        f,
        () => f.get(k).i32(nBins).emit(Op.i32LtS),
        () => {
          // j = k ≠ 0 ? nFft − k : 0
          f.i32(nFft).get(k).emit(Op.i32Sub).i32(0).get(k).emit(Op.select).set(j);
          f.get(k).i32(4).emit(Op.i32Shl).simdMem(Simd.v128Load, 3, at.output).set(z);
          f.get(j).i32(4).emit(Op.i32Shl).simdMem(Simd.v128Load, 3, at.output).set(c);
          // A = 0.5·[zr + cr, zi + (−ci)]
          f.get(half).get(z).get(c).get(signHigh).simd(Simd.v128Xor).simd(Simd.f64x2Add).simd(Simd.f64x2Mul).set(va);
          storeLane(reAt, va, 0);
          storeLane(imAt, va, 1);
          f.get(pairedFlag);
          f.scope(Op.if, () => {
            // B = 0.5·([zi, −zr] + [ci, cr]) = 0.5·[zi + ci, cr − zr], into row t + 1.
            f.get(half);
            f.get(z).get(z).shuffle64(1, 2).get(signHigh).simd(Simd.v128Xor);
            f.get(c).get(c).shuffle64(1, 2);
            f.simd(Simd.f64x2Add).simd(Simd.f64x2Mul).set(vb);
            storeLane(reAt, vb, 0, 8 * nBins);
            storeLane(imAt, vb, 1, 8 * nBins);
          });
        },
        () => f.get(k).i32(1).emit(Op.i32Add).set(k),
      );
    },
    () => f.get(t).i32(2).emit(Op.i32Add).set(t),
  );
  return f;
}

/**
 * istftFrames(re, im, mask, scaledWindow, overlapAdd, nFrames, hop): istft.ts's loop. Two masked
 * frames per complex inverse FFT (z = conj Z, DC and Nyquist real only), then the overlap-add of
 * window/nFft × the real part (frame t) and of −window/nFft × the imaginary part (frame t + 1),
 * frame t's loop before frame t + 1's so every sample sums its terms in istft.ts's order.
 */
function buildIstftFrames(fft: FftKernel): FunctionBuilder {
  const nFft = fft.size;
  const nBins = nFft / 2 + 1;
  const half = nFft / 2;
  const at = fft.layout;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32]);
  const [re, im, mask, scaled, acc, nFrames, hop] = [0, 1, 2, 3, 4, 5, 6];
  const t = f.local(I32),
    b1 = f.local(I32),
    k = f.local(I32),
    i = f.local(I32),
    first = f.local(I32),
    pairedFlag = f.local(I32);
  const m1 = f.local(F64),
    a1 = f.local(F64),
    c1 = f.local(F64),
    a2 = f.local(F64),
    c2 = f.local(F64);
  const o01 = f.local(V128),
    o23 = f.local(V128);
  const f64At = (base: number, pushByteIndex: () => void, offset = 0): void => {
    f.get(base);
    pushByteIndex();
    f.emit(Op.i32Add).mem(Op.f64Load, 3, offset);
  };
  /** Pushes (value at base + b1 + 8k + offset) · (mask at the same place). */
  const masked = (base: number, offset: number): void => {
    f64At(base, () => f.get(b1).get(k).i32(3).emit(Op.i32Shl, Op.i32Add), offset);
    f64At(mask, () => f.get(b1).get(k).i32(3).emit(Op.i32Shl, Op.i32Add), offset);
    f.emit(Op.f64Mul);
  };
  const storeZ = (pushDoubleIndex: () => void, pushValue: () => void): void => {
    pushDoubleIndex();
    f.i32(3).emit(Op.i32Shl);
    pushValue();
    f.mem(Op.f64Store, 3, at.input);
  };
  const zero = (): void => void f.emit(0x44, 0, 0, 0, 0, 0, 0, 0, 0); // f64.const 0

  f.i32(0).set(t);
  loop(
    f,
    () => f.get(t).get(nFrames).emit(Op.i32LtS),
    () => {
      f.get(t).i32(1).emit(Op.i32Add).get(nFrames).emit(Op.i32LtS).set(pairedFlag);
      f.get(t)
        .i32(8 * nBins)
        .emit(Op.i32Mul)
        .set(b1);
      // DC and Nyquist: real parts only.
      for (const kk of [0, half]) {
        f.i32(kk).set(k);
        storeZ(
          () => f.i32(2 * kk),
          () => masked(re, 0),
        );
        storeZ(
          () => f.i32(2 * kk + 1),
          () => {
            masked(re, 8 * nBins);
            f.emit(Op.f64Neg);
            zero();
            f.get(pairedFlag).emit(Op.select);
          },
        );
      }
      f.i32(1).set(k);
      loop(
        f,
        () => f.get(k).i32(half).emit(Op.i32LtS),
        () => {
          f64At(mask, () => f.get(b1).get(k).i32(3).emit(Op.i32Shl, Op.i32Add));
          f.set(m1);
          f64At(re, () => f.get(b1).get(k).i32(3).emit(Op.i32Shl, Op.i32Add));
          f.get(m1).emit(Op.f64Mul).set(a1);
          f64At(im, () => f.get(b1).get(k).i32(3).emit(Op.i32Shl, Op.i32Add));
          f.get(m1).emit(Op.f64Mul).set(c1);
          masked(re, 8 * nBins);
          zero();
          f.get(pairedFlag).emit(Op.select).set(a2);
          masked(im, 8 * nBins);
          zero();
          f.get(pairedFlag).emit(Op.select).set(c2);
          storeZ(
            () => f.get(k).i32(1).emit(Op.i32Shl),
            () => f.get(a1).get(c2).emit(Op.f64Sub),
          );
          storeZ(
            () => f.get(k).i32(1).emit(Op.i32Shl).i32(1).emit(Op.i32Add),
            () => f.get(c1).get(a2).emit(Op.f64Add, Op.f64Neg),
          );
          storeZ(
            () =>
              f
                .i32(2 * nFft)
                .get(k)
                .i32(1)
                .emit(Op.i32Shl, Op.i32Sub),
            () => f.get(a1).get(c2).emit(Op.f64Add),
          );
          storeZ(
            () =>
              f
                .i32(2 * nFft + 1)
                .get(k)
                .i32(1)
                .emit(Op.i32Shl, Op.i32Sub),
            () => f.get(c1).get(a2).emit(Op.f64Sub),
          );
        },
        () => f.get(k).i32(1).emit(Op.i32Add).set(k),
      );
      f.emit(Op.call, TRANSFORM);
      f.get(acc).get(t).get(hop).emit(Op.i32Mul).i32(3).emit(Op.i32Shl, Op.i32Add).set(first);
      // Overlap-add, two samples per step (i in bytes of one frame).
      const overlapAdd = (lanes: [number, number], op: number, base: () => void): void => {
        f.i32(0).set(i);
        loop(
          f,
          () =>
            f
              .get(i)
              .i32(8 * nFft)
              .emit(Op.i32LtS),
          () => {
            f.get(i).i32(1).emit(Op.i32Shl).simdMem(Simd.v128Load, 3, at.output).set(o01);
            f.get(i)
              .i32(1)
              .emit(Op.i32Shl)
              .simdMem(Simd.v128Load, 3, at.output + 16)
              .set(o23);
            base();
            f.get(i).emit(Op.i32Add);
            base();
            f.get(i).emit(Op.i32Add).simdMem(Simd.v128Load, 3);
            f.get(scaled).get(i).emit(Op.i32Add).simdMem(Simd.v128Load, 3);
            f.get(o01).get(o23).shuffle64(lanes[0], lanes[1]).simd(Simd.f64x2Mul);
            f.simd(op).simdMem(Simd.v128Store, 3);
          },
          () => f.get(i).i32(16).emit(Op.i32Add).set(i),
        );
      };
      overlapAdd([0, 2], Simd.f64x2Add, () => f.get(first));
      f.get(pairedFlag);
      f.scope(Op.if, () =>
        overlapAdd([1, 3], Simd.f64x2Sub, () => f.get(first).get(hop).i32(3).emit(Op.i32Shl, Op.i32Add)),
      );
    },
    () => f.get(t).i32(2).emit(Op.i32Add).set(t),
  );
  return f;
}

/**
 * spectrograms(re, im, magnitude, power, count): spectrogram32.ts's magnitudeF32 and powerF32,
 * four bins per step: float32(sqrt(float32(re)² + float32(im)²)) with the squares and the sum in
 * float64, then float32(m·m), the same roundings as the scalar functions. The last step may
 * compute up to three values past `count` (the regions are padded for it).
 */
function buildSpectrograms(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32]);
  const [re, im, magnitude, power, count] = [0, 1, 2, 3, 4];
  const i = f.local(I32),
    m = f.local(V128);
  /** |X| of the two bins at byte offset (8·i + offset) as float64x2, from their float32-rounded parts. */
  const pairMagnitude = (offset: number): void => {
    const part = (base: number): void => {
      f.get(base).get(i).i32(3).emit(Op.i32Shl, Op.i32Add).simdMem(Simd.v128Load, 3, offset);
      f.simd(Simd.f32x4DemoteF64x2Zero).simd(Simd.f64x2PromoteLowF32x4);
    };
    part(re);
    f.tee(m).get(m).simd(Simd.f64x2Mul);
    part(im);
    f.tee(m).get(m).simd(Simd.f64x2Mul);
    f.simd(Simd.f64x2Add).simd(Simd.f64x2Sqrt).simd(Simd.f32x4DemoteF64x2Zero);
  };
  loop(
    f,
    () => f.get(i).get(count).emit(Op.i32LtS),
    () => {
      f.get(magnitude).get(i).i32(2).emit(Op.i32Shl, Op.i32Add);
      pairMagnitude(0);
      pairMagnitude(16);
      f.shuffle32(0, 1, 4, 5).tee(m).simdMem(Simd.v128Store, 2);
      f.get(power).get(i).i32(2).emit(Op.i32Shl, Op.i32Add);
      f.get(m).get(m).simd(Simd.f32x4Mul).simdMem(Simd.v128Store, 2);
    },
    () => f.get(i).i32(4).emit(Op.i32Add).set(i),
  );
  return f;
}

/**
 * hpssStatistics(overlapAdd, from, head, nHead, period, hop, nInterior, tail, nTail, y, n, out):
 * what hpss.ts's JavaScript path computes from the overlap-add, without its three signal-length
 * arrays. The harmonic signal h[i] is sample from + i of the overlap-add divided by its window-sum
 * divisor (head values, then `period` cycling over nInterior samples, then tail values) where that
 * exceeds float32 tiny, for i below span = nHead + nInterior + nTail, and 0 up to n; the
 * percussive signal is y[i] − h[i] below span, 0 after. out gets mean(h), var(h), mean(p), var(p)
 * by stats.ts's meanVar: a Neumaier-compensated sum for the mean, then one for the squared
 * deviations — the same operations in the same order, so the same bits. h overwrites the start of
 * the overlap-add (reading stays ahead of writing) for the second pass.
 */
function buildHpssStatistics(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [overlapAdd, from, head, nHead, period, hop, nInterior, tail, nTail, y, n, out] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const i = f.local(I32),
    j = f.local(I32),
    r = f.local(I32),
    span = f.local(I32);
  const v = f.local(F64),
    w = f.local(F64),
    h = f.local(F64),
    x = f.local(F64),
    t = f.local(F64),
    mean = f.local(F64);
  const sH = f.local(F64),
    cH = f.local(F64),
    sP = f.local(F64),
    cP = f.local(F64);
  const tiny = 1.1754943508222875e-38;
  const at = (base: number, index: number): void => void f.get(base).get(index).i32(3).emit(Op.i32Shl, Op.i32Add);
  /** s, c ← Neumaier step with x (stats.ts's sum): c += |s| ≥ |x| ? (s − t) + x : (x − t) + s. */
  const neumaier = (s: number, c: number, absolute: boolean): void => {
    f.get(s).get(x).emit(Op.f64Add).set(t);
    f.get(c);
    f.get(s).get(t).emit(Op.f64Sub).get(x).emit(Op.f64Add);
    f.get(x).get(t).emit(Op.f64Sub).get(s).emit(Op.f64Add);
    if (absolute) f.get(s).emit(Op.f64Abs).get(x).emit(Op.f64Abs).emit(Op.f64Ge);
    else f.get(s).get(x).emit(Op.f64Ge);
    f.emit(Op.select, Op.f64Add).set(c);
    f.get(t).set(s);
  };
  /** h ← sample i of the overlap-add divided by w where w > tiny; stored over overlapAdd[i]. */
  const harmonicSample = (): void => {
    f.get(overlapAdd).get(from).get(i).emit(Op.i32Add).i32(3).emit(Op.i32Shl, Op.i32Add).mem(Op.f64Load, 3).set(v);
    f.get(v).get(w).emit(Op.f64Div).get(v).get(w).f64(tiny).emit(Op.f64Gt, Op.select).set(h);
    at(overlapAdd, i);
    f.get(h).mem(Op.f64Store, 3);
  };
  /** Both sums take h and y[i] − h. */
  const accumulate = (): void => {
    f.get(h).set(x);
    neumaier(sH, cH, true);
    at(y, i);
    f.mem(Op.f64Load, 3).get(h).emit(Op.f64Sub).set(x);
    neumaier(sP, cP, true);
  };

  f.get(nHead).get(nInterior).emit(Op.i32Add).get(nTail).emit(Op.i32Add).set(span);
  // span = min(span, n)
  f.get(span).get(n).get(span).get(n).emit(Op.i32LtS, Op.select).set(span);
  // Pass 1: the means. Head divisors, then the period, then the tail, each clipped to span.
  f.i32(0).set(i);
  f.forRange(
    j,
    0,
    () => f.get(nHead),
    () => {
      f.get(i).get(span).emit(Op.i32LtS);
      f.scope(Op.if, () => {
        at(head, j);
        f.mem(Op.f64Load, 3).set(w);
        harmonicSample();
        accumulate();
        f.get(i).i32(1).emit(Op.i32Add).set(i);
      });
    },
  );
  f.i32(0).set(r);
  f.forRange(
    j,
    0,
    () => f.get(nInterior),
    () => {
      f.get(i).get(span).emit(Op.i32LtS);
      f.scope(Op.if, () => {
        at(period, r);
        f.mem(Op.f64Load, 3).set(w);
        harmonicSample();
        accumulate();
        f.get(i).i32(1).emit(Op.i32Add).set(i);
        f.get(r).i32(1).emit(Op.i32Add).tee(r).get(hop).emit(Op.i32Eq);
        f.scope(Op.if, () => void f.i32(0).set(r));
      });
    },
  );
  f.forRange(
    j,
    0,
    () => f.get(nTail),
    () => {
      f.get(i).get(span).emit(Op.i32LtS);
      f.scope(Op.if, () => {
        at(tail, j);
        f.mem(Op.f64Load, 3).set(w);
        harmonicSample();
        accumulate();
        f.get(i).i32(1).emit(Op.i32Add).set(i);
      });
    },
  );
  // The zero padding up to n counts too (0 added to each sum).
  f.f64(0).set(x);
  f.forRange(
    i,
    () => f.get(span),
    () => f.get(n),
    () => {
      neumaier(sH, cH, true);
      neumaier(sP, cP, true);
    },
  );
  const meanOf = (s: number, c: number, slot: number): void => {
    f.get(out)
      .get(s)
      .get(c)
      .emit(Op.f64Add)
      .get(n)
      .emit(Op.f64ConvertI32S, Op.f64Div)
      .mem(Op.f64Store, 3, 16 * slot);
  };
  meanOf(sH, cH, 0);
  meanOf(sP, cP, 1);
  // Pass 2: the variances, Σ (v − mean)² compensated with the non-negative test s ≥ x.
  const variance = (slot: number, pushValue: () => void): void => {
    f.get(out)
      .mem(Op.f64Load, 3, 16 * slot)
      .set(mean);
    f.f64(0).set(sH).f64(0).set(cH);
    f.forRange(
      i,
      0,
      () => f.get(n),
      () => {
        f.f64(0).set(x);
        f.get(i).get(span).emit(Op.i32LtS);
        f.scope(Op.if, () => pushValue());
        // x = value (0 past span, set before the test) − mean, squared
        f.get(x).get(mean).emit(Op.f64Sub).tee(t).get(t).emit(Op.f64Mul).set(x);
        neumaier(sH, cH, false);
      },
    );
    f.get(out)
      .get(sH)
      .get(cH)
      .emit(Op.f64Add)
      .get(n)
      .emit(Op.f64ConvertI32S, Op.f64Div)
      .mem(Op.f64Store, 3, 16 * slot + 8);
  };
  const value =
    (percussive: boolean): (() => void) =>
    () => {
      at(overlapAdd, i);
      f.mem(Op.f64Load, 3).set(x);
      if (percussive) {
        at(y, i);
        f.mem(Op.f64Load, 3).get(x).emit(Op.f64Sub).set(x);
      }
    };
  variance(0, value(false));
  variance(1, value(true));
  return f;
}

const memories = new WeakMap<object, StftMemory>();

/**
 * Memories given back by releaseStftMemory, for the next STFT: a fresh memory costs a page fault
 * per 4 KB touched (~10,000 for a 30 s window), more than the kernels save. Only memories up to
 * RETAINED_BYTES are kept, so a whole long file does not pin its memory in the worker.
 */
interface PooledMemory {
  readonly memory: WasmMemory;
  readonly instances: Map<WasmModule, Record<string, unknown>>;
}
const pool: PooledMemory[] = [];
const pooled = new WeakMap<object, PooledMemory>();

function acquire(bytes: number, reuse: boolean): PooledMemory {
  const free = reuse && bytes <= RETAINED_BYTES ? pool.pop() : undefined;
  if (free) {
    growMemory(free.memory, bytes);
    return free;
  }
  return { memory: newMemory(bytes), instances: new Map() };
}

/**
 * The STFT of a signal the caller writes (reflect-padded, nSamples + nFft values) through
 * `fillSignal` (`source`, when given, is the signal it pads), computed in WebAssembly memory: re and im are views into it, and `attach(owner)`
 * (the Stft object) keeps the memory for istftOverlapAddInWasm. With `reuse`, the memory may come
 * from an STFT released earlier, and the caller must call releaseStftMemory(owner) once it no
 * longer reads re or im.
 */
export function stftInWasm(
  nFft: number,
  hop: number,
  nSamples: number,
  nFrames: number,
  window: Float64Array,
  fillSignal: (signal: Float64Array) => void,
  reuse = false,
  source?: Float32Array | Float64Array,
): { re: Float64Array; im: Float64Array; attach: (owner: object) => void } {
  const { fft, module } = compile(nFft);
  const layout = stftMemoryLayout(fft, nSamples, nFrames, hop);
  const slot = acquire(layout.bytes, reuse);
  let exports = slot.instances.get(module);
  if (!exports) {
    exports = new (wasm().Instance)(module, { env: { memory: slot.memory } }).exports;
    slot.instances.set(module, exports);
  }
  const buffer = slot.memory.buffer;
  fft.initialise(buffer);
  new Float64Array(buffer, layout.window, nFft).set(window);
  const scaled = new Float64Array(buffer, layout.scaledWindow, nFft);
  for (let i = 0; i < nFft; i++) scaled[i] = window[i]! / nFft;
  fillSignal(new Float64Array(buffer, layout.signal, nSamples + nFft));
  (exports.stftFrames as StftFrames)(layout.window, layout.signal, layout.re, layout.im, nFrames, hop);
  const count = (nFft / 2 + 1) * nFrames;
  const handle: StftMemory = {
    buffer,
    layout,
    nFft,
    hop,
    nFrames,
    istftFrames: exports.istftFrames as IstftFrames,
    spectrograms: exports.spectrograms as Spectrograms,
    hpssStatistics: exports.hpssStatistics as HpssStatistics,
    source,
  };
  return {
    re: new Float64Array(buffer, layout.re, count),
    im: new Float64Array(buffer, layout.im, count),
    attach: (owner) => {
      memories.set(owner, handle);
      if (reuse) pooled.set(owner, slot);
    },
  };
}

/** Gives the memory of an STFT made with `reuse` back for the next one; its arrays are then void. */
export function releaseStftMemory(owner: object): void {
  const slot = pooled.get(owner);
  memories.delete(owner);
  if (!slot) return;
  pooled.delete(owner);
  if (slot.memory.buffer.byteLength <= RETAINED_BYTES && pool.length === 0) pool.push(slot);
}

/**
 * The un-normalised overlap-add of istft(s, mask) (nFft + hop·(nFrames − 1) samples), computed in
 * the memory stftInWasm gave s, or undefined when s was not computed there. Valid until the next
 * call for the same s.
 */
export function istftOverlapAddInWasm(s: object, mask: Float64Array | undefined): Float64Array | undefined {
  const m = memories.get(s);
  if (!m) return undefined;
  const { layout, nFft, hop, nFrames } = m;
  const count = (nFft / 2 + 1) * nFrames;
  const maskView = new Float64Array(m.buffer, layout.mask, count);
  const inPlace = mask !== undefined && mask.buffer === m.buffer && mask.byteOffset === layout.mask;
  if (!mask)
    maskView.fill(1); // x·1 = x exactly: the unmasked inverse
  else if (!inPlace) maskView.set(mask);
  const overlapAdd = new Float64Array(m.buffer, layout.overlapAdd, nFft + hop * (nFrames - 1));
  overlapAdd.fill(0);
  m.istftFrames(layout.re, layout.im, layout.mask, layout.scaledWindow, layout.overlapAdd, nFrames, hop);
  return overlapAdd;
}

/**
 * magnitudeF32(s) and powerF32 of it, computed in the memory stftInWasm gave s (views into it,
 * valid as long as s's arrays are), or undefined when s was not computed there.
 */
export function spectrogramsInWasm(s: object): { magnitude: Float32Array; power: Float32Array } | undefined {
  const m = memories.get(s);
  if (!m) return undefined;
  const count = (m.nFft / 2 + 1) * m.nFrames;
  m.spectrograms(m.layout.re, m.layout.im, m.layout.magnitude, m.layout.power, count);
  return {
    magnitude: new Float32Array(m.buffer, m.layout.magnitude, count),
    power: new Float32Array(m.buffer, m.layout.power, count),
  };
}

/**
 * Where istft(s, mask) reads its mask in s's memory, for a caller that can write the mask there
 * directly (HPSS) instead of handing over a copy; undefined when s was not computed there.
 */
export function stftMaskBuffer(s: object): Float64Array | undefined {
  const m = memories.get(s);
  return m && new Float64Array(m.buffer, m.layout.mask, (m.nFft / 2 + 1) * m.nFrames);
}

/** The divisors of istft.ts's normalise (its WindowSumPlan). */
export interface DivisorPlan {
  readonly head: Float64Array;
  readonly period: Float64Array;
  readonly interior: number;
  readonly tail: Float64Array;
}

export interface SignalStatistics {
  readonly mean: number;
  readonly variance: number;
}

/**
 * Mean and variance of HPSS's harmonic and percussive signals for y, the signal s is the STFT of,
 * under `mask` (see buildHpssStatistics), computed in s's memory; undefined when s was not computed
 * there.
 */
export function hpssStatisticsInWasm(
  s: object,
  mask: Float64Array,
  plan: DivisorPlan,
  y: Float32Array | Float64Array,
): { harmonic: SignalStatistics; percussive: SignalStatistics } | undefined {
  const m = memories.get(s);
  if (!m || !istftOverlapAddInWasm(s, mask)) return undefined;
  const { layout, buffer, nFft } = m;
  if (plan.head.length + plan.period.length + plan.tail.length > 3 * nFft + m.hop)
    throw new RangeError('window-sum plan does not fit the scratch region');
  if (8 * y.length > layout.bytes - layout.samples)
    throw new RangeError('signal is longer than the one this STFT was computed from');
  const head = layout.scratch;
  const period = head + 8 * plan.head.length;
  const tail = period + 8 * plan.period.length;
  const out = tail + 8 * plan.tail.length;
  new Float64Array(buffer, head, plan.head.length).set(plan.head);
  new Float64Array(buffer, period, plan.period.length).set(plan.period);
  new Float64Array(buffer, tail, plan.tail.length).set(plan.tail);
  // y is usually the signal this STFT was computed from: its float64 samples are already in the
  // padded signal, so the samples region stays untouched (5 MB less resident memory per window).
  let samples = layout.samples;
  if (y === m.source) samples = layout.signal + 8 * (nFft / 2);
  else new Float64Array(buffer, layout.samples, y.length).set(y);
  m.hpssStatistics(
    layout.overlapAdd,
    nFft / 2,
    head,
    plan.head.length,
    period,
    plan.period.length,
    plan.interior,
    tail,
    plan.tail.length,
    samples,
    y.length,
    out,
  );
  const [hMean, hVariance, pMean, pVariance] = new Float64Array(buffer, out, 4);
  return { harmonic: { mean: hMean!, variance: hVariance! }, percussive: { mean: pMean!, variance: pVariance! } };
}
