/**
 * Frame-by-frame products with a filter bank in WebAssembly: out[t][c] = Σ_k weights[c][k] ·
 * input[t][k], k ascending.
 *
 * - Dense banks (wasmBankProduct), in SIMD: the chroma filter bank on the power spectrogram (12
 *   outputs over 1025 bins) and the DCT on the dB mel spectrogram (20 over 128). Two outputs share
 *   an f64x2 accumulator.
 * - Banded banks (wasmBandedProduct), scalar: the mel filter bank, each of whose 128 triangles
 *   covers a few dozen bins; in JavaScript the short loops cost more than their multiply-adds.
 *
 * Each output adds weight·input in the order the scalar loops of chroma.ts, mfcc.ts and mel.ts do,
 * so the results are bit-identical to them (tested), just without bounds checks and loop overhead.
 */
import { encodeModule, FunctionBuilder, Op, Simd, ValType } from './encoder.js';
import { kernelModule, type WasmModule } from './runtime.js';
import { workspace } from './workspace.js';

/** Outputs the kernel is generated for: even counts whose accumulators fit in registers. */
export const MAX_BANK_OUTPUTS = 24;

type BankFn = (input: number, weights: number, out: number, nIn: number, nFrames: number) => void;

function bankModule(nOut: number, float32Input: boolean): WasmModule {
  return kernelModule(`dense-bank/${nOut}/${float32Input ? 'f32' : 'f64'}`, () => bankBytes(nOut, float32Input));
}

function bankBytes(nOut: number, float32Input: boolean): Uint8Array<ArrayBuffer> {
  const { I32, V128 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32]);
  const [input, weights, out, nIn, nFrames] = [0, 1, 2, 3, 4];
  const t = f.local(I32),
    k = f.local(I32),
    inAt = f.local(I32),
    w = f.local(I32),
    outAt = f.local(I32);
  const x = f.local(V128);
  const acc = Array.from({ length: nOut / 2 }, () => f.local(V128));
  const zero = new Uint8Array(16);
  const loop = (counter: number, pushLimit: () => void, body: () => void): void =>
    void f.forRange(counter, 0, pushLimit, body);
  f.get(input).set(inAt);
  f.get(out).set(outAt);
  loop(
    t,
    () => f.get(nFrames),
    () => {
      for (const a of acc) f.simd(Simd.v128Const, ...zero).set(a);
      f.get(weights).set(w);
      loop(
        k,
        () => f.get(nIn),
        () => {
          if (float32Input) f.get(inAt).mem(Op.f32Load, 2).emit(Op.f64PromoteF32);
          else f.get(inAt).mem(Op.f64Load, 3);
          f.simd(Simd.f64x2Splat).set(x);
          acc.forEach((a, j) => {
            f.get(a)
              .get(w)
              .simdMem(Simd.v128Load, 3, 16 * j)
              .get(x)
              .simd(Simd.f64x2Mul)
              .simd(Simd.f64x2Add)
              .set(a);
          });
          f.get(inAt)
            .i32(float32Input ? 4 : 8)
            .emit(Op.i32Add)
            .set(inAt);
          f.get(w)
            .i32(8 * nOut)
            .emit(Op.i32Add)
            .set(w);
        },
      );
      acc.forEach((a, j) => {
        f.get(outAt)
          .get(a)
          .simdMem(Simd.v128Store, 3, 16 * j);
      });
      f.get(outAt)
        .i32(8 * nOut)
        .emit(Op.i32Add)
        .set(outAt);
    },
  );
  return encodeModule([{ name: 'bank', fn: f }], 1);
}

/**
 * out (frame-major, nFrames × nOut) = input (frame-major, nFrames × nIn) times a bin-major bank
 * (weights[k·nOut + c]). nOut must be even and at most MAX_BANK_OUTPUTS.
 */
export function wasmBankProduct(
  input: Float32Array | Float64Array,
  nIn: number,
  nFrames: number,
  weights: Float64Array,
  nOut: number,
): Float64Array {
  if (nOut < 2 || nOut % 2 !== 0 || nOut > MAX_BANK_OUTPUTS)
    throw new RangeError(`the bank kernel needs an even number of outputs ≤ ${MAX_BANK_OUTPUTS}, got ${nOut}`);
  if (input.length !== nIn * nFrames) throw new RangeError('input size does not match nIn × nFrames');
  if (weights.length !== nIn * nOut) throw new RangeError('weights size does not match nIn × nOut');
  const float32 = input instanceof Float32Array;
  const weightsAt = 0;
  const outAt = weightsAt + 8 * weights.length;
  const inputAt = outAt + 8 * nFrames * nOut;
  const ws = workspace(inputAt + input.byteLength);
  const run = ws.exports(bankModule(nOut, float32)).bank as BankFn;
  const buffer = ws.memory.buffer;
  new Float64Array(buffer, weightsAt, weights.length).set(weights);
  if (float32) new Float32Array(buffer, inputAt, input.length).set(input);
  else new Float64Array(buffer, inputAt, input.length).set(input);
  run(inputAt, weightsAt, outAt, nIn, nFrames);
  return new Float64Array(buffer, outAt, nFrames * nOut).slice();
}

