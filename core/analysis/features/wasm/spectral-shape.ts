/**
 * spectral.ts's per-frame loops (centroid, bandwidth, rolloff of a float32 magnitude spectrogram)
 * as a WebAssembly kernel: the same float64 sums in the same order, and rolloff's float32
 * cumulative sum as f32 additions — each equal to JavaScript's Math.fround(a + b), since float64
 * has more than twice float32's precision — so the results are bit-identical (tested).
 */
import { encodeModule, FunctionBuilder, Op, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

type ShapeFn = (
  mag: number,
  freqs: number,
  nBins: number,
  nFrames: number,
  centroid: number,
  bandwidth: number,
  rolloff: number,
  rollPercent: number,
) => void;

function shapeModule(): WasmModule {
  return kernelModule('spectral-shape', shapeBytes);
}

function shapeBytes(): Uint8Array<ArrayBuffer> {
  const { I32, F32, F64 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32, F32]);
  const [mag, freqs, nBins, nFrames, centroid, bandwidth, rolloff, rollPercent] = [0, 1, 2, 3, 4, 5, 6, 7];
  const t = f.local(I32),
    k = f.local(I32),
    base = f.local(I32);
  const total = f.local(F64),
    weighted = f.local(F64),
    c = f.local(F64),
    spread = f.local(F64),
    m = f.local(F64),
    d = f.local(F64);
  const totalF32 = f.local(F32),
    cumulative = f.local(F32),
    threshold = f.local(F32);
  const loop = (counter: number, pushLimit: () => void, body: () => void): void =>
    void f.forRange(counter, 0, pushLimit, body);
  const magAt = (): void => void f.get(base).get(k).i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.f32Load, 2);
  const freqAt = (): void => void f.get(freqs).get(k).i32(3).emit(Op.i32Shl, Op.i32Add).mem(Op.f64Load, 3);
  const frameOut = (array: number): void => void f.get(array).get(t).i32(3).emit(Op.i32Shl, Op.i32Add);

  loop(
    t,
    () => f.get(nFrames),
    () => {
      f.get(mag).get(t).get(nBins).emit(Op.i32Mul).i32(2).emit(Op.i32Shl, Op.i32Add).set(base);
      f.f64(0).set(total).f64(0).set(weighted).f32(0).set(totalF32);
      loop(
        k,
        () => f.get(nBins),
        () => {
          magAt();
          f.emit(Op.f64PromoteF32).set(m);
          f.get(total).get(m).emit(Op.f64Add).set(total);
          f.get(weighted).get(m);
          freqAt();
          f.emit(Op.f64Mul, Op.f64Add).set(weighted);
          f.get(totalF32);
          magAt();
          f.emit(Op.f32Add).set(totalF32);
        },
      );
      // total > 0: centroid = weighted / total, bandwidth = sqrt(Σ m·(f − c)·(f − c) / total); else both stay 0.
      f.get(total).f64(0).emit(Op.f64Gt);
      f.scope(Op.if, () => {
        f.get(weighted).get(total).emit(Op.f64Div).set(c);
        f.f64(0).set(spread);
        loop(
          k,
          () => f.get(nBins),
          () => {
            freqAt();
            f.get(c).emit(Op.f64Sub).set(d);
            f.get(spread);
            magAt();
            f.emit(Op.f64PromoteF32).get(d).emit(Op.f64Mul).get(d).emit(Op.f64Mul, Op.f64Add).set(spread);
          },
        );
        frameOut(centroid);
        f.get(c).mem(Op.f64Store, 3);
        frameOut(bandwidth);
        f.get(spread).get(total).emit(Op.f64Div, Op.f64Sqrt).mem(Op.f64Store, 3);
      });
      // rolloff: the first bin whose float32 cumulative sum reaches float32(0.85)·total (float32).
      f.get(rollPercent).get(totalF32).emit(Op.f32Mul).set(threshold);
      f.f32(0).set(cumulative);
      f.i32(0).set(k);
      f.scope(Op.block, () => {
        f.scope(Op.loop, () => {
          f.get(k).get(nBins).emit(Op.i32GeS, Op.brIf, 1);
          f.get(cumulative);
          magAt();
          f.emit(Op.f32Add).tee(cumulative).get(threshold).emit(Op.f32Ge, Op.brIf, 1);
          f.get(k).i32(1).emit(Op.i32Add).set(k);
          f.emit(Op.br, 0);
        });
      });
      // rolloff[t] = freqs[min(k, nBins − 1)]
      frameOut(rolloff);
      f.get(freqs);
      f.get(k).get(nBins).i32(1).emit(Op.i32Sub).get(k).get(nBins).emit(Op.i32LtS, Op.select);
      f.i32(3).emit(Op.i32Shl, Op.i32Add).mem(Op.f64Load, 3).mem(Op.f64Store, 3);
    },
  );
  return encodeModule([{ name: 'shape', fn: f }], 1);
}

export interface WasmSpectralShape {
  readonly centroid: Float64Array;
  readonly bandwidth: Float64Array;
  readonly rolloff: Float64Array;
}

/** spectral.ts's spectralShape loops for a checked float32 magnitude spectrogram and bin frequencies. */
export function wasmSpectralShape(
  magnitude: Float32Array,
  freqs: Float64Array,
  nFrames: number,
  rollPercentF32: number,
): WasmSpectralShape {
  const nBins = freqs.length;
  const freqsAt = 0;
  const outAt = 8 * nBins;
  const magAt = outAt + 3 * 8 * nFrames;
  const ws = workspace(magAt + 4 * magnitude.length);
  const run = ws.exports(shapeModule()).shape as ShapeFn;
  const buffer = ws.memory.buffer;
  new Float64Array(buffer, freqsAt, nBins).set(freqs);
  new Float64Array(buffer, outAt, 3 * nFrames).fill(0);
  new Float32Array(buffer, magAt, magnitude.length).set(magnitude);
  run(magAt, freqsAt, nBins, nFrames, outAt, outAt + 8 * nFrames, outAt + 16 * nFrames, rollPercentF32);
  const out = new Float64Array(buffer, outAt, 3 * nFrames).slice();
  return {
    centroid: out.subarray(0, nFrames),
    bandwidth: out.subarray(nFrames, 2 * nFrames),
    rolloff: out.subarray(2 * nFrames),
  };
}