type BandedFn = (
  input: number,
  weights: number,
  start: number,
  end: number,
  out: number,
  nIn: number,
  nOut: number,
  nFrames: number,
) => void;

/** banded(input, weights, start, end, out, nIn, nOut, nFrames): scalar float64 sums per band. */
function bandedModule(float32Input: boolean): WasmModule {
  return kernelModule(`banded/${float32Input ? 'f32' : 'f64'}`, () => bandedBytes(float32Input));
}

function bandedBytes(float32Input: boolean): Uint8Array<ArrayBuffer> {
  const { I32, F64 } = ValType;
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [input, weights, start, end, out, nIn, nOut, nFrames] = [0, 1, 2, 3, 4, 5, 6, 7];
  const t = f.local(I32),
    m = f.local(I32),
    k = f.local(I32),
    kEnd = f.local(I32),
    row = f.local(I32),
    col = f.local(I32),
    outAt = f.local(I32);
  const acc = f.local(F64);
  const loop = (pushCondition: () => void, body: () => void, advance: () => void): void =>
    void f.whileLoop(pushCondition, () => {
      body();
      advance();
    });
  f.get(out).set(outAt);
  loop(
    () => f.get(t).get(nFrames).emit(Op.i32LtS),
    () => {
      f.get(t).get(nIn).emit(Op.i32Mul).set(col);
      f.i32(0).set(m);
      loop(
        () => f.get(m).get(nOut).emit(Op.i32LtS),
        () => {
          f.emit(0x44, 0, 0, 0, 0, 0, 0, 0, 0).set(acc); // f64.const 0
          f.get(m).get(nIn).emit(Op.i32Mul).set(row);
          f.get(end).get(m).i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.i32Load, 2).set(kEnd);
          f.get(start).get(m).i32(2).emit(Op.i32Shl, Op.i32Add).mem(Op.i32Load, 2).set(k);
          loop(
            () => f.get(k).get(kEnd).emit(Op.i32LtS),
            () => {
              // acc += weights[row + k] · input[col + k]
              f.get(acc);
              f.get(weights).get(row).get(k).emit(Op.i32Add).i32(3).emit(Op.i32Shl, Op.i32Add).mem(Op.f64Load, 3);
              if (float32Input)
                f.get(input)
                  .get(col)
                  .get(k)
                  .emit(Op.i32Add)
                  .i32(2)
                  .emit(Op.i32Shl, Op.i32Add)
                  .mem(Op.f32Load, 2)
                  .emit(Op.f64PromoteF32);
              else f.get(input).get(col).get(k).emit(Op.i32Add).i32(3).emit(Op.i32Shl, Op.i32Add).mem(Op.f64Load, 3);
              f.emit(Op.f64Mul, Op.f64Add).set(acc);
            },
            () => f.get(k).i32(1).emit(Op.i32Add).set(k),
          );
          f.get(outAt).get(acc).mem(Op.f64Store, 3);
          f.get(outAt).i32(8).emit(Op.i32Add).set(outAt);
        },
        () => f.get(m).i32(1).emit(Op.i32Add).set(m),
      );
    },
    () => f.get(t).i32(1).emit(Op.i32Add).set(t),
  );
  return encodeModule([{ name: 'banded', fn: f }], 1);
}

/**
 * out (frame-major, nFrames × nOut) = input (frame-major, nFrames × nIn) times a band-major bank
 * (weights[c·nIn + k]) whose output c is non-zero only for start[c] ≤ k < end[c].
 */
export function wasmBandedProduct(
  input: Float32Array | Float64Array,
  nIn: number,
  nFrames: number,
  weights: Float64Array,
  start: Int32Array,
  end: Int32Array,
): Float64Array {
  const nOut = start.length;
  if (end.length !== nOut) throw new RangeError('band starts and ends differ in count');
  if (input.length !== nIn * nFrames) throw new RangeError('input size does not match nIn × nFrames');
  if (weights.length !== nIn * nOut) throw new RangeError('weights size does not match nIn × nOut');
  for (let c = 0; c < nOut; c++) {
    if (!(start[c]! >= 0 && start[c]! <= end[c]! && end[c]! <= nIn))
      throw new RangeError(`band ${c} [${start[c]}, ${end[c]}) is outside 0..${nIn}`);
  }
  const float32 = input instanceof Float32Array;
  const weightsAt = 0;
  const startAt = weightsAt + 8 * weights.length;
  const endAt = startAt + 4 * nOut;
  const outAt = Math.ceil((endAt + 4 * nOut) / 8) * 8;
  const inputAt = outAt + 8 * nFrames * nOut;
  const ws = workspace(inputAt + input.byteLength);
  const run = ws.exports(bandedModule(float32)).banded as BandedFn;
  const buffer = ws.memory.buffer;
  new Float64Array(buffer, weightsAt, weights.length).set(weights);
  new Int32Array(buffer, startAt, nOut).set(start);
  new Int32Array(buffer, endAt, nOut).set(end);
  if (float32) new Float32Array(buffer, inputAt, input.length).set(input);
  else new Float64Array(buffer, inputAt, input.length).set(input);
  run(inputAt, weightsAt, startAt, endAt, outAt, nIn, nOut, nFrames);
  return new Float64Array(buffer, outAt, nFrames * nOut).slice();
}
